#include "rawcapture.h"

#include "posixsocket.h"

#include <QFile>

#include <cerrno>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

namespace sockpit {

RawCapture::~RawCapture()
{
    close();
}

bool RawCapture::open(const QString &path, ConnId conn, QString *error)
{
    close();
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (error)
            *error = tr("cannot open '%1': %2").arg(path, posix::errorText(errno));
        return false;
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_conn.store(conn);
        m_written.store(0);
        m_error.clear();
        m_queue.clear();
        m_closing = false;
    }
    m_thread = std::thread(&RawCapture::run, this, fd);
    m_accepting.store(true);
    return true;
}

void RawCapture::close()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_accepting.store(false);
        m_closing = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

QString RawCapture::errorString() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_error;
}

void RawCapture::write(ConnId conn, const char *data, qsizetype size)
{
    if (!m_accepting.load(std::memory_order_relaxed))
        return;
    const ConnId wanted = m_conn.load(std::memory_order_relaxed);
    if (wanted != 0 && conn != wanted)
        return;
    std::unique_lock<std::mutex> lock(m_mutex);
    if (!m_accepting.load())
        return;
    if (m_queue.size() + size > MaxQueuedBytes) {
        stopWithError(tr("saving received bytes stopped: the disk could not keep up (%1 bytes waiting)")
                          .arg(m_queue.size() + size));
        lock.unlock();
        m_wake.notify_all();
        return;
    }
    const bool wake = m_queue.isEmpty();
    m_queue.append(data, size);
    lock.unlock();
    if (wake)
        m_wake.notify_one();
}

void RawCapture::stopWithError(const QString &message)
{
    m_error = message;
    m_accepting.store(false);
    m_closing = true;
}

void RawCapture::run(int fd)
{
    // A FIFO whose reader went away must stop the capture with EPIPE, not kill the program.
    sigset_t pipeSignal;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nullptr);
    pthread_setname_np(pthread_self(), "sockpit-capture");
    QByteArray batch;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return !m_queue.isEmpty() || m_closing; });
            if (m_queue.isEmpty())
                break; // closing, and everything is written
            batch.swap(m_queue);
        }
        const char *p = batch.constData();
        qsizetype left = batch.size();
        while (left > 0) {
            const ssize_t n = ::write(fd, p, size_t(left));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                const int error = n < 0 ? errno : EIO;
                std::lock_guard<std::mutex> lock(m_mutex);
                stopWithError(tr("saving received bytes stopped: %1").arg(posix::errorText(error)));
                m_queue.clear();
                ::close(fd);
                return;
            }
            p += n;
            left -= n;
            m_written.fetch_add(n);
        }
        batch.resize(0); // keeps the capacity
    }
    ::close(fd);
}

} // namespace sockpit
