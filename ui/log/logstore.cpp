#include "logstore.h"

#include <algorithm>
#include <cstring>

namespace sockpit::ui {

static_assert(int(LastEventKind) < 64, "a row keeps its kind in 6 bits");

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
    row.deltaUs = deltaUs;
    row.len = event.len;
    row.conn = event.conn;
    row.link = link;
    row.textSize = quint32(text.size());
    row.payloadSize = quint16(keep);
    row.dir = quint8(event.dir);
    row.kind = quint8(event.kind);
    row.check = quint8(event.check);
    row.endpoints = internEndpoints(event);
    char *bytes = allocate(row, quint32(keep) + row.textSize);
    if (keep > 0)
        std::memcpy(bytes, event.payload.constData(), size_t(keep));
    if (!text.isEmpty())
        std::memcpy(bytes + keep, text.constData(), size_t(text.size()));
    m_rows.push_back(row);
}

char *LogStore::allocate(Row &row, quint32 bytes)
{
    const quint32 nextId = m_firstChunk + quint32(m_chunks.size());
    if (bytes == 0) {
        // No bytes: the id of the chunk in use (or of the next one), which keeps the ids in row order.
        row.chunk = m_chunks.empty() ? nextId : nextId - 1;
        row.offset = 0;
        return nullptr;
    }
    if (m_chunks.empty() || m_chunks.back().size - m_chunks.back().used < bytes) {
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
    row.chunk = m_firstChunk + quint32(m_chunks.size() - 1);
    row.offset = chunk.used;
    chunk.used += bytes;
    return chunk.data.get() + row.offset;
}

const char *LogStore::bytesOf(const Row &row) const
{
    if (row.payloadSize == 0 && row.textSize == 0)
        return nullptr;
    return m_chunks[size_t(quint32(row.chunk - m_firstChunk))].data.get() + row.offset;
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
    const quint32 keepFrom = m_rows.empty() ? m_firstChunk + quint32(m_chunks.size()) : m_rows.front().chunk;
    while (!m_chunks.empty() && quint32(keepFrom - m_firstChunk) > 0) {
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
    event.conn = r.conn;
    event.dir = Direction(r.dir);
    event.kind = EventKind(r.kind);
    event.check = CheckResult(r.check);
    const Endpoints &endpoints = m_endpoints[r.endpoints];
    event.peer = endpoints.peer;
    event.local = endpoints.local;
    event.upstream = endpoints.upstream;
    event.name = endpoints.name;
    event.text = text(row);
    event.len = r.len;
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
    if (r.textSize == 0)
        return QString();
    return QString::fromUtf8(bytesOf(r) + r.payloadSize, qsizetype(r.textSize));
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
