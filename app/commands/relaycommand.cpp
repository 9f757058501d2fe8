#include "relaycommand.h"

#include "endpoint.h"

namespace sockpit::cli {

RelayCommand::RelayCommand(const RelayOptions &options, QObject *parent)
    : HeadlessCommand(options.verbose, parent)
    , m_options(options)
{
    m_session.setDataSink(nullptr); // what is relayed goes to the other side, not to standard output
}

bool RelayCommand::start()
{
    if (!openRecorder(m_options.record, m_options.hexDump))
        return false;
    SessionConfig config;
    config.mode = m_options.udp ? SessionMode::UdpRelay : SessionMode::TcpRelay;
    config.noDelay = m_options.noDelay;
    config.keepAlive = m_options.keepAlive;
    config.bindAddress = m_options.bind;
    config.bindAddressSet = true;
    config.bindPort = m_options.port;
    config.host = m_options.host;
    config.port = m_options.targetPort;
    config.connectTimeoutMs = m_options.timeoutMs;
    config.framing = m_options.framing;

    // The reason itself reaches standard error as an error event.
    connect(&m_session, &Session::failed, this, [this] { finish(ExitFailure); });
    connect(&m_session, &Session::started, this, [this] {
        // Read by scripts, as listen's line is: in English whatever the locale.
        printDiagnostic(QStringLiteral("listening on %1, relaying to %2")
                            .arg(formatEndpoint(m_session.localAddress(), m_session.localPort()),
                                Endpoint {m_options.host, m_options.targetPort}.toString()));
    });
    m_session.start(config);
    return true;
}

} // namespace sockpit::cli
