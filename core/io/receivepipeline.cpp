#include "receivepipeline.h"

#include "autoreplyresponder.h"
#include "chatresponder.h"
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

void ReceivePipeline::addSessionResponders(ReplyChannel *channel, ChatLink *chat, ConnId conn)
{
    const SessionConfig &config = m_core->config;
    if (m_core->chatRoom && chat) {
        // A room passes lines on: it frames by lines whatever the session's framing says.
        setFraming(ChatRoom::lineFraming());
        addResponder(std::make_unique<ChatResponder>(
            m_core->chatRoom, chat, conn, [this](const QString &name) { m_speaker = name; }));
    } else if (config.echo) {
        addResponder(std::make_unique<EchoResponder>(channel));
    }
    if (!config.autoReplies.isEmpty()) {
        auto autoReply = std::make_unique<AutoReplyResponder>(channel, config.autoReplies);
        if (!autoReply->isEmpty())
            addResponder(std::move(autoReply));
    }
}

void ReceivePipeline::received(const Origin &origin, const char *data, qsizetype size)
{
    if (origin.dir == Direction::In) {
        m_core->bytesIn.fetch_add(size, std::memory_order_relaxed);
        m_core->messagesIn.fetch_add(1, std::memory_order_relaxed);
        if (m_core->dataHandler)
            m_core->dataHandler(origin.conn, data, size);
    } else {
        m_core->messagesOut.fetch_add(1, std::memory_order_relaxed);
    }
    // Copied once at most, then shared by the event, the responders and any queue they fill.
    QByteArray chunk;
    if (m_messages) {
        // Fed even when no one looks, so that messages stay aligned when a recording starts.
        m_streamOrigin = origin;
        m_messages->feed(data, size);
    } else if (m_core->wantsDataEvents() || !m_responders.empty()) {
        chunk = QByteArray(data, size);
        post(origin, chunk);
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
    post(origin, frame.bytes);
    for (const auto &responder : m_responders)
        responder->message(frame, origin.replyTo);
}

void ReceivePipeline::post(const Origin &origin, const QByteArray &bytes)
{
    if (m_core->wantsDataEvents())
        m_core->data(origin.conn, origin.dir, origin.peer, origin.local, bytes, origin.mayPause,
            origin.upstream, m_speaker);
}

} // namespace sockpit
