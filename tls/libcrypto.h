#pragma once

// OpenSSL's libcrypto, loaded the first time it is needed rather than when a program starts. Loading it
// costs about a millisecond, and most runs of the window and the commands never make a certificate or
// check a key. OpenSSL's headers still give the types, constants and the functions' declarations; the
// functions themselves are called through the table below, so nothing links libcrypto.

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/stack.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <QString>

namespace sockpit::tls {

// The file dlopen looks for: OpenSSL 3's libcrypto, whatever its version within 3.x.
inline constexpr char LibCryptoName[] = "libcrypto.so.3";

// Every libcrypto function Sockpit calls. Only real functions belong here: a macro of OpenSSL's that
// calls one (BIO_get_mem_data, EVP_EC_gen, sk_GENERAL_NAME_push...) would bring the link to libcrypto
// back, so its caller writes out the call to the function behind it.
#define SOCKPIT_LIBCRYPTO_FUNCTIONS(X)                                                                       \
    X(ASN1_IA5STRING_new)                                                                                    \
    X(ASN1_OCTET_STRING_new)                                                                                 \
    X(ASN1_OCTET_STRING_set)                                                                                 \
    X(ASN1_STRING_free)                                                                                      \
    X(ASN1_STRING_set)                                                                                       \
    X(BIO_ctrl)                                                                                              \
    X(BIO_free)                                                                                              \
    X(BIO_new)                                                                                               \
    X(BIO_new_mem_buf)                                                                                       \
    X(BIO_s_mem)                                                                                             \
    X(BN_free)                                                                                               \
    X(BN_new)                                                                                                \
    X(BN_rand)                                                                                               \
    X(BN_to_ASN1_INTEGER)                                                                                    \
    X(ERR_clear_error)                                                                                       \
    X(ERR_error_string_n)                                                                                    \
    X(ERR_get_error)                                                                                         \
    X(EVP_PKEY_Q_keygen)                                                                                     \
    X(EVP_PKEY_free)                                                                                         \
    X(EVP_sha256)                                                                                            \
    X(GENERAL_NAMES_free)                                                                                    \
    X(GENERAL_NAME_free)                                                                                     \
    X(GENERAL_NAME_new)                                                                                      \
    X(GENERAL_NAME_set0_value)                                                                               \
    X(OPENSSL_sk_new_null)                                                                                   \
    X(OPENSSL_sk_num)                                                                                        \
    X(OPENSSL_sk_push)                                                                                       \
    X(PEM_read_bio_PrivateKey)                                                                               \
    X(PEM_read_bio_X509)                                                                                     \
    X(PEM_write_bio_PrivateKey)                                                                              \
    X(PEM_write_bio_X509)                                                                                    \
    X(X509V3_EXT_conf_nid)                                                                                   \
    X(X509V3_set_ctx)                                                                                        \
    X(X509_EXTENSION_free)                                                                                   \
    X(X509_NAME_add_entry_by_txt)                                                                            \
    X(X509_add1_ext_i2d)                                                                                     \
    X(X509_add_ext)                                                                                          \
    X(X509_check_private_key)                                                                                \
    X(X509_free)                                                                                             \
    X(X509_get_serialNumber)                                                                                 \
    X(X509_get_subject_name)                                                                                 \
    X(X509_getm_notAfter)                                                                                    \
    X(X509_getm_notBefore)                                                                                   \
    X(X509_gmtime_adj)                                                                                       \
    X(X509_new)                                                                                              \
    X(X509_set_issuer_name)                                                                                  \
    X(X509_set_pubkey)                                                                                       \
    X(X509_set_version)                                                                                      \
    X(X509_sign)

// libcrypto's functions, each typed from OpenSSL's own declaration, so a call through the table is
// checked as a direct call would be.
struct LibCrypto
{
#define SOCKPIT_LIBCRYPTO_POINTER(name) decltype(&::name) name = nullptr;
    SOCKPIT_LIBCRYPTO_FUNCTIONS(SOCKPIT_LIBCRYPTO_POINTER)
#undef SOCKPIT_LIBCRYPTO_POINTER

    // Why the library or one of its functions could not be had (dlerror's text); empty once every
    // pointer above is set. On an error every pointer is null.
    QString error;

    bool loaded() const
    {
        return error.isEmpty();
    }
};

// libcrypto, loaded on the first call (from any thread: only one of them loads it) and kept loaded to
// the end of the process. An attempt that failed is not repeated: what dlopen could not find then, it
// does not find later either.
const LibCrypto &libCrypto();

// OpenSSL keeps state per thread (its error queue, its random generators) and frees it when the
// thread ends, from a thread-local destructor. Qt's threads are detached: at exit, the process can
// reach OpenSSL's own cleanup while an I/O thread still runs that destructor, and the two free the
// same state (glibc aborts: "double free or corruption"), or the process ends first and leaks it.
// Called on each I/O thread before it ends (IoThreadPool::addThreadEndHook), this frees the calling
// thread's state there. Does nothing when no libcrypto is loaded in the process.
void releaseThreadState();
// Makes releaseThreadState() run on every I/O thread as it ends; called where TLS is set up.
void releaseThreadStateAtIoThreadEnd();

} // namespace sockpit::tls
