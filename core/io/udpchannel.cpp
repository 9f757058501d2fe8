#include "udpchannel.h"

#include "endpoint.h"
#include "multicastsocket.h"
#include "sessioncore.h"
#include "socketerror.h"
#include "socketwatch.h"
#include "tlstransport.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>

#include <netinet/in.h>
#include <sys/socket.h>

namespace sockpit {

namespace {
// Peers remembered individually; a flood of spoofed senders must not grow memory without limit.
constexpr int MaxTrackedPeers = 4096;
} // namespace

UdpChannel::UdpChannel(std::shared_ptr<SessionCore> core, ConnId id, QObject *parent)
    : IoChannel(parent)
    , m_core(std::move(core), this)
    , m_id(id)
    , m_stats(std::make_shared<ConnectionStats>())
    , m_pipeline(m_core.operator->())
{
    m_stats->sinceUs = nowMicroseconds();
}

UdpChannel::~UdpChannel()
{
    if (!m_closed) {
        posix::closeDescriptor(m_fd);
        m_core->removeChannel(m_id);
        m_core->addQueued(m_stats.get(), -m_pendingBytes);
    }
}

void UdpChannel::start()
{
    const SessionConfig &config = m_core->config;
    m_pipeline.followSessionOptions(this);
    if (isUnixMode(config.mode))
        bindUnixSocket();
    else if (config.host.isEmpty())
        bindSocket();
    else
        m_lookup.start(
            config.host, this, [this](const QList<QHostAddress> &addresses) { onResolved(addresses); });
}

void UdpChannel::onResolved(const QList<QHostAddress> &addresses)
{
    const SessionConfig &config = m_core->config;
    if (addresses.isEmpty())
        return m_core.failStart(tr("host '%1' not found").arg(config.host), EventKind::Resolve);
    // Prefer an address of the family we bind to, so the default target is reachable from it.
    const bool bindV6
        = config.bindAddressSet && config.bindAddress.protocol() == QAbstractSocket::IPv6Protocol;
    QHostAddress target = addresses.constFirst();
    for (const QHostAddress &address : addresses) {
        if ((address.protocol() == QAbstractSocket::IPv6Protocol) == bindV6) {
            target = address;
            break;
        }
    }
    m_family = target.protocol() == QAbstractSocket::IPv6Protocol ? AF_INET6 : AF_INET;
    bindSocket();
    if (m_fd < 0 || m_closed)
        return;
    m_defaultTarget = toSocketFamily(target, config.port);
    m_hasDefaultTarget = true;
    if (m_dtlsClient)
        startDtlsClient();
}

void UdpChannel::bindSocket()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const SessionConfig &config = m_core->config;
    QHostAddress bindAddress = config.bindAddress;
    if (!config.bindAddressSet && m_family == AF_INET6)
        bindAddress = QHostAddress(QHostAddress::AnyIPv6);
    const SocketAddress address = SocketAddress::from(bindAddress, config.bindPort);
    m_family = address.family();
    int error = 0;
    m_fd = posix::openBoundDatagramSocket(address, true, &error);
    if (m_fd < 0)
        return m_core.failStart(socketErrorMessage(error, address.toString()), EventKind::Bind);
    const SocketAddress bound = posix::localAddress(m_fd);
    m_local = bound.toString();
    m_stats->local = m_local;
    m_core->setLocal(bound.address(), bound.port());
    m_core->info(0, EventKind::Bind, tr("bound to %1").arg(m_local), {}, m_local);
    if (!setUpMulticast())
        return;
    watchSocket();
}

void UdpChannel::bindUnixSocket()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const SessionConfig &config = m_core->config;
    m_family = AF_UNIX;
    m_fd = posix::openSocket(AF_UNIX, SOCK_DGRAM);
    int error = m_fd < 0 ? errno : 0;
    if (error == 0) {
        const int on = 1; // each datagram carries its sender's pid and uid
        ::setsockopt(m_fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
        posix::enlargeReceiveBuffer(m_fd, posix::DatagramReceiveBufferBytes);
        if (config.localPath.isEmpty()) {
            // No path: the system picks an abstract name, so answers can come back.
            const SocketAddress autobind = SocketAddress::unixAutobind();
            if (::bind(m_fd, autobind.data(), autobind.length) != 0)
                error = errno;
        } else {
            error = m_socketFile.bind(m_fd, SOCK_DGRAM, config.localPath);
        }
    }
    if (error != 0)
        return m_core.failStart(
            unixSocketErrorMessage(error, config.localPath, false), EventKind::Bind, {}, config.localPath);
    if (m_socketFile.removedStale())
        m_core->info(0, EventKind::Bind,
            tr("removed %1, a socket file left behind: nobody was bound to it").arg(config.localPath), {},
            config.localPath);
    m_local = posix::localAddress(m_fd).path();
    m_stats->local = m_local;
    m_core->setLocalPath(m_local);
    m_core->info(0, EventKind::Bind, tr("bound to %1").arg(m_local), {}, m_local);
    if (!config.remotePath.isEmpty()) {
        m_defaultTarget = SocketAddress::fromPath(config.remotePath);
        m_hasDefaultTarget = true;
    }
    watchSocket();
}

void UdpChannel::watchSocket()
{
    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &UdpChannel::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &UdpChannel::onWritable);
    m_core->addChannel(m_id, this, m_stats);
    if (const TlsTransport *tls = m_core->tlsTransport(); tls && m_core->config.mode == SessionMode::Udp) {
        QString error;
        m_dtls = tls->startDatagramLink(m_fd, this, &error);
        if (!m_dtls)
            return m_core.failStart(error, EventKind::Tls, {}, m_local);
        // A client starts once its handshake is done (startDtlsClient(), when the host is known).
        m_dtlsClient = !m_core->config.host.isEmpty();
    }
    if (!m_dtlsClient)
        m_core->notifyStarted();
    if (m_core->stopping())
        closeNow();
}

void UdpChannel::startDtlsClient()
{
    const SessionConfig &config = m_core->config;
    m_core->info(m_id, EventKind::Tls,
        tr("DTLS handshake with %1 started").arg(Endpoint {config.host, config.port}.toString()),
        m_defaultTarget.toString(), m_local);
    m_handshakeTimer = new QTimer(this);
    m_handshakeTimer->setSingleShot(true);
    connect(m_handshakeTimer, &QTimer::timeout, this, [this] {
        if (m_closed || m_dtlsStarted)
            return;
        const SessionConfig &config = m_core->config;
        m_core.failStart(tr("DTLS handshake with %1 timed out after %2 ms: no answer from a DTLS server")
                             .arg(Endpoint {config.host, config.port}.toString())
                             .arg(config.connectTimeoutMs),
            EventKind::Timeout, m_defaultTarget.toString(), m_local);
    });
    m_handshakeTimer->setTimerType(Qt::PreciseTimer);
    m_handshakeTimer->start(qMax(1, m_core->config.connectTimeoutMs));
    m_dtls->connectTo(m_defaultTarget, config.host);
}

void UdpChannel::dtlsSecured(const SocketAddress &peer, const QString &text)
{
    const Peer &known = peerFor(peer, {});
    m_core->info(known.id, EventKind::Tls, text, known.text, m_local);
    if (m_dtlsClient && !m_dtlsStarted) {
        m_dtlsStarted = true;
        m_handshakeTimer->stop();
        m_core->notifyStarted();
    }
}

void UdpChannel::dtlsReceived(const SocketAddress &peer, const QByteArray &plaintext)
{
    deliver(peerFor(peer, {}), peer, plaintext.constData(), plaintext.size());
}

void UdpChannel::dtlsSent(const SocketAddress &peer, const QByteArray &plaintext)
{
    sent(peer, plaintext, plaintext.size());
}

void UdpChannel::dtlsEnded(const SocketAddress &peer, EventKind kind, const QString &text, Direction dir)
{
    if (m_closed)
        return;
    if (m_dtlsClient && !m_dtlsStarted)
        return m_core.failStart(text, kind, peer.toString(), m_local);
    ConnId conn = m_id;
    const auto known = m_peers.constFind(peer.key());
    if (known != m_peers.cend()) {
        conn = known->id;
        m_core->removePeers({conn});
        m_peers.erase(known);
    }
    m_core->info(conn, kind, text, peer.toString(), m_local, dir);
    if (m_dtlsClient)
        closeNow(); // the one session it had is over
}

void UdpChannel::dtlsNote(const SocketAddress &peer, EventKind kind, const QString &text, Direction dir)
{
    const auto known = m_peers.constFind(peer.key());
    m_core->info(known != m_peers.cend() ? known->id : m_id, kind, text, peer.toString(), m_local, dir);
}

bool UdpChannel::setUpMulticast()
{
    const SessionConfig &config = m_core->config;
    if (!config.multicastInterface.isEmpty()) {
        m_multicastIndex = multicast::interfaceIndex(config.multicastInterface);
        if (m_multicastIndex == 0) {
            m_core.failStart(
                tr("there is no network interface '%1' on this machine").arg(config.multicastInterface),
                EventKind::Bind);
            return false;
        }
        if (const int error = multicast::setOutgoingInterface(m_fd, m_family, m_multicastIndex)) {
            m_core.failStart(tr("cannot send multicast by interface %1: %2")
                                 .arg(config.multicastInterface, posix::errorText(error)),
                EventKind::Bind);
            return false;
        }
    }
    for (const QHostAddress &group : config.multicastGroups) {
        if (const int error = multicast::setMembership(m_fd, m_family, group, m_multicastIndex, true)) {
            m_core.failStart(
                tr("cannot join %1 on %2: %3")
                    .arg(formatAddress(group), multicast::interfaceName(m_multicastIndex),
                        error == EAFNOSUPPORT ? tr("an IPv4 socket cannot join an IPv6 group (bind to ::)")
                                              : posix::errorText(error)),
                EventKind::Join);
            return false;
        }
        // The group as the event's peer: the window's list of groups follows these events.
        m_core->info(0, EventKind::Join,
            tr("joined %1 on %2").arg(formatAddress(group), multicast::interfaceName(m_multicastIndex)),
            formatAddress(group), m_local);
    }
    return true;
}

void UdpChannel::joinGroup(const QHostAddress &group, const QString &interfaceName)
{
    changeMembership(group, interfaceName, true);
}

void UdpChannel::leaveGroup(const QHostAddress &group, const QString &interfaceName)
{
    changeMembership(group, interfaceName, false);
}

void UdpChannel::changeMembership(const QHostAddress &group, const QString &interfaceName, bool join)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_closed || m_fd < 0)
        return;
    const EventKind kind = join ? EventKind::Join : EventKind::Leave;
    const QString groupText = formatAddress(group);
    if (!group.isMulticast()) {
        m_core->info(0, kind, tr("%1 is not a multicast group address").arg(groupText), {}, m_local,
            Direction::Error, false);
        return;
    }
    int index = m_multicastIndex;
    if (!interfaceName.isEmpty()) {
        index = multicast::interfaceIndex(interfaceName);
        if (index == 0) {
            m_core->info(0, kind, tr("there is no network interface '%1' on this machine").arg(interfaceName),
                {}, m_local, Direction::Error, false);
            return;
        }
    }
    const QString where = multicast::interfaceName(index);
    if (const int error = multicast::setMembership(m_fd, m_family, group, index, join)) {
        QString why = posix::errorText(error);
        if (error == EAFNOSUPPORT)
            why = tr("an IPv4 socket cannot join an IPv6 group (bind to ::)");
        else if (!join && error == EADDRNOTAVAIL)
            why = tr("not a member");
        const QString message = join ? tr("cannot join %1 on %2: %3") : tr("cannot leave %1 on %2: %3");
        m_core->info(0, kind, message.arg(groupText, where, why), {}, m_local, Direction::Error, false);
        return;
    }
    const QString message = join ? tr("joined %1 on %2") : tr("left %1 on %2");
    m_core->info(0, kind, message.arg(groupText, where), groupText, m_local, Direction::Info, false);
}

SocketAddress UdpChannel::toSocketFamily(const QHostAddress &address, quint16 port) const
{
    // A dual-stack IPv6 socket reaches IPv4 peers through IPv4-mapped addresses.
    if (m_family == AF_INET6 && address.protocol() == QAbstractSocket::IPv4Protocol)
        return SocketAddress::from(QHostAddress(address.toIPv6Address()), port);
    return SocketAddress::from(address, port);
}

void UdpChannel::forgetPeers()
{
    QVector<ConnId> ids;
    ids.reserve(m_peers.size());
    for (const Peer &peer : std::as_const(m_peers))
        ids.push_back(peer.id);
    m_core->removePeers(ids);
    m_peers.clear();
}

UdpChannel::Peer &UdpChannel::peerFor(const SocketAddress &address, const posix::PeerCredentials &credentials)
{
    // Unix senders without a name are told apart by their process.
    const bool unnamed = address.family() == AF_UNIX && address.path().isEmpty();
    QByteArray key = address.key();
    if (unnamed && credentials.known())
        key += QByteArray::number(credentials.pid);
    auto it = m_peers.find(key);
    if (it != m_peers.end())
        return it.value();
    if (m_peers.size() >= MaxTrackedPeers)
        forgetPeers();
    Peer peer;
    peer.id = m_core->nextConnId();
    peer.text = address.toString();
    peer.address = address;
    if (address.family() == AF_UNIX && credentials.known()) {
        const QString who = tr("pid %1, uid %2").arg(credentials.pid).arg(credentials.uid);
        peer.text = unnamed ? who : tr("%1 (%2)").arg(peer.text, who);
    } else if (unnamed) {
        peer.text = tr("an unnamed socket");
    }
    peer.stats = std::make_shared<ConnectionStats>();
    peer.stats->peer = peer.text;
    peer.stats->local = m_local;
    peer.stats->sinceUs = nowMicroseconds();
    m_core->addPeer(peer.id, peer.stats);
    return m_peers.insert(key, peer).value();
}

void UdpChannel::onReadable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const int error = posix::readDatagrams(m_fd, [this](const posix::Datagram &datagram) {
        received(datagram);
        return !m_closed;
    });
    // Drops after the last datagram read are told by no datagram yet: the socket knows them.
    if (!m_closed)
        noteKernelDrops(posix::kernelDrops(m_fd));
    if (error != 0)
        m_core->info(m_id, EventKind::Error, tr("receiving failed: %1").arg(posix::errorText(error)), {},
            m_local, Direction::Error);
}

void UdpChannel::received(const posix::Datagram &datagram)
{
    noteKernelDrops(datagram.kernelDrops); // logged before the datagram that came after them
    if (m_dtls) // a DTLS record: what it carries arrives by dtlsReceived()
        return m_dtls->received(datagram.from, QByteArray(datagram.data, datagram.size));
    // A Unix sender that never bound its socket comes with no address at all.
    const SocketAddress from = m_family == AF_UNIX && datagram.from.family() != AF_UNIX
        ? SocketAddress::unixAutobind()
        : datagram.from;
    Peer &peer = peerFor(from, datagram.credentials);
    deliver(peer, from, datagram.data, datagram.size);
    if (datagram.fullSize > datagram.size)
        m_core->info(peer.id, EventKind::Error, tr("datagram of %1 bytes truncated").arg(datagram.fullSize),
            peer.text, m_local, Direction::Error);
}

void UdpChannel::deliver(Peer &peer, const SocketAddress &from, const char *data, qsizetype size)
{
    m_lastPeer = from;
    if (!m_hasLastPeer) {
        m_hasLastPeer = true;
        m_core->heardFromPeer.store(true);
        m_core->wakeWaiters();
    }
    peer.stats->bytesIn.fetch_add(size, std::memory_order_relaxed);
    m_stats->bytesIn.fetch_add(size, std::memory_order_relaxed);
    Origin origin;
    origin.conn = peer.id;
    origin.peer = peer.text;
    origin.local = m_local;
    origin.mayPause = false; // a datagram that cannot be recorded is dropped and counted
    origin.replyTo = {peer.id, from};
    m_pipeline.received(origin, data, size);
}

void UdpChannel::noteKernelDrops(qint64 drops)
{
    if (drops <= m_kernelDrops)
        return;
    m_core->kernelDrops.fetch_add(drops - m_kernelDrops, std::memory_order_relaxed);
    m_kernelDrops = drops;
    // At most one event a second under a flood.
    if (!m_dropsReported.isValid() || m_dropsReported.hasExpired(1000))
        reportKernelDrops();
}

void UdpChannel::reportKernelDrops()
{
    const qint64 lost = m_kernelDrops - m_kernelDropsReported;
    if (lost <= 0)
        return;
    m_kernelDropsReported = m_kernelDrops;
    m_dropsReported.start();
    m_core->info(m_id, EventKind::Dropped,
        tr("the system dropped %1 datagrams before they could be read: the socket's receive queue was full")
            .arg(lost),
        {}, m_local, Direction::Error, false);
}

void UdpChannel::reply(const QByteArray &bytes, const ReplyTo &to)
{
    if (!m_closed)
        sendDatagram(to.from, bytes);
}

void UdpChannel::sendBytes(const QByteArray &bytes, const SendTarget &target)
{
    m_core->addQueued(m_stats.get(), -bytes.size());
    SocketAddress to;
    if (!m_closed && destination(target, &to))
        sendDatagram(to, bytes);
}

bool UdpChannel::destination(const SendTarget &target, SocketAddress *to)
{
    const Peer *chosen = nullptr; // a peer heard from, chosen by its connection number
    if (target.kind == SendTarget::Kind::Connection) {
        for (const Peer &peer : std::as_const(m_peers)) {
            if (peer.id == target.conn)
                chosen = &peer;
        }
    }
    if (target.kind == SendTarget::Kind::Connection && !chosen) {
        // Never fall back to another peer: the chosen one is gone (or was forgotten in a flood).
        m_core->info(target.conn, EventKind::Dropped,
            tr("not sent: peer %1 is no longer known").arg(target.conn), {}, m_local, Direction::Error);
        return false;
    }
    if (target.kind == SendTarget::Kind::Address) {
        *to = toSocketFamily(target.address, target.port);
    } else if (chosen) {
        *to = chosen->address;
    } else if (target.kind == SendTarget::Kind::LastPeer && m_hasLastPeer) {
        *to = m_lastPeer;
    } else if (m_hasDefaultTarget) {
        *to = m_defaultTarget;
    } else if (m_hasLastPeer) {
        *to = m_lastPeer;
    } else {
        m_core->info(m_id, EventKind::Dropped,
            tr("not sent: no destination (set a remote host, or wait for a datagram)"), {}, m_local,
            Direction::Error);
        return false;
    }
    return true;
}

void UdpChannel::sent(const SocketAddress &to, const QByteArray &bytes, qint64 n)
{
    m_stats->bytesOut.fetch_add(n, std::memory_order_relaxed);
    m_core->bytesOut.fetch_add(n, std::memory_order_relaxed);
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    if (m_core->wantsDataEvents()) {
        // A Unix peer heard from is named as its datagrams were, with its process; a UDP peer's name is
        // its address either way, so there is no lookup per datagram there.
        QString peer = to.toString();
        if (to.family() == AF_UNIX) {
            const auto heard = m_peers.constFind(to.key());
            if (heard != m_peers.cend())
                peer = heard->text;
        }
        m_core->data(m_id, Direction::Out, peer, m_local, bytes, false);
    }
}

void UdpChannel::sendDatagram(const SocketAddress &to, const QByteArray &bytes)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_dtls)
        return m_dtls->send(to, bytes); // encrypted, or an event says why not
    if (to.family() == AF_UNIX && to.path().isEmpty()) {
        m_core->info(m_id, EventKind::Dropped,
            tr("not sent: the sender's socket has no name, so nothing can be sent back to it (bind it to "
               "a path)"),
            {}, m_local, Direction::Error);
        return;
    }
    if (!m_pending.empty()) {
        if (m_pendingBytes + bytes.size() > m_core->config.sendQueueLimit) {
            m_core->info(m_id, EventKind::Dropped,
                tr("not sent: %1 bytes already wait for the network").arg(m_pendingBytes), to.toString(),
                m_local, Direction::Error);
            return;
        }
        m_pending.push_back({to, bytes});
        m_pendingBytes += bytes.size();
        m_core->addQueued(m_stats.get(), bytes.size());
        return;
    }
    for (;;) {
        const ssize_t n
            = ::sendto(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL, to.data(), to.length);
        if (n >= 0) {
            sent(to, bytes, n);
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
            m_pending.push_back({to, bytes});
            m_pendingBytes += bytes.size();
            m_core->addQueued(m_stats.get(), bytes.size());
            m_writeNotifier->setEnabled(true);
            return;
        }
        const int error = errno;
        const QString why = to.family() == AF_UNIX ? unixSocketErrorMessage(error, to.path(), true)
                                                   : posix::errorText(error);
        m_core->info(m_id, EventKind::Error,
            tr("sending %1 bytes to %2 failed: %3").arg(bytes.size()).arg(to.toString(), why), to.toString(),
            m_local, Direction::Error);
        return;
    }
}

void UdpChannel::onWritable()
{
    std::deque<Pending> pending;
    pending.swap(m_pending);
    m_core->addQueued(m_stats.get(), -m_pendingBytes);
    m_pendingBytes = 0;
    m_writeNotifier->setEnabled(false);
    while (!pending.empty() && !m_closed) {
        sendDatagram(pending.front().to, pending.front().bytes);
        pending.pop_front();
    }
}

void UdpChannel::closeNow()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_closed)
        return;
    m_closed = true;
    m_lookup.abort();
    noteKernelDrops(posix::kernelDrops(m_fd));
    reportKernelDrops(); // what the last second held back
    if (m_dtls)
        m_dtls->closeAll(); // close_notify to each peer, while the socket is still open
    if (closeWatched(m_fd, {&m_readNotifier, &m_writeNotifier}))
        m_core->info(0, EventKind::Close, tr("socket closed"), {}, m_local);
    m_socketFile.remove();
    m_core->removeChannel(m_id);
    forgetPeers();
    m_core->addQueued(m_stats.get(), -m_pendingBytes);
    m_pending.clear();
    m_pendingBytes = 0;
    deleteLater();
}

} // namespace sockpit
