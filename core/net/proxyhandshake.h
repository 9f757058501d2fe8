#pragma once

#include "proxysettings.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace sockpit {

// The client's side of a proxy's handshake, as bytes in and bytes out, with no socket of its own: the
// connector sends greeting(), then hands feed() what the proxy sent, until the proxy has connected to
// the target (Done) or refused (Failed, with error() saying why). feed() takes every byte that belongs
// to the proxy's replies, a reply cut in pieces included (it keeps the pieces), and never one beyond
// them, so what the target says first stays in the socket for the connection, and nothing the
// connector has looked at waits there to be looked at again.
class ProxyHandshake
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ProxyHandshake)

public:
    enum class Status { NeedMore, Done, Failed };

    ProxyHandshake(const ProxySettings &proxy, const QString &targetHost, quint16 targetPort);

    QByteArray greeting() const;
    // `available`: what the proxy sent that no earlier call consumed. *consumed: how many of those
    // bytes the replies took (the connector removes them from the socket); *send gets what to send to
    // the proxy next.
    Status feed(const QByteArray &available, qsizetype *consumed, QByteArray *send);
    QString error() const { return m_error; }
    // The target as the proxy is asked for it: "example.com:80", "[::1]:80".
    QString target() const;

private:
    enum class Stage { Method, Auth, Connect, HttpReply, Done, Failed };
    QByteArray socksConnectRequest() const;
    Status fail(const QString &message);
    // How long the current SOCKS5 reply is, as far as m_reply tells (at least what is needed to tell).
    qsizetype socksReplyLength() const;
    // A whole SOCKS5 reply in m_reply: what it means.
    Status socksReply(QByteArray *send);

    ProxySettings m_proxy;
    QString m_host;
    quint16 m_port;
    Stage m_stage;
    QByteArray m_reply; // the current reply, as far as it has come
    QString m_error;
};

} // namespace sockpit
