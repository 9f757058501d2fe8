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
    row.timeUs = event.timeUs;
    row.link = link;
    row.endpoints = internEndpoints(event);
    row.payloadSize = quint16(keep);
    row.dir = quint8(event.dir);
    row.kind = quint8(event.kind);
    row.check = quint8(event.check);
    // The fields that do not fit the record follow the payload.
    row.wideLen = event.len != keep;
    row.wideDelta = deltaUs != MessageChain::NoDelta
        && (deltaUs <= std::numeric_limits<qint32>::min() || deltaUs > std::numeric_limits<qint32>::max());
    row.delta = row.wideDelta || deltaUs == MessageChain::NoDelta ? NarrowNoDelta : qint32(deltaUs);
    row.wideConn = event.conn > std::numeric_limits<quint32>::max();
    row.conn = row.wideConn ? 0 : quint32(event.conn);
    row.hasText = !text.isEmpty();
    const quint32 extras = 8 * (row.wideLen + row.wideDelta + row.wideConn)
        + (row.hasText ? quint32(sizeof(quint32) + size_t(text.size())) : 0);
    char *bytes = allocate(row, quint32(keep) + extras);
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
}

char *LogStore::allocate(Row &row, quint32 bytes)
{
    const quint32 nextId = m_firstChunk + quint32(m_chunks.size());
    if (bytes == 0) {
        // No bytes: the id of the chunk in use (or of the next one), which keeps the ids in row order.
        row.chunk = (m_chunks.empty() ? nextId : nextId - 1) & ChunkIdMask;
        row.offset = 0;
        return nullptr;
    }
    if (m_chunks.empty() || m_chunks.back().size - m_chunks.back().used < bytes) {
        Q_ASSERT(m_chunks.size() < ChunkIdMask); // see Row::chunk
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
        m_chunks.push_back(std::move(chunk));
    }
    Chunk &chunk = m_chunks.back();
    row.chunk = (m_firstChunk + quint32(m_chunks.size() - 1)) & ChunkIdMask;
    row.offset = chunk.used; // below ChunkBytes, or 0 in a chunk of its own
    chunk.used += bytes;
    return chunk.data.get() + chunk.used - bytes;
}

const char *LogStore::bytesOf(const Row &row) const
{
    if (row.payloadSize == 0 && !row.hasText && !row.wideLen && !row.wideDelta && !row.wideConn)
        return nullptr;
    return m_chunks[chunkIndex(row)].data.get() + row.offset;
}

const char *LogStore::extra(const Row &row, int before) const
{
    return bytesOf(row) + row.payloadSize + 8 * before;
}

qint64 LogStore::deltaUs(size_t row) const
{
    const Row &r = m_rows[row];
    if (r.wideDelta) {
        qint64 value;
        std::memcpy(&value, extra(r, r.wideLen), sizeof(value));
        return value;
    }
    return r.delta == NarrowNoDelta ? MessageChain::NoDelta : qint64(r.delta);
}

qint64 LogStore::len(size_t row) const
{
    const Row &r = m_rows[row];
    if (!r.wideLen)
        return r.payloadSize;
    qint64 value;
    std::memcpy(&value, extra(r, 0), sizeof(value));
    return value;
}

ConnId LogStore::conn(size_t row) const
{
    const Row &r = m_rows[row];
    if (!r.wideConn)
        return r.conn;
    ConnId value;
    std::memcpy(&value, extra(r, r.wideLen + r.wideDelta), sizeof(value));
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
    // Chunks before the first remaining row's hold only dropped rows' bytes.
    const size_t keepFrom = m_rows.empty() ? m_chunks.size() : chunkIndex(m_rows.front());
    for (size_t i = 0; i < keepFrom && !m_chunks.empty(); ++i) {
        if (!m_spare.data || m_chunks.front().size == ChunkBytes)
            m_spare = std::move(m_chunks.front());
        m_chunks.pop_front();
        ++m_firstChunk;
    }
}

void LogStore::clear()
{
    m_rows.clear();
    m_rows.shrink_to_fit();
    m_firstChunk += quint32(m_chunks.size());
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
    event.timeUs = r.timeUs;
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
    const Row &r = m_rows[row];
    return QByteArrayView(bytesOf(r), r.payloadSize);
}

QByteArray LogStore::payloadRef(size_t row) const
{
    const Row &r = m_rows[row];
    if (r.payloadSize == 0)
        return QByteArray();
    return QByteArray::fromRawData(bytesOf(r), r.payloadSize);
}

QString LogStore::text(size_t row) const
{
    const Row &r = m_rows[row];
    if (!r.hasText)
        return QString();
    const char *header = extra(r, r.wideLen + r.wideDelta + r.wideConn);
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
