#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace sockpit {

// "127.0.0.1:9000", "[::1]:9000", "[fe80::1%lo]:80". IPv4-mapped IPv6 (::ffff:1.2.3.4) is written as
// plain IPv4, so a dual-stack socket's peers look the same as on an IPv4 socket.
QString formatEndpoint(const QHostAddress &address, quint16 port);
// No port, no brackets; IPv4-mapped IPv6 as IPv4; keeps the scope id ("fe80::1%lo").
QString formatAddress(const QHostAddress &address);

// ASCII digits only (surrounding spaces ignored), 1-65535, or 0-65535 when allowZero. On failure
// returns false and, when error is not null, sets a message a user can act on.
bool parsePort(const QString &text, quint16 *port, QString *error, bool allowZero = false);

// An IPv4 literal (strict dotted quad), an IPv6 literal without brackets (scope ids allowed:
// fe80::1%lo) or a syntactically valid host name (RFC 1123 labels: letters, digits, hyphen, 1-63
// characters each, at most 253 in all, an optional final dot; internationalized names are checked in
// their ACE form). Digits-and-dots strings that are not a valid IPv4 address are rejected rather than
// handed to a resolver that would read "127.1" or "010.0.0.1" in surprising ways.
bool validateHost(const QString &text, QString *error);

// A host and a port as the user wrote them.
struct Endpoint
{
    QString host; // empty when only a port was given
    quint16 port = 0;

    // "host:port", "[v6]:port", or a bare port "9000" / ":9000" (host left empty). A bare IPv6
    // literal is rejected: without brackets its last group cannot be told from a port.
    static std::optional<Endpoint> parse(const QString &text, QString *error, bool allowZeroPort = false);
    // Brackets IPv6 hosts; a port alone is written as just the number, so parse() reads it back.
    QString toString() const;

    friend bool operator==(const Endpoint &a, const Endpoint &b)
    {
        return a.host == b.host && a.port == b.port;
    }
    friend bool operator!=(const Endpoint &a, const Endpoint &b) { return !(a == b); }
};

} // namespace sockpit
