#include "ccode.h"

#include "codeliterals.h"
#include "codeplan.h"
#include "codewriter.h"

namespace sockpit::ui {

namespace {

QString text(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

QString literal(const QString &string)
{
    return cString(string.toUtf8());
}

QString comment(const QString &string)
{
    return cInlineComment(string);
}

// The names that differ between an IPv4 and an IPv6 program.
struct Family
{
    explicit Family(bool v6)
        : af(text(v6 ? "AF_INET6" : "AF_INET"))
        , sockaddr(text(v6 ? "struct sockaddr_in6" : "struct sockaddr_in"))
        , field(text(v6 ? "sin6" : "sin"))
        , textLength(text(v6 ? "INET6_ADDRSTRLEN" : "INET_ADDRSTRLEN"))
        , format(text(v6 ? "\"%s[%s]:%d%s\"" : "\"%s%s:%d%s\""))
    { }
    QString af;
    QString sockaddr;
    QString field; // "sin" of sin_port, or "sin6"
    QString textLength;
    QString format;
};

bool isNumber(const QString &string)
{
    bool number = false;
    string.toUInt(&number);
    return number;
}

bool usesInterfaceNames(const CodePlan &plan)
{
    return (plan.bind && !plan.bindScope.isEmpty() && !isNumber(plan.bindScope))
        || (!plan.groups.isEmpty() && !plan.multicastInterface.isEmpty() && !plan.interfaceIsIndex);
}

void writeIncludes(CodeWriter &w, const CodePlan &plan)
{
    w.line("#include <arpa/inet.h>");
    if (usesInterfaceNames(plan))
        w.line("#include <net/if.h>");
    if (plan.hasTarget)
        w.line("#include <netdb.h>");
    w.line("#include <netinet/in.h>");
    if (plan.mode != SessionMode::Udp && plan.noDelay)
        w.line("#include <netinet/tcp.h>");
    w.line("#include <stdio.h>");
    w.line("#include <stdlib.h>");
    w.line("#include <string.h>");
    w.line("#include <sys/socket.h>");
    w.line("#include <unistd.h>");
}

void writeDefines(CodeWriter &w, const CodePlan &plan)
{
    const bool client = plan.mode == SessionMode::TcpClient;
    if (client) {
        w.line("#define HOST %1", literal(plan.host));
        w.line("#define PORT \"%1\"", QString::number(plan.port));
        w.line("#define MESSAGE %1", cString(plan.message));
    }
    if (plan.bind) {
        w.line("#define %1 %2", text(client ? "LOCAL_HOST" : "HOST"), literal(plan.bindAddress));
        w.line("#define %1 %2", text(client ? "LOCAL_PORT" : "PORT"), QString::number(plan.bindPort));
    }
    if (!client && plan.hasTarget) {
        w.line("#define TARGET_HOST %1", literal(plan.host));
        w.line("#define TARGET_PORT \"%1\"", QString::number(plan.port));
        w.line("#define MESSAGE %1", cString(plan.message));
    }
    if (!plan.groups.isEmpty() && !plan.multicastInterface.isEmpty() && !plan.interfaceIsIndex)
        w.line("#define IFACE %1", literal(plan.multicastInterface));
}

void writeHelpers(CodeWriter &w, const CodePlan &plan, const Family &family)
{
    w.lines(cComment(CodeText::tr("Ends the program with the system's reason when a call failed.")));
    w.line("static void check(long result, const char *what)");
    w.line("{");
    w.line("    if (result < 0) {");
    w.line("        perror(what);");
    w.line("        exit(1);");
    w.line("    }");
    w.line("}");
    if (plan.bind || !plan.groups.isEmpty()) {
        w.blank();
        w.lines(
            cComment(CodeText::tr("Reads the numeric address `text` into `address`, or ends the program.")));
        w.line("static void parse_address(int family, const char *text, void *address)");
        w.line("{");
        w.line("    if (inet_pton(family, text, address) != 1) {");
        w.line("        fprintf(stderr, \"inet_pton: '%s' is not an address\\n\", text);");
        w.line("        exit(1);");
        w.line("    }");
        w.line("}");
    }
    w.blank();
    w.lines(cComment(CodeText::tr("Prints `before`, the address and port, then `after`.")));
    w.line(
        "static void print_address(const char *before, const %1 *addr, const char *after)", family.sockaddr);
    w.line("{");
    w.line("    char ip[%1];", family.textLength);
    w.line("    if (inet_ntop(%1, &addr->%2_addr, ip, sizeof(ip)) == NULL) {", family.af, family.field);
    w.line("        perror(\"inet_ntop\");");
    w.line("        exit(1);");
    w.line("    }");
    w.line("    printf(%1, before, ip, ntohs(addr->%2_port), after);", family.format, family.field);
    w.line("}");
}

// Declarations at the top of main(), only of what the program uses (-Wall warns of the others).
void writeDeclarations(CodeWriter &w, const CodePlan &plan, const Family &family)
{
    const bool client = plan.mode == SessionMode::TcpClient;
    const bool udp = plan.mode == SessionMode::Udp;
    QString ints = QStringLiteral("int sockfd");
    if (plan.mode == SessionMode::TcpServer)
        ints += QStringLiteral(", connfd");
    if (plan.hasTarget)
        ints += QStringLiteral(", err");
    if (!client || plan.noDelay || plan.keepAlive)
        ints += QStringLiteral(", one = 1");
    if (plan.dualStack)
        ints += QStringLiteral(", zero = 0");
    w.line("%1;", ints);
    if (plan.hasTarget)
        w.line("struct addrinfo hints, *res;");
    if (client)
        w.line("%1 %2peer;", family.sockaddr, text(plan.bind ? "local, " : ""));
    else
        w.line("%1 addr, peer;", family.sockaddr);
    if (joinsGroupOf(plan, true))
        w.line("struct ipv6_mreq mreq6;");
    if (joinsGroupOf(plan, false))
        w.line(plan.multicastInterface.isEmpty() ? "struct ip_mreq mreq;" : "struct ip_mreqn mreq;");
    if (!plan.groups.isEmpty() && !plan.multicastInterface.isEmpty())
        w.line("unsigned int ifindex;");
    w.line("socklen_t len;");
    w.line(udp ? "char buf[65536];" : "char buf[1024];");
    w.line("ssize_t n;");
    w.blank();
    w.line(
        "setvbuf(stdout, NULL, _IOLBF, 0); %1", comment(CodeText::tr("each line at once, also into a pipe")));
}

void writeOption(CodeWriter &w, const char *fd, const char *level, const char *name, const char *value)
{
    w.line("check(setsockopt(%1, %2, %3, &%4, sizeof(%4)), \"setsockopt %3\");", text(fd), text(level),
        text(name), text(value));
}

void writeConnectionOptions(CodeWriter &w, const CodePlan &plan, const char *fd)
{
    if (plan.noDelay)
        writeOption(w, fd, "IPPROTO_TCP", "TCP_NODELAY", "one");
    if (plan.keepAlive)
        writeOption(w, fd, "SOL_SOCKET", "SO_KEEPALIVE", "one");
}

// Fills `var` with HOST and PORT (LOCAL_HOST, LOCAL_PORT for a client) and binds the socket to it.
void writeBind(CodeWriter &w, const CodePlan &plan, const Family &family, const char *var)
{
    const bool client = plan.mode == SessionMode::TcpClient;
    const QString name = text(var);
    w.line("memset(&%1, 0, sizeof(%1));", name);
    w.line("%1.%2_family = %3;", name, family.field, family.af);
    w.line("%1.%2_port = htons(%3);", name, family.field, text(client ? "LOCAL_PORT" : "PORT"));
    w.line("parse_address(%1, %2, &%3.%4_addr);", family.af, text(client ? "LOCAL_HOST" : "HOST"), name,
        family.field);
    if (!plan.bindScope.isEmpty()) {
        if (isNumber(plan.bindScope)) {
            w.line("%1.sin6_scope_id = %2;", name, QString::number(plan.bindScope.toUInt()));
        } else {
            w.line("%1.sin6_scope_id = if_nametoindex(%2);", name, literal(plan.bindScope));
            w.line("if (%1.sin6_scope_id == 0) {", name);
            w.line("    perror(\"if_nametoindex\");");
            w.line("    exit(1);");
            w.line("}");
        }
    }
    w.line("check(bind(sockfd, (struct sockaddr *)&%1, sizeof(%1)), \"bind\");", name);
}

// The socket of a server or UDP program, bound, with its port printed.
void writeBoundSocket(CodeWriter &w, const CodePlan &plan, const Family &family, const char *type)
{
    w.line("sockfd = socket(%1, %2, 0);", family.af, text(type));
    w.line("check(sockfd, \"socket\");");
    writeOption(w, "sockfd", "SOL_SOCKET", "SO_REUSEADDR", "one");
    if (plan.mode == SessionMode::Udp && plan.hasTarget) {
        w.lines(cComment(CodeText::tr("may send to a broadcast address too")));
        writeOption(w, "sockfd", "SOL_SOCKET", "SO_BROADCAST", "one");
    }
    if (plan.dualStack) {
        w.lines(cComment(CodeText::tr("IPv4 peers too, as ::ffff:a.b.c.d")));
        writeOption(w, "sockfd", "IPPROTO_IPV6", "IPV6_V6ONLY", "zero");
    }
    writeBind(w, plan, family, "addr");
    if (plan.mode == SessionMode::TcpServer)
        w.line("check(listen(sockfd, 5), \"listen\");");
    w.line("len = sizeof(addr);");
    w.line("check(getsockname(sockfd, (struct sockaddr *)&addr, &len), \"getsockname\");");
    w.line(plan.mode == SessionMode::TcpServer ? "print_address(\"listening on \", &addr, \"\\n\");"
                                               : "print_address(\"bound to \", &addr, \"\\n\");");
}

void writeServer(CodeWriter &w, const CodePlan &plan, const Family &family)
{
    writeBoundSocket(w, plan, family, "SOCK_STREAM");
    w.blank();
    w.lines(cComment(CodeText::tr("One client after another, until Ctrl+C.")));
    w.line("for (;;) {");
    w.indent();
    w.line("len = sizeof(peer);");
    w.line("connfd = accept(sockfd, (struct sockaddr *)&peer, &len);");
    w.line("check(connfd, \"accept\");");
    w.line("print_address(\"connection from \", &peer, \"\\n\");");
    writeConnectionOptions(w, plan, "connfd");
    w.line("while ((n = recv(connfd, buf, sizeof(buf), 0)) > 0) {");
    w.line("    printf(\"received: %.*s\\n\", (int)n, buf);");
    if (plan.echo)
        w.line("    check(send(connfd, buf, (size_t)n, 0), \"send\"); %1", comment(CodeText::tr("echo")));
    w.line("}");
    w.line("check(n, \"recv\"); %1", comment(CodeText::tr("0: the client finished sending")));
    w.line("check(close(connfd), \"close\");");
    w.line("printf(\"closed\\n\");");
    w.dedent();
    w.line("}");
}

void writeLookup(CodeWriter &w, const CodePlan &plan, const Family &family, const char *host,
    const char *port, const char *type)
{
    w.line("memset(&hints, 0, sizeof(hints));");
    w.line("hints.ai_family = %1;", family.af);
    w.line("hints.ai_socktype = %1;", text(type));
    if (plan.v6 && plan.hostIsName)
        w.line("hints.ai_flags = AI_V4MAPPED; %1", comment(CodeText::tr("IPv4 hosts as ::ffff:a.b.c.d")));
    w.line("err = getaddrinfo(%1, %2, &hints, &res);", text(host), text(port));
    w.line("if (err != 0) {");
    w.line("    fprintf(stderr, \"getaddrinfo: %s\\n\", gai_strerror(err));");
    w.line("    exit(1);");
    w.line("}");
}

void writeClient(CodeWriter &w, const CodePlan &plan, const Family &family)
{
    writeLookup(w, plan, family, "HOST", "PORT", "SOCK_STREAM");
    w.line("sockfd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);");
    w.line("check(sockfd, \"socket\");");
    writeConnectionOptions(w, plan, "sockfd");
    if (plan.bind) {
        w.lines(cComment(CodeText::tr("connect from this address and port")));
        writeBind(w, plan, family, "local");
    }
    w.line("check(connect(sockfd, res->ai_addr, res->ai_addrlen), \"connect\");");
    w.line("freeaddrinfo(res);");
    w.line("len = sizeof(peer);");
    w.line("check(getpeername(sockfd, (struct sockaddr *)&peer, &len), \"getpeername\");");
    w.line("print_address(\"connected to \", &peer, \"\\n\");");
    w.blank();
    w.line("check(send(sockfd, MESSAGE, sizeof(MESSAGE) - 1, 0), \"send\");");
    w.lines(cComment(CodeText::tr("Done sending: the server reads the end of the data, and may close the "
                                  "connection once it has answered.")));
    w.line("check(shutdown(sockfd, SHUT_WR), \"shutdown\");");
    w.line("while ((n = recv(sockfd, buf, sizeof(buf), 0)) > 0)");
    w.line("    printf(\"received: %.*s\\n\", (int)n, buf);");
    w.line("check(n, \"recv\"); %1", comment(CodeText::tr("0: the server closed the connection")));
    w.line("check(close(sockfd), \"close\");");
    w.line("return 0;");
}

void writeJoins(CodeWriter &w, const CodePlan &plan)
{
    w.lines(cComment(CodeText::tr("Receive what is sent to the multicast groups too.")));
    if (!plan.multicastInterface.isEmpty()) {
        if (plan.interfaceIsIndex) {
            w.line("ifindex = %1;", QString::number(plan.multicastInterface.toUInt()));
        } else {
            w.line("ifindex = if_nametoindex(IFACE);");
            w.line("if (ifindex == 0) {");
            w.line("    perror(\"if_nametoindex\");");
            w.line("    exit(1);");
            w.line("}");
        }
    }
    for (const QHostAddress &group : plan.groups) {
        QHostAddress plain = group;
        plain.setScopeId(QString());
        const QString address = literal(plain.toString());
        if (group.protocol() == QAbstractSocket::IPv6Protocol) {
            w.line("memset(&mreq6, 0, sizeof(mreq6));");
            w.line("parse_address(AF_INET6, %1, &mreq6.ipv6mr_multiaddr);", address);
            w.line("mreq6.ipv6mr_interface = %1;", text(plan.multicastInterface.isEmpty() ? "0" : "ifindex"));
            w.line("check(setsockopt(sockfd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq6, sizeof(mreq6)), "
                   "\"setsockopt IPV6_JOIN_GROUP\");");
        } else {
            w.line("memset(&mreq, 0, sizeof(mreq));");
            w.line("parse_address(AF_INET, %1, &mreq.imr_multiaddr);", address);
            if (plan.multicastInterface.isEmpty())
                w.line("mreq.imr_interface.s_addr = htonl(INADDR_ANY);");
            else
                w.line("mreq.imr_ifindex = (int)ifindex;");
            w.line("check(setsockopt(sockfd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)), "
                   "\"setsockopt IP_ADD_MEMBERSHIP\");");
        }
        w.line("printf(%1);", cString("joined " + plain.toString().toUtf8() + '\n'));
    }
}

void writeUdp(CodeWriter &w, const CodePlan &plan, const Family &family)
{
    writeBoundSocket(w, plan, family, "SOCK_DGRAM");
    if (!plan.groups.isEmpty()) {
        w.blank();
        writeJoins(w, plan);
    }
    if (plan.hasTarget) {
        w.blank();
        writeLookup(w, plan, family, "TARGET_HOST", "TARGET_PORT", "SOCK_DGRAM");
        w.line("check(sendto(sockfd, MESSAGE, sizeof(MESSAGE) - 1, 0, res->ai_addr, res->ai_addrlen), "
               "\"sendto\");");
        w.line("freeaddrinfo(res);");
    }
    w.blank();
    w.lines(cComment(CodeText::tr("Every datagram, until Ctrl+C.")));
    w.line("for (;;) {");
    w.indent();
    w.line("len = sizeof(peer);");
    w.line("n = recvfrom(sockfd, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);");
    w.line("check(n, \"recvfrom\");");
    w.line("print_address(\"received from \", &peer, \": \");");
    w.line("printf(\"%.*s\\n\", (int)n, buf);");
    if (plan.echo)
        w.line("check(sendto(sockfd, buf, (size_t)n, 0, (struct sockaddr *)&peer, len), \"sendto\"); %1",
            comment(CodeText::tr("echo")));
    w.dedent();
    w.line("}");
}

} // namespace

QString cProgram(const CodePlan &plan)
{
    const Family family(plan.v6);
    CodeWriter w;
    w.lines(cComment(codeHeader(plan, CodeLanguage::C).join(u'\n')));
    writeIncludes(w, plan);
    w.blank();
    writeDefines(w, plan);
    w.blank();
    writeHelpers(w, plan, family);
    w.blank();
    w.line("int main(void)");
    w.line("{");
    w.indent();
    writeDeclarations(w, plan, family);
    w.blank();
    switch (plan.mode) {
    case SessionMode::TcpServer:
        writeServer(w, plan, family);
        break;
    case SessionMode::TcpClient:
        writeClient(w, plan, family);
        break;
    default:
        writeUdp(w, plan, family);
        break;
    }
    w.dedent();
    w.line("}");
    return w.text();
}

} // namespace sockpit::ui
