#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <functional>

#include <sys/socket.h>

namespace sockpit {

// Thin helpers over POSIX socket calls, so the session code reads as socket steps, not as casts.
struct SocketAddress
{
    sockaddr_storage storage {};
    socklen_t length = 0;

    const sockaddr *data() const { return reinterpret_cast<const sockaddr *>(&storage); }
    sockaddr *data() { return reinterpret_cast<sockaddr *>(&storage); }
    int family() const { return storage.ss_family; }

    static SocketAddress from(const QHostAddress &address, quint16 port);
    // A Unix domain socket's address: a file system path, or with a leading '@' a name in Linux's
    // abstract namespace ("@name", no file). Check the path with unixPathError() first.
    static SocketAddress fromPath(const QString &path);
    // Linux picks an unused abstract name when a Unix socket is bound to this (autobind). It is also
    // the address of a Unix socket that has no name.
    static SocketAddress unixAutobind();
    QHostAddress address() const;
    quint16 port() const;
    // A Unix address as fromPath() reads it; empty for an unnamed socket (one never bound).
    QString path() const;
    // formatEndpoint(address(), port()); a Unix address as path()
    QString toString() const;
    // The raw bytes of the address, as a hash key for a peer; fromKey() turns a key back into the
    // address.
    QByteArray key() const;
    static SocketAddress fromKey(const QByteArray &key);
};

namespace posix {
// Creates a non-blocking, close-on-exec socket; -1 with errno set on failure.
int openSocket(int family, int type);
bool setNonBlocking(int fd);
void setReuseAddress(int fd);
void setNoDelay(int fd, bool on);
void setKeepAlive(int fd, bool on);
void setDualStack(int fd); // an IPv6 socket bound to :: also takes IPv4
void enlargeReceiveBuffer(int fd, int bytes); // as far as the system lets this process
SocketAddress localAddress(int fd);
SocketAddress peerAddress(int fd);
int pendingError(int fd); // SO_ERROR
// The longest Unix socket path, in bytes of the file system's encoding (sun_path less its NUL).
constexpr int MaxUnixPathBytes = 107;
// What is wrong with `path` as a Unix socket address, or an empty string when nothing is.
QString unixPathError(const QString &path);
// SO_PEERCRED of a connected Unix socket: the process that connected or listened, as the kernel saw it
// then; pid -1 when the kernel does not say.
struct PeerCredentials
{
    qint64 pid = -1;
    qint64 uid = -1;
    bool known() const { return pid >= 0; }
};
PeerCredentials peerCredentials(int fd);
void closeDescriptor(int fd); // close(), retrying nothing: POSIX leaves fd state unspecified on EINTR
QString errorText(int error); // strerror as a QString

// Datagram sockets (UDP, ICMP) -------------------------------------------------------------------
// A UDP socket bound to `address`: non-blocking, dual-stack when bound to ::, with a large receive
// queue (DatagramReceiveBufferBytes), and allowed to send to broadcast addresses when `broadcast`.
// Returns the descriptor, or -1 with *error set to the errno of the step that failed.
int openBoundDatagramSocket(const SocketAddress &address, bool broadcast, int *error);
// The largest datagram a read takes whole.
constexpr int MaxDatagram = 65536;
// The kernel receive queue asked for: a device that bursts datagrams faster than one wake-up drains
// them must find room there (the default, ~200 KB or ~1,500 small datagrams, overflows within
// milliseconds).
constexpr int DatagramReceiveBufferBytes = 8 * 1024 * 1024;
// Datagrams read per wake-up before the thread's other sockets and queued commands (Stop) get a turn;
// the notifier fires again at once while more are waiting.
constexpr int DatagramsPerWakeup = 256;
// A buffer of MaxDatagram bytes to receive into: one per thread, shared by its datagram sockets.
char *datagramBuffer();
// recvfrom() into `buffer`, with the sender's address in `from`; -1 with errno set on failure.
ssize_t receiveFrom(int fd, char *buffer, size_t size, int flags, SocketAddress &from);
// One datagram read by readDatagrams(): its bytes (in the thread's datagramBuffer()), its full length
// (more than size when it was cut to MaxDatagram) and its sender.
struct Datagram
{
    const char *data = nullptr;
    qsizetype size = 0;
    qsizetype fullSize = 0;
    SocketAddress from;
    // The sending process, on a Unix socket with SO_PASSCRED set (pid -1 elsewhere).
    PeerCredentials credentials;
    // How many datagrams the kernel has dropped for this socket so far because its receive queue
    // was full (SO_RXQ_OVFL, counted since the socket opened; the kernel says nothing while it is 0).
    qint64 kernelDrops = 0;
};
// Reads the datagrams waiting on `fd` (recvmmsg, several per call), DatagramsPerWakeup at most,
// handing each to `each`, which returns false to stop. Their bytes are valid during the call only.
// Returns 0, or the errno of a read that failed (EAGAIN is not a failure).
int readDatagrams(int fd, const std::function<bool(const Datagram &)> &each);
// The kernel's count of datagrams dropped for `fd` so far (SO_MEMINFO), also those no read has
// reported yet; -1 when it cannot say.
qint64 kernelDrops(int fd);
} // namespace posix

// Raises the soft limit on open descriptors to the hard limit, so a server can hold thousands of
// clients. Returns the new soft limit.
qint64 raiseOpenFileLimit();

} // namespace sockpit
