#pragma once

// Certificates for the TLS tests, made at test time with the openssl command into a temporary
// directory (no private key is ever committed): a test CA, a server certificate it issued for
// localhost and 127.0.0.1, a client certificate it issued, and a second CA that vouches for neither.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace testpki {

class Pki
{
public:
    // Empty when everything was made, else what failed.
    QString make()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            return QStringLiteral(
                "the openssl command is not installed (scripts/setup.sh --test installs it)");
        if (!m_dir.isValid())
            return QStringLiteral("no temporary directory");
        const QString ext = path(QStringLiteral("server.ext"));
        QFile extFile(ext);
        if (!extFile.open(QIODevice::WriteOnly)
            || extFile.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n"
                             "basicConstraints=critical,CA:FALSE\n"
                             "extendedKeyUsage=serverAuth,clientAuth\n")
                < 0)
            return QStringLiteral("cannot write ") + ext;
        extFile.close();
        QString error;
        if (!makeCa(QStringLiteral("ca"), QStringLiteral("/CN=Sockpit Test CA"), &error)
            || !makeCa(QStringLiteral("otherca"), QStringLiteral("/CN=Other Test CA"), &error)
            || !makeLeaf(QStringLiteral("server"), QStringLiteral("/CN=localhost"), &error)
            || !makeLeaf(QStringLiteral("client"), QStringLiteral("/CN=test client"), &error))
            return error;
        return QString();
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString caCert() const { return path(QStringLiteral("ca.crt")); }
    QString otherCaCert() const { return path(QStringLiteral("otherca.crt")); }
    QString serverCert() const { return path(QStringLiteral("server.crt")); }
    QString serverKey() const { return path(QStringLiteral("server.key")); }
    QString clientCert() const { return path(QStringLiteral("client.crt")); }
    QString clientKey() const { return path(QStringLiteral("client.key")); }

private:
    bool run(const QStringList &arguments, QString *error) const
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            *error = QStringLiteral("openssl ") + arguments.join(QLatin1Char(' ')) + QStringLiteral(": ")
                + QString::fromLocal8Bit(process.readAll());
            return false;
        }
        return true;
    }

    bool makeCa(const QString &name, const QString &subject, QString *error) const
    {
        return run(
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-subj"), subject,
                QStringLiteral("-days"), QStringLiteral("2")},
            error);
    }

    bool makeLeaf(const QString &name, const QString &subject, QString *error) const
    {
        return run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                       QStringLiteral("-nodes"), QStringLiteral("-keyout"), name + QStringLiteral(".key"),
                       QStringLiteral("-out"), name + QStringLiteral(".csr"), QStringLiteral("-subj"),
                       subject},
                   error)
            && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                       name + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                       QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                       QStringLiteral("-out"), name + QStringLiteral(".crt"), QStringLiteral("-days"),
                       QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("server.ext")},
                error);
    }

    QTemporaryDir m_dir;
};

} // namespace testpki
