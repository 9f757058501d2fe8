#pragma once

#include "session.h"
#include "sessionconfig.h"

#include <QVector>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace sockpit::ui {

class PeerListModel;

// The left pane of a session: who is connected (a server's clients, UDP peers heard from), with their
// counters, a selection the tab sends to, and a button to disconnect the selected clients.
class PeerListView final : public QWidget
{
    Q_OBJECT
public:
    explicit PeerListView(QWidget *parent = nullptr);

    void setMode(SessionMode mode); // title and buttons per mode; the tab hides the list for a client
    void setPeers(const QVector<PeerInfo> &peers);
    QVector<ConnId> selectedPeers() const; // in row order

    PeerListModel *model() const { return m_model; }
    QTableView *tableView() const { return m_table; }
    QPushButton *disconnectButton() const { return m_disconnect; }
    // Wide enough for every column of an IPv4 client with a few megabytes each way, unclipped.
    QSize sizeHint() const override;

signals:
    void disconnectRequested(const QVector<sockpit::ConnId> &ids);
    void selectionChanged();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    int hintWidth() const;
    void invalidateHint();
    void updateTitle();
    void onSelectionMaybeChanged();

    SessionMode m_mode = SessionMode::TcpServer;
    PeerListModel *m_model;
    QLabel *m_title;
    QTableView *m_table;
    QPushButton *m_disconnect;
    QVector<ConnId> m_lastSelection;
    mutable int m_hintWidth = -1; // sizeHint()'s width, until what it depends on changes
};

} // namespace sockpit::ui
