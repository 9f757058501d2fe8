#pragma once

#include <QComboBox>
#include <QHostAddress>

namespace sockpit::ui {

// The local-address chooser: all interfaces, loopback, one of this machine's addresses, or an IP
// address typed by hand (one of an interface that comes up later, say).
class LocalAddressBox final : public QComboBox
{
    Q_OBJECT
public:
    explicit LocalAddressBox(QWidget *parent = nullptr);

    // The chosen address; false, with a message a user can act on, when the typed text is not one.
    bool address(QHostAddress *address, QString *error) const;
    // Selects the entry of `address`, or types it in when no entry has it.
    void setAddress(const QHostAddress &address);
    void selectEntry(int entry);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
};

} // namespace sockpit::ui
