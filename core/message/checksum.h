#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace sockpit {

// A check value appended to a message before it is sent, as many device protocols expect. The CRC
// variants are named as in the catalogue of parametrised CRC algorithms (width, polynomial, initial
// value, reflection, final XOR), so a user can match them to a device's manual:
//   CRC-16/MODBUS       poly 0x8005, init 0xFFFF, reflected,     xorout 0      check 0x4B37
//   CRC-16/IBM-3740     poly 0x1021, init 0xFFFF, not reflected, xorout 0      check 0x29B1
//                       (the one widely called "CRC-16/CCITT-FALSE")
//   CRC-16/XMODEM       poly 0x1021, init 0x0000, not reflected, xorout 0      check 0x31C3
//   CRC-16/KERMIT       poly 0x1021, init 0x0000, reflected,     xorout 0      check 0x2189
//                       (the one called "CRC-16/CCITT" in the Kermit protocol and some manuals)
//   CRC-32/ISO-HDLC     poly 0x04C11DB7, init 0xFFFFFFFF, reflected, xorout 0xFFFFFFFF, check 0xCBF43926
//                       (the CRC-32 of zip, PNG and Ethernet)
// ("check" is the value for the nine ASCII bytes "123456789".)
//   Sum8                the sum of all bytes modulo 256                        check 0xDD
//   Xor8                all bytes XORed together                               check 0x31
enum class ChecksumKind { None, Sum8, Xor8, Crc16Modbus, Crc16Ibm3740, Crc16Xmodem, Crc16Kermit, Crc32 };

// How a multi-byte check value is written after the message.
enum class ByteOrder { BigEndian, LittleEndian };

struct ChecksumSpec
{
    ChecksumKind kind = ChecksumKind::None;
    ByteOrder order = ByteOrder::BigEndian;

    bool operator==(const ChecksumSpec &other) const { return kind == other.kind && order == other.order; }
    bool operator!=(const ChecksumSpec &other) const { return !(*this == other); }
};

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
