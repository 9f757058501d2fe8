#pragma once

#include "datagramtls.h"
#include "hostlookup.h"
#include "iochannel.h"
#include "posixsocket.h"
#include "receivepipeline.h"
#include "sessionref.h"
#include "unixsocketfile.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

#include <deque>
#include <memory>

class QSocketNotifier;
class QTimer;

namespace sockpit {

struct ConnectionStats;

// A bound UDP (or Unix datagram) socket on an I/O thread: drains every waiting datagram per wake-up, reports
// each sender, sends to any address, and remembers a default target and the most recent sender. With
// DTLS (a session with a TlsTransport) every datagram goes through the transport's DatagramTlsLink: the
// session sees and sends plain text, a server's peers are those that finished a handshake, and a
// client (one with a remote host) starts once its handshake with that host is done.
class UdpChannel final : public IoChannel, private ReplyChannel, private DatagramTlsLink::Host
{
    Q_OBJECT
public:
    UdpChannel(std::shared_ptr<SessionCore> core, ConnId id, QObject *parent);
    ~UdpChannel() override;

    void start();
    void sendBytes(const QByteArray &bytes, const SendTarget &target) override;
    void sendBatch(const QVector<QByteArray> &pieces, const SendTarget &target) override;
    void closeNow() override;
    // Joins or leaves a multicast group on an interface (name or index; empty: the session's interface,
    // else the routing table's choice). The outcome is an event.
    void joinGroup(const QHostAddress &group, const QString &interfaceName);
    void leaveGroup(const QHostAddress &group, const QString &interfaceName);

private:
    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    struct Peer
    {
        ConnId id = 0;
        QString text;
        SocketAddress address;
        std::shared_ptr<ConnectionStats> stats;
    };
    struct Pending
    {
        SocketAddress to;
        QByteArray bytes;
    };

    void onResolved(const QList<QHostAddress> &addresses);
    void bindSocket();
    void bindUnixSocket();
    void watchSocket(); // the bound socket's notifiers; the session has started
    void onReadable();
    void received(const posix::Datagram &datagram);
    // The kernel's drop count for the socket (SO_RXQ_OVFL with a datagram, or SO_MEMINFO): counted
    // at once, told by an event at most once a second.
    void noteKernelDrops(qint64 drops);
    void reportKernelDrops(); // an event for the drops no event has told of yet
    void onWritable();
    Peer &peerFor(const SocketAddress &address, const posix::PeerCredentials &credentials);
    void forgetPeers();
    SocketAddress toSocketFamily(const QHostAddress &address, quint16 port) const;
    // Where a send to `target` goes; false (and an event saying why) when nowhere.
    bool destination(const SendTarget &target, SocketAddress *to);
    // Sends now, or queues (bounded) when the kernel has no room; failures become events.
    void sendDatagram(const SocketAddress &to, const QByteArray &bytes);
    void sent(const SocketAddress &to, const QByteArray &bytes, qint64 n);
    // Of pieces from `first` on, how many can go to `to` as one send with segmentation offload (1: none).
    int segmentRun(const SocketAddress &to, const QVector<QByteArray> &pieces, qsizetype first);
    // Sends `run` pieces from `first` on as one buffer the kernel cuts into datagrams: `run`, or 0
    // when none went (no room now, or the offload refused: then the pieces go one by one).
    int sendSegmented(const SocketAddress &to, const QVector<QByteArray> &pieces, qsizetype first, int run);
    // ReplyChannel: answers of the responders (echo, auto-reply) to a datagram's sender.
    void reply(const QByteArray &bytes, const ReplyTo &to) override;
    QObject *replyContext() override { return this; }
    // DTLS: the link's news, and a client's handshake with its server, within the connect time limit.
    void startDtlsClient();
    void dtlsSecured(const SocketAddress &peer, const QString &text) override;
    void dtlsReceived(const SocketAddress &peer, const QByteArray &plaintext) override;
    void dtlsSent(const SocketAddress &peer, const QByteArray &plaintext) override;
    void dtlsEnded(const SocketAddress &peer, EventKind kind, const QString &text, Direction dir) override;
    void dtlsNote(const SocketAddress &peer, EventKind kind, const QString &text, Direction dir) override;
    // The received datagram's bytes (plain text with DTLS) into the session, from `peer`.
    void deliver(Peer &peer, const SocketAddress &from, const char *data, qsizetype size);
    // Applies the configured multicast interface and groups; false (the session failed) on an error.
    bool setUpMulticast();
    void changeMembership(const QHostAddress &group, const QString &interfaceName, bool join);

    const ConnId m_id;
    std::shared_ptr<ConnectionStats> m_stats;
    ReceivePipeline m_pipeline;
    int m_fd = -1;
    int m_family = 0;
    HostLookup m_lookup;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    bool m_hasDefaultTarget = false;
    SocketAddress m_defaultTarget;
    bool m_hasLastPeer = false;
    SocketAddress m_lastPeer;
    QString m_local;
    QHash<QByteArray, Peer> m_peers;
    std::deque<Pending> m_pending;
    qint64 m_pendingBytes = 0;
    int m_multicastIndex = 0; // the configured multicast interface, 0: none chosen
    bool m_closed = false;
    bool m_segmentationOff = false; // the kernel or the route refused UDP_SEGMENT: plain sends only
    bool m_segmentationChecked = false; // the kernel was asked whether it knows UDP_SEGMENT
    // Per destination (SocketAddress::key()) whose route refused a segment size: the longest datagram
    // still offloaded to it. Other destinations keep their own routes' sizes.
    QHash<QByteArray, qsizetype> m_segmentLimits;
    UnixSocketFile m_socketFile; // a Unix datagram socket's
    qint64 m_kernelDrops = 0; // as last reported by the kernel (SO_RXQ_OVFL)
    qint64 m_kernelDropsReported = 0; // of those, the ones an event has told of
    QElapsedTimer m_dropsReported; // since the last such event
    std::unique_ptr<DatagramTlsLink> m_dtls;
    bool m_dtlsClient = false; // DTLS with the default target as the one server
    bool m_dtlsStarted = false; // the client's handshake is done: the session has started
    QTimer *m_handshakeTimer = nullptr;
};

} // namespace sockpit
