// The window's flags (app/options/windowoptions.cpp): the modes --mode takes come from the mode table,
// --port lands where the mode uses it, and --start asks for what the mode cannot start without.

#include "windowoptions.h"

#include <QTest>

using namespace sockpit;
using namespace sockpit::cli;

Q_DECLARE_METATYPE(sockpit::SessionMode)

class TestWindowOptions : public QObject
{
    Q_OBJECT
private slots:
    void modes_data();
    void modes();
    void relaysAreSetUpInTheWindow();
    void portGoesWhereTheModeUsesIt();
    void startNeedsWhatTheModeNeeds();
    void pathGoesWhereTheModeUsesIt();
    void pathIsForTheUnixModesOnly();
};

void TestWindowOptions::modes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<SessionMode>("mode");
    QTest::newRow("default") << QString() << SessionMode::TcpServer;
    QTest::newRow("tcp-server") << QStringLiteral("tcp-server") << SessionMode::TcpServer;
    QTest::newRow("tcp-client") << QStringLiteral("tcp-client") << SessionMode::TcpClient;
    QTest::newRow("udp") << QStringLiteral("udp") << SessionMode::Udp;
    QTest::newRow("icmp") << QStringLiteral("icmp") << SessionMode::Icmp;
    QTest::newRow("unix-server") << QStringLiteral("unix-server") << SessionMode::UnixServer;
    QTest::newRow("unix-client") << QStringLiteral("unix-client") << SessionMode::UnixClient;
    QTest::newRow("unix-dgram") << QStringLiteral("unix-dgram") << SessionMode::UnixDatagram;
}

void TestWindowOptions::modes()
{
    QFETCH(QString, name);
    QFETCH(SessionMode, mode);
    const QStringList arguments
        = name.isEmpty() ? QStringList() : QStringList {QStringLiteral("--mode"), name};
    const Parsed<WindowOptions> parsed = parseWindow(arguments);
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    QCOMPARE(parsed.options->config.mode, mode);
    QCOMPARE(parsed.options->configGiven, !name.isEmpty());
}

void TestWindowOptions::relaysAreSetUpInTheWindow()
{
    for (const char *name : {"tcp-relay", "udp-relay", "tcp", "nonsense"}) {
        const Parsed<WindowOptions> parsed
            = parseWindow({QStringLiteral("--mode"), QString::fromLatin1(name)});
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitStatus, int(ExitUsage));
        QCOMPARE(parsed.message,
            QStringLiteral("--mode must be one of tcp-server, tcp-client, udp, icmp, unix-server, "
                           "unix-client, unix-dgram, not '%1'")
                .arg(QString::fromLatin1(name)));
    }
}

void TestWindowOptions::portGoesWhereTheModeUsesIt()
{
    Parsed<WindowOptions> parsed
        = parseWindow({QStringLiteral("--mode"), QStringLiteral("tcp-client"), QStringLiteral("--host"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("9000")});
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    QCOMPARE(parsed.options->config.port, quint16(9000));
    QCOMPARE(parsed.options->config.bindPort, quint16(0));

    parsed = parseWindow(
        {QStringLiteral("--mode"), QStringLiteral("udp"), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    QCOMPARE(parsed.options->config.bindPort, quint16(0));
    QCOMPARE(parsed.options->config.port, quint16(0));

    // A server's port 0 lets the system pick; a server to connect to has no port 0.
    parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("tcp-client"), QStringLiteral("--port"),
        QStringLiteral("0")});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.exitStatus, int(ExitUsage));
}

void TestWindowOptions::startNeedsWhatTheModeNeeds()
{
    Parsed<WindowOptions> parsed
        = parseWindow({QStringLiteral("--mode"), QStringLiteral("tcp-client"), QStringLiteral("--start")});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.message, QStringLiteral("--start with --mode tcp-client needs --host and --port"));

    parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("icmp"), QStringLiteral("--start")});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.message, QStringLiteral("--start with --mode icmp needs --host"));

    for (const char *name : {"tcp-server", "udp"}) {
        parsed
            = parseWindow({QStringLiteral("--mode"), QString::fromLatin1(name), QStringLiteral("--start")});
        QVERIFY2(parsed.options, qPrintable(parsed.message));
        QVERIFY(parsed.options->start);
    }
}

void TestWindowOptions::pathGoesWhereTheModeUsesIt()
{
    const QString path = QStringLiteral("/tmp/app.sock");
    Parsed<WindowOptions> parsed = parseWindow(
        {QStringLiteral("--mode"), QStringLiteral("unix-server"), QStringLiteral("--path"), path});
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    QCOMPARE(parsed.options->config.localPath, path);
    QVERIFY(parsed.options->config.remotePath.isEmpty());
    QVERIFY(parsed.options->configGiven);

    parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("unix-client"), QStringLiteral("--path"),
        QStringLiteral("@name"), QStringLiteral("--start")});
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    QCOMPARE(parsed.options->config.remotePath, QStringLiteral("@name"));
    QVERIFY(parsed.options->config.localPath.isEmpty());

    parsed = parseWindow(
        {QStringLiteral("--mode"), QStringLiteral("unix-dgram"), QStringLiteral("--path"), path});
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    QCOMPARE(parsed.options->config.localPath, path);

    // A datagram socket may start without a path: the system picks an abstract name.
    parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("unix-dgram"), QStringLiteral("--start")});
    QVERIFY2(parsed.options, qPrintable(parsed.message));
    for (const char *name : {"unix-server", "unix-client"}) {
        parsed
            = parseWindow({QStringLiteral("--mode"), QString::fromLatin1(name), QStringLiteral("--start")});
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitStatus, int(ExitUsage));
        QCOMPARE(parsed.message,
            QStringLiteral("--start with --mode %1 needs --path").arg(QString::fromLatin1(name)));
    }
}

void TestWindowOptions::pathIsForTheUnixModesOnly()
{
    Parsed<WindowOptions> parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("tcp-server"),
        QStringLiteral("--path"), QStringLiteral("/tmp/x")});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.exitStatus, int(ExitUsage));
    QCOMPARE(parsed.message,
        QStringLiteral("--path applies to the Unix modes (unix-server, unix-client, unix-dgram)"));

    parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("unix-server"), QStringLiteral("--port"),
        QStringLiteral("9000")});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.message, QStringLiteral("--port does not apply to --mode unix-server: use --path"));

    parsed = parseWindow({QStringLiteral("--mode"), QStringLiteral("unix-server"), QStringLiteral("--path"),
        QStringLiteral("/tmp/") + QString(120, QLatin1Char('a'))});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.exitStatus, int(ExitUsage));
    QVERIFY2(parsed.message.startsWith(QStringLiteral("--path: the Unix socket path")),
        qPrintable(parsed.message));

    parsed = parseWindow({QStringLiteral("--workspace"), QStringLiteral("w.json"), QStringLiteral("--path"),
        QStringLiteral("/tmp/x")});
    QVERIFY(!parsed.options);
    QCOMPARE(parsed.message, QStringLiteral("--workspace cannot be combined with --path"));
}

QTEST_GUILESS_MAIN(TestWindowOptions)
#include "tst_windowoptions.moc"
