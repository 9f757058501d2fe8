// localAddresses(): the list behind the local-address chooser and "Reachable at".

#include "localaddresses.h"

#include <QTest>

using namespace sockpit;

class tst_LocalAddresses : public QObject
{
    Q_OBJECT
private slots:
    void containsLoopback_data();
    void containsLoopback();
    void noDuplicatesAndNamed();
    void ipv4BeforeIpv6();
};

void tst_LocalAddresses::containsLoopback_data()
{
    QTest::addColumn<QString>("address");
    QTest::newRow("ipv4 loopback") << QStringLiteral("127.0.0.1");
}

void tst_LocalAddresses::containsLoopback()
{
    QFETCH(QString, address);
    const QHostAddress wanted(address);
    const QList<LocalAddress> all = localAddresses();
    bool found = false;
    for (const LocalAddress &local : all) {
        if (local.address == wanted) {
            found = true;
            QVERIFY2(local.loopback, qPrintable(address + QStringLiteral(" not marked loopback")));
            QVERIFY(!local.interfaceName.isEmpty());
        }
    }
    QVERIFY2(found, qPrintable(address + QStringLiteral(" missing from localAddresses()")));
}

void tst_LocalAddresses::noDuplicatesAndNamed()
{
    const QList<LocalAddress> all = localAddresses();
    QVERIFY(!all.isEmpty());
    for (int i = 0; i < all.size(); ++i) {
        QVERIFY(!all.at(i).address.isNull());
        QVERIFY(!all.at(i).interfaceName.isEmpty());
        // Only loopback addresses may be marked loopback.
        if (all.at(i).loopback)
            QVERIFY2(all.at(i).address.isLoopback(), qPrintable(all.at(i).address.toString()));
        for (int j = i + 1; j < all.size(); ++j) {
            const bool same = all.at(i).address == all.at(j).address
                && all.at(i).interfaceName == all.at(j).interfaceName;
            QVERIFY2(!same, qPrintable(all.at(i).address.toString()));
        }
    }
}

void tst_LocalAddresses::ipv4BeforeIpv6()
{
    const QList<LocalAddress> all = localAddresses();
    bool seenIpv6 = false;
    for (const LocalAddress &local : all) {
        const bool isV6 = local.address.protocol() == QHostAddress::IPv6Protocol;
        if (isV6)
            seenIpv6 = true;
        else
            QVERIFY2(
                !seenIpv6, qPrintable(local.address.toString() + QStringLiteral(" after an IPv6 address")));
    }
}

QTEST_GUILESS_MAIN(tst_LocalAddresses)
#include "tst_localaddresses.moc"
