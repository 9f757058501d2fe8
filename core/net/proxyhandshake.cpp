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

qsizetype ProxyHandshake::socksReplyLength() const
{
    if (m_stage != Stage::Connect)
        return 2; // the method and the login replies
    // VER REP RSV ATYP, then the address (its length first for a name) and the port. Five bytes tell
    // the length; no reply is shorter than seven.
    if (m_reply.size() < 5)
        return 5;
    switch (uchar(m_reply.at(3))) {
    case 1:
        return 4 + 4 + 2;
    case 4:
        return 4 + 16 + 2;
    case 3:
        return 4 + 1 + uchar(m_reply.at(4)) + 2;
    default:
        return 5; // not SOCKS5: socksReply() says so
    }
}

ProxyHandshake::Status ProxyHandshake::socksReply(QByteArray *send)
{
    const auto byte = [this](qsizetype i) { return uchar(m_reply.at(i)); };
    switch (m_stage) {
    case Stage::Method:
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
        if (byte(1) != 0)
            return fail(tr("the proxy refused the user name and password"));
        m_stage = Stage::Connect;
        *send += socksConnectRequest();
        return Status::NeedMore;
    case Stage::Connect: {
        if (byte(0) != Socks5)
            return fail(tr("the proxy does not speak SOCKS5"));
        const uchar type = byte(3);
        if (type != 1 && type != 3 && type != 4)
            return fail(tr("the proxy's answer is not SOCKS5 (address type %1)").arg(type));
        if (byte(1) != 0) {
            static const char *const reasons[] = {nullptr, QT_TR_NOOP("general failure"),
                QT_TR_NOOP("not allowed by its rules"), QT_TR_NOOP("network unreachable"),
                QT_TR_NOOP("host unreachable"), QT_TR_NOOP("connection refused"), QT_TR_NOOP("TTL expired"),
                QT_TR_NOOP("command not supported"), QT_TR_NOOP("address type not supported")};
            const uchar code = byte(1);
            const QString reason = code < std::size(reasons) ? tr(reasons[code]) : tr("reply %1").arg(code);
            return fail(tr("the proxy could not connect to %1: %2").arg(target(), reason));
        }
        m_stage = Stage::Done;
        return Status::Done;
    }
    default:
        return Status::Failed;
    }
}

ProxyHandshake::Status ProxyHandshake::feed(
    const QByteArray &available, qsizetype *consumed, QByteArray *send)
{
    *consumed = 0;
    if (m_stage == Stage::Done)
        return Status::Done;
    if (m_stage == Stage::Failed)
        return Status::Failed;
    if (m_stage == Stage::HttpReply) {
        // Up to the blank line that ends the header, which may straddle two reads.
        const qsizetype before = m_reply.size();
        m_reply += available;
        const qsizetype end = m_reply.indexOf("\r\n\r\n", qMax<qsizetype>(0, before - 3));
        if (end < 0) {
            *consumed = available.size();
            if (m_reply.size() > MaxHttpReplyHeader)
                return fail(tr("the proxy's answer is not HTTP"));
            return Status::NeedMore;
        }
        *consumed = end + 4 - before;
        m_reply.truncate(end + 4);
        const QByteArray statusLine = m_reply.left(m_reply.indexOf("\r\n"));
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
    // SOCKS5: each reply's bytes, as far as they have come; the proxy says nothing beyond a reply
    // before the next request, so a whole reply ends what this call takes.
    for (;;) {
        const qsizetype wanted = socksReplyLength();
        if (m_reply.size() >= wanted)
            break;
        const qsizetype take = qMin(wanted - m_reply.size(), available.size() - *consumed);
        if (take <= 0)
            return Status::NeedMore;
        m_reply += available.mid(*consumed, take);
        *consumed += take;
    }
    const Status status = socksReply(send);
    m_reply.clear();
    return status;
}

} // namespace sockpit
