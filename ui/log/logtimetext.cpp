#include "logtimetext.h"

#include <QDateTime>

namespace sockpit::ui {

namespace {
// Floor, not truncate, so times before 1970 still read right.
qint64 floorDiv(qint64 value, qint64 divisor)
{
    return value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}

QString threeDigits(qint64 value)
{
    return QStringLiteral("%1").arg(int(value), 3, 10, QLatin1Char('0'));
}
} // namespace

QString LogTimeText::text(qint64 timeUs, bool microseconds) const
{
    const qint64 ms = floorDiv(timeUs, 1000);
    const qint64 second = floorDiv(ms, 1000);
    if (second != m_cachedSecond) {
        m_cachedSecond = second;
        m_cachedSecondText
            = QDateTime::fromMSecsSinceEpoch(second * 1000).toString(QStringLiteral("HH:mm:ss"));
    }
    QString text = m_cachedSecondText + u'.' + threeDigits(ms - second * 1000);
    if (microseconds)
        text += threeDigits(timeUs - ms * 1000);
    return text;
}

QString LogTimeText::fullText(qint64 timeUs)
{
    const qint64 ms = floorDiv(timeUs, 1000);
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + threeDigits(timeUs - ms * 1000);
}

} // namespace sockpit::ui
