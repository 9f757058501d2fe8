#include "listencommand.h"

#include "endpoint.h"
#include "qttlstransport.h"

namespace sockpit::cli {

ListenCommand::ListenCommand(const ListenOptions &options, QObject *parent)
    : HeadlessCommand(options.verbose, parent)
    , m_options(options)
{ }

bool ListenCommand::start()
{
    if (!openRecorder(m_options.record, m_options.hexDump))
        return false;
    SessionConfig config;
    config.mode = m_options.udp ? SessionMode::Udp : SessionMode::TcpServer;
    config.noDelay = m_options.noDelay;
    config.keepAlive = m_options.keepAlive;
    if (!m_options.unixPath.isEmpty())
        config.mode = m_options.udp ? SessionMode::UnixDatagram : SessionMode::UnixServer;
    config.localPath = m_options.unixPath;
    config.bindAddress = m_options.bind;
    config.bindAddressSet = true;
    config.bindPort = m_options.port;
    config.echo = m_options.echo;
    config.maxClients = m_options.maxClients;
    config.multicastGroups = m_options.joinGroups;
    config.multicastInterface = m_options.interfaceName;
    config.framing = m_options.framing;
    config.receiveCheck = m_options.check;
    config.tls = m_options.tls;
    config.webSocket = m_options.webSocket;
    setMessageLines(m_options.webSocket);
    if (config.tls.enabled) {
        QString error;
        const auto transport = tls::QtTlsTransport::create(config, &error);
        if (!transport) {
            printDiagnostic(error);
            return false;
        }
        if (transport->generatedCertificate()) {
            printDiagnostic(tr("TLS: a self-signed certificate was made for this run, SHA-256 fingerprint %1")
                                .arg(tls::certificateFingerprint(transport->localCertificate())));
        }
        m_session.setTlsTransport(transport);
    }
    config.autoReplies = m_options.rules;
    config.chat = m_options.chat;
    config.chatName = m_options.chatName;

    // The reason itself reaches standard error as an error event.
    connect(&m_session, &Session::failed, this, [this] { finish(ExitFailure); });
    const qsizetype datagramBytes = largestDatagram(config);
    connect(&m_session, &Session::started, this, [this, datagramBytes] {
        // Scripts read the real port from this line (the README's contract): in English whatever the
        // locale.
        printDiagnostic(QStringLiteral("listening on %1")
                            .arg(m_options.unixPath.isEmpty()
                                    ? formatEndpoint(m_session.localAddress(), m_session.localPort())
                                    : m_session.localPath()));
        InputPump::Source source;
        source.kind = InputPump::Source::Kind::Stdin;
        source.lines = m_options.webSocket; // a message per line
        const bool udp = m_options.udp;
        startPump(
            // The host may talk to an empty room: its lines are kept for those who join.
            source, udp ? SendTarget::lastPeer() : SendTarget::all(), !m_options.chat,
            udp ? datagramBytes : 64 * 1024);
    });
    m_session.start(config);
    return true;
}

void ListenCommand::onInputEnded()
{
    // Nothing more will be said to the clients: a peer that finishes sending is closed once our
    // queued bytes are out, as an echo or a one-shot server would.
    m_session.setCloseAfterPeerFinish(true);
}

} // namespace sockpit::cli
