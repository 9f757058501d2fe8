#include "icmpchannel.h"

#include "endpoint.h"
#include "icmppacket.h"
#include "sessioncore.h"
#include "socketwatch.h"

#include <QSocketNotifier>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <chrono>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sockpit {

namespace {
// ICMP_FILTER of <linux/icmp.h> (which clashes with the libc headers): a raw ICMP socket skips the
// types whose bit is set.
constexpr int IcmpFilterOption = 1;
struct IcmpFilter
{
    quint32 data;
};

std::atomic<quint16> s_nextId {0};

qint64 steadyMicroseconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

QString milliseconds(qint64 us)
{
    return QString::number(double(us) / 1000.0, 'f', 3);
}
} // namespace

IcmpChannel::IcmpChannel(std::shared_ptr<SessionCore> core, ConnId id, QObject *parent)
    : IoChannel(parent)
    , m_core(std::move(core), this)
    , m_id(id)
    , m_stats(std::make_shared<ConnectionStats>())
{
    m_stats->sinceUs = nowMicroseconds();
    // Distinct per session of this process and per process, so concurrent pings tell their replies apart.
    m_id16 = quint16((::getpid() * 131) ^ (s_nextId.fetch_add(1) * 0x9e37));
}

IcmpChannel::~IcmpChannel()
{
    if (!m_closed) {
        posix::closeDescriptor(m_fd);
        m_core->removeChannel(m_id);
    }
}

void IcmpChannel::start()
{
    const SessionConfig &config = m_core->config;
    if (config.host.isEmpty())
        return m_core.failStart(tr("ICMP echo needs a host to send to"), EventKind::Resolve);
    m_lookup.start(
        config.host, this, [this](const QList<QHostAddress> &addresses) { onResolved(addresses); });
}

void IcmpChannel::onResolved(const QList<QHostAddress> &addresses)
{
    const SessionConfig &config = m_core->config;
    if (addresses.isEmpty())
        return m_core.failStart(tr("host '%1' not found").arg(config.host), EventKind::Resolve);
    for (const QHostAddress &address : addresses) {
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        if (isV4) {
            m_target = QHostAddress(v4);
            break;
        }
    }
    if (m_target.isNull())
        return m_core.failStart(
            tr("'%1' has no IPv4 address: ICMP echo here is IPv4 only").arg(config.host), EventKind::Resolve);
    m_peer = formatAddress(m_target);
    openSocket();
}

void IcmpChannel::openSocket()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    m_fd = ::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
    if (m_fd < 0) {
        const int rawError = errno;
        if (rawError == EPERM || rawError == EACCES)
            m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMP);
        if (m_fd < 0)
            return m_core.failStart(icmp::openErrorMessage(rawError), EventKind::Bind, m_peer);
        m_rawSocket = false;
        m_core->info(0, EventKind::Bind,
            tr("no permission for a raw socket (root or CAP_NET_RAW): using a ping socket, which shows no "
               "IP header"),
            m_peer);
    } else {
        // Only what can answer an echo request: replies, unreachable, time exceeded.
        const IcmpFilter filter {
            ~((1u << icmp::EchoReply) | (1u << icmp::DestinationUnreachable) | (1u << icmp::TimeExceeded))};
        ::setsockopt(m_fd, IPPROTO_RAW, IcmpFilterOption, &filter, sizeof(filter));
        m_core->info(0, EventKind::Bind, tr("raw ICMP socket open"), m_peer);
    }
    m_stats->peer = m_peer;
    m_readNotifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &IcmpChannel::onReadable);
    m_core->addChannel(m_id, this, m_stats);
    m_core->connections.fetch_add(1);
    const SessionConfig &config = m_core->config;
    m_core->info(m_id, EventKind::Connect,
        tr("pinging %1 with %2 data bytes").arg(m_peer).arg(config.pingPayloadSize), m_peer);
    m_core->notifyStarted();
    if (m_core->stopping())
        return closeNow();
    m_sendTimer = new QTimer(this);
    m_sendTimer->setTimerType(Qt::PreciseTimer);
    m_sendTimer->setInterval(qMax(1, config.pingIntervalMs));
    connect(m_sendTimer, &QTimer::timeout, this, &IcmpChannel::sendNext);
    m_sendTimer->start();
    sendNext();
}

void IcmpChannel::sendNext()
{
    const SessionConfig &config = m_core->config;
    if (m_closed)
        return;
    if (config.pingCount > 0 && m_sent >= config.pingCount) {
        m_sendTimer->stop();
        return;
    }
    sendEcho(icmp::echoPayload(config.pingPayloadSize, nowMicroseconds()));
    if (config.pingCount > 0 && m_sent >= config.pingCount)
        m_sendTimer->stop();
}

void IcmpChannel::sendBytes(const QByteArray &bytes, const SendTarget &target)
{
    Q_UNUSED(target)
    m_core->addQueued(m_stats.get(), -bytes.size());
    if (m_closed)
        return;
    if (bytes.size() > icmp::MaxPayload) {
        m_core->info(m_id, EventKind::Dropped,
            tr("not sent: an echo request holds at most %1 bytes").arg(icmp::MaxPayload), m_peer, {},
            Direction::Error);
        return;
    }
    sendEcho(bytes);
}

void IcmpChannel::sendEcho(const QByteArray &payload)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    const quint16 sequence = m_nextSequence++;
    const QByteArray message = icmp::echoRequest(m_id16, sequence, payload);
    const SocketAddress to = SocketAddress::from(m_target, 0);
    ++m_sent;
    ssize_t n = -1;
    do {
        n = ::sendto(m_fd, message.constData(), size_t(message.size()), MSG_NOSIGNAL, to.data(), to.length);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        m_core->info(m_id, EventKind::Error,
            tr("echo request icmp_seq=%1 not sent: %2").arg(sequence).arg(posix::errorText(errno)), m_peer,
            {}, Direction::Error);
        ++m_timedOut;
        finishIfDone();
        return;
    }
    m_outstanding.insert(sequence, steadyMicroseconds());
    m_stats->bytesOut.fetch_add(n, std::memory_order_relaxed);
    m_core->bytesOut.fetch_add(n, std::memory_order_relaxed);
    m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    if (m_core->wantsDataEvents())
        m_core->data(m_id, Direction::Out, m_peer, {}, message, false);
    QTimer::singleShot(qMax(1, m_core->config.pingTimeoutMs), Qt::PreciseTimer, this,
        [this, sequence] { onTimeout(sequence); });
}

void IcmpChannel::onReadable()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    char *const buffer = posix::datagramBuffer();
    for (int i = 0; i < posix::DatagramsPerWakeup && !m_closed; ++i) {
        SocketAddress from;
        const ssize_t n = posix::receiveFrom(m_fd, buffer, posix::MaxDatagram, 0, from);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                m_core->info(m_id, EventKind::Error, tr("receiving failed: %1").arg(posix::errorText(errno)),
                    m_peer, {}, Direction::Error);
            return;
        }
        const QByteArray bytes(buffer, qsizetype(n));
        const icmp::Packet packet = icmp::parse(bytes, m_rawSocket);
        if (packet.valid)
            handlePacket(packet, bytes);
    }
}

void IcmpChannel::handlePacket(const icmp::Packet &packet, const QByteArray &bytes)
{
    // A raw socket sees every ICMP message to this host; a ping socket only its own (the kernel picks
    // its id).
    const bool reply = packet.type == icmp::EchoReply && (!m_rawSocket || packet.id == m_id16);
    const bool error = packet.quotesEcho && (!m_rawSocket || packet.quotedId == m_id16);
    if (!reply && !error)
        return;
    const QString from = packet.hasIpHeader ? formatAddress(packet.source) : m_peer;
    m_stats->bytesIn.fetch_add(bytes.size(), std::memory_order_relaxed);
    m_core->bytesIn.fetch_add(bytes.size(), std::memory_order_relaxed);
    if (m_core->wantsDataEvents())
        m_core->data(m_id, Direction::In, from, {}, bytes, false);
    if (error) {
        const bool known = m_outstanding.remove(packet.quotedSequence) > 0;
        if (known)
            ++m_timedOut;
        m_core->info(m_id, EventKind::Reply,
            tr("%1 for icmp_seq=%2 from %3 \u00b7 %4")
                .arg(icmp::typeName(packet.type))
                .arg(packet.quotedSequence)
                .arg(from, icmp::describe(packet)),
            from, {}, Direction::Error);
        finishIfDone();
        return;
    }
    const auto sent = m_outstanding.constFind(packet.sequence);
    QString timing;
    if (sent != m_outstanding.cend()) {
        const qint64 rtt = steadyMicroseconds() - sent.value();
        m_outstanding.erase(sent);
        ++m_received;
        m_core->messagesIn.fetch_add(1, std::memory_order_relaxed);
        m_rttMinUs = m_received == 1 ? rtt : qMin(m_rttMinUs, rtt);
        m_rttMaxUs = qMax(m_rttMaxUs, rtt);
        m_rttSumUs += rtt;
        timing = tr("time=%1 ms").arg(milliseconds(rtt));
    } else {
        timing = tr("late or duplicate");
    }
    const QString ttl = packet.hasIpHeader ? QString::number(packet.ttl) : QStringLiteral("?");
    m_core->info(m_id, EventKind::Reply,
        tr("%1 bytes from %2: icmp_seq=%3 ttl=%4 %5 \u00b7 %6")
            .arg(packet.icmpBytes)
            .arg(from)
            .arg(packet.sequence)
            .arg(ttl, timing, icmp::describe(packet)),
        from, {}, packet.checksumOk ? Direction::Info : Direction::Error);
    finishIfDone();
}

void IcmpChannel::onTimeout(quint16 sequence)
{
    if (m_closed || m_outstanding.remove(sequence) == 0)
        return;
    ++m_timedOut;
    m_core->info(m_id, EventKind::Timeout,
        tr("no reply to icmp_seq=%1 within %2 ms").arg(sequence).arg(m_core->config.pingTimeoutMs), m_peer,
        {}, Direction::Error);
    finishIfDone();
}

void IcmpChannel::finishIfDone()
{
    const int count = m_core->config.pingCount;
    if (count > 0 && m_sent >= count && m_outstanding.isEmpty())
        closeNow();
}

QString IcmpChannel::summary() const
{
    const int lost = m_sent - m_received;
    const int percent = m_sent > 0 ? int(qRound(100.0 * lost / m_sent)) : 0;
    QString text
        = tr("%1: %2 sent, %3 received, %4% lost").arg(m_peer).arg(m_sent).arg(m_received).arg(percent);
    if (m_received > 0)
        text += tr(", round trip min/avg/max %1/%2/%3 ms")
                    .arg(milliseconds(m_rttMinUs), milliseconds(m_rttSumUs / m_received),
                        milliseconds(m_rttMaxUs));
    return text;
}

void IcmpChannel::closeNow()
{
    SOCKPIT_ASSERT_OWN_THREAD();
    if (m_closed)
        return;
    m_closed = true;
    m_lookup.abort();
    delete m_sendTimer;
    m_sendTimer = nullptr;
    if (closeWatched(m_fd, {&m_readNotifier})) {
        m_core->connections.fetch_sub(1);
        m_core->info(m_id, EventKind::Stop, summary(), m_peer);
    }
    m_core->removeChannel(m_id);
    deleteLater();
}

} // namespace sockpit
