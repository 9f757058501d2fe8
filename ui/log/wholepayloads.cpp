#include "wholepayloads.h"

#include <algorithm>

namespace sockpit::ui {

void WholePayloads::add(qint64 seq, const QByteArray &bytes)
{
    const qint64 cost = std::max<qint64>(bytes.size(), bytes.capacity());
    if (cost > m_budget)
        return; // it would only push out everything else, then go itself
    m_entries.push_back({seq, bytes, cost});
    m_kept += cost;
    trim();
}

QByteArray WholePayloads::find(qint64 seq) const
{
    const auto it = std::lower_bound(m_entries.begin(), m_entries.end(), seq,
        [](const Entry &entry, qint64 value) { return entry.seq < value; });
    return it != m_entries.end() && it->seq == seq ? it->bytes : QByteArray();
}

void WholePayloads::dropBefore(qint64 seq)
{
    while (!m_entries.empty() && m_entries.front().seq < seq) {
        m_kept -= m_entries.front().cost;
        m_entries.pop_front();
    }
}

void WholePayloads::clear()
{
    m_entries.clear();
    m_kept = 0;
}

void WholePayloads::setBudget(qint64 bytes)
{
    m_budget = std::max<qint64>(0, bytes);
    trim();
}

void WholePayloads::trim()
{
    while (m_kept > m_budget && !m_entries.empty()) {
        m_kept -= m_entries.front().cost;
        m_entries.pop_front();
    }
}

} // namespace sockpit::ui
