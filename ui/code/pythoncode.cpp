#include "pythoncode.h"

#include "codeliterals.h"
#include "codeplan.h"
#include "codewriter.h"

namespace sockpit::ui {

namespace {

QString number(int value)
{
    return QString::number(value);
}

// "'listening on %s:%d'": a format string for an address, in brackets when it is IPv6.
QString addressFormat(const CodePlan &plan, const char *before, const char *after = "")
{
    return u'\'' + QLatin1String(before) + (plan.v6 ? QStringLiteral("[%s]:%d") : QStringLiteral("%s:%d"))
        + QLatin1String(after) + u'\'';
}

QString bindHost(const CodePlan &plan)
{
    return plan.bindScope.isEmpty() ? plan.bindAddress : plan.bindAddress + u'%' + plan.bindScope;
}

void writeSocket(CodeWriter &w, const CodePlan &plan, const char *type)
{
    w.line("sockfd = socket(%1, %2)", QString::fromLatin1(plan.v6 ? "AF_INET6" : "AF_INET"),
        QString::fromLatin1(type));
}

void writeConnectionOptions(CodeWriter &w, const CodePlan &plan, const char *fd)
{
    const QString name = QString::fromLatin1(fd);
    if (plan.noDelay)
        w.line("%1.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)", name);
    if (plan.keepAlive)
        w.line("%1.setsockopt(SOL_SOCKET, SO_KEEPALIVE, 1)", name);
}

void writeListeningSocket(CodeWriter &w, const CodePlan &plan, const char *type)
{
    writeSocket(w, plan, type);
    w.line("sockfd.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)");
    if (plan.mode == SessionMode::Udp && plan.hasTarget)
        w.line("sockfd.setsockopt(SOL_SOCKET, SO_BROADCAST, 1)  %1",
            pythonInlineComment(CodeText::tr("may send to a broadcast address too")));
    if (plan.dualStack)
        w.line("sockfd.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0)  %1",
            pythonInlineComment(CodeText::tr("IPv4 peers too, as ::ffff:a.b.c.d")));
    w.line("sockfd.bind((HOST, PORT))");
}

void writeReceivedLine(CodeWriter &w, const char *prefix)
{
    w.line("print(%1, data.decode(errors='replace'), flush=True)", QString::fromLatin1(prefix));
}

void writeServer(CodeWriter &w, const CodePlan &plan)
{
    w.line("HOST = %1", pythonString(bindHost(plan)));
    w.line("PORT = %1", number(plan.bindPort));
    w.blank();
    writeListeningSocket(w, plan, "SOCK_STREAM");
    w.line("sockfd.listen(5)");
    w.line("print(%1 % sockfd.getsockname()[:2], flush=True)", addressFormat(plan, "listening on "));
    w.blank();
    w.lines(pythonComment(CodeText::tr("One client after another, until Ctrl+C.")));
    w.line("try:");
    w.indent();
    w.line("while True:");
    w.indent();
    w.line("connfd, addr = sockfd.accept()");
    w.line("print(%1 % addr[:2], flush=True)", addressFormat(plan, "connection from "));
    writeConnectionOptions(w, plan, "connfd");
    w.line("while True:");
    w.indent();
    w.line("data = connfd.recv(1024)");
    w.line("if not data:  %1", pythonInlineComment(CodeText::tr("the client finished sending")));
    w.indent();
    w.line("break");
    w.dedent();
    writeReceivedLine(w, "'received:'");
    if (plan.echo)
        w.line("connfd.send(data)  %1", pythonInlineComment(CodeText::tr("echo")));
    w.dedent();
    w.line("connfd.close()");
    w.line("print('closed', flush=True)");
    w.dedent();
    w.dedent();
    w.line("except KeyboardInterrupt:");
    w.indent();
    w.line("pass");
    w.dedent();
    w.line("sockfd.close()");
}

void writeClient(CodeWriter &w, const CodePlan &plan)
{
    w.line("HOST = %1", pythonString(plan.host));
    w.line("PORT = %1", number(plan.port));
    w.line("MESSAGE = %1", pythonBytes(plan.message));
    w.blank();
    writeSocket(w, plan, "SOCK_STREAM");
    writeConnectionOptions(w, plan, "sockfd");
    if (plan.bind)
        w.line("sockfd.bind((%1, %2))  %3", pythonString(bindHost(plan)), number(plan.bindPort),
            pythonInlineComment(CodeText::tr("connect from this address and port")));
    if (plan.connectTimeoutMs > 0) {
        w.line("sockfd.settimeout(%1)  %2", QString::number(plan.connectTimeoutMs / 1000.0),
            pythonInlineComment(CodeText::tr("give up connecting after this many seconds")));
    }
    w.line("sockfd.connect((HOST, PORT))");
    if (plan.connectTimeoutMs > 0)
        w.line("sockfd.settimeout(None)");
    w.line("print(%1 % sockfd.getpeername()[:2], flush=True)", addressFormat(plan, "connected to "));
    w.blank();
    w.line("sockfd.send(MESSAGE)");
    w.lines(pythonComment(CodeText::tr("Done sending: the server reads the end of the data, and may close "
                                       "the connection once it has answered.")));
    w.line("sockfd.shutdown(SHUT_WR)");
    w.line("while True:");
    w.indent();
    w.line("data = sockfd.recv(1024)");
    w.line("if not data:  %1", pythonInlineComment(CodeText::tr("the server closed the connection")));
    w.indent();
    w.line("break");
    w.dedent();
    writeReceivedLine(w, "'received:'");
    w.dedent();
    w.line("sockfd.close()");
}

void writeJoin(CodeWriter &w, const CodePlan &plan, const QHostAddress &group)
{
    QHostAddress plain = group;
    plain.setScopeId(QString());
    const QString address = pythonString(plain.toString());
    const QString index = plan.multicastInterface.isEmpty() ? QStringLiteral("0") : QStringLiteral("IFINDEX");
    if (group.protocol() == QAbstractSocket::IPv6Protocol) {
        w.line("mreq = inet_pton(AF_INET6, %1) + struct.pack('=I', %2)", address, index);
        w.line("sockfd.setsockopt(IPPROTO_IPV6, IPV6_JOIN_GROUP, mreq)");
    } else {
        if (plan.multicastInterface.isEmpty())
            w.line("mreq = inet_aton(%1) + inet_aton('0.0.0.0')", address);
        else // Linux's struct ip_mreqn: the group, no local address, the interface's index
            w.line("mreq = struct.pack('=4s4si', inet_aton(%1), inet_aton('0.0.0.0'), IFINDEX)", address);
        w.line("sockfd.setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq)");
    }
    w.line("print(%1, flush=True)", pythonString(QStringLiteral("joined ") + plain.toString()));
}

void writeUdp(CodeWriter &w, const CodePlan &plan)
{
    w.line("HOST = %1", pythonString(bindHost(plan)));
    w.line("PORT = %1", number(plan.bindPort));
    if (plan.hasTarget) {
        w.line("TARGET_HOST = %1", pythonString(plan.host));
        w.line("TARGET_PORT = %1", number(plan.port));
        w.line("MESSAGE = %1", pythonBytes(plan.message));
    }
    if (!plan.groups.isEmpty() && !plan.multicastInterface.isEmpty()) {
        if (plan.interfaceIsIndex)
            w.line("IFINDEX = %1", number(plan.multicastInterface.toInt()));
        else
            w.line("IFINDEX = if_nametoindex(%1)", pythonString(plan.multicastInterface));
    }
    w.blank();
    writeListeningSocket(w, plan, "SOCK_DGRAM");
    w.line("print(%1 % sockfd.getsockname()[:2], flush=True)", addressFormat(plan, "bound to "));
    if (!plan.groups.isEmpty()) {
        w.blank();
        w.lines(pythonComment(CodeText::tr("Receive what is sent to the multicast groups too.")));
        for (const QHostAddress &group : plan.groups)
            writeJoin(w, plan, group);
    }
    if (plan.hasTarget) {
        w.blank();
        if (plan.v6 && plan.hostIsName) {
            w.lines(pythonComment(CodeText::tr("An IPv6 socket reaches IPv4 hosts as ::ffff:a.b.c.d.")));
            w.line(
                "target = getaddrinfo(TARGET_HOST, TARGET_PORT, AF_INET6, SOCK_DGRAM, 0, AI_V4MAPPED)[0][4]");
            w.line("sockfd.sendto(MESSAGE, target)");
        } else {
            w.line("sockfd.sendto(MESSAGE, (TARGET_HOST, TARGET_PORT))");
        }
    }
    w.blank();
    w.line("try:");
    w.indent();
    w.line("while True:");
    w.indent();
    w.line("data, addr = sockfd.recvfrom(65535)");
    w.line("print(%1 % addr[:2], data.decode(errors='replace'), flush=True)",
        addressFormat(plan, "received from ", ":"));
    if (plan.echo)
        w.line("sockfd.sendto(data, addr)  %1", pythonInlineComment(CodeText::tr("echo")));
    w.dedent();
    w.dedent();
    w.line("except KeyboardInterrupt:");
    w.indent();
    w.line("pass");
    w.dedent();
    w.line("sockfd.close()");
}

} // namespace

QString pythonProgram(const CodePlan &plan)
{
    CodeWriter w;
    w.line("#!/usr/bin/env python3");
    w.lines(pythonComment(codeHeader(plan, CodeLanguage::Python).join(u'\n')));
    w.blank();
    w.line("from socket import *");
    // struct packs the request of an IPv6 join, and of a join on a given interface.
    if (joinsGroupOf(plan, true) || (!plan.groups.isEmpty() && !plan.multicastInterface.isEmpty()))
        w.line("import struct");
    w.blank();
    switch (plan.mode) {
    case SessionMode::TcpServer:
        writeServer(w, plan);
        break;
    case SessionMode::TcpClient:
        writeClient(w, plan);
        break;
    default:
        writeUdp(w, plan);
        break;
    }
    return w.text();
}

} // namespace sockpit::ui
