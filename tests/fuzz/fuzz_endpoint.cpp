// Endpoint::parse, parsePort and validateHost on any text: each either accepts with a port in range
// and a host that validates again, or refuses with a short message a user can read.

#include "endpoint.h"
#include "fuzzinput.h"

#include <QHostAddress>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

// Messages quote at most 40 characters of what the user typed.
constexpr qsizetype MaxMessage = 300;

void checkEndpoint(const QString &text, bool allowZero)
{
    QString error;
    const std::optional<Endpoint> endpoint = Endpoint::parse(text, &error, allowZero);
    if (!endpoint) {
        check(!error.isEmpty(), "Endpoint::parse refused without a message");
        check(error.size() <= MaxMessage, "Endpoint::parse message is not cut short");
        return;
    }
    check(error.isEmpty(), "Endpoint::parse accepted but set a message");
    check(endpoint->port != 0 || allowZero, "Endpoint::parse accepted port 0");
    if (!endpoint->host.isEmpty()) {
        QString hostError;
        check(
            validateHost(endpoint->host, &hostError), "Endpoint::parse accepted a host validateHost refuses");
    }

    // toString() is documented to read back as the same endpoint.
    QString againError;
    const std::optional<Endpoint> again = Endpoint::parse(endpoint->toString(), &againError, allowZero);
    check(again.has_value(), "Endpoint::toString does not parse back");
    check(*again == *endpoint, "Endpoint::toString parses back to another endpoint");

    // An address literal, formatted the way sessions show peers, reads back with the same port.
    QHostAddress address;
    if (!endpoint->host.isEmpty() && address.setAddress(endpoint->host)) {
        const QString shown = formatEndpoint(address, endpoint->port);
        const std::optional<Endpoint> peer = Endpoint::parse(shown, &againError, allowZero);
        check(peer.has_value(), "formatEndpoint of a parsed address does not parse");
        check(peer->port == endpoint->port, "formatEndpoint changed the port");
    }
}

void checkPort(const QString &text, bool allowZero)
{
    QString error;
    quint16 port = 12345;
    if (parsePort(text, &port, &error, allowZero)) {
        check(error.isEmpty(), "parsePort accepted but set a message");
        check(port != 0 || allowZero, "parsePort accepted 0");
        // The value is the number written, leading zeros and surrounding spaces aside.
        bool ok = false;
        const qint64 value = text.trimmed().toLongLong(&ok);
        check(!ok || value == port, "parsePort read another number");
    } else {
        check(!error.isEmpty(), "parsePort refused without a message");
        check(error.size() <= MaxMessage, "parsePort message is not cut short");
        check(port == 12345, "parsePort refused but wrote the port");
    }
}

void checkHost(const QString &text)
{
    QString error;
    if (validateHost(text, &error)) {
        check(error.isEmpty(), "validateHost accepted but set a message");
        check(!text.isEmpty(), "validateHost accepted an empty host");
    } else {
        check(!error.isEmpty(), "validateHost refused without a message");
        check(error.size() <= MaxMessage, "validateHost message is not cut short");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = fuzz::fromWtf8(data, size);
    checkEndpoint(text, false);
    checkEndpoint(text, true);
    checkPort(text, false);
    checkPort(text, true);
    checkHost(text);
    return 0;
}
