#pragma once

#include <QString>

#include <limits>

namespace sockpit::ui {

// The log's times as text, in local time: a row's "HH:mm:ss.zzz" (with the microseconds when asked),
// and a tool tip's date and time. The local time of the last second is kept: finding it is a time-zone
// lookup, and a flood puts thousands of rows in one second.
class LogTimeText
{
public:
    // "12:34:56.789", or "12:34:56.789012" with `microseconds`.
    QString text(qint64 timeUs, bool microseconds) const;
    // "2024-01-31 12:34:56.789012".
    static QString fullText(qint64 timeUs);

private:
    mutable qint64 m_cachedSecond = std::numeric_limits<qint64>::min();
    mutable QString m_cachedSecondText; // "HH:mm:ss" of m_cachedSecond
};

} // namespace sockpit::ui
