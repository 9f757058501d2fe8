#pragma once

#include "modetraits.h"
#include "sendtarget.h"
#include "sessionconfig.h"

#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;

namespace sockpit::ui {

// The "Send to" choice above the composer: offers the targets the session's mode has (its row in the
// mode table) and turns the one chosen into the SendTargets a send goes to.
class SendTargetBox final : public QWidget
{
    Q_OBJECT
public:
    explicit SendTargetBox(QWidget *parent = nullptr);

    // Offers what `config`'s mode can send to, `selectedPeers` being how many peers are selected; the
    // choice made stays while it is still offered.
    void setOffer(const SessionConfig &config, int selectedPeers);
    SendChoice choice() const;
    // Where a send goes now, `selected` being the peers selected in the list; empty: nowhere.
    QVector<SendTarget> targets(const QVector<ConnId> &selected) const;
    QComboBox *comboBox() const { return m_box; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refill();
    QString text(SendChoice choice) const;

    QLabel *m_label;
    QComboBox *m_box;
    SessionMode m_mode = SessionMode::TcpServer;
    QString m_host; // a UDP session's default target, when it has one
    quint16 m_port = 0;
    int m_selected = 0;
};

} // namespace sockpit::ui
