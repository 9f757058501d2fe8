#include "localaddressbox.h"

#include "endpoint.h"
#include "localaddresses.h"

#include <QEvent>

namespace sockpit::ui {

LocalAddressBox::LocalAddressBox(QWidget *parent)
    : QComboBox(parent)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert); // Enter starts the session; it does not grow the list
    for (const char *address : {"0.0.0.0", "::", "127.0.0.1", "::1"})
        addItem(QString(), QString::fromLatin1(address));
    const QList<LocalAddress> addresses = localAddresses();
    for (const LocalAddress &local : addresses) {
        if (local.loopback) // already offered above
            continue;
        addItem(formatAddress(local.address) + QStringLiteral(" (") + local.interfaceName + u')',
            local.address.toString());
    }
    retranslate();
    selectEntry(0);
}

bool LocalAddressBox::address(QHostAddress *address, QString *error) const
{
    const int entry = findText(currentText(), Qt::MatchExactly);
    if (entry >= 0)
        return address->setAddress(itemData(entry).toString());
    const QString typed = currentText().trimmed();
    if (typed.isEmpty()) {
        *error = tr("local address is empty: choose one from the list");
        return false;
    }
    if (!validateHost(typed, error))
        return false;
    if (!address->setAddress(typed)) {
        *error = tr("'%1' is not an IP address: choose one from the list or type one like 192.168.1.10")
                     .arg(typed.left(40));
        return false;
    }
    return true;
}

void LocalAddressBox::setAddress(const QHostAddress &address)
{
    // The dual-stack any-address is what "::" binds.
    const QHostAddress wanted
        = address == QHostAddress(QHostAddress::Any) ? QHostAddress(QHostAddress::AnyIPv6) : address;
    for (int i = 0; i < count(); ++i) {
        if (QHostAddress(itemData(i).toString()) == wanted)
            return selectEntry(i);
    }
    setEditText(formatAddress(address));
}

void LocalAddressBox::selectEntry(int entry)
{
    setCurrentIndex(entry);
    setEditText(itemText(entry)); // the index may be unchanged while the text was typed over
}

void LocalAddressBox::retranslate()
{
    // setItemText rewrites the edit text of the current entry: keep an address typed by hand.
    const QString typed = currentText();
    const int entry = findText(typed, Qt::MatchExactly);
    setItemText(0, tr("All interfaces (0.0.0.0)"));
    setItemText(1, tr("All interfaces, IPv4 and IPv6 (::)"));
    setItemText(2, tr("Loopback (127.0.0.1)"));
    setItemText(3, tr("Loopback IPv6 (::1)"));
    if (entry >= 0)
        selectEntry(entry);
    else
        setEditText(typed);
}

void LocalAddressBox::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QComboBox::changeEvent(event);
}

} // namespace sockpit::ui
