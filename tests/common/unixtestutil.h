#pragma once

// Shared by the tests of the Unix modes: a descriptor that closes itself, and Unix socket addresses
// written here, not by the code under test: a path, or "@name" in Linux's abstract namespace.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstddef>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace unixtest {

struct Fd
{
    explicit Fd(int descriptor = -1)
        : fd(descriptor)
    { }
    ~Fd() { reset(); }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    void reset(int descriptor = -1)
    {
        if (fd >= 0)
            ::close(fd);
        fd = descriptor;
    }
    int fd;
};

struct UnixAddress
{
    sockaddr_un address {};
    socklen_t length = 0;
    const sockaddr *data() const { return reinterpret_cast<const sockaddr *>(&address); }
};

inline UnixAddress unixAddress(const QString &path)
{
    UnixAddress result;
    result.address.sun_family = AF_UNIX;
    const bool abstract = path.startsWith(QLatin1Char('@'));
    const QByteArray bytes = abstract ? path.mid(1).toUtf8() : QFile::encodeName(path);
    const size_t size = qMin(size_t(bytes.size()), sizeof(result.address.sun_path) - 1);
    std::memcpy(result.address.sun_path + (abstract ? 1 : 0), bytes.constData(), size);
    result.length = socklen_t(offsetof(sockaddr_un, sun_path) + 1 + size);
    return result;
}

inline int rawUnixSocket(int type)
{
    return ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
}

// A socket of `type` bound to `path` (listening, for a stream); -1 on failure.
inline int rawBound(int type, const QString &path)
{
    const int fd = rawUnixSocket(type);
    const UnixAddress address = unixAddress(path);
    if (fd < 0 || ::bind(fd, address.data(), address.length) != 0
        || (type == SOCK_STREAM && ::listen(fd, 16) != 0)) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    return fd;
}

// A socket file nobody is bound to any more, as a program that ended without removing it leaves.
inline bool makeStaleSocketFile(int type, const QString &path)
{
    const int fd = rawUnixSocket(type);
    const UnixAddress address = unixAddress(path);
    const bool bound = fd >= 0 && ::bind(fd, address.data(), address.length) == 0;
    if (fd >= 0)
        ::close(fd);
    return bound;
}

} // namespace unixtest
