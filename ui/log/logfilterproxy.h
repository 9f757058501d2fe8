#pragma once

#include "logmodel.h"

#include <QAbstractProxyModel>
#include <QModelIndexList>
#include <QString>
#include <QVector>

#include <vector>

namespace sockpit::ui {

// Which rows of a LogModel the view shows: a text match on peer, message and rendered payload, a
// direction and a peer. Without a filter it is the log itself (no per-row memory); with one it holds the
// sequence numbers of the rows that pass, in log order. New rows are tested as they arrive, dropped rows
// leave from the front, and a new filter tests every row once, spread over the machine's cores.
class LogFilterProxy final : public QAbstractProxyModel
{
    Q_OBJECT
public:
    // BadChecksums: received messages whose checksum is wrong, and the error rows that say so.
    enum DirectionFilter { AllDirections, InOnly, OutOnly, EventsOnly, BadChecksums, DirectionFilterCount };

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

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // What a row must match, prepared once per pass over rows.
    struct Matcher
    {
        DirectionFilter direction = AllDirections;
        QString peer;
        QString text;
        LogModel::Needle needle;
        // Per address triple of the log (LogStore::endpointIndex): whether its peer passes the peer
        // filter, and whether it contains the text. Empty: tested per row.
        std::vector<char> peerPasses;
        std::vector<char> peerHasText;
    };
    Matcher matcher(bool perEndpoint) const;
    bool accepts(const Matcher &matcher, int sourceRow) const;
    // Sequence numbers of the source rows first..last that pass, tested on several threads when many.
    std::vector<qint64> matching(const Matcher &matcher, int first, int last) const;
    // The position of `seq` in m_rows, or of the first row after it.
    qsizetype lowerBound(qint64 seq) const;
    void refilter();
    void retest(int firstSource, int lastSource);

    void onRowsAboutToBeInserted(int first, int last);
    void onRowsInserted(int first, int last);
    void onRowsAboutToBeRemoved(int first, int last);
    void onRowsRemoved();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    LogModel *m_log;
    QString m_text;
    QString m_peer;
    DirectionFilter m_direction = AllDirections;
    bool m_filtering = false; // m_rows is in use
    std::vector<qint64> m_rows; // sequence numbers of the rows that pass, ascending
    qsizetype m_removeFrom = -1; // the rows of m_rows a source removal takes, between its two signals
    qsizetype m_removeTo = -1;
};

} // namespace sockpit::ui
