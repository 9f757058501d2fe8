#include "sendtargetbox.h"

#include "endpoint.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace sockpit::ui {

namespace {
// Every choice, in the order a list offers them.
constexpr SendChoice Choices[] = {SendChoice::AllPeers, SendChoice::DefaultTarget, SendChoice::LastSender,
    SendChoice::OnePeer, SendChoice::SelectedPeers};
} // namespace

SendTargetBox::SendTargetBox(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_box(new QComboBox(this))
{
    m_box->setObjectName(QStringLiteral("sendTarget"));
    m_label->setBuddy(m_box);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_box);
    layout->addStretch(1);
    m_label->setText(tr("Send to:"));
    refill();
}

void SendTargetBox::setOffer(const SessionConfig &config, int selectedPeers)
{
    m_mode = config.mode;
    m_host = config.host;
    m_port = config.port;
    m_selected = selectedPeers;
    refill();
}

SendChoice SendTargetBox::choice() const
{
    return SendChoice(m_box->currentData().toInt());
}

QVector<SendTarget> SendTargetBox::targets(const QVector<ConnId> &selected) const
{
    switch (choice()) {
    case SendChoice::SelectedPeers: {
        QVector<SendTarget> targets;
        for (ConnId id : selected)
            targets << SendTarget::connection(id);
        return targets;
    }
    case SendChoice::LastSender:
        return {SendTarget::lastPeer()};
    case SendChoice::AllPeers:
    case SendChoice::DefaultTarget:
    case SendChoice::OnePeer:
        break;
    }
    return {SendTarget::all()};
}

void SendTargetBox::refill()
{
    const SendChoice previous = m_box->count() > 0 ? choice() : SendChoice::AllPeers;
    const SendChoices offered = modeTraits(m_mode).sendTo;
    m_box->clear();
    for (SendChoice candidate : Choices) {
        // A default target is offered once there is one.
        if (offered.testFlag(candidate) && (candidate != SendChoice::DefaultTarget || !m_host.isEmpty()))
            m_box->addItem(text(candidate), int(candidate));
    }
    m_box->setCurrentIndex(qMax(0, m_box->findData(int(previous))));
    m_box->setEnabled(m_box->count() > 1);
}

QString SendTargetBox::text(SendChoice choice) const
{
    const ModeTraits &traits = modeTraits(m_mode);
    switch (choice) {
    case SendChoice::AllPeers:
        return tr("All clients");
    case SendChoice::DefaultTarget:
        return tr("Target %1").arg(Endpoint {m_host, m_port}.toString());
    case SendChoice::LastSender:
        return tr("Most recent sender");
    case SendChoice::OnePeer:
        return traits.remote == RemoteRole::Ping ? tr("An echo request") : tr("The server");
    case SendChoice::SelectedPeers:
        return traits.peersAreConnections ? tr("Selected clients (%1)").arg(m_selected)
                                          : tr("Selected peers (%1)").arg(m_selected);
    }
    return QString();
}

void SendTargetBox::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_label->setText(tr("Send to:"));
        refill();
    }
    QWidget::changeEvent(event);
}

} // namespace sockpit::ui
