#include "connectcommand.h"

#include "qttlstransport.h"
#include "socketerror.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>

#include <sys/stat.h>

namespace sockpit::cli {

namespace {
constexpr int UdpDefaultWaitMs = 2000;
// WebSocket has no half-close: the answers to the last messages are waited for this long by default
// before the closing handshake.
constexpr int WebSocketDefaultWaitMs = 1000;
// How long the server has to answer the closing handshake and close.
constexpr int WebSocketCloseMs = 5000;
} // namespace

ConnectCommand::ConnectCommand(const ConnectOptions &options, QObject *parent)
    : HeadlessCommand(options.verbose, parent)
    , m_options(options)
{
    if (m_options.udp && m_options.waitMs < 0)
        m_options.waitMs = UdpDefaultWaitMs;
    if (m_options.webSocket && m_options.waitMs < 0)
        m_options.waitMs = WebSocketDefaultWaitMs;
    connect(&m_quietTimer, &QTimer::timeout, this, &ConnectCommand::checkQuiet);
}

bool ConnectCommand::start()
{
    if (!m_options.sendFile.isEmpty()) {
        const QFileInfo file(m_options.sendFile);
        if (!file.exists() || !file.isReadable() || file.isDir()) {
            printDiagnostic(
                tr("cannot read '%1': %2")
                    .arg(m_options.sendFile,
                        file.exists() ? tr("permission denied or not a file") : tr("no such file")));
            return false;
        }
    }
    if (!m_options.sendFile.isEmpty() && m_options.checksum.kind != ChecksumKind::None) {
        // The check value covers the whole file, so it is read at once rather than streamed.
        QFile file(m_options.sendFile);
        if (!file.open(QIODevice::ReadOnly)) {
            printDiagnostic(tr("cannot read '%1': %2").arg(m_options.sendFile, file.errorString()));
            return false;
        }
        m_options.sendBytes = appendChecksum(file.readAll(), m_options.checksum);
        m_options.sendFile.clear();
    }
    if (m_options.udp && !m_options.unixPath.isEmpty() && !m_options.unixPath.startsWith(QLatin1Char('@'))) {
        // Datagrams to a path that is not there would be lost one by one: say so once, at the start.
        struct stat status
        {
        };
        const int error = ::stat(QFile::encodeName(m_options.unixPath).constData(), &status) != 0 ? errno
            : S_ISSOCK(status.st_mode)                                                            ? 0
                                                                                                  : ENOTSOCK;
        if (error != 0) {
            printDiagnostic(unixSocketErrorMessage(error, m_options.unixPath, true));
            return false;
        }
    }
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
    config.bindPort = m_options.localPort;
    config.bindAddressSet = false;
    config.bindAddress = QHostAddress::AnyIPv4;
    config.multicastInterface = m_options.interfaceName;
    config.framing = m_options.framing;
    config.receiveCheck = m_options.check;
    config.autoReplies = m_options.rules;
    config.tls = m_options.tls;
    config.webSocket = m_options.webSocket;
    config.webSocketResource = m_options.webSocketResource;
    setMessageLines(m_options.webSocket);
    if (config.tls.enabled) {
        QString error;
        const auto transport = tls::QtTlsTransport::create(config, &error);
        if (!transport) {
            printDiagnostic(error);
            return false;
        }
        m_session.setTlsTransport(transport);
    }

    // The reason itself reaches standard error as an error event.
    connect(&m_session, &Session::failed, this, [this](const QString &, EventKind kind) {
        m_tlsFailed = kind == EventKind::Tls;
        finish(ExitFailure);
    });
    connect(&m_session, &Session::peerClosed, this, [this](ConnId, EventKind how, const QString &text) {
        Q_UNUSED(text)
        if (how == EventKind::Reset || how == EventKind::Error || how == EventKind::Timeout)
            finish(ExitFailure);
    });
    const qsizetype datagramBytes = largestDatagram(config);
    connect(&m_session, &Session::started, this, [this, datagramBytes] {
        InputPump::Source source;
        if (m_options.sendBytes) {
            source.kind = InputPump::Source::Kind::Bytes;
            source.bytes = *m_options.sendBytes;
            if (!m_options.sendMacros.isEmpty()) {
                auto macros = std::make_shared<MacroExpander>();
                source.generate = [macros, text = m_options.sendMacros, hex = m_options.sendHex,
                                      checksum = m_options.checksum](qint64) {
                    return appendChecksum(expandSendMacros(*macros, text, hex), checksum);
                };
            }
        } else if (!m_options.sendFile.isEmpty()) {
            source.kind = InputPump::Source::Kind::File;
            source.file = m_options.sendFile;
        }
        // WebSocket: standard input a message per line; a file a message per MiB (up to one MiB, one
        // message).
        source.lines = m_options.webSocket && source.kind == InputPump::Source::Kind::Stdin;
        source.repeat = m_options.repeat;
        source.intervalMs = m_options.intervalMs;
        const qsizetype chunk
            = m_options.udp ? datagramBytes : (m_options.webSocket ? InputPump::MaxLineBytes : 64 * 1024);
        startPump(source, SendTarget::all(), false, chunk, !m_options.udp);
    });
    m_session.start(config);
    return true;
}

void ConnectCommand::onInputEnded()
{
    m_inputEnded = true;
    markActivity();
    if (!m_options.udp && !m_options.webSocket) {
        m_session.feed().shutdownWrite(); // half-close: the peer sees the end, we keep receiving
        // Only now, with nothing more to send, does the peer's FIN end the connection.
        m_session.setCloseAfterPeerFinish(true);
    }
    if (m_options.waitMs >= 0)
        m_quietTimer.start(qBound(1, m_options.waitMs / 4, 50));
}

void ConnectCommand::onLeaving()
{
    if (m_tlsFailed && m_options.tls.verifyPeer) {
        printDiagnostic(
            tr("if the server's certificate could not be verified: --ca FILE trusts it (FILE holding "
               "its issuer's certificate, or the certificate itself); --insecure skips the check"));
    }
}

void ConnectCommand::checkQuiet()
{
    // The quiet time counts from the end of the input and from the last bytes received, and only
    // once everything queued has left.
    if (m_session.counters().queuedBytes > 0) {
        markActivity();
        return;
    }
    if (msSinceLastReceive() >= m_options.waitMs) {
        m_quietTimer.stop();
        if (m_options.webSocket) {
            // The closing handshake: the server answers and closes, which ends the session.
            m_session.feed().shutdownWrite();
            QTimer::singleShot(WebSocketCloseMs, this, [this] { finish(ExitOk); });
            return;
        }
        finish(ExitOk);
    }
}

} // namespace sockpit::cli
