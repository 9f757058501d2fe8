#include "logfilterproxy.h"

#include <QThread>

#include <algorithm>
#include <thread>

namespace sockpit::ui {

namespace {

// Rows below this are tested on the calling thread: starting a thread costs more than they do.
constexpr int ParallelRows = 20000;
// A change of rendering over more rows than this tests them all again rather than one by one.
constexpr int RetestRows = 256;

} // namespace

LogFilterProxy::LogFilterProxy(LogModel *source, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_log(source)
{
    // The log only appends rows, drops the oldest and resets; each is mapped here as it happens. These
    // connections come before the base class's (made in setSourceModel below), so that what it emits on
    // a change (a header update when the log empties) finds this model already in step.
    connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
        [this](const QModelIndex &, int first, int last) { onRowsAboutToBeInserted(first, last); });
    connect(source, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
        [this](const QModelIndex &, int first, int last) { onRowsAboutToBeRemoved(first, last); });
    connect(source, &QAbstractItemModel::rowsRemoved, this, [this] { onRowsRemoved(); });
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        m_rows = m_filtering ? matching(matcher(true), 0, m_log->rowCount() - 1) : std::vector<qint64>();
        endResetModel();
    });
    connect(source, &QAbstractItemModel::dataChanged, this, &LogFilterProxy::onDataChanged);
    connect(source, &QAbstractItemModel::headerDataChanged, this, &QAbstractItemModel::headerDataChanged);
    QAbstractProxyModel::setSourceModel(source);
}

void LogFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    refilter();
}

void LogFilterProxy::setDirection(DirectionFilter filter)
{
    if (filter == m_direction)
        return;
    m_direction = filter;
    refilter();
}

void LogFilterProxy::setPeer(const QString &peer)
{
    if (peer == m_peer)
        return;
    m_peer = peer;
    refilter();
}

QModelIndex LogFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex LogFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

int LogFilterProxy::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_filtering ? int(m_rows.size()) : m_log->rowCount();
}

int LogFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_log->columnCount();
}

bool LogFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

QModelIndex LogFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this)
        return {};
    const int row = m_filtering ? m_log->rowForSequence(m_rows[size_t(proxyIndex.row())]) : proxyIndex.row();
    return row < 0 ? QModelIndex() : m_log->index(row, proxyIndex.column());
}

QModelIndex LogFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != m_log)
        return {};
    if (!m_filtering)
        return index(sourceIndex.row(), sourceIndex.column());
    const qint64 seq = m_log->sequenceAt(sourceIndex.row());
    const qsizetype at = lowerBound(seq);
    if (at == qsizetype(m_rows.size()) || m_rows[size_t(at)] != seq)
        return {};
    return index(int(at), sourceIndex.column());
}

QVariant LogFilterProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    // Columns are the log's; QAbstractProxyModel would map them through row 0, which may not exist.
    if (orientation == Qt::Horizontal)
        return m_log->headerData(section, orientation, role);
    return QAbstractProxyModel::headerData(section, orientation, role);
}

QVector<int> LogFilterProxy::sourceRows() const
{
    QVector<int> rows;
    const int count = rowCount();
    rows.reserve(count);
    for (int row = 0; row < count; ++row)
        rows.append(m_filtering ? m_log->rowForSequence(m_rows[size_t(row)]) : row);
    return rows;
}

QVector<int> LogFilterProxy::sourceRows(const QModelIndexList &proxyIndexes) const
{
    QVector<int> rows;
    rows.reserve(proxyIndexes.size());
    for (const QModelIndex &proxyIndex : proxyIndexes)
        rows.append(mapToSource(proxyIndex).row());
    std::sort(rows.begin(), rows.end()); // a selection lists rows in click order; the log's is time
    return rows;
}

LogFilterProxy::Matcher LogFilterProxy::matcher(bool perEndpoint) const
{
    Matcher m;
    m.direction = m_direction;
    m.peer = m_peer;
    m.text = m_text;
    m.needle = m_log->needle(m_text);
    if (perEndpoint) {
        // Most rows share a few peers: each peer is tested once, not once per row.
        const LogStore &rows = m_log->rows();
        const auto slotCount = size_t(rows.endpointSlots());
        m.peerPasses.resize(slotCount);
        m.peerHasText.resize(slotCount);
        for (size_t i = 0; i < slotCount; ++i) {
            const QString &peer = rows.endpointPeer(quint32(i));
            m.peerPasses[i] = m_peer.isEmpty() || peer.contains(m_peer, Qt::CaseInsensitive);
            m.peerHasText[i] = !m_text.isEmpty() && peer.contains(m_text, Qt::CaseInsensitive);
        }
    }
    return m;
}

bool LogFilterProxy::accepts(const Matcher &m, int sourceRow) const
{
    const LogStore &rows = m_log->rows();
    const auto row = size_t(sourceRow);
    const Direction dir = rows.dir(row);
    switch (m.direction) {
    case AllDirections:
        break;
    case InOnly:
        if (dir != Direction::In)
            return false;
        break;
    case OutOnly:
        if (dir != Direction::Out)
            return false;
        break;
    case EventsOnly:
        if (dir != Direction::Info && dir != Direction::Error)
            return false;
        break;
    case BadChecksums:
        if (rows.check(row) != CheckResult::Bad && rows.kind(row) != EventKind::Checksum)
            return false;
        break;
    case DirectionFilterCount:
        break;
    }
    const quint32 endpoints = rows.endpointIndex(row);
    const bool perEndpoint = endpoints < m.peerPasses.size();
    if (!m.peer.isEmpty()) {
        const bool passes = perEndpoint ? m.peerPasses[endpoints] != 0
                                        : rows.peer(row).contains(m.peer, Qt::CaseInsensitive);
        if (!passes)
            return false;
    }
    if (m.text.isEmpty())
        return true;
    // Cheapest first: the rendered payload is the only part that costs work.
    const bool peerHasText
        = perEndpoint ? m.peerHasText[endpoints] != 0 : rows.peer(row).contains(m.text, Qt::CaseInsensitive);
    return peerHasText || m_log->payloadMatches(sourceRow, m.needle);
}

std::vector<qint64> LogFilterProxy::matching(const Matcher &m, int first, int last) const
{
    const auto testRange = [this, &m](int from, int to, std::vector<qint64> &out) {
        for (int row = from; row <= to; ++row) {
            if (accepts(m, row))
                out.push_back(m_log->sequenceAt(row));
        }
    };
    std::vector<qint64> result;
    const int count = last - first + 1;
    if (count <= 0)
        return result;
    const int parts = count < ParallelRows ? 1 : std::max(1, QThread::idealThreadCount());
    if (parts == 1) {
        testRange(first, last, result);
        return result;
    }
    // Every part reads the log only; nothing changes it until all are done.
    std::vector<std::vector<qint64>> found(static_cast<size_t>(parts));
    std::vector<std::thread> threads;
    const int step = (count + parts - 1) / parts;
    for (int part = 1; part < parts; ++part) {
        const int from = first + part * step;
        const int to = std::min(last, from + step - 1);
        if (from <= to)
            threads.emplace_back(testRange, from, to, std::ref(found[size_t(part)]));
    }
    testRange(first, std::min(last, first + step - 1), found[0]);
    for (std::thread &thread : threads)
        thread.join();
    size_t total = 0;
    for (const auto &part : found)
        total += part.size();
    result.reserve(total);
    for (const auto &part : found)
        result.insert(result.end(), part.begin(), part.end());
    return result;
}

qsizetype LogFilterProxy::lowerBound(qint64 seq) const
{
    return std::lower_bound(m_rows.begin(), m_rows.end(), seq) - m_rows.begin();
}

void LogFilterProxy::refilter()
{
    // One layout change, as QSortFilterProxyModel::invalidate() does: the view asks again, and
    // persistent indexes (the selection, the current row) follow their rows, or go if they no longer
    // pass.
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<qint64> sequences;
    sequences.reserve(size_t(before.size()));
    for (const QModelIndex &index : before) {
        const QModelIndex source = mapToSource(index);
        sequences.push_back(source.isValid() ? m_log->sequenceAt(source.row()) : -1);
    }
    m_filtering = isFiltering();
    m_rows = m_filtering ? matching(matcher(true), 0, m_log->rowCount() - 1) : std::vector<qint64>();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = sequences[size_t(i)] < 0 ? -1 : m_log->rowForSequence(sequences[size_t(i)]);
        after.append(row < 0 ? QModelIndex() : mapFromSource(m_log->index(row, before.at(i).column())));
    }
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void LogFilterProxy::retest(int firstSource, int lastSource)
{
    if (lastSource - firstSource + 1 > RetestRows) {
        refilter();
        return;
    }
    const Matcher m = matcher(false);
    for (int row = firstSource; row <= lastSource; ++row) {
        const qint64 seq = m_log->sequenceAt(row);
        const qsizetype at = lowerBound(seq);
        const bool shown = at < qsizetype(m_rows.size()) && m_rows[size_t(at)] == seq;
        if (accepts(m, row) == shown)
            continue;
        if (shown) {
            beginRemoveRows({}, int(at), int(at));
            m_rows.erase(m_rows.begin() + at);
            endRemoveRows();
        } else {
            beginInsertRows({}, int(at), int(at));
            m_rows.insert(m_rows.begin() + at, seq);
            endInsertRows();
        }
    }
}

void LogFilterProxy::onRowsAboutToBeInserted(int first, int last)
{
    if (!m_filtering)
        beginInsertRows({}, first, last);
}

void LogFilterProxy::onRowsInserted(int first, int last)
{
    if (!m_filtering) {
        endInsertRows();
        return;
    }
    // The log appends: its new rows come after every row shown.
    std::vector<qint64> added = matching(matcher(false), first, last);
    if (added.empty())
        return;
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at + int(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.begin(), added.end());
    endInsertRows();
}

void LogFilterProxy::onRowsAboutToBeRemoved(int first, int last)
{
    if (!m_filtering) {
        beginRemoveRows({}, first, last);
        return;
    }
    m_removeFrom = lowerBound(m_log->sequenceAt(first));
    m_removeTo = lowerBound(m_log->sequenceAt(last) + 1);
    if (m_removeTo > m_removeFrom)
        beginRemoveRows({}, int(m_removeFrom), int(m_removeTo - 1));
}

void LogFilterProxy::onRowsRemoved()
{
    if (!m_filtering) {
        endRemoveRows();
        return;
    }
    if (m_removeTo > m_removeFrom) {
        m_rows.erase(m_rows.begin() + m_removeFrom, m_rows.begin() + m_removeTo);
        endRemoveRows();
    }
    m_removeFrom = m_removeTo = -1;
}

void LogFilterProxy::onDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    const bool payload
        = topLeft.column() <= LogModel::PayloadColumn && bottomRight.column() >= LogModel::PayloadColumn;
    // Only the text filter looks at rendered cells: a change of them may change which rows pass.
    if (payload && !m_text.isEmpty() && (roles.isEmpty() || roles.contains(Qt::DisplayRole))) {
        retest(topLeft.row(), bottomRight.row());
        if (bottomRight.row() - topLeft.row() + 1 > RetestRows)
            return; // refilter() told the view to ask again about everything
    }
    if (!m_filtering) {
        emit dataChanged(
            index(topLeft.row(), topLeft.column()), index(bottomRight.row(), bottomRight.column()), roles);
        return;
    }
    const qsizetype from = lowerBound(m_log->sequenceAt(topLeft.row()));
    const qsizetype to = lowerBound(m_log->sequenceAt(bottomRight.row()) + 1);
    if (to > from)
        emit dataChanged(index(int(from), topLeft.column()), index(int(to - 1), bottomRight.column()), roles);
}

} // namespace sockpit::ui
