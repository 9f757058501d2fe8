#pragma once

#include "sessionconfig.h"

#include <QFrame>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sockpit::ui {

class ChecksumCheckRow;
class MulticastPanel;
class TlsOptions;

// The options behind a session's Options button, showing those that apply to its mode: a client's
// timeout, reconnection and socket options; a server's echo, client limit and chat room; UDP's echo;
// and for TCP, how received bytes are split into messages (framing).
class SessionOptionsPopup final : public QFrame
{
    Q_OBJECT
public:
    explicit SessionOptionsPopup(QWidget *parent);

    void setMode(SessionMode mode);
    void applyTo(SessionConfig *config) const; // fills in the options of config->mode
    // The same for the options a tab shows before the popup exists (WebSocket and its path, the chat
    // room, TLS), taken from `given` rather than from the fields.
    static void applyShown(const SessionConfig &given, SessionConfig *config);
    void setFrom(const SessionConfig &config);
    bool reconnectEnabled() const;
    void setReconnectEnabled(bool enabled);
    void popUp(QWidget *anchor); // shows the popup under `anchor`
    // Why the options cannot be used as they are (translated), or empty.
    QString problem() const;
    // While the session runs its options are locked, all but those it can change as it runs (echo, the
    // client limit, framing, auto-reply rules, the checksum check) and the multicast groups (UDP).
    void setSessionRunning(bool running);
    MulticastPanel *multicastPanel() const { return m_multicast; }
    // Opens the auto-reply rules editor (a dialog of the popup's parent); OK takes its rules.
    void editAutoReplies();

signals:
    void changed(); // an option that problem() looks at changed
    void liveOptionChanged(); // echo, the client limit, framing, the rules or the checksum check changed

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateFramingRows();
    void updateChatRows();
    QString chatName() const; // the name typed, or the default one
    void keepOnScreen();
    void updateAutoReplyButton();
    // The framing the fields describe; *error set when the delimiter cannot be read.
    Framing framing(QString *error) const;

    QFormLayout *m_form;
    QFormLayout *m_tailForm; // ping and multicast rows, under the TLS options
    QLabel *m_timeoutLabel;
    QSpinBox *m_connectTimeout;
    QCheckBox *m_reconnect;
    QCheckBox *m_noDelay;
    QCheckBox *m_keepAlive;
    QLabel *m_proxyLabel;
    QLineEdit *m_proxy; // a TCP client's proxy URL; empty: none
    QCheckBox *m_webSocket; // TCP server and client: WebSocket (RFC 6455)
    QLabel *m_webSocketResourceLabel;
    QLineEdit *m_webSocketResource; // a WebSocket client's path and query
    QCheckBox *m_echo;
    QLabel *m_maxClientsLabel;
    QSpinBox *m_maxClients;
    QCheckBox *m_chat;
    QLabel *m_chatNameLabel;
    QLineEdit *m_chatName;
    QLabel *m_framingLabel;
    QComboBox *m_framing;
    QLabel *m_delimiterLabel;
    QLineEdit *m_delimiter;
    QLabel *m_prefixLabel;
    QWidget *m_prefixRow;
    QComboBox *m_prefixSize;
    QCheckBox *m_bigEndian;
    QCheckBox *m_includesHeader;
    QLabel *m_fixedLabel;
    QSpinBox *m_fixedLength;
    QLabel *m_gapLabel;
    QSpinBox *m_idleGap;
    QLabel *m_maxFrameLabel;
    QSpinBox *m_maxFrame;
    QLabel *m_framingError;
    QLabel *m_checkLabel;
    ChecksumCheckRow *m_check;
    // ICMP: echo requests to send, how often, how big, how long to wait for each reply.
    struct PingField
    {
        QLabel *label;
        QSpinBox *spin;
    };
    PingField m_pingCount;
    PingField m_pingInterval;
    PingField m_pingSize;
    PingField m_pingTimeout;
    QLabel *m_multicastLabel = nullptr;
    MulticastPanel *m_multicast = nullptr;
    TlsOptions *m_tls;
    QPushButton *m_autoReplyButton;
    AutoReplyRules m_autoReplies;
    SessionMode m_mode = SessionMode::TcpServer;
};

} // namespace sockpit::ui
