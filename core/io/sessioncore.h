#pragma once

#include "channelregistry.h"
#include "chatroom.h"
#include "event.h"
#include "eventsink.h"
#include "filesource.h"
#include "receivetap.h"
#include "runcounters.h"
#include "sendtarget.h"
#include "sessionconfig.h"

#include <QMutex>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace sockpit {

class ByteSink;
class Recorder;
class SessionObserver;
class TlsTransport;

// Called on an I/O thread with every received chunk, before anything else sees it (the command
// line writes it to standard output there). Must not block for long.
using DataHandler = std::function<void(ConnId conn, const char *data, qsizetype size)>;

// The options a running session lets the user change (Session::setLiveOptions). A new connection
// starts with the newest; a running one takes them at its next read.
struct LiveOptions
{
    bool echo = false;
    int maxClients = 0;
    Framing framing;
    AutoReplyRules autoReplies;
    ChecksumCheck check;
    // Given every received chunk after the other responders (SessionCore::addTap).
    std::vector<std::shared_ptr<ReceiveTap>> taps;
};

// The state one running session shares between its GUI-side Session and its objects on the I/O
// threads, made of small parts with one job each: the exact counters (RunCounters), the events
// (EventSink: recording, display, back-pressure), the registry of its I/O objects (ChannelRegistry);
// and here the configuration, the queued bytes producers wait on, sending, the session's name, its
// lifetime and the way back to its owner. Thread-safe throughout.
class SessionCore final : public RunCounters,
                          public EventSink,
                          public ChannelRegistry,
                          public std::enable_shared_from_this<SessionCore>
{
public:
    SessionCore(SessionObserver *owner, quint64 generation, const SessionConfig &config,
        DataHandler dataHandler, std::shared_ptr<ByteSink> sink, bool display, bool displayData,
        int previewBytes, bool closeAfterPeerFinish);
    ~SessionCore();

    const quint64 generation; // which start() of the owning Session this core belongs to
    const SessionConfig config;
    const DataHandler dataHandler;
    const std::shared_ptr<ByteSink> sink; // where received bytes go unchanged (Session::setDataSink)
    // A TCP server's chat room (config.chat), else null.
    const std::shared_ptr<ChatRoom> chatRoom;

    QString name() const;
    void setLocal(const QHostAddress &address, quint16 port); // also names the session
    // A Unix mode's socket path, as bound ("@name" for an abstract one); also names the session.
    void setLocalPath(const QString &path);
    QHostAddress localAddress() const;
    quint16 localPort() const;
    QString localPath() const;

    // Starts, replaces or (nullptr) ends the recording while the session runs.
    void setRecorder(std::shared_ptr<Recorder> recorder);

    // Queued bytes ------------------------------------------------------------------------------------
    qint64 queuedBytes() const { return m_queued.load(); }
    void addQueued(ConnectionStats *stats, qint64 delta);
    bool waitForQueueBelow(qint64 bytes);
    bool waitForPeer();
    // Blocks the calling (producer) thread until `condition` holds or the session stops.
    bool waitUntil(const std::function<bool()> &condition);
    // Wakes the threads waiting in waitForQueueBelow()/waitForPeer() to look again.
    void wakeWaiters();
    std::atomic<bool> heardFromPeer {false}; // UDP: some datagram arrived

    // Sending ---------------------------------------------------------------------------------------
    // Accounts `bytes` as queued on the chosen channels and queues them there; false if none took them.
    bool queueSend(const QByteArray &bytes, const SendTarget &target);
    // The same for a range of a file: a plain TCP connection sends it from the page cache.
    bool queueSendFile(const FileRange &range, const SendTarget &target);
    // The same for several sends at once, in order.
    bool queueSendBatch(const QVector<QByteArray> &pieces, const SendTarget &target);
    // True when a file's bytes may go from the page cache to the peers unread: plain TCP streams that
    // nothing looks at (no recording, no display of data, no chat room).
    bool sendsFilesUnread() const;
    // What a connection starts with. An open connection takes a change in order with the sends
    // queued before it (IoChannel::setCloseAfterPeerFinish()), never from here.
    bool closeAfterPeerFinish() const { return m_closeAfterPeerFinish.load(); }
    void setCloseAfterPeerFinish(bool on);

    // Options that may change while the session runs ------------------------------------------------
    std::shared_ptr<const LiveOptions> liveOptions() const;
    // Takes the options but keeps the taps, which are added and removed on their own.
    void setLiveOptions(const LiveOptions &options);
    void addTap(std::shared_ptr<ReceiveTap> tap);
    void removeTap(const ReceiveTap *tap);
    // Grows with each setLiveOptions(): an I/O object compares it with the one it last applied.
    quint64 liveVersion() const { return m_liveVersion.load(std::memory_order_acquire); }
    bool echo() const { return m_echo.load(std::memory_order_relaxed); }
    int maxClients() const { return m_maxClients.load(std::memory_order_relaxed); }

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
    // Accounts `size` bytes as queued on the chosen channels and calls dispatch(channel) for each.
    // `inMemory`: the bytes are held until written, so a connection's sendQueueLimit applies.
    bool queueToChannels(qint64 size, bool inMemory, const SendTarget &target,
        const std::function<void(IoChannel *)> &dispatch);

    SessionObserver *m_owner;
    mutable QMutex m_ownerMutex;
    std::atomic<bool> m_closeAfterPeerFinish;
    mutable QMutex m_liveMutex;
    std::shared_ptr<const LiveOptions> m_liveOptions;
    std::atomic<quint64> m_liveVersion {0};
    std::atomic<bool> m_echo;
    std::atomic<int> m_maxClients;
    std::shared_ptr<const TlsTransport> m_tls;

    mutable QMutex m_nameMutex;
    QString m_name;
    QHostAddress m_localAddress;
    quint16 m_localPort = 0;
    QString m_localPath;

    std::atomic<qint64> m_queued {0};
    std::mutex m_queueMutex;
    std::condition_variable m_queueDrained;
    std::atomic<int> m_queueWaiters {0};
    // The levels the threads in waitForQueueBelow() wait for (under m_queueMutex), and the highest of
    // them (-1: none), at or below which a drop of the queue wakes them.
    std::multiset<qint64> m_queueLevels;
    std::atomic<qint64> m_queueWakeLevel {-1};

    std::atomic<int> m_live {0};
    std::atomic<bool> m_stopping {false};
};

} // namespace sockpit
