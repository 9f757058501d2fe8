#include "tcpconnection.h"

#include "posixsocket.h"
#include "sessioncore.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>

#include <sys/socket.h>
#include <unistd.h>

namespace sockpit {

namespace {
constexpr int ReadChunk = 64 * 1024;
// Reads per wake-up before giving the other connections on this thread their turn.
constexpr int ReadsPerWakeup = 16;
// One buffer per I/O thread, not per connection: 10,000 idle clients must not cost 640 MB.
thread_local char t_readBuffer[ReadChunk];

// `*chunk`, first made a copy of `data` if it is still null: a read is copied once, however many
// keep it. A display event cuts its own preview copy (SessionCore::post), so sharing the chunk
// pins no more memory than separate copies did.
const QByteArray &ownCopy(QByteArray *chunk, const char *data, qsizetype size)
{
    if (chunk->isNull())
        *chunk = QByteArray(data, size);
    return *chunk;
}
} // namespace

TcpConnection::TcpConnection(
    std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer, QObject *parent)
    : IoChannel(std::move(core), parent)
    , m_fd(fd)
    , m_id(id)
    , m_stats(std::make_shared<ConnectionStats>())
{
    m_stats->peer = peer;
    m_stats->local = posix::localAddress(fd).toString();
    m_stats->sinceUs = nowMicroseconds();
}

TcpConnection::~TcpConnection()
{
    if (!m_finished) {
        // Torn down with its thread (the program is exiting): close quietly.
        posix::closeDescriptor(m_fd);
        m_core->addQueued(m_stats.get(), -m_queuedBytes);
        if (listed()) {
            m_core->removeChannel(m_id);
            m_core->connections.fetch_sub(1);
        }
    }
}

void TcpConnection::setRelay(TcpConnection *partner, RelaySide side, const QString &upstream)
{
    m_partner = partner;
    m_relaySide = side;
    m_upstream = upstream;
}

void TcpConnection::note(EventKind kind, const QString &text, Direction dir)
{
    Event event;
    event.conn = m_id;
    event.dir = dir;
    event.kind = kind;
    event.text = m_relaySide == RelaySide::Upstream ? tr("upstream %1: %2").arg(m_upstream, text) : text;
    event.peer = m_stats->peer;
    event.local = m_stats->local;
    event.upstream = m_upstream;
    m_core->post(std::move(event));
}

void TcpConnection::start()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    posix::setNoDelay(m_fd, m_core->config.noDelay);
    posix::setKeepAlive(m_fd, m_core->config.keepAlive);
    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &TcpConnection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &TcpConnection::onWritable);
    m_messages = MessageStream::create(
        m_core->config.framing, [this](const Frame &frame, bool cutStarts) { postFrame(frame, cutStarts); });
    if (m_relaySide == RelaySide::None && !m_core->config.autoReplies.isEmpty()) {
        m_replier = std::make_unique<AutoReplier>(m_core->config.autoReplies);
        if (m_replier->isEmpty())
            m_replier.reset();
    }
    if (listed()) {
        m_core->addChannel(m_id, this, m_stats);
        m_core->wakeWaiters();
        const QString peer = m_stats->peer;
        m_core->notifyOwner([id = m_id, peer](Session *session) { emit session->peerOpened(id, peer); });
    }
    if (m_core->stopping())
        closeNow();
}

void TcpConnection::onReadable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    for (int i = 0; i < ReadsPerWakeup && !m_finished; ++i) {
        const ssize_t n = ::recv(m_fd, t_readBuffer, sizeof(t_readBuffer), 0);
        if (n > 0) {
            m_stats->bytesIn.fetch_add(n, std::memory_order_relaxed);
            if (m_relaySide == RelaySide::Upstream) {
                m_core->messagesOut.fetch_add(1, std::memory_order_relaxed); // counted as sent when written
            } else {
                m_core->bytesIn.fetch_add(n, std::memory_order_relaxed);
                m_core->messagesIn.fetch_add(1, std::memory_order_relaxed);
                if (m_core->dataHandler)
                    m_core->dataHandler(m_id, t_readBuffer, n);
            }
            // The read as bytes of its own: copied once at most, then shared by the event, the relay
            // partner's queue and the echo.
            QByteArray chunk;
            postReceived(t_readBuffer, n, &chunk);
            if (m_relaySide != RelaySide::None) {
                if (m_partner)
                    m_partner->forward(ownCopy(&chunk, t_readBuffer, n));
                if (m_readPausedForPartner)
                    return;
                continue;
            }
            if (m_core->config.echo && !m_finished) {
                m_core->addQueued(m_stats.get(), n);
                sendBytes(ownCopy(&chunk, t_readBuffer, n), SendTarget::connection(m_id));
                if (m_readPausedForEcho)
                    return;
            }
            continue;
        }
        if (n == 0) {
            afterPeerFinished();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            failWithError(errno);
        return;
    }
}

void TcpConnection::postReceived(const char *data, qsizetype size, QByteArray *chunk)
{
    if (!m_messages) {
        if (m_core->wantsDataEvents() || m_replier) {
            const QByteArray &bytes = ownCopy(chunk, data, size);
            if (m_core->wantsDataEvents())
                m_core->data(m_id, m_relaySide == RelaySide::Upstream ? Direction::Out : Direction::In,
                    m_stats->peer, m_stats->local, bytes, true, m_upstream);
            autoReply(bytes);
        }
        return;
    }
    // The stream is fed even when no one looks, so that messages stay aligned when a recording starts.
    m_messages->feed(data, size);
}

void TcpConnection::postFrame(const Frame &frame, bool cutStarts)
{
    if (cutStarts) {
        note(EventKind::Cut,
            tr("message longer than %1 bytes: shown in pieces of that size")
                .arg(m_messages->framing().maxFrame));
    }
    if (m_core->wantsDataEvents())
        m_core->data(m_id, m_relaySide == RelaySide::Upstream ? Direction::Out : Direction::In, m_stats->peer,
            m_stats->local, frame.bytes, true, m_upstream);
    autoReply(frame.bytes);
}

void TcpConnection::autoReply(const QByteArray &message)
{
    if (!m_replier || m_finished)
        return;
    const auto answer = m_replier->match(message);
    if (!answer)
        return;
    if (answer->delayMs <= 0) {
        sendReply(answer->bytes);
        return;
    }
    // On this connection's thread; never fires once the connection is gone.
    QTimer::singleShot(answer->delayMs, Qt::PreciseTimer, this, [this, bytes = answer->bytes] {
        if (!m_finished)
            sendReply(bytes);
    });
}

void TcpConnection::sendReply(const QByteArray &bytes)
{
    // Accounted like any other send, so the log and the recording show it as an out event.
    m_core->addQueued(m_stats.get(), bytes.size());
    sendBytes(bytes, SendTarget::connection(m_id));
}

void TcpConnection::flushFrame()
{
    if (m_messages)
        m_messages->flush();
}

void TcpConnection::onWritable()
{
    flush();
}

void TcpConnection::sendBytes(const QByteArray &bytes, const SendTarget &)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || m_shutdownRequested) {
        m_core->addQueued(m_stats.get(), -bytes.size());
        m_core->post(SessionCore::dropped(m_id, m_stats->peer, bytes.size(),
            m_finished ? tr("not sent: the connection is closed")
                       : tr("not sent: the sending side is already shut down")));
        return;
    }
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    if (m_core->wantsDataEvents())
        m_core->data(m_id, Direction::Out, m_stats->peer, m_stats->local, bytes);
    enqueue(bytes);
    if (m_writeNotifier && !m_writeNotifier->isEnabled())
        flush();
}

void TcpConnection::forward(const QByteArray &bytes)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || m_shutdownRequested) {
        m_core->post(SessionCore::dropped(
            m_id, m_stats->peer, bytes.size(), tr("not relayed: the other side of the relay is closed")));
        return;
    }
    m_core->addQueued(m_stats.get(), bytes.size());
    enqueue(bytes);
    if (m_writeNotifier && !m_writeNotifier->isEnabled())
        flush();
    // A side that reads faster than this one can write is held back instead of growing the queue.
    if (m_partner && m_queuedBytes > m_core->config.sendQueueLimit)
        m_partner->setReadPausedForPartner(true);
}

void TcpConnection::setReadPausedForPartner(bool paused)
{
    if (m_readPausedForPartner == paused || m_finished)
        return;
    m_readPausedForPartner = paused;
    if (m_readNotifier)
        m_readNotifier->setEnabled(!paused && !m_peerFinished && !m_partnerGone);
}

void TcpConnection::enqueue(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_queue.push_back(bytes);
    m_queuedBytes += bytes.size();
}

bool TcpConnection::flush()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    while (!m_queue.empty() && !m_finished) {
        const QByteArray &head = m_queue.front();
        const ssize_t n = ::send(m_fd, head.constData() + m_headOffset, size_t(head.size() - m_headOffset),
            MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            m_headOffset += n;
            m_queuedBytes -= n;
            m_stats->bytesOut.fetch_add(n, std::memory_order_relaxed);
            if (listed())
                m_core->bytesOut.fetch_add(n, std::memory_order_relaxed);
            m_core->addQueued(m_stats.get(), -n);
            if (m_headOffset == head.size()) {
                m_queue.pop_front();
                m_headOffset = 0;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            m_writeNotifier->setEnabled(true);
            updateReadPause();
            return true;
        }
        failWithError(n < 0 ? errno : EPIPE);
        return false;
    }
    if (m_finished)
        return false;
    if (m_writeNotifier)
        m_writeNotifier->setEnabled(false);
    updateReadPause();
    maybeShutdown();
    return true;
}

void TcpConnection::updateReadPause()
{
    // An echo peer that sends but does not read is held back instead of growing our queue.
    if (m_finished || !m_readNotifier)
        return;
    const qint64 limit = m_core->config.sendQueueLimit;
    if (m_partner && m_queuedBytes <= limit / 2)
        m_partner->setReadPausedForPartner(false);
    if (!m_readPausedForEcho && m_queuedBytes > limit) {
        m_readPausedForEcho = true;
        m_readNotifier->setEnabled(false);
    } else if (m_readPausedForEcho && m_queuedBytes <= limit / 2) {
        m_readPausedForEcho = false;
        m_readNotifier->setEnabled(!m_peerFinished);
    }
}

void TcpConnection::afterPeerFinished()
{
    m_peerFinished = true;
    m_stats->peerFinished.store(true);
    m_readNotifier->setEnabled(false);
    flushFrame(); // the peer will send no more: its unfinished message is all there is
    note(EventKind::HalfClose, tr("peer finished sending (FIN received)"));
    if (m_partner)
        m_partner->shutdownWrite(); // passes the FIN on once the bytes before it are written
    if (m_shutdownDone) {
        finish(EventKind::Close, tr("closed: both sides finished"));
        return;
    }
    applyCloseAfterPeerFinish();
}

void TcpConnection::applyCloseAfterPeerFinish()
{
    if (m_finished || !m_peerFinished || m_relaySide != RelaySide::None)
        return;
    if (m_core->closeAfterPeerFinish() || m_core->config.echo) {
        m_shutdownRequested = true;
        maybeShutdown();
    }
}

void TcpConnection::shutdownWrite()
{
    if (m_finished || m_shutdownRequested)
        return;
    m_shutdownRequested = true;
    maybeShutdown();
}

void TcpConnection::maybeShutdown()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || !m_shutdownRequested || m_shutdownDone || !m_queue.empty())
        return;
    ::shutdown(m_fd, SHUT_WR);
    m_shutdownDone = true;
    note(EventKind::ShutdownWrite, tr("sent FIN: this side has finished sending"));
    if (m_peerFinished)
        finish(EventKind::Close, tr("closed: both sides finished"));
    else if (m_partnerGone)
        finish(EventKind::Close, tr("closed: the other side of the relay closed"));
}

void TcpConnection::partnerGone()
{
    if (m_finished || m_partnerGone)
        return;
    m_partnerGone = true;
    m_partner = nullptr;
    // Nothing read from here could be passed on any more.
    if (m_readNotifier)
        m_readNotifier->setEnabled(false);
    flushFrame();
    if (m_shutdownDone) {
        finish(EventKind::Close, tr("closed: the other side of the relay closed"));
        return;
    }
    m_shutdownRequested = true;
    maybeShutdown();
}

void TcpConnection::closeNow()
{
    finish(EventKind::Close, tr("closed by this side"));
}

void TcpConnection::failWithError(int error)
{
    if (error == ECONNRESET || error == EPIPE)
        finish(EventKind::Reset, tr("connection reset by peer"), Direction::Error);
    else if (error == ETIMEDOUT)
        finish(EventKind::Timeout, tr("connection timed out"), Direction::Error);
    else
        finish(EventKind::Error, tr("connection failed: %1").arg(posix::errorText(error)), Direction::Error);
}

void TcpConnection::finish(EventKind kind, const QString &text, Direction dir)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished)
        return;
    flushFrame();
    m_finished = true;
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    posix::closeDescriptor(m_fd);
    m_fd = -1;
    if (listed())
        m_core->removeChannel(m_id);
    const qint64 unsent = m_queuedBytes;
    m_core->addQueued(m_stats.get(), -m_queuedBytes);
    m_queue.clear();
    m_queuedBytes = 0;
    QString message = text;
    if (unsent > 0)
        message += QLatin1Char(' ') + tr("(%1 bytes were not sent)").arg(unsent);
    note(kind, message, dir);
    if (listed()) {
        m_core->connections.fetch_sub(1);
        m_core->notifyOwner(
            [id = m_id, kind, message](Session *session) { emit session->peerClosed(id, kind, message); });
    }
    // A relay's other side follows: it writes what it still holds, then closes too. After an orderly
    // close of both directions it closes by itself.
    if (m_partner && !(m_peerFinished && m_shutdownDone))
        m_partner->partnerGone();
    m_partner = nullptr;
    // A client that loses its only connection by a fault has failed; an orderly close has not.
    const bool fault = kind == EventKind::Reset || kind == EventKind::Timeout || kind == EventKind::Error;
    if (fault && m_core->config.mode == SessionMode::TcpClient)
        m_core->notifyOwner([kind, message](Session *session) { emit session->failed(message, kind); });
    // Calls already queued to this object (sends) run before the deferred delete and see m_finished.
    deleteLater();
}

} // namespace sockpit
