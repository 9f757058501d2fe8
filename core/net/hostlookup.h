#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace sockpit {

// Turns a host name or address into addresses without blocking: an address written as one at once, a
// name through QHostInfo, answered on the thread of the context object. One lookup at a time;
// abort(), another start() or the end of this object cancels the one under way.
class HostLookup final
{
public:
    // Empty addresses: the name was not found.
    using Done = std::function<void(const QList<QHostAddress> &addresses)>;

    HostLookup() = default;
    ~HostLookup();
    HostLookup(const HostLookup &) = delete;
    HostLookup &operator=(const HostLookup &) = delete;

    void start(const QString &host, QObject *context, Done done);
    void abort();
    // Whether the last answer came from the name service (worth a "resolved" step in the log).
    bool wasLookedUp() const { return m_lookedUp; }

    // "resolved example.org to 192.0.2.1, 2001:db8::1": the step a session logs after a lookup.
    static QString resolvedText(const QString &host, const QList<QHostAddress> &addresses);

private:
    int m_id = -1;
    bool m_lookedUp = false;
};

} // namespace sockpit
