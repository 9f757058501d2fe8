#include "runcommand.h"

#include "stdoutwriter.h"

namespace sockpit::cli {

RunCommand::RunCommand(const RunOptions &options, QObject *parent)
    : HeadlessCommand(options.verbose, parent)
    , m_options(options)
    , m_runner(&m_session)
{
    // Standard output is for the steps; what arrives goes to the runner (and with -v to its lines).
    m_session.setDataSink(nullptr);
    m_session.setDataHandler([this](ConnId, const char *, qsizetype) { markActivity(); });
    connect(&m_runner, &SequenceRunner::stepFinished, this, &RunCommand::printStep);
    connect(&m_runner, &SequenceRunner::finished, this, [this](bool passed) {
        m_passed = passed;
        m_done = true;
        if (passed)
            printDiagnostic(tr("every step passed (steps run: %1, time: %2 ms)")
                                .arg(m_steps)
                                .arg(double(m_totalUs) / 1000.0, 0, 'f', 1));
        finish(passed ? ExitOk : ExitFailure);
    });
}

bool RunCommand::start()
{
    if (!openRecorder(m_options.record, m_options.hexDump))
        return false;
    SessionConfig config;
    config.mode = m_options.udp ? SessionMode::Udp : SessionMode::TcpClient;
    config.noDelay = m_options.noDelay;
    config.keepAlive = m_options.keepAlive;
    config.proxy = m_options.proxy;
    if (!m_options.unixPath.isEmpty())
        config.mode = m_options.udp ? SessionMode::UnixDatagram : SessionMode::UnixClient;
    config.remotePath = m_options.unixPath;
    config.host = m_options.host;
    config.port = m_options.port;
    config.connectTimeoutMs = m_options.timeoutMs;
    config.webSocket = m_options.webSocket;
    config.webSocketResource = m_options.webSocketResource;
    config.bindAddressSet = false;
    config.bindAddress = QHostAddress::AnyIPv4;
    // What a server says first reaches the sequence even when it comes before `started`.
    m_runner.listenFromStart();
    // The reason itself reaches standard error as an error event.
    connect(&m_session, &Session::failed, this, [this] { finish(ExitFailure); });
    connect(&m_session, &Session::started, this, [this] {
        if (!m_runner.start(m_options.sequence))
            finish(ExitFailure);
    });
    m_session.start(config);
    return true;
}

QString RunCommand::stepLine(const SequenceStepResult &result)
{
    QString line = QStringLiteral("%1 %2 ms  %3 %4")
                       .arg(result.passed ? QStringLiteral("ok  ") : QStringLiteral("FAIL"))
                       .arg(double(result.elapsedUs) / 1000.0, 9, 'f', 1)
                       .arg(result.label(), -6)
                       .arg(result.description);
    if (!result.passed) {
        line += QStringLiteral(": ") + result.error;
        if (result.kind == SequenceStep::Kind::Expect)
            line += tr("; arrived %1").arg(quoteBytes(result.arrived));
    }
    return line;
}

void RunCommand::printStep(const SequenceStepResult &result)
{
    ++m_steps;
    m_totalUs += result.elapsedUs;
    QString text = stepLine(result) + QLatin1Char('\n');
    if (m_verbose && !result.sent.isEmpty())
        text += QStringLiteral("      > %1\n").arg(quoteBytes(result.sent, 0));
    if (m_verbose && result.passed && result.kind == SequenceStep::Kind::Expect)
        text += QStringLiteral("      < %1\n").arg(quoteBytes(result.arrived, 0));
    const QByteArray bytes = text.toLocal8Bit();
    if (!StdoutWriter::write(bytes.constData(), bytes.size()))
        return finish(ExitFailure);
    if (!result.passed) {
        QString why = tr("step %1 (%2) failed: %3").arg(result.label(), result.description, result.error);
        if (result.kind == SequenceStep::Kind::Expect)
            why += tr("; arrived %1").arg(quoteBytes(result.arrived));
        printDiagnostic(why);
    }
}

int RunCommand::endStatus(int status) const
{
    return status == ExitOk && !m_passed ? ExitFailure : status;
}

void RunCommand::onLeaving()
{
    if (!m_done && m_runner.isRunning())
        printDiagnostic(tr("the connection ended before the sequence did"));
}

} // namespace sockpit::cli
