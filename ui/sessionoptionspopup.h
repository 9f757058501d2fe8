#pragma once

#include "sessionconfig.h"

#include <QFrame>

class QCheckBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace sockpit::ui {

// The options behind a session's Options button, showing those that apply to its mode: a client's
// timeout, reconnection and socket options; a server's echo and client limit; UDP's echo.
class SessionOptionsPopup final : public QFrame
{
    Q_OBJECT
public:
    explicit SessionOptionsPopup(QWidget *parent);

    void setMode(SessionMode mode);
    void applyTo(SessionConfig *config) const; // fills in the options of config->mode
    void setFrom(const SessionConfig &config);
    bool reconnectEnabled() const;
    void setReconnectEnabled(bool enabled);
    void popUp(QWidget *anchor); // shows the popup under `anchor`

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QFormLayout *m_form;
    QLabel *m_timeoutLabel;
    QSpinBox *m_connectTimeout;
    QCheckBox *m_reconnect;
    QCheckBox *m_noDelay;
    QCheckBox *m_keepAlive;
    QCheckBox *m_echo;
    QLabel *m_maxClientsLabel;
    QSpinBox *m_maxClients;
};

} // namespace sockpit::ui
