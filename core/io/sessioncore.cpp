#include "sessioncore.h"

#include "endpoint.h"
#include "iochannel.h"
#include "recorder.h"
#include "sessionobserver.h"

#include <QCoreApplication>

#include <QMutexLocker>

#include <algorithm>

namespace sockpit {

namespace {
// Events waiting for the next display batch. Past this the display is told how many it missed, so
// a flood costs the window a bounded amount of work; counters and the recording stay complete.
constexpr int MaxPendingDisplayEvents = 5000;
} // namespace

SessionCore::SessionCore(SessionObserver *owner, quint64 gen, const SessionConfig &cfg, DataHandler handler,
    bool display, bool displayData, int previewBytes, bool closeAfterPeerFinish)
    : generation(gen)
    , config(cfg)
    , dataHandler(std::move(handler))
    , m_owner(owner)
    , m_display(display)
    , m_displayData(displayData)
    , m_previewBytes(previewBytes)
    , m_closeAfterPeerFinish(closeAfterPeerFinish)
{
    setLocal(cfg.bindAddress, cfg.bindPort);
}

SessionCore::~SessionCore() = default;

void SessionCore::setRecorder(std::shared_ptr<Recorder> recorder)
{
    if (recorder) {
        recorder->setSessionName(name());
        // A full disk ends the recording, not the session: the session reports it as an error event.
        recorder->setErrorHandler([weak = weak_from_this()](const QString &message) {
            if (std::shared_ptr<SessionCore> core = weak.lock())
                core->info(0, EventKind::Error,
                    QCoreApplication::translate("sockpit::Session", "recording stopped: %1").arg(message), {},
                    {}, Direction::Error);
        });
        recorder->setDrainedHandler([weak = weak_from_this()] {
            if (std::shared_ptr<SessionCore> core = weak.lock())
                core->recordingCaughtUp();
        });
    }
    std::atomic_store(&m_recorder, recorder);
    m_hasRecorder.store(recorder != nullptr);
    if (!recorder)
        recordingCaughtUp(); // nothing to wait for any more
}

void SessionCore::resumeWhenRecorded(QObject *context, std::function<void()> fn)
{
    QMutexLocker lock(&m_resumeMutex);
    if (m_recordingBehind.load()) {
        m_resumes.emplace_back(context, std::move(fn));
        return;
    }
    lock.unlock();
    QMetaObject::invokeMethod(context, std::move(fn), Qt::QueuedConnection);
}

void SessionCore::recordingCaughtUp()
{
    std::vector<std::pair<QPointer<QObject>, std::function<void()>>> resumes;
    {
        QMutexLocker lock(&m_resumeMutex);
        m_recordingBehind.store(false);
        resumes.swap(m_resumes);
    }
    // Queued to each transport's own thread; one that is gone by then is skipped by Qt.
    for (auto &[context, fn] : resumes) {
        if (context)
            QMetaObject::invokeMethod(context.data(), std::move(fn), Qt::QueuedConnection);
    }
}

QString SessionCore::name() const
{
    QMutexLocker lock(&m_nameMutex);
    return m_name;
}

void SessionCore::setLocal(const QHostAddress &address, quint16 port)
{
    QString name = sessionModeName(config.mode) + QLatin1Char(' ');
    if (config.mode == SessionMode::TcpClient)
        name += Endpoint {config.host, config.port}.toString();
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
    if (std::shared_ptr<Recorder> recorder = std::atomic_load(&m_recorder))
        recorder->setSessionName(name);
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

void SessionCore::post(Event &&event, bool mayBlock)
{
    if (event.timeUs == 0)
        event.timeUs = nowMicroseconds();
    if (m_hasRecorder.load(std::memory_order_relaxed)) {
        if (std::shared_ptr<Recorder> recorder = std::atomic_load(&m_recorder)) {
            if (recorder->record(event, mayBlock) && !m_recordingBehind.load(std::memory_order_relaxed)) {
                // Asked under the lock the drained handler takes too: a drain that came in between
                // must not leave the session paused with no one to resume it.
                QMutexLocker lock(&m_resumeMutex);
                m_recordingBehind.store(recorder->isBehind());
            }
        }
    }
    const bool data = event.dir == Direction::In || event.dir == Direction::Out;
    if (!m_display || (data && !m_displayData))
        return;
    // A copy of just the preview: truncating would keep the whole read buffer's allocation alive.
    if (event.payload.size() > m_previewBytes)
        event.payload = QByteArray(event.payload.constData(), m_previewBytes);
    QMutexLocker lock(&m_displayMutex);
    if (m_displayQueue.size() >= MaxPendingDisplayEvents && event.dir != Direction::Error) {
        ++m_notDisplayed;
        return;
    }
    m_displayQueue.push_back(std::move(event));
    m_displayQueued.store(int(m_displayQueue.size()), std::memory_order_relaxed);
}

void SessionCore::info(ConnId conn, EventKind kind, const QString &text, const QString &peer,
    const QString &local, Direction dir, bool mayBlock)
{
    Event event;
    event.conn = conn;
    event.dir = dir;
    event.kind = kind;
    event.text = text;
    event.peer = peer;
    event.local = local;
    post(std::move(event), mayBlock);
}

void SessionCore::data(ConnId conn, Direction dir, const QString &peer, const QString &local,
    const QByteArray &payload, bool mayBlock, const QString &upstream)
{
    // Under a flood the display queue is full until the next batch: with nothing to record, the
    // event would only be counted as not displayed, so count it without building it.
    if (!m_hasRecorder.load(std::memory_order_relaxed)
        && m_displayQueued.load(std::memory_order_relaxed) >= MaxPendingDisplayEvents) {
        QMutexLocker lock(&m_displayMutex);
        if (m_displayQueue.size() >= MaxPendingDisplayEvents) {
            ++m_notDisplayed;
            return;
        }
    }
    Event event;
    event.conn = conn;
    event.dir = dir;
    event.peer = peer;
    event.local = local;
    event.upstream = upstream;
    event.len = payload.size();
    event.payload = payload;
    post(std::move(event), mayBlock);
}

Event SessionCore::dropped(ConnId conn, const QString &peer, qint64 len, const QString &text)
{
    Event event;
    event.conn = conn;
    event.dir = Direction::Error;
    event.kind = EventKind::Dropped;
    event.peer = peer;
    event.len = len;
    event.text = text;
    return event;
}

EventBatch SessionCore::takeDisplayBatch(qint64 *notDisplayed)
{
    EventBatch batch;
    QMutexLocker lock(&m_displayMutex);
    batch.swap(m_displayQueue);
    m_displayQueued.store(0, std::memory_order_relaxed);
    *notDisplayed = m_notDisplayed;
    m_notDisplayed = 0;
    return batch;
}

void SessionCore::addQueued(ConnectionStats *stats, qint64 delta)
{
    if (stats)
        stats->queuedBytes.fetch_add(delta);
    m_queued.fetch_add(delta);
    if (delta < 0)
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
    return waitUntil([&] { return m_queued.load() <= bytes; });
}

bool SessionCore::waitForPeer()
{
    const bool udp = isDatagramMode(config.mode);
    return waitUntil([&] { return udp ? heardFromPeer.load() : m_channelCount.load() > 0; });
}

void SessionCore::wakeWaiters()
{
    if (m_queueWaiters.load() == 0)
        return;
    std::lock_guard<std::mutex> lock(m_queueMutex);
    m_queueDrained.notify_all();
}

void SessionCore::addChannel(ConnId id, IoChannel *channel, std::shared_ptr<ConnectionStats> stats)
{
    QMutexLocker lock(&m_registryMutex);
    m_channels.insert(id, channel);
    m_stats.insert(id, std::move(stats));
    m_channelCount.store(int(m_channels.size()));
}

void SessionCore::removeChannel(ConnId id)
{
    QMutexLocker lock(&m_registryMutex);
    m_channels.remove(id);
    m_stats.remove(id);
    m_channelCount.store(int(m_channels.size()));
}

void SessionCore::addPeer(ConnId id, std::shared_ptr<ConnectionStats> stats)
{
    QMutexLocker lock(&m_registryMutex);
    m_stats.insert(id, std::move(stats));
}

void SessionCore::removePeers(const QVector<ConnId> &ids)
{
    QMutexLocker lock(&m_registryMutex);
    for (ConnId id : ids)
        m_stats.remove(id);
}

void SessionCore::addObject(IoObject *object)
{
    QMutexLocker lock(&m_registryMutex);
    m_objects.insert(object);
}

void SessionCore::removeObject(IoObject *object)
{
    QMutexLocker lock(&m_registryMutex);
    m_objects.remove(object);
}

void SessionCore::forChannels(ConnId id, const std::function<void(IoChannel *)> &fn)
{
    // Posting under the lock is what makes this safe: a channel leaves the registry before it is
    // deleted, and a call queued to a QObject is discarded when the object is deleted.
    QMutexLocker lock(&m_registryMutex);
    if (id != 0) {
        if (IoChannel *channel = m_channels.value(id))
            QMetaObject::invokeMethod(
                channel, [channel, fn] { fn(channel); }, Qt::QueuedConnection);
        return;
    }
    for (IoChannel *channel : std::as_const(m_channels))
        QMetaObject::invokeMethod(
            channel, [channel, fn] { fn(channel); }, Qt::QueuedConnection);
}

bool SessionCore::queueSend(const QByteArray &bytes, const SendTarget &target)
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
            if (stats && stats->queuedBytes.load() + bytes.size() > config.sendQueueLimit) {
                refusals.push_back(dropped(it.key(), stats->peer, bytes.size(),
                    QObject::tr("not sent: %1 bytes are still waiting for this peer to read")
                        .arg(stats->queuedBytes.load())));
                continue;
            }
            addQueued(stats, bytes.size());
            IoChannel *channel = it.value();
            QMetaObject::invokeMethod(
                channel, [channel, bytes, target] { channel->sendBytes(bytes, target); },
                Qt::QueuedConnection);
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

QVector<PeerInfo> SessionCore::peers() const
{
    QVector<PeerInfo> result;
    QMutexLocker lock(&m_registryMutex);
    result.reserve(m_stats.size());
    for (auto it = m_stats.cbegin(); it != m_stats.cend(); ++it) {
        const ConnectionStats &stats = *it.value();
        if (stats.peer.isEmpty())
            continue; // a UDP socket itself, not a peer
        PeerInfo info;
        info.id = it.key();
        info.peer = stats.peer;
        info.local = stats.local;
        info.sinceUs = stats.sinceUs;
        info.bytesIn = stats.bytesIn.load();
        info.bytesOut = stats.bytesOut.load();
        info.queuedBytes = stats.queuedBytes.load();
        info.peerFinished = stats.peerFinished.load();
        result.push_back(info);
    }
    std::sort(result.begin(), result.end(), [](const PeerInfo &a, const PeerInfo &b) { return a.id < b.id; });
    return result;
}

void SessionCore::setCloseAfterPeerFinish(bool on)
{
    m_closeAfterPeerFinish.store(on);
    forChannels(0, [](IoChannel *channel) { channel->applyCloseAfterPeerFinish(); });
}

void SessionCore::requestStop()
{
    if (m_stopping.exchange(true))
        return;
    {
        std::lock_guard<std::mutex> lock(m_queueMutex);
        m_queueDrained.notify_all();
    }
    QMutexLocker lock(&m_registryMutex);
    for (IoObject *object : std::as_const(m_objects))
        QMetaObject::invokeMethod(
            object, [object] { object->closeNow(); }, Qt::QueuedConnection);
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
