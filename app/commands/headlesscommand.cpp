#include "headlesscommand.h"

#include "bytesink.h"
#include "posixsocket.h"
#include "recorder.h"
#include "stdoutwriter.h"

#include <QCoreApplication>

#include <cerrno>
#include <cstdio>

#include <fcntl.h>
#include <unistd.h>

namespace sockpit::cli {

HeadlessCommand::HeadlessCommand(bool verbose, QObject *parent)
    : QObject(parent)
    , m_verbose(verbose)
{
    m_session.setDisplayDataEvents(false);
    m_session.setDisplayPreviewBytes(0);
    m_clock.start();
    // Standard output is gone (`| head` has all it wants): end quietly.
    StdoutWriter::sink()->setClosedHandler([this] {
        QMetaObject::invokeMethod(
            this, [this] { finish(ExitOk); }, Qt::QueuedConnection);
    });
    setMessageLines(false);
    connect(&m_session, &Session::eventsReady, this,
        [this](const EventBatch &events, qint64) { printEvents(events); });
    connect(&m_session, &Session::stopped, this, &HeadlessCommand::leave);
    connect(&m_signals, &SignalWatcher::terminationRequested, this, [this] { finish(ExitOk); });
}

HeadlessCommand::~HeadlessCommand()
{
    StdoutWriter::sink()->setClosedHandler({});
}

void HeadlessCommand::setMessageLines(bool lines)
{
    if (!lines) {
        // Bytes as they come: written by the sink, or spliced into it when nothing else looks.
        m_session.setDataHandler({});
        m_session.setDataSink(StdoutWriter::sink());
        return;
    }
    m_session.setDataSink(nullptr);
    m_session.setDataHandler([this](ConnId, const char *data, qsizetype size) {
        m_lastReceiveMs.store(m_clock.elapsed(), std::memory_order_relaxed);
        // One write: another connection's message never lands between a message and its line end.
        QByteArray line;
        line.reserve(size + 1);
        line.append(data, size).append('\n');
        StdoutWriter::write(line.constData(), line.size());
    });
}

qint64 HeadlessCommand::msSinceLastReceive() const
{
    const qint64 sinceMarked = m_clock.elapsed() - m_lastReceiveMs.load();
    const qint64 sinceWritten = StdoutWriter::sink()->msSinceLastWrite();
    return sinceWritten >= 0 ? qMin(sinceMarked, sinceWritten) : sinceMarked;
}

int HeadlessCommand::exec()
{
    return QCoreApplication::exec();
}

bool HeadlessCommand::openRecorder(const QString &path, bool hexDump)
{
    if (path.isEmpty() && !hexDump)
        return true;
    auto recorder = std::make_shared<Recorder>();
    // The dump goes to a descriptor of its own, which the recorder closes; standard error stays.
    const int dumpFd = hexDump ? ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3) : -1;
    if (hexDump && dumpFd < 0) {
        printDiagnostic(tr("cannot write the hex dump to standard error: %1").arg(posix::errorText(errno)));
        return false;
    }
    QString error;
    if (path.isEmpty()) {
        recorder->openDescriptor(dumpFd, RecordFormat::HexDump, tr("standard error"));
    } else {
        if (dumpFd >= 0)
            recorder->addMirror(dumpFd, RecordFormat::HexDump);
        if (!recorder->open(path, &error)) {
            printDiagnostic(error);
            return false;
        }
    }
    m_recorder = recorder;
    m_session.setRecorder(m_recorder);
    return true;
}

void HeadlessCommand::startPump(InputPump::Source source, const SendTarget &target, bool waitForPeer,
    qsizetype chunk, bool failWhenRefused)
{
    m_pump = std::make_unique<InputPump>(m_session.feed(), std::move(source), target);
    m_pump->setChunkSize(chunk);
    m_pump->setWaitForPeer(waitForPeer);
    m_pump->setFailWhenRefused(failWhenRefused);
    connect(
        m_pump.get(), &InputPump::inputEnded, this, [this] { onInputEnded(); }, Qt::QueuedConnection);
    connect(
        m_pump.get(), &InputPump::inputFailed, this,
        [this](const QString &reason) {
            printDiagnostic(reason);
            finish(ExitFailure);
        },
        Qt::QueuedConnection);
    m_pump->start();
}

void HeadlessCommand::finish(int status)
{
    if (m_finishing)
        return;
    m_finishing = true;
    m_status = status;
    if (m_pump)
        m_pump->requestStop();
    if (m_session.state() == Session::State::Idle)
        leave();
    else
        m_session.stop();
}

void HeadlessCommand::leave()
{
    if (!m_finishing) {
        // The session ended on its own (the peer closed): a normal end.
        m_finishing = true;
    }
    if (m_pump) {
        m_pump->requestStop();
        m_pump->wait();
    }
    if (m_recorder)
        m_recorder->close();
    onLeaving();
    if (m_verbose) {
        // ncat -v style totals, exact even when output went to /dev/null: scripts and benchmarks
        // read them to check that every byte arrived.
        const SessionCounters totals = m_session.counters();
        // Read by scripts: in English whatever the locale, as "listening on" is.
        printDiagnostic(QStringLiteral("totals: received %1 bytes (%2 chunks), sent %3 bytes (%4 chunks)")
                            .arg(totals.bytesIn)
                            .arg(totals.messagesIn)
                            .arg(totals.bytesOut)
                            .arg(totals.messagesOut));
        if (totals.kernelDrops > 0)
            printDiagnostic(QStringLiteral("the system dropped %1 datagrams before they could be read")
                                .arg(totals.kernelDrops));
    }
    if (m_session.config().receiveCheck.enabled()) {
        const SessionCounters totals = m_session.counters();
        printDiagnostic(QStringLiteral("checksums: %1 of %2 checked messages bad")
                            .arg(totals.badChecksums)
                            .arg(totals.checked));
    }
    QCoreApplication::exit(endStatus(m_status));
}

void HeadlessCommand::printEvents(const EventBatch &events)
{
    for (const Event &event : events) {
        const bool error = event.dir == Direction::Error;
        const bool refused = event.kind == EventKind::Refused;
        if (!error && !refused && !m_verbose)
            continue;
        QString line = event.text;
        if (!event.peer.isEmpty() && !line.contains(event.peer))
            line = event.peer + QStringLiteral(": ") + line;
        printDiagnostic(line);
    }
}

void HeadlessCommand::printDiagnostic(const QString &text)
{
    const QByteArray line = QByteArrayLiteral("sockpit: ") + text.toLocal8Bit() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace sockpit::cli
