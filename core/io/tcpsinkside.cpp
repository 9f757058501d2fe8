// The data-sink side of a TcpConnection: when the session's received bytes go only to a descriptor
// (a headless command's standard output) and nothing else looks at them, they go from the socket to
// a pipe and from the pipe to the descriptor by splice(), never through the program's memory.

#include "tcpconnection.h"

#include "bytesink.h"
#include "relaypipe.h"
#include "sessioncore.h"

#include <cerrno>

#include <fcntl.h>

namespace sockpit {

bool TcpConnection::spliceToSink()
{
    if (!m_pipe)
        m_pipe = RelayPipe::create();
    if (!m_pipe) {
        m_spliceUnavailable = true;
        return false;
    }
    m_wokenSinceCheck = true;
    ByteSink &sink = *m_core->sink;
    qint64 readNow = 0;
    for (int i = 0; i < ReadsPerWakeup && !m_finished; ++i) {
        // The pipe is empty here: every splice into it is written out to the sink at once.
        const ssize_t n = ::splice(m_fd, nullptr, m_pipe->writeEnd, nullptr, size_t(m_pipe->capacity),
            SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n > 0) {
            readNow += n;
            lowWaterAfterRead(n);
            m_stats->bytesIn.fetch_add(n, std::memory_order_relaxed);
            m_pipeline.passedThrough(m_origin, n);
            if (!sink.writeFromPipe(m_pipe->readEnd, n)) {
                // The sink's reader is gone (the command ends): what the pipe holds goes with it.
                m_pipe.reset();
                return true;
            }
            continue;
        }
        if (n == 0) {
            afterPeerFinished();
            return true;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            lowWaterAfterDrain(readNow);
            return true;
        }
        if ((errno == EINVAL || errno == ENOSYS) && readNow == 0) {
            m_spliceUnavailable = true; // this socket cannot be spliced: read as usual
            return false;
        }
        failWithError(errno);
        return true;
    }
    return true;
}

} // namespace sockpit
