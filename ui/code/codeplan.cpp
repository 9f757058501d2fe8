#include "codeplan.h"

#include <algorithm>

namespace sockpit::ui {

namespace {

bool isV6(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol;
}

// As Sockpit's sockets treat it: "any" of no family, or no address at all, is IPv4's 0.0.0.0.
QHostAddress socketAddress(const QHostAddress &address)
{
    if (address.isNull() || address.protocol() == QAbstractSocket::AnyIPProtocol)
        return QHostAddress(QHostAddress::AnyIPv4);
    return address;
}

void setBindAddress(CodePlan *plan, const QHostAddress &address)
{
    QHostAddress plain = address;
    plain.setScopeId(QString());
    plan->v6 = isV6(address);
    plan->bindAddress = plain.toString();
    plan->bindScope = address.scopeId();
    plan->dualStack = address == QHostAddress(QHostAddress::AnyIPv6);
}

// The host as typed, without the brackets of "[::1]".
QString bareHost(const QString &host)
{
    const QString text = host.trimmed();
    if (text.size() > 2 && text.startsWith(u'[') && text.endsWith(u']'))
        return text.mid(1, text.size() - 2);
    return text;
}

QStringList notReproduced(const SessionConfig &config, const CodePlan &plan)
{
    QStringList notes;
    const bool server = config.mode == SessionMode::TcpServer;
    const bool tcp = !isDatagramMode(config.mode);
    if (server)
        notes.append(CodeText::tr("serving several clients at once: this program serves one after another"));
    if (server && config.maxClients > 0)
        notes.append(CodeText::tr("the limit of %n client(s) at once", nullptr, config.maxClients));
    if (tcp && config.tls.enabled)
        notes.append(CodeText::tr("TLS: this program talks plain TCP"));
    if (config.mode == SessionMode::Udp && config.tls.enabled)
        notes.append(CodeText::tr("DTLS: this program sends and receives plain datagrams"));
    if (tcp && config.webSocket && webSocketApplies(config.mode))
        notes.append(
            CodeText::tr("WebSocket: this program talks plain TCP, without its handshake and frames"));
    if (tcp && config.framing.kind != Framing::Kind::Raw)
        notes.append(CodeText::tr("splitting received bytes into messages (framing): this program prints "
                                  "them as they arrive"));
    const int rules = int(std::count_if(config.autoReplies.cbegin(), config.autoReplies.cend(),
        [](const AutoReplyRule &rule) { return rule.enabled; }));
    if (rules > 0)
        notes.append(CodeText::tr("%n auto-reply rule(s)", nullptr, rules));
    if (server && config.chat)
        notes.append(CodeText::tr("the chat room"));
    if (config.mode == SessionMode::Udp) {
        if (plan.groups.size() < config.multicastGroups.size())
            notes.append(CodeText::tr("joining IPv6 multicast groups: that needs a socket bound to an IPv6 "
                                      "address, such as ::"));
        if (!plan.multicastInterface.isEmpty() && plan.hasTarget)
            notes.append(CodeText::tr("sending multicast by the chosen network interface"));
    }
    return notes;
}

} // namespace

CodePlan makeCodePlan(const SessionConfig &config, const QByteArray &message)
{
    CodePlan plan;
    plan.mode = config.mode;
    plan.message = message;
    plan.echo = config.echo;
    plan.noDelay = config.noDelay;
    plan.keepAlive = config.keepAlive;
    plan.connectTimeoutMs = config.connectTimeoutMs;
    plan.host = bareHost(config.host);
    const QHostAddress hostAddress(plan.host);
    plan.hostIsName = hostAddress.isNull();
    plan.port = config.port;
    plan.bindPort = config.bindPort;
    const QHostAddress bindAddress = socketAddress(config.bindAddress);

    switch (config.mode) {
    case SessionMode::TcpClient: {
        plan.hasTarget = true;
        plan.bind = config.bindAddressSet || config.bindPort != 0;
        const bool v6 = plan.hostIsName ? config.bindAddressSet && isV6(bindAddress) : isV6(hostAddress);
        if (config.bindAddressSet)
            setBindAddress(&plan, bindAddress);
        else
            plan.bindAddress = v6 ? QStringLiteral("::") : QStringLiteral("0.0.0.0");
        plan.v6 = v6;
        break;
    }
    case SessionMode::Udp: {
        plan.hasTarget = !plan.host.isEmpty() && config.port != 0;
        // Without an address of its own, the socket takes the target's family (and then hears both).
        const bool targetV6 = plan.hasTarget && !plan.hostIsName && isV6(hostAddress);
        setBindAddress(
            &plan, !config.bindAddressSet && targetV6 ? QHostAddress(QHostAddress::AnyIPv6) : bindAddress);
        if (plan.v6 && plan.hasTarget && !plan.hostIsName && !isV6(hostAddress))
            plan.host = QStringLiteral("::ffff:") + hostAddress.toString();
        for (const QHostAddress &group : config.multicastGroups) {
            if (plan.v6 || !isV6(group))
                plan.groups.append(group);
        }
        plan.multicastInterface = config.multicastInterface.trimmed();
        bool number = false;
        plan.multicastInterface.toUInt(&number);
        plan.interfaceIsIndex = number;
        break;
    }
    default:
        setBindAddress(&plan, bindAddress);
        break;
    }
    plan.notReproduced = notReproduced(config, plan);
    return plan;
}

bool joinsGroupOf(const CodePlan &plan, bool v6)
{
    return std::any_of(plan.groups.cbegin(), plan.groups.cend(),
        [v6](const QHostAddress &group) { return isV6(group) == v6; });
}

QStringList codeHeader(const CodePlan &plan, CodeLanguage language)
{
    const bool python = language == CodeLanguage::Python;
    const QString name = sessionModeName(plan.mode);
    QStringList text;
    switch (plan.mode) {
    case SessionMode::TcpServer:
        text.append(python
                ? CodeText::tr("A TCP server, set up as the Sockpit session, in Python.")
                : CodeText::tr("A TCP server, set up as the Sockpit session, in C (POSIX sockets)."));
        text.append(CodeText::tr("It listens, serves one client after another and prints what each sends."));
        if (plan.echo)
            text.append(CodeText::tr("It sends every chunk it receives back to its sender (echo)."));
        break;
    case SessionMode::TcpClient:
        text.append(python
                ? CodeText::tr("A TCP client, set up as the Sockpit session, in Python.")
                : CodeText::tr("A TCP client, set up as the Sockpit session, in C (POSIX sockets)."));
        text.append(CodeText::tr("It connects, sends MESSAGE, shuts down its sending side and prints what "
                                 "comes back until the server closes the connection."));
        break;
    default:
        text.append(python
                ? CodeText::tr("A UDP socket, set up as the Sockpit session, in Python.")
                : CodeText::tr("A UDP socket, set up as the Sockpit session, in C (POSIX sockets)."));
        text.append(CodeText::tr("It binds and prints every datagram it receives."));
        if (!plan.groups.isEmpty())
            text.append(CodeText::tr("It joins the session's multicast groups first."));
        if (plan.hasTarget)
            text.append(CodeText::tr("It sends MESSAGE to the session's default target first."));
        if (plan.echo)
            text.append(CodeText::tr("It sends every datagram back to its sender (echo)."));
        break;
    }
    text.append(QString());
    if (python)
        text.append(CodeText::tr("Run it: %1").arg(QStringLiteral("python3 %1.py").arg(name)));
    else
        text.append(CodeText::tr("Build and run it: %1")
                        .arg(QStringLiteral("cc -Wall -Wextra -o %1 %1.c && ./%1").arg(name)));
    if (plan.mode == SessionMode::TcpClient) {
        text.append(CodeText::tr("Its first line of output is \"%1\".")
                        .arg(QStringLiteral("connected to ADDR:PORT")));
    } else {
        const QString first = plan.mode == SessionMode::TcpServer ? QStringLiteral("listening on ADDR:PORT")
                                                                  : QStringLiteral("bound to ADDR:PORT");
        text.append(
            CodeText::tr("Its first line of output is \"%1\": when PORT is 0, it tells which port the "
                         "system picked.")
                .arg(first));
        text.append(CodeText::tr("Stop it with Ctrl+C."));
    }
    QStringList notes = plan.notReproduced;
    if (!python && plan.mode == SessionMode::TcpClient)
        notes.append(CodeText::tr("the connect timeout: connect() waits as long as the system does"));
    if (!notes.isEmpty()) {
        text.append(QString());
        text.append(CodeText::tr("What the session does that this program does not:"));
        for (const QString &note : std::as_const(notes))
            text.append(QStringLiteral("  - ") + note);
    }
    return text;
}

} // namespace sockpit::ui
