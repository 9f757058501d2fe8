#pragma once

#include "event.h"

#include <QHash>

#include <limits>

namespace sockpit::ui {

// Follows each connection's messages as the log takes them in: the time since the connection's
// previous message (either direction), and how many sequence numbers back the previous message of the
// same connection and direction is. A close or reset forgets the connection.
class MessageChain
{
public:
    static constexpr qint64 NoDelta = std::numeric_limits<qint64>::min();
    // Kept beside a link by the log, so never part of one: links are below it.
    static constexpr quint32 HasNextMessage = 0x80000000u;

    // The event's time since the previous message of its connection, or NoDelta (its first message, and
    // an info or error row); remembers the event's time.
    qint64 delta(const Event &event);
    // The distance back to the previous message of the event's connection and direction, 0 when none
    // (or too far); remembers `seq` as that connection's and direction's latest.
    quint32 link(const Event &event, qint64 seq);
    void clear();

private:
    QHash<quint64, qint64> m_lastMessageSeq; // by connection and direction: the latest message's sequence
    // The time of each open connection's latest message.
    QHash<ConnId, qint64> m_lastMessageUs;
};

} // namespace sockpit::ui
