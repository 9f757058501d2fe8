// A running session's echo, client limit, framing, checksum check and auto-reply rules change from the
// Options popup without a restart, and the log says so; the options that need a restart stay locked.

#include "checksum.h"
#include "logview.h"
#include "sessionoptionspopup.h"
#include "sessiontabdriver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUdpSocket>

using namespace sockpit;
using namespace sockpit::test;
using namespace sockpit::ui;

class tst_SessionTabOptions : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void echoAndLimitChangeWhileRunning();
    void framingChangesWhenTheDelimiterIsWhole();
    void checksumCheckStartsWhileRunning();
};

namespace {
template<typename T> T *option(SessionTab *tab, const char *name)
{
    return tab->settingsBar()->optionsPopup()->findChild<T *>(QString::fromLatin1(name));
}

bool logSays(SessionTab *tab, const QString &text)
{
    const LogModel *model = tab->logView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, LogModel::PayloadColumn).data().toString().contains(text))
            return true;
    }
    return false;
}
} // namespace

void tst_SessionTabOptions::echoAndLimitChangeWhileRunning()
{
    SessionTab tab;
    tab.setConfig(serverConfig());
    QVERIFY(clickStart(&tab));
    QTcpSocket first;
    first.connectToHost(QHostAddress::LocalHost, tab.session()->localPort());
    QVERIFY(first.waitForConnected(5000));
    QTRY_COMPARE(tab.session()->counters().connections, 1);

    // What needs a restart stays locked; what does not can be changed.
    QVERIFY(!option<QCheckBox>(&tab, "chat")->isEnabled());
    auto *echo = option<QCheckBox>(&tab, "echo");
    auto *maxClients = option<QSpinBox>(&tab, "maxClients");
    QVERIFY(echo->isEnabled());
    QVERIFY(maxClients->isEnabled());
    echo->setChecked(true);
    maxClients->setValue(1);
    QTRY_VERIFY(logSays(&tab, QStringLiteral("changed while running: echo on, at most 1 client")));
    QCOMPARE(tab.session()->config().echo, true);

    first.write("hello");
    QByteArray echoed;
    QTRY_VERIFY((echoed += first.readAll()) == "hello");
    QTcpSocket second; // over the limit of one: closed at once
    second.connectToHost(QHostAddress::LocalHost, tab.session()->localPort());
    QTRY_COMPARE(tab.session()->counters().refused, qint64(1));
    QCOMPARE(tab.session()->counters().connections, 1);
}

void tst_SessionTabOptions::framingChangesWhenTheDelimiterIsWhole()
{
    SessionTab tab;
    tab.setConfig(serverConfig());
    QVERIFY(clickStart(&tab));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, tab.session()->localPort());
    QVERIFY(client.waitForConnected(5000));
    QTRY_COMPARE(tab.session()->counters().connections, 1);

    auto *framing = option<QComboBox>(&tab, "framing");
    auto *delimiter = option<QLineEdit>(&tab, "delimiter");
    QVERIFY(framing->isEnabled());
    framing->setCurrentIndex(framing->findData(3)); // the popup's "Delimiter" choice
    delimiter->setText(QStringLiteral(";"));
    QTRY_VERIFY(logSays(&tab, QStringLiteral("changed while running: messages split anew")));
    QCOMPARE(tab.session()->config().framing.kind, Framing::Kind::Delimiter);
    QCOMPARE(tab.session()->config().framing.delimiter, QByteArray(";"));

    client.write("a;b;");
    QTRY_COMPARE(countRows(tab.logView()->model(), Direction::In, QStringLiteral("a;")), 1);
    QTRY_COMPARE(countRows(tab.logView()->model(), Direction::In, QStringLiteral("b;")), 1);

    // A delimiter that cannot be read is not applied: the session keeps the last good one.
    delimiter->setText(QStringLiteral("\\x4"));
    QVERIFY(!tab.settingsBar()->isValid());
    delimiter->setText(QStringLiteral("\\x7c"));
    QTRY_COMPARE(tab.session()->config().framing.delimiter, QByteArray("|"));
}

// A UDP session starts checking received messages from the popup; the log's Check column appears
// and marks each datagram, and the filter shows the bad ones alone.
void tst_SessionTabOptions::checksumCheckStartsWhileRunning()
{
    SessionTab tab;
    SessionConfig config = serverConfig();
    config.mode = SessionMode::Udp;
    tab.setConfig(config);
    QVERIFY(clickStart(&tab));
    QTableView *table = tab.logView()->tableView();
    QVERIFY(table->isColumnHidden(LogModel::CheckColumn));

    auto *kind = option<QComboBox>(&tab, "checkKind");
    QVERIFY(kind->isEnabled());
    kind->setCurrentIndex(kind->findData(int(ChecksumKind::Crc16Modbus)));
    QTRY_VERIFY(logSays(&tab, QStringLiteral("changed while running: checksums checked (crc16-modbus:le)")));
    QTRY_VERIFY(!table->isColumnHidden(LogModel::CheckColumn));
    QCOMPARE(tab.session()->config().receiveCheck.spec.kind, ChecksumKind::Crc16Modbus);

    QUdpSocket peer;
    const QByteArray good = appendChecksum("\x01\x03", {ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian});
    peer.writeDatagram(good, QHostAddress::LocalHost, tab.session()->localPort());
    QTRY_COMPARE(tab.session()->counters().checked, qint64(1));
    peer.writeDatagram("\x01\x03\x00\x00", QHostAddress::LocalHost, tab.session()->localPort());
    QTRY_COMPARE(tab.session()->counters().checked, qint64(2));
    QCOMPARE(tab.session()->counters().badChecksums, qint64(1));
    QTRY_VERIFY(logSays(&tab, QStringLiteral("bad checksum: CRC-16/MODBUS of the message is")));
    const LogModel *model = tab.logView()->model();
    QStringList results;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(LogModel::DirectionRole).toInt() == int(Direction::In))
            results << model->index(row, LogModel::CheckColumn).data().toString();
    }
    QCOMPARE(results, (QStringList {QStringLiteral("ok"), QStringLiteral("bad")}));

    auto *filter = tab.logView()->findChild<QComboBox *>(QStringLiteral("directionFilter"));
    filter->setCurrentIndex(LogFilterProxy::BadChecksums);
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QCOMPARE(table->model()->index(0, LogModel::CheckColumn).data().toString(), QStringLiteral("bad"));
}

QTEST_MAIN(tst_SessionTabOptions)
#include "tst_sessiontaboptions.moc"
