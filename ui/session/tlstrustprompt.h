#pragma once

#include "sessionconfig.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <memory>

class QWidget;

namespace sockpit {
class TlsTransport;
}

namespace sockpit::tls {
struct UntrustedCertificate;
}

namespace sockpit::ui {

// A window session's TLS: makes the transport its config asks for and, for a client that meets a
// server certificate it cannot verify, asks the user (without blocking the window) whether to trust
// that certificate for that host. A yes is remembered (AppSettings) and announced by trusted().
class TlsTrustPrompt final : public QObject
{
    Q_OBJECT
public:
    explicit TlsTrustPrompt(QWidget *parent);

    // The transport for `config` (null for plain TCP and UDP, and on failure, with *error set);
    // *note tells about a certificate made for this start.
    std::shared_ptr<const TlsTransport> transportFor(
        const SessionConfig &config, QString *error, QString *note);
    // Shows the question for `certificate` (GUI thread).
    void ask(const tls::UntrustedCertificate &certificate);
    QMessageBox *openQuestion() const { return m_box; }

signals:
    void trusted(); // the user trusts a certificate: connect again

private:
    QWidget *m_parent;
    QPointer<QMessageBox> m_box;
};

} // namespace sockpit::ui
