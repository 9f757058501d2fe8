#pragma once

#include "event.h"
#include "framing.h"
#include "responder.h"
#include "sessioncore.h"

#include <QString>

#include <memory>
#include <vector>

namespace sockpit {

class ChatLink;
class MessageStream;
class SessionCore;
struct Frame;

// Where received bytes came from, as the pipeline counts and logs them.
struct Origin
{
    ConnId conn = 0;
    QString peer;
    QString local;
    QString upstream; // relays only
    // In: from a peer of the session. Out: read from a relay's target, on its way to the client (counted
    // as sent when written there, and not given to the data handler).
    Direction dir = Direction::In;
    // Whether the recording may pause this transport's reading when it falls behind (streams), or
    // must drop and count instead (datagrams).
    bool mayPause = true;
    ReplyTo replyTo;
};

// The one path every transport's received bytes take, the same for TCP, TLS and UDP: exact counters,
// the raw bytes to the session's data handler (standard output, raw capture), framing into messages,
// the event (recording, display), then the responders in the order they were added (echo,
// auto-reply, relay partner). One per connection or socket, used on its I/O thread.
class ReceivePipeline final
{
public:
    explicit ReceivePipeline(SessionCore *core);
    ~ReceivePipeline();
    ReceivePipeline(const ReceivePipeline &) = delete;
    ReceivePipeline &operator=(const ReceivePipeline &) = delete;

    // Streams: splits what arrives into the framing's messages (raw: each read is a message).
    void setFraming(const Framing &framing);
    void addResponder(std::unique_ptr<Responder> responder);
    // Each received() is one whole message the transport framed (a WebSocket message): neither the
    // session's framing nor a chat room's lines apply. Call before the first received().
    void setFramedByTransport(bool framed) { m_framedByTransport = framed; }
    // The session's framing (streams) and responders, as its options ask now and after each change
    // (SessionCore::setLiveOptions), taken at the next read: echo and auto-reply, answering through
    // `channel`; in a chat room, the seat of connection `conn`, which reaches its peer through `chat`
    // (stream connections only; null for datagrams); then the session's taps. They come before any
    // responder added later.
    void followSessionOptions(ReplyChannel *channel, ChatLink *chat = nullptr, ConnId conn = 0);

    // One read or one datagram.
    void received(const Origin &origin, const char *data, qsizetype size);
    // True when nothing but the transport's own responders would see the bytes (no framing, no
    // session options, no data handler, no recording or display): a relay may then pass them on
    // without reading them, and report them with passedThrough() for the counters alone.
    bool passesThroughUnseen() const;
    // True when the bytes go nowhere but to the session's data sink, and it takes splice() (no
    // framing, responder, check, data handler, recording or display of data, with the session's
    // options as they are now): a connection may then splice them there and report them with
    // passedThrough().
    bool goesOnlyToSink();
    void passedThrough(const Origin &origin, qsizetype size);
    // The stream ended: its unfinished message is all there is.
    void finish();

private:
    void applySessionOptions();
    void deliverFrame(const Frame &frame, bool cutStarts);
    void post(const Origin &origin, const QByteArray &bytes, CheckResult check = CheckResult::None);
    // Whether a message from `origin` is checked (SessionConfig::receiveCheck), then check(): posts it
    // with its result, and after it an error event when its check value is wrong. `trailer`: bytes at
    // its end the check leaves out (the framing's delimiter).
    bool checks(const Origin &origin) const;
    void check(const Origin &origin, const QByteArray &bytes, qsizetype trailer);

    SessionCore *m_core;
    std::unique_ptr<MessageStream> m_messages; // null: each read is a message
    std::vector<std::unique_ptr<Responder>> m_responders;
    Origin m_streamOrigin; // the origin of a stream's frames, which may complete later (idle gap)
    QString m_speaker; // chat rooms: the name the peer has now, given to what it says
    // followSessionOptions(): where the session's responders answer, and the options applied last.
    bool m_followsSession = false;
    bool m_framedByTransport = false;
    ReplyChannel *m_channel = nullptr;
    ChatLink *m_chat = nullptr;
    ConnId m_conn = 0;
    quint64 m_liveVersion = 0;
    size_t m_sessionResponders = 0; // the first ones of m_responders
    std::shared_ptr<const LiveOptions> m_options;
};

} // namespace sockpit
