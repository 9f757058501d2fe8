#include "selfsignedcertificate.h"

#include <QCoreApplication>
#include <QSysInfo>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace sockpit::tls {

namespace {

class Generator
{
    Q_DECLARE_TR_FUNCTIONS(Generator)
};

// Owners of OpenSSL objects: every path out of the generator frees what it made.
struct Free
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
    void operator()(GENERAL_NAMES *p) const { GENERAL_NAMES_free(p); }
    void operator()(GENERAL_NAME *p) const { GENERAL_NAME_free(p); }
    void operator()(ASN1_STRING *p) const { ASN1_STRING_free(p); } // also ASN1_IA5STRING, ASN1_OCTET_STRING
};
template<typename T> using Owned = std::unique_ptr<T, Free>;

// OpenSSL's queued error (drained), for the message.
QString openSslError()
{
    QString text;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        if (text.isEmpty())
            text = QString::fromLatin1(buffer);
    }
    return text;
}

GeneratedCertificate failure(const char *step)
{
    GeneratedCertificate result;
    const QString detail = openSslError();
    result.error
        = Generator::tr("cannot make a self-signed certificate (%1): %2")
              .arg(QString::fromLatin1(step), detail.isEmpty() ? Generator::tr("unknown error") : detail);
    return result;
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1) == 1;
}

bool addDnsName(GENERAL_NAMES *names, const QString &name)
{
    const QByteArray ascii = name.toLatin1();
    Owned<ASN1_IA5STRING> text(ASN1_IA5STRING_new());
    if (!text || ASN1_STRING_set(text.get(), ascii.constData(), int(ascii.size())) != 1)
        return false;
    Owned<GENERAL_NAME> entry(GENERAL_NAME_new());
    if (!entry)
        return false;
    GENERAL_NAME_set0_value(entry.get(), GEN_DNS, text.release());
    return sk_GENERAL_NAME_push(names, entry.release()) > 0;
}

bool addAddress(GENERAL_NAMES *names, const QHostAddress &address)
{
    QByteArray bytes;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes.append(char((v4 >> shift) & 0xff));
    } else {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        bytes = QByteArray(reinterpret_cast<const char *>(v6.c), 16);
    }
    Owned<ASN1_OCTET_STRING> octets(ASN1_OCTET_STRING_new());
    if (!octets
        || ASN1_OCTET_STRING_set(
               octets.get(), reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()))
            != 1)
        return false;
    Owned<GENERAL_NAME> entry(GENERAL_NAME_new());
    if (!entry)
        return false;
    GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, octets.release());
    return sk_GENERAL_NAME_push(names, entry.release()) > 0;
}

bool addAlternativeNames(X509 *cert, const QStringList &dnsNames, const QList<QHostAddress> &addresses)
{
    Owned<GENERAL_NAMES> names(sk_GENERAL_NAME_new_null());
    if (!names)
        return false;
    for (const QString &name : dnsNames) {
        if (!name.isEmpty() && !addDnsName(names.get(), name))
            return false;
    }
    for (const QHostAddress &address : addresses) {
        if (!address.isNull() && !addAddress(names.get(), address))
            return false;
    }
    if (sk_GENERAL_NAME_num(names.get()) == 0)
        return true;
    return X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

} // namespace

GeneratedCertificate generateSelfSignedCertificate(const QString &commonName, const QStringList &dnsNames,
    const QList<QHostAddress> &addresses, int validDays)
{
    ERR_clear_error();
    Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
    if (!key)
        return failure("EVP_EC_gen");
    Owned<X509> cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1)
        return failure("X509_new");

    // A random positive 127-bit serial: two certificates made here never share issuer and serial.
    Owned<BIGNUM> serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return failure("serial number");
    // An hour's allowance for a peer whose clock is a little behind.
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), long(validDays) * 24 * 3600))
        return failure("validity");
    if (X509_set_pubkey(cert.get(), key.get()) != 1)
        return failure("X509_set_pubkey");

    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = commonName.left(64).toUtf8();
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0)
            != 1
        || X509_NAME_add_entry_by_txt(
               name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Sockpit"), -1, -1, 0)
            != 1
        || X509_set_issuer_name(cert.get(), name) != 1)
        return failure("subject");

    // No key usage extension: without keyCertSign, OpenSSL would no longer see the certificate as
    // issued by itself, and clients that pin it as its own authority (--ca) rely on that.
    if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash")
        || !addAlternativeNames(cert.get(), dnsNames, addresses))
        return failure("extensions");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return failure("X509_sign");

    Owned<BIO> certBio(BIO_new(BIO_s_mem()));
    Owned<BIO> keyBio(BIO_new(BIO_s_mem()));
    if (!certBio || !keyBio || PEM_write_bio_X509(certBio.get(), cert.get()) != 1
        || PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return failure("PEM");
    GeneratedCertificate result;
    result.certificatePem = bioContents(certBio.get());
    result.privateKeyPem = bioContents(keyBio.get());
    return result;
}

GeneratedCertificate generateLocalCertificate()
{
    const QString host = QSysInfo::machineHostName();
    QStringList names {QStringLiteral("localhost")};
    if (!host.isEmpty() && host != QLatin1String("localhost"))
        names.prepend(host);
    return generateSelfSignedCertificate(host.isEmpty() ? QStringLiteral("localhost") : host, names,
        {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)});
}

} // namespace sockpit::tls
