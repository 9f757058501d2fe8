#include "hostlookup.h"

#include "endpoint.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QStringList>

namespace sockpit {

namespace {
// The text keeps the translation context it had before the lookups were one.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::TcpConnector)
};
} // namespace

HostLookup::~HostLookup()
{
    abort();
}

void HostLookup::start(const QString &host, QObject *context, Done done)
{
    abort();
    QHostAddress literal;
    if (literal.setAddress(host)) {
        m_lookedUp = false;
        done({literal});
        return;
    }
    m_lookedUp = true;
    m_id = QHostInfo::lookupHost(host, context, [this, done = std::move(done)](const QHostInfo &info) {
        m_id = -1;
        done(info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>());
    });
}

void HostLookup::abort()
{
    if (m_id >= 0)
        QHostInfo::abortHostLookup(m_id);
    m_id = -1;
}

QString HostLookup::resolvedText(const QString &host, const QList<QHostAddress> &addresses)
{
    QStringList names;
    for (const QHostAddress &address : addresses)
        names.append(formatAddress(address));
    return Text::tr("resolved %1 to %2").arg(host, names.join(QStringLiteral(", ")));
}

} // namespace sockpit
