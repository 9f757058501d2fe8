#include "libcrypto.h"

#include "iothreadpool.h"

#include <openssl/crypto.h>

#include <dlfcn.h>

namespace sockpit::tls {

namespace {

QString lastDlError()
{
    const char *text = dlerror();
    return text ? QString::fromLocal8Bit(text) : QString();
}

// Sets *slot to the function `name` of the library; on failure leaves dlerror's text in *error.
template<typename Function> bool resolve(void *library, const char *name, Function *slot, QString *error)
{
    dlerror(); // a stale error from an earlier call would be taken for this one's
    void *symbol = dlsym(library, name);
    if (!symbol) {
        *error = lastDlError();
        if (error->isEmpty())
            *error
                = QStringLiteral("%1: no function %2").arg(QLatin1String(LibCryptoName), QLatin1String(name));
        return false;
    }
    // POSIX guarantees that dlsym's answer for a function can be converted to a function pointer.
    *slot = reinterpret_cast<Function>(symbol);
    return true;
}

LibCrypto load()
{
    LibCrypto table;
    // RTLD_LOCAL: libcrypto's symbols stay out of the global namespace, where they could otherwise
    // satisfy a library loaded later that expects another OpenSSL.
    void *library = dlopen(LibCryptoName, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        table.error = lastDlError();
        if (table.error.isEmpty())
            table.error = QStringLiteral("%1: cannot be loaded").arg(QLatin1String(LibCryptoName));
        return table;
    }
    QString error;
#define SOCKPIT_LIBCRYPTO_RESOLVE(name)                                                                      \
    if (!resolve(library, #name, &table.name, &error)) {                                                     \
        dlclose(library);                                                                                    \
        LibCrypto failed;                                                                                    \
        failed.error = error;                                                                                \
        return failed;                                                                                       \
    }
    SOCKPIT_LIBCRYPTO_FUNCTIONS(SOCKPIT_LIBCRYPTO_RESOLVE)
#undef SOCKPIT_LIBCRYPTO_RESOLVE
    // The handle is never closed: the table points into the library for the rest of the process. (A
    // library without one of the functions is closed above: nothing was called in it yet.)
    return table;
}

} // namespace

const LibCrypto &libCrypto()
{
    static const LibCrypto table = load();
    return table;
}

void releaseThreadState()
{
    // RTLD_NOLOAD: only a libcrypto already in the process (Qt's OpenSSL backend or libCrypto()).
    void *library = dlopen(LibCryptoName, RTLD_NOW | RTLD_NOLOAD);
    if (!library)
        return;
    using ThreadStop = decltype(&::OPENSSL_thread_stop);
    if (auto stop = reinterpret_cast<ThreadStop>(dlsym(library, "OPENSSL_thread_stop")))
        stop();
    dlclose(library);
}

void releaseThreadStateAtIoThreadEnd()
{
    IoThreadPool::addThreadEndHook(&releaseThreadState);
}

} // namespace sockpit::tls
