#pragma once

// OpenSSL's own peers for the TLS and DTLS command tests, and a `sockpit listen` whose port is read
// from its standard error.

#include "clitestutil.h"
#include "testpki.h"

#include <QRegularExpression>

namespace clitest {

// TLS over TCP, or DTLS over UDP.
enum class Secure { Tls, Dtls };

// An `openssl s_server` on 127.0.0.1 with the test server certificate; its port in *port (0: it did not
// start).
inline Proc *startOpenSslServer(
    Processes &procs, const testpki::Pki &pki, Secure secure, const QStringList &extra, quint16 *port)
{
    QStringList arguments {S("s_server")};
    if (secure == Secure::Dtls)
        arguments << S("-dtls");
    arguments << S("-accept") << S("127.0.0.1:0") << S("-cert") << pki.serverCert() << S("-key")
              << pki.serverKey();
    Proc *server = procs.start(S("openssl"), arguments + extra);
    static const QRegularExpression accept(QStringLiteral("ACCEPT \\S+:(\\d+)"));
    *port = 0;
    (void)QTest::qWaitFor(
        [&] {
            const auto match = accept.match(QString::fromUtf8(server->out + server->err));
            *port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
            return *port != 0 || server->finished();
        },
        10000);
    return server;
}

// An `openssl s_client` to 127.0.0.1:port; its standard input stays open.
inline Proc *startOpenSslClient(Processes &procs, Secure secure, quint16 port, const QStringList &extra)
{
    QStringList arguments {S("s_client")};
    if (secure == Secure::Dtls)
        arguments << S("-dtls");
    arguments << S("-connect") << QStringLiteral("127.0.0.1:%1").arg(port) << S("-ign_eof");
    return procs.start(S("openssl"), arguments + extra);
}

// `sockpit listen` on 127.0.0.1 with -v and `arguments`; its port in *port (0: it did not listen).
inline Proc *startListener(Processes &procs, const QStringList &arguments, quint16 *port)
{
    Proc *listener
        = procs.sockpit(QStringList {S("listen"), S("--bind"), S("127.0.0.1"), S("-v")} + arguments);
    (void)QTest::qWaitFor([&] { return listeningPort(listener->err) != 0 || listener->finished(); }, 10000);
    *port = listeningPort(listener->err);
    return listener;
}

} // namespace clitest
