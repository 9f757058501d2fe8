#include "pingcommand.h"

#include "stdoutwriter.h"

namespace sockpit::cli {

PingCommand::PingCommand(const PingOptions &options, QObject *parent)
    : HeadlessCommand(options.verbose, parent)
    , m_options(options)
{ }

bool PingCommand::start()
{
    if (!openRecorder(m_options.record))
        return false;
    SessionConfig config;
    config.mode = SessionMode::Icmp;
    config.host = m_options.host;
    config.pingCount = m_options.count;
    config.pingIntervalMs = m_options.intervalMs;
    config.pingPayloadSize = m_options.size;
    config.pingTimeoutMs = m_options.timeoutMs;
    // The reason itself reaches standard error as an error event.
    connect(&m_session, &Session::failed, this, [this] { finish(ExitFailure); });
    connect(&m_session, &Session::eventsReady, this,
        [this](const EventBatch &events, qint64) { printReplies(events); });
    m_session.start(config);
    return true;
}

void PingCommand::printReplies(const EventBatch &events)
{
    for (const Event &event : events) {
        if (event.kind == EventKind::Reply && event.dir == Direction::Info) {
            const QByteArray line = event.text.toLocal8Bit() + '\n';
            if (!StdoutWriter::write(line.constData(), line.size()))
                return finish(ExitOk);
        } else if (event.kind == EventKind::Stop && !m_verbose) {
            printDiagnostic(event.text); // the summary (verbose runs print every step already)
        }
    }
}

int PingCommand::endStatus(int status) const
{
    return status == ExitOk && m_session.counters().messagesIn == 0 ? ExitFailure : status;
}

} // namespace sockpit::cli
