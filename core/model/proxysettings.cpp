#include "proxysettings.h"

#include "endpoint.h"

#include <QCoreApplication>
#include <QUrl>

namespace sockpit {

namespace {
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ProxySettings)
};
} // namespace

std::optional<ProxySettings> ProxySettings::parse(const QString &url, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<ProxySettings> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return fail(Text::tr("'%1' is not a proxy: write socks5://HOST:PORT or http://HOST:PORT").arg(url));
    ProxySettings proxy;
    const QString scheme = url.left(schemeEnd).toLower();
    if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h"))
        proxy.kind = Kind::Socks5;
    else if (scheme == QLatin1String("http"))
        proxy.kind = Kind::Http;
    else
        return fail(Text::tr("unknown proxy type '%1': socks5 or http").arg(url.left(schemeEnd)));
    QString rest = url.mid(schemeEnd + 3);
    if (rest.endsWith(QLatin1Char('/')))
        rest.chop(1);
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        const QString userInfo = rest.left(at);
        rest = rest.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        proxy.user = QUrl::fromPercentEncoding(userInfo.left(colon).toUtf8());
        proxy.password = colon < 0 ? QString() : QUrl::fromPercentEncoding(userInfo.mid(colon + 1).toUtf8());
        if (proxy.user.isEmpty())
            return fail(Text::tr("the proxy's user name is empty: write USER:PASSWORD@ before the host"));
        // RFC 1929 carries each in at most 255 bytes.
        if (proxy.user.toUtf8().size() > 255 || proxy.password.toUtf8().size() > 255)
            return fail(Text::tr("the proxy's user name and password can have at most 255 bytes each"));
    }
    QString endpointError;
    const std::optional<Endpoint> endpoint = Endpoint::parse(rest, &endpointError);
    if (!endpoint || endpoint->host.isEmpty())
        return fail(
            Text::tr("the proxy needs HOST:PORT, not '%1'%2")
                .arg(rest, endpointError.isEmpty() ? QString() : QStringLiteral(": ") + endpointError));
    if (!validateHost(endpoint->host, &endpointError))
        return fail(endpointError);
    proxy.host = endpoint->host;
    proxy.port = endpoint->port;
    return proxy;
}

QString ProxySettings::toUrl() const
{
    if (kind == Kind::None || password.isEmpty())
        return toString();
    QString text = kind == Kind::Socks5 ? QStringLiteral("socks5://") : QStringLiteral("http://");
    text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + QLatin1Char(':')
        + QString::fromUtf8(QUrl::toPercentEncoding(password)) + QLatin1Char('@');
    return text + Endpoint {host, port}.toString();
}

QString ProxySettings::toString() const
{
    if (kind == Kind::None)
        return QString();
    QString text = kind == Kind::Socks5 ? QStringLiteral("socks5://") : QStringLiteral("http://");
    if (!user.isEmpty())
        text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + QLatin1Char('@');
    return text + Endpoint {host, port}.toString();
}

} // namespace sockpit
