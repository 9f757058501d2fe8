#include "selfsignedcertificate.h"

#include "libcrypto.h"

#include <QCoreApplication>
#include <QSysInfo>

#include <memory>

namespace sockpit::tls {

namespace {

class Generator
{
    Q_DECLARE_TR_FUNCTIONS(Generator)
};

// Owners of OpenSSL objects: every path out of the generator frees what it made. Such an object exists
// only once libcrypto is loaded.
struct Free
{
    void operator()(EVP_PKEY *p) const { libCrypto().EVP_PKEY_free(p); }
    void operator()(X509 *p) const { libCrypto().X509_free(p); }
    void operator()(BIO *p) const { libCrypto().BIO_free(p); }
    void operator()(BIGNUM *p) const { libCrypto().BN_free(p); }
    void operator()(X509_EXTENSION *p) const { libCrypto().X509_EXTENSION_free(p); }
    void operator()(GENERAL_NAMES *p) const { libCrypto().GENERAL_NAMES_free(p); }
    void operator()(GENERAL_NAME *p) const { libCrypto().GENERAL_NAME_free(p); }
    // also ASN1_IA5STRING, ASN1_OCTET_STRING
    void operator()(ASN1_STRING *p) const { libCrypto().ASN1_STRING_free(p); }
};
template<typename T> using Owned = std::unique_ptr<T, Free>;

// OpenSSL's queued error (drained), for the message.
QString openSslError()
{
    const LibCrypto &crypto = libCrypto();
    QString text;
    unsigned long code = 0;
    while ((code = crypto.ERR_get_error()) != 0) {
        char buffer[256];
        crypto.ERR_error_string_n(code, buffer, sizeof buffer);
        if (text.isEmpty())
            text = QString::fromLatin1(buffer);
    }
    return text;
}

GeneratedCertificate failure(const QString &step, const QString &detail)
{
    GeneratedCertificate result;
    result.error = Generator::tr("cannot make a self-signed certificate (%1): %2")
                       .arg(step, detail.isEmpty() ? Generator::tr("unknown error") : detail);
    return result;
}

GeneratedCertificate failure(const char *step)
{
    return failure(QString::fromLatin1(step), openSslError());
}

// OpenSSL's sk_GENERAL_NAME_* macros, written out: each calls a libcrypto function.
GENERAL_NAMES *newNames()
{
    return reinterpret_cast<GENERAL_NAMES *>(libCrypto().OPENSSL_sk_new_null());
}

int pushName(GENERAL_NAMES *names, GENERAL_NAME *entry)
{
    return libCrypto().OPENSSL_sk_push(reinterpret_cast<OPENSSL_STACK *>(names), entry);
}

int nameCount(const GENERAL_NAMES *names)
{
    return libCrypto().OPENSSL_sk_num(reinterpret_cast<const OPENSSL_STACK *>(names));
}

// BIO_get_mem_data, written out for the same reason.
QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = libCrypto().BIO_ctrl(bio, BIO_CTRL_INFO, 0, &data);
    return QByteArray(data, int(size));
}

bool addExtension(X509 *cert, int nid, const char *value)
{
    const LibCrypto &crypto = libCrypto();
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context); // a macro that only sets a field
    crypto.X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> extension(crypto.X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && crypto.X509_add_ext(cert, extension.get(), -1) == 1;
}

bool addDnsName(GENERAL_NAMES *names, const QString &name)
{
    const LibCrypto &crypto = libCrypto();
    const QByteArray ascii = name.toLatin1();
    Owned<ASN1_IA5STRING> text(crypto.ASN1_IA5STRING_new());
    if (!text || crypto.ASN1_STRING_set(text.get(), ascii.constData(), int(ascii.size())) != 1)
        return false;
    Owned<GENERAL_NAME> entry(crypto.GENERAL_NAME_new());
    if (!entry)
        return false;
    crypto.GENERAL_NAME_set0_value(entry.get(), GEN_DNS, text.release());
    return pushName(names, entry.release()) > 0;
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
    const LibCrypto &crypto = libCrypto();
    Owned<ASN1_OCTET_STRING> octets(crypto.ASN1_OCTET_STRING_new());
    if (!octets
        || crypto.ASN1_OCTET_STRING_set(
               octets.get(), reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()))
            != 1)
        return false;
    Owned<GENERAL_NAME> entry(crypto.GENERAL_NAME_new());
    if (!entry)
        return false;
    crypto.GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, octets.release());
    return pushName(names, entry.release()) > 0;
}

bool addAlternativeNames(X509 *cert, const QStringList &dnsNames, const QList<QHostAddress> &addresses)
{
    Owned<GENERAL_NAMES> names(newNames());
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
    if (nameCount(names.get()) == 0)
        return true;
    return libCrypto().X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

} // namespace

GeneratedCertificate generateSelfSignedCertificate(const QString &commonName, const QStringList &dnsNames,
    const QList<QHostAddress> &addresses, int validDays)
{
    const LibCrypto &crypto = libCrypto();
    if (!crypto.loaded())
        return failure(QLatin1String(LibCryptoName), crypto.error);
    crypto.ERR_clear_error();
    // EVP_EC_gen("P-256"), written out: the macro calls EVP_PKEY_Q_keygen, whose curve argument is
    // read as a char *.
    Owned<EVP_PKEY> key(crypto.EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", const_cast<char *>("P-256")));
    if (!key)
        return failure("EVP_EC_gen");
    Owned<X509> cert(crypto.X509_new());
    if (!cert || crypto.X509_set_version(cert.get(), X509_VERSION_3) != 1)
        return failure("X509_new");

    // A random positive 127-bit serial: two certificates made here never share issuer and serial.
    Owned<BIGNUM> serial(crypto.BN_new());
    if (!serial || crypto.BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !crypto.BN_to_ASN1_INTEGER(serial.get(), crypto.X509_get_serialNumber(cert.get())))
        return failure("serial number");
    // An hour's allowance for a peer whose clock is a little behind.
    if (!crypto.X509_gmtime_adj(crypto.X509_getm_notBefore(cert.get()), -3600)
        || !crypto.X509_gmtime_adj(crypto.X509_getm_notAfter(cert.get()), long(validDays) * 24 * 3600))
        return failure("validity");
    if (crypto.X509_set_pubkey(cert.get(), key.get()) != 1)
        return failure("X509_set_pubkey");

    X509_NAME *name = crypto.X509_get_subject_name(cert.get());
    const QByteArray cn = commonName.left(64).toUtf8();
    if (crypto.X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0)
            != 1
        || crypto.X509_NAME_add_entry_by_txt(
               name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Sockpit"), -1, -1, 0)
            != 1
        || crypto.X509_set_issuer_name(cert.get(), name) != 1)
        return failure("subject");

    // No key usage extension: without keyCertSign, OpenSSL would no longer see the certificate as
    // issued by itself, and clients that pin it as its own authority (--ca) rely on that.
    if (!addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(cert.get(), NID_subject_key_identifier, "hash")
        || !addAlternativeNames(cert.get(), dnsNames, addresses))
        return failure("extensions");
    if (crypto.X509_sign(cert.get(), key.get(), crypto.EVP_sha256()) == 0)
        return failure("X509_sign");

    Owned<BIO> certBio(crypto.BIO_new(crypto.BIO_s_mem()));
    Owned<BIO> keyBio(crypto.BIO_new(crypto.BIO_s_mem()));
    if (!certBio || !keyBio || crypto.PEM_write_bio_X509(certBio.get(), cert.get()) != 1
        || crypto.PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1)
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
