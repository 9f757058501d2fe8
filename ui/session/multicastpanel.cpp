#include "multicastpanel.h"

#include "endpoint.h"
#include "errorcolor.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkInterface>
#include <QPushButton>

namespace sockpit::ui {

MulticastPanel::MulticastPanel(QWidget *parent)
    : QWidget(parent)
    , m_group(new QLineEdit)
    , m_interface(new QComboBox)
    , m_join(new QPushButton)
    , m_leave(new QPushButton)
    , m_list(new QListWidget)
{
    setObjectName(QStringLiteral("multicast"));
    m_group->setObjectName(QStringLiteral("multicastGroup"));
    m_interface->setObjectName(QStringLiteral("multicastInterface"));
    m_join->setObjectName(QStringLiteral("multicastJoin"));
    m_leave->setObjectName(QStringLiteral("multicastLeave"));
    m_list->setObjectName(QStringLiteral("multicastGroups"));
    m_list->setMaximumHeight(m_list->fontMetrics().height() * 5);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_group, 0, 0);
    layout->addWidget(m_interface, 0, 1);
    layout->addWidget(m_join, 0, 2);
    layout->addWidget(m_leave, 0, 3);
    layout->addWidget(m_list, 1, 0, 1, 4);
    connect(m_join, &QPushButton::clicked, this, &MulticastPanel::onJoin);
    connect(m_leave, &QPushButton::clicked, this, &MulticastPanel::onLeave);
    connect(m_group, &QLineEdit::returnPressed, this, &MulticastPanel::onJoin);
    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &text) {
        if (!text.isEmpty())
            m_group->setText(text);
    });
    fillInterfaces();
    retranslate();
}

void MulticastPanel::fillInterfaces()
{
    m_interface->clear();
    m_interface->addItem(QString(), QString()); // the routing table's choice; named in retranslate()
    for (const QNetworkInterface &iface : QNetworkInterface::allInterfaces()) {
        if (iface.flags().testFlag(QNetworkInterface::IsUp))
            m_interface->addItem(iface.name(), iface.name());
    }
}

QVector<QHostAddress> MulticastPanel::groups() const
{
    QVector<QHostAddress> result;
    for (int i = 0; i < m_list->count(); ++i)
        result.append(QHostAddress(m_list->item(i)->text()));
    return result;
}

void MulticastPanel::setGroups(const QVector<QHostAddress> &groups)
{
    m_list->clear();
    for (const QHostAddress &group : groups)
        noteMembership(group, true);
}

QString MulticastPanel::interfaceName() const
{
    return m_interface->currentData().toString();
}

void MulticastPanel::setInterfaceName(const QString &name)
{
    int index = m_interface->findData(name);
    if (index < 0) {
        // An interface that is down or gone now: kept, so the session says what is wrong with it.
        m_interface->addItem(name, name);
        index = m_interface->count() - 1;
    }
    m_interface->setCurrentIndex(index);
}

void MulticastPanel::setRunning(bool running)
{
    m_running = running;
    // The outgoing interface is the session's; while it runs, Join and Leave use the one chosen then.
    m_interface->setEnabled(!running);
}

void MulticastPanel::noteMembership(const QHostAddress &group, bool joined)
{
    const QString text = formatAddress(group);
    const QList<QListWidgetItem *> found = m_list->findItems(text, Qt::MatchExactly);
    if (joined && found.isEmpty())
        m_list->addItem(text);
    if (!joined)
        qDeleteAll(found);
}

QHostAddress MulticastPanel::chosenGroup(bool typedOnly)
{
    QString text = m_group->text().trimmed();
    if (text.isEmpty() && !typedOnly && m_list->currentItem())
        text = m_list->currentItem()->text();
    QHostAddress group;
    QString problem;
    if (text.isEmpty())
        problem = tr("enter a multicast group, such as 239.1.2.3 or ff12::1234");
    else if (!group.setAddress(text) || !group.isMulticast())
        problem = tr("'%1' is not a multicast group address (224.0.0.0/4 or ff00::/8)").arg(text);
    // Said by the field itself (tint and tooltip): a label shown and hidden here would resize the popup
    // while it lays itself out.
    QPalette tinted = palette();
    if (!problem.isEmpty()) {
        const QColor base = tinted.color(QPalette::Base);
        const QColor error = errorColor(tinted);
        tinted.setColor(QPalette::Base,
            QColor::fromRgbF(base.redF() * 0.75 + error.redF() * 0.25,
                base.greenF() * 0.75 + error.greenF() * 0.25, base.blueF() * 0.75 + error.blueF() * 0.25));
    }
    m_group->setPalette(tinted);
    m_group->setToolTip(problem);
    return problem.isEmpty() ? group : QHostAddress();
}

void MulticastPanel::onJoin()
{
    const QHostAddress group = chosenGroup(true);
    if (group.isNull())
        return;
    if (m_running)
        emit joinRequested(group, interfaceName());
    else
        noteMembership(group, true); // joined at the next start
}

void MulticastPanel::onLeave()
{
    const QHostAddress group = chosenGroup(false);
    if (group.isNull())
        return;
    if (m_running)
        emit leaveRequested(group, interfaceName());
    else
        noteMembership(group, false);
}

void MulticastPanel::retranslate()
{
    m_group->setPlaceholderText(tr("group, e.g. 239.1.2.3"));
    m_interface->setItemText(0, tr("Default interface"));
    m_interface->setToolTip(tr("The interface groups are joined on and multicast datagrams leave by"));
    m_join->setText(tr("Join"));
    m_leave->setText(tr("Leave"));
    m_list->setToolTip(tr("The session's multicast groups: joined at start, or at once while it runs"));
}

void MulticastPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace sockpit::ui
