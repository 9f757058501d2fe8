#include "rawcapture.h"

#include "posixsocket.h"

#include <QFile>

#include <cerrno>

#include <fcntl.h>
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
    std::lock_guard<std::mutex> lock(m_mutex);
    m_conn = conn;
    m_written.store(0);
    m_error.clear();
    m_fd.store(fd);
    return true;
}

void RawCapture::close()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const int fd = m_fd.exchange(-1);
    if (fd >= 0)
        ::close(fd);
}

QString RawCapture::errorString() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_error;
}

void RawCapture::write(ConnId conn, const char *data, qsizetype size)
{
    if (m_fd.load(std::memory_order_relaxed) < 0)
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    const int fd = m_fd.load();
    if (fd < 0 || (m_conn != 0 && conn != m_conn))
        return;
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_error = tr("saving received bytes stopped: %1").arg(posix::errorText(errno));
            ::close(fd);
            m_fd.store(-1);
            return;
        }
        data += n;
        size -= n;
        m_written.fetch_add(n);
    }
}

} // namespace sockpit
