#include "optionparsing.h"

#include <QHostAddress>

namespace sockpit::cli {

bool parseInteger(
    const QString &text, const QString &flag, qint64 min, qint64 max, qint64 *value, QString *error)
{
    bool ok = false;
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number < min || number > max) {
        *error = Cli::tr("%1 needs a whole number from %2 to %3, not '%4'")
                     .arg(flag)
                     .arg(min)
                     .arg(max)
                     .arg(text);
        return false;
    }
    *value = number;
    return true;
}

bool parseBindAddress(const QString &text, QHostAddress *address, QString *error)
{
    if (!address->setAddress(text)) {
        *error = Cli::tr(
            "--bind needs an IP address of this machine (such as 0.0.0.0, 127.0.0.1 or ::), not '%1'")
                     .arg(text);
        return false;
    }
    return true;
}

bool parseInterface(const QCommandLineParser &parser, bool udp, QString *name, QString *error)
{
    if (!parser.isSet(QStringLiteral("iface")))
        return true;
    *name = parser.value(QStringLiteral("iface"));
    if (!udp) {
        *error = Cli::tr("--iface applies to UDP multicast: add --udp");
        return false;
    }
    if (name->isEmpty() || name->size() > 15 || name->contains(u'/') || name->contains(u' ')) {
        *error = Cli::tr("--iface needs a network interface name or number (such as lo or 1), not '%1'")
                     .arg(*name);
        return false;
    }
    return true;
}

QCommandLineOption valueOption(const char *name, const QString &description, const QString &valueName)
{
    return QCommandLineOption(QString::fromLatin1(name), description, valueName);
}

QCommandLineOption flagOption(const char *name, const QString &description)
{
    return QCommandLineOption(QString::fromLatin1(name), description);
}

void addCommonOptions(QCommandLineParser &parser)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, Cli::tr("Show this help.")));
    parser.addOption(flagOption("udp", Cli::tr("Use UDP instead of TCP.")));
    parser.addOption(valueOption("record",
        Cli::tr("Record every event to FILE (JSON Lines if it ends in .jsonl, else text)."),
        Cli::tr("FILE")));
    parser.addOption(QCommandLineOption({QStringLiteral("v"), QStringLiteral("verbose")},
        Cli::tr("Report every connection step on standard error.")));
}

void addTlsOptions(QCommandLineParser &parser, bool server)
{
    parser.addOption(flagOption("tls", Cli::tr("Use TLS over TCP.")));
    parser.addOption(valueOption("cert",
        server ? Cli::tr("TLS: the server's certificate (PEM; default: a self-signed one made for this run).")
               : Cli::tr("TLS: a client certificate to present (PEM)."),
        Cli::tr("FILE")));
    parser.addOption(valueOption("key", Cli::tr("TLS: the private key of --cert (PEM)."), Cli::tr("FILE")));
    parser.addOption(valueOption("ca",
        server ? Cli::tr("TLS: require client certificates issued by the CAs in FILE.")
               : Cli::tr("TLS: trust the CAs in FILE instead of the system's."),
        Cli::tr("FILE")));
    parser.addOption(flagOption("insecure", Cli::tr("TLS: do not verify the server's certificate.")));
}

bool parseTls(const QCommandLineParser &parser, bool server, bool udp, TlsSettings *tls, QString *error)
{
    const bool enabled = parser.isSet(QStringLiteral("tls"));
    for (const char *name : {"cert", "key", "ca", "insecure"}) {
        const QString flag = QString::fromLatin1(name);
        if (parser.isSet(flag) && !enabled) {
            *error = Cli::tr("--%1 needs --tls").arg(flag);
            return false;
        }
    }
    if (!enabled)
        return true;
    if (udp) {
        *error = Cli::tr("--tls needs TCP: it cannot be used with --udp");
        return false;
    }
    for (const char *name : {"cert", "key", "ca"}) {
        const QString flag = QString::fromLatin1(name);
        if (parser.isSet(flag) && parser.value(flag).isEmpty()) {
            *error = Cli::tr("--%1 needs a file name").arg(flag);
            return false;
        }
    }
    tls->enabled = true;
    tls->certFile = parser.value(QStringLiteral("cert"));
    tls->keyFile = parser.value(QStringLiteral("key"));
    tls->caFile = parser.value(QStringLiteral("ca"));
    tls->verifyPeer = !parser.isSet(QStringLiteral("insecure"));
    if (!tls->keyFile.isEmpty() && tls->certFile.isEmpty()) {
        *error = Cli::tr("--key needs --cert");
        return false;
    }
    if (!tls->certFile.isEmpty() && tls->keyFile.isEmpty()) {
        *error = Cli::tr("--cert needs --key");
        return false;
    }
    if (server && !tls->verifyPeer) {
        *error = Cli::tr("--insecure applies to connect: a server checks client certificates only with --ca");
        return false;
    }
    if (!tls->verifyPeer && !tls->caFile.isEmpty()) {
        *error = Cli::tr("use either --ca or --insecure, not both");
        return false;
    }
    return true;
}

} // namespace sockpit::cli
