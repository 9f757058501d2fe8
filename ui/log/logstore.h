#pragma once

#include "event.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <deque>
#include <memory>
#include <vector>

namespace sockpit::ui {

// The log's rows, kept compactly: a fixed 56-byte record per row; the payload (and an info row's
// message) in chunks of memory shared by many rows and freed as the oldest rows go; and the row's
// peer, local and upstream addresses and its speaker's name (chat rooms) as an index into a table of
// the distinct tuples. A row of a
// 64-byte datagram takes about 120 bytes, where an Event takes about 270 (its record, four string
// handles and a payload allocation of its own).
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

    qint64 timeUs(size_t row) const { return m_rows[row].timeUs; }
    qint64 deltaUs(size_t row) const { return m_rows[row].deltaUs; }
    qint64 len(size_t row) const { return m_rows[row].len; }
    ConnId conn(size_t row) const { return m_rows[row].conn; }
    Direction dir(size_t row) const { return Direction(m_rows[row].dir); }
    EventKind kind(size_t row) const { return EventKind(m_rows[row].kind); }
    CheckResult check(size_t row) const { return CheckResult(m_rows[row].check); }
    quint32 link(size_t row) const { return m_rows[row].link; }
    void setLink(size_t row, quint32 link) { m_rows[row].link = link; }
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

private:
    struct Row
    {
        qint64 timeUs;
        qint64 deltaUs;
        qint64 len;
        ConnId conn;
        quint32 chunk; // the arena chunk holding the row's bytes (a chunk id, see m_firstChunk)
        quint32 offset; // in that chunk: payload, then the message as UTF-8
        quint32 endpoints;
        quint32 link;
        quint32 textSize;
        quint16 payloadSize;
        quint8 dir;
        // Bit fields, so that the record stays 56 bytes.
        quint8 kind : 6;
        quint8 check : 2; // CheckResult
    };
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
    };

    quint32 internEndpoints(const Event &event);
    void releaseEndpoints(quint32 index);
    // Room for `bytes` at the arena's end; sets the row's chunk and offset.
    char *allocate(Row &row, quint32 bytes);
    const char *bytesOf(const Row &row) const;

    std::deque<Row> m_rows;
    std::deque<Chunk> m_chunks;
    quint32 m_firstChunk = 0; // the id of m_chunks.front(); ids grow by one per chunk (and may wrap)
    Chunk m_spare; // a freed chunk kept for the next one, so a full log does not allocate per chunk
    std::vector<Endpoints> m_endpoints;
    std::vector<quint32> m_freeEndpoints;
    QHash<QString, quint32> m_endpointIndex; // by peer, local and upstream joined with NUL
    quint32 m_lastEndpoints = 0; // the latest interned triple: most rows repeat it
    bool m_haveLast = false;
};

} // namespace sockpit::ui
