#pragma once

#include "session.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QVector>

namespace sockpit::ui {

// The connections of a session as table rows. Refreshes are diffed by connection id, so rows (and a
// view's selection) stay put while counters tick.
class PeerListModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { AddressColumn, SinceColumn, InColumn, OutColumn, QueuedColumn, ColumnCount };
    static constexpr int IdRole = Qt::UserRole; // the row's ConnId
    static constexpr int ValueRole = Qt::UserRole + 1; // the raw number behind a column, for sorting

    explicit PeerListModel(QObject *parent = nullptr);

    // Rows of peers that are gone are removed, new peers are appended, changed rows are updated in
    // place; the model is never reset.
    void setPeers(const QVector<PeerInfo> &peers);
    ConnId idAt(int row) const;
    int rowOf(ConnId id) const; // -1 when not listed
    const PeerInfo &peerAt(int row) const { return m_peers.at(row); }
    // The colour that makes a peer with unsent bytes stand out; the view derives it from its palette.
    void setWarningColor(const QColor &color);
    void retranslate(); // headers and "(half-closed)" follow the language

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const PeerInfo &peer, int column) const;
    QVariant toolTip(const PeerInfo &peer, int column) const;

    QVector<PeerInfo> m_peers;
    QColor m_warningColor;
};

} // namespace sockpit::ui
