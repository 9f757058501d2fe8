#include "socketerror.h"

#include "posixsocket.h"

#include <QCoreApplication>

#include <cerrno>

namespace sockpit {

namespace {
// The texts keep the translation context they always had.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::TcpListener)
};
} // namespace

QString socketErrorMessage(int error, const QString &endpoint)
{
    switch (error) {
    case EADDRINUSE:
        return Text::tr("%1 is already in use").arg(endpoint);
    case EADDRNOTAVAIL:
        return Text::tr("cannot use %1: the address is not on this machine").arg(endpoint);
    case EACCES:
        return Text::tr("cannot use %1: permission denied (ports below 1024 need privileges)").arg(endpoint);
    case ECONNREFUSED:
        return Text::tr("connection refused by %1").arg(endpoint);
    case ETIMEDOUT:
        return Text::tr("connecting to %1 timed out").arg(endpoint);
    case ENETUNREACH:
        return Text::tr("%1: network is unreachable").arg(endpoint);
    case EHOSTUNREACH:
        return Text::tr("%1: host is unreachable").arg(endpoint);
    case ECONNRESET:
        return Text::tr("connection reset by %1").arg(endpoint);
    default:
        return QStringLiteral("%1: %2").arg(endpoint, posix::errorText(error));
    }
}

QString unixSocketErrorMessage(int error, const QString &path, bool connecting)
{
    switch (error) {
    case EADDRINUSE:
        return Text::tr("%1 is already in use: another program listens there").arg(path);
    case ENOTSOCK:
        return connecting
            ? Text::tr("%1 is not a socket").arg(path)
            : Text::tr("%1 exists and is not a socket: choose another path, or remove the file").arg(path);
    case ENOENT:
        return connecting ? Text::tr("there is no socket at %1").arg(path)
                          : Text::tr("cannot make %1: its folder does not exist").arg(path);
    case EACCES:
    case EPERM:
        return Text::tr("cannot use %1: permission denied").arg(path);
    case ECONNREFUSED:
        return Text::tr("connection refused: nobody listens on %1").arg(path);
    case EPROTOTYPE:
        return Text::tr("%1 is a socket of the other type (stream or datagram)").arg(path);
    case EAGAIN:
        return Text::tr("%1 takes no more connections for now: its queue of waiting clients is full")
            .arg(path);
    default:
        return QStringLiteral("%1: %2").arg(path, posix::errorText(error));
    }
}

EventKind socketErrorKind(int error)
{
    switch (error) {
    case ECONNREFUSED:
        return EventKind::Refused;
    case ETIMEDOUT:
        return EventKind::Timeout;
    case ECONNRESET:
        return EventKind::Reset;
    default:
        return EventKind::Error;
    }
}

} // namespace sockpit
