#include "tlstrustprompt.h"

#include "appsettings.h"
#include "modetraits.h"
#include "qttlstransport.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QPushButton>

namespace sockpit::ui {

TlsTrustPrompt::TlsTrustPrompt(QWidget *parent)
    : QObject(parent)
    , m_parent(parent)
{ }

std::shared_ptr<const TlsTransport> TlsTrustPrompt::transportFor(
    const SessionConfig &config, QString *error, QString *note)
{
    if (tlsRole(config) == TlsRole::None)
        return nullptr;
    auto transport = tls::QtTlsTransport::create(config, error);
    if (!transport)
        return nullptr;
    if (transport->generatedCertificate()) {
        *note = tr("TLS: a self-signed certificate was made for this start, SHA-256 fingerprint %1")
                    .arg(tls::certificateFingerprint(transport->localCertificate()));
    }
    if (tlsRole(config) == TlsRole::Client && config.tls.verifyPeer) {
        transport->setTrustedFingerprints(AppSettings::trustedCertificates(config.host));
        // Reported on an I/O thread; asked in the GUI thread, if this prompt still exists then.
        transport->setUntrustedHandler(
            [prompt = QPointer<TlsTrustPrompt>(this)](const tls::UntrustedCertificate &certificate) {
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [prompt, certificate] {
                        if (prompt)
                            prompt->ask(certificate);
                    },
                    Qt::QueuedConnection);
            });
    }
    return transport;
}

void TlsTrustPrompt::ask(const tls::UntrustedCertificate &certificate)
{
    if (m_box)
        m_box->close(); // an older question is answered by this one
    auto *box = new QMessageBox(m_parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("tlsTrustQuestion"));
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Untrusted certificate"));
    // The certificate's names come from the peer: plain text, never rich text.
    box->setTextFormat(Qt::PlainText);
    box->setText(
        tr("The certificate of %1:%2 could not be verified.").arg(certificate.host).arg(certificate.port));
    box->setInformativeText(tr("%1\n\nIssued to: %2\nIssued by: %3\nSHA-256 fingerprint:\n%4\n\n"
                               "Trust this certificate for %5 from now on? Do so only when the fingerprint "
                               "is the one the server's owner gave you.")
                                .arg(certificate.reasons, certificate.subject, certificate.issuer,
                                    certificate.fingerprint, certificate.host));
    auto *trust = box->addButton(tr("Trust and Connect"), QMessageBox::AcceptRole);
    trust->setObjectName(QStringLiteral("trustButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, trust, certificate](QAbstractButton *button) {
        Q_UNUSED(box)
        if (button != trust)
            return;
        AppSettings::trustCertificate(certificate.host, certificate.fingerprint);
        emit trusted();
    });
    m_box = box;
    box->open();
}

} // namespace sockpit::ui
