#pragma once

#include <QHostAddress>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace sockpit::ui {

// The multicast part of a UDP session's options: a group, the interface to use (from
// QNetworkInterface), Join and Leave, and the groups of the session. While the session is idle, Join
// and Leave edit the groups joined at the next start; while it runs, they ask the session to join or
// leave at once, and the list follows the session's join/leave events.
class MulticastPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit MulticastPanel(QWidget *parent = nullptr);

    QVector<QHostAddress> groups() const;
    void setGroups(const QVector<QHostAddress> &groups);
    QString interfaceName() const; // empty: the routing table's choice
    void setInterfaceName(const QString &name);
    void setRunning(bool running);
    // A group the session joined (or left), as its events report.
    void noteMembership(const QHostAddress &group, bool joined);

signals:
    void joinRequested(const QHostAddress &group, const QString &interfaceName);
    void leaveRequested(const QHostAddress &group, const QString &interfaceName);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillInterfaces();
    // The typed group, or the selected one; null (the reason in the field's tooltip) when there is none.
    QHostAddress chosenGroup(bool typedOnly);
    void onJoin();
    void onLeave();

    QLineEdit *m_group;
    QComboBox *m_interface;
    QPushButton *m_join;
    QPushButton *m_leave;
    QListWidget *m_list;
    bool m_running = false;
};

} // namespace sockpit::ui
