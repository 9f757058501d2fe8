#pragma once

#include <QString>

#include <optional>

namespace sockpit {

// A proxy a TCP client goes through (SessionConfig::proxy): SOCKS5 (RFC 1928, with RFC 1929's user
// name and password) or an HTTP proxy's CONNECT (RFC 9110, with Basic authentication). The target's
// name is handed to the proxy as it was written, so the proxy resolves it.
struct ProxySettings
{
    enum class Kind { None, Socks5, Http };
    Kind kind = Kind::None;
    QString host;
    quint16 port = 0;
    QString user; // empty: no authentication offered
    QString password;

    bool enabled() const { return kind != Kind::None; }
    // "socks5://[USER:PASSWORD@]HOST:PORT" or "http://[USER:PASSWORD@]HOST:PORT" (an IPv6 host in
    // brackets; user and password percent-encoded where they hold ':', '@' or '%'). The port is
    // required. On failure returns nothing and, when error is not null, says what is wrong.
    static std::optional<ProxySettings> parse(const QString &url, QString *error);
    // The proxy as a user would write it, without the password: "socks5://alice@127.0.0.1:1080".
    QString toString() const;
    // The same with the password, as parse() reads it back; empty for no proxy.
    QString toUrl() const;

    friend bool operator==(const ProxySettings &a, const ProxySettings &b)
    {
        return a.kind == b.kind && a.host == b.host && a.port == b.port && a.user == b.user
            && a.password == b.password;
    }
};

} // namespace sockpit
