#include "session.h"

#include "icmpchannel.h"
#include "iothreadpool.h"
#include "multicastsocket.h"
#include "posixsocket.h"
#include "recorder.h"
#include "sessioncore.h"
#include "tcpconnector.h"
#include "tcplistener.h"
#include "udpchannel.h"
#include "udprelay.h"

#include <algorithm>

namespace sockpit {

namespace {
// How often the window gets a batch of events: often enough to feel live, rarely enough that a
// flood costs a bounded amount of work per frame.
constexpr int DisplayIntervalMs = 30;

// An IPv6 scope id that names no interface of this machine ("fe80::1%eth9") would reach the socket
// calls as no scope at all, and fail with a puzzling "Invalid argument": the address it belongs to, or
// empty when every scope is known.
QString unknownScope(const SessionConfig &config)
{
    QHostAddress host;
    for (const QHostAddress &address :
        {config.bindAddress, host.setAddress(config.host) ? host : QHostAddress()}) {
        const QString scope = address.scopeId();
        if (!scope.isEmpty() && multicast::interfaceIndex(scope) == 0)
            return scope;
    }
    return QString();
}

// What is wrong with a Unix mode's paths, or an empty string.
QString badUnixPath(const SessionConfig &config)
{
    if (!isUnixMode(config.mode))
        return QString();
    const bool client = config.mode == SessionMode::UnixClient;
    if (!client && !(config.mode == SessionMode::UnixDatagram && config.localPath.isEmpty()))
        if (QString error = posix::unixPathError(config.localPath); !error.isEmpty())
            return error;
    if (client || !config.remotePath.isEmpty())
        return posix::unixPathError(config.remotePath);
    return QString();
}
} // namespace

Session::Session(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<sockpit::EventBatch>();
    qRegisterMetaType<sockpit::EventKind>();
    qRegisterMetaType<sockpit::ConnId>("sockpit::ConnId");
    m_displayTimer.setInterval(DisplayIntervalMs);
    connect(&m_displayTimer, &QTimer::timeout, this, &Session::flushDisplay);
}

Session::~Session()
{
    if (m_core) {
        m_core->detachOwner();
        m_core->requestStop();
    }
}

void Session::setRecorder(std::shared_ptr<Recorder> recorder)
{
    m_recorder = std::move(recorder);
    if (m_core && m_state != State::Idle)
        m_core->setRecorder(m_recorder); // a running session records from now on
}

void Session::setDataHandler(DataHandler handler)
{
    m_dataHandler = std::move(handler);
}

void Session::setDataSink(std::shared_ptr<ByteSink> sink)
{
    m_dataSink = std::move(sink);
}

void Session::setDisplayEnabled(bool enabled)
{
    m_displayEnabled = enabled;
}

void Session::setDisplayDataEvents(bool enabled)
{
    m_displayData = enabled;
}

void Session::setDisplayPreviewBytes(int bytes)
{
    m_previewBytes = qMax(0, bytes);
}

void Session::setDisplayWholeBytes(qint64 bytes)
{
    m_wholeBytes = qMax<qint64>(0, bytes);
    if (m_core)
        m_core->setDisplayWholeBytes(m_wholeBytes);
}

void Session::setCloseAfterPeerFinish(bool enabled)
{
    m_closeAfterPeerFinish = enabled;
    if (m_core)
        m_core->setCloseAfterPeerFinish(enabled);
}

bool Session::setLiveOptions(const SessionConfig &config)
{
    if (!m_core || m_state == State::Idle)
        return false;
    m_config.echo = config.echo;
    m_config.maxClients = config.maxClients;
    m_config.framing = config.framing;
    m_config.autoReplies = config.autoReplies;
    m_config.receiveCheck = config.receiveCheck;
    m_core->setLiveOptions(
        {config.echo, config.maxClients, config.framing, config.autoReplies, config.receiveCheck, {}});
    return true;
}

void Session::setTlsTransport(std::shared_ptr<const TlsTransport> transport)
{
    m_tlsTransport = std::move(transport);
}

void Session::start(const SessionConfig &config)
{
    if (m_state != State::Idle)
        return;
    if (m_core)
        m_core->detachOwner();
    m_config = config;
    m_core = std::make_shared<SessionCore>(static_cast<SessionObserver *>(this), ++m_generation, config,
        m_dataHandler, m_dataSink, m_displayEnabled, m_displayData, m_previewBytes, m_closeAfterPeerFinish);
    m_core->setDisplayWholeBytes(m_wholeBytes);
    m_core->setRecorder(m_recorder);
    for (std::shared_ptr<ReceiveTap> &tap : m_startTaps)
        m_core->addTap(std::move(tap)); // before any connection exists: they see every byte
    m_startTaps.clear();
    const bool tls = config.tls.enabled && isTlsMode(config.mode);
    if (tls)
        m_core->setTlsTransport(m_tlsTransport);
    setState(State::Starting);
    if (m_displayEnabled)
        m_displayTimer.start();

    IoThreadPool &pool = IoThreadPool::instance();
    QObject *worker = pool.worker(pool.nextIndex());
    m_core->retain(); // adopted by the object created below
    QMetaObject::invokeMethod(
        worker,
        [core = m_core, worker] {
            if (core->stopping()) {
                core->release();
                return;
            }
            if (const QString scope = unknownScope(core->config); !scope.isEmpty()) {
                const QString message
                    = Session::tr("there is no network interface '%1' on this machine").arg(scope);
                core->info(0, EventKind::Bind, message, {}, {}, Direction::Error);
                core->notifyFailed(message, EventKind::Bind);
                core->release();
                return;
            }
            if (const QString error = badUnixPath(core->config); !error.isEmpty()) {
                core->info(0, EventKind::Bind, error, {}, {}, Direction::Error);
                core->notifyFailed(error, EventKind::Bind);
                core->release();
                return;
            }
            if (core->config.tls.enabled && isTlsMode(core->config.mode) && !core->tlsTransport()) {
                const QString reason = Session::tr("TLS is not available to this session");
                core->info(0, EventKind::Tls, reason, {}, {}, Direction::Error);
                core->notifyFailed(reason, EventKind::Tls);
                core->release();
                return;
            }
            switch (core->config.mode) {
            case SessionMode::TcpServer:
            case SessionMode::TcpRelay:
            case SessionMode::UnixServer:
                (new TcpListener(core, worker))->start();
                break;
            case SessionMode::TcpClient:
            case SessionMode::UnixClient:
                (new TcpConnector(core, worker))->start();
                break;
            case SessionMode::Udp:
            case SessionMode::UnixDatagram:
                (new UdpChannel(core, core->nextConnId(), worker))->start();
                break;
            case SessionMode::UdpRelay:
                (new UdpRelay(core, core->nextConnId(), worker))->start();
                break;
            case SessionMode::Icmp:
                (new IcmpChannel(core, core->nextConnId(), worker))->start();
                break;
            }
        },
        Qt::QueuedConnection);
}

void Session::stop()
{
    if (m_state == State::Idle || m_state == State::Stopping || !m_core)
        return;
    setState(State::Stopping);
    m_core->requestStop();
}

bool Session::send(const QByteArray &bytes, const SendTarget &target)
{
    if (!m_core || m_state != State::Running) {
        if (m_core)
            m_core->info(0, EventKind::Dropped, tr("not sent: the session is not running"), {}, {},
                Direction::Error, false);
        return false;
    }
    if (m_core->chatRoom) {
        // Said to the whole room; each send is whole lines.
        m_core->chatRoom->hostSays(bytes, true);
        return true;
    }
    return m_core->queueSend(bytes, target);
}

bool Session::addReceiveTap(std::shared_ptr<ReceiveTap> tap)
{
    if (!tap)
        return false;
    if (m_state == State::Idle) {
        m_startTaps.push_back(std::move(tap)); // in place before the first byte can arrive
        return true;
    }
    if (!m_core)
        return false;
    m_core->addTap(std::move(tap));
    return true;
}

void Session::removeReceiveTap(const ReceiveTap *tap)
{
    m_startTaps.erase(std::remove_if(m_startTaps.begin(), m_startTaps.end(),
                          [tap](const std::shared_ptr<ReceiveTap> &t) { return t.get() == tap; }),
        m_startTaps.end());
    if (m_core)
        m_core->removeTap(tap);
}

void Session::disconnectPeer(ConnId conn)
{
    if (m_core && conn != 0)
        m_core->forChannels(conn, [](IoChannel *channel) { channel->closeNow(); });
}

void Session::shutdownWrite(ConnId conn)
{
    if (m_core)
        m_core->forChannels(conn, [](IoChannel *channel) { channel->shutdownWrite(); });
}

void Session::joinGroup(const QHostAddress &group, const QString &interfaceName)
{
    changeMembership(group, interfaceName, true);
}

void Session::leaveGroup(const QHostAddress &group, const QString &interfaceName)
{
    changeMembership(group, interfaceName, false);
}

void Session::changeMembership(const QHostAddress &group, const QString &interfaceName, bool join)
{
    const EventKind kind = join ? EventKind::Join : EventKind::Leave;
    if (!m_core || m_state != State::Running || m_config.mode != SessionMode::Udp) {
        if (m_core)
            m_core->info(
                0, kind, tr("multicast groups need a running UDP session"), {}, {}, Direction::Error, false);
        return;
    }
    m_core->forChannels(0, [group, interfaceName, join](IoChannel *channel) {
        if (auto *udp = qobject_cast<UdpChannel *>(channel)) {
            if (join)
                udp->joinGroup(group, interfaceName);
            else
                udp->leaveGroup(group, interfaceName);
        }
    });
}

QString Session::name() const
{
    return m_core ? m_core->name() : sessionModeName(m_config.mode);
}

QHostAddress Session::localAddress() const
{
    return m_core ? m_core->localAddress() : QHostAddress();
}

quint16 Session::localPort() const
{
    return m_core ? m_core->localPort() : 0;
}

QString Session::localPath() const
{
    return m_core ? m_core->localPath() : QString();
}

SessionCounters Session::counters() const
{
    SessionCounters result;
    if (!m_core)
        return result;
    result.bytesIn = m_core->bytesIn.load();
    result.bytesOut = m_core->bytesOut.load();
    result.messagesIn = m_core->messagesIn.load();
    result.messagesOut = m_core->messagesOut.load();
    result.queuedBytes = m_core->queuedBytes();
    result.connections = m_core->connections.load();
    result.accepted = m_core->accepted.load();
    result.refused = m_core->refused.load();
    result.checked = m_core->checked.load();
    result.badChecksums = m_core->badChecksums.load();
    result.kernelDrops = m_core->kernelDrops.load();
    return result;
}

QVector<PeerInfo> Session::peers() const
{
    return m_core ? m_core->peers() : QVector<PeerInfo>();
}

SessionFeed::SessionFeed(std::shared_ptr<SessionCore> core)
    : m_core(std::move(core))
{ }

bool SessionFeed::send(const QByteArray &bytes, const SendTarget &target) const
{
    if (m_core && !m_core->stopping() && m_core->chatRoom) {
        // A stream of lines: an unfinished one waits for the rest.
        m_core->chatRoom->hostSays(bytes, false);
        return true;
    }
    return m_core && !m_core->stopping() && m_core->queueSend(bytes, target);
}

bool SessionFeed::sendFile(const FileRange &range, const SendTarget &target) const
{
    return m_core && !m_core->stopping() && m_core->queueSendFile(range, target);
}

bool SessionFeed::sendBatch(const QVector<QByteArray> &pieces, const SendTarget &target) const
{
    if (m_core && !m_core->stopping() && m_core->chatRoom) {
        for (const QByteArray &bytes : pieces)
            m_core->chatRoom->hostSays(bytes, false);
        return true;
    }
    return m_core && !m_core->stopping() && m_core->queueSendBatch(pieces, target);
}

bool SessionFeed::sendsFilesUnread() const
{
    return m_core && m_core->sendsFilesUnread();
}

void SessionFeed::shutdownWrite() const
{
    if (m_core)
        m_core->forChannels(0, [](IoChannel *channel) { channel->shutdownWrite(); });
}

qint64 SessionFeed::queuedBytes() const
{
    return m_core ? m_core->queuedBytes() : 0;
}

bool SessionFeed::waitForQueueBelow(qint64 bytes) const
{
    return m_core && m_core->waitForQueueBelow(bytes);
}

int SessionFeed::connections() const
{
    return m_core ? m_core->connections.load() : 0;
}

bool SessionFeed::waitForPeer() const
{
    return m_core && m_core->waitForPeer();
}

void Session::later(quint64 generation, std::function<void()> fn)
{
    // A restarted Session has a new core: news still queued from an old run must not reach it.
    QMetaObject::invokeMethod(
        this,
        [this, generation, fn = std::move(fn)] {
            if (generation == m_generation)
                fn();
        },
        Qt::QueuedConnection);
}

void Session::sessionStarted(quint64 generation)
{
    later(generation, [this] { handleStarted(); });
}

void Session::sessionFailed(quint64 generation, const QString &reason, EventKind kind)
{
    later(generation, [this, reason, kind] { emit failed(reason, kind); });
}

void Session::sessionStopped(quint64 generation)
{
    later(generation, [this] { handleStopped(); });
}

void Session::connectionOpened(quint64 generation, ConnId conn, const QString &peer)
{
    later(generation, [this, conn, peer] { emit peerOpened(conn, peer); });
}

void Session::connectionClosed(quint64 generation, ConnId conn, EventKind how, const QString &text)
{
    later(generation, [this, conn, how, text] { emit peerClosed(conn, how, text); });
}

void Session::handleStarted()
{
    if (m_state != State::Starting)
        return;
    setState(State::Running);
    emit started();
}

void Session::handleStopped()
{
    flushDisplay();
    m_displayTimer.stop();
    setState(State::Idle);
    emit stopped();
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Session::flushDisplay()
{
    if (!m_core)
        return;
    qint64 notDisplayed = 0;
    EventBatch batch = m_core->takeDisplayBatch(&notDisplayed);
    if (!batch.isEmpty() || notDisplayed > 0)
        emit eventsReady(batch, notDisplayed);
}

} // namespace sockpit
