#pragma once

#include "hostlookup.h"
#include "iochannel.h"
#include "sessionref.h"
#include "unixsocketfile.h"

#include <QHostAddress>
#include <QList>
#include <QTimer>

class QSocketNotifier;

namespace sockpit {

// A listening TCP (or Unix stream) socket on an I/O thread: binds, listens with a large backlog, accepts
// every pending connection per wake-up and hands each to an I/O thread of the pool in turn. For a relay it
// first resolves the target, then hands each accepted connection to a connector for the target.
class TcpListener final : public IoObject
{
    Q_OBJECT
public:
    TcpListener(std::shared_ptr<SessionCore> core, QObject *parent);
    ~TcpListener() override;

    void start();
    void closeNow() override;

private:
    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    void onResolved(const QList<QHostAddress> &addresses);
    void listenNow();
    void listenOnPath();
    void listening(const QString &local);
    QString peerText(int fd, const SocketAddress &peer) const;
    void onAcceptable();
    void fail(int error, const QString &step);

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_resume; // accepting again after running out of descriptors
    QList<QHostAddress> m_targets; // relay only
    UnixSocketFile m_socketFile; // a Unix server's
    HostLookup m_lookup;
};

} // namespace sockpit
