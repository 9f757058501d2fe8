#include "receivepipeline.h"

#include "autoreplyresponder.h"
#include "bytesink.h"
#include "chatresponder.h"
#include "checksumcheck.h"
#include "echoresponder.h"
#include "messagestream.h"
#include "sessioncore.h"

#include <QCoreApplication>

namespace sockpit {

ReceivePipeline::ReceivePipeline(SessionCore *core)
    : m_core(core)
{ }

ReceivePipeline::~ReceivePipeline() = default;

void ReceivePipeline::setFraming(const Framing &framing)
{
    m_messages = MessageStream::create(
        framing, [this](const Frame &frame, bool cutStarts) { deliverFrame(frame, cutStarts); });
}

void ReceivePipeline::addResponder(std::unique_ptr<Responder> responder)
{
    m_responders.push_back(std::move(responder));
}

void ReceivePipeline::followSessionOptions(ReplyChannel *channel, ChatLink *chat, ConnId conn)
{
    m_followsSession = true;
    m_channel = channel;
    m_chat = chat;
    m_conn = conn;
    applySessionOptions();
}

void ReceivePipeline::applySessionOptions()
{
    m_liveVersion = m_core->liveVersion();
    const std::shared_ptr<const LiveOptions> options = m_core->liveOptions();
    std::vector<std::unique_ptr<Responder>> responders;
    if (m_core->chatRoom && m_chat) {
        // A room passes lines on: it frames by lines whatever the session's framing says.
        if (!m_options && !m_framedByTransport)
            setFraming(ChatRoom::lineFraming());
        if (m_sessionResponders > 0) // the seat stays: it holds the peer's name and place in the room
            responders.push_back(std::move(m_responders.front()));
        else
            responders.push_back(std::make_unique<ChatResponder>(
                m_core->chatRoom, m_chat, m_conn, [this](const QString &name) { m_speaker = name; }));
    } else {
        // Streams only (a connection has a chat link); a datagram is a message as it is.
        if (m_chat && !m_framedByTransport && (!m_options || options->framing != m_options->framing)) {
            if (m_messages)
                m_messages->flush(); // what arrived so far is one message, framed the old way
            setFraming(options->framing);
        }
        if (options->echo)
            responders.push_back(std::make_unique<EchoResponder>(m_channel));
    }
    if (!options->autoReplies.isEmpty()) {
        auto autoReply = std::make_unique<AutoReplyResponder>(m_channel, options->autoReplies);
        if (!autoReply->isEmpty())
            responders.push_back(std::move(autoReply));
    }
    for (const auto &tap : options->taps)
        responders.push_back(std::make_unique<TapResponder>(tap, m_conn));
    // Replaces the session's own responders, before those added by the transport (relay partner).
    m_responders.erase(m_responders.begin(), m_responders.begin() + std::ptrdiff_t(m_sessionResponders));
    m_sessionResponders = responders.size();
    m_responders.insert(m_responders.begin(), std::make_move_iterator(responders.begin()),
        std::make_move_iterator(responders.end()));
    m_options = options;
}

bool ReceivePipeline::passesThroughUnseen() const
{
    return !m_followsSession && !m_messages && !m_core->dataHandler && !m_core->sink
        && !m_core->wantsDataEvents();
}

bool ReceivePipeline::goesOnlyToSink()
{
    if (!m_core->sink || !m_core->sink->takesSplice())
        return false;
    if (m_followsSession && m_core->liveVersion() != m_liveVersion)
        applySessionOptions();
    return !m_messages && m_responders.empty() && !(m_options && m_options->check.enabled())
        && !m_core->dataHandler && !m_core->wantsDataEvents();
}

void ReceivePipeline::passedThrough(const Origin &origin, qsizetype size)
{
    if (origin.dir == Direction::In) {
        m_core->bytesIn.fetch_add(size, std::memory_order_relaxed);
        m_core->messagesIn.fetch_add(1, std::memory_order_relaxed);
    } else {
        m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    }
}

void ReceivePipeline::received(const Origin &origin, const char *data, qsizetype size)
{
    if (m_followsSession && m_core->liveVersion() != m_liveVersion)
        applySessionOptions();
    passedThrough(origin, size);
    if (origin.dir == Direction::In && m_core->dataHandler)
        m_core->dataHandler(origin.conn, data, size);
    if (origin.dir == Direction::In && m_core->sink)
        m_core->sink->write(data, size);
    // Copied once at most, then shared by the event, the responders and any queue they fill.
    QByteArray chunk;
    if (m_messages) {
        // Fed even when no one looks, so that messages stay aligned when a recording starts.
        m_streamOrigin = origin;
        m_messages->feed(data, size);
    } else if (m_core->wantsDataEvents() || !m_responders.empty() || checks(origin)) {
        chunk = QByteArray(data, size);
        check(origin, chunk, 0);
        const Frame frame {chunk};
        for (const auto &responder : m_responders)
            responder->message(frame, origin.replyTo);
    }
    if (m_responders.empty())
        return;
    if (chunk.isNull())
        chunk = QByteArray(data, size);
    for (const auto &responder : m_responders)
        responder->chunk(chunk, origin.replyTo);
}

void ReceivePipeline::finish()
{
    if (m_messages)
        m_messages->flush();
    for (const auto &responder : m_responders)
        responder->finished();
}

void ReceivePipeline::deliverFrame(const Frame &frame, bool cutStarts)
{
    const Origin &origin = m_streamOrigin;
    if (cutStarts) {
        Event note;
        note.conn = origin.conn;
        note.kind = EventKind::Cut;
        note.peer = origin.peer;
        note.local = origin.local;
        note.upstream = origin.upstream;
        note.text = QCoreApplication::translate(
            "sockpit::TcpConnection", "message longer than %1 bytes: shown in pieces of that size")
                        .arg(m_messages->framing().maxFrame);
        m_core->post(std::move(note), origin.mayPause);
    }
    if (frame.cut) {
        post(origin, frame.bytes);
    } else {
        // The framing's delimiter follows the check value: it is never covered.
        const Framing &framing = m_messages->framing();
        const bool delimited
            = framing.kind == Framing::Kind::Delimiter && frame.bytes.endsWith(framing.delimiter);
        check(origin, frame.bytes, delimited ? framing.delimiter.size() : 0);
    }
    for (const auto &responder : m_responders)
        responder->message(frame, origin.replyTo);
}

bool ReceivePipeline::checks(const Origin &origin) const
{
    return origin.dir == Direction::In && m_options && m_options->check.enabled();
}

void ReceivePipeline::check(const Origin &origin, const QByteArray &bytes, qsizetype trailer)
{
    if (!checks(origin)) {
        post(origin, bytes);
        return;
    }
    const ChecksumVerdict verdict = verifyChecksum(m_options->check, bytes, trailer);
    m_core->checked.fetch_add(1, std::memory_order_relaxed);
    post(origin, bytes, verdict.result);
    if (verdict.result != CheckResult::Bad)
        return;
    m_core->badChecksums.fetch_add(1, std::memory_order_relaxed);
    Event note;
    note.conn = origin.conn;
    note.dir = Direction::Error;
    note.kind = EventKind::Checksum;
    note.peer = origin.peer;
    note.local = origin.local;
    note.text = checksumVerdictText(m_options->check, verdict);
    m_core->post(std::move(note), origin.mayPause);
}

void ReceivePipeline::post(const Origin &origin, const QByteArray &bytes, CheckResult check)
{
    if (m_core->wantsDataEvents())
        m_core->data(origin.conn, origin.dir, origin.peer, origin.local, bytes, origin.mayPause,
            origin.upstream, m_speaker, check);
}

} // namespace sockpit
