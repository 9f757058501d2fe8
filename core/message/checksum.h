#pragma once

#include "checksumspec.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace sockpit {

// Every kind, None first, in the order a list offers them.
QList<ChecksumKind> checksumKinds();
// The value of `kind` over the bytes (0 for None).
quint32 computeChecksum(ChecksumKind kind, const char *data, qsizetype size);
inline quint32 computeChecksum(ChecksumKind kind, const QByteArray &bytes)
{
    return computeChecksum(kind, bytes.constData(), bytes.size());
}
// How many bytes the value takes: 0 (None), 1, 2 or 4.
int checksumWidth(ChecksumKind kind);
// The order the value is usually sent in: low byte first for CRC-16/MODBUS (as Modbus RTU sends it),
// high byte first (network order) for the others.
ByteOrder defaultByteOrder(ChecksumKind kind);
// `value` as checksumWidth(kind) bytes in `order`.
QByteArray checksumBytes(ChecksumKind kind, quint32 value, ByteOrder order);
// `bytes` followed by their check value (unchanged for None).
QByteArray appendChecksum(const QByteArray &bytes, const ChecksumSpec &spec);

// The stable name used on the command line and in saved settings: "none", "sum8", "xor8",
// "crc16-modbus", "crc16-ibm3740" (alias "crc16-ccitt-false"), "crc16-xmodem", "crc16-kermit",
// "crc32". Not translated.
QString checksumName(ChecksumKind kind);
// The kind `name` stands for (case-insensitive; aliases accepted); false when there is none.
bool checksumFromName(const QString &name, ChecksumKind *kind);
// The names checksumFromName() accepts, without aliases, None excluded.
QStringList checksumNames();
// A label for lists, naming the exact variant ("CRC-16/IBM-3740 (CCITT-FALSE)"); translated where it
// has words.
QString checksumLabel(ChecksumKind kind);

// "NAME", "NAME:le" or "NAME:be" -> a spec (without a suffix: defaultByteOrder()). On error, a
// translated message naming the accepted names.
bool parseChecksumSpec(const QString &text, ChecksumSpec *spec, QString *error);
// The inverse: "crc16-modbus:le"; "none" for None; one-byte kinds without a suffix.
QString checksumSpecText(const ChecksumSpec &spec);

} // namespace sockpit
