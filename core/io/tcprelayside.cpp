// The relay side of a TcpConnection: what one side reads, the other writes. Bytes nobody looks at
// go from socket to socket through a pipe (splice); the rest go through the receive pipeline. The
// splice out of the socket (spliceIn) serves the data-sink side too.

#include "tcpconnection.h"

#include "relaypipe.h"
#include "sessioncore.h"

#include <QSocketNotifier>

#include <cerrno>

#include <fcntl.h>

namespace sockpit {

void TcpConnection::setRelay(TcpConnection *partner, RelaySide side, const QString &upstream)
{
    m_partner = partner;
    m_relaySide = side;
    m_upstream = upstream;
}

ssize_t TcpConnection::spliceIn(int pipeWriteEnd, qint64 room)
{
    for (;;) {
        const ssize_t n
            = ::splice(m_fd, nullptr, pipeWriteEnd, nullptr, size_t(room), SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n > 0) {
            m_stats->bytesIn.fetch_add(n, std::memory_order_relaxed);
            m_pipeline.passedThrough(m_origin, n);
        }
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

bool TcpConnection::spliceToPartner()
{
    if (!m_pipe)
        m_pipe = RelayPipe::create();
    if (!m_pipe) {
        m_spliceUnavailable = true;
        return false;
    }
    bool splicedAny = false;
    for (int i = 0; i < ReadsPerWakeup && !m_finished && m_partner; ++i) {
        const qint64 room = m_pipe->capacity - m_pipe->held;
        if (room <= 0) {
            m_readPausedForPipe = true; // the partner resumes this side as it empties the pipe
            updateReadNotifier();
            return true;
        }
        const ssize_t n = spliceIn(m_pipe->writeEnd, room);
        if (n > 0) {
            splicedAny = true;
            m_pipe->held += n;
            m_partner->forwardFromPipe(m_pipe, n);
            if (m_readPausedForPartner || m_readPausedForPipe)
                return true;
            continue;
        }
        if (n == 0) {
            afterPeerFinished();
            return true;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // Either nothing to read, or the pipe has no free slot left although it has bytes to
            // spare: both end when the partner writes what the pipe holds.
            if (m_pipe->held > 0) {
                m_readPausedForPipe = true;
                updateReadNotifier();
                return true;
            }
            // Nothing at all although woken: urgent data (MSG_OOB) stops splice() at its mark while
            // recv() skips it, so this wake-up reads as usual (the queue keeps the order).
            return splicedAny;
        }
        if (errno == EINVAL || errno == ENOSYS) {
            m_spliceUnavailable = true; // read as usual; the partner writes the pipe's bytes first
            return false;
        }
        failWithError(errno);
        return true;
    }
    return true;
}

void TcpConnection::pipeDrained()
{
    if (m_readPausedForPipe && m_pipe && m_pipe->held <= m_pipe->capacity / 2) {
        m_readPausedForPipe = false;
        updateReadNotifier();
    }
}

void TcpConnection::forward(const QByteArray &bytes)
{
    Pending pending;
    pending.bytes = bytes;
    pending.size = bytes.size();
    forward(std::move(pending));
}

void TcpConnection::forwardFromPipe(const std::shared_ptr<RelayPipe> &pipe, qint64 bytes)
{
    Pending pending;
    pending.pipe = pipe;
    pending.size = bytes;
    forward(std::move(pending));
}

void TcpConnection::forward(Pending &&pending)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_finished || m_shutdownRequested) {
        m_core->post(SessionCore::dropped(
            m_id, m_stats->peer, pending.size, tr("not relayed: the other side of the relay is closed")));
        return;
    }
    m_core->addQueued(m_stats.get(), pending.size);
    enqueue(std::move(pending));
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
        updateReadNotifier();
}

void TcpConnection::partnerGone()
{
    if (m_finished || m_partnerGone)
        return;
    m_partnerGone = true;
    m_partner = nullptr;
    // Nothing read from here could be passed on any more.
    if (m_readNotifier)
        updateReadNotifier();
    m_pipeline.finish();
    if (m_shutdownDone) {
        finish(EventKind::Close, tr("closed: the other side of the relay closed"));
        return;
    }
    m_shutdownRequested = true;
    maybeShutdown();
}

} // namespace sockpit
