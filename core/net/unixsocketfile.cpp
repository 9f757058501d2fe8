#include "unixsocketfile.h"

#include <QFile>

#include <cerrno>

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sockpit {

namespace {

// Whether a socket of `type` is listening (or bound, for datagrams) at `address`: a probe connects.
bool someoneIsThere(int type, const SocketAddress &address)
{
    const int probe = posix::openSocket(AF_UNIX, type);
    if (probe < 0)
        return true; // cannot tell: leave the file alone
    const bool refused = ::connect(probe, address.data(), address.length) != 0 && errno == ECONNREFUSED;
    posix::closeDescriptor(probe);
    return !refused;
}

} // namespace

int UnixSocketFile::bind(int fd, int type, const QString &path)
{
    remove();
    m_removedStale = false;
    const SocketAddress address = SocketAddress::fromPath(path);
    if (::bind(fd, address.data(), address.length) != 0) {
        const int error = errno;
        if (error != EADDRINUSE || path.startsWith(QLatin1Char('@')))
            return error;
        const QByteArray name = QFile::encodeName(path);
        struct stat status
        {
        };
        if (::lstat(name.constData(), &status) != 0)
            return error;
        if (!S_ISSOCK(status.st_mode))
            return ENOTSOCK;
        if (someoneIsThere(type, address))
            return error;
        if (::unlink(name.constData()) != 0 && errno != ENOENT)
            return error;
        if (::bind(fd, address.data(), address.length) != 0)
            return errno;
        m_removedStale = true;
    }
    if (!path.startsWith(QLatin1Char('@'))) {
        struct stat status
        {
        };
        m_path = QFile::encodeName(path);
        if (::lstat(m_path.constData(), &status) == 0) {
            m_device = status.st_dev;
            m_inode = status.st_ino;
        } else {
            m_path.clear();
        }
    }
    return 0;
}

void UnixSocketFile::remove()
{
    if (m_path.isEmpty())
        return;
    // Only the file this bind made: another program may have put its own socket there since.
    struct stat status
    {
    };
    if (::lstat(m_path.constData(), &status) == 0 && status.st_dev == m_device && status.st_ino == m_inode)
        ::unlink(m_path.constData());
    m_path.clear();
}

} // namespace sockpit
