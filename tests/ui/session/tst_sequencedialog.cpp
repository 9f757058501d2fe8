// Session > Run Sequence: the dialog runs the sequence it holds on a running session against a device
// on loopback, a row per step with its result and time; a failing step, a text that is no sequence and
// a session that is not running are said in the status line (never a modal dialog); open and save go
// through the file chooser; the main window offers it for the modes a sequence can run on.

#include "dialoganswers.h"
#include "mainwindow.h"
#include "sequencedialog.h"
#include "session.h"
#include "sessiontab.h"

#include <QAction>
#include <QFile>
#include <QPushButton>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

namespace {

constexpr int WaitMs = 10000;

// Answers "PING" lines with "PONG n", n counting from 1.
class Device final : public QObject
{
public:
    Device()
    {
        server.listen(QHostAddress::LocalHost, 0);
        connect(&server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *client = server.nextPendingConnection();
            connect(client, &QTcpSocket::readyRead, this, [this, client] {
                while (client->canReadLine()) {
                    if (client->readLine().trimmed() == "PING")
                        client->write("PONG " + QByteArray::number(++pongs) + "\r\n");
                }
            });
        });
    }
    QTcpServer server;
    int pongs = 0;
};

bool startClient(Session &session, quint16 port)
{
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    session.start(config);
    return QTest::qWaitFor([&] { return session.state() == Session::State::Running; }, WaitMs);
}

QString cell(const SequenceDialog &dialog, int row, int column)
{
    const auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("sequenceResults"));
    const QTableWidgetItem *item = table ? table->item(row, column) : nullptr;
    return item ? item->text() : QString();
}

int rows(const SequenceDialog &dialog)
{
    return dialog.findChild<QTableWidget *>(QStringLiteral("sequenceResults"))->rowCount();
}

} // namespace

class tst_SequenceDialog : public QObject
{
    Q_OBJECT
private slots:
    void runsAndShowsEachStep();
    void failedStepInStatus();
    void invalidTextInStatus();
    void sessionNotRunning();
    void openAndSave();
    void offeredByTheWindow();
};

void tst_SequenceDialog::runsAndShowsEachStep()
{
    Device device;
    Session session;
    QVERIFY(startClient(session, device.server.serverPort()));
    SequenceDialog dialog(&session);
    dialog.setSequenceText(QStringLiteral(R"js({"steps": [
        {"kind": "repeat", "count": 2, "steps": [{"kind": "send", "text": "PING\n"},
            {"kind": "expect", "match": "regex", "pattern": "PONG (\\d)"}]}]})js"));
    QVERIFY2(dialog.run(), qPrintable(dialog.statusText()));
    QVERIFY(dialog.isRunning());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("sequenceRun"))->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isRunning(), WaitMs);
    QCOMPARE(rows(dialog), 4);
    QCOMPARE(cell(dialog, 0, SequenceDialog::StepColumn), QStringLiteral("1#1.1"));
    QCOMPARE(cell(dialog, 3, SequenceDialog::StepColumn), QStringLiteral("1#2.2"));
    for (int row = 0; row < 4; ++row)
        QCOMPARE(cell(dialog, row, SequenceDialog::ResultColumn), QStringLiteral("ok"));
    QCOMPARE(cell(dialog, 3, SequenceDialog::WhatColumn), QStringLiteral("expect regex \"PONG (\\d)\""));
    QVERIFY2(cell(dialog, 3, SequenceDialog::DetailColumn).contains(QLatin1String("PONG 2")),
        qPrintable(cell(dialog, 3, SequenceDialog::DetailColumn)));
    bool number = false;
    cell(dialog, 1, SequenceDialog::TimeColumn).toDouble(&number);
    QVERIFY(number);
    QCOMPARE(dialog.statusText(), QStringLiteral("Every step passed."));
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("sequenceRun"))->isEnabled());
    session.stop();
}

void tst_SequenceDialog::failedStepInStatus()
{
    Device device;
    Session session;
    QVERIFY(startClient(session, device.server.serverPort()));
    SequenceDialog dialog(&session);
    dialog.setSequenceText(QStringLiteral(R"js({"steps": [{"kind": "send", "text": "PING\n"},
        {"kind": "expect", "pattern": "NEVER", "timeoutMs": 100}]})js"));
    DialogAnswers dialogs;
    QVERIFY(dialog.run());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isRunning(), WaitMs);
    QCOMPARE(rows(dialog), 2);
    QCOMPARE(cell(dialog, 1, SequenceDialog::ResultColumn), QStringLiteral("FAIL"));
    QVERIFY2(cell(dialog, 1, SequenceDialog::DetailColumn).contains(QLatin1String("timed out after 100 ms")),
        qPrintable(cell(dialog, 1, SequenceDialog::DetailColumn)));
    QCOMPARE(dialog.statusText(), QStringLiteral("Step 2 failed."));
    QCOMPARE(dialogs.count, 0);
    session.stop();
}

void tst_SequenceDialog::invalidTextInStatus()
{
    Session session;
    SequenceDialog dialog(&session);
    dialog.setSequenceText(QStringLiteral(R"js({"steps": [{"kind": "close"}, {"kind": "sned"}]})js"));
    QVERIFY(!dialog.run());
    QVERIFY2(dialog.statusText().contains(QLatin1String("step 2: unknown kind \"sned\"")),
        qPrintable(dialog.statusText()));
}

void tst_SequenceDialog::sessionNotRunning()
{
    Session session;
    SequenceDialog dialog(&session);
    QVERIFY(!dialog.run()); // the example it starts with is valid
    QVERIFY2(
        dialog.statusText().contains(QLatin1String("Start the session")), qPrintable(dialog.statusText()));
}

void tst_SequenceDialog::openAndSave()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Session session;
    SequenceDialog dialog(&session);
    FileChooserAnswers files;
    const QString path = dir.filePath(QStringLiteral("s.json"));
    dialog.setSequenceText(QStringLiteral(R"js({"steps": [{"kind": "close"}]})js"));
    files.answer(path);
    dialog.saveFile();
    QFile saved(path);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray(R"js({"steps": [{"kind": "close"}]})js"));
    dialog.setSequenceText(QString());
    files.answer(path);
    dialog.openFile();
    QCOMPARE(dialog.sequenceText(), QStringLiteral(R"js({"steps": [{"kind": "close"}]})js"));
    QCOMPARE(files.requests.size(), 2);
    dialog.openFile(); // cancelled: nothing changes
    QCOMPARE(dialog.sequenceText(), QStringLiteral(R"js({"steps": [{"kind": "close"}]})js"));
}

void tst_SequenceDialog::offeredByTheWindow()
{
    MainWindow window;
    SessionConfig relay;
    relay.mode = SessionMode::TcpRelay;
    window.addSessionTab(&relay);
    auto *action = window.findChild<QAction *>(QStringLiteral("runSequence"));
    QVERIFY(action);
    QVERIFY(!action->isEnabled()); // a relay has no one connection to talk on
    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    window.addSessionTab(&client);
    QVERIFY(action->isEnabled());
    action->trigger();
    auto *dialog = window.findChild<SequenceDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal());
    dialog->close(); // deletes itself
    QTRY_VERIFY(!window.findChild<SequenceDialog *>());
}

QTEST_MAIN(tst_SequenceDialog)
#include "tst_sequencedialog.moc"
