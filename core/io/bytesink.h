#pragma once

#include <QtGlobal>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

namespace sockpit {

// Where a session's received bytes go unchanged: a descriptor it does not own (a headless command's
// standard output). Pieces written from different I/O threads never interleave. A connection whose
// bytes nothing else looks at moves them here with splice(), socket to pipe to this descriptor,
// without copying them into the program (takesSplice()). Once a write fails (the reader is gone)
// every later one fails at once, and the closed handler runs, once, on the thread that found it.
class ByteSink final
{
public:
    explicit ByteSink(int fd);
    ByteSink(const ByteSink &) = delete;
    ByteSink &operator=(const ByteSink &) = delete;

    // Set before the sink is used.
    void setClosedHandler(std::function<void()> handler) { m_onClosed = std::move(handler); }

    // Writes all of it, waiting for room if the descriptor is non-blocking; false once closed.
    bool write(const char *data, qsizetype size);
    // Moves `size` bytes that wait in the pipe `pipeReadEnd` to the sink (copying them when the
    // descriptor turns out not to take splice()). False once closed: the bytes stay in the pipe.
    bool writeFromPipe(int pipeReadEnd, qint64 size);
    // Whether a connection may splice into this sink: a pipe, a socket, a file not opened for
    // appending, /dev/null; not a terminal. False once closed.
    bool takesSplice() const;
    bool isClosed() const { return m_closed.load(std::memory_order_relaxed); }
    // Milliseconds since the last write; -1 before the first.
    qint64 msSinceLastWrite() const;
    // Of the bytes written, those that went by splice(), never copied.
    qint64 splicedBytes() const { return m_spliced.load(std::memory_order_relaxed); }

private:
    bool writeLocked(const char *data, qsizetype size);
    bool copyFromPipeLocked(int pipeReadEnd, qint64 size);
    void waitForRoom() const;
    void closeLocked();

    const int m_fd;
    std::mutex m_mutex;
    std::atomic<bool> m_closed {false};
    std::atomic<bool> m_splice {false};
    std::atomic<std::chrono::steady_clock::rep> m_lastWrite {-1};
    std::atomic<qint64> m_spliced {0};
    std::function<void()> m_onClosed;
};

} // namespace sockpit
