#pragma once

#include "datagramtls.h"

#include <QDtlsClientVerifier>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class QDtls;
class QUdpSocket;

namespace sockpit::tls {

class TlsPolicy;

// DTLS with Qt's QDtls on a UDP session's socket: a QDtls per peer address, all writing through one
// QUdpSocket made from a duplicate of the session's descriptor (QDtls sends only through a QUdpSocket;
// the session's own reading is untouched, this socket never reads). A server checks each new peer's
// cookie first (QDtlsClientVerifier), and keeps at most MaxAssociations peers.
class DtlsLink final : public QObject, public DatagramTlsLink
{
    Q_OBJECT
public:
    static constexpr int MaxAssociations = 1024;

    DtlsLink(Host *host, const TlsPolicy *policy);
    ~DtlsLink() override;

    // Writes through a duplicate of the bound socket `fd`; false, with *error, when it cannot.
    bool open(int fd, QString *error);

    void connectTo(const SocketAddress &server, const QString &verifyName) override;
    void received(const SocketAddress &from, const QByteArray &datagram) override;
    void send(const SocketAddress &to, const QByteArray &plaintext) override;
    bool isSecured(const SocketAddress &peer) const override;
    void closeAll() override;

private:
    struct Association
    {
        SocketAddress address;
        std::unique_ptr<QDtls> dtls;
        QString untrustedFingerprint; // a certificate that could not be verified
        int timeouts = 0; // handshake retransmissions so far
    };

    Association *find(const SocketAddress &peer) const;
    Association &add(const SocketAddress &peer, bool server, const QString &verifyName);
    void forget(const SocketAddress &peer);
    void newPeer(const SocketAddress &from, const QByteArray &datagram);
    void continueHandshake(Association &association, const QByteArray &datagram);
    // The handshake stopped at the peer's certificate: go on if the user trusts it, else fail.
    void verificationFailed(Association &association);
    void handshakeDone(Association &association);
    void failed(const SocketAddress &peer, const QString &reason);
    QString handshakeFailure(const Association &association, const QString &reason) const;
    // Says, at most once a second, how many datagrams were ignored since it last did; those a line
    // could not tell of at once are told of a second after it.
    void ignored(const SocketAddress &from, const QString &why);
    void reportIgnored(const SocketAddress &from, const QString &why);

    Host *m_host;
    const TlsPolicy *m_policy;
    QUdpSocket *m_socket = nullptr;
    QDtlsClientVerifier m_verifier;
    QHash<QByteArray, std::shared_ptr<Association>> m_associations;
    bool m_client = false;
    SocketAddress m_server;
    QString m_verifyName; // a client's: the name the server's certificate must carry
    qint64 m_ignored = 0; // since the last line that told of them
    SocketAddress m_lastIgnored;
    QString m_lastIgnoredWhy;
    QElapsedTimer m_ignoredReported;
    QTimer m_ignoredLater; // the line for the datagrams ignored since the last one
};

} // namespace sockpit::tls
