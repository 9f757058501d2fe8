#include "sessionconfig.h"

namespace sockpit {

QString sessionModeName(SessionMode mode)
{
    return QString::fromLatin1(modeTraits(mode).name);
}

QString sessionKindName(const SessionConfig &config)
{
    if (config.mode == SessionMode::Udp && config.tls.enabled)
        return QLatin1String(config.host.isEmpty() ? "dtls-server" : "dtls-client");
    if (!config.webSocket || !webSocketApplies(config.mode))
        return sessionModeName(config.mode);
    return QLatin1String(config.tls.enabled ? "wss" : "ws")
        + QLatin1String(config.mode == SessionMode::TcpServer ? "-server" : "-client");
}

qsizetype largestDatagram(const SessionConfig &config)
{
    return config.mode == SessionMode::Udp && config.tls.enabled ? MaxDtlsPayload : MaxUdpPayload;
}

TlsRole tlsRole(const SessionConfig &config)
{
    const TlsRole role = modeTraits(config.mode).tls;
    if (!config.tls.enabled)
        return TlsRole::None;
    if (role == TlsRole::ByRemoteHost)
        return config.host.isEmpty() ? TlsRole::Server : TlsRole::Client;
    return role;
}

QString webSocketUrl(const SessionConfig &config)
{
    QString resource = config.webSocketResource.isEmpty() ? QStringLiteral("/") : config.webSocketResource;
    if (!resource.startsWith(QLatin1Char('/')))
        resource.prepend(QLatin1Char('/'));
    const QString host = config.host.contains(QLatin1Char(':')) && !config.host.startsWith(QLatin1Char('['))
        ? QLatin1Char('[') + config.host + QLatin1Char(']')
        : config.host;
    return QLatin1String(config.tls.enabled ? "wss://" : "ws://") + host + QLatin1Char(':')
        + QString::number(config.port) + resource;
}

} // namespace sockpit
