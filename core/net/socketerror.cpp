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
