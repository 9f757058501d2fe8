#pragma once

#include "hostlookup.h"
#include "iochannel.h"
#include "proxyhandshake.h"
#include "sessionref.h"

#include <QHostAddress>
#include <QList>
#include <QTimer>

#include <memory>

class QSocketNotifier;

namespace sockpit {

// A TCP (or Unix stream) client on its way to a connection: resolves the host without blocking, optionally
// binds a local address, tries each address in turn within the connect timeout, and on success hands the
// descriptor to a TcpConnection on the same thread.
// For a relay it connects to the target on behalf of one accepted client instead, and on success
// joins the two connections; when the target cannot be reached, it closes that client only.
class TcpConnector final : public IoObject
{
    Q_OBJECT
public:
    struct RelayClient
    {
        int fd = -1; // accepted, non-blocking; owned by the connector from now on
        ConnId id = 0;
        QString peer;
        QList<QHostAddress> targets; // the relay's target, resolved once when the relay started
    };

    TcpConnector(std::shared_ptr<SessionCore> core, QObject *parent);
    TcpConnector(std::shared_ptr<SessionCore> core, const RelayClient &client, QObject *parent);
    ~TcpConnector() override;

    void start();
    void closeNow() override;

private:
    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    void onResolved(const QList<QHostAddress> &addresses);
    void tryNext();
    void connectToPath();
    // Through a proxy: once connected to it, the handshake until the proxy has reached the target.
    bool viaProxy() const;
    void startHandshake();
    void onHandshakeReadable();
    bool sendToProxy(const QByteArray &bytes);
    void onHandshakeWritable();
    void onWritable();
    void onTimeout();
    void fail(const QString &message, EventKind kind);
    void closeSocket();
    void connected(int fd);
    void relayConnected(int fd);
    bool isRelay() const { return m_client.id != 0; }

    QList<QHostAddress> m_addresses;
    int m_next = 0;
    int m_fd = -1;
    int m_lastError = 0;
    QString m_lastEndpoint;
    HostLookup m_lookup;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_timeout;
    QTimer m_retry; // a Unix server whose queue of waiting clients is full: try again shortly
    RelayClient m_client;
    std::unique_ptr<ProxyHandshake> m_handshake;
    QByteArray m_toProxy; // handshake bytes the socket had no room for yet
    QSocketNotifier *m_proxyNotifier = nullptr;
};

} // namespace sockpit
