#include "checksumcheck.h"

#include <QCoreApplication>
#include <QStringList>

namespace sockpit {

namespace {

class ChecksumCheckText
{
    Q_DECLARE_TR_FUNCTIONS(ChecksumCheck)
};

// The value as the peer sent it: `width` bytes in `order`.
quint32 readValue(const char *data, int width, ByteOrder order)
{
    quint32 value = 0;
    for (int i = 0; i < width; ++i) {
        const int at = order == ByteOrder::BigEndian ? i : width - 1 - i;
        value = (value << 8) | quint8(data[at]);
    }
    return value;
}

QString hexValue(quint32 value, int width)
{
    return QLatin1String("0x")
        + QString::number(value, 16).toUpper().rightJustified(width * 2, QLatin1Char('0'));
}

} // namespace

ChecksumLayout checksumLayout(const ChecksumCheck &check, qsizetype size, qsizetype trailer)
{
    ChecksumLayout layout;
    const qsizetype width = checksumWidth(check.spec.kind);
    const qsizetype end = size - trailer - check.skipLast; // where the value ends
    if (width == 0 || trailer < 0 || end - width < check.skipFirst)
        return layout;
    layout.coveredStart = check.skipFirst;
    layout.coveredEnd = end - width;
    layout.valueEnd = end;
    layout.fits = true;
    return layout;
}

ChecksumVerdict verifyChecksum(const ChecksumCheck &check, const QByteArray &message, qsizetype trailer)
{
    ChecksumVerdict verdict;
    if (!check.enabled())
        return verdict;
    const ChecksumLayout layout = checksumLayout(check, message.size(), trailer);
    if (!layout.fits) {
        verdict.result = CheckResult::Bad;
        verdict.tooShort = true;
        return verdict;
    }
    const char *data = message.constData();
    verdict.computed = computeChecksum(
        check.spec.kind, data + layout.coveredStart, layout.coveredEnd - layout.coveredStart);
    verdict.received
        = readValue(data + layout.coveredEnd, int(layout.valueEnd - layout.coveredEnd), check.spec.order);
    verdict.result = verdict.computed == verdict.received ? CheckResult::Ok : CheckResult::Bad;
    return verdict;
}

QString checksumVerdictText(const ChecksumCheck &check, const ChecksumVerdict &verdict)
{
    const QString label = checksumLabel(check.spec.kind);
    if (verdict.tooShort)
        return ChecksumCheckText::tr("bad checksum: the message is too short for a %1 value").arg(label);
    const int width = checksumWidth(check.spec.kind);
    if (verdict.result == CheckResult::Ok)
        return ChecksumCheckText::tr("%1 %2 ok").arg(label, hexValue(verdict.received, width));
    return ChecksumCheckText::tr("bad checksum: %1 of the message is %2, it carries %3")
        .arg(label, hexValue(verdict.computed, width), hexValue(verdict.received, width));
}

bool parseChecksumSkip(const QString &text, ChecksumCheck *check, QString *error)
{
    const QStringList parts = text.split(QLatin1Char(','));
    int values[2] = {0, 0};
    bool good = parts.size() <= 2;
    for (int i = 0; good && i < parts.size(); ++i) {
        bool ok = false;
        values[i] = parts.at(i).trimmed().toInt(&ok);
        good = ok && values[i] >= 0 && values[i] <= 65535;
    }
    if (!good) {
        *error = ChecksumCheckText::tr(
            "'%1' is not FIRST or FIRST,LAST: the bytes before the covered ones and after the check "
            "value (0 to 65535)")
                     .arg(text);
        return false;
    }
    check->skipFirst = values[0];
    check->skipLast = values[1];
    return true;
}

QString checksumCheckText(const ChecksumCheck &check)
{
    QString text = checksumSpecText(check.spec);
    if (check.enabled() && (check.skipFirst > 0 || check.skipLast > 0))
        text += ChecksumCheckText::tr(" skipping %1,%2").arg(check.skipFirst).arg(check.skipLast);
    return text;
}

} // namespace sockpit
