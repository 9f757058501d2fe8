#include "endpoint.h"

#include <QCoreApplication>
#include <QUrl>

namespace sockpit {

namespace {

// Free functions have no class for lupdate to name the context after: Text::tr gives every message
// of this file the one context that is looked up at run time.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::Endpoint)
};

// User text echoed in a message is cut short, so a pasted megabyte cannot flood a status line.
QString quoted(const QString &text)
{
    constexpr qsizetype maxShown = 40;
    if (text.size() <= maxShown)
        return text;
    return text.left(maxShown) + QChar(0x2026);
}

bool setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isAsciiAlnum(QChar c)
{
    return isAsciiDigit(c) || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isDigitsAndDots(const QString &text)
{
    for (QChar c : text) {
        if (!isAsciiDigit(c) && c != u'.')
            return false;
    }
    return true;
}

// Four decimal parts, each 0-255, without leading zeros (which some resolvers read as octal).
bool isStrictIPv4(const QString &text)
{
    const QStringList parts = text.split(u'.');
    if (parts.size() != 4)
        return false;
    for (const QString &part : parts) {
        if (part.isEmpty() || part.size() > 3 || (part.size() > 1 && part.front() == u'0'))
            return false;
        if (part.toInt() > 255)
            return false;
    }
    return true;
}

bool isIPv6Literal(const QString &text)
{
    const qsizetype percent = text.indexOf(u'%');
    if (percent >= 0) {
        // An interface name or number; QHostAddress would take anything after the '%'.
        const QStringView scope = QStringView(text).mid(percent + 1);
        if (scope.isEmpty())
            return false;
        for (QChar c : scope) {
            if (!isAsciiAlnum(c) && c != u'-' && c != u'_' && c != u'.')
                return false;
        }
    }
    QHostAddress address;
    return address.setAddress(text) && address.protocol() == QHostAddress::IPv6Protocol;
}

bool isHostName(const QString &name)
{
    QString ascii = name;
    for (QChar c : name) {
        if (c.unicode() >= 0x80) {
            ascii = QString::fromLatin1(QUrl::toAce(name));
            break;
        }
    }
    if (ascii.endsWith(u'.'))
        ascii.chop(1);
    if (ascii.isEmpty() || ascii.size() > 253)
        return false;
    const QStringList labels = ascii.split(u'.');
    for (const QString &label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.front() == u'-' || label.back() == u'-')
            return false;
        for (QChar c : label) {
            if (!isAsciiAlnum(c) && c != u'-')
                return false;
        }
    }
    // An all-numeric last label would be read as a number by inet_aton ("0x7f.1"), never as a name.
    for (QChar c : labels.back()) {
        if (!isAsciiDigit(c))
            return true;
    }
    return false;
}

} // namespace

QString formatAddress(const QHostAddress &address)
{
    if (address.protocol() == QHostAddress::IPv6Protocol) {
        // Only ::ffff:a.b.c.d; toIPv4Address() would also turn "::" and "::1"-like forms into IPv4.
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        bool isMapped = v6[10] == 0xff && v6[11] == 0xff;
        for (int i = 0; i < 10 && isMapped; ++i)
            isMapped = v6[i] == 0;
        if (isMapped)
            return QHostAddress(address.toIPv4Address()).toString();
    }
    return address.toString();
}

QString formatEndpoint(const QHostAddress &address, quint16 port)
{
    const QString host = formatAddress(address);
    if (host.contains(u':'))
        return u'[' + host + QStringLiteral("]:") + QString::number(port);
    return host + u':' + QString::number(port);
}

bool parsePort(const QString &text, quint16 *port, QString *error, bool allowZero)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return setError(error, Text::tr("port is empty"));
    for (QChar c : trimmed) {
        if (!isAsciiDigit(c))
            return setError(error, Text::tr("'%1' is not a port number").arg(quoted(trimmed)));
    }
    // Leading zeros are harmless; more than five significant digits cannot fit.
    qsizetype first = 0;
    while (first < trimmed.size() - 1 && trimmed.at(first) == u'0')
        ++first;
    const QStringView digits = QStringView(trimmed).mid(first);
    const int value = digits.size() <= 5 ? digits.toInt() : 100000;
    if (value > 65535 || (value == 0 && !allowZero)) {
        const QString range = allowZero ? Text::tr("port must be a number from 0 to 65535 (not %1)")
                                        : Text::tr("port must be a number from 1 to 65535 (not %1)");
        return setError(error, range.arg(quoted(trimmed)));
    }
    if (port)
        *port = quint16(value);
    return true;
}

bool validateHost(const QString &text, QString *error)
{
    if (text.isEmpty())
        return setError(error, Text::tr("host is empty"));
    if (text.contains(u':')) {
        if (isIPv6Literal(text))
            return true;
        return setError(error, Text::tr("'%1' is not a valid IPv6 address").arg(quoted(text)));
    }
    if (isDigitsAndDots(text)) {
        if (isStrictIPv4(text))
            return true;
        return setError(error, Text::tr("'%1' is not a valid IPv4 address").arg(quoted(text)));
    }
    if (isHostName(text))
        return true;
    return setError(error, Text::tr("'%1' is not a hostname or address").arg(quoted(text)));
}

std::optional<Endpoint> Endpoint::parse(const QString &text, QString *error, bool allowZeroPort)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        setError(error, Text::tr("address is empty: write host:port"));
        return std::nullopt;
    }

    Endpoint result;
    QString portText;
    if (trimmed.startsWith(u'[')) {
        const qsizetype close = trimmed.indexOf(u']');
        if (close < 0) {
            setError(error, Text::tr("'%1' has no closing ']'").arg(quoted(trimmed)));
            return std::nullopt;
        }
        result.host = trimmed.mid(1, close - 1);
        if (!result.host.contains(u':') || !isIPv6Literal(result.host)) {
            setError(error, Text::tr("'%1' is not a valid IPv6 address").arg(quoted(result.host)));
            return std::nullopt;
        }
        if (close + 1 >= trimmed.size() || trimmed.at(close + 1) != u':') {
            setError(error, Text::tr("'%1' has no port: write [address]:port").arg(quoted(trimmed)));
            return std::nullopt;
        }
        portText = trimmed.mid(close + 2);
    } else {
        const qsizetype colons = trimmed.count(u':');
        if (colons == 0) {
            if (!isDigitsAndDots(trimmed) || trimmed.contains(u'.')) {
                setError(error, Text::tr("'%1' has no port: write host:port").arg(quoted(trimmed)));
                return std::nullopt;
            }
            portText = trimmed; // a port alone
        } else if (colons > 1) {
            setError(error,
                Text::tr("'%1': write IPv6 addresses in brackets, like [::1]:9000").arg(quoted(trimmed)));
            return std::nullopt;
        } else {
            const qsizetype colon = trimmed.indexOf(u':');
            result.host = trimmed.left(colon);
            portText = trimmed.mid(colon + 1);
            if (!result.host.isEmpty() && !validateHost(result.host, error))
                return std::nullopt;
        }
    }
    if (!parsePort(portText, &result.port, error, allowZeroPort))
        return std::nullopt;
    return result;
}

QString Endpoint::toString() const
{
    if (host.isEmpty())
        return QString::number(port);
    if (host.contains(u':'))
        return u'[' + host + QStringLiteral("]:") + QString::number(port);
    return host + u':' + QString::number(port);
}

} // namespace sockpit
