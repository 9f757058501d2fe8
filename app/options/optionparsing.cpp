#include "optionparsing.h"

#include "checksumcheck.h"
#include "posixsocket.h"

#include "payloadencoder.h"

#include <QFile>
#include <QHostAddress>
#include <QUrl>

namespace sockpit::cli {

bool parseInteger(
    const QString &text, const QString &flag, qint64 min, qint64 max, qint64 *value, QString *error)
{
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number < min || number > max) {
        *error = Cli::tr("%1 needs a whole number from %2 to %3, not '%4'")
                     .arg(flag)
                     .arg(min)
                     .arg(max)
                     .arg(text);
        return false;
    }
    *value = number;
    return true;
}

bool parseBindAddress(const QString &text, QHostAddress *address, QString *error)
{
    if (!address->setAddress(text)) {
        *error = Cli::tr(
            "--bind needs an IP address of this machine (such as 0.0.0.0, 127.0.0.1 or ::), not '%1'")
                     .arg(text);
        return false;
    }
    return true;
}

bool parseInterface(const QCommandLineParser &parser, bool udp, QString *name, QString *error)
{
    if (!parser.isSet(QStringLiteral("iface")))
        return true;
    *name = parser.value(QStringLiteral("iface"));
    if (!udp) {
        *error = Cli::tr("--iface applies to UDP multicast: add --udp");
        return false;
    }
    if (name->isEmpty() || name->size() > 15 || name->contains(u'/') || name->contains(u' ')) {
        *error = Cli::tr("--iface needs a network interface name or number (such as lo or 1), not '%1'")
                     .arg(*name);
        return false;
    }
    return true;
}

QCommandLineOption valueOption(const char *name, const QString &description, const QString &valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), description, valueName);
}

QCommandLineOption flagOption(const char *name, const QString &description)
{
    return QCommandLineOption(QString::fromLatin1(name), description);
}

void addCommonOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, Cli::tr("Show this help.")));
    parser.addOption(flagOption("udp", Cli::tr("Use UDP instead of TCP.")));
    parser.addOption(valueOption("record",
        Cli::tr("Record every event to FILE (JSON Lines if it ends in .jsonl, else text)."),
        Cli::tr("FILE")));
    parser.addOption(QCommandLineOption({QStringLiteral("v"), QStringLiteral("verbose")},
        Cli::tr("Report every connection step on standard error.")));
    parser.addOption(QCommandLineOption({QStringLiteral("x"), QStringLiteral("hex-dump")},
        Cli::tr("Print every byte received and sent as a hex dump on standard error.")));
}

void addUnixOption(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption({QStringLiteral("U"), QStringLiteral("unix")},
        Cli::tr("Use a Unix domain socket at PATH (@name: an abstract name) instead of TCP; with --udp, a "
                "datagram socket.")));
}

bool parseUnixPath(const QCommandLineParser &parser, const QString &command,
    std::initializer_list<const char *> inetOnly, QString *path, QString *error)
{
    for (const char *name : inetOnly) {
        const QString flag = QString::fromLatin1(name);
        if (parser.isSet(flag)) {
            *error = Cli::tr("--%1 does not apply to a Unix socket (--unix)").arg(flag);
            return false;
        }
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        *error = positional.isEmpty()
            ? Cli::tr("%1 --unix needs a PATH (or @name)").arg(command)
            : Cli::tr("%1 --unix takes one PATH, got: %2").arg(command, positional.join(QLatin1Char(' ')));
        return false;
    }
    *path = positional.at(0);
    *error = posix::unixPathError(*path);
    return error->isEmpty();
}

void addSocketOptions(QCommandLineParser &parser)
{
    parser.addOption(valueOption("nodelay",
        Cli::tr("TCP_NODELAY: on (the default) sends each piece at once, off lets TCP gather small pieces "
                "(Nagle)."),
        Cli::tr("on|off")));
    parser.addOption(flagOption("keepalive", Cli::tr("SO_KEEPALIVE: TCP probes idle connections.")));
}

bool parseSocketOptions(const QCommandLineParser &parser, bool udp, bool unixSocket, bool *noDelay,
    bool *keepAlive, QString *error)
{
    for (const char *name : {"nodelay", "keepalive"}) {
        const QString flag = QString::fromLatin1(name);
        if (!parser.isSet(flag))
            continue;
        if (unixSocket) {
            *error = Cli::tr("--%1 does not apply to a Unix socket (--unix)").arg(flag);
            return false;
        }
        if (udp) {
            *error = Cli::tr("--%1 applies to TCP: leave out --udp").arg(flag);
            return false;
        }
    }
    if (parser.isSet(QStringLiteral("nodelay"))) {
        const QString value = parser.value(QStringLiteral("nodelay"));
        if (value != QLatin1String("on") && value != QLatin1String("off")) {
            *error = Cli::tr("--nodelay takes on or off, not '%1'").arg(value);
            return false;
        }
        *noDelay = value == QLatin1String("on");
    }
    *keepAlive = parser.isSet(QStringLiteral("keepalive"));
    return true;
}

void addProxyOption(QCommandLineParser &parser)
{
    parser.addOption(valueOption("proxy",
        Cli::tr("Connect through a SOCKS5 or HTTP proxy: socks5://[USER:PASSWORD@]HOST:PORT or "
                "http://[USER:PASSWORD@]HOST:PORT."),
        Cli::tr("URL")));
}

bool parseProxy(
    const QCommandLineParser &parser, bool udp, bool unixSocket, ProxySettings *proxy, QString *error)
{
    if (!parser.isSet(QStringLiteral("proxy")))
        return true;
    if (unixSocket) {
        *error = Cli::tr("--%1 does not apply to a Unix socket (--unix)").arg(QStringLiteral("proxy"));
        return false;
    }
    if (udp) {
        *error = Cli::tr("--%1 applies to TCP: leave out --udp").arg(QStringLiteral("proxy"));
        return false;
    }
    QString problem;
    const std::optional<ProxySettings> parsed
        = ProxySettings::parse(parser.value(QStringLiteral("proxy")), &problem);
    if (!parsed) {
        *error = Cli::tr("--proxy: %1").arg(problem);
        return false;
    }
    *proxy = *parsed;
    return true;
}

void addTlsOptions(QCommandLineParser &parser, bool server)
{
    parser.addOption(flagOption("tls", Cli::tr("Use TLS (with --udp: DTLS).")));
    parser.addOption(valueOption("cert",
        server ? Cli::tr("TLS: the server's certificate (PEM; default: a self-signed one made for this run).")
               : Cli::tr("TLS: a client certificate to present (PEM)."),
        Cli::tr("FILE")));
    parser.addOption(valueOption("key", Cli::tr("TLS: the private key of --cert (PEM)."), Cli::tr("FILE")));
    parser.addOption(valueOption("ca",
        server ? Cli::tr("TLS: require client certificates issued by the CAs in FILE.")
               : Cli::tr("TLS: trust the CAs in FILE instead of the system's."),
        Cli::tr("FILE")));
    parser.addOption(flagOption("insecure", Cli::tr("TLS: do not verify the server's certificate.")));
}

bool parseTls(const QCommandLineParser &parser, bool server, TlsSettings *tls, QString *error, bool implied)
{
    const bool enabled = implied || parser.isSet(QStringLiteral("tls"));
    for (const char *name : {"cert", "key", "ca", "insecure"}) {
        const QString flag = QString::fromLatin1(name);
        if (parser.isSet(flag) && !enabled) {
            *error = Cli::tr("--%1 needs --tls").arg(flag);
            return false;
        }
    }
    if (!enabled)
        return true;
    for (const char *name : {"cert", "key", "ca"}) {
        const QString flag = QString::fromLatin1(name);
        if (parser.isSet(flag) && parser.value(flag).isEmpty()) {
            *error = Cli::tr("--%1 needs a file name").arg(flag);
            return false;
        }
    }
    tls->enabled = true;
    tls->certFile = parser.value(QStringLiteral("cert"));
    tls->keyFile = parser.value(QStringLiteral("key"));
    tls->caFile = parser.value(QStringLiteral("ca"));
    tls->verifyPeer = !parser.isSet(QStringLiteral("insecure"));
    if (!tls->keyFile.isEmpty() && tls->certFile.isEmpty()) {
        *error = Cli::tr("--key needs --cert");
        return false;
    }
    if (!tls->certFile.isEmpty() && tls->keyFile.isEmpty()) {
        *error = Cli::tr("--cert needs --key");
        return false;
    }
    if (server && !tls->verifyPeer) {
        *error = Cli::tr("--insecure applies to connect: a server checks client certificates only with --ca");
        return false;
    }
    if (!tls->verifyPeer && !tls->caFile.isEmpty()) {
        *error = Cli::tr("use either --ca or --insecure, not both");
        return false;
    }
    return true;
}

void addFramingOptions(QCommandLineParser &parser)
{
    parser.addOption(valueOption("framing",
        Cli::tr("TCP: split received bytes into the messages the recording shows: raw, lines, lines:crlf, "
                "delim:TEXT, length:SIZE[:be|:le][:incl], fixed:N or idle:MS."),
        Cli::tr("SPEC")));
    parser.addOption(valueOption("max-frame",
        Cli::tr("With --framing: cut a longer message into pieces of N bytes (default 65536)."),
        Cli::tr("N")));
}

void addCheckOptions(QCommandLineParser &parser)
{
    parser.addOption(valueOption("check",
        Cli::tr("Check the check value at the end of each received message (chunk, --framing message, or "
                "datagram); report each bad one."),
        Cli::tr("NAME")));
    parser.addOption(valueOption("check-skip",
        Cli::tr("With --check: bytes before the covered ones and after the check value."),
        Cli::tr("FIRST[,LAST]")));
}

QString framingSpecHelp()
{
    return Cli::tr(
        "                       raw              each read as it arrived (the default)\n"
        "                       lines            a message ends with LF (a CR before it stays in it)\n"
        "                       lines:crlf       a message ends with CR LF\n"
        "                       delim:TEXT       a message ends with TEXT, written with escapes\n"
        "                                        \\r \\n \\t \\\\ \\xNN: delim:\\r\\n, delim:## or "
        "delim:\\x7e\n"
        "                       length:SIZE[:be|:le][:incl]\n"
        "                                        a SIZE-byte (1, 2 or 4) length header, then that many\n"
        "                                        bytes; big endian unless :le; with :incl the length\n"
        "                                        counts the header too\n"
        "                       fixed:N          every N bytes\n"
        "                       idle:MS          a message ends when nothing arrives for MS milliseconds\n");
}

namespace {

QString framingKinds()
{
    return Cli::tr("raw, lines, lines:crlf, delim:TEXT, length:SIZE[:be|:le][:incl], fixed:N or idle:MS");
}

} // namespace

bool parseFramingSpec(const QString &spec, Framing *framing, QString *error)
{
    const qsizetype colon = spec.indexOf(QLatin1Char(':'));
    const QString kind = colon < 0 ? spec : spec.left(colon);
    const QString rest = colon < 0 ? QString() : spec.mid(colon + 1);
    qint64 number = 0;
    if (kind == QLatin1String("raw") && colon < 0) {
        framing->kind = Framing::Kind::Raw;
        return true;
    }
    if (kind == QLatin1String("lines")) {
        // LF ends a line; a CR before it stays in the message, as the window's "Lines ending in LF".
        if (colon < 0 || rest == QLatin1String("lf")) {
            framing->kind = Framing::Kind::Delimiter;
            framing->delimiter = QByteArrayLiteral("\n");
            return true;
        }
        if (rest == QLatin1String("crlf")) {
            framing->kind = Framing::Kind::Delimiter;
            framing->delimiter = QByteArrayLiteral("\r\n");
            return true;
        }
        *error = Cli::tr("'%1': lines ends with LF (lines) or CR LF (lines:crlf)").arg(spec);
        return false;
    }
    if (kind == QLatin1String("delim")) {
        // Everything after "delim:" is the delimiter, written like the window's: "\r\n", "##", "\x7e".
        const EncodeResult result = encodePayload(rest, InputMode::Escaped);
        if (!result.ok()) {
            *error = Cli::tr("'%1': the delimiter: %2").arg(spec, result.error);
            return false;
        }
        if (result.bytes.isEmpty()) {
            *error = Cli::tr("'%1': delim needs the bytes that end a message, such as delim:\\r\\n or "
                             "delim:\\x7e")
                         .arg(spec);
            return false;
        }
        framing->kind = Framing::Kind::Delimiter;
        framing->delimiter = result.bytes;
        return true;
    }
    if (kind == QLatin1String("length")) {
        const QStringList parts = rest.split(QLatin1Char(':'));
        if (colon < 0
            || !QStringList {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("4")}.contains(
                parts.at(0))) {
            *error = Cli::tr("'%1': the length header is 1, 2 or 4 bytes: length:1, length:2 or length:4")
                         .arg(spec);
            return false;
        }
        bool orderSet = false;
        bool inclusiveSet = false;
        framing->bigEndian = true;
        framing->lengthIncludesPrefix = false;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QString &word = parts.at(i);
            if ((word == QLatin1String("be") || word == QLatin1String("le")) && !orderSet) {
                framing->bigEndian = word == QLatin1String("be");
                orderSet = true;
            } else if (word == QLatin1String("incl") && !inclusiveSet) {
                framing->lengthIncludesPrefix = true;
                inclusiveSet = true;
            } else {
                *error = Cli::tr("'%1': after the header size come be or le (byte order, default be) and "
                                 "incl (the length counts the header), not '%2'")
                             .arg(spec, word);
                return false;
            }
        }
        framing->kind = Framing::Kind::LengthPrefix;
        framing->prefixSize = parts.at(0).toInt();
        return true;
    }
    if (kind == QLatin1String("fixed")) {
        if (!parseInteger(rest, QStringLiteral("fixed:N"), 1, 16 * 1024 * 1024, &number, error))
            return false;
        framing->kind = Framing::Kind::FixedLength;
        framing->fixedLength = int(number);
        return true;
    }
    if (kind == QLatin1String("idle")) {
        if (!parseInteger(rest, QStringLiteral("idle:MS"), 1, 3600000, &number, error))
            return false;
        framing->kind = Framing::Kind::IdleGap;
        framing->idleGapMs = int(number);
        return true;
    }
    *error = Cli::tr("'%1' is not a framing: use %2").arg(spec, framingKinds());
    return false;
}

bool parseFraming(const QCommandLineParser &parser, bool udp, Framing *framing, QString *error)
{
    const bool hasFraming = parser.isSet(QStringLiteral("framing"));
    const bool hasMax = parser.isSet(QStringLiteral("max-frame"));
    if (!hasFraming && !hasMax)
        return true;
    if (udp) {
        *error = Cli::tr("--%1 applies to TCP: each UDP datagram is a message already")
                     .arg(hasFraming ? QStringLiteral("framing") : QStringLiteral("max-frame"));
        return false;
    }
    Framing result;
    if (hasFraming && !parseFramingSpec(parser.value(QStringLiteral("framing")), &result, error)) {
        *error = Cli::tr("--framing %1").arg(*error);
        return false;
    }
    if (hasMax) {
        if (result.kind == Framing::Kind::Raw) {
            *error = Cli::tr("--max-frame needs --framing other than raw: raw chunks are never cut");
            return false;
        }
        qint64 max = 0;
        if (!parseInteger(parser.value(QStringLiteral("max-frame")), QStringLiteral("--max-frame"), 1,
                16 * 1024 * 1024, &max, error))
            return false;
        result.maxFrame = int(max);
    }
    const QString problem = result.validate();
    if (!problem.isEmpty()) {
        *error = Cli::tr("--framing %1: %2 (--max-frame is %3 bytes)")
                     .arg(parser.value(QStringLiteral("framing")), problem)
                     .arg(result.maxFrame);
        return false;
    }
    *framing = result;
    return true;
}

int parseRules(const QCommandLineParser &parser, AutoReplyRules *rules, QString *error)
{
    if (!parser.isSet(QStringLiteral("rules")))
        return ExitOk;
    const QString path = parser.value(QStringLiteral("rules"));
    if (path.isEmpty()) {
        *error = Cli::tr("--rules needs a file name");
        return ExitUsage;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) { // a file that is not there is the system's answer: exit 1
        *error = Cli::tr("--rules: cannot read '%1': %2").arg(path, file.errorString());
        return ExitFailure;
    }
    QString problem;
    if (!autoReplyRulesFromJson(file.readAll(), rules, &problem)) {
        *error = Cli::tr("--rules: %1: %2").arg(path, problem);
        return ExitUsage;
    }
    return ExitOk;
}

bool parseCheck(const QCommandLineParser &parser, ChecksumCheck *check, QString *error)
{
    const bool hasSkip = parser.isSet(QStringLiteral("check-skip"));
    if (!parser.isSet(QStringLiteral("check"))) {
        if (hasSkip)
            *error = Cli::tr("--check-skip needs --check NAME");
        return !hasSkip;
    }
    ChecksumCheck result;
    if (!parseChecksumSpec(parser.value(QStringLiteral("check")), &result.spec, error)) {
        *error = Cli::tr("--check: %1").arg(*error);
        return false;
    }
    if (result.spec.kind == ChecksumKind::None) {
        *error
            = Cli::tr("--check: name a checksum (known: %1)").arg(checksumNames().join(QStringLiteral(", ")));
        return false;
    }
    if (hasSkip && !parseChecksumSkip(parser.value(QStringLiteral("check-skip")), &result, error)) {
        *error = Cli::tr("--check-skip: %1").arg(*error);
        return false;
    }
    *check = result;
    return true;
}

bool isWebSocketUrl(const QString &text)
{
    return text.startsWith(QLatin1String("ws://"), Qt::CaseInsensitive)
        || text.startsWith(QLatin1String("wss://"), Qt::CaseInsensitive);
}

bool parseWebSocketUrl(
    const QString &text, QString *host, quint16 *port, QString *resource, bool *secure, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        *error
            = Cli::tr("'%1' is not a WebSocket URL such as ws://HOST:PORT/PATH or wss://HOST/PATH").arg(text);
        return false;
    }
    if (url.host().isEmpty()) {
        *error = Cli::tr("the WebSocket URL '%1' has no host").arg(text);
        return false;
    }
    if (!url.userInfo().isEmpty() || url.hasFragment()) {
        *error = Cli::tr("the WebSocket URL '%1' may not hold a user name or a #fragment").arg(text);
        return false;
    }
    *secure = scheme == QLatin1String("wss");
    const int number = url.port(*secure ? 443 : 80);
    if (number <= 0 || number > 65535) {
        *error = Cli::tr("the WebSocket URL '%1' has no valid port").arg(text);
        return false;
    }
    *host = url.host();
    *port = quint16(number);
    *resource = url.path(QUrl::FullyEncoded);
    if (resource->isEmpty())
        *resource = QStringLiteral("/");
    if (url.hasQuery())
        *resource += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    return true;
}

} // namespace sockpit::cli
