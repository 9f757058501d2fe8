#include "sequencerunner.h"

#include "session.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMutex>

#include <functional>

namespace sockpit {

// The I/O threads' side of a run: collects what the tap is given and wakes the runner once per batch.
class SequenceInbox final : public ReceiveTap
{
public:
    SequenceInbox(ConnId conn, std::function<void()> wake)
        : m_conn(conn)
        , m_wake(std::move(wake))
    { }

    void received(ConnId conn, const QByteArray &bytes) override
    {
        QMutexLocker lock(&m_mutex);
        if (m_conn != 0 && conn != m_conn)
            return;
        m_bytes += bytes;
        if (m_bytes.size() > SequenceRunner::MaxBuffered)
            m_bytes.remove(0, m_bytes.size() - SequenceRunner::MaxBuffered);
        wakeLocked();
    }
    void ended(ConnId conn) override
    {
        QMutexLocker lock(&m_mutex);
        if (m_conn != 0 && conn != m_conn)
            return;
        m_ended = true;
        wakeLocked();
    }
    QByteArray take(bool *ended)
    {
        QMutexLocker lock(&m_mutex);
        m_wakePending = false;
        *ended = m_ended;
        return std::exchange(m_bytes, QByteArray());
    }
    // The runner is going: the taps still held by I/O threads must not reach it.
    void detach()
    {
        QMutexLocker lock(&m_mutex);
        m_wake = nullptr;
    }

private:
    void wakeLocked()
    {
        if (m_wakePending || !m_wake)
            return;
        m_wakePending = true;
        m_wake();
    }

    const ConnId m_conn;
    QMutex m_mutex;
    std::function<void()> m_wake;
    QByteArray m_bytes;
    bool m_ended = false;
    bool m_wakePending = false;
};

QString SequenceStepResult::label() const
{
    const QStringList parts = path.split(QLatin1Char('.'));
    QString out;
    for (int k = 0; k < parts.size(); ++k) {
        if (k > 0)
            out += QLatin1Char('.');
        out += parts.at(k);
        if (k < iterations.size())
            out += QLatin1Char('#') + QString::number(iterations.at(k));
    }
    return out;
}

SequenceRunner::SequenceRunner(Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    qRegisterMetaType<SequenceStepResult>();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SequenceRunner::onTimer);
    connect(session, &Session::peerClosed, this, [this](ConnId conn) { onConnectionEnded(conn); });
    connect(session, &Session::failed, this, [this] { onConnectionEnded(0); });
    connect(session, &Session::stopped, this, [this] { onConnectionEnded(0); });
}

SequenceRunner::~SequenceRunner()
{
    if (m_inbox) {
        m_inbox->detach();
        if (m_session)
            m_session->removeReceiveTap(m_inbox.get());
    }
}

bool SequenceRunner::listenFromStart(ConnId conn)
{
    if (m_running || !m_session || m_session->state() != Session::State::Idle)
        return false;
    if (m_inbox) {
        m_inbox->detach();
        m_session->removeReceiveTap(m_inbox.get());
    }
    m_inbox = std::make_shared<SequenceInbox>(
        conn, [this] { QMetaObject::invokeMethod(this, &SequenceRunner::onInbox, Qt::QueuedConnection); });
    m_buffer.clear();
    m_peerEnded = false;
    m_inboxFromStart = m_session->addReceiveTap(m_inbox);
    return m_inboxFromStart;
}

bool SequenceRunner::start(const Sequence &sequence, ConnId conn)
{
    if (m_running || !m_session || m_session->state() != Session::State::Running)
        return false;
    const bool keepInbox = m_inboxFromStart && m_inbox;
    m_inboxFromStart = false;
    if (!keepInbox) {
        if (m_inbox) {
            m_inbox->detach();
            m_session->removeReceiveTap(m_inbox.get());
        }
        m_inbox = std::make_shared<SequenceInbox>(conn,
            [this] { QMetaObject::invokeMethod(this, &SequenceRunner::onInbox, Qt::QueuedConnection); });
        if (!m_session->addReceiveTap(m_inbox))
            return false;
        m_buffer.clear();
    }
    m_sequence = sequence;
    m_conn = conn;
    m_running = true;
    m_closed = false;
    if (!keepInbox)
        m_peerEnded = false; // an inbox from the start may already know the peer ended
    m_captures.clear();
    m_macros.setCounter(1);
    m_stack.clear();
    m_stack.append(Level {&m_sequence.steps, 0, 1, 1, QString()});
    // Reported from the event loop, so that a caller connects to the signals after start() returns.
    QMetaObject::invokeMethod(this, &SequenceRunner::advance, Qt::QueuedConnection);
    return true;
}

void SequenceRunner::stop()
{
    if (m_running)
        end(false);
}

void SequenceRunner::advance()
{
    int atOnce = 0;
    while (m_running && m_waiting == Waiting::Nothing) {
        if (m_stack.isEmpty())
            return end(true);
        Level &top = m_stack.last();
        if (top.index >= top.steps->size()) {
            if (top.iteration < top.count) {
                ++top.iteration;
                top.index = 0;
            } else {
                m_stack.removeLast();
            }
            continue;
        }
        const SequenceStep &step = top.steps->at(top.index);
        const QString path = top.prefix + QString::number(top.index + 1);
        ++top.index;
        if (step.kind == SequenceStep::Kind::Repeat) {
            m_stack.append(Level {&step.steps, 0, 1, step.count, path + QLatin1Char('.')});
            continue;
        }
        if (!runStep(step, path))
            return;
        // A long run of steps that end at once (a big repeat) still lets the event loop breathe.
        if (++atOnce >= 256) {
            QMetaObject::invokeMethod(this, &SequenceRunner::advance, Qt::QueuedConnection);
            return;
        }
    }
}

bool SequenceRunner::runStep(const SequenceStep &step, const QString &path)
{
    m_step = &step;
    m_result = SequenceStepResult();
    m_result.path = path;
    for (int k = 1; k < m_stack.size(); ++k)
        m_result.iterations.append(m_stack.at(k).iteration);
    m_result.kind = step.kind;
    m_result.description = describeStep(step);
    m_stepClock.start();
    switch (step.kind) {
    case SequenceStep::Kind::Send: {
        QString error;
        const QByteArray bytes = sendBytes(step, &error);
        if (error.isEmpty() && m_closed)
            error = tr("the connection is closed");
        const SendTarget target = m_conn != 0 ? SendTarget::connection(m_conn) : SendTarget::all();
        if (error.isEmpty() && !bytes.isEmpty() && !m_session->send(bytes, target))
            error = tr("the session did not take the bytes (no connection, or its queue is full)");
        m_result.sent = bytes;
        report(error.isEmpty(), error);
        return true;
    }
    case SequenceStep::Kind::Expect:
        m_matcher.emplace(step);
        m_result.expected = step.pattern;
        pullInbox();
        if (concludeExpect())
            return true;
        m_waiting = Waiting::Expect;
        m_timer.start(step.timeoutMs > 0 ? step.timeoutMs : m_sequence.timeoutMs);
        return false;
    case SequenceStep::Kind::Delay:
        m_waiting = Waiting::Delay;
        m_timer.start(step.delayMs);
        return false;
    case SequenceStep::Kind::HalfClose:
        m_session->shutdownWrite(m_conn);
        report(true);
        return true;
    case SequenceStep::Kind::Close:
        if (isStreamClient(m_session->config().mode) || isStreamServer(m_session->config().mode)) {
            if (m_conn != 0) {
                m_session->disconnectPeer(m_conn);
            } else {
                for (const PeerInfo &peer : m_session->peers())
                    m_session->disconnectPeer(peer.id);
            }
        }
        m_closed = true;
        report(true);
        return true;
    case SequenceStep::Kind::Repeat:
        break;
    }
    report(true);
    return true;
}

QByteArray SequenceRunner::sendBytes(const SequenceStep &step, QString *error)
{
    if (step.data == SequenceStep::Data::File) {
        const QString path = QDir(m_sequence.baseDirectory).filePath(step.text);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("cannot read '%1': %2").arg(step.text, file.errorString());
            return {};
        }
        return file.readAll();
    }
    const auto mode
        = step.data == SequenceStep::Data::Hex ? MacroExpander::Mode::Hex : MacroExpander::Mode::Text;
    const MacroExpander::Result result = m_macros.expand(step.text, mode, m_captures);
    *error = result.error;
    return result.bytes;
}

void SequenceRunner::report(bool passed, const QString &error)
{
    m_result.passed = passed;
    m_result.error = error;
    m_result.elapsedUs = m_stepClock.nsecsElapsed() / 1000;
    m_step = nullptr;
    m_waiting = Waiting::Nothing;
    emit stepFinished(m_result);
    if (!passed && m_running)
        end(false);
}

bool SequenceRunner::concludeExpect()
{
    const ExpectMatcher::Found found = m_matcher->find(m_buffer);
    if (found.matched) {
        m_result.arrived = m_buffer.left(found.end);
        m_buffer.remove(0, found.end);
        for (auto it = found.captures.begin(); it != found.captures.end(); ++it)
            m_captures.insert(it.key(), it.value());
        m_timer.stop();
        report(true);
        return true;
    }
    QString error;
    if (found.impossible)
        error = tr("different bytes arrived");
    else if (m_peerEnded)
        error = tr("the connection ended before a match");
    if (error.isEmpty())
        return false;
    m_result.arrived = m_buffer;
    m_timer.stop();
    report(false, error);
    return true;
}

void SequenceRunner::onInbox()
{
    pullInbox();
    if (m_running && m_waiting == Waiting::Expect && concludeExpect())
        advance();
}

void SequenceRunner::onTimer()
{
    if (!m_running)
        return;
    if (m_waiting == Waiting::Delay) {
        report(true);
        advance();
    } else if (m_waiting == Waiting::Expect) {
        pullInbox();
        if (concludeExpect())
            return advance();
        m_result.arrived = m_buffer;
        report(false,
            tr("timed out after %1 ms")
                .arg(m_step && m_step->timeoutMs > 0 ? m_step->timeoutMs : m_sequence.timeoutMs));
    }
}

void SequenceRunner::onConnectionEnded(ConnId conn)
{
    if (!m_running || (conn != 0 && m_conn != 0 && conn != m_conn))
        return;
    pullInbox();
    m_peerEnded = true;
    m_closed = true;
    if (m_waiting == Waiting::Expect && concludeExpect())
        advance();
}

void SequenceRunner::pullInbox()
{
    if (!m_inbox)
        return;
    bool ended = false;
    m_buffer += m_inbox->take(&ended);
    if (ended)
        m_peerEnded = true;
    if (m_buffer.size() > MaxBuffered) {
        const qsizetype drop = m_buffer.size() - MaxBuffered;
        m_buffer.remove(0, drop);
        if (m_matcher)
            m_matcher->dropped(drop);
    }
}

void SequenceRunner::end(bool passed)
{
    m_running = false;
    m_waiting = Waiting::Nothing;
    m_timer.stop();
    if (m_inbox) {
        m_inbox->detach();
        if (m_session)
            m_session->removeReceiveTap(m_inbox.get());
    }
    emit finished(passed);
}

} // namespace sockpit
