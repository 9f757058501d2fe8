#include "messagestream.h"

#include <QTimer>

namespace sockpit {

std::unique_ptr<MessageStream> MessageStream::create(const Framing &framing, Deliver deliver)
{
    if (framing.kind == Framing::Kind::Raw)
        return nullptr;
    return std::unique_ptr<MessageStream>(new MessageStream(framing, std::move(deliver)));
}

MessageStream::MessageStream(const Framing &framing, Deliver deliver)
    : m_framer(framing)
    , m_deliver(std::move(deliver))
{
    if (framing.kind == Framing::Kind::IdleGap) {
        m_idleTimer = std::make_unique<QTimer>();
        m_idleTimer->setSingleShot(true);
        m_idleTimer->setTimerType(Qt::PreciseTimer);
        m_idleTimer->setInterval(framing.idleGapMs);
        QObject::connect(m_idleTimer.get(), &QTimer::timeout, m_idleTimer.get(), [this] { flush(); });
    }
}

MessageStream::~MessageStream() = default;

void MessageStream::feed(const char *data, qsizetype size)
{
    QVector<Frame> frames;
    m_framer.feed(data, size, &frames);
    deliver(frames);
    if (m_idleTimer && m_framer.hasPending())
        m_idleTimer->start();
}

void MessageStream::flush()
{
    if (m_idleTimer)
        m_idleTimer->stop();
    if (m_framer.hasPending())
        deliver({m_framer.takePending()});
}

void MessageStream::deliver(const QVector<Frame> &frames)
{
    for (const Frame &frame : frames) {
        const bool cutStarts = frame.cut && !m_inCutMessage;
        m_inCutMessage = frame.cut && !frame.ends;
        m_deliver(frame, cutStarts);
    }
}

} // namespace sockpit
