#include "posixsocket.h"

#include "endpoint.h"
#include "threadbuffer.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/un.h>
#include <unistd.h>

namespace sockpit {

SocketAddress SocketAddress::from(const QHostAddress &address, quint16 port)
{
    SocketAddress result;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&result.storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof(bytes.c));
        const QString scope = address.scopeId();
        if (!scope.isEmpty()) {
            bool numeric = false;
            const uint id = scope.toUInt(&numeric);
            in6->sin6_scope_id = numeric ? id : if_nametoindex(scope.toLocal8Bit().constData());
        }
        result.length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&result.storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        result.length = sizeof(sockaddr_in);
    }
    return result;
}

SocketAddress SocketAddress::fromPath(const QString &path)
{
    SocketAddress result;
    auto *un = reinterpret_cast<sockaddr_un *>(&result.storage);
    un->sun_family = AF_UNIX;
    const bool abstract = path.startsWith(QLatin1Char('@'));
    const QByteArray bytes = abstract ? path.mid(1).toUtf8() : QFile::encodeName(path);
    const size_t size = qMin(size_t(bytes.size()), sizeof(un->sun_path) - 1);
    // An abstract name starts with a NUL and is exactly as long as the address says; a path ends
    // with one.
    std::memcpy(un->sun_path + (abstract ? 1 : 0), bytes.constData(), size);
    result.length = socklen_t(offsetof(sockaddr_un, sun_path) + 1 + size);
    return result;
}

SocketAddress SocketAddress::unixAutobind()
{
    SocketAddress result;
    result.storage.ss_family = AF_UNIX;
    result.length = sizeof(sa_family_t);
    return result;
}

QString SocketAddress::path() const
{
    if (storage.ss_family != AF_UNIX || length <= offsetof(sockaddr_un, sun_path))
        return QString();
    const auto *un = reinterpret_cast<const sockaddr_un *>(&storage);
    const size_t size = qMin(size_t(length) - offsetof(sockaddr_un, sun_path), sizeof(un->sun_path));
    if (un->sun_path[0] == '\0')
        return QLatin1Char('@') + QString::fromUtf8(un->sun_path + 1, qsizetype(size) - 1);
    return QFile::decodeName(QByteArray(un->sun_path, qsizetype(strnlen(un->sun_path, size))));
}

QHostAddress SocketAddress::address() const
{
    QHostAddress result;
    if (storage.ss_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&storage);
        result.setAddress(in6->sin6_addr.s6_addr);
        bool isV4 = false;
        const quint32 v4 = result.toIPv4Address(&isV4);
        if (isV4)
            return QHostAddress(v4);
        if (in6->sin6_scope_id != 0) {
            char name[IF_NAMESIZE] = {};
            result.setScopeId(if_indextoname(in6->sin6_scope_id, name) ? QString::fromLocal8Bit(name)
                                                                       : QString::number(in6->sin6_scope_id));
        }
    } else if (storage.ss_family == AF_INET) {
        const auto *in4 = reinterpret_cast<const sockaddr_in *>(&storage);
        result.setAddress(ntohl(in4->sin_addr.s_addr));
    }
    return result;
}

quint16 SocketAddress::port() const
{
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port);
    if (storage.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    return 0;
}

QString SocketAddress::toString() const
{
    if (storage.ss_family == AF_UNIX)
        return path();
    return formatEndpoint(address(), port());
}

QByteArray SocketAddress::key() const
{
    return QByteArray(reinterpret_cast<const char *>(&storage), int(length));
}

SocketAddress SocketAddress::fromKey(const QByteArray &key)
{
    SocketAddress result;
    const size_t size = qMin(size_t(key.size()), sizeof(result.storage));
    std::memcpy(&result.storage, key.constData(), size);
    result.length = socklen_t(size);
    return result;
}

namespace posix {

int openSocket(int family, int type)
{
    return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

bool setNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL, 0);
    return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

void setReuseAddress(int fd)
{
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
}

void setNoDelay(int fd, bool on)
{
    const int value = on ? 1 : 0;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &value, sizeof(value));
}

void setKeepAlive(int fd, bool on)
{
    const int value = on ? 1 : 0;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &value, sizeof(value));
}

void setDualStack(int fd)
{
    const int off = 0;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
}

void enlargeReceiveBuffer(int fd, int bytes)
{
    // SO_RCVBUFFORCE passes net.core.rmem_max where the process may (root, CAP_NET_ADMIN); elsewhere
    // SO_RCVBUF gets as close as the system allows.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

SocketAddress localAddress(int fd)
{
    SocketAddress result;
    result.length = sizeof(result.storage);
    if (::getsockname(fd, result.data(), &result.length) != 0)
        result.length = 0;
    return result;
}

SocketAddress peerAddress(int fd)
{
    SocketAddress result;
    result.length = sizeof(result.storage);
    if (::getpeername(fd, result.data(), &result.length) != 0)
        result.length = 0;
    return result;
}

int pendingError(int fd)
{
    int error = 0;
    socklen_t length = sizeof(error);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        return errno;
    return error;
}

namespace {
struct UnixText
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::UnixSocket)
};
} // namespace

QString unixPathError(const QString &path)
{
    if (path.isEmpty() || path == QLatin1String("@"))
        return UnixText::tr("a Unix socket needs a path (or @name for an abstract name)");
    if (path.contains(QChar(0)))
        return UnixText::tr("a Unix socket path cannot hold a NUL character");
    const bool abstract = path.startsWith(QLatin1Char('@'));
    const qsizetype bytes = abstract ? path.mid(1).toUtf8().size() + 1 : QFile::encodeName(path).size();
    if (bytes > MaxUnixPathBytes)
        return UnixText::tr("the Unix socket path '%1' is %2 bytes long; the system allows at most %3")
            .arg(path)
            .arg(bytes)
            .arg(MaxUnixPathBytes);
    return QString();
}

PeerCredentials peerCredentials(int fd)
{
    PeerCredentials result;
    ucred credentials {};
    socklen_t length = sizeof(credentials);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 && credentials.pid > 0) {
        result.pid = credentials.pid;
        result.uid = credentials.uid;
    }
    return result;
}

void closeDescriptor(int fd)
{
    if (fd >= 0)
        ::close(fd);
}

QString errorText(int error)
{
    char buffer[256] = {};
    // GNU strerror_r returns the message, which may or may not live in buffer.
    const char *message = strerror_r(error, buffer, sizeof(buffer));
    return QString::fromLocal8Bit(message);
}

namespace {
struct DatagramBuffer;
} // namespace

char *datagramBuffer()
{
    return threadBuffer<DatagramBuffer, MaxDatagram>();
}

ssize_t receiveFrom(int fd, char *buffer, size_t size, int flags, SocketAddress &from)
{
    from.length = sizeof(from.storage);
    return ::recvfrom(fd, buffer, size, flags, from.data(), &from.length);
}

int openBoundDatagramSocket(const SocketAddress &address, bool broadcast, int *error)
{
    const int fd = openSocket(address.family(), SOCK_DGRAM);
    if (fd < 0) {
        *error = errno;
        return -1;
    }
    if (address.family() == AF_INET6 && address.address() == QHostAddress(QHostAddress::AnyIPv6))
        setDualStack(fd);
    if (broadcast) {
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on));
    }
    enlargeReceiveBuffer(fd, DatagramReceiveBufferBytes);
    const int on = 1; // each datagram read carries the count of those dropped for want of room
    ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on));
    if (::bind(fd, address.data(), address.length) != 0) {
        *error = errno;
        closeDescriptor(fd);
        return -1;
    }
    return fd;
}

int readDatagrams(int fd, const std::function<bool(const Datagram &)> &each)
{
    // One call takes up to ReadBatch datagrams, each into a slot of its own, with the kernel's drop
    // count beside it. The slots (1 MiB) are allocated by the first read on a thread.
    constexpr int ReadBatch = 16;
    struct ReadSlots
    {
        char bytes[ReadBatch][MaxDatagram];
        alignas(cmsghdr) char control[ReadBatch][CMSG_SPACE(sizeof(quint32)) + CMSG_SPACE(sizeof(ucred))];
        iovec vectors[ReadBatch];
        SocketAddress from[ReadBatch];
        mmsghdr headers[ReadBatch];
    };
    thread_local std::unique_ptr<ReadSlots> t_readSlots;
    if (!t_readSlots)
        t_readSlots = std::make_unique<ReadSlots>();
    ReadSlots &in = *t_readSlots;
    for (int total = 0; total < DatagramsPerWakeup;) {
        const int want = qMin(ReadBatch, DatagramsPerWakeup - total);
        for (int i = 0; i < want; ++i) {
            in.vectors[i] = {in.bytes[i], size_t(MaxDatagram)};
            in.headers[i] = {};
            msghdr &header = in.headers[i].msg_hdr;
            header.msg_name = in.from[i].data();
            header.msg_namelen = sizeof(in.from[i].storage);
            header.msg_iov = &in.vectors[i];
            header.msg_iovlen = 1;
            header.msg_control = in.control[i];
            header.msg_controllen = sizeof(in.control[i]);
        }
        const int got = ::recvmmsg(fd, in.headers, unsigned(want), MSG_TRUNC | MSG_DONTWAIT, nullptr);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
        }
        for (int i = 0; i < got; ++i) {
            msghdr &header = in.headers[i].msg_hdr;
            Datagram datagram;
            datagram.data = in.bytes[i];
            datagram.fullSize = in.headers[i].msg_len;
            datagram.size = qMin<qsizetype>(datagram.fullSize, MaxDatagram);
            // A sender without an address (an unbound Unix socket) leaves the slot as it was: say so.
            if (header.msg_namelen == 0)
                datagram.from = SocketAddress();
            else
                datagram.from = in.from[i];
            datagram.from.length = header.msg_namelen;
            for (cmsghdr *c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(&header, c)) {
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
                    quint32 drops = 0;
                    std::memcpy(&drops, CMSG_DATA(c), sizeof(drops));
                    datagram.kernelDrops = drops;
                } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
                    ucred credentials {};
                    std::memcpy(&credentials, CMSG_DATA(c), sizeof(credentials));
                    if (credentials.pid > 0) {
                        datagram.credentials.pid = credentials.pid;
                        datagram.credentials.uid = credentials.uid;
                    }
                }
            }
            if (!each(datagram))
                return 0;
        }
        total += got;
        if (got < want)
            return 0; // the queue is empty
    }
    return 0;
}

qint64 kernelDrops(int fd)
{
    quint32 info[SK_MEMINFO_VARS] = {};
    socklen_t length = sizeof(info);
    if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, &length) != 0
        || length <= SK_MEMINFO_DROPS * sizeof(quint32))
        return -1;
    return info[SK_MEMINFO_DROPS];
}

} // namespace posix

qint64 raiseOpenFileLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
        ::getrlimit(RLIMIT_NOFILE, &limit);
    }
    return static_cast<qint64>(limit.rlim_cur);
}

} // namespace sockpit
