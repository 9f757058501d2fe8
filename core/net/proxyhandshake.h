#pragma once

#include "proxysettings.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace sockpit {

// The client's side of a proxy's handshake, as bytes in and bytes out, with no socket of its own: the
// connector sends greeting(), then hands feed() what the proxy answered, until the proxy has connected
// to the target (Done) or refused (Failed, with error() saying why). Each step takes only the bytes
// of the proxy's reply, so what the target says first stays in the socket for the connection.
class ProxyHandshake
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ProxyHandshake)

public:
    enum class Status { NeedMore, Done, Failed };

    ProxyHandshake(const ProxySettings &proxy, const QString &targetHost, quint16 targetPort);

    QByteArray greeting() const;
    // `available`: what the proxy sent that no earlier call consumed. *consumed: how many of those
    // bytes the reply took; *send gets what to send to the proxy next.
    Status feed(const QByteArray &available, qsizetype *consumed, QByteArray *send);
    QString error() const { return m_error; }
    // The target as the proxy is asked for it: "example.com:80", "[::1]:80".
    QString target() const;

private:
    enum class Stage { Method, Auth, Connect, HttpReply, Done, Failed };
    QByteArray socksConnectRequest() const;
    Status fail(const QString &message);

    ProxySettings m_proxy;
    QString m_host;
    quint16 m_port;
    Stage m_stage;
    QString m_error;
};

} // namespace sockpit
