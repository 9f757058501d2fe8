#pragma once

#include "event.h"
#include "filesource.h"
#include "peerinfo.h"
#include "receivetap.h"
#include "sendtarget.h"
#include "sessionconfig.h"
#include "sessioncounters.h"
#include "sessionobserver.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QVector>

#include <functional>
#include <memory>

namespace sockpit {

class ByteSink;
class Recorder;
class SessionCore;
class TlsTransport;

// A thread-safe handle for code that feeds a running session from a thread of its own (the command
// line's standard-input pump, a paced sender). Cheap to copy; it keeps the session's shared state
// alive, not its sockets.
class SessionFeed final
{
public:
    SessionFeed() = default;
    explicit SessionFeed(std::shared_ptr<SessionCore> core);

    bool isValid() const { return m_core != nullptr; }
    bool send(const QByteArray &bytes, const SendTarget &target = SendTarget::all()) const;
    // A range of a file, sent from the page cache without being read; only while sendsFilesUnread().
    bool sendFile(const FileRange &range, const SendTarget &target = SendTarget::all()) const;
    bool sendsFilesUnread() const;
    // Several sends at once, in order: one hand-over to the I/O thread instead of one each.
    bool sendBatch(const QVector<QByteArray> &pieces, const SendTarget &target = SendTarget::all()) const;
    void shutdownWrite() const;
    qint64 queuedBytes() const;
    // Blocks until the session's queued bytes fall to `bytes` or below; false once it stops.
    bool waitForQueueBelow(qint64 bytes) const;
    // Blocks until there is someone to send to (a TCP peer, or a UDP sender heard from); false once it stops.
    bool waitForPeer() const;
    int connections() const;

private:
    std::shared_ptr<SessionCore> m_core;
};

// The GUI-thread face of one session (a TCP server, a TCP client or a UDP socket). Every command is
// handed to the session's I/O threads as a queued call, so none of them blocks; what happens comes back
// as events, delivered for display in batches at most every ~30 ms.
class Session final : public QObject, private SessionObserver
{
    Q_OBJECT
public:
    enum class State { Idle, Starting, Running, Stopping };
    Q_ENUM(State)

    // Called on an I/O thread with every received chunk, before anything else sees it (the command
    // line writes it to standard output there). Must not block for long.
    using DataHandler = std::function<void(ConnId conn, const char *data, qsizetype size)>;

    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    // Configuration that applies from the next start().
    void setRecorder(std::shared_ptr<Recorder> recorder);
    void setDataHandler(DataHandler handler);
    // Received bytes go to `sink` unchanged, on the I/O thread, after the data handler. A TCP or Unix
    // stream connection whose bytes nothing else needs (no display of data, recording, framing,
    // responder or data handler) moves them there with splice(), never copying them.
    void setDataSink(std::shared_ptr<ByteSink> sink);
    void setDisplayEnabled(bool enabled); // default on; headless commands turn it off
    void setDisplayPreviewBytes(int bytes); // payload bytes kept per displayed event (default 4096)
    // Bytes of whole payloads (longer than the preview) one display batch may carry; 0 (default): none.
    // See EventSink::setDisplayWholeBytes().
    void setDisplayWholeBytes(qint64 bytes);
    // Whether in/out events are displayed too (default on); the command line shows only the steps.
    void setDisplayDataEvents(bool enabled);
    // After the peer's FIN and once everything queued is sent, shut down our side and close.
    // Applies to open connections too. Off by default (the connection stays open for sending).
    void setCloseAfterPeerFinish(bool enabled);
    // Runs a TCP session's connections over TLS when its config asks for it (config.tls.enabled);
    // applies from the next start(). Without one, such a session fails to start.
    void setTlsTransport(std::shared_ptr<const TlsTransport> transport);

    void start(const SessionConfig &config);
    void stop();
    // While the session runs: takes `config`'s echo, client limit, framing and auto-reply rules (the
    // options that can change without a restart). A new connection starts with them; an open one
    // takes them at its next read (a message half received is shown as it is, then framed the new
    // way). The other fields are ignored. Returns false when the session is not running.
    bool setLiveOptions(const SessionConfig &config);
    // Queues bytes for sending. Returns false (and logs why) when the session cannot take them now:
    // not running, no such connection, or the connection's queue is over its limit.
    bool send(const QByteArray &bytes, const SendTarget &target = SendTarget::all());
    // While the session runs: gives `tap` every chunk its connections receive from their next read on
    // (TCP and UDP; not a relay's), on the I/O threads. Before it starts (Idle): from its first byte,
    // for the next run. The tap goes with the run, or with removeReceiveTap().
    bool addReceiveTap(std::shared_ptr<ReceiveTap> tap);
    void removeReceiveTap(const ReceiveTap *tap);
    void disconnectPeer(ConnId conn);
    void shutdownWrite(ConnId conn = 0); // 0: every connection
    // UDP: joins or leaves a multicast group while the session runs, on an interface given by name or
    // index (empty: the session's multicast interface, else the routing table's choice). The outcome
    // comes back as a join/leave event ("joined 239.1.2.3 on lo") or an error event.
    void joinGroup(const QHostAddress &group, const QString &interfaceName = {});
    void leaveGroup(const QHostAddress &group, const QString &interfaceName = {});

    State state() const { return m_state; }
    SessionConfig config() const { return m_config; }
    QString name() const; // "tcp-server 0.0.0.0:9000"
    QHostAddress localAddress() const;
    quint16 localPort() const; // the real port once listening/bound/connected
    QString localPath() const; // a Unix mode's socket path, once bound
    SessionCounters counters() const;
    QVector<PeerInfo> peers() const;

    // The handle a producer thread uses to feed this run of the session (valid after start()).
    SessionFeed feed() const { return SessionFeed(m_core); }

signals:
    void stateChanged(sockpit::Session::State state);
    void started(); // listening, connected or bound
    void failed(
        const QString &reason, sockpit::EventKind kind); // start failed, or the client lost its connection
    void stopped(); // every socket closed
    void peerOpened(sockpit::ConnId conn, const QString &peer);
    void peerClosed(sockpit::ConnId conn, sockpit::EventKind how, const QString &text);
    void eventsReady(const sockpit::EventBatch &events, qint64 notDisplayed);

private:
    // SessionObserver: news from the I/O threads, passed on to this object's thread.
    void sessionStarted(quint64 generation) override;
    void sessionFailed(quint64 generation, const QString &reason, EventKind kind) override;
    void sessionStopped(quint64 generation) override;
    void connectionOpened(quint64 generation, ConnId conn, const QString &peer) override;
    void connectionClosed(quint64 generation, ConnId conn, EventKind how, const QString &text) override;
    // Runs fn in this object's thread if the run `generation` is still the current one.
    void later(quint64 generation, std::function<void()> fn);
    void handleStarted();
    void handleStopped();

    void setState(State state);
    void flushDisplay();
    void changeMembership(const QHostAddress &group, const QString &interfaceName, bool join);

    std::shared_ptr<SessionCore> m_core;
    std::shared_ptr<Recorder> m_recorder;
    std::vector<std::shared_ptr<ReceiveTap>> m_startTaps; // added while Idle: given to the next run
    std::shared_ptr<const TlsTransport> m_tlsTransport;
    DataHandler m_dataHandler;
    std::shared_ptr<ByteSink> m_dataSink;
    SessionConfig m_config;
    State m_state = State::Idle;
    bool m_displayEnabled = true;
    bool m_displayData = true;
    int m_previewBytes = 4096;
    qint64 m_wholeBytes = 0;
    bool m_closeAfterPeerFinish = false;
    QTimer m_displayTimer;
    quint64 m_generation = 0;
};

} // namespace sockpit
