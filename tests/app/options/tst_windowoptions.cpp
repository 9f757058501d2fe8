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
            QStringLiteral("--mode must be one of tcp-server, tcp-client, udp, icmp, not '%1'")
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

QTEST_GUILESS_MAIN(TestWindowOptions)
#include "tst_windowoptions.moc"
