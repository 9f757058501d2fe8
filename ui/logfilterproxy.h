#pragma once

#include <QModelIndexList>
#include <QSortFilterProxyModel>
#include <QString>
#include <QVector>

namespace sockpit::ui {

class LogModel;

// Which rows of a LogModel the view shows: a text match on peer, message and rendered payload, a
// direction and a peer. New rows are filtered as they arrive; nothing is re-rendered that is not tested.
class LogFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum DirectionFilter { AllDirections, InOnly, OutOnly, EventsOnly };

    explicit LogFilterProxy(LogModel *source, QObject *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setDirection(DirectionFilter filter);
    DirectionFilter direction() const { return m_direction; }
    void setPeer(const QString &peer);
    QString peer() const { return m_peer; }
    // Source rows of every row passing the filter, or of the given proxy indexes, in log order.
    QVector<int> sourceRows() const;
    QVector<int> sourceRows(const QModelIndexList &proxyIndexes) const;
    bool isFiltering() const
    {
        return !m_text.isEmpty() || !m_peer.isEmpty() || m_direction != AllDirections;
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void onRenderingChanged();
    void refilter();

    LogModel *m_log;
    QString m_text;
    QString m_peer;
    DirectionFilter m_direction = AllDirections;
};

} // namespace sockpit::ui
