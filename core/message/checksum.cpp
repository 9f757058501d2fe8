#include "checksum.h"

#include <QCoreApplication>

namespace sockpit {

namespace {

class Checksum
{
    Q_DECLARE_TR_FUNCTIONS(Checksum)
};

// The bit-by-bit form of the parametrised CRC model: short, and fast enough for messages typed or
// sent by hand (a table would only pay for bulk data, which is never checksummed here).
quint16 crc16(const char *data, qsizetype size, quint16 poly, quint16 init, bool reflected)
{
    quint16 crc = init;
    if (reflected) {
        // Reflected polynomial, bits shifted out at the low end.
        quint16 rpoly = 0;
        for (int bit = 0; bit < 16; ++bit)
            if (poly & (1u << bit))
                rpoly |= quint16(1u << (15 - bit));
        for (qsizetype i = 0; i < size; ++i) {
            crc ^= quint8(data[i]);
            for (int bit = 0; bit < 8; ++bit)
                crc = (crc & 1u) ? quint16((crc >> 1) ^ rpoly) : quint16(crc >> 1);
        }
    } else {
        for (qsizetype i = 0; i < size; ++i) {
            crc ^= quint16(quint8(data[i]) << 8);
            for (int bit = 0; bit < 8; ++bit)
                crc = (crc & 0x8000u) ? quint16((crc << 1) ^ poly) : quint16(crc << 1);
        }
    }
    return crc;
}

quint32 crc32IsoHdlc(const char *data, qsizetype size)
{
    quint32 crc = 0xFFFFFFFFu;
    for (qsizetype i = 0; i < size; ++i) {
        crc ^= quint8(data[i]);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return crc ^ 0xFFFFFFFFu;
}

struct NameEntry
{
    const char *name;
    ChecksumKind kind;
};

// Canonical names first, then aliases.
constexpr NameEntry Names[] = {
    {"none", ChecksumKind::None},
    {"sum8", ChecksumKind::Sum8},
    {"xor8", ChecksumKind::Xor8},
    {"crc16-modbus", ChecksumKind::Crc16Modbus},
    {"crc16-ibm3740", ChecksumKind::Crc16Ibm3740},
    {"crc16-xmodem", ChecksumKind::Crc16Xmodem},
    {"crc16-kermit", ChecksumKind::Crc16Kermit},
    {"crc32", ChecksumKind::Crc32},
    {"crc16-ccitt-false", ChecksumKind::Crc16Ibm3740},
};
constexpr int CanonicalNames = 8;

} // namespace

QList<ChecksumKind> checksumKinds()
{
    return {ChecksumKind::None, ChecksumKind::Crc16Modbus, ChecksumKind::Crc16Ibm3740,
        ChecksumKind::Crc16Xmodem, ChecksumKind::Crc16Kermit, ChecksumKind::Crc32, ChecksumKind::Sum8,
        ChecksumKind::Xor8};
}

quint32 computeChecksum(ChecksumKind kind, const char *data, qsizetype size)
{
    switch (kind) {
    case ChecksumKind::None:
        return 0;
    case ChecksumKind::Sum8: {
        quint8 sum = 0;
        for (qsizetype i = 0; i < size; ++i)
            sum = quint8(sum + quint8(data[i]));
        return sum;
    }
    case ChecksumKind::Xor8: {
        quint8 x = 0;
        for (qsizetype i = 0; i < size; ++i)
            x ^= quint8(data[i]);
        return x;
    }
    case ChecksumKind::Crc16Modbus:
        return crc16(data, size, 0x8005, 0xFFFF, true);
    case ChecksumKind::Crc16Ibm3740:
        return crc16(data, size, 0x1021, 0xFFFF, false);
    case ChecksumKind::Crc16Xmodem:
        return crc16(data, size, 0x1021, 0x0000, false);
    case ChecksumKind::Crc16Kermit:
        return crc16(data, size, 0x1021, 0x0000, true);
    case ChecksumKind::Crc32:
        return crc32IsoHdlc(data, size);
    }
    return 0;
}

int checksumWidth(ChecksumKind kind)
{
    switch (kind) {
    case ChecksumKind::None:
        return 0;
    case ChecksumKind::Sum8:
    case ChecksumKind::Xor8:
        return 1;
    case ChecksumKind::Crc16Modbus:
    case ChecksumKind::Crc16Ibm3740:
    case ChecksumKind::Crc16Xmodem:
    case ChecksumKind::Crc16Kermit:
        return 2;
    case ChecksumKind::Crc32:
        return 4;
    }
    return 0;
}

ByteOrder defaultByteOrder(ChecksumKind kind)
{
    return kind == ChecksumKind::Crc16Modbus ? ByteOrder::LittleEndian : ByteOrder::BigEndian;
}

QByteArray checksumBytes(ChecksumKind kind, quint32 value, ByteOrder order)
{
    const int width = checksumWidth(kind);
    QByteArray bytes(width, '\0');
    for (int i = 0; i < width; ++i) {
        const int shift = order == ByteOrder::BigEndian ? 8 * (width - 1 - i) : 8 * i;
        bytes[i] = char((value >> shift) & 0xFFu);
    }
    return bytes;
}

QByteArray appendChecksum(const QByteArray &bytes, const ChecksumSpec &spec)
{
    if (spec.kind == ChecksumKind::None)
        return bytes;
    return bytes + checksumBytes(spec.kind, computeChecksum(spec.kind, bytes), spec.order);
}

QString checksumName(ChecksumKind kind)
{
    for (const NameEntry &entry : Names)
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    return QStringLiteral("none");
}

bool checksumFromName(const QString &name, ChecksumKind *kind)
{
    for (const NameEntry &entry : Names) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0) {
            *kind = entry.kind;
            return true;
        }
    }
    return false;
}

QStringList checksumNames()
{
    QStringList names;
    for (int i = 1; i < CanonicalNames; ++i)
        names << QString::fromLatin1(Names[i].name);
    return names;
}

QString checksumLabel(ChecksumKind kind)
{
    switch (kind) {
    case ChecksumKind::None:
        return Checksum::tr("No checksum");
    case ChecksumKind::Sum8:
        return Checksum::tr("Sum (8-bit)");
    case ChecksumKind::Xor8:
        return Checksum::tr("XOR (8-bit)");
    case ChecksumKind::Crc16Modbus:
        return QStringLiteral("CRC-16/MODBUS");
    case ChecksumKind::Crc16Ibm3740:
        return QStringLiteral("CRC-16/IBM-3740 (CCITT-FALSE)");
    case ChecksumKind::Crc16Xmodem:
        return QStringLiteral("CRC-16/XMODEM");
    case ChecksumKind::Crc16Kermit:
        return QStringLiteral("CRC-16/KERMIT (CCITT)");
    case ChecksumKind::Crc32:
        return QStringLiteral("CRC-32 (ISO-HDLC)");
    }
    return QString();
}

bool parseChecksumSpec(const QString &text, ChecksumSpec *spec, QString *error)
{
    QString name = text.trimmed();
    QString suffix;
    const int colon = name.indexOf(QLatin1Char(':'));
    if (colon >= 0) {
        suffix = name.mid(colon + 1).toLower();
        name = name.left(colon);
    }
    ChecksumKind kind = ChecksumKind::None;
    if (!checksumFromName(name, &kind)) {
        *error = Checksum::tr("unknown checksum '%1' (known: %2)")
                     .arg(name, checksumNames().join(QStringLiteral(", ")));
        return false;
    }
    ByteOrder order = defaultByteOrder(kind);
    if (colon >= 0) {
        if (suffix == QLatin1String("le"))
            order = ByteOrder::LittleEndian;
        else if (suffix == QLatin1String("be"))
            order = ByteOrder::BigEndian;
        else {
            *error = Checksum::tr("the byte order after ':' is 'le' or 'be', not '%1'").arg(suffix);
            return false;
        }
    }
    spec->kind = kind;
    spec->order = order;
    return true;
}

QString checksumSpecText(const ChecksumSpec &spec)
{
    const QString name = checksumName(spec.kind);
    if (checksumWidth(spec.kind) < 2)
        return name;
    return name + (spec.order == ByteOrder::LittleEndian ? QLatin1String(":le") : QLatin1String(":be"));
}

} // namespace sockpit
