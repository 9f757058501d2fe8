#include "peerlistmodel.h"

#include <QDateTime>
#include <QFont>
#include <QHash>
#include <QLocale>

namespace sockpit::ui {

namespace {

QDateTime sinceTime(const PeerInfo &peer)
{
    return QDateTime::fromMSecsSinceEpoch(peer.sinceUs / 1000).toLocalTime();
}

bool sameRow(const PeerInfo &a, const PeerInfo &b)
{
    return a.peer == b.peer && a.local == b.local && a.sinceUs == b.sinceUs && a.bytesIn == b.bytesIn
        && a.bytesOut == b.bytesOut && a.queuedBytes == b.queuedBytes && a.peerFinished == b.peerFinished;
}

} // namespace

PeerListModel::PeerListModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void PeerListModel::setPeers(const QVector<PeerInfo> &peers)
{
    QHash<ConnId, int> incoming; // id -> index in peers
    incoming.reserve(peers.size());
    for (int i = 0; i < peers.size(); ++i)
        incoming.insert(peers.at(i).id, i);

    // Remove the rows of peers that are gone, a contiguous run at a time, from the bottom up so the
    // rows still to look at keep their numbers.
    for (int row = int(m_peers.size()) - 1; row >= 0;) {
        if (incoming.contains(m_peers.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_peers.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_peers.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }

    // Update the rows that stay; one dataChanged for the span that changed keeps a refresh cheap.
    int firstChanged = -1;
    int lastChanged = -1;
    for (int row = 0; row < m_peers.size(); ++row) {
        const PeerInfo &fresh = peers.at(incoming.take(m_peers.at(row).id));
        if (sameRow(m_peers.at(row), fresh))
            continue;
        m_peers[row] = fresh;
        if (firstChanged < 0)
            firstChanged = row;
        lastChanged = row;
    }
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));

    // What is left in `incoming` is new: append it in the order given, in one insertion.
    if (incoming.isEmpty())
        return;
    QVector<int> added;
    added.reserve(incoming.size());
    for (auto it = incoming.cbegin(); it != incoming.cend(); ++it)
        added.append(it.value());
    std::sort(added.begin(), added.end());
    const int first = int(m_peers.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (int i : std::as_const(added))
        m_peers.append(peers.at(i));
    endInsertRows();
}

ConnId PeerListModel::idAt(int row) const
{
    return row >= 0 && row < m_peers.size() ? m_peers.at(row).id : 0;
}

int PeerListModel::rowOf(ConnId id) const
{
    for (int row = 0; row < m_peers.size(); ++row) {
        if (m_peers.at(row).id == id)
            return row;
    }
    return -1;
}

void PeerListModel::setWarningColor(const QColor &color)
{
    m_warningColor = color;
    if (!m_peers.isEmpty())
        emit dataChanged(index(0, QueuedColumn), index(rowCount() - 1, QueuedColumn), {Qt::ForegroundRole});
}

void PeerListModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_peers.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int PeerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_peers.size());
}

int PeerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PeerListModel::display(const PeerInfo &peer, int column) const
{
    const QLocale locale;
    switch (column) {
    case AddressColumn:
        return peer.peerFinished ? tr("%1 (half-closed)").arg(peer.peer) : peer.peer;
    case SinceColumn:
        return locale.toString(sinceTime(peer).time(), QStringLiteral("hh:mm:ss"));
    case InColumn:
        return locale.formattedDataSize(peer.bytesIn, 1, QLocale::DataSizeTraditionalFormat);
    case OutColumn:
        return locale.formattedDataSize(peer.bytesOut, 1, QLocale::DataSizeTraditionalFormat);
    case QueuedColumn:
        return locale.formattedDataSize(peer.queuedBytes, 1, QLocale::DataSizeTraditionalFormat);
    }
    return {};
}

QVariant PeerListModel::toolTip(const PeerInfo &peer, int column) const
{
    const QLocale locale;
    switch (column) {
    case AddressColumn: {
        QString tip = peer.local.isEmpty() ? peer.peer : tr("%1 (local end %2)").arg(peer.peer, peer.local);
        if (peer.peerFinished)
            tip += u'\n' + tr("The peer has finished sending (half-close); it can still receive.");
        return tip;
    }
    case SinceColumn:
        return locale.toString(sinceTime(peer), QLocale::LongFormat);
    case InColumn:
        return tr("%1 bytes received").arg(locale.toString(peer.bytesIn));
    case OutColumn:
        return tr("%1 bytes sent").arg(locale.toString(peer.bytesOut));
    case QueuedColumn:
        // A client that does not read shows up here: its bytes wait, up to the queue limit.
        return peer.queuedBytes > 0 ? tr("%1 bytes waiting to be sent").arg(locale.toString(peer.queuedBytes))
                                    : tr("Nothing waiting to be sent");
    }
    return {};
}

QVariant PeerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PeerInfo &peer = m_peers.at(index.row());
    const int column = index.column();
    const bool waiting = column == QueuedColumn && peer.queuedBytes > 0;
    switch (role) {
    case Qt::DisplayRole:
        return display(peer, column);
    case Qt::ToolTipRole:
        return toolTip(peer, column);
    case Qt::TextAlignmentRole:
        return column >= InColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        return waiting && m_warningColor.isValid() ? QVariant(m_warningColor) : QVariant();
    case Qt::FontRole:
        if (waiting) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case IdRole:
        return QVariant::fromValue(peer.id);
    case ValueRole:
        switch (column) {
        case AddressColumn:
            return peer.peer;
        case SinceColumn:
            return peer.sinceUs;
        case InColumn:
            return peer.bytesIn;
        case OutColumn:
            return peer.bytesOut;
        default:
            return peer.queuedBytes;
        }
    }
    return {};
}

QVariant PeerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case AddressColumn:
            return tr("Address");
        case SinceColumn:
            return tr("Since");
        case InColumn:
            return tr("In");
        case OutColumn:
            return tr("Out");
        case QueuedColumn:
            return tr("Queued");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case AddressColumn:
            return tr("The peer's address and port");
        case SinceColumn:
            return tr("When the connection opened (local time)");
        case InColumn:
            return tr("Bytes received from the peer");
        case OutColumn:
            return tr("Bytes sent to the peer");
        case QueuedColumn:
            return tr("Bytes waiting to be sent: a peer that does not read makes this grow");
        }
    } else if (role == Qt::TextAlignmentRole) {
        return section >= InColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    }
    return {};
}

} // namespace sockpit::ui
