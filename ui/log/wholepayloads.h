#pragma once

#include <QByteArray>

#include <deque>

namespace sockpit::ui {

// The whole payloads of the log's newest long messages, by sequence number, within a byte budget: the
// log's rows keep only a prefix each (LogStore), so a message can still be inspected whole while it is
// recent, and a flood of big messages costs at most the budget. The payloads are shared with the
// batch they came in (no copy); each counts by its allocation, which is what stays alive.
class WholePayloads final
{
public:
    static constexpr qint64 DefaultBudget = 64 * 1024 * 1024;

    // Keeps `bytes` for `seq` (sequence numbers only grow), then lets the oldest go over the budget.
    void add(qint64 seq, const QByteArray &bytes);
    // The payload kept for `seq`, or a null QByteArray.
    QByteArray find(qint64 seq) const;
    void dropBefore(qint64 seq); // the rows before it left the log
    void clear();

    void setBudget(qint64 bytes); // 0 keeps none
    qint64 budget() const { return m_budget; }
    qint64 bytesKept() const { return m_kept; }
    qsizetype count() const { return qsizetype(m_entries.size()); }

private:
    struct Entry
    {
        qint64 seq;
        QByteArray bytes;
        qint64 cost;
    };
    void trim();

    std::deque<Entry> m_entries; // oldest first, ascending seq
    qint64 m_budget = DefaultBudget;
    qint64 m_kept = 0;
};

} // namespace sockpit::ui
