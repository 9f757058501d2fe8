#pragma once

#include "event.h"
#include "peerinfo.h"
#include "sendtarget.h"
#include "sessionconfig.h"

#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QSet>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace sockpit {

class IoChannel;
class IoObject;
class Recorder;
class SessionObserver;
class TlsTransport;

// Called on an I/O thread with every received chunk, before anything else sees it (the command
// line writes it to standard output there). Must not block for long.
using DataHandler = std::function<void(ConnId conn, const char *data, qsizetype size)>;

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

// The state one running session shares between its GUI-side Session and its objects on the I/O
// threads: configuration, exact counters, the registry of channels, the event sink (recorder and
// display queue) and the way back to the Session. Thread-safe throughout.
class SessionCore final : public std::enable_shared_from_this<SessionCore>
{
public:
    SessionCore(SessionObserver *owner, quint64 generation, const SessionConfig &config,
        DataHandler dataHandler, bool display, bool displayData, int previewBytes, bool closeAfterPeerFinish);
    ~SessionCore();

    const quint64 generation; // which start() of the owning Session this core belongs to
    const SessionConfig config;
    const DataHandler dataHandler;

    QString name() const;
    void setLocal(const QHostAddress &address, quint16 port); // also names the session
    QHostAddress localAddress() const;
    quint16 localPort() const;

    // Events ----------------------------------------------------------------------------------------
    // True when in/out events are wanted at all (recording or display); counters are kept regardless.
    bool wantsDataEvents() const
    {
        return m_hasRecorder.load(std::memory_order_relaxed) || (m_display && m_displayData);
    }
    // Starts, replaces or (nullptr) ends the recording while the session runs.
    void setRecorder(std::shared_ptr<Recorder> recorder);
    // mayBlock: whether the recording may pause the caller's reading when the disk is slow (TCP), or must
    // drop and count instead (UDP).
    void post(Event &&event, bool mayBlock = true);
    // mayBlock false for events made on the GUI thread: the window never waits for the disk.
    void info(ConnId conn, EventKind kind, const QString &text, const QString &peer = {},
        const QString &local = {}, Direction dir = Direction::Info, bool mayBlock = true);
    // An in/out event carrying `payload` (shared, not copied); `upstream` names a relay's target.
    void data(ConnId conn, Direction dir, const QString &peer, const QString &local,
        const QByteArray &payload, bool mayBlock = true, const QString &upstream = {});
    // Recording back-pressure. True while the recording is behind: a stream transport then stops
    // reading (its notifier off; an I/O thread never waits) and asks to be resumed.
    bool readsPaused() const { return m_recordingBehind.load(std::memory_order_relaxed); }
    // Runs fn on context's thread once the recording has caught up (soon, if it already has).
    void resumeWhenRecorded(QObject *context, std::function<void()> fn);
    // An error event for bytes that could not be sent or kept.
    static Event dropped(ConnId conn, const QString &peer, qint64 len, const QString &text);
    EventBatch takeDisplayBatch(qint64 *notDisplayed);

    // Counters ---------------------------------------------------------------------------------------
    std::atomic<qint64> bytesIn {0};
    std::atomic<qint64> bytesOut {0};
    std::atomic<qint64> messagesIn {0};
    std::atomic<qint64> messagesOut {0};
    std::atomic<int> connections {0};
    std::atomic<qint64> accepted {0};
    std::atomic<qint64> refused {0};
    qint64 queuedBytes() const { return m_queued.load(); }
    void addQueued(ConnectionStats *stats, qint64 delta);
    bool waitForQueueBelow(qint64 bytes);
    bool waitForPeer();
    // Blocks the calling (producer) thread until `condition` holds or the session stops.
    bool waitUntil(const std::function<bool()> &condition);
    // Wakes the threads waiting in waitForQueueBelow()/waitForPeer() to look again.
    void wakeWaiters();
    std::atomic<bool> heardFromPeer {false}; // UDP: some datagram arrived

    // Registry ---------------------------------------------------------------------------------------
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
    // Accounts `bytes` as queued on the chosen channels and queues them there; false if none took them.
    bool queueSend(const QByteArray &bytes, const SendTarget &target);
    QVector<PeerInfo> peers() const;
    bool closeAfterPeerFinish() const { return m_closeAfterPeerFinish.load(); }
    void setCloseAfterPeerFinish(bool on);

    // TLS: set before the first I/O object exists, read-only afterwards. Null: plain TCP.
    void setTlsTransport(std::shared_ptr<const TlsTransport> transport) { m_tls = std::move(transport); }
    const TlsTransport *tlsTransport() const { return m_tls.get(); }

    // Lifetime ---------------------------------------------------------------------------------------
    bool stopping() const { return m_stopping.load(); }
    void requestStop();
    // Each IoObject (and each one about to be created) holds one live reference.
    void retain() { m_live.fetch_add(1); }
    void release();

    // News for the owner (the GUI-thread Session), while it is attached.
    void notifyStarted();
    void notifyFailed(const QString &reason, EventKind kind);
    void notifyPeerOpened(ConnId conn, const QString &peer);
    void notifyPeerClosed(ConnId conn, EventKind how, const QString &text);
    void detachOwner();

private:
    void recordingCaughtUp();

    SessionObserver *m_owner;
    mutable QMutex m_ownerMutex;
    std::shared_ptr<Recorder> m_recorder; // read and swapped with std::atomic_load/atomic_store
    std::atomic<bool> m_hasRecorder {false};
    QMutex m_resumeMutex; // guards m_recordingBehind's changes and m_resumes
    std::atomic<bool> m_recordingBehind {false};
    std::vector<std::pair<QPointer<QObject>, std::function<void()>>> m_resumes;
    const bool m_display;
    const bool m_displayData;
    const int m_previewBytes;
    std::atomic<bool> m_closeAfterPeerFinish;
    std::shared_ptr<const TlsTransport> m_tls;

    mutable QMutex m_nameMutex;
    QString m_name;
    QHostAddress m_localAddress;
    quint16 m_localPort = 0;

    QMutex m_displayMutex;
    EventBatch m_displayQueue;
    std::atomic<int> m_displayQueued {0}; // m_displayQueue.size(), readable without the lock
    qint64 m_notDisplayed = 0;

    std::atomic<qint64> m_queued {0};
    std::mutex m_queueMutex;
    std::condition_variable m_queueDrained;
    std::atomic<int> m_queueWaiters {0};

    mutable QMutex m_registryMutex;
    QHash<ConnId, IoChannel *> m_channels;
    QHash<ConnId, std::shared_ptr<ConnectionStats>> m_stats;
    QSet<IoObject *> m_objects;
    std::atomic<int> m_channelCount {0};

    std::atomic<ConnId> m_nextConn {0};
    std::atomic<int> m_live {0};
    std::atomic<bool> m_stopping {false};
};

} // namespace sockpit
