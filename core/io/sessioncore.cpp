#include "sessioncore.h"

#include "endpoint.h"
#include "iochannel.h"
#include "recorder.h"
#include "sessionobserver.h"

#include <QCoreApplication>

#include <QMutexLocker>

#include <algorithm>

namespace sockpit {

SessionCore::SessionCore(SessionObserver *owner, quint64 gen, const SessionConfig &cfg, DataHandler handler,
    std::shared_ptr<ByteSink> dataSink, bool display, bool displayData, int previewBytes,
    bool closeAfterPeerFinish)
    : EventSink(display, displayData, previewBytes)
    , generation(gen)
    , config(cfg)
    , dataHandler(std::move(handler))
    , sink(std::move(dataSink))
    , chatRoom(cfg.chat && isStreamServer(cfg.mode) ? std::make_shared<ChatRoom>(this,
                   cfg.framing.kind == Framing::Kind::Delimiter && cfg.framing.delimiter == "\r\n"
                       ? QByteArrayLiteral("\r\n")
                       : QByteArrayLiteral("\n"),
                   cfg.chatName)
                                                    : nullptr)
    , m_owner(owner)
    , m_closeAfterPeerFinish(closeAfterPeerFinish)
    , m_liveOptions(std::make_shared<const LiveOptions>(
          LiveOptions {cfg.echo, cfg.maxClients, cfg.framing, cfg.autoReplies, cfg.receiveCheck, {}}))
    , m_echo(cfg.echo)
    , m_maxClients(cfg.maxClients)
{
    if (isUnixMode(cfg.mode))
        setLocalPath(cfg.localPath);
    else
        setLocal(cfg.bindAddress, cfg.bindPort);
}

std::shared_ptr<const LiveOptions> SessionCore::liveOptions() const
{
    QMutexLocker lock(&m_liveMutex);
    return m_liveOptions;
}

void SessionCore::setLiveOptions(const LiveOptions &options)
{
    {
        QMutexLocker lock(&m_liveMutex);
        auto next = std::make_shared<LiveOptions>(options);
        next->taps = m_liveOptions->taps;
        m_liveOptions = std::move(next);
        m_echo.store(options.echo, std::memory_order_relaxed);
        m_maxClients.store(options.maxClients, std::memory_order_relaxed);
    }
    m_liveVersion.fetch_add(1, std::memory_order_release);
}

void SessionCore::addTap(std::shared_ptr<ReceiveTap> tap)
{
    {
        QMutexLocker lock(&m_liveMutex);
        auto next = std::make_shared<LiveOptions>(*m_liveOptions);
        next->taps.push_back(std::move(tap));
        m_liveOptions = std::move(next);
    }
    m_liveVersion.fetch_add(1, std::memory_order_release);
}

void SessionCore::removeTap(const ReceiveTap *tap)
{
    {
        QMutexLocker lock(&m_liveMutex);
        auto next = std::make_shared<LiveOptions>(*m_liveOptions);
        next->taps.erase(std::remove_if(next->taps.begin(), next->taps.end(),
                             [tap](const std::shared_ptr<ReceiveTap> &t) { return t.get() == tap; }),
            next->taps.end());
        m_liveOptions = std::move(next);
    }
    m_liveVersion.fetch_add(1, std::memory_order_release);
}

SessionCore::~SessionCore() = default;

void SessionCore::setRecorder(std::shared_ptr<Recorder> recorder)
{
    attachRecorder(std::move(recorder), name(), std::weak_ptr<EventSink>(shared_from_this()));
}

QString SessionCore::name() const
{
    QMutexLocker lock(&m_nameMutex);
    return m_name;
}

void SessionCore::setLocal(const QHostAddress &address, quint16 port)
{
    QString name = sessionKindName(config) + QLatin1Char(' ');
    if (config.mode == SessionMode::TcpClient && config.webSocket)
        name += webSocketUrl(config);
    else if (config.mode == SessionMode::TcpClient
        || (config.mode == SessionMode::Udp && tlsRole(config) == TlsRole::Client))
        name += Endpoint {config.host, config.port}.toString(); // a DTLS client is named by its server
    else if (config.mode == SessionMode::Icmp)
        name += config.host;
    else
        name += formatEndpoint(address, port);
    {
        QMutexLocker lock(&m_nameMutex);
        m_localAddress = address;
        m_localPort = port;
        m_name = name;
    }
    renameRecording(name);
}

void SessionCore::setLocalPath(const QString &path)
{
    const QString name = sessionModeName(config.mode) + QLatin1Char(' ')
        + (config.mode == SessionMode::UnixClient ? config.remotePath : path);
    {
        QMutexLocker lock(&m_nameMutex);
        m_localPath = path;
        m_name = name;
    }
    renameRecording(name);
}

QString SessionCore::localPath() const
{
    QMutexLocker lock(&m_nameMutex);
    return m_localPath;
}

QHostAddress SessionCore::localAddress() const
{
    QMutexLocker lock(&m_nameMutex);
    return m_localAddress;
}

quint16 SessionCore::localPort() const
{
    QMutexLocker lock(&m_nameMutex);
    return m_localPort;
}

void SessionCore::addQueued(ConnectionStats *stats, qint64 delta)
{
    if (stats)
        stats->queuedBytes.fetch_add(delta);
    const qint64 queued = m_queued.fetch_add(delta) + delta;
    // Only when a waiter's level is reached: a producer far above it is not woken for every send.
    if (delta < 0 && queued <= m_queueWakeLevel.load())
        wakeWaiters();
}

bool SessionCore::waitUntil(const std::function<bool()> &condition)
{
    std::unique_lock<std::mutex> lock(m_queueMutex);
    m_queueWaiters.fetch_add(1);
    m_queueDrained.wait(lock, [&] { return condition() || m_stopping.load() || m_live.load() == 0; });
    m_queueWaiters.fetch_sub(1);
    return !m_stopping.load() && m_live.load() > 0;
}

bool SessionCore::waitForQueueBelow(qint64 bytes)
{
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        m_queueLevels.insert(bytes);
        m_queueWakeLevel.store(*m_queueLevels.rbegin());
    }
    const bool running = waitUntil([&] { return m_queued.load() <= bytes; });
    std::lock_guard<std::mutex> lock(m_queueMutex);
    m_queueLevels.erase(m_queueLevels.find(bytes));
    m_queueWakeLevel.store(m_queueLevels.empty() ? -1 : *m_queueLevels.rbegin());
    return running;
}

bool SessionCore::waitForPeer()
{
    const bool udp = isDatagramMode(config.mode);
    return waitUntil([&] { return udp ? heardFromPeer.load() : channelCount() > 0; });
}

void SessionCore::wakeWaiters()
{
    if (m_queueWaiters.load() == 0)
        return;
    std::lock_guard<std::mutex> lock(m_queueMutex);
    m_queueDrained.notify_all();
}

bool SessionCore::queueSend(const QByteArray &bytes, const SendTarget &target)
{
    return queueToChannels(bytes.size(), true, target, [&bytes, &target](IoChannel *channel) {
        QMetaObject::invokeMethod(
            channel, [channel, bytes, target] { channel->sendBytes(bytes, target); }, Qt::QueuedConnection);
    });
}

bool SessionCore::queueSendFile(const FileRange &range, const SendTarget &target)
{
    return queueToChannels(range.length, false, target, [&range, &target](IoChannel *channel) {
        QMetaObject::invokeMethod(
            channel, [channel, range, target] { channel->sendFileRange(range, target); },
            Qt::QueuedConnection);
    });
}

bool SessionCore::queueSendBatch(const QVector<QByteArray> &pieces, const SendTarget &target)
{
    qint64 size = 0;
    for (const QByteArray &bytes : pieces)
        size += bytes.size();
    return queueToChannels(size, true, target, [&pieces, &target](IoChannel *channel) {
        QMetaObject::invokeMethod(
            channel, [channel, pieces, target] { channel->sendBatch(pieces, target); }, Qt::QueuedConnection);
    });
}

bool SessionCore::sendsFilesUnread() const
{
    const bool stream = isStreamClient(config.mode) || isStreamServer(config.mode);
    return stream && !m_tls && !config.webSocket && !chatRoom && !wantsDataEvents();
}

bool SessionCore::queueToChannels(
    qint64 size, bool inMemory, const SendTarget &target, const std::function<void(IoChannel *)> &dispatch)
{
    // A UDP session has one channel, its socket; the target then says where the datagram goes.
    const bool datagram = isDatagramMode(config.mode);
    const bool oneConnection = target.kind == SendTarget::Kind::Connection && !datagram;
    if (datagram && target.kind == SendTarget::Kind::LastPeer && !heardFromPeer.load()) {
        info(0, EventKind::Dropped,
            QObject::tr("not sent: no datagram has arrived yet, so there is no sender to answer"), {}, {},
            Direction::Error, false);
        return false;
    }
    bool any = false;
    EventBatch refusals; // posted after unlocking: the recorder may block
    {
        QMutexLocker lock(&m_registryMutex);
        for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it) {
            if (oneConnection && it.key() != target.conn)
                continue;
            ConnectionStats *stats = m_stats.value(it.key()).get();
            if (inMemory && stats && stats->queuedBytes.load() + size > config.sendQueueLimit) {
                refusals.push_back(dropped(it.key(), stats->peer, size,
                    QObject::tr("not sent: %1 bytes are still waiting for this peer to read")
                        .arg(stats->queuedBytes.load())));
                continue;
            }
            addQueued(stats, size);
            dispatch(it.value());
            any = true;
        }
    }
    for (Event &event : refusals)
        post(std::move(event), false); // on the GUI thread, which must not wait for the disk
    if (!any && refusals.isEmpty()) {
        const QString why = oneConnection ? QObject::tr("not sent: connection %1 is closed").arg(target.conn)
                                          : QObject::tr("not sent: nobody is connected");
        info(target.conn, EventKind::Dropped, why, {}, {}, Direction::Error, false);
    }
    return any;
}

void SessionCore::setCloseAfterPeerFinish(bool on)
{
    m_closeAfterPeerFinish.store(on); // for the connections that open from now on
    forChannels(0, [on](IoChannel *channel) { channel->setCloseAfterPeerFinish(on); });
}

void SessionCore::requestStop()
{
    if (m_stopping.exchange(true))
        return;
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        m_queueDrained.notify_all();
    }
    closeAll();
}

void SessionCore::release()
{
    if (m_live.fetch_sub(1) != 1)
        return;
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        m_queueDrained.notify_all();
    }
    QMutexLocker lock(&m_ownerMutex);
    if (m_owner)
        m_owner->sessionStopped(generation);
}

void SessionCore::notifyStarted()
{
    QMutexLocker lock(&m_ownerMutex);
    if (m_owner)
        m_owner->sessionStarted(generation);
}

void SessionCore::notifyFailed(const QString &reason, EventKind kind)
{
    QMutexLocker lock(&m_ownerMutex);
    if (m_owner)
        m_owner->sessionFailed(generation, reason, kind);
}

void SessionCore::notifyPeerOpened(ConnId conn, const QString &peer)
{
    QMutexLocker lock(&m_ownerMutex);
    if (m_owner)
        m_owner->connectionOpened(generation, conn, peer);
}

void SessionCore::notifyPeerClosed(ConnId conn, EventKind how, const QString &text)
{
    QMutexLocker lock(&m_ownerMutex);
    if (m_owner)
        m_owner->connectionClosed(generation, conn, how, text);
}

void SessionCore::detachOwner()
{
    QMutexLocker lock(&m_ownerMutex);
    m_owner = nullptr;
}

} // namespace sockpit
