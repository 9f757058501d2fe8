#include "tcplistener.h"

#include "endpoint.h"
#include "iothreadpool.h"
#include "posixsocket.h"
#include "sessioncore.h"
#include "socketerror.h"
#include "tcpconnection.h"
#include "tcpconnector.h"
#include "tlstransport.h"

#include <QSocketNotifier>

#include <cerrno>

#include <sys/socket.h>

namespace sockpit {

namespace {
constexpr int AcceptsPerWakeup = 256;
constexpr int ResumeAfterEmfileMs = 100;
} // namespace

TcpListener::TcpListener(std::shared_ptr<SessionCore> core, QObject *parent)
    : IoObject(parent)
    , m_core(std::move(core), this)
{
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true);
    });
}

TcpListener::~TcpListener()
{
    posix::closeDescriptor(m_fd);
}

void TcpListener::start()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const SessionConfig &config = m_core->config;
    if (config.mode != SessionMode::TcpRelay)
        return listenNow();
    m_lookup.start(
        config.host, this, [this](const QList<QHostAddress> &addresses) { onResolved(addresses); });
}

void TcpListener::onResolved(const QList<QHostAddress> &addresses)
{
    const QString host = m_core->config.host;
    if (addresses.isEmpty())
        return m_core.failStart(tr("host '%1' not found").arg(host), EventKind::Resolve);
    m_targets = addresses;
    if (m_lookup.wasLookedUp())
        m_core->info(0, EventKind::Resolve, HostLookup::resolvedText(host, addresses));
    listenNow();
}

void TcpListener::listenNow()
{
    const SessionConfig &config = m_core->config;
    if (isUnixMode(config.mode))
        return listenOnPath();
    const SocketAddress address = SocketAddress::from(config.bindAddress, config.bindPort);
    m_fd = posix::openSocket(address.family(), SOCK_STREAM);
    if (m_fd < 0)
        return fail(errno, address.toString());
    posix::setReuseAddress(m_fd);
    if (address.family() == AF_INET6 && config.bindAddress == QHostAddress(QHostAddress::AnyIPv6))
        posix::setDualStack(m_fd);
    if (::bind(m_fd, address.data(), address.length) != 0)
        return fail(errno, address.toString());
    const SocketAddress bound = posix::localAddress(m_fd);
    m_core->setLocal(bound.address(), bound.port());
    m_core->info(0, EventKind::Bind, tr("bound to %1").arg(bound.toString()), {}, bound.toString());
    if (::listen(m_fd, SOMAXCONN) != 0)
        return fail(errno, bound.toString());
    listening(bound.toString());
}

void TcpListener::listenOnPath()
{
    const QString path = m_core->config.localPath;
    m_fd = posix::openSocket(AF_UNIX, SOCK_STREAM);
    int error = m_fd < 0 ? errno : m_socketFile.bind(m_fd, SOCK_STREAM, path);
    if (error == 0 && ::listen(m_fd, SOMAXCONN) != 0)
        error = errno;
    if (error != 0)
        return m_core.failStart(unixSocketErrorMessage(error, path, false), socketErrorKind(error), {}, path);
    if (m_socketFile.removedStale())
        m_core->info(0, EventKind::Bind,
            tr("removed %1, a socket file left behind: nobody listened on it").arg(path), {}, path);
    m_core->setLocalPath(path);
    m_core->info(0, EventKind::Bind, tr("bound to %1").arg(path), {}, path);
    listening(path);
}

void TcpListener::listening(const QString &local)
{
    m_core->info(0, EventKind::Listen, tr("listening on %1").arg(local), {}, local);
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &TcpListener::onAcceptable);
    m_core->notifyStarted();
    if (m_core->stopping())
        closeNow();
}

void TcpListener::fail(int error, const QString &endpoint)
{
    m_core.failStart(socketErrorMessage(error, endpoint), socketErrorKind(error), {}, endpoint);
}

void TcpListener::closeNow()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const bool listening = m_notifier != nullptr;
    m_lookup.abort();
    delete m_notifier;
    m_notifier = nullptr;
    m_resume.stop();
    if (m_fd >= 0) {
        const QString local = posix::localAddress(m_fd).toString();
        posix::closeDescriptor(m_fd);
        m_fd = -1;
        m_socketFile.remove();
        if (listening)
            m_core->info(0, EventKind::Stop, tr("stopped listening on %1").arg(local), {}, local);
    }
    deleteLater();
}

void TcpListener::onAcceptable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const SessionConfig &config = m_core->config;
    for (int i = 0; i < AcceptsPerWakeup && m_fd >= 0; ++i) {
        SocketAddress peer;
        peer.length = sizeof(peer.storage);
        const int fd = ::accept4(m_fd, peer.data(), &peer.length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                m_core->info(0, EventKind::Error,
                    tr("cannot accept more connections: %1").arg(posix::errorText(errno)), {}, {},
                    Direction::Error);
                m_notifier->setEnabled(false);
                m_resume.start(ResumeAfterEmfileMs);
            }
            return;
        }
        const ConnId id = m_core->nextConnId();
        const QString peerText = this->peerText(fd, peer);
        const int maxClients = m_core->maxClients();
        if (maxClients > 0 && m_core->connections.load() >= maxClients) {
            // Counted before the close, so whoever sees the refusal also sees the count.
            m_core->refused.fetch_add(1);
            posix::closeDescriptor(fd);
            m_core->info(id, EventKind::Refused,
                tr("refused: %n client(s) already connected (the maximum)", nullptr, maxClients), peerText,
                posix::localAddress(m_fd).toString());
            continue;
        }
        m_core->connections.fetch_add(1);
        m_core->accepted.fetch_add(1);
        m_core->info(id, EventKind::Accept, tr("accepted connection from %1").arg(peerText), peerText,
            posix::localAddress(fd).toString());
        IoThreadPool &pool = IoThreadPool::instance();
        QObject *worker = pool.worker(pool.nextIndex());
        m_core->retain();
        if (config.mode == SessionMode::TcpRelay) {
            const TcpConnector::RelayClient client {fd, id, peerText, m_targets};
            QMetaObject::invokeMethod(
                worker,
                [core = m_core.shared(), client, worker] {
                    (new TcpConnector(core, client, worker))->start();
                },
                Qt::QueuedConnection);
            continue;
        }
        QMetaObject::invokeMethod(
            worker,
            [core = m_core.shared(), fd, id, peerText, worker] {
                if (const TlsTransport *tls = core->tlsTransport()) {
                    tls->startConnection(core, fd, id, peerText, worker);
                    return;
                }
                auto *connection = new TcpConnection(core, fd, id, peerText, worker);
                connection->start();
            },
            Qt::QueuedConnection);
    }
}

QString TcpListener::peerText(int fd, const SocketAddress &peer) const
{
    if (peer.family() != AF_UNIX)
        return peer.toString();
    // A Unix client seldom has a name of its own; the kernel tells who connected.
    const posix::PeerCredentials credentials = posix::peerCredentials(fd);
    const QString name = peer.path();
    if (!credentials.known())
        return name.isEmpty() ? tr("an unnamed socket") : name;
    const QString who = tr("pid %1, uid %2").arg(credentials.pid).arg(credentials.uid);
    return name.isEmpty() ? who : tr("%1 (%2)").arg(name, who);
}

} // namespace sockpit
