#pragma once

#include "event.h"
#include "expectmatcher.h"
#include "macroexpander.h"
#include "sequence.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QVector>

#include <memory>
#include <optional>

namespace sockpit {

class Session;
class SequenceInbox;

// What one step of a run did, as SequenceRunner::stepFinished reports it.
struct SequenceStepResult
{
    QString path; // "3", or "2.1" for the first step inside step 2 (a repeat)
    QVector<int> iterations; // 1-based, one per enclosing repeat, outermost first
    SequenceStep::Kind kind = SequenceStep::Kind::Send;
    QString description; // describeStep()
    bool passed = false;
    qint64 elapsedUs = 0;
    QString expected; // expect: the pattern as written
    QByteArray sent; // send: the bytes sent
    QByteArray arrived; // expect: the bytes the match consumed, or when it failed, what had arrived
    QString error; // failed: why (translated)

    // The path with each repeat's iteration after its number: "3", "2#4.1" (step 2.1 the 4th time
    // round), "2#4.3#2.1" ...
    QString label() const;
};

// Runs a sequence over one connection of a running session, on the thread the session lives on
// (the GUI thread). It sees every received byte through a tap on the session's receive pipeline,
// sends through Session::send (counted, logged and recorded like a user's send), and reports each
// step as it ends. One run at a time; start() again after finished().
class SequenceRunner final : public QObject
{
    Q_OBJECT
public:
    explicit SequenceRunner(Session *session, QObject *parent = nullptr);
    ~SequenceRunner() override;

    // Starts running `sequence` on connection `conn` of the session (0: a client's or UDP socket's
    // one peer, a server's every client). False when the session is not running or a run is on.
    bool start(const Sequence &sequence, ConnId conn = 0);
    // Called before the session starts: the run that start() begins later sees what arrived from the
    // connection's first byte (a server that speaks first), not only from start() on.
    bool listenFromStart(ConnId conn = 0);
    // Ends the run now; finished(false) follows.
    void stop();
    bool isRunning() const { return m_running; }
    // The captures so far: "1", "name", ... from the expects that matched.
    MacroExpander::Captures captures() const { return m_captures; }

    // The most bytes kept waiting for an expect; older ones are dropped when more arrive.
    static constexpr qsizetype MaxBuffered = 1024 * 1024;

signals:
    void stepFinished(const sockpit::SequenceStepResult &result);
    // After the last step, the first failed one, or stop(); `passed` when every step passed.
    void finished(bool passed);

private:
    struct Level
    {
        const QVector<SequenceStep> *steps = nullptr;
        int index = 0; // the step to run next
        int iteration = 1; // of the repeat this frame runs (1 at the top)
        int count = 1;
        QString prefix; // "" at the top, "2." inside step 2
    };

    enum class Waiting { Nothing, Expect, Delay };

    void advance();
    // Runs one step that is not a repeat: true when it ended at once (reported), false when it waits.
    bool runStep(const SequenceStep &step, const QString &path);
    void report(bool passed, const QString &error = {});
    // An expect under way: true when it has passed or failed (in m_result).
    bool concludeExpect();
    void onInbox();
    void onTimer();
    void onConnectionEnded(ConnId conn);
    void pullInbox();
    void end(bool passed);
    QByteArray sendBytes(const SequenceStep &step, QString *error);

    QPointer<Session> m_session;
    std::shared_ptr<SequenceInbox> m_inbox;
    bool m_inboxFromStart = false; // listenFromStart(): the next start() keeps the inbox and its bytes
    Sequence m_sequence;
    ConnId m_conn = 0;
    bool m_running = false;
    QVector<Level> m_stack;
    const SequenceStep *m_step = nullptr; // the step under way
    Waiting m_waiting = Waiting::Nothing;
    SequenceStepResult m_result;
    QElapsedTimer m_stepClock;
    QTimer m_timer; // an expect's timeout, a delay
    std::optional<ExpectMatcher> m_matcher;
    QByteArray m_buffer; // received since the previous match
    bool m_peerEnded = false;
    bool m_closed = false;
    MacroExpander m_macros;
    MacroExpander::Captures m_captures;
};

} // namespace sockpit

Q_DECLARE_METATYPE(sockpit::SequenceStepResult)
