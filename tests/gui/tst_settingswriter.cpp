// Settings are written on a thread of their own, in the order they were made, and a read waits for the
// writes before it: starting a session must not wait for the disk, and nothing saved may be lost or
// read back stale.

#include "appsettings.h"
#include "settingswriter.h"

#include <QSemaphore>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace sockpit;
using namespace sockpit::ui;

class tst_SettingsWriter : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void writesOffTheCallingThread();
    void writesInOrder();
    void waitReturnsOnlyWhenWritten();
    void savingASessionDoesNotWaitForTheDisk();
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

QTEST_MAIN(tst_SettingsWriter)
#include "tst_settingswriter.moc"
