#include "logfilterproxy.h"

#include "logmodel.h"

#include <algorithm>

namespace sockpit::ui {

LogFilterProxy::LogFilterProxy(LogModel *source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_log(source)
{
    // Rows keep the order they arrived in, and a change of rendering must not re-test every row unless
    // the text filter depends on it: both are handled here, not by the dynamic machinery.
    setDynamicSortFilter(false);
    setSourceModel(source);
    connect(source, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
            const bool payload = topLeft.column() <= LogModel::PayloadColumn
                && bottomRight.column() >= LogModel::PayloadColumn;
            if (payload && (roles.isEmpty() || roles.contains(Qt::DisplayRole)))
                onRenderingChanged();
        });
}

void LogFilterProxy::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    refilter();
}

void LogFilterProxy::refilter()
{
    // invalidateFilter() removes the rows that no longer pass one interval at a time, and every
    // interval costs the view O(rows): minutes for a sparse match over a million rows. Dropping the
    // mapping is one pass over the rows, and the selection survives as persistent indexes.
    invalidate();
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

void LogFilterProxy::onRenderingChanged()
{
    // Only the text filter looks at rendered cells.
    if (!m_text.isEmpty())
        refilter();
}

QVector<int> LogFilterProxy::sourceRows() const
{
    QVector<int> rows;
    const int count = rowCount();
    rows.reserve(count);
    for (int row = 0; row < count; ++row)
        rows.append(mapToSource(index(row, 0)).row());
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

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const Event &event = m_log->eventAt(sourceRow);
    switch (m_direction) {
    case AllDirections:
        break;
    case InOnly:
        if (event.dir != Direction::In)
            return false;
        break;
    case OutOnly:
        if (event.dir != Direction::Out)
            return false;
        break;
    case EventsOnly:
        if (event.dir != Direction::Info && event.dir != Direction::Error)
            return false;
        break;
    }
    if (!m_peer.isEmpty() && !event.peer.contains(m_peer, Qt::CaseInsensitive))
        return false;
    if (m_text.isEmpty())
        return true;
    // Cheapest first: the rendered payload is the only part that costs work.
    return event.peer.contains(m_text, Qt::CaseInsensitive)
        || event.text.contains(m_text, Qt::CaseInsensitive) || m_log->payloadContains(sourceRow, m_text);
}

} // namespace sockpit::ui
