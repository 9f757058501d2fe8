// The low-water mark of a TcpConnection: how often a fast stream wakes the connection.

#include "tcpconnection.h"

#include <QSocketNotifier>
#include <QTimer>

#include <sys/socket.h>

namespace sockpit {

namespace {
// A peer that streams faster than this end reads (a read came back full): the connection is woken
// once half a read's worth has arrived (SO_RCVLOWAT) rather than for every segment, which takes a
// quarter of the wake-ups a GiB. A check every LowWaterCheckMs reads what a pause in the stream left
// under the mark: a stream's last bytes come at most two checks late, never later. The mark is half
// a read (TcpConnection::ReadChunk).
constexpr int LowWaterCheckMs = 2;
} // namespace

void TcpConnection::lowWaterAfterRead(qint64 bytes)
{
    if (bytes >= ReadChunk && m_lowWater == 1)
        setLowWater(ReadChunk / 2);
}

void TcpConnection::lowWaterAfterDrain(qint64 readNow)
{
    if (readNow < m_lowWater)
        setLowWater(1); // not woken by the mark: the stream has slowed down
}

void TcpConnection::setLowWater(int bytes)
{
    if (bytes == m_lowWater || m_fd < 0)
        return;
    if (::setsockopt(m_fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof bytes) != 0)
        return; // woken for every byte, as before
    m_lowWater = bytes;
    if (bytes > 1) {
        if (!m_lowWaterTimer) {
            m_lowWaterTimer = new QTimer(this);
            m_lowWaterTimer->setInterval(LowWaterCheckMs);
            connect(m_lowWaterTimer, &QTimer::timeout, this, &TcpConnection::checkLowWater);
        }
        m_wokenSinceCheck = true;
        m_lowWaterTimer->start();
    } else if (m_lowWaterTimer) {
        m_lowWaterTimer->stop();
    }
}

void TcpConnection::checkLowWater()
{
    if (m_wokenSinceCheck) {
        m_wokenSinceCheck = false;
        return;
    }
    // A whole check without a wake-up: the stream paused, perhaps with bytes under the mark.
    setLowWater(1);
    if (!m_finished && m_readNotifier && m_readNotifier->isEnabled())
        onReadable();
}

} // namespace sockpit
