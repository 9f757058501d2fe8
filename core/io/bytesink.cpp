#include "bytesink.h"

#include <QByteArray>

#include <cerrno>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace sockpit {

namespace {

using Clock = std::chrono::steady_clock;

bool spliceable(int fd)
{
    struct stat status
    {
    };
    const int flags = ::fcntl(fd, F_GETFL);
    if (::fstat(fd, &status) != 0 || flags < 0 || (flags & O_APPEND) != 0)
        return false; // splice() refuses a file opened for appending (`>> file`)
    if (S_ISFIFO(status.st_mode) || S_ISSOCK(status.st_mode) || S_ISREG(status.st_mode))
        return true;
    // /dev/null takes spliced pages and drops them; other devices (a terminal) are written to.
    return S_ISCHR(status.st_mode) && status.st_rdev == makedev(1, 3);
}

} // namespace

ByteSink::ByteSink(int fd)
    : m_fd(fd)
    , m_splice(spliceable(fd))
{ }

bool ByteSink::write(const char *data, qsizetype size)
{
    if (isClosed())
        return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    return writeLocked(data, size);
}

bool ByteSink::writeLocked(const char *data, qsizetype size)
{
    while (size > 0 && !isClosed()) {
        const ssize_t n = ::write(m_fd, data, size_t(size));
        if (n > 0) {
            data += n;
            size -= n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            waitForRoom(); // handed to us non-blocking: wait instead of losing bytes
            continue;
        }
        closeLocked();
    }
    m_lastWrite.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    return !isClosed();
}

bool ByteSink::writeFromPipe(int pipeReadEnd, qint64 size)
{
    if (isClosed())
        return false;
    std::lock_guard<std::mutex> lock(m_mutex);
    while (size > 0 && !isClosed()) {
        if (!m_splice.load(std::memory_order_relaxed))
            return copyFromPipeLocked(pipeReadEnd, size);
        const ssize_t n = ::splice(pipeReadEnd, nullptr, m_fd, nullptr, size_t(size), SPLICE_F_MOVE);
        if (n > 0) {
            size -= n;
            m_spliced.fetch_add(n, std::memory_order_relaxed);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            waitForRoom(); // the pipe holds the bytes: it is the sink that is full
            continue;
        }
        if (n < 0 && (errno == EINVAL || errno == ENOSYS))
            m_splice.store(false); // this descriptor takes no splice(): copied from now on
        else
            closeLocked();
    }
    m_lastWrite.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
    return !isClosed();
}

bool ByteSink::copyFromPipeLocked(int pipeReadEnd, qint64 size)
{
    QByteArray buffer(int(qMin<qint64>(size, 64 * 1024)), Qt::Uninitialized);
    while (size > 0 && !isClosed()) {
        const ssize_t n = ::read(pipeReadEnd, buffer.data(), size_t(qMin<qint64>(size, buffer.size())));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false; // the pipe holds less than it was said to: nothing sensible to do
        size -= n;
        if (!writeLocked(buffer.constData(), n))
            return false;
    }
    return !isClosed();
}

bool ByteSink::takesSplice() const
{
    return m_splice.load(std::memory_order_relaxed) && !isClosed();
}

qint64 ByteSink::msSinceLastWrite() const
{
    const Clock::rep last = m_lastWrite.load(std::memory_order_relaxed);
    if (last < 0)
        return -1;
    const Clock::duration since = Clock::now().time_since_epoch() - Clock::duration(last);
    return std::chrono::duration_cast<std::chrono::milliseconds>(since).count();
}

void ByteSink::waitForRoom() const
{
    pollfd out = {m_fd, POLLOUT, 0};
    ::poll(&out, 1, -1);
}

void ByteSink::closeLocked()
{
    if (m_closed.exchange(true))
        return;
    if (m_onClosed)
        m_onClosed();
}

} // namespace sockpit
