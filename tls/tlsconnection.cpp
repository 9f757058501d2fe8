#include "tlsconnection.h"

#include "posixsocket.h"
#include "session.h"
#include "sessioncore.h"
#include "threadbuffer.h"
#include "tlspolicy.h"

#include <QSslCipher>
#include <QSslSocket>
#include <QTimer>

namespace sockpit::tls {

namespace {
constexpr int ReadChunk = 64 * 1024;
constexpr int WebSocketCloseMs = 5000;
// Reads per wake-up before giving the other connections on this thread their turn.
constexpr int ReadsPerWakeup = 16;
// Decrypted bytes the socket holds for us before it stops reading from the kernel.
constexpr qint64 SocketReadBuffer = 256 * 1024;

} // namespace

TlsConnection::TlsConnection(std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer,
    const TlsPolicy *transport, QObject *parent)
    : IoChannel(parent)
    , m_core(std::move(core), this)
    , m_fd(fd)
    , m_id(id)
    , m_transport(transport)
    , m_stats(std::make_shared<ConnectionStats>())
    , m_pipeline(m_core.operator->())
{
    m_stats->peer = peer;
    m_stats->local = posix::localAddress(fd).toString();
    m_stats->sinceUs = nowMicroseconds();
}

TlsConnection::~TlsConnection()
{
    if (!m_finished) {
        // Torn down with its thread (the program is exiting): close quietly.
        posix::closeDescriptor(m_fd);
        m_core->removeChannel(m_id);
        m_core->addQueued(m_stats.get(), -m_reportedQueued - (m_webSocket ? m_webSocket->heldBytes() : 0));
        m_core->connections.fetch_sub(1);
    }
}

void TlsConnection::start()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const SessionConfig &config = m_core->config;
    posix::setNoDelay(m_fd, config.noDelay);
    posix::setKeepAlive(m_fd, config.keepAlive);
    m_socket = new QSslSocket(this);
    m_socket->setReadBufferSize(SocketReadBuffer);
    m_core->addChannel(m_id, this, m_stats);
    m_core->wakeWaiters();
    const QString peer = m_stats->peer;
    m_core->notifyPeerOpened(m_id, m_stats->peer);
    if (!m_socket->setSocketDescriptor(qintptr(m_fd))) {
        finish(EventKind::Error, tr("connection failed: %1").arg(m_socket->errorString()), Direction::Error);
        return;
    }
    m_fd = -1; // the socket owns it now
    connect(m_socket, &QSslSocket::encrypted, this, &TlsConnection::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &TlsConnection::onSslErrors);
    connect(m_socket, &QSslSocket::errorOccurred, this, &TlsConnection::onError);
    connect(m_socket, &QSslSocket::disconnected, this, &TlsConnection::onDisconnected);
    connect(m_socket, &QSslSocket::readyRead, this, &TlsConnection::readAvailable);
    connect(m_socket, &QSslSocket::bytesWritten, this, [this](qint64 bytes) {
        if (m_webSocket)
            bytes = m_webSocketSent.sent(bytes); // only messages count, not the frames' own bytes
        m_stats->bytesOut.fetch_add(bytes, std::memory_order_relaxed);
        m_core->bytesOut.fetch_add(bytes, std::memory_order_relaxed);
        syncQueued();
    });
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, [this] {
        syncQueued();
        maybeCloseAfterSending();
    });

    m_origin.conn = m_id;
    m_origin.peer = m_stats->peer;
    m_origin.local = m_stats->local;
    m_origin.replyTo.conn = m_id;
    if (config.webSocket && webSocketApplies(config.mode)) {
        // Created now so that what is sent before the handshakes are done waits in it.
        m_webSocket = std::make_unique<WebSocketLink>(
            m_transport->isServer() ? WebSocketLink::Role::Server : WebSocketLink::Role::Client, config,
            static_cast<WebSocketLink::Host *>(this));
        m_pipeline.setFramedByTransport(true);
    }

    m_socket->setSslConfiguration(m_transport->configuration());
    if (m_transport->isServer()) {
        m_socket->startServerEncryption();
    } else {
        m_socket->setPeerVerifyName(config.host);
        m_socket->startClientEncryption();
    }
    if (m_core->stopping())
        closeNow();
}

void TlsConnection::onEncrypted()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    m_encrypted = true;
    // Nothing can arrive before the handshake, and a chat room's greeting must not go out in the clear.
    m_pipeline.followSessionOptions(this, this, m_id); // framing too
    QString text = tr("TLS handshake done: %1, cipher %2")
                       .arg(protocolName(m_socket->sessionProtocol()), m_socket->sessionCipher().name());
    text += peerCertificateNote(*m_transport, m_socket->peerCertificate());
    m_core->info(m_id, EventKind::Tls, text, m_stats->peer, m_stats->local);
    syncQueued();
    if (m_webSocket)
        m_webSocket->start();
}

void TlsConnection::onSslErrors(const QList<QSslError> &errors)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const QSslCertificate certificate = certificateOf(m_socket->peerCertificate(), errors);
    if (certificate.isNull())
        return; // nothing to recognise: the handshake fails with the errors as they are
    const QString fingerprint = certificateFingerprint(certificate);
    if (!m_transport->isServer() && m_transport->trusts(fingerprint)) {
        m_socket->ignoreSslErrors();
        return;
    }
    m_untrustedFingerprint = fingerprint;
    if (m_transport->isServer())
        return;
    m_transport->reportUntrusted(
        describeUntrusted(m_core->config.host, m_core->config.port, certificate, errors));
}

QString TlsConnection::handshakeFailure(const QString &reason) const
{
    QString text = tr("TLS handshake with %1 failed: %2").arg(m_stats->peer, reason);
    if (!m_untrustedFingerprint.isEmpty())
        text += QLatin1Char(' ') + tr("(certificate SHA-256 fingerprint %1)").arg(m_untrustedFingerprint);
    return text;
}

void TlsConnection::onError(QAbstractSocket::SocketError error)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished)
        return;
    switch (error) {
    case QAbstractSocket::RemoteHostClosedError:
        return; // disconnected() follows, after the bytes still buffered are read
    case QAbstractSocket::SslHandshakeFailedError:
        finish(EventKind::Tls, handshakeFailure(m_socket->errorString()), Direction::Error);
        return;
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        finish(EventKind::Tls, tr("TLS failed: %1").arg(m_socket->errorString()), Direction::Error);
        return;
    default:
        finish(EventKind::Error, tr("connection failed: %1").arg(m_socket->errorString()), Direction::Error);
        return;
    }
}

void TlsConnection::onDisconnected()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished)
        return;
    // What the peer sent before it closed is still to be delivered.
    m_readPaused = false;
    m_shutdownRequested = true; // nothing more can be sent: no echo of the last bytes
    readAvailable();
    while (!m_finished && m_socket->bytesAvailable() > 0)
        readAvailable();
    if (m_finished)
        return;
    if (m_webSocket)
        m_webSocket->peerFinished();
    if (!m_encrypted)
        finish(EventKind::Tls, handshakeFailure(tr("the peer closed the connection")), Direction::Error);
    else
        finish(EventKind::Close, tr("closed by the peer"));
}

void TlsConnection::readAvailable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    m_readScheduled = false;
    char *const buffer = threadBuffer<TlsConnection, ReadChunk>();
    for (int i = 0; i < ReadsPerWakeup && !m_finished && !m_readPaused && !m_readPausedForRecording; ++i) {
        const qint64 n = m_socket->read(buffer, ReadChunk);
        if (n <= 0)
            return;
        handleReceived(buffer, n);
        if (m_core->readsPaused()) {
            // The recording is behind: read on once it has caught up. Meanwhile the socket's bounded
            // read buffer fills and the kernel holds the rest.
            m_readPausedForRecording = true;
            m_core->resumeWhenRecorded(this, [this] {
                m_readPausedForRecording = false;
                if (!m_readScheduled && !m_finished) {
                    m_readScheduled = true;
                    QMetaObject::invokeMethod(this, &TlsConnection::readAvailable, Qt::QueuedConnection);
                }
            });
            return;
        }
    }
    if (!m_finished && !m_readPaused && !m_readPausedForRecording && !m_readScheduled
        && m_socket->bytesAvailable() > 0) {
        // More is buffered: read it on a later turn, after the other connections of this thread.
        m_readScheduled = true;
        QMetaObject::invokeMethod(this, &TlsConnection::readAvailable, Qt::QueuedConnection);
    }
}

void TlsConnection::handleReceived(const char *data, qsizetype size)
{
    if (m_webSocket) {
        m_webSocket->received(data, size); // its messages come back to messageReceived()
        return;
    }
    m_stats->bytesIn.fetch_add(size, std::memory_order_relaxed);
    m_pipeline.received(m_origin, data, size);
}

void TlsConnection::reply(const QByteArray &bytes, const ReplyTo &)
{
    if (m_finished || m_shutdownRequested)
        return;
    m_core->addQueued(m_stats.get(), bytes.size());
    sendBytes(bytes, SendTarget::connection(m_id));
    // A peer that sends but does not read is held back instead of growing our queue.
    if (m_reportedQueued > m_core->config.sendQueueLimit)
        m_readPaused = true;
}

void TlsConnection::pass(const QByteArray &bytes, int lines)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || m_shutdownRequested)
        return;
    m_core->messagesOut.fetch_add(lines, std::memory_order_relaxed);
    m_core->addQueued(m_stats.get(), bytes.size());
    if (m_webSocket) {
        if (!m_webSocket->send(bytes))
            m_core->addQueued(m_stats.get(), -bytes.size());
        return;
    }
    m_reportedQueued += bytes.size();
    m_socket->write(bytes);
    syncQueued();
}

qint64 TlsConnection::waitingBytes() const
{
    return m_stats->queuedBytes.load(std::memory_order_relaxed);
}

void TlsConnection::expel(const QString &reason)
{
    finish(EventKind::Close, reason, Direction::Info, true);
}

void TlsConnection::sendBytes(const QByteArray &bytes, const SendTarget &)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || m_shutdownRequested || (m_webSocket && !m_webSocket->send(bytes))) {
        m_core->addQueued(m_stats.get(), -bytes.size());
        m_core->post(SessionCore::dropped(m_id, m_stats->peer, bytes.size(),
            m_finished ? tr("not sent: the connection is closed")
                       : tr("not sent: the sending side is already shut down")));
        return;
    }
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    if (m_core->wantsDataEvents())
        m_core->data(m_id, Direction::Out, m_stats->peer, m_stats->local, bytes);
    if (m_webSocket)
        return; // written as a frame (writeFrame), or held until the handshakes are done
    m_reportedQueued += bytes.size(); // counted as queued by whoever asked for the send
    m_socket->write(bytes);
    syncQueued();
}

void TlsConnection::writeFrame(const QByteArray &bytes, qint64 payloadBytes)
{
    if (m_finished)
        return;
    // The payload was counted as queued by whoever asked for the send; the frame's own bytes now.
    m_core->addQueued(m_stats.get(), bytes.size() - payloadBytes);
    m_reportedQueued += bytes.size();
    m_webSocketSent.frameWritten(bytes.size(), payloadBytes);
    m_socket->write(bytes);
    syncQueued();
}

void TlsConnection::messageReceived(const QByteArray &payload)
{
    if (m_finished)
        return;
    m_stats->bytesIn.fetch_add(payload.size(), std::memory_order_relaxed);
    m_pipeline.received(m_origin, payload.constData(), payload.size());
}

void TlsConnection::closeAfterSending(EventKind kind, const QString &text, Direction dir)
{
    if (m_finished || m_closeAfterSending)
        return;
    m_shutdownRequested = true;
    m_closeAfterSending = PendingClose {kind, text, dir};
    m_socket->flush();
    QTimer::singleShot(WebSocketCloseMs, this, [this] {
        if (!m_finished && m_closeAfterSending)
            finish(m_closeAfterSending->kind, m_closeAfterSending->text, m_closeAfterSending->dir, true);
    });
    maybeCloseAfterSending();
}

void TlsConnection::maybeCloseAfterSending()
{
    if (m_finished || !m_closeAfterSending || !m_socket
        || m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite() > 0)
        return;
    const PendingClose close = *m_closeAfterSending;
    finish(close.kind, close.text, close.dir, true);
}

void TlsConnection::closeWithinTimeLimit()
{
    QTimer::singleShot(WebSocketCloseMs, this, [this] {
        if (!m_finished)
            finish(EventKind::Close,
                tr("closed: the peer did not finish closing within %1 s").arg(WebSocketCloseMs / 1000),
                Direction::Info, true);
    });
}

void TlsConnection::linkNote(EventKind kind, const QString &text, Direction dir)
{
    m_core->info(m_id, kind, text, m_stats->peer, m_stats->local, dir);
}

void TlsConnection::linkClosed()
{
    // A server ends the connection once the closing handshake is done (RFC 6455, 7.1.1), after what
    // is queued and its close frame; a client waits for it to, within a time limit.
    if (m_transport->isServer()) {
        closeAfterSending(
            EventKind::Close, tr("closed: the WebSocket closing handshake is done"), Direction::Info);
        return;
    }
    m_shutdownRequested = true;
    closeWithinTimeLimit();
}

void TlsConnection::linkFailed(const QString &reason)
{
    if (m_transport->isServer()) {
        // Its answer (400, 426...) goes out first, then the close.
        closeAfterSending(EventKind::WebSocket, reason, Direction::Error);
        return;
    }
    finish(EventKind::Error, reason, Direction::Error);
}

void TlsConnection::syncQueued()
{
    if (m_finished || !m_socket)
        return;
    const qint64 now = m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
    if (now != m_reportedQueued) {
        m_core->addQueued(m_stats.get(), now - m_reportedQueued);
        m_reportedQueued = now;
    }
    if (m_readPaused && m_reportedQueued <= m_core->config.sendQueueLimit / 2) {
        m_readPaused = false;
        if (!m_readScheduled) {
            m_readScheduled = true;
            QMetaObject::invokeMethod(this, &TlsConnection::readAvailable, Qt::QueuedConnection);
        }
    }
}

void TlsConnection::shutdownWrite()
{
    if (m_finished || m_shutdownRequested)
        return;
    if (m_webSocket && !m_webSocket->isClosed()) {
        // WebSocket has no half-close: its closing handshake (linkClosed() once it is answered).
        m_webSocket->close(ws::CloseCode::Normal);
        closeWithinTimeLimit();
        return;
    }
    // QSslSocket cannot send close_notify and go on reading, and a bare FIN under TLS would look like
    // a truncation attack to the peer: the connection stays open until the peer closes it.
    m_shutdownRequested = true;
    m_core->info(m_id, EventKind::Tls,
        tr("finished sending; TLS cannot half-close, so the connection stays open until the peer closes it"),
        m_stats->peer, m_stats->local);
}

void TlsConnection::setCloseAfterPeerFinish(bool on)
{
    // A TLS peer that finishes closes the connection, and this one follows at once.
    Q_UNUSED(on)
}

void TlsConnection::closeNow()
{
    if (m_webSocket && m_webSocket->isOpen() && !m_finished)
        m_webSocket->close(ws::CloseCode::GoingAway); // goes out with close_notify
    finish(EventKind::Close, tr("closed by this side"), Direction::Info, true);
}

void TlsConnection::finish(EventKind kind, const QString &text, Direction dir, bool orderly)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished)
        return;
    m_pipeline.finish();
    syncQueued();
    m_finished = true;
    if (m_socket) {
        m_socket->disconnect(this);
        // An orderly close tells the peer with close_notify what the kernel takes now; the socket
        // itself, and its descriptor, go with this object.
        if (orderly && m_encrypted && m_socket->state() == QAbstractSocket::ConnectedState) {
            m_socket->disconnectFromHost();
            m_socket->flush();
        }
    }
    posix::closeDescriptor(m_fd); // only if the socket never took it
    m_fd = -1;
    m_core->removeChannel(m_id);
    const qint64 unsent = m_reportedQueued + (m_webSocket ? m_webSocket->heldBytes() : 0);
    m_core->addQueued(m_stats.get(), -unsent);
    m_reportedQueued = 0;
    m_core->connections.fetch_sub(1);
    QString message = text;
    if (unsent > 0)
        message += QLatin1Char(' ') + tr("(%1 bytes were not sent)").arg(unsent);
    m_core->info(m_id, kind, message, m_stats->peer, m_stats->local, dir);
    m_core->notifyPeerClosed(m_id, kind, message);
    const bool fault = kind == EventKind::Reset || kind == EventKind::Timeout || kind == EventKind::Error
        || kind == EventKind::Tls || (kind == EventKind::WebSocket && dir == Direction::Error);
    if (fault && isStreamClient(m_core->config.mode))
        m_core->notifyFailed(message, kind);
    deleteLater();
}

} // namespace sockpit::tls
