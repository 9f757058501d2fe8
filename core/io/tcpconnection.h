#pragma once

#include "chatroom.h"
#include "iochannel.h"
#include "receivepipeline.h"
#include "sessionref.h"
#include "websocketlink.h"

#include <QByteArray>
#include <QPointer>

#include <deque>
#include <memory>

class QSocketNotifier;
class QTimer;

namespace sockpit {

struct ConnectionStats;

// One established TCP connection on an I/O thread: reads into the session, writes from its own
// bounded queue, and follows half-close both ways (a peer's FIN is an event, not the end).
class TcpConnection final : public IoChannel,
                            private ReplyChannel,
                            private ChatLink,
                            private WebSocketLink::Host
{
    Q_OBJECT
public:
    // Takes ownership of the connected, non-blocking descriptor `fd`.
    // `peer` names the other end as accept()/connect() saw it: a peer that already reset has no
    // address left for getpeername().
    TcpConnection(std::shared_ptr<SessionCore> core, int fd, ConnId id, const QString &peer, QObject *parent);
    ~TcpConnection() override;

    // A relay joins two connections on one thread: what one reads, the other writes. The client side
    // is the session's connection (counted, listed, sent to); the upstream side logs what it reads as
    // "out" (on its way to the client) and stays out of the session's list. Call before start().
    enum class RelaySide { None, Client, Upstream };
    void setRelay(TcpConnection *partner, RelaySide side, const QString &upstream);

    void start();
    ConnId id() const { return m_id; }

    void sendBytes(const QByteArray &bytes, const SendTarget &target) override;
    void sendFileRange(const FileRange &range, const SendTarget &target) override;
    void shutdownWrite() override;
    void setCloseAfterPeerFinish(bool on) override;
    void closeNow() override;

private:
    // What waits to be written, in order: bytes or a range of a file (sendfile). `written` of `size`
    // are gone.
    struct Pending
    {
        QByteArray bytes;
        FileRange file;
        qint64 size = 0;
        qint64 written = 0;
        qint64 uncounted = 0; // the first bytes, a WebSocket frame's own: not counted as sent
    };

    // Reads per wake-up before giving the other connections on this thread their turn.
    static constexpr int ReadsPerWakeup = 16;
    static constexpr int ReadChunk = 256 * 1024; // the most one recv() takes

    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    void onReadable();
    void onWritable();
    void refuse(qint64 bytes); // counted as queued, but the connection no longer sends
    void enqueue(const QByteArray &bytes);
    void enqueue(Pending &&pending);
    // Writes some of the queue's head; what send() would return.
    ssize_t writeHead(Pending &head);
    // A relay side that nothing looks at reads into its thread's buffer and writes that straight
    // into the partner's socket: no message is made of the bytes.
    void copyToPartner();
    // One splice() of up to `room` bytes from the socket into a pipe, counted as a read: the bytes
    // moved, 0 at the peer's FIN, or -1 with errno (never EINTR).
    ssize_t spliceIn(int pipeWriteEnd, qint64 room);
    // A connection whose bytes go only to the session's data sink moves them there through its
    // thread's pipe, never copying them into the program. False when this wake-up is to be read as
    // usual (no pipe, urgent data, a socket that cannot be spliced).
    bool spliceToSink();
    // Writes what the kernel takes now; false when the connection failed.
    bool flush();
    void afterPeerFinished();
    // Asks for the shutdown once the peer has finished, when this connection closes after the peer's
    // FIN (or echoes, which ends with the peer).
    void applyCloseAfterPeerFinish();
    void maybeShutdown();
    void finish(EventKind kind, const QString &text, Direction dir = Direction::Info);
    void failWithError(int error);
    void updateReadPause();
    void updateReadNotifier(); // reads while nothing holds them back
    void pauseForRecording();
    // ReplyChannel: answers of the responders (echo, auto-reply) to this connection's peer.
    void reply(const QByteArray &bytes, const ReplyTo &to) override;
    QObject *replyContext() override { return this; }
    // ChatLink: this connection's seat in the session's chat room.
    void pass(const QByteArray &bytes, int lines) override;
    qint64 waitingBytes() const override;
    void expel(const QString &reason) override;
    QObject *linkContext() override { return this; }
    void note(EventKind kind, const QString &text, Direction dir = Direction::Info);
    bool listed() const { return m_relaySide != RelaySide::Upstream; }
    // Relay: bytes the partner read, to be written here (already logged by the partner).
    void forward(const QByteArray &bytes);
    void forward(Pending &&pending);
    // The same for bytes in the reader's buffer: what the socket takes at once is never copied; the
    // rest is queued.
    void forwardCopy(const char *data, qint64 size);
    void setReadPausedForPartner(bool paused);
    void partnerGone(); // the other side closed: send what is queued, then close
    // WebSocketLink::Host: the session's WebSocket on this connection.
    void writeFrame(const QByteArray &bytes, qint64 payloadBytes) override;
    void messageReceived(const QByteArray &payload) override;
    void linkNote(EventKind kind, const QString &text, Direction dir) override;
    void linkClosed() override;
    void linkFailed(const QString &reason) override;
    // The closing handshake's end is awaited (the peer's close frame, or its FIN): if it has not come
    // within WebSocketCloseMs, the connection closes anyway (RFC 6455, 7.1.1).
    void closeWithinTimeLimit();

    int m_fd;
    const ConnId m_id;
    std::shared_ptr<ConnectionStats> m_stats;
    ReceivePipeline m_pipeline;
    Origin m_origin;
    // SO_RCVLOWAT: 1, or half a read while the peer streams faster than this end reads (the .cpp).
    void setLowWater(int bytes);
    void checkLowWater();
    void lowWaterAfterRead(qint64 bytes); // a full read: the peer streams faster than this end reads
    void lowWaterAfterDrain(qint64 readNow); // the socket is empty after readNow bytes this wake-up
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_lowWaterTimer = nullptr; // runs while the mark is up
    int m_lowWater = 1;
    bool m_wokenSinceCheck = false;
    std::deque<Pending> m_queue;
    qint64 m_queuedBytes = 0;
    qint64 m_queuedFileBytes = 0; // of m_queuedBytes: ranges of files, which hold no memory
    bool m_spliceUnavailable = false;
    bool m_peerFinished = false;
    bool m_closeAfterPeerFinish = false;
    bool m_shutdownRequested = false;
    bool m_shutdownDone = false;
    bool m_readPausedForEcho = false;
    bool m_readPausedForRecording = false;
    bool m_finished = false;
    QPointer<TcpConnection> m_partner;
    RelaySide m_relaySide = RelaySide::None;
    QString m_upstream;
    bool m_readPausedForPartner = false;
    bool m_partnerGone = false;
    std::unique_ptr<WebSocketLink> m_webSocket;
};

} // namespace sockpit
