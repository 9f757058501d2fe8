#include "programentry.h"

#include "allocatortuning.h"
#include "posixsocket.h"

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace sockpit::cli {

namespace {

// A process started with standard input, output or error closed would otherwise hand those numbers
// to its first sockets, and then read its own socket as "standard input".
void reserveStandardDescriptors()
{
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1)
            ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    }
}

} // namespace

void prepareProcess()
{
    tuneAllocator();
    reserveStandardDescriptors();
    // Writes to a closed socket or pipe must fail with EPIPE, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    raiseOpenFileLimit();
    QCoreApplication::setApplicationName(QStringLiteral("Sockpit"));
    QCoreApplication::setOrganizationName(QStringLiteral("Sockpit"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKPIT_VERSION));
}

void printTo(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

QStringList argumentsOf(int argc, char **argv, int from)
{
    QStringList result;
    for (int i = from; i < argc; ++i)
        result.append(QString::fromLocal8Bit(argv[i]));
    return result;
}

} // namespace sockpit::cli
