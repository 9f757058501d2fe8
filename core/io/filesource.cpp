#include "filesource.h"

#include "posixsocket.h"

#include <QFile>
#include <QObject>

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sockpit {

std::shared_ptr<const FileSource> FileSource::open(const QString &path, QString *error)
{
    // Looked at before it is opened: opening a FIFO would block, or take its bytes from the reader
    // that should have them.
    const QByteArray name = QFile::encodeName(path);
    struct stat info = {};
    if (::stat(name.constData(), &info) == 0 && !S_ISREG(info.st_mode)) {
        if (error)
            *error = QObject::tr("not a regular file");
        return nullptr;
    }
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (error)
            *error = posix::errorText(errno);
        return nullptr;
    }
    const bool statted = ::fstat(fd, &info) == 0;
    const int reason = errno;
    if (!statted || !S_ISREG(info.st_mode)) { // replaced since stat()
        ::close(fd);
        if (error)
            *error = statted ? QObject::tr("not a regular file") : posix::errorText(reason);
        return nullptr;
    }
    return std::shared_ptr<const FileSource>(new FileSource(fd, qint64(info.st_size), path));
}

FileSource::FileSource(int fd, qint64 size, const QString &path)
    : m_fd(fd)
    , m_size(size)
    , m_path(path)
{ }

FileSource::~FileSource()
{
    ::close(m_fd);
}

QByteArray FileRange::read(QString *error) const
{
    QByteArray bytes(length, Qt::Uninitialized);
    qint64 done = 0;
    while (done < length) {
        const ssize_t n
            = ::pread(file->descriptor(), bytes.data() + done, size_t(length - done), offset + done);
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && error)
            *error = posix::errorText(errno);
        break;
    }
    bytes.truncate(done);
    return bytes;
}

} // namespace sockpit
