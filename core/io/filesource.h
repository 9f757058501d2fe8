#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

namespace sockpit {

// A regular file opened once and sent by stream transports straight from the page cache
// (sendfile(2)): no byte of it is copied into the program. Shared by every connection that sends a
// range of it; closed when the last of them is done.
class FileSource final
{
public:
    // nullptr, with the reason in *error, when `path` cannot be opened or is not a regular file (a
    // FIFO or a device has no size to send ranges of).
    static std::shared_ptr<const FileSource> open(const QString &path, QString *error);
    ~FileSource();
    FileSource(const FileSource &) = delete;
    FileSource &operator=(const FileSource &) = delete;

    int descriptor() const { return m_fd; }
    qint64 size() const { return m_size; }
    const QString &path() const { return m_path; }

private:
    FileSource(int fd, qint64 size, const QString &path);

    const int m_fd;
    const qint64 m_size;
    const QString m_path;
};

// `length` bytes of `file` from `offset` on.
struct FileRange
{
    std::shared_ptr<const FileSource> file;
    qint64 offset = 0;
    qint64 length = 0;

    // The bytes themselves, for a transport that must see them (a datagram, TLS, a recording). Short
    // when the file has become shorter than the range.
    QByteArray read(QString *error = nullptr) const;
};

} // namespace sockpit
