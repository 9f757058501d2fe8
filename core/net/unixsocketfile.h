#pragma once

#include "posixsocket.h"

#include <QString>

#include <sys/types.h>

namespace sockpit {

// The file a listening or bound Unix socket makes at its path, looked after: bind() takes the place
// of a socket file that nobody listens on any more (left behind by a program that ended without
// removing it), and remove() takes away the file this bind made, and only that one. An abstract name
// ("@name") has no file: both are then plain bind() and nothing.
class UnixSocketFile
{
public:
    UnixSocketFile() = default;
    UnixSocketFile(const UnixSocketFile &) = delete;
    UnixSocketFile &operator=(const UnixSocketFile &) = delete;
    ~UnixSocketFile() { remove(); }

    // Binds `fd` (AF_UNIX, of type `type`) to `path`. Returns 0, or the errno of the step that
    // failed; ENOTSOCK when the path is taken by something that is not a socket.
    int bind(int fd, int type, const QString &path);
    // True when bind() took away a socket file nobody listened on.
    bool removedStale() const { return m_removedStale; }
    void remove();

private:
    QByteArray m_path; // in the file system's encoding; empty: nothing to remove
    dev_t m_device = 0;
    ino_t m_inode = 0;
    bool m_removedStale = false;
};

} // namespace sockpit
