// The relay side of a TcpConnection: what one side reads, the other writes. Bytes nobody looks at
// go from socket to socket through the thread's read buffer; the rest go through the receive
// pipeline, whose relay responder forwards each message.

#include "tcpconnection.h"

#include "sessioncore.h"
#include "threadbuffer.h"

#include <QSocketNotifier>

#include <cerrno>

#include <sys/socket.h>

namespace sockpit {

void TcpConnection::setRelay(TcpConnection *partner, RelaySide side, const QString &upstream)
{
    m_partner = partner;
    m_relaySide = side;
    m_upstream = upstream;
}

void TcpConnection::copyToPartner()
{
    // The bytes are copied twice, into the buffer and out of it, like a plain read() and write()
    // loop. On loopback this beat splice() through a pipe, which hands the receiver the sender's
    // pages in fragments it then reads at more cost than the copy saved (docs/benchmarks.md).
    char *const buffer = threadBuffer<TcpConnection, ReadChunk>();
    for (int i = 0; i < ReadsPerWakeup && !m_finished && m_partner; ++i) {
        const ssize_t n = ::recv(m_fd, buffer, ReadChunk, 0);
        if (n > 0) {
            m_stats->bytesIn.fetch_add(n, std::memory_order_relaxed);
            m_pipeline.passedThrough(m_origin, n);
            m_partner->forwardCopy(buffer, n);
            if (m_readPausedForPartner)
                return;
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

void TcpConnection::forward(const QByteArray &bytes)
{
    Pending pending;
    pending.bytes = bytes;
    pending.size = bytes.size();
    forward(std::move(pending));
}

void TcpConnection::forwardCopy(const char *data, qint64 size)
{
    if (m_finished || m_shutdownRequested || !m_queue.empty() || !m_writeNotifier) {
        forward(QByteArray(data, size)); // refused, in line behind what waits, or not started yet
        return;
    }
    m_core->addQueued(m_stats.get(), size);
    qint64 sent = 0;
    int error = 0;
    while (sent < size) {
        const ssize_t n = ::send(m_fd, data + sent, size_t(size - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            sent += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            error = n < 0 ? errno : EPIPE;
            break;
        }
    }
    if (sent > 0) {
        m_stats->bytesOut.fetch_add(sent, std::memory_order_relaxed);
        if (listed())
            m_core->bytesOut.fetch_add(sent, std::memory_order_relaxed);
        m_core->addQueued(m_stats.get(), -sent);
    }
    if (sent == size)
        return;
    enqueue(QByteArray(data + sent, size - sent));
    if (error != EAGAIN && error != EWOULDBLOCK) {
        // Told now: the send that failed took the socket's pending error (a reset, a keepalive's
        // timeout), and a second one would only say EPIPE.
        failWithError(error);
        return;
    }
    m_writeNotifier->setEnabled(true);
    if (m_partner && m_queuedBytes > m_core->config.sendQueueLimit)
        m_partner->setReadPausedForPartner(true);
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
