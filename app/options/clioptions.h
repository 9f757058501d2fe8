#pragma once

#include "autoreply.h"
#include "checksum.h"
#include "framing.h"
#include "macroexpander.h"
#include "proxysettings.h"
#include "sequence.h"
#include "tlssettings.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace sockpit::cli {

// The translation context of the command line's messages.
class Cli
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// Exit statuses of the headless commands: a contract scripts rely on.
enum ExitStatus { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

struct ListenOptions
{
    bool udp = false;
    QString unixPath; // --unix PATH: a Unix socket instead of TCP (with udp: a datagram socket)
    QHostAddress bind = QHostAddress::AnyIPv4;
    quint16 port = 0;
    bool echo = false;
    int maxClients = 0;
    AutoReplyRules rules; // --rules FILE.json
    Framing framing; // --framing SPEC, --max-frame N (TCP)
    ChecksumCheck check; // --check NAME[:le|:be], --check-skip FIRST[,LAST]
    QString record;
    bool verbose = false;
    bool hexDump = false; // -x: what passes, as a hex dump on standard error
    bool noDelay = true; // --nodelay on|off: TCP_NODELAY (TCP)
    bool keepAlive = false; // --keepalive: SO_KEEPALIVE (TCP)
    QVector<QHostAddress> joinGroups; // --join (UDP)
    QString interfaceName; // --iface: multicast interface, name or index (UDP)
    TlsSettings tls; // --tls, --cert, --key, --ca
    bool chat = false; // --chat
    bool webSocket = false; // --websocket (TCP; with --tls: wss)
    QString chatName = QStringLiteral("host"); // --name
};

struct ConnectOptions
{
    bool udp = false;
    QString unixPath; // --unix PATH: a Unix socket instead of TCP (with udp: a datagram socket)
    QString host;
    quint16 port = 0;
    // A ws:// or wss:// URL instead of HOST PORT: WebSocket (wss: over TLS, in `tls`), asking for this
    // path and query.
    bool webSocket = false;
    QString webSocketResource;
    std::optional<QByteArray> sendBytes; // --send (already decoded; hex with --hex)
    // --send TEXT with macros ({counter}, {time}, ...), expanded again for each repeat; else empty.
    QString sendMacros;
    bool sendHex = false; // --hex
    QString sendFile; // --send-file
    int waitMs = -1; // -1: wait for the peer to close (TCP); UDP defaults to 2000
    int timeoutMs = 10000;
    quint16 localPort = 0;
    qint64 repeat = 1;
    double intervalMs = 0;
    ChecksumSpec checksum; // --checksum: appended to the --send/--send-file payload (each repeat)
    AutoReplyRules rules; // --rules FILE.json
    Framing framing; // --framing SPEC, --max-frame N (TCP)
    ChecksumCheck check; // --check NAME[:le|:be], --check-skip FIRST[,LAST]
    QString record;
    bool verbose = false;
    bool hexDump = false; // -x: what passes, as a hex dump on standard error
    bool noDelay = true; // --nodelay on|off: TCP_NODELAY (TCP)
    bool keepAlive = false; // --keepalive: SO_KEEPALIVE (TCP)
    ProxySettings proxy; // --proxy URL (TCP)
    QString interfaceName; // --iface: multicast interface, name or index (UDP)
    TlsSettings tls; // --tls, --cert, --key, --ca, --insecure
};

struct PingOptions
{
    QString host;
    int count = 4; // 0: until SIGINT/SIGTERM
    int intervalMs = 1000;
    int size = 56; // data bytes per echo request
    int timeoutMs = 2000;
    QString record;
    bool verbose = false;
};

struct RelayOptions
{
    bool udp = false;
    QHostAddress bind = QHostAddress::AnyIPv4;
    quint16 port = 0; // where to listen (0: the system picks)
    QString host; // the target
    quint16 targetPort = 0;
    int timeoutMs = 10000; // connecting to the target, per client (TCP)
    Framing framing; // --framing SPEC, --max-frame N (TCP)
    QString record;
    bool verbose = false;
    bool hexDump = false; // -x: what passes, as a hex dump on standard error
    bool noDelay = true; // --nodelay on|off: TCP_NODELAY (TCP)
    bool keepAlive = false; // --keepalive: SO_KEEPALIVE (TCP)
};

struct RunOptions
{
    QString file; // the sequence file, as given
    Sequence sequence; // read from it
    bool udp = false;
    QString unixPath; // --unix PATH: a Unix socket instead of TCP (with udp: a datagram socket)
    QString host;
    quint16 port = 0;
    bool webSocket = false; // a ws:// URL instead of HOST PORT
    QString webSocketResource;
    int timeoutMs = 10000; // connecting (TCP)
    QString record;
    bool verbose = false;
    bool hexDump = false; // -x: what passes, as a hex dump on standard error
    bool noDelay = true; // --nodelay on|off: TCP_NODELAY (TCP)
    bool keepAlive = false; // --keepalive: SO_KEEPALIVE (TCP)
    ProxySettings proxy; // --proxy URL (TCP)
};

// What parsing produced: options, or a message and the exit status to leave with (usage errors
// exit 2; --help exits 0 with the help text as the message).
template<typename Options> struct Parsed
{
    std::optional<Options> options;
    QString message;
    int exitStatus = ExitOk;
};

// Each command's parser and help text are in a file of its own: listenoptions.cpp, connectoptions.cpp,
// relayoptions.cpp, pingoptions.cpp and runoptions.cpp; mainHelp is in clioptions.cpp.
// `arguments` excludes the program name and the command word.
Parsed<ListenOptions> parseListen(const QStringList &arguments);
Parsed<ConnectOptions> parseConnect(const QStringList &arguments);
Parsed<RelayOptions> parseRelay(const QStringList &arguments);
Parsed<PingOptions> parsePing(const QStringList &arguments);
// Also reads the sequence file: exit 1 when it cannot be read, 2 when it is not a valid sequence.
Parsed<RunOptions> parseRun(const QStringList &arguments);

// One expansion of --send TEXT's macros (sendMacros): with --hex, hex with macros; else the text as
// typed, in which only known macros are expanded (a JSON payload's braces stay).
QByteArray expandSendMacros(MacroExpander &macros, const QString &text, bool hex);

QString mainHelp();
QString listenHelp();
QString connectHelp();
QString relayHelp();
QString pingHelp();
QString runHelp();

} // namespace sockpit::cli
