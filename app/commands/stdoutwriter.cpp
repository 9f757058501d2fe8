#include "stdoutwriter.h"

#include <atomic>
#include <cerrno>
#include <mutex>

#include <poll.h>
#include <unistd.h>

namespace sockpit::cli {

namespace {
std::mutex s_mutex;
std::atomic<bool> s_closed {false};
} // namespace

bool StdoutWriter::write(const char *data, qsizetype size)
{
    if (s_closed.load(std::memory_order_relaxed))
        return false;
    std::lock_guard<std::mutex> lock(s_mutex);
    while (size > 0) {
        const ssize_t n = ::write(STDOUT_FILENO, data, size_t(size));
        if (n > 0) {
            data += n;
            size -= n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Standard output was handed to us non-blocking: wait for room instead of losing bytes.
            pollfd out = {STDOUT_FILENO, POLLOUT, 0};
            ::poll(&out, 1, -1);
            continue;
        }
        s_closed.store(true);
        return false;
    }
    return true;
}

bool StdoutWriter::isClosed()
{
    return s_closed.load();
}

} // namespace sockpit::cli
