#include "tlsoptions.h"

#include "filechooser.h"
#include "modetraits.h"
#include "qttlstransport.h"
#include "selfsignedcertificate.h"

#include <QCheckBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {
bool saveFile(const QString &path, const QByteArray &bytes, bool secret, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = TlsOptions::tr("cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    if (secret) // the private key: readable by its owner only
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(bytes);
    if (!file.commit()) {
        *error = TlsOptions::tr("cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
} // namespace

TlsOptions::TlsOptions(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_enabled(new QCheckBox)
    , m_certLabel(new QLabel)
    , m_certFile(new QLineEdit)
    , m_certBrowse(new QPushButton)
    , m_keyLabel(new QLabel)
    , m_keyFile(new QLineEdit)
    , m_keyBrowse(new QPushButton)
    , m_generate(new QPushButton)
    , m_fingerprint(new QLabel)
    , m_caLabel(new QLabel)
    , m_caFile(new QLineEdit)
    , m_caBrowse(new QPushButton)
    , m_verify(new QCheckBox)
{
    m_form->setContentsMargins(0, 0, 0, 0);
    m_enabled->setObjectName(QStringLiteral("tlsEnabled"));
    m_certFile->setObjectName(QStringLiteral("tlsCertFile"));
    m_keyFile->setObjectName(QStringLiteral("tlsKeyFile"));
    m_generate->setObjectName(QStringLiteral("tlsGenerate"));
    m_fingerprint->setObjectName(QStringLiteral("tlsFingerprint"));
    m_fingerprint->setTextFormat(Qt::PlainText);
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fingerprint->setWordWrap(true);
    m_caFile->setObjectName(QStringLiteral("tlsCaFile"));
    m_verify->setObjectName(QStringLiteral("tlsVerify"));
    m_certRow = fileRow(m_certFile, m_certBrowse);
    m_keyRow = fileRow(m_keyFile, m_keyBrowse);
    m_caRow = fileRow(m_caFile, m_caBrowse);
    m_certLabel->setBuddy(m_certFile);
    m_keyLabel->setBuddy(m_keyFile);
    m_caLabel->setBuddy(m_caFile);
    m_form->addRow(m_enabled);
    m_form->addRow(m_certLabel, m_certRow);
    m_form->addRow(m_keyLabel, m_keyRow);
    m_form->addRow(m_generate);
    m_form->addRow(m_caLabel, m_caRow);
    m_form->addRow(m_verify);
    // The wrapped fingerprint stays out of the form (see SessionOptionsPopup: Qt 6.4's QFormLayout and
    // height-for-width rows); shown only for a server, whose rows are the last shown in the form.
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_form);
    layout->addWidget(m_fingerprint);

    connect(m_enabled, &QCheckBox::toggled, this, [this] {
        updateRows();
        emit changed();
    });
    for (QLineEdit *field : {m_certFile, m_keyFile, m_caFile})
        connect(field, &QLineEdit::textChanged, this, &TlsOptions::changed);
    connect(m_verify, &QCheckBox::toggled, this, [this] {
        updateRows();
        emit changed();
    });
    connect(m_certFile, &QLineEdit::textChanged, this, [this] { m_fingerprint->clear(); });
    connect(m_certBrowse, &QPushButton::clicked, this, [this] {
        browse(m_certFile, tr("Server certificate"),
            tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
    });
    connect(m_keyBrowse, &QPushButton::clicked, this,
        [this] { browse(m_keyFile, tr("Private key"), tr("Keys (*.pem *.key *.der);;All files (*)")); });
    connect(m_caBrowse, &QPushButton::clicked, this, [this] {
        browse(m_caFile, tr("Trusted certificates"), tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
    });
    connect(m_generate, &QPushButton::clicked, this, &TlsOptions::onGenerate);
    setSettings(TlsSettings());
    retranslate();
}

QWidget *TlsOptions::fileRow(QLineEdit *field, QPushButton *button)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    field->setMinimumWidth(220);
    layout->addWidget(field, 1);
    layout->addWidget(button);
    return row;
}

void TlsOptions::setMode(SessionMode mode)
{
    m_mode = mode;
    retranslate(); // TLS or DTLS
    updateRows();
}

void TlsOptions::updateRows()
{
    const bool on = m_enabled->isChecked();
    // DTLS on a UDP socket takes either end, by whether a remote host is set: both sets of rows.
    const TlsRole role = modeTraits(m_mode).tls;
    const bool server = role == TlsRole::Server || role == TlsRole::ByRemoteHost;
    const bool client = role == TlsRole::Client || role == TlsRole::ByRemoteHost;
    m_form->setRowVisible(m_certRow, on && server);
    m_form->setRowVisible(m_keyRow, on && server);
    m_form->setRowVisible(m_generate, on && server);
    m_fingerprint->setVisible(on && server && !m_fingerprint->text().isEmpty());
    m_form->setRowVisible(m_caRow, on && client);
    m_form->setRowVisible(m_verify, on && client);
    m_caFile->setEnabled(m_verify->isChecked());
    adjustSize();
}

TlsSettings TlsOptions::settings() const
{
    TlsSettings settings;
    settings.enabled = m_enabled->isChecked();
    const TlsRole role = modeTraits(m_mode).tls;
    if (role == TlsRole::Server || role == TlsRole::ByRemoteHost) {
        settings.certFile = m_certFile->text().trimmed();
        settings.keyFile = m_keyFile->text().trimmed();
    }
    if (role == TlsRole::Client || role == TlsRole::ByRemoteHost) {
        settings.caFile = m_caFile->text().trimmed();
        settings.verifyPeer = m_verify->isChecked();
        if (!settings.verifyPeer)
            settings.caFile.clear();
    }
    return settings;
}

void TlsOptions::setSettings(const TlsSettings &settings)
{
    m_enabled->setChecked(settings.enabled);
    m_certFile->setText(settings.certFile);
    m_keyFile->setText(settings.keyFile);
    m_caFile->setText(settings.caFile);
    m_verify->setChecked(settings.verifyPeer);
    updateRows();
}

QString TlsOptions::problem() const
{
    const TlsRole role = modeTraits(m_mode).tls;
    if (!m_enabled->isChecked() || (role != TlsRole::Server && role != TlsRole::ByRemoteHost))
        return {};
    const bool cert = !m_certFile->text().trimmed().isEmpty();
    const bool key = !m_keyFile->text().trimmed().isEmpty();
    if (cert && !key)
        return tr("TLS: the certificate needs its private key file too");
    if (key && !cert)
        return tr("TLS: the private key needs its certificate file too");
    return {};
}

bool TlsOptions::generateCertificate(const QString &directory, QString *error)
{
    const tls::GeneratedCertificate made = tls::generateLocalCertificate();
    if (!made.ok()) {
        *error = made.error;
        return false;
    }
    if (!QDir().mkpath(directory)) {
        *error = tr("cannot create the folder '%1'").arg(directory);
        return false;
    }
    const QString cert = QDir(directory).filePath(QStringLiteral("sockpit-self-signed.crt"));
    const QString key = QDir(directory).filePath(QStringLiteral("sockpit-self-signed.key"));
    if (!saveFile(key, made.privateKeyPem, true, error) || !saveFile(cert, made.certificatePem, false, error))
        return false;
    m_certFile->setText(cert);
    m_keyFile->setText(key);
    m_fingerprint->setText(
        tr("Self-signed certificate made, SHA-256 fingerprint %1")
            .arg(tls::certificateFingerprint(QSslCertificate(made.certificatePem, QSsl::Pem))));
    updateRows();
    return true;
}

void TlsOptions::onGenerate()
{
    QString error;
    const QString directory
        = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/tls");
    if (!generateCertificate(directory, &error)) {
        m_fingerprint->setText(error);
        updateRows();
    }
}

void TlsOptions::browse(QLineEdit *field, const QString &title, const QString &filter)
{
    const QString path = FileChooser::openFileName(window(), title, field->text(), filter);
    if (!path.isEmpty())
        field->setText(path);
}

void TlsOptions::retranslate()
{
    if (modeTraits(m_mode).tls == TlsRole::ByRemoteHost) {
        m_enabled->setText(tr("DTLS (encrypted datagrams)"));
        m_enabled->setToolTip(
            tr("Run the datagrams over DTLS, as openssl s_server -dtls and s_client -dtls do: without a "
               "remote host, a server of every peer that completes a handshake; with one, a client of that "
               "host. Each message is one datagram of at most 16384 bytes"));
    } else {
        m_enabled->setText(tr("TLS (encrypted)"));
        m_enabled->setToolTip(tr("Run the connections over TLS, as OpenSSL's s_server and s_client do"));
    }
    m_certLabel->setText(tr("Certificate"));
    m_certFile->setPlaceholderText(tr("empty: a new self-signed one at each start"));
    m_keyLabel->setText(tr("Private key"));
    m_keyFile->setPlaceholderText(tr("the key of the certificate"));
    for (QPushButton *button : {m_certBrowse, m_keyBrowse, m_caBrowse})
        button->setText(tr("Browse…"));
    m_generate->setText(tr("Generate self-signed certificate"));
    m_generate->setToolTip(
        tr("Make a certificate for this machine and keep it, so clients can trust it once"));
    m_caLabel->setText(tr("Trusted CAs"));
    m_caFile->setPlaceholderText(tr("empty: the system's certificates"));
    m_caFile->setToolTip(tr("A file of CA certificates (PEM) to trust instead of the system's"));
    m_verify->setText(tr("Verify the server's certificate"));
    m_verify->setToolTip(
        tr("Off: any certificate is accepted (the connection is encrypted, but the server is "
           "not authenticated)"));
}

void TlsOptions::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace sockpit::ui
