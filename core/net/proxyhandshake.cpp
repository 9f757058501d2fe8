#include "proxyhandshake.h"

#include "endpoint.h"

#include <QHostAddress>

namespace sockpit {

namespace {

constexpr char Socks5 = 5;
constexpr uchar NoAuthentication = 0x00;
constexpr uchar UserPassword = 0x02;
constexpr uchar NoAcceptableMethod = 0xff;
constexpr qsizetype MaxHttpReplyHeader = 16 * 1024;

void appendPort(QByteArray &out, quint16 port)
{
    out += char(port >> 8);
    out += char(port & 0xff);
}

} // namespace

ProxyHandshake::ProxyHandshake(const ProxySettings &proxy, const QString &targetHost, quint16 targetPort)
    : m_proxy(proxy)
    , m_host(targetHost)
    , m_port(targetPort)
    , m_stage(proxy.kind == ProxySettings::Kind::Http ? Stage::HttpReply : Stage::Method)
{ }

QString ProxyHandshake::target() const
{
    return Endpoint {m_host, m_port}.toString();
}

QByteArray ProxyHandshake::greeting() const
{
    if (m_proxy.kind == ProxySettings::Kind::Http) {
        const QByteArray target = this->target().toUtf8();
        QByteArray request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
        if (!m_proxy.user.isEmpty())
            request += "Proxy-Authorization: Basic "
                + (m_proxy.user + QLatin1Char(':') + m_proxy.password).toUtf8().toBase64() + "\r\n";
        return request + "\r\n";
    }
    QByteArray hello;
    hello += Socks5;
    if (m_proxy.user.isEmpty()) {
        hello += char(1);
        hello += char(NoAuthentication);
    } else {
        hello += char(2);
        hello += char(NoAuthentication);
        hello += char(UserPassword);
    }
    return hello;
}

QByteArray ProxyHandshake::socksConnectRequest() const
{
    QByteArray request;
    request += Socks5;
    request += char(1); // CONNECT
    request += char(0);
    QHostAddress address;
    if (address.setAddress(m_host) && address.protocol() == QAbstractSocket::IPv4Protocol) {
        request += char(1);
        const quint32 v4 = address.toIPv4Address();
        for (int shift = 24; shift >= 0; shift -= 8)
            request += char((v4 >> shift) & 0xff);
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        request += char(4);
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        request.append(reinterpret_cast<const char *>(v6.c), 16);
    } else {
        const QByteArray name = m_host.toUtf8();
        request += char(3);
        request += char(name.size());
        request += name;
    }
    appendPort(request, m_port);
    return request;
}

ProxyHandshake::Status ProxyHandshake::fail(const QString &message)
{
    m_stage = Stage::Failed;
    m_error = message;
    return Status::Failed;
}

ProxyHandshake::Status ProxyHandshake::feed(
    const QByteArray &available, qsizetype *consumed, QByteArray *send)
{
    *consumed = 0;
    const auto byte = [&available](qsizetype i) { return uchar(available.at(i)); };
    switch (m_stage) {
    case Stage::Method:
        if (available.size() < 2)
            return Status::NeedMore;
        *consumed = 2;
        if (byte(0) != Socks5)
            return fail(tr("the proxy does not speak SOCKS5"));
        if (byte(1) == NoAuthentication) {
            m_stage = Stage::Connect;
            *send += socksConnectRequest();
            return Status::NeedMore;
        }
        if (byte(1) == UserPassword && !m_proxy.user.isEmpty()) {
            const QByteArray user = m_proxy.user.toUtf8();
            const QByteArray password = m_proxy.password.toUtf8();
            *send += char(1);
            *send += char(user.size());
            *send += user;
            *send += char(password.size());
            *send += password;
            m_stage = Stage::Auth;
            return Status::NeedMore;
        }
        if (byte(1) == UserPassword || (byte(1) == NoAcceptableMethod && m_proxy.user.isEmpty()))
            return fail(tr("the proxy wants a user name and password (socks5://USER:PASSWORD@HOST:PORT)"));
        return fail(tr("the proxy accepts none of the ways offered to log in"));
    case Stage::Auth:
        if (available.size() < 2)
            return Status::NeedMore;
        *consumed = 2;
        if (byte(1) != 0)
            return fail(tr("the proxy refused the user name and password"));
        m_stage = Stage::Connect;
        *send += socksConnectRequest();
        return Status::NeedMore;
    case Stage::Connect: {
        if (available.size() < 5)
            return Status::NeedMore;
        if (byte(0) != Socks5)
            return fail(tr("the proxy does not speak SOCKS5"));
        qsizetype length = 0;
        switch (byte(3)) {
        case 1:
            length = 4 + 4 + 2;
            break;
        case 4:
            length = 4 + 16 + 2;
            break;
        case 3:
            length = 4 + 1 + byte(4) + 2;
            break;
        default:
            return fail(tr("the proxy's answer is not SOCKS5 (address type %1)").arg(byte(3)));
        }
        if (byte(1) != 0) {
            static const char *const reasons[] = {nullptr, QT_TR_NOOP("general failure"),
                QT_TR_NOOP("not allowed by its rules"), QT_TR_NOOP("network unreachable"),
                QT_TR_NOOP("host unreachable"), QT_TR_NOOP("connection refused"), QT_TR_NOOP("TTL expired"),
                QT_TR_NOOP("command not supported"), QT_TR_NOOP("address type not supported")};
            const uchar code = byte(1);
            const QString reason = code < std::size(reasons) ? tr(reasons[code]) : tr("reply %1").arg(code);
            *consumed = qMin(length, available.size());
            return fail(tr("the proxy could not connect to %1: %2").arg(target(), reason));
        }
        if (available.size() < length)
            return Status::NeedMore;
        *consumed = length;
        m_stage = Stage::Done;
        return Status::Done;
    }
    case Stage::HttpReply: {
        const qsizetype end = available.indexOf("\r\n\r\n");
        if (end < 0) {
            if (available.size() > MaxHttpReplyHeader)
                return fail(tr("the proxy's answer is not HTTP"));
            return Status::NeedMore;
        }
        *consumed = end + 4;
        const QByteArray statusLine = available.left(available.indexOf("\r\n"));
        const QList<QByteArray> parts = statusLine.split(' ');
        bool numeric = false;
        const int code = parts.size() >= 2 ? parts.at(1).toInt(&numeric) : 0;
        if (!statusLine.startsWith("HTTP/1.") || !numeric)
            return fail(tr("the proxy's answer is not HTTP"));
        if (code >= 200 && code < 300) {
            m_stage = Stage::Done;
            return Status::Done;
        }
        const QString answer = QString::fromUtf8(statusLine.mid(statusLine.indexOf(' ') + 1)).trimmed();
        if (code == 407)
            return fail(m_proxy.user.isEmpty()
                    ? tr("the proxy wants a user name and password (http://USER:PASSWORD@HOST:PORT): %1")
                          .arg(answer)
                    : tr("the proxy refused the user name and password: %1").arg(answer));
        return fail(tr("the proxy did not connect to %1: it answered %2").arg(target(), answer));
    }
    case Stage::Done:
        return Status::Done;
    case Stage::Failed:
        return Status::Failed;
    }
    return Status::Failed;
}

} // namespace sockpit
