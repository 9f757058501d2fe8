#include "logstore.h"

#include "messagechain.h"

#include <algorithm>
#include <cstring>

namespace sockpit::ui {

static_assert(int(LastEventKind) < 32, "a row keeps its kind in 5 bits");

namespace {

// Big enough that a chunk holds thousands of small payloads, small enough that a short log stays small.
constexpr quint32 ChunkBytes = 256 * 1024;

QString endpointKey(const QString &peer, const QString &local, const QString &upstream, const QString &name)
{
    return peer + QChar(0) + local + QChar(0) + upstream + QChar(0) + name;
}

} // namespace

LogStore::LogStore() = default;
LogStore::~LogStore() = default;

void LogStore::append(const Event &event, qint64 deltaUs, quint32 link, qsizetype maxPayload)
{
    const qsizetype keep = std::clamp<qsizetype>(event.payload.size(), 0, std::min(maxPayload, MaxPayload));
    const QByteArray text = event.text.isEmpty() ? QByteArray() : event.text.toUtf8();
    Row row {};
    row.endpoints = internEndpoints(event);
    row.payloadSize = quint16(keep);
    row.dir = quint8(event.dir);
    row.kind = quint8(event.kind);
    row.check = quint8(event.check);
    // The fields that do not fit the record follow the payload.
    row.wideLen = event.len != keep;
    row.wideDelta = deltaUs != MessageChain::NoDelta
        && (deltaUs <= std::numeric_limits<qint32>::min() || deltaUs > std::numeric_limits<qint32>::max());
    row.delta = quint32(row.wideDelta || deltaUs == MessageChain::NoDelta ? NarrowNoDelta : qint32(deltaUs));
    row.wideConn = event.conn > std::numeric_limits<quint32>::max();
    row.conn = row.wideConn ? 0 : quint32(event.conn);
    row.hasText = !text.isEmpty();
    const quint32 extras = 8 * (row.wideLen + row.wideDelta + row.wideConn)
        + (row.hasText ? quint32(sizeof(quint32) + size_t(text.size())) : 0);
    char *bytes = allocate(row, quint32(keep) + extras, event.timeUs);
    if (keep > 0)
        std::memcpy(bytes, event.payload.constData(), size_t(keep));
    char *next = bytes + keep;
    const auto put = [&next](const void *value, size_t size) {
        std::memcpy(next, value, size);
        next += size;
    };
    if (row.wideLen)
        put(&event.len, sizeof(qint64));
    if (row.wideDelta)
        put(&deltaUs, sizeof(qint64));
    if (row.wideConn)
        put(&event.conn, sizeof(quint64));
    if (row.hasText) {
        const quint32 size = quint32(text.size());
        put(&size, sizeof(size));
        put(text.constData(), size_t(size));
    }
    m_rows.push_back(row);
    setLink(m_rows.size() - 1, link);
}

char *LogStore::allocate(Row &row, quint32 bytes, qint64 timeUs)
{
    const quint64 number = m_dropped + m_rows.size(); // the row's, counting every row appended
    const bool timeFits = !m_chunks.empty() && timeUs >= m_chunks.back().baseTimeUs
        && timeUs - m_chunks.back().baseTimeUs <= MaxTimeOffsetUs;
    if (!timeFits || m_chunks.back().size - m_chunks.back().used < bytes) {
        Chunk chunk;
        const quint32 size = std::max(ChunkBytes, bytes);
        if (m_spare.data && m_spare.size >= size) {
            chunk = std::move(m_spare);
            m_spare = Chunk();
        } else {
            chunk.data.reset(new char[size]);
            chunk.size = size;
        }
        chunk.used = 0;
        chunk.firstRow = number;
        chunk.baseTimeUs = timeUs;
        m_chunks.push_back(std::move(chunk));
    }
    Chunk &chunk = m_chunks.back();
    row.time = quint32(timeUs - chunk.baseTimeUs);
    row.offset = chunk.used; // below ChunkBytes, or 0 in a chunk of its own
    chunk.used += bytes;
    return chunk.data.get() + row.offset;
}

const LogStore::Chunk &LogStore::chunkOf(size_t row) const
{
    // Chunks start at increasing row numbers, and the first holds the first row kept. Rows are mostly
    // read in order (a filter, the rows on screen, the newest row): each thread starts from the chunk
    // it found last, then its successor, and searches only when neither holds the row. The hint is
    // only where to look first, so a stale one (another store, chunks dropped) costs a search, no more.
    thread_local size_t t_hint = 0;
    const quint64 number = m_dropped + row;
    const size_t count = m_chunks.size();
    const auto holds = [this, number, count](size_t i) {
        return m_chunks[i].firstRow <= number && (i + 1 == count || m_chunks[i + 1].firstRow > number);
    };
    for (size_t i = t_hint; i < count && i <= t_hint + 1; ++i) {
        if (holds(i)) {
            t_hint = i;
            return m_chunks[i];
        }
    }
    const auto after = std::upper_bound(m_chunks.begin(), m_chunks.end(), number,
        [](quint64 value, const Chunk &chunk) { return value < chunk.firstRow; });
    t_hint = size_t(after - m_chunks.begin()) - 1;
    return *(after - 1);
}

const char *LogStore::bytesOf(size_t row) const
{
    const Row &r = m_rows[row];
    if (r.payloadSize == 0 && !r.hasText && !r.wideLen && !r.wideDelta && !r.wideConn)
        return nullptr;
    return chunkOf(row).data.get() + r.offset;
}

const char *LogStore::extra(size_t row, int before) const
{
    return bytesOf(row) + m_rows[row].payloadSize + 8 * before;
}

quint32 LogStore::link(size_t row) const
{
    const Row &r = m_rows[row];
    return quint32(r.link) | (r.hasNext ? MessageChain::HasNextMessage : 0);
}

void LogStore::setLink(size_t row, quint32 link)
{
    Row &r = m_rows[row];
    const quint32 distance = link & ~MessageChain::HasNextMessage;
    r.link = distance < (1u << 24) ? distance : 0;
    r.hasNext = (link & MessageChain::HasNextMessage) != 0;
}

qint64 LogStore::deltaUs(size_t row) const
{
    const Row &r = m_rows[row];
    if (r.wideDelta) {
        qint64 value;
        std::memcpy(&value, extra(row, r.wideLen), sizeof(value));
        return value;
    }
    const auto delta = qint32(quint32(r.delta));
    return delta == NarrowNoDelta ? MessageChain::NoDelta : qint64(delta);
}

qint64 LogStore::len(size_t row) const
{
    const Row &r = m_rows[row];
    if (!r.wideLen)
        return r.payloadSize;
    qint64 value;
    std::memcpy(&value, extra(row, 0), sizeof(value));
    return value;
}

ConnId LogStore::conn(size_t row) const
{
    const Row &r = m_rows[row];
    if (!r.wideConn)
        return r.conn;
    ConnId value;
    std::memcpy(&value, extra(row, r.wideLen + r.wideDelta), sizeof(value));
    return value;
}

void LogStore::dropFront(size_t count)
{
    count = std::min(count, m_rows.size());
    if (count == 0)
        return;
    for (size_t i = 0; i < count; ++i)
        releaseEndpoints(m_rows[i].endpoints);
    m_rows.erase(m_rows.begin(), m_rows.begin() + qsizetype(count));
    m_dropped += count;
    // A chunk whose successor starts at or before the first row kept holds only dropped rows; with no
    // rows left, none is needed.
    while (
        !m_chunks.empty() && (m_rows.empty() || (m_chunks.size() > 1 && m_chunks[1].firstRow <= m_dropped))) {
        if (!m_spare.data || m_chunks.front().size == ChunkBytes)
            m_spare = std::move(m_chunks.front());
        m_chunks.pop_front();
    }
}

void LogStore::clear()
{
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_dropped = 0;
    m_chunks.clear();
    m_spare = Chunk();
    m_endpoints.clear();
    m_endpoints.shrink_to_fit();
    m_freeEndpoints.clear();
    m_endpointIndex.clear();
    m_haveLast = false;
}

Event LogStore::event(size_t row) const
{
    Event event;
    const Row &r = m_rows[row];
    event.timeUs = timeUs(row);
    event.conn = conn(row);
    event.dir = Direction(r.dir);
    event.kind = EventKind(r.kind);
    event.check = CheckResult(r.check);
    const Endpoints &endpoints = m_endpoints[r.endpoints];
    event.peer = endpoints.peer;
    event.local = endpoints.local;
    event.upstream = endpoints.upstream;
    event.name = endpoints.name;
    event.text = text(row);
    event.len = len(row);
    event.payload = payloadView(row).toByteArray();
    return event;
}

QByteArrayView LogStore::payloadView(size_t row) const
{
    return QByteArrayView(bytesOf(row), m_rows[row].payloadSize);
}

QByteArray LogStore::payloadRef(size_t row) const
{
    const Row &r = m_rows[row];
    if (r.payloadSize == 0)
        return QByteArray();
    return QByteArray::fromRawData(bytesOf(row), r.payloadSize);
}

QString LogStore::text(size_t row) const
{
    const Row &r = m_rows[row];
    if (!r.hasText)
        return QString();
    const char *header = extra(row, r.wideLen + r.wideDelta + r.wideConn);
    quint32 size;
    std::memcpy(&size, header, sizeof(size));
    return QString::fromUtf8(header + sizeof(size), qsizetype(size));
}

quint32 LogStore::internEndpoints(const Event &event)
{
    if (m_haveLast) {
        Endpoints &last = m_endpoints[m_lastEndpoints];
        if (last.peer == event.peer && last.local == event.local && last.upstream == event.upstream
            && last.name == event.name) {
            ++last.rows;
            return m_lastEndpoints;
        }
    }
    const QString key = endpointKey(event.peer, event.local, event.upstream, event.name);
    quint32 index = m_endpointIndex.value(key, quint32(m_endpoints.size()));
    if (index == m_endpoints.size()) {
        if (!m_freeEndpoints.empty()) {
            index = m_freeEndpoints.back();
            m_freeEndpoints.pop_back();
        } else {
            m_endpoints.emplace_back();
        }
        Endpoints &slot = m_endpoints[index];
        slot.peer = event.peer;
        slot.local = event.local;
        slot.upstream = event.upstream;
        slot.name = event.name;
        m_endpointIndex.insert(key, index);
    }
    ++m_endpoints[index].rows;
    m_lastEndpoints = index;
    m_haveLast = true;
    return index;
}

void LogStore::releaseEndpoints(quint32 index)
{
    Endpoints &slot = m_endpoints[index];
    if (--slot.rows > 0)
        return;
    m_endpointIndex.remove(endpointKey(slot.peer, slot.local, slot.upstream, slot.name));
    slot = Endpoints();
    m_freeEndpoints.push_back(index);
    if (m_haveLast && m_lastEndpoints == index)
        m_haveLast = false;
}

} // namespace sockpit::ui
