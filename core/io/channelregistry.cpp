#include "channelregistry.h"

#include "iochannel.h"

#include <QMutexLocker>

#include <algorithm>

namespace sockpit {

void ChannelRegistry::addChannel(ConnId id, IoChannel *channel, std::shared_ptr<ConnectionStats> stats)
{
    QMutexLocker lock(&m_registryMutex);
    m_channels.insert(id, channel);
    m_stats.insert(id, std::move(stats));
    m_channelCount.store(int(m_channels.size()));
}

void ChannelRegistry::removeChannel(ConnId id)
{
    QMutexLocker lock(&m_registryMutex);
    m_channels.remove(id);
    m_stats.remove(id);
    m_channelCount.store(int(m_channels.size()));
}

void ChannelRegistry::addPeer(ConnId id, std::shared_ptr<ConnectionStats> stats)
{
    QMutexLocker lock(&m_registryMutex);
    m_stats.insert(id, std::move(stats));
}

void ChannelRegistry::removePeers(const QVector<ConnId> &ids)
{
    QMutexLocker lock(&m_registryMutex);
    for (ConnId id : ids)
        m_stats.remove(id);
}

void ChannelRegistry::addObject(IoObject *object)
{
    QMutexLocker lock(&m_registryMutex);
    m_objects.insert(object);
}

void ChannelRegistry::removeObject(IoObject *object)
{
    QMutexLocker lock(&m_registryMutex);
    m_objects.remove(object);
}

void ChannelRegistry::forChannels(ConnId id, const std::function<void(IoChannel *)> &fn)
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

QVector<PeerInfo> ChannelRegistry::peers() const
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

void ChannelRegistry::closeAll()
{
    QMutexLocker lock(&m_registryMutex);
    for (IoObject *object : std::as_const(m_objects))
        QMetaObject::invokeMethod(
            object, [object] { object->closeNow(); }, Qt::QueuedConnection);
}

} // namespace sockpit
