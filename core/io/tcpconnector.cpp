#include "tcpconnector.h"

#include "endpoint.h"
#include "posixsocket.h"
#include "sessioncore.h"
#include "socketerror.h"
#include "tcpconnection.h"
#include "tlstransport.h"

#include <QSocketNotifier>

#include <cerrno>

#include <sys/socket.h>

namespace sockpit {

namespace {
constexpr int RetryFullQueueMs = 10;
} // namespace

TcpConnector::TcpConnector(std::shared_ptr<SessionCore> core, QObject *parent)
    : IoObject(parent)
    , m_core(std::move(core), this)
{
    m_timeout.setSingleShot(true);
    m_timeout.setTimerType(Qt::PreciseTimer); // --timeout 400 gives up at 400 ms, not at 380
    connect(&m_timeout, &QTimer::timeout, this, &TcpConnector::onTimeout);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &TcpConnector::connectToPath);
}

TcpConnector::TcpConnector(std::shared_ptr<SessionCore> core, const RelayClient &client, QObject *parent)
    : TcpConnector(std::move(core), parent)
{
    m_client = client;
}

TcpConnector::~TcpConnector()
{
    posix::closeDescriptor(m_fd);
    if (m_client.fd >= 0) {
        posix::closeDescriptor(m_client.fd);
        m_core->connections.fetch_sub(1);
    }
}

void TcpConnector::start()
{
    if (m_core->stopping())
        return closeNow();
    const SessionConfig &config = m_core->config;
    if (config.connectTimeoutMs > 0)
        m_timeout.start(config.connectTimeoutMs);
    if (isRelay()) {
        m_addresses = m_client.targets;
        tryNext();
        return;
    }
    if (isUnixMode(config.mode))
        return connectToPath();
    // Through a proxy, the proxy's name is looked up here; the target's is the proxy's to resolve.
    m_lookup.start(viaProxy() ? config.proxy.host : config.host, this,
        [this](const QList<QHostAddress> &addresses) { onResolved(addresses); });
}

void TcpConnector::onResolved(const QList<QHostAddress> &addresses)
{
    const QString host = viaProxy() ? m_core->config.proxy.host : m_core->config.host;
    if (addresses.isEmpty()) {
        fail(tr("host '%1' not found").arg(host), EventKind::Resolve);
        return;
    }
    m_addresses = addresses;
    if (m_lookup.wasLookedUp())
        m_core->info(0, EventKind::Resolve, HostLookup::resolvedText(host, addresses));
    tryNext();
}

void TcpConnector::tryNext()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    closeSocket();
    const SessionConfig &config = m_core->config;
    while (m_next < m_addresses.size()) {
        const QHostAddress address = m_addresses.at(m_next++);
        const SocketAddress remote
            = SocketAddress::from(address, viaProxy() ? config.proxy.port : config.port);
        m_lastEndpoint = remote.toString();
        m_fd = posix::openSocket(remote.family(), SOCK_STREAM);
        if (m_fd < 0) {
            m_lastError = errno;
            continue;
        }
        if (!isRelay() && (config.bindAddressSet || config.bindPort != 0)) {
            QHostAddress local = config.bindAddressSet ? config.bindAddress
                : remote.family() == AF_INET6          ? QHostAddress(QHostAddress::AnyIPv6)
                                                       : QHostAddress(QHostAddress::AnyIPv4);
            const SocketAddress bindTo = SocketAddress::from(local, config.bindPort);
            posix::setReuseAddress(m_fd);
            if (::bind(m_fd, bindTo.data(), bindTo.length) != 0) {
                fail(socketErrorMessage(errno, bindTo.toString()), EventKind::Bind);
                return;
            }
            m_core->info(0, EventKind::Bind, tr("bound to %1").arg(posix::localAddress(m_fd).toString()));
        }
        if (::connect(m_fd, remote.data(), remote.length) == 0 || errno == EINPROGRESS) {
            m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
            connect(m_notifier, &QSocketNotifier::activated, this, &TcpConnector::onWritable);
            return;
        }
        m_lastError = errno;
        closeSocket();
    }
    const QString message = socketErrorMessage(m_lastError, m_lastEndpoint);
    fail(viaProxy() ? tr("cannot reach the proxy: %1").arg(message) : message, socketErrorKind(m_lastError));
}

void TcpConnector::connectToPath()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    // A Unix stream connect does not wait in the background: it is done, refused, or (EAGAIN) the
    // server's queue of clients not yet accepted is full, and is tried again.
    closeSocket();
    m_lastEndpoint = m_core->config.remotePath;
    const SocketAddress remote = SocketAddress::fromPath(m_lastEndpoint);
    m_fd = posix::openSocket(AF_UNIX, SOCK_STREAM);
    if (m_fd >= 0 && ::connect(m_fd, remote.data(), remote.length) == 0) {
        m_timeout.stop();
        const int fd = m_fd;
        m_fd = -1;
        connected(fd);
        deleteLater();
        return;
    }
    const int error = errno;
    closeSocket();
    if (error == EAGAIN && m_timeout.isActive()) {
        m_lastError = error;
        m_retry.start(RetryFullQueueMs);
        return;
    }
    fail(unixSocketErrorMessage(error, m_lastEndpoint, true), socketErrorKind(error));
}

void TcpConnector::onWritable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const int error = posix::pendingError(m_fd);
    if (error != 0) {
        m_lastError = error;
        tryNext();
        return;
    }
    delete m_notifier;
    m_notifier = nullptr;
    if (viaProxy())
        return startHandshake();
    m_timeout.stop();
    const int fd = m_fd;
    m_fd = -1;
    if (isRelay())
        relayConnected(fd);
    else
        connected(fd);
    deleteLater();
}

bool TcpConnector::viaProxy() const
{
    return !isRelay() && m_core->config.proxy.enabled();
}

void TcpConnector::startHandshake()
{
    const SessionConfig &config = m_core->config;
    m_core->info(0, EventKind::Connect,
        tr("connected to the proxy %1 (%2), asking it for %3")
            .arg(config.proxy.toString(), m_lastEndpoint, Endpoint {config.host, config.port}.toString()),
        m_lastEndpoint, posix::localAddress(m_fd).toString());
    m_handshake = std::make_unique<ProxyHandshake>(config.proxy, config.host, config.port);
    m_proxyNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_proxyNotifier, &QSocketNotifier::activated, this, &TcpConnector::onHandshakeReadable);
    sendToProxy(m_handshake->greeting());
}

bool TcpConnector::sendToProxy(const QByteArray &bytes)
{
    m_toProxy += bytes;
    while (!m_toProxy.isEmpty()) {
        const ssize_t n = ::send(m_fd, m_toProxy.constData(), size_t(m_toProxy.size()), MSG_NOSIGNAL);
        if (n > 0) {
            m_toProxy.remove(0, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!m_notifier) {
                m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
                connect(m_notifier, &QSocketNotifier::activated, this, &TcpConnector::onHandshakeWritable);
            }
            m_notifier->setEnabled(true);
            return true;
        }
        fail(tr("the proxy %1: %2").arg(m_lastEndpoint, posix::errorText(errno)), EventKind::Error);
        return false;
    }
    if (m_notifier)
        m_notifier->setEnabled(false);
    return true;
}

void TcpConnector::onHandshakeWritable()
{
    sendToProxy(QByteArray());
}

void TcpConnector::onHandshakeReadable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    // Looked at, then taken only as far as the proxy's reply goes: the target's first bytes stay.
    char buffer[4096];
    const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), MSG_PEEK);
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        const int error = n < 0 ? errno : 0;
        fail(error != 0 ? tr("the proxy %1: %2").arg(m_lastEndpoint, posix::errorText(error))
                        : tr("the proxy %1 closed the connection before connecting to %2")
                              .arg(m_lastEndpoint, m_handshake->target()),
            error != 0 ? socketErrorKind(error) : EventKind::Refused);
        return;
    }
    qsizetype consumed = 0;
    QByteArray reply;
    const ProxyHandshake::Status status = m_handshake->feed(QByteArray(buffer, int(n)), &consumed, &reply);
    if (consumed > 0) {
        char discard[4096];
        ssize_t taken;
        do {
            taken = ::recv(m_fd, discard, size_t(consumed), 0);
        } while (taken < 0 && errno == EINTR);
    }
    if (status == ProxyHandshake::Status::Failed)
        return fail(tr("%1 (proxy %2)").arg(m_handshake->error(), m_lastEndpoint), EventKind::Refused);
    if (status == ProxyHandshake::Status::NeedMore) {
        sendToProxy(reply);
        return;
    }
    m_timeout.stop();
    delete m_proxyNotifier;
    m_proxyNotifier = nullptr;
    delete m_notifier;
    m_notifier = nullptr;
    m_lastEndpoint = m_handshake->target();
    const int fd = m_fd;
    m_fd = -1;
    connected(fd);
    deleteLater();
}

void TcpConnector::connected(int fd)
{
    const ConnId id = m_core->nextConnId();
    const SocketAddress local = posix::localAddress(fd);
    if (local.family() == AF_UNIX)
        m_core->setLocalPath(local.path());
    else
        m_core->setLocal(local.address(), local.port());
    m_core->connections.fetch_add(1);
    const QString localText = local.toString();
    m_core->info(id, EventKind::Connect,
        localText.isEmpty() ? tr("connected to %1").arg(m_lastEndpoint)
                            : tr("connected to %1 from %2").arg(m_lastEndpoint, localText),
        m_lastEndpoint, localText);
    m_core->retain();
    if (const TlsTransport *tls = m_core->tlsTransport()) {
        tls->startConnection(m_core.shared(), fd, id, m_lastEndpoint, parent());
    } else {
        auto *connection = new TcpConnection(m_core.shared(), fd, id, m_lastEndpoint, parent());
        connection->start();
    }
    m_core->notifyStarted();
}

void TcpConnector::relayConnected(int fd)
{
    const int clientFd = m_client.fd;
    m_client.fd = -1; // the client connection owns it now, and counts it
    const QString local = posix::localAddress(fd).toString();
    Event event;
    event.conn = m_client.id;
    event.kind = EventKind::Connect;
    event.peer = m_client.peer;
    event.local = local;
    event.upstream = m_lastEndpoint;
    event.text = tr("relaying %1 to %2 (from %3)").arg(m_client.peer, m_lastEndpoint, local);
    m_core->post(std::move(event));
    m_core->retain();
    m_core->retain();
    auto *client = new TcpConnection(m_core.shared(), clientFd, m_client.id, m_client.peer, parent());
    auto *upstream = new TcpConnection(m_core.shared(), fd, m_client.id, m_client.peer, parent());
    client->setRelay(upstream, TcpConnection::RelaySide::Client, m_lastEndpoint);
    upstream->setRelay(client, TcpConnection::RelaySide::Upstream, m_lastEndpoint);
    upstream->start();
    client->start();
}

void TcpConnector::onTimeout()
{
    m_retry.stop();
    const QString target = m_lastEndpoint.isEmpty() ? m_core->config.host : m_lastEndpoint;
    fail(tr("connecting to %1 timed out after %2 ms").arg(target).arg(m_core->config.connectTimeoutMs),
        EventKind::Timeout);
}

void TcpConnector::fail(const QString &message, EventKind kind)
{
    if (!isRelay()) {
        m_core.failStart(message, kind, m_lastEndpoint);
        return;
    }
    // The relay goes on; only this client, whose target cannot be reached, is closed.
    Event event;
    event.conn = m_client.id;
    event.dir = Direction::Error;
    event.kind = kind;
    event.peer = m_client.peer;
    event.upstream = m_lastEndpoint;
    event.text = tr("%1; closing the connection from %2").arg(message, m_client.peer);
    m_core->post(std::move(event));
    closeNow(); // the destructor closes the client and uncounts it
}

void TcpConnector::closeSocket()
{
    delete m_notifier;
    m_notifier = nullptr;
    delete m_proxyNotifier;
    m_proxyNotifier = nullptr;
    m_toProxy.clear();
    posix::closeDescriptor(m_fd);
    m_fd = -1;
}

void TcpConnector::closeNow()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    m_timeout.stop();
    m_retry.stop();
    m_lookup.abort();
    closeSocket();
    deleteLater();
}

} // namespace sockpit
