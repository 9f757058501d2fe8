#pragma once

#include "sessionconfig.h"

#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sockpit::ui {

// The TLS part of a TCP session's options: on or off; for a server its certificate and key (picked, or
// made self-signed in one click), for a client the certificates it trusts and whether it verifies.
class TlsOptions final : public QWidget
{
    Q_OBJECT
public:
    explicit TlsOptions(QWidget *parent = nullptr);

    void setMode(SessionMode mode);
    TlsSettings settings() const;
    void setSettings(const TlsSettings &settings);
    // Why these settings cannot be used (translated), or empty.
    QString problem() const;
    // Makes a self-signed certificate for this machine, saves it with its key under `directory` and
    // selects both; false with *error when that fails.
    bool generateCertificate(const QString &directory, QString *error);

signals:
    void changed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateRows();
    void browse(QLineEdit *field, const QString &title, const QString &filter);
    void onGenerate();
    QWidget *fileRow(QLineEdit *field, QPushButton *button);

    QFormLayout *m_form;
    QCheckBox *m_enabled;
    QLabel *m_certLabel;
    QLineEdit *m_certFile;
    QPushButton *m_certBrowse;
    QLabel *m_keyLabel;
    QLineEdit *m_keyFile;
    QPushButton *m_keyBrowse;
    QPushButton *m_generate;
    QLabel *m_fingerprint;
    QLabel *m_caLabel;
    QLineEdit *m_caFile;
    QPushButton *m_caBrowse;
    QCheckBox *m_verify;
    QWidget *m_certRow;
    QWidget *m_keyRow;
    QWidget *m_caRow;
    SessionMode m_mode = SessionMode::TcpServer;
};

} // namespace sockpit::ui
