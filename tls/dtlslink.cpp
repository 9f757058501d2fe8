#include "dtlslink.h"

#include "sessionconfig.h"
#include "tlspolicy.h"

#include <QDtls>
#include <QSslCertificate>
#include <QSslCipher>
#include <QUdpSocket>

#include <fcntl.h>
#include <unistd.h>

namespace sockpit::tls {

namespace {
// A handshake whose peer stops answering is given up after this many retransmissions (QDtls doubles
// its wait each time: 1 + 2 + 4 + 8 + 16 s).
constexpr int MaxHandshakeTimeouts = 5;
} // namespace

DtlsLink::DtlsLink(Host *host, const TlsPolicy *policy)
    : m_host(host)
    , m_policy(policy)
{
    m_ignoredLater.setSingleShot(true);
    connect(&m_ignoredLater, &QTimer::timeout, this, [this] {
        if (m_ignored > 0)
            reportIgnored(m_lastIgnored, m_lastIgnoredWhy);
    });
}

DtlsLink::~DtlsLink()
{
    // Destroyed with its socket's owner: the QDtls objects go before the socket they write to.
    m_associations.clear();
}

bool DtlsLink::open(int fd, QString *error)
{
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) {
        *error = tr("DTLS cannot use the socket: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    m_socket = new QUdpSocket(this);
    if (!m_socket->setSocketDescriptor(copy, QAbstractSocket::BoundState, QIODevice::WriteOnly)) {
        *error = tr("DTLS cannot use the socket: %1").arg(m_socket->errorString());
        ::close(copy);
        return false;
    }
    return true;
}

DtlsLink::Association *DtlsLink::find(const SocketAddress &peer) const
{
    const auto it = m_associations.constFind(peer.key());
    return it == m_associations.cend() ? nullptr : it->get();
}

DtlsLink::Association &DtlsLink::add(const SocketAddress &peer, bool server, const QString &verifyName)
{
    auto association = std::make_shared<Association>();
    association->address = peer;
    association->dtls
        = std::make_unique<QDtls>(server ? QSslSocket::SslServerMode : QSslSocket::SslClientMode);
    QSslConfiguration configuration = m_policy->configuration();
    configuration.setProtocol(QSsl::DtlsV1_2OrLater);
    association->dtls->setDtlsConfiguration(configuration);
    association->dtls->setPeer(peer.address(), peer.port(), verifyName);
    if (server) // the cookie the verifier checked must pass the association's own check too
        association->dtls->setCookieGeneratorParameters(m_verifier.cookieGeneratorParameters());
    const QByteArray key = peer.key();
    connect(association->dtls.get(), &QDtls::handshakeTimeout, this, [this, key] {
        const auto it = m_associations.constFind(key);
        if (it == m_associations.cend())
            return;
        const std::shared_ptr<Association> kept = *it;
        if (++kept->timeouts > MaxHandshakeTimeouts) {
            kept->dtls->abortHandshake(m_socket);
            failed(kept->address, handshakeFailure(*kept, tr("no answer")));
            return;
        }
        kept->dtls->handleTimeout(m_socket);
    });
    return *m_associations.insert(key, association).value();
}

void DtlsLink::forget(const SocketAddress &peer)
{
    const auto it = m_associations.find(peer.key());
    if (it == m_associations.end())
        return;
    // Not destroyed here: a caller up the stack may be inside the QDtls still.
    std::shared_ptr<Association> gone = *it;
    m_associations.erase(it);
    QObject::disconnect(gone->dtls.get(), nullptr, this, nullptr);
    QMetaObject::invokeMethod(
        this, [gone] {}, Qt::QueuedConnection);
}

void DtlsLink::connectTo(const SocketAddress &server, const QString &verifyName)
{
    m_client = true;
    m_server = server;
    m_verifyName = verifyName;
    Association &association = add(server, false, verifyName);
    continueHandshake(association, {});
}

void DtlsLink::received(const SocketAddress &from, const QByteArray &datagram)
{
    if (m_client && from.key() != m_server.key())
        return ignored(from, tr("only the DTLS server %1 is answered").arg(m_server.toString()));
    const auto it = m_associations.constFind(from.key());
    if (it == m_associations.cend()) {
        if (!m_client)
            newPeer(from, datagram);
        return;
    }
    const std::shared_ptr<Association> association = *it; // alive until this returns
    if (!association->dtls->isConnectionEncrypted())
        return continueHandshake(*association, datagram);
    const QByteArray plaintext = association->dtls->decryptDatagram(m_socket, datagram);
    switch (association->dtls->dtlsError()) {
    case QDtlsError::NoError:
        if (!plaintext.isEmpty())
            m_host->dtlsReceived(from, plaintext);
        return;
    case QDtlsError::RemoteClosedConnectionError:
        forget(from);
        m_host->dtlsEnded(
            from, EventKind::Close, tr("DTLS session closed by %1").arg(from.toString()), Direction::Info);
        return;
    case QDtlsError::TlsNonFatalError:
        // A datagram that is not a record of this session (a stale retransmission, noise): dropped.
        return ignored(from, association->dtls->dtlsErrorString());
    default:
        forget(from);
        m_host->dtlsEnded(from, EventKind::Tls,
            tr("DTLS session with %1 failed: %2").arg(from.toString(), association->dtls->dtlsErrorString()),
            Direction::Error);
        return;
    }
}

void DtlsLink::newPeer(const SocketAddress &from, const QByteArray &datagram)
{
    // A DTLS record of the handshake (content type 22, version 254.x) opens every association.
    if (datagram.size() < 13 || datagram.at(0) != char(22) || datagram.at(1) != char(0xfe))
        return ignored(from, tr("not a DTLS handshake"));
    if (m_associations.size() >= MaxAssociations)
        return ignored(from, tr("%1 DTLS peers already (the most kept)").arg(MaxAssociations));
    // A peer is taken on only once it has proven its address by returning the cookie sent to it.
    if (!m_verifier.verifyClient(m_socket, datagram, from.address(), from.port())) {
        if (m_verifier.dtlsError() != QDtlsError::NoError)
            ignored(from, m_verifier.dtlsErrorString());
        return;
    }
    Association &association = add(from, true, {});
    continueHandshake(association, datagram);
}

void DtlsLink::continueHandshake(Association &association, const QByteArray &datagram)
{
    const std::shared_ptr<Association> kept = m_associations.value(association.address.key());
    if (!kept)
        return;
    if (!kept->dtls->doHandshake(m_socket, datagram)) {
        if (kept->dtls->handshakeState() == QDtls::PeerVerificationFailed)
            return verificationFailed(*kept);
        kept->dtls->abortHandshake(m_socket);
        return failed(kept->address, handshakeFailure(*kept, kept->dtls->dtlsErrorString()));
    }
    if (kept->dtls->handshakeState() == QDtls::HandshakeComplete)
        handshakeDone(*kept);
}

void DtlsLink::verificationFailed(Association &association)
{
    const QList<QSslError> errors = association.dtls->peerVerificationErrors();
    const QSslCertificate certificate = certificateOf(QSslCertificate(), errors);
    if (!certificate.isNull()) {
        const QString fingerprint = certificateFingerprint(certificate);
        if (!m_policy->isServer() && m_policy->trusts(fingerprint)) {
            association.dtls->ignoreVerificationErrors(errors);
            if (association.dtls->resumeHandshake(m_socket)) {
                if (association.dtls->handshakeState() == QDtls::HandshakeComplete)
                    handshakeDone(association);
                return;
            }
        } else {
            association.untrustedFingerprint = fingerprint;
            if (!m_policy->isServer())
                m_policy->reportUntrusted(
                    describeUntrusted(m_verifyName, association.address.port(), certificate, errors));
        }
    }
    QStringList reasons;
    for (const QSslError &error : errors)
        reasons.append(error.errorString());
    reasons.removeDuplicates();
    if (reasons.isEmpty())
        reasons.append(association.dtls->dtlsErrorString());
    association.dtls->abortHandshake(m_socket);
    failed(association.address, handshakeFailure(association, reasons.join(QStringLiteral("; "))));
}

void DtlsLink::handshakeDone(Association &association)
{
    QString text = tr("DTLS handshake with %1 done: %2, cipher %3")
                       .arg(association.address.toString(), protocolName(association.dtls->sessionProtocol()),
                           association.dtls->sessionCipher().name());
    text += peerCertificateNote(*m_policy, association.dtls->dtlsConfiguration().peerCertificate());
    m_host->dtlsSecured(association.address, text);
}

QString DtlsLink::handshakeFailure(const Association &association, const QString &reason) const
{
    QString text = tr("DTLS handshake with %1 failed: %2").arg(association.address.toString(), reason);
    if (!association.untrustedFingerprint.isEmpty())
        text += QLatin1Char(' ')
            + tr("(certificate SHA-256 fingerprint %1)").arg(association.untrustedFingerprint);
    return text;
}

void DtlsLink::failed(const SocketAddress &peer, const QString &reason)
{
    forget(peer);
    m_host->dtlsEnded(peer, EventKind::Tls, reason, Direction::Error);
}

void DtlsLink::send(const SocketAddress &to, const QByteArray &plaintext)
{
    const auto it = m_associations.constFind(to.key());
    if (it == m_associations.cend() || !(*it)->dtls->isConnectionEncrypted()) {
        m_host->dtlsNote(to, EventKind::Dropped,
            tr("not sent: %1 has no DTLS session with this socket (no finished handshake)")
                .arg(to.toString()),
            Direction::Error);
        return;
    }
    if (plaintext.size() > MaxDtlsPayload) {
        m_host->dtlsNote(to, EventKind::Dropped,
            tr("not sent: %1 bytes do not fit in one DTLS record (at most %2 bytes)")
                .arg(plaintext.size())
                .arg(MaxDtlsPayload),
            Direction::Error);
        return;
    }
    const std::shared_ptr<Association> association = *it;
    if (association->dtls->writeDatagramEncrypted(m_socket, plaintext) < 0) {
        m_host->dtlsNote(to, EventKind::Dropped,
            tr("sending %1 bytes to %2 failed: %3")
                .arg(plaintext.size())
                .arg(to.toString(), association->dtls->dtlsErrorString()),
            Direction::Error);
        return;
    }
    m_host->dtlsSent(to, plaintext);
}

bool DtlsLink::isSecured(const SocketAddress &peer) const
{
    const Association *association = find(peer);
    return association && association->dtls->isConnectionEncrypted();
}

void DtlsLink::closeAll()
{
    if (m_ignored > 0)
        reportIgnored(m_lastIgnored, m_lastIgnoredWhy);
    const auto associations = m_associations;
    m_associations.clear();
    for (const std::shared_ptr<Association> &association : associations) {
        QObject::disconnect(association->dtls.get(), nullptr, this, nullptr);
        if (association->dtls->isConnectionEncrypted())
            association->dtls->shutdown(m_socket); // close_notify: the peer learns the session ended
        else if (association->dtls->handshakeState() == QDtls::HandshakeInProgress)
            association->dtls->abortHandshake(m_socket);
    }
}

void DtlsLink::ignored(const SocketAddress &from, const QString &why)
{
    ++m_ignored;
    m_lastIgnored = from;
    m_lastIgnoredWhy = why;
    constexpr qint64 IgnoredLineMs = 1000;
    if (m_ignoredReported.isValid() && !m_ignoredReported.hasExpired(IgnoredLineMs)) {
        // At most a line a second under a flood: the rest are told of when the second is over.
        if (!m_ignoredLater.isActive())
            m_ignoredLater.start(int(IgnoredLineMs - m_ignoredReported.elapsed()));
        return;
    }
    reportIgnored(from, why);
}

void DtlsLink::reportIgnored(const SocketAddress &from, const QString &why)
{
    const QString text = m_ignored == 1
        ? tr("ignored a datagram from %1: %2").arg(from.toString(), why)
        : tr("ignored %1 datagrams, the last from %2: %3").arg(m_ignored).arg(from.toString(), why);
    m_ignored = 0;
    m_ignoredReported.start();
    m_ignoredLater.stop();
    m_host->dtlsNote(from, EventKind::Dropped, text, Direction::Error);
}

} // namespace sockpit::tls
