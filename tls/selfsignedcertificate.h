#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace sockpit::tls {

// A certificate and its private key, both PEM, or why none could be made.
struct GeneratedCertificate
{
    QByteArray certificatePem;
    QByteArray privateKeyPem; // PKCS#8, unencrypted
    QString error;

    bool ok() const { return error.isEmpty(); }
};

// Makes a self-signed certificate for a TLS server on this machine, with OpenSSL (libcrypto): a new
// EC P-256 key, signed with SHA-256, valid from an hour ago for `validDays`, its subject and issuer
// CN=`commonName`, and the names a client may reach it by as subject alternative names.
// libcrypto is loaded on the first call; when it cannot be, `error` says why.
GeneratedCertificate generateSelfSignedCertificate(const QString &commonName, const QStringList &dnsNames,
    const QList<QHostAddress> &addresses, int validDays = 365);

// The same for the names of this machine: its host name, localhost, 127.0.0.1 and ::1.
GeneratedCertificate generateLocalCertificate();

} // namespace sockpit::tls
