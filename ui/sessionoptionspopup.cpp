#include "sessionoptionspopup.h"

#include <QCheckBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace sockpit::ui {

SessionOptionsPopup::SessionOptionsPopup(QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_form(new QFormLayout(this))
    , m_timeoutLabel(new QLabel)
    , m_connectTimeout(new QSpinBox)
    , m_reconnect(new QCheckBox)
    , m_noDelay(new QCheckBox)
    , m_keepAlive(new QCheckBox)
    , m_echo(new QCheckBox)
    , m_maxClientsLabel(new QLabel)
    , m_maxClients(new QSpinBox)
{
    setObjectName(QStringLiteral("optionsPopup"));
    setFrameShape(QFrame::StyledPanel);
    m_connectTimeout->setObjectName(QStringLiteral("connectTimeout"));
    m_connectTimeout->setRange(100, 600000);
    m_connectTimeout->setSingleStep(500);
    m_reconnect->setObjectName(QStringLiteral("reconnect"));
    m_noDelay->setObjectName(QStringLiteral("noDelay"));
    m_keepAlive->setObjectName(QStringLiteral("keepAlive"));
    m_echo->setObjectName(QStringLiteral("echo"));
    m_maxClients->setObjectName(QStringLiteral("maxClients"));
    m_maxClients->setRange(0, 1000000);
    m_timeoutLabel->setBuddy(m_connectTimeout);
    m_maxClientsLabel->setBuddy(m_maxClients);
    m_form->addRow(m_timeoutLabel, m_connectTimeout);
    m_form->addRow(m_reconnect);
    m_form->addRow(m_noDelay);
    m_form->addRow(m_keepAlive);
    m_form->addRow(m_echo);
    m_form->addRow(m_maxClientsLabel, m_maxClients);
    setFrom(SessionConfig());
    retranslate();
}

void SessionOptionsPopup::setMode(SessionMode mode)
{
    const bool client = mode == SessionMode::TcpClient;
    m_form->setRowVisible(m_connectTimeout, client);
    m_form->setRowVisible(m_reconnect, client);
    m_form->setRowVisible(m_noDelay, client);
    m_form->setRowVisible(m_keepAlive, client);
    m_form->setRowVisible(m_echo, !client);
    m_form->setRowVisible(m_maxClients, mode == SessionMode::TcpServer);
    adjustSize();
}

void SessionOptionsPopup::applyTo(SessionConfig *config) const
{
    switch (config->mode) {
    case SessionMode::TcpClient:
        config->connectTimeoutMs = m_connectTimeout->value();
        config->noDelay = m_noDelay->isChecked();
        config->keepAlive = m_keepAlive->isChecked();
        break;
    case SessionMode::TcpServer:
        config->maxClients = m_maxClients->value();
        config->echo = m_echo->isChecked();
        break;
    case SessionMode::Udp:
        config->echo = m_echo->isChecked();
        break;
    }
}

void SessionOptionsPopup::setFrom(const SessionConfig &config)
{
    m_connectTimeout->setValue(config.connectTimeoutMs);
    m_noDelay->setChecked(config.noDelay);
    m_keepAlive->setChecked(config.keepAlive);
    m_echo->setChecked(config.echo);
    m_maxClients->setValue(config.maxClients);
}

bool SessionOptionsPopup::reconnectEnabled() const
{
    return m_reconnect->isChecked();
}

void SessionOptionsPopup::setReconnectEnabled(bool enabled)
{
    m_reconnect->setChecked(enabled);
}

void SessionOptionsPopup::popUp(QWidget *anchor)
{
    adjustSize();
    move(anchor->mapToGlobal(QPoint(0, anchor->height())));
    show();
}

void SessionOptionsPopup::retranslate()
{
    m_timeoutLabel->setText(tr("Connect timeout"));
    m_connectTimeout->setSuffix(tr(" ms"));
    m_connectTimeout->setToolTip(tr("How long to wait for the server to accept before giving up"));
    m_reconnect->setText(tr("Reconnect automatically after a drop"));
    m_reconnect->setToolTip(tr("When the connection is lost, try again, waiting longer after each failure"));
    m_noDelay->setText(tr("Send small writes at once (TCP_NODELAY)"));
    m_noDelay->setToolTip(tr("Off: the system may hold small writes back to join them into fewer packets"));
    m_keepAlive->setText(tr("Keepalive probes (SO_KEEPALIVE)"));
    m_keepAlive->setToolTip(tr("Lets the system notice a peer that vanished without closing"));
    m_echo->setText(tr("Echo: send everything received back to its sender"));
    m_maxClientsLabel->setText(tr("Max clients"));
    m_maxClients->setSpecialValueText(tr("unlimited"));
    m_maxClients->setToolTip(tr("Further clients are accepted and closed at once (0 = unlimited)"));
}

void SessionOptionsPopup::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

} // namespace sockpit::ui
