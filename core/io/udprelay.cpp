#include "udprelay.h"

#include "endpoint.h"
#include "relayresponder.h"
#include "sessioncore.h"
#include "socketerror.h"
#include "socketwatch.h"

#include <QSocketNotifier>

#include <cerrno>

#include <sys/socket.h>

namespace sockpit {

namespace {
// Each sender costs a socket: a flood of spoofed senders must not exhaust the descriptors.
constexpr int MaxClients = 1024;
constexpr qint64 IdleForgetUs = 120LL * 1000 * 1000;
constexpr int IdleCheckMs = 10 * 1000;
} // namespace

UdpRelay::UdpRelay(std::shared_ptr<SessionCore> core, ConnId id, QObject *parent)
    : IoChannel(parent)
    , m_core(std::move(core), this)
    , m_id(id)
    , m_stats(std::make_shared<ConnectionStats>())
    , m_fromClients(m_core.operator->())
    , m_fromTarget(m_core.operator->())
{
    m_stats->sinceUs = nowMicroseconds();
    m_idleTimer.setInterval(IdleCheckMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &UdpRelay::forgetIdle);
}

UdpRelay::~UdpRelay()
{
    if (!m_closed) {
        for (const Client &client : std::as_const(m_clients))
            posix::closeDescriptor(client.fd);
        posix::closeDescriptor(m_fd);
        m_core->removeChannel(m_id);
    }
}

void UdpRelay::start()
{
    m_fromClients.addResponder(std::make_unique<RelayResponder>(
        [this](const QByteArray &bytes, const ReplyTo &from) { forwardToTarget(bytes, from); }));
    m_fromTarget.addResponder(
        std::make_unique<RelayResponder>([this](const QByteArray &bytes, const ReplyTo &client) {
            auto it = m_clients.constFind(client.from.key());
            if (it != m_clients.cend())
                sendToClient(*it, bytes.constData(), bytes.size());
        }));
    m_lookup.start(
        m_core->config.host, this, [this](const QList<QHostAddress> &addresses) { onResolved(addresses); });
}

void UdpRelay::onResolved(const QList<QHostAddress> &addresses)
{
    const SessionConfig &config = m_core->config;
    if (addresses.isEmpty())
        return m_core.failStart(tr("host '%1' not found").arg(config.host), EventKind::Resolve);
    m_target = SocketAddress::from(addresses.constFirst(), config.port);
    m_targetText = m_target.toString();
    bindSocket();
}

void UdpRelay::bindSocket()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const SessionConfig &config = m_core->config;
    const SocketAddress address = SocketAddress::from(config.bindAddress, config.bindPort);
    int error = 0;
    m_fd = posix::openBoundDatagramSocket(address, false, &error);
    if (m_fd < 0)
        return m_core.failStart(socketErrorMessage(error, address.toString()), EventKind::Bind);
    const SocketAddress bound = posix::localAddress(m_fd);
    m_local = bound.toString();
    m_stats->local = m_local;
    m_core->setLocal(bound.address(), bound.port());
    m_core->info(
        0, EventKind::Bind, tr("bound to %1, relaying to %2").arg(m_local, m_targetText), {}, m_local);
    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &UdpRelay::onReadable);
    m_idleTimer.start();
    m_core->addChannel(m_id, this, m_stats);
    m_core->notifyStarted();
    if (m_core->stopping())
        closeNow();
}

UdpRelay::Client *UdpRelay::clientFor(const SocketAddress &address)
{
    const QByteArray key = address.key();
    auto it = m_clients.find(key);
    if (it != m_clients.end())
        return &it.value();
    if (m_clients.size() >= MaxClients) {
        auto oldest = m_clients.begin();
        for (auto c = m_clients.begin(); c != m_clients.end(); ++c) {
            if (c->lastUs < oldest->lastUs)
                oldest = c;
        }
        forget(oldest.key());
    }
    Client client;
    client.address = address;
    client.text = address.toString();
    client.fd = posix::openSocket(m_target.family(), SOCK_DGRAM);
    if (client.fd < 0 || ::connect(client.fd, m_target.data(), m_target.length) != 0) {
        m_core->info(0, EventKind::Error,
            tr("cannot open a socket to %1 for %2: %3")
                .arg(m_targetText, client.text, posix::errorText(errno)),
            client.text, m_local, Direction::Error, false);
        posix::closeDescriptor(client.fd);
        return nullptr;
    }
    posix::enlargeReceiveBuffer(client.fd, posix::DatagramReceiveBufferBytes);
    client.id = m_core->nextConnId();
    client.stats = std::make_shared<ConnectionStats>();
    client.stats->peer = client.text;
    client.stats->local = m_local;
    client.stats->sinceUs = nowMicroseconds();
    client.notifier = new QSocketNotifier(qintptr(client.fd), QSocketNotifier::Read, this);
    connect(client.notifier, &QSocketNotifier::activated, this, [this, key] { onUpstreamReadable(key); });
    m_core->addPeer(client.id, client.stats);
    Event event;
    event.conn = client.id;
    event.kind = EventKind::Connect;
    event.peer = client.text;
    event.local = posix::localAddress(client.fd).toString();
    event.upstream = m_targetText;
    event.text = tr("relaying datagrams from %1 to %2 (from %3)").arg(client.text, m_targetText, event.local);
    m_core->post(std::move(event), false);
    return &m_clients.insert(key, client).value();
}

void UdpRelay::forget(const QByteArray &key)
{
    auto it = m_clients.find(key);
    if (it == m_clients.end())
        return;
    delete it->notifier;
    posix::closeDescriptor(it->fd);
    m_core->removePeers({it->id});
    m_clients.erase(it);
    if (m_lastClient == key)
        m_lastClient.clear();
}

void UdpRelay::forgetIdle()
{
    const qint64 now = nowMicroseconds();
    QList<QByteArray> idle;
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        if (now - it->lastUs > IdleForgetUs)
            idle.append(it.key());
    }
    for (const QByteArray &key : std::as_const(idle))
        forget(key);
}

void UdpRelay::onReadable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const int error = posix::readDatagrams(m_fd, [this](const posix::Datagram &datagram) {
        fromClient(datagram);
        return !m_closed;
    });
    if (error != 0)
        m_core->info(m_id, EventKind::Error, tr("receiving failed: %1").arg(posix::errorText(error)), {},
            m_local, Direction::Error, false);
}

void UdpRelay::fromClient(const posix::Datagram &datagram)
{
    Client *client = clientFor(datagram.from);
    if (!client)
        return;
    client->lastUs = nowMicroseconds();
    m_lastClient = datagram.from.key();
    if (!m_core->heardFromPeer.exchange(true))
        m_core->wakeWaiters();
    client->stats->bytesIn.fetch_add(datagram.size, std::memory_order_relaxed);
    m_stats->bytesIn.fetch_add(datagram.size, std::memory_order_relaxed);
    Origin origin;
    origin.conn = client->id;
    origin.peer = client->text;
    origin.local = m_local;
    origin.upstream = m_targetText;
    origin.mayPause = false;
    origin.replyTo = {client->id, datagram.from};
    m_fromClients.received(origin, datagram.data, datagram.size);
}

void UdpRelay::forwardToTarget(const QByteArray &bytes, const ReplyTo &from)
{
    auto it = m_clients.constFind(from.from.key());
    if (it == m_clients.cend())
        return;
    if (::send(it->fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
        const int error = errno;
        m_core->post(SessionCore::dropped(it->id, it->text, bytes.size(),
                         tr("not relayed to %1: %2").arg(m_targetText, posix::errorText(error))),
            false);
    }
}

void UdpRelay::onUpstreamReadable(const QByteArray &key)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    char *const datagram = posix::datagramBuffer();
    for (int i = 0; i < posix::DatagramsPerWakeup && !m_closed; ++i) {
        auto it = m_clients.find(key);
        if (it == m_clients.end())
            return;
        Client &client = it.value();
        const ssize_t n = ::recv(client.fd, datagram, posix::MaxDatagram, MSG_TRUNC);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ECONNREFUSED) {
                // The target answered an earlier datagram with "port unreachable".
                Event event = SessionCore::dropped(client.id, client.text, 0,
                    tr("upstream %1: nothing is listening there (port unreachable)").arg(m_targetText));
                event.kind = EventKind::Refused;
                event.upstream = m_targetText;
                m_core->post(std::move(event), false);
                continue;
            }
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                m_core->info(client.id, EventKind::Error,
                    tr("receiving from %1 failed: %2").arg(m_targetText, posix::errorText(errno)),
                    client.text, m_local, Direction::Error, false);
            return;
        }
        const qsizetype size = qMin<qsizetype>(n, posix::MaxDatagram);
        client.lastUs = nowMicroseconds();
        Origin origin;
        origin.conn = client.id;
        origin.peer = client.text;
        origin.local = m_local;
        origin.upstream = m_targetText;
        origin.dir = Direction::Out; // on its way to the client: counted as sent when written there
        origin.mayPause = false;
        origin.replyTo = {client.id, client.address};
        m_fromTarget.received(origin, datagram, size);
    }
}

bool UdpRelay::sendToClient(const Client &client, const char *data, qsizetype size)
{
    for (;;) {
        const ssize_t n = ::sendto(m_fd, data, size_t(size), MSG_NOSIGNAL | MSG_DONTWAIT,
            client.address.data(), client.address.length);
        if (n >= 0) {
            client.stats->bytesOut.fetch_add(n, std::memory_order_relaxed);
            m_stats->bytesOut.fetch_add(n, std::memory_order_relaxed);
            m_core->bytesOut.fetch_add(n, std::memory_order_relaxed);
            return true;
        }
        if (errno == EINTR)
            continue;
        m_core->post(SessionCore::dropped(client.id, client.text, size,
                         tr("not relayed to %1: %2").arg(client.text, posix::errorText(errno))),
            false);
        return false;
    }
}

void UdpRelay::sendBytes(const QByteArray &bytes, const SendTarget &target)
{
    m_core->addQueued(m_stats.get(), -bytes.size());
    if (m_closed)
        return;
    const Client *client = nullptr;
    if (target.kind == SendTarget::Kind::Connection) {
        for (const Client &candidate : std::as_const(m_clients)) {
            if (candidate.id == target.conn)
                client = &candidate;
        }
    } else {
        auto it = m_clients.constFind(m_lastClient);
        if (it != m_clients.cend())
            client = &it.value();
    }
    if (!client) {
        m_core->info(target.conn, EventKind::Dropped, tr("not sent: no sender is known to this relay"), {},
            m_local, Direction::Error, false);
        return;
    }
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    if (m_core->wantsDataEvents())
        m_core->data(client->id, Direction::Out, client->text, m_local, bytes, false);
    sendToClient(*client, bytes.constData(), bytes.size());
}

void UdpRelay::closeNow()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_closed)
        return;
    m_closed = true;
    m_lookup.abort();
    m_idleTimer.stop();
    const QList<QByteArray> keys = m_clients.keys();
    for (const QByteArray &key : keys)
        forget(key);
    if (closeWatched(m_fd, {&m_readNotifier}))
        m_core->info(0, EventKind::Close, tr("socket closed"), {}, m_local);
    m_core->removeChannel(m_id);
    deleteLater();
}

} // namespace sockpit
