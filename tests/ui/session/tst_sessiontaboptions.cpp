// A running session's echo, client limit, framing and auto-reply rules change from the Options popup
// without a restart, and the log says so; the options that need a restart stay locked.

#include "logview.h"
#include "sessionoptionspopup.h"
#include "sessiontabdriver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTcpSocket>
#include <QTemporaryDir>

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

QTEST_MAIN(tst_SessionTabOptions)
#include "tst_sessiontaboptions.moc"
