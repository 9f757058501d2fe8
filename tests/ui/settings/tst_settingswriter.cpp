// Settings are written on a thread of their own, in the order they were made, and a read waits for the
// writes before it: starting a session must not wait for the disk, and nothing saved may be lost or
// read back stale.

#include "appsettings.h"
#include "settingswriter.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSemaphore>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cstdlib>

using namespace sockpit;
using namespace sockpit::ui;

class tst_SettingsWriter : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        if (qEnvironmentVariableIsSet("SOCKPIT_TEST_EXIT_WITH_WRITES"))
            exitWithWritesQueued(); // the child of changesQueuedAtExitAreWritten; does not return
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

    // A program that ends while its last change is still queued behind a slow one.
    [[noreturn]] static void exitWithWritesQueued()
    {
        {
            int argc = 1;
            char name[] = "tst_settingswriter";
            char *argv[] = {name, nullptr};
            QCoreApplication app(argc, argv);
            QSemaphore gate;
            SettingsWriter::post([&](QSettings &) { gate.acquire(); });
            SettingsWriter::post(
                [](QSettings &settings) { settings.setValue(QStringLiteral("test/atExit"), true); });
            gate.release();
        } // the application ends here, its writes perhaps not yet done
        std::exit(0);
    }

private slots:
    void writesOffTheCallingThread();
    void writesInOrder();
    void waitReturnsOnlyWhenWritten();
    void savingASessionDoesNotWaitForTheDisk();
    void changesQueuedAtExitAreWritten();
};

void tst_SettingsWriter::writesOffTheCallingThread()
{
    std::atomic<QThread *> writerThread {nullptr};
    SettingsWriter::post([&](QSettings &settings) {
        writerThread = QThread::currentThread();
        settings.setValue(QStringLiteral("test/thread"), true);
    });
    SettingsWriter::waitForWrites();
    QVERIFY(writerThread.load() != nullptr);
    QVERIFY(writerThread.load() != QThread::currentThread());
    QCOMPARE(QSettings().value(QStringLiteral("test/thread")).toBool(), true);
}

void tst_SettingsWriter::writesInOrder()
{
    for (int i = 0; i < 50; ++i) {
        SettingsWriter::post([i](QSettings &settings) {
            // Each change sees the one before it: they run one after another, in order.
            const int before = settings.value(QStringLiteral("test/counter"), -1).toInt();
            settings.setValue(QStringLiteral("test/counter"), before == i - 1 ? i : -1000);
        });
    }
    SettingsWriter::waitForWrites();
    QCOMPARE(QSettings().value(QStringLiteral("test/counter")).toInt(), 49);
}

void tst_SettingsWriter::waitReturnsOnlyWhenWritten()
{
    QSemaphore gate;
    SettingsWriter::post([&](QSettings &settings) {
        gate.acquire(); // the disk is slow
        settings.setValue(QStringLiteral("test/late"), QStringLiteral("written"));
    });
    // The change is queued, not made: a plain QSettings does not see it yet.
    QVERIFY(!QSettings().contains(QStringLiteral("test/late")));
    gate.release();
    SettingsWriter::waitForWrites();
    QCOMPARE(QSettings().value(QStringLiteral("test/late")).toString(), QStringLiteral("written"));
}

void tst_SettingsWriter::savingASessionDoesNotWaitForTheDisk()
{
    // The writer is held busy; saving a session's settings (what the window does when a session starts)
    // must return all the same. Written on the calling thread, it would wait here for ever.
    QSemaphore gate;
    SettingsWriter::post([&](QSettings &) { gate.acquire(); });
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    config.host = QStringLiteral("device.example");
    config.port = 5020;
    AppSettings::saveConfig(config);
    AppSettings::setComposerHistory({QStringLiteral("hello")});
    gate.release();
    // A read waits for the writes before it, so it sees them.
    QCOMPARE(AppSettings::lastMode(), SessionMode::TcpClient);
    QCOMPARE(AppSettings::lastConfig(SessionMode::TcpClient).host, QStringLiteral("device.example"));
    QCOMPARE(AppSettings::lastConfig(SessionMode::TcpClient).port, quint16(5020));
    QCOMPARE(AppSettings::composerHistory(), QStringList {QStringLiteral("hello")});
}

void tst_SettingsWriter::changesQueuedAtExitAreWritten()
{
    // Written when the application ends, while QSettings still works: not lost, and not run after
    // Qt's own state is gone (that crashed).
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SOCKPIT_TEST_EXIT_WITH_WRITES"), QStringLiteral("1"));
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForFinished(20000));
    QCOMPARE(child.exitStatus(), QProcess::NormalExit);
    QCOMPARE(child.exitCode(), 0);
    QSettings written; // the same file: the child had this program's name and settings folder
    written.sync(); // reads what the child wrote
    QCOMPARE(written.value(QStringLiteral("test/atExit")).toBool(), true);
}

QTEST_MAIN(tst_SettingsWriter)
#include "tst_settingswriter.moc"
