#pragma once

#include "event.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <deque>
#include <limits>
#include <memory>
#include <vector>

namespace sockpit::ui {

// The log's rows, kept compactly: a fixed 24-byte record per row; the payload (and an info row's
// message, and the rare field too wide for the record) in chunks of memory shared by many rows and freed
// as the oldest rows go, each chunk also the time its rows' times count from; and the row's peer, local and
// upstream addresses and its speaker's name (chat rooms) as an index into a table of the distinct tuples. A
// row of a 64-byte datagram takes about 90 bytes (and the table view's header 8 more), where an Event takes
// about 270 (its record, four string handles and a payload allocation of its own).
//
// Rows are appended at the back and dropped from the front, as a capped log does. Const members only
// read, so several threads may read at once while nobody appends or drops.
class LogStore final
{
public:
    // Payload bytes kept per row at most (a row keeps the first ones).
    static constexpr qsizetype MaxPayload = 0xffff;

    LogStore();
    ~LogStore();
    LogStore(const LogStore &) = delete;
    LogStore &operator=(const LogStore &) = delete;

    size_t size() const { return m_rows.size(); }
    bool empty() const { return m_rows.empty(); }

    // Keeps the event with at most `maxPayload` bytes of its payload (event.len stays the whole length),
    // the time since the connection's previous message and the link to it (see LogModel).
    void append(const Event &event, qint64 deltaUs, quint32 link, qsizetype maxPayload);
    void dropFront(size_t count);
    void clear();

    // The row as an Event with a payload of its own.
    Event event(size_t row) const;

    qint64 timeUs(size_t row) const { return chunkOf(row).baseTimeUs + qint64(m_rows[row].time); }
    qint64 deltaUs(size_t row) const;
    qint64 len(size_t row) const;
    ConnId conn(size_t row) const;
    Direction dir(size_t row) const { return Direction(m_rows[row].dir); }
    EventKind kind(size_t row) const { return EventKind(m_rows[row].kind); }
    CheckResult check(size_t row) const { return CheckResult(m_rows[row].check); }
    // A link as the model gives it: a distance (below 2^24; a longer one, to a row no log keeps, is 0),
    // with MessageChain::HasNextMessage.
    quint32 link(size_t row) const;
    void setLink(size_t row, quint32 link);
    const QString &peer(size_t row) const { return m_endpoints[m_rows[row].endpoints].peer; }
    const QString &local(size_t row) const { return m_endpoints[m_rows[row].endpoints].local; }
    const QString &upstream(size_t row) const { return m_endpoints[m_rows[row].endpoints].upstream; }
    const QString &name(size_t row) const { return m_endpoints[m_rows[row].endpoints].name; }
    // The kept payload bytes, in place: valid until the row is dropped or the store cleared.
    QByteArrayView payloadView(size_t row) const;
    // The same bytes as a QByteArray that does not copy them (QByteArray::fromRawData): for reading at
    // once, not for keeping.
    QByteArray payloadRef(size_t row) const;
    qsizetype payloadSize(size_t row) const { return m_rows[row].payloadSize; }
    QString text(size_t row) const;

    // The table of distinct address triples: a row's index into it, and the peer of an index. Indexes
    // are below endpointSlots(); a slot no row refers to holds empty strings.
    quint32 endpointIndex(size_t row) const { return m_rows[row].endpoints; }
    qsizetype endpointSlots() const { return qsizetype(m_endpoints.size()); }
    const QString &endpointPeer(quint32 index) const { return m_endpoints[index].peer; }
    // How many distinct triples rows refer to, and how many arena chunks are held (for tests).
    qsizetype endpointCount() const { return m_endpointIndex.size(); }
    qsizetype chunkCount() const { return qsizetype(m_chunks.size()); }
    // A row's time counts from its chunk's first: a row more than this after it starts a chunk.
    static constexpr qint64 MaxTimeOffsetUs = 0xffffffffLL;

private:
    // 24 bytes. What does not fit its field (a connection number past 32 bits, a time between messages
    // of more than 35 minutes, a length other than the bytes kept, a message) follows the payload in
    // the row's bytes, in this order, each marked by its flag: 8 bytes of length, 8 of delta, 8 of
    // connection, then the message's size (4 bytes) and the message as UTF-8. The row's chunk is not
    // kept: it is the last chunk that starts at or before the row (chunkOf()).
    struct Row
    {
        quint64 time : 32; // microseconds after the chunk's baseTimeUs
        quint64 delta : 32; // as qint32: microseconds, NarrowNoDelta for none (MessageChain::NoDelta)
        quint64 conn : 32;
        quint64 link : 24; // 0: none
        quint64 hasNext : 1; // MessageChain::HasNextMessage
        quint64 kind : 5;
        quint64 check : 2; // CheckResult
        quint64 endpoints : 24; // below the log's rows, so below 2^24
        quint64 offset : 18; // in the row's chunk (a chunk holds 256 KiB, or one larger row from 0)
        quint64 payloadSize : 16;
        quint64 dir : 2;
        quint64 wideLen : 1;
        quint64 wideDelta : 1;
        quint64 wideConn : 1;
        quint64 hasText : 1;
    };
    static_assert(sizeof(Row) == 24, "a row's record is 24 bytes");
    static constexpr qint32 NarrowNoDelta = std::numeric_limits<qint32>::min();
    struct Endpoints
    {
        QString peer;
        QString local;
        QString upstream;
        QString name;
        qint64 rows = 0; // rows referring to it; 0: a free slot
    };
    struct Chunk
    {
        std::unique_ptr<char[]> data;
        quint32 size = 0;
        quint32 used = 0;
        quint64 firstRow = 0; // the number of the first row it holds, counting every row ever appended
        qint64 baseTimeUs = 0; // that row's time: its rows' times count from it
    };

    quint32 internEndpoints(const Event &event);
    void releaseEndpoints(quint32 index);
    // Room for `bytes` at the arena's end for a row at `timeUs`, in a new chunk when the last one has no
    // room or its rows' times cannot count from it; sets the row's offset and time.
    char *allocate(Row &row, quint32 bytes, qint64 timeUs);
    const Chunk &chunkOf(size_t row) const;
    const char *bytesOf(size_t row) const;
    // Where a row's field that did not fit its record is, after the payload (see Row).
    const char *extra(size_t row, int before) const;

    std::deque<Row> m_rows;
    std::deque<Chunk> m_chunks;
    quint64 m_dropped = 0; // rows dropped from the front since the store was made or cleared
    Chunk m_spare; // a freed chunk kept for the next one, so a full log does not allocate per chunk
    std::vector<Endpoints> m_endpoints;
    std::vector<quint32> m_freeEndpoints;
    QHash<QString, quint32> m_endpointIndex; // by peer, local and upstream joined with NUL
    quint32 m_lastEndpoints = 0; // the latest interned triple: most rows repeat it
    bool m_haveLast = false;
};

} // namespace sockpit::ui
