#include "tcpconnection.h"

#include "posixsocket.h"
#include "relayresponder.h"
#include "sessioncore.h"
#include "threadbuffer.h"

#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <cerrno>

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sockpit {

namespace {
constexpr int WebSocketCloseMs = 5000;

} // namespace

TcpConnection::TcpConnection(
    std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer, QObject *parent)
    : IoChannel(parent)
    , m_core(std::move(core), this)
    , m_fd(fd)
    , m_id(id)
    , m_stats(std::make_shared<ConnectionStats>())
    , m_pipeline(m_core.operator->())
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
        m_core->addQueued(m_stats.get(), -m_queuedBytes - (m_webSocket ? m_webSocket->heldBytes() : 0));
        if (listed()) {
            m_core->removeChannel(m_id);
            m_core->connections.fetch_sub(1);
        }
    }
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
    m_origin.conn = m_id;
    m_origin.peer = m_stats->peer;
    m_origin.local = m_stats->local;
    m_origin.upstream = m_upstream;
    m_origin.dir = m_relaySide == RelaySide::Upstream ? Direction::Out : Direction::In;
    m_origin.replyTo.conn = m_id;
    if (m_relaySide == RelaySide::None && m_core->config.webSocket && webSocketApplies(m_core->config.mode)) {
        const bool client = m_core->config.mode == SessionMode::TcpClient;
        m_webSocket = std::make_unique<WebSocketLink>(
            client ? WebSocketLink::Role::Client : WebSocketLink::Role::Server, m_core->config,
            static_cast<WebSocketLink::Host *>(this));
        m_pipeline.setFramedByTransport(true);
    }
    if (m_relaySide == RelaySide::None) {
        m_pipeline.followSessionOptions(this, this, m_id);
    } else {
        m_pipeline.setFraming(m_core->config.framing);
        m_pipeline.addResponder(
            std::make_unique<RelayResponder>([this](const QByteArray &bytes, const ReplyTo &) {
                if (m_partner)
                    m_partner->forward(bytes);
            }));
    }
    if (listed()) {
        m_core->addChannel(m_id, this, m_stats);
        // Read once listed: a change made before is seen here, one made after comes as a call.
        m_closeAfterPeerFinish = m_core->closeAfterPeerFinish();
        m_core->wakeWaiters();
        const QString peer = m_stats->peer;
        m_core->notifyPeerOpened(m_id, m_stats->peer);
    }
    if (m_webSocket)
        m_webSocket->start();
    if (m_core->stopping())
        closeNow();
}

void TcpConnection::onReadable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_relaySide != RelaySide::None && m_partner && m_pipeline.passesThroughUnseen()) {
        copyToPartner();
        return;
    }
    if (m_relaySide == RelaySide::None && !m_webSocket && !m_spliceUnavailable && m_pipeline.goesOnlyToSink()
        && spliceToSink())
        return;
    m_wokenSinceCheck = true;
    // One buffer per I/O thread, not per connection: 10,000 idle clients must not cost 2.5 GB.
    char *const buffer = threadBuffer<TcpConnection, ReadChunk>();
    qint64 readNow = 0;
    for (int i = 0; i < ReadsPerWakeup && !m_finished; ++i) {
        const ssize_t n = ::recv(m_fd, buffer, ReadChunk, 0);
        if (n > 0) {
            readNow += n;
            lowWaterAfterRead(n);
            if (m_webSocket) {
                m_webSocket->received(buffer, n); // its messages come back to messageReceived()
            } else {
                m_stats->bytesIn.fetch_add(n, std::memory_order_relaxed);
                m_pipeline.received(m_origin, buffer, n);
            }
            // Held back: the partner or the peer's answers are not written fast enough.
            if (m_readPausedForPartner || m_readPausedForEcho)
                return;
            if (m_core->readsPaused()) {
                pauseForRecording();
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
        else
            lowWaterAfterDrain(readNow);
        return;
    }
}

void TcpConnection::reply(const QByteArray &bytes, const ReplyTo &)
{
    if (m_finished)
        return;
    // Accounted like any other send, so the log and the recording show it as an out event.
    m_core->addQueued(m_stats.get(), bytes.size());
    sendBytes(bytes, SendTarget::connection(m_id));
}

void TcpConnection::onWritable()
{
    flush();
}

void TcpConnection::sendBytes(const QByteArray &bytes, const SendTarget &)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || m_shutdownRequested) {
        refuse(bytes.size());
        return;
    }
    if (m_webSocket && !m_webSocket->send(bytes)) {
        refuse(bytes.size());
        return;
    }
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    if (m_core->wantsDataEvents())
        m_core->data(m_id, Direction::Out, m_stats->peer, m_stats->local, bytes);
    if (m_webSocket)
        return; // written as a frame (writeFrame), or held until the opening handshake is done
    enqueue(bytes);
    if (m_writeNotifier && !m_writeNotifier->isEnabled())
        flush();
}

void TcpConnection::writeFrame(const QByteArray &bytes, qint64 payloadBytes)
{
    if (m_finished)
        return;
    Pending pending;
    pending.bytes = bytes;
    pending.size = bytes.size();
    pending.uncounted = bytes.size() - payloadBytes;
    m_core->addQueued(m_stats.get(), pending.uncounted);
    enqueue(std::move(pending));
    if (m_writeNotifier && !m_writeNotifier->isEnabled())
        flush();
}

void TcpConnection::messageReceived(const QByteArray &payload)
{
    if (m_finished)
        return;
    m_stats->bytesIn.fetch_add(payload.size(), std::memory_order_relaxed);
    m_pipeline.received(m_origin, payload.constData(), payload.size());
}

void TcpConnection::closeWithinTimeLimit()
{
    QTimer::singleShot(WebSocketCloseMs, this, [this] {
        if (!m_finished)
            finish(EventKind::Close,
                tr("closed: the peer did not finish closing within %1 s").arg(WebSocketCloseMs / 1000));
    });
}

void TcpConnection::linkNote(EventKind kind, const QString &text, Direction dir)
{
    note(kind, text, dir);
}

void TcpConnection::linkClosed()
{
    // The closing handshake is done: this side sends nothing more. The peer's FIN (a server closes
    // first) then ends the connection, as any orderly close does.
    if (m_finished || m_shutdownRequested)
        return;
    m_shutdownRequested = true;
    maybeShutdown();
    closeWithinTimeLimit();
}

void TcpConnection::linkFailed(const QString &reason)
{
    if (isStreamClient(m_core->config.mode)) {
        finish(EventKind::Error, reason, Direction::Error); // the client has failed: it says why
        return;
    }
    // A server answered the failed request (400, 426...) and closes once the answer is written.
    note(EventKind::WebSocket, reason, Direction::Error);
    m_shutdownRequested = true;
    maybeShutdown();
    closeWithinTimeLimit();
}

void TcpConnection::refuse(qint64 bytes)
{
    m_core->addQueued(m_stats.get(), -bytes);
    m_core->post(SessionCore::dropped(m_id, m_stats->peer, bytes,
        m_finished ? tr("not sent: the connection is closed")
                   : tr("not sent: the sending side is already shut down")));
}

void TcpConnection::sendFileRange(const FileRange &range, const SendTarget &target)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_webSocket) {
        IoChannel::sendFileRange(range, target); // read and sent as a message
        return;
    }
    if (m_finished || m_shutdownRequested) {
        refuse(range.length);
        return;
    }
    if (m_core->wantsDataEvents()) {
        // Someone looks at what is sent (a recording began): the bytes are read and sent as such.
        QString error;
        const QByteArray bytes = range.read(&error);
        if (bytes.size() < range.length) {
            const qint64 missing = range.length - bytes.size();
            m_core->addQueued(m_stats.get(), -missing);
            m_core->post(SessionCore::dropped(m_id, m_stats->peer, missing,
                tr("not sent: '%1' could not be read: %2")
                    .arg(range.file->path(), error.isEmpty() ? tr("it became shorter") : error)));
        }
        sendBytes(bytes, target);
        return;
    }
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    Pending pending;
    pending.file = range;
    pending.size = range.length;
    enqueue(std::move(pending));
    if (m_writeNotifier && !m_writeNotifier->isEnabled())
        flush();
}

void TcpConnection::pass(const QByteArray &bytes, int lines)
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
    enqueue(bytes);
    if (m_writeNotifier && !m_writeNotifier->isEnabled())
        flush();
}

qint64 TcpConnection::waitingBytes() const
{
    return m_stats->queuedBytes.load(std::memory_order_relaxed);
}

void TcpConnection::expel(const QString &reason)
{
    finish(EventKind::Close, reason);
}

void TcpConnection::enqueue(const QByteArray &bytes)
{
    Pending pending;
    pending.bytes = bytes;
    pending.size = bytes.size();
    enqueue(std::move(pending));
}

void TcpConnection::enqueue(Pending &&pending)
{
    if (pending.size <= 0)
        return;
    m_queuedBytes += pending.size;
    if (pending.file.file)
        m_queuedFileBytes += pending.size;
    if (!m_queue.empty()) {
        // What follows on in the same file is written by the same call.
        Pending &tail = m_queue.back();
        if (pending.file.file && tail.file.file == pending.file.file
            && tail.file.offset + tail.size == pending.file.offset) {
            tail.size += pending.size;
            return;
        }
    }
    m_queue.push_back(std::move(pending));
}

ssize_t TcpConnection::writeHead(Pending &head)
{
    const size_t left = size_t(head.size - head.written);
    if (head.file.file) {
        off_t offset = off_t(head.file.offset + head.written);
        return ::sendfile(m_fd, head.file.file->descriptor(), &offset, left);
    }
    return ::send(m_fd, head.bytes.constData() + head.written, left, MSG_NOSIGNAL | MSG_DONTWAIT);
}

bool TcpConnection::flush()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    while (!m_queue.empty() && !m_finished) {
        Pending &head = m_queue.front();
        const ssize_t n = writeHead(head);
        if (n > 0) {
            // A WebSocket frame's header and control frames are not counted as sent: only messages.
            const qint64 counted = head.written + n - std::max(head.written, head.uncounted);
            head.written += n;
            m_queuedBytes -= n;
            if (head.file.file)
                m_queuedFileBytes -= n;
            if (counted > 0) {
                m_stats->bytesOut.fetch_add(counted, std::memory_order_relaxed);
                if (listed())
                    m_core->bytesOut.fetch_add(counted, std::memory_order_relaxed);
            }
            m_core->addQueued(m_stats.get(), -n);
            if (head.written == head.size)
                m_queue.pop_front();
            continue;
        }
        if (n == 0 && head.file.file) {
            // The file is shorter now than when its range was queued.
            const qint64 missing = head.size - head.written;
            m_queuedBytes -= missing;
            m_queuedFileBytes -= missing;
            m_core->addQueued(m_stats.get(), -missing);
            m_core->post(SessionCore::dropped(m_id, m_stats->peer, missing,
                tr("not sent: '%1' could not be read: %2")
                    .arg(head.file.file->path(), tr("it became shorter"))));
            m_queue.pop_front();
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
    // A file's range waits in the page cache, not here: only bytes held in memory count.
    const qint64 held = m_queuedBytes - m_queuedFileBytes;
    if (m_partner && held <= limit / 2)
        m_partner->setReadPausedForPartner(false);
    if (m_relaySide != RelaySide::None)
        return; // a relay holds back the side that fills this queue, not this side's reading
    if (!m_readPausedForEcho && held > limit) {
        m_readPausedForEcho = true;
        updateReadNotifier();
    } else if (m_readPausedForEcho && held <= limit / 2) {
        m_readPausedForEcho = false;
        updateReadNotifier();
    }
}

void TcpConnection::pauseForRecording()
{
    // The recording is behind: stop reading (this thread goes on serving the other connections)
    // until the writer has caught up. The peer's kernel buffers hold what it sends meanwhile.
    m_readPausedForRecording = true;
    updateReadNotifier();
    m_core->resumeWhenRecorded(this, [this] {
        m_readPausedForRecording = false;
        updateReadNotifier();
    });
}

void TcpConnection::updateReadNotifier()
{
    if (m_readNotifier)
        m_readNotifier->setEnabled(!m_finished && !m_peerFinished && !m_partnerGone && !m_readPausedForPartner
            && !m_readPausedForEcho && !m_readPausedForRecording);
}

void TcpConnection::afterPeerFinished()
{
    m_peerFinished = true;
    m_stats->peerFinished.store(true);
    updateReadNotifier();
    m_pipeline.finish(); // the peer will send no more: its unfinished message is all there is
    if (m_webSocket) {
        m_webSocket->peerFinished(); // a client still in the opening handshake fails here
        if (m_finished)
            return;
    }
    note(EventKind::HalfClose, tr("peer finished sending (FIN received)"));
    if (m_partner)
        m_partner->shutdownWrite(); // passes the FIN on once the bytes before it are written
    if (m_shutdownDone) {
        finish(EventKind::Close, tr("closed: both sides finished"));
        return;
    }
    if (m_webSocket) {
        // WebSocket has no half-close: a peer that finished has gone. Send what is queued, then close.
        m_shutdownRequested = true;
        maybeShutdown();
        return;
    }
    applyCloseAfterPeerFinish();
}

void TcpConnection::setCloseAfterPeerFinish(bool on)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    m_closeAfterPeerFinish = on;
    applyCloseAfterPeerFinish();
}

void TcpConnection::applyCloseAfterPeerFinish()
{
    if (m_finished || !m_peerFinished || m_relaySide != RelaySide::None)
        return;
    if (m_closeAfterPeerFinish || m_core->echo()) {
        m_shutdownRequested = true;
        maybeShutdown();
    }
}

void TcpConnection::shutdownWrite()
{
    if (m_finished || m_shutdownRequested)
        return;
    if (m_webSocket && !m_webSocket->isClosed()) {
        // WebSocket has no half-close: its closing handshake (linkClosed() once it is answered).
        m_webSocket->close(ws::CloseCode::Normal); // once the link is open, if it is not yet
        closeWithinTimeLimit();
        return;
    }
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

void TcpConnection::closeNow()
{
    if (m_webSocket && m_webSocket->isOpen() && !m_finished) {
        m_webSocket->close(ws::CloseCode::GoingAway); // written now if the socket takes it
        flush();
    }
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
    m_pipeline.finish();
    m_finished = true;
    delete m_lowWaterTimer;
    m_lowWaterTimer = nullptr;
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    posix::closeDescriptor(m_fd);
    m_fd = -1;
    if (listed())
        m_core->removeChannel(m_id);
    const qint64 unsent = m_queuedBytes + (m_webSocket ? m_webSocket->heldBytes() : 0);
    m_core->addQueued(m_stats.get(), -unsent);
    m_queue.clear();
    m_queuedBytes = 0;
    m_queuedFileBytes = 0;
    QString message = text;
    if (unsent > 0)
        message += QLatin1Char(' ') + tr("(%1 bytes were not sent)").arg(unsent);
    note(kind, message, dir);
    if (listed()) {
        m_core->connections.fetch_sub(1);
        m_core->notifyPeerClosed(m_id, kind, message);
    }
    // A relay's other side follows: it writes what it still holds, then closes too. After an orderly
    // close of both directions it closes by itself.
    if (m_partner && !(m_peerFinished && m_shutdownDone))
        m_partner->partnerGone();
    m_partner = nullptr;
    // A client that loses its only connection by a fault has failed; an orderly close has not.
    const bool fault = kind == EventKind::Reset || kind == EventKind::Timeout || kind == EventKind::Error;
    if (fault && isStreamClient(m_core->config.mode))
        m_core->notifyFailed(message, kind);
    // Calls already queued to this object (sends) run before the deferred delete and see m_finished.
    deleteLater();
}

} // namespace sockpit
