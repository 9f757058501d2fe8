#pragma once

#include "clioptions.h"
#include "inputpump.h"
#include "session.h"
#include "signalwatcher.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>

#include <memory>

namespace sockpit {
class Recorder;
}

namespace sockpit::cli {

// What `listen` and `connect` share: a session whose received bytes go to standard output on the
// I/O thread, diagnostics on standard error, an optional recording, an input pump, and an orderly
// end (pump stopped, session stopped, recording finished) before the exit status is returned.
class HeadlessCommand : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessCommand(bool verbose, QObject *parent = nullptr);
    ~HeadlessCommand() override;

    // Runs the event loop until the command ends; returns the exit status.
    int exec();

protected:
    // A recording to `path`, and with `hexDump` a hex dump of every byte on standard error; both are
    // written off the I/O threads and lose nothing (reading pauses while they fall behind).
    bool openRecorder(const QString &path, bool hexDump = false);
    void startPump(InputPump::Source source, const SendTarget &target, bool waitForPeer, qsizetype chunk,
        bool failWhenRefused = false);
    // Ends the command: stops the session if it runs, then leaves with `status`.
    void finish(int status);
    static void printDiagnostic(const QString &text);

    virtual void onInputEnded() { }
    // The exit status once the command ends with `status` (a command may judge the outcome itself).
    virtual int endStatus(int status) const { return status; }
    // Last words on standard error, after the session's own events, before the command exits.
    virtual void onLeaving() { }
    // Milliseconds since bytes last arrived (or since the command started).
    qint64 msSinceLastReceive() const;
    void markActivity() { m_lastReceiveMs.store(m_clock.elapsed()); }
    // Each received message (a WebSocket message) goes to standard output with a line end after it.
    // Applies from the next start of the session.
    void setMessageLines(bool lines);

    Session m_session;
    std::shared_ptr<Recorder> m_recorder;
    std::unique_ptr<InputPump> m_pump;
    SignalWatcher m_signals;
    const bool m_verbose;

private:
    void printEvents(const EventBatch &events);
    void leave();

    QElapsedTimer m_clock;
    std::atomic<qint64> m_lastReceiveMs {0};
    int m_status = ExitOk;
    bool m_finishing = false;
};

} // namespace sockpit::cli
