#pragma once

#include "hostlookup.h"
#include "iochannel.h"
#include "posixsocket.h"
#include "receivepipeline.h"
#include "sessionref.h"

#include <QHash>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace sockpit {

struct ConnectionStats;

// A UDP relay on an I/O thread: a socket bound to the listening address, and for each sender heard
// from, a socket of its own connected to the target, so that the target's answers find their way
// back to the sender who caused them. Senders quiet for a while, or beyond a bounded number, are
// forgotten (their sockets closed).
class UdpRelay final : public IoChannel
{
    Q_OBJECT
public:
    UdpRelay(std::shared_ptr<SessionCore> core, ConnId id, QObject *parent);
    ~UdpRelay() override;

    void start();
    // Sends from the listening socket to a sender (the chosen one, else the most recent).
    void sendBytes(const QByteArray &bytes, const SendTarget &target) override;
    void closeNow() override;

private:
    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    struct Client
    {
        ConnId id = 0;
        SocketAddress address;
        QString text;
        int fd = -1; // connected to the target
        QSocketNotifier *notifier = nullptr;
        qint64 lastUs = 0;
        std::shared_ptr<ConnectionStats> stats;
    };

    void onResolved(const QList<QHostAddress> &addresses);
    void bindSocket();
    void onReadable();
    void fromClient(const posix::Datagram &datagram);
    void onUpstreamReadable(const QByteArray &key);
    Client *clientFor(const SocketAddress &address);
    void forget(const QByteArray &key);
    void forgetIdle();
    bool sendToClient(const Client &client, const char *data, qsizetype size);
    void forwardToTarget(const QByteArray &bytes, const ReplyTo &from); // to the sender's upstream socket

    const ConnId m_id;
    std::shared_ptr<ConnectionStats> m_stats;
    ReceivePipeline m_fromClients; // what clients send, on its way to the target
    ReceivePipeline m_fromTarget; // the target's answers, on their way back to a client
    int m_fd = -1;
    HostLookup m_lookup;
    QSocketNotifier *m_readNotifier = nullptr;
    SocketAddress m_target;
    QString m_targetText;
    QString m_local;
    QHash<QByteArray, Client> m_clients;
    QByteArray m_lastClient;
    QTimer m_idleTimer;
    bool m_closed = false;
};

} // namespace sockpit
