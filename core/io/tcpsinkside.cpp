// The data-sink side of a TcpConnection: when the session's received bytes go only to a descriptor
// (a headless command's standard output) and nothing else looks at them, they go from the socket to
// a pipe and from the pipe to the descriptor by splice(), never through the program's memory.

#include "tcpconnection.h"

#include "bytesink.h"
#include "sessioncore.h"
#include "splicepipe.h"

#include <cerrno>
#include <memory>

#include <fcntl.h>

namespace sockpit {

namespace {

// One pipe per I/O thread, not per connection: it is empty whenever no splice is under way, so the
// connections of a thread can share it, and 10,000 clients cost no 20,000 descriptors.
struct ThreadPipe
{
    std::shared_ptr<SplicePipe> pipe;
    bool tried = false; // a pipe that could not be made is not tried again until one is discarded
};

ThreadPipe &threadPipeSlot()
{
    static thread_local ThreadPipe slot;
    return slot;
}

// Null when no pipe could be made: the connections then read as usual.
SplicePipe *threadPipe()
{
    ThreadPipe &slot = threadPipeSlot();
    if (!slot.pipe && !slot.tried) {
        slot.tried = true;
        slot.pipe = SplicePipe::create();
    }
    return slot.pipe.get();
}

// Closes the thread's pipe with whatever it still holds (a sink that took only part of it), so that
// the next connection to splice gets an empty one.
void discardThreadPipe()
{
    ThreadPipe &slot = threadPipeSlot();
    slot.pipe.reset();
    slot.tried = false;
}

} // namespace

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

bool TcpConnection::spliceToSink()
{
    SplicePipe *pipe = threadPipe();
    if (!pipe) {
        m_spliceUnavailable = true;
        return false;
    }
    m_wokenSinceCheck = true;
    ByteSink &sink = *m_core->sink;
    qint64 readNow = 0;
    for (int i = 0; i < ReadsPerWakeup && !m_finished; ++i) {
        // The pipe is empty here: every splice into it is written out to the sink at once.
        const ssize_t n = spliceIn(pipe->writeEnd, pipe->capacity);
        if (n > 0) {
            readNow += n;
            lowWaterAfterRead(n);
            if (!sink.writeFromPipe(pipe->readEnd, n)) {
                // The sink's reader is gone (the command ends): what the pipe holds goes with it.
                discardThreadPipe();
                return true;
            }
            continue;
        }
        if (n == 0) {
            afterPeerFinished();
            return true;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            // Nothing at all although woken: urgent data (MSG_OOB) stops splice() at its mark while
            // recv() skips it, so this wake-up reads as usual. Also a spurious wake-up, for the cost
            // of one recv().
            if (readNow == 0)
                return false;
            lowWaterAfterDrain(readNow);
            return true;
        }
        if (errno == EINVAL || errno == ENOSYS) {
            m_spliceUnavailable = true; // this socket cannot be spliced: read as usual from now on
            return readNow > 0;
        }
        failWithError(errno);
        return true;
    }
    return true;
}

} // namespace sockpit
