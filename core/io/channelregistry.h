#pragma once

#include "event.h"
#include "peerinfo.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>

namespace sockpit {

class IoChannel;
class IoObject;

// Per-connection figures, shared between the I/O thread that updates them and whoever reads them.
struct ConnectionStats
{
    QString peer;
    QString local;
    qint64 sinceUs = 0;
    std::atomic<qint64> bytesIn {0};
    std::atomic<qint64> bytesOut {0};
    std::atomic<qint64> queuedBytes {0};
    std::atomic<bool> peerFinished {false};
};

// The I/O objects of a running session (listeners, connectors, connections, sockets), the channels
// among them that carry data, and the figures of each connection or UDP peer. Thread-safe: objects
// register and leave on their I/O threads; calls to them are queued to those threads.
class ChannelRegistry
{
public:
    ConnId nextConnId() { return m_nextConn.fetch_add(1) + 1; }
    void addChannel(ConnId id, IoChannel *channel, std::shared_ptr<ConnectionStats> stats);
    void removeChannel(ConnId id);
    // UDP peers heard from: listed by peers(), but not channels of their own.
    void addPeer(ConnId id, std::shared_ptr<ConnectionStats> stats);
    void removePeers(const QVector<ConnId> &ids);
    void addObject(IoObject *object);
    void removeObject(IoObject *object);
    // Runs fn(channel) on each matching channel's own thread (id 0: all).
    void forChannels(ConnId id, const std::function<void(IoChannel *)> &fn);
    // Asks every object to close, on its own thread.
    void closeAll();
    QVector<PeerInfo> peers() const;
    int channelCount() const { return m_channelCount.load(); }

protected:
    mutable QMutex m_registryMutex; // guards the containers below
    QHash<ConnId, IoChannel *> m_channels;
    QHash<ConnId, std::shared_ptr<ConnectionStats>> m_stats;

private:
    QSet<IoObject *> m_objects;
    std::atomic<int> m_channelCount {0};
    std::atomic<ConnId> m_nextConn {0};
};

} // namespace sockpit
