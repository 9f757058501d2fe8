#pragma once

#include "chatroom.h"
#include "iochannel.h"
#include "receivepipeline.h"
#include "sessionref.h"
#include "websocketlink.h"

#include <QAbstractSocket>
#include <QList>
#include <QSslError>

#include <memory>
#include <optional>

class QSslSocket;

namespace sockpit {
struct ConnectionStats;
}

namespace sockpit::tls {

class TlsPolicy;

// One TCP connection of a session, run over TLS by a QSslSocket created on this I/O thread from the
// descriptor: the handshake (its outcome an info event, its failure an error event), received bytes
// into the session like a TcpConnection, and sends from the socket's buffer, counted as queued until
// encrypted and handed to the kernel. TLS here has no half-close: the peer closing ends the connection.
class TlsConnection final : public IoChannel,
                            private ReplyChannel,
                            private ChatLink,
                            private WebSocketLink::Host
{
    Q_OBJECT
public:
    // Takes ownership of the connected, non-blocking descriptor `fd`.
    TlsConnection(std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer,
        const TlsPolicy *transport, QObject *parent);
    ~TlsConnection() override;

    void start();

    void sendBytes(const QByteArray &bytes, const SendTarget &target) override;
    void shutdownWrite() override;
    void setCloseAfterPeerFinish(bool on) override;
    void closeNow() override;

private:
    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void readAvailable();
    void handleReceived(const char *data, qsizetype size);
    // ReplyChannel: answers of the responders (echo, auto-reply) to this connection's peer.
    void reply(const QByteArray &bytes, const ReplyTo &to) override;
    QObject *replyContext() override { return this; }
    // ChatLink: this connection's seat in the session's chat room, taken once the handshake is done.
    void pass(const QByteArray &bytes, int lines) override;
    qint64 waitingBytes() const override;
    void expel(const QString &reason) override;
    QObject *linkContext() override { return this; }
    // Brings the session's queued-bytes figure in line with what the socket still holds.
    void syncQueued();
    // A server whose closing handshake is done (or whose answer to a bad upgrade is written) ends the
    // connection once the socket has handed everything to the kernel; at the latest after a time limit.
    void closeAfterSending(EventKind kind, const QString &text, Direction dir);
    void maybeCloseAfterSending();
    // The closing handshake's end is awaited: the connection closes anyway after a time limit.
    void closeWithinTimeLimit();
    void finish(EventKind kind, const QString &text, Direction dir = Direction::Info, bool orderly = false);
    QString handshakeFailure(const QString &reason) const;
    // WebSocketLink::Host: the session's WebSocket on this connection, once TLS is up.
    void writeFrame(const QByteArray &bytes, qint64 payloadBytes) override;
    void messageReceived(const QByteArray &payload) override;
    void linkNote(EventKind kind, const QString &text, Direction dir) override;
    void linkClosed() override;
    void linkFailed(const QString &reason) override;

    int m_fd;
    const ConnId m_id;
    const TlsPolicy *m_transport;
    std::shared_ptr<ConnectionStats> m_stats;
    ReceivePipeline m_pipeline;
    Origin m_origin;
    QSslSocket *m_socket = nullptr;
    qint64 m_reportedQueued = 0; // what this connection has counted in the session's queued bytes
    bool m_encrypted = false;
    bool m_readPaused = false;
    bool m_readPausedForRecording = false;
    bool m_readScheduled = false;
    bool m_shutdownRequested = false;
    bool m_finished = false;
    QString m_untrustedFingerprint; // a certificate verification failed for
    std::unique_ptr<WebSocketLink> m_webSocket;
    WebSocketSentCounter m_webSocketSent;
    struct PendingClose
    {
        EventKind kind;
        QString text;
        Direction dir;
    };
    std::optional<PendingClose> m_closeAfterSending;
};

} // namespace sockpit::tls
