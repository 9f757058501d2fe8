// A workspace file keeps every tab's settings, name and presets; a bad value spoils only its own field
// of its own tab, and says so; a file that is not a workspace is refused as a whole.

#include "autoreply.h"
#include "workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

class tst_Workspace : public QObject
{
    Q_OBJECT
private slots:
    void everySettingRoundTrips_data();
    void everySettingRoundTrips();
    void badValuesStayInTheirTab();
    void missingFilesAreNamed();
    void notAWorkspaceIsRefused_data();
    void notAWorkspaceIsRefused();
    void filesRoundTripAndNameThemselves();
    void valueFieldsRoundTripOrAreNamed();
};

namespace {
QString S(const char *text)
{
    return QString::fromUtf8(text);
}

SessionConfig fullConfig(SessionMode mode)
{
    SessionConfig config;
    config.mode = mode;
    config.bindAddress = QHostAddress(S("::1"));
    config.bindAddressSet = true;
    config.bindPort = 9001;
    config.host = S("device.example");
    config.port = 502;
    config.echo = true;
    config.maxClients = 7;
    config.chat = true;
    config.chatName = S("小明");
    config.connectTimeoutMs = 2500;
    config.noDelay = false;
    config.keepAlive = true;
    config.framing.kind = Framing::Kind::LengthPrefix;
    config.framing.delimiter = QByteArray("\x7e\x00", 2);
    config.framing.prefixSize = 4;
    config.framing.bigEndian = false;
    config.framing.lengthIncludesPrefix = true;
    config.framing.maxFrame = 4096;
    config.receiveCheck.spec = {ChecksumKind::Crc16Kermit, ByteOrder::LittleEndian};
    config.receiveCheck.skipFirst = 1;
    config.receiveCheck.skipLast = 2;
    config.multicastGroups = {QHostAddress(S("239.1.2.3")), QHostAddress(S("ff12::1"))};
    config.multicastInterface = S("lo");
    config.pingCount = 0;
    config.pingIntervalMs = 250;
    config.pingPayloadSize = 1400;
    config.pingTimeoutMs = 900;
    config.localPath = S("/run/plc/本地.sock");
    config.proxy = *ProxySettings::parse(S("socks5://alice:secret@127.0.0.1:1080"), nullptr);
    config.remotePath = S("@plc-gateway");
    config.webSocket = true;
    config.webSocketResource = S("/feed?id=7");
    AutoReplyRule rule;
    rule.match = AutoReplyRule::Match::Regex;
    rule.pattern = S("^id=\\d+");
    rule.reply = S("OK\\n");
    rule.delayMs = 15;
    config.autoReplies = {rule};
    return config;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson();
}
} // namespace

void tst_Workspace::everySettingRoundTrips_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("tcp-server") << int(SessionMode::TcpServer);
    QTest::newRow("tcp-client") << int(SessionMode::TcpClient);
    QTest::newRow("udp") << int(SessionMode::Udp);
    QTest::newRow("tcp-relay") << int(SessionMode::TcpRelay);
    QTest::newRow("icmp") << int(SessionMode::Icmp);
    QTest::newRow("unix-server") << int(SessionMode::UnixServer);
    QTest::newRow("unix-client") << int(SessionMode::UnixClient);
    QTest::newRow("unix-dgram") << int(SessionMode::UnixDatagram);
}

void tst_Workspace::everySettingRoundTrips()
{
    QFETCH(int, mode);
    WorkspaceTab tab;
    tab.config = fullConfig(SessionMode(mode));
    if (isTlsMode(tab.config.mode)) {
        tab.config.tls.enabled = false; // enabled, its files would have to exist
        tab.config.tls.certFile = S("/etc/cert.pem");
        tab.config.tls.keyFile = S("/etc/key.pem");
        tab.config.tls.caFile = S("/etc/ca.pem");
        tab.config.tls.verifyPeer = false;
    }
    tab.title = S("PLC \"line 2\"");
    tab.presets = {{S("Ping"), MacroExpander::Mode::Text, S("PING {counter}\\r\\n")},
        {S("Read"), MacroExpander::Mode::Hex, S("01 03 00 00 00 0a")}};
    tab.hasPresets = true;
    WorkspaceTab plain; // a second tab with the defaults and no presets of its own
    plain.config.mode = SessionMode::TcpClient;
    plain.config.bindAddress = QHostAddress::AnyIPv4;

    Workspace back;
    QString error;
    QVERIFY2(workspaceFromJson(workspaceToJson({{tab, plain}}), &back, &error), qPrintable(error));
    QCOMPARE(back.tabs.size(), 2);
    const WorkspaceTab &t = back.tabs.at(0);
    const SessionConfig &c = t.config;
    const SessionConfig &want = tab.config;
    QVERIFY2(t.problems.isEmpty(), qPrintable(t.problems.join(QLatin1Char('\n'))));
    QCOMPARE(c.mode, want.mode);
    QCOMPARE(t.title, tab.title);
    QCOMPARE(c.bindAddress, want.bindAddress);
    // Only a client's source address is optional; a server's or socket's is always its own.
    QCOMPARE(c.bindAddressSet, modeTraits(want.mode).local == LocalRole::Source);
    QCOMPARE(c.bindPort, want.bindPort);
    QCOMPARE(c.host, want.host);
    QCOMPARE(c.port, want.port);
    QCOMPARE(c.echo, true);
    QCOMPARE(c.maxClients, 7);
    QCOMPARE(c.chat, true);
    QCOMPARE(c.chatName, S("小明"));
    QCOMPARE(c.connectTimeoutMs, 2500);
    QCOMPARE(c.noDelay, false);
    QCOMPARE(c.keepAlive, true);
    QVERIFY(c.framing == want.framing);
    QVERIFY(c.receiveCheck == want.receiveCheck);
    QCOMPARE(c.multicastGroups, want.multicastGroups);
    QCOMPARE(c.multicastInterface, S("lo"));
    QCOMPARE(c.pingCount, 0);
    QCOMPARE(c.pingIntervalMs, 250);
    QCOMPARE(c.pingPayloadSize, 1400);
    QCOMPARE(c.pingTimeoutMs, 900);
    QCOMPARE(c.tls.certFile, want.tls.certFile);
    QCOMPARE(c.tls.keyFile, want.tls.keyFile);
    QCOMPARE(c.tls.caFile, want.tls.caFile);
    QCOMPARE(c.tls.verifyPeer, want.tls.verifyPeer);
    QCOMPARE(c.autoReplies, want.autoReplies);
    // Only a Unix socket has paths: the other modes' files stay as they were.
    const bool unixPaths = modeTraits(want.mode).unixPaths;
    QCOMPARE(c.localPath, unixPaths ? want.localPath : QString());
    QCOMPARE(c.remotePath, unixPaths ? want.remotePath : QString());
    // WebSocket is a TCP server's or client's; only a client asks for a path.
    QCOMPARE(c.webSocket, webSocketApplies(want.mode));
    QCOMPARE(c.webSocketResource, want.mode == SessionMode::TcpClient ? want.webSocketResource : S("/"));
    // The proxy is kept, but never its password.
    QCOMPARE(c.proxy.toString(), S("socks5://alice@127.0.0.1:1080"));
    QVERIFY(c.proxy.password.isEmpty());
    QVERIFY(t.hasPresets);
    QCOMPARE(t.presets, tab.presets);

    const WorkspaceTab &p = back.tabs.at(1);
    QVERIFY(p.problems.isEmpty());
    QCOMPARE(p.config.mode, SessionMode::TcpClient);
    QCOMPARE(p.config.bindAddressSet, false);
    QVERIFY(!p.hasPresets);
    QVERIFY(p.title.isEmpty());
}

void tst_Workspace::badValuesStayInTheirTab()
{
    const QJsonObject good {{S("mode"), S("udp")}, {S("localPort"), 9000}, {S("echo"), true}};
    const QJsonObject bad {{S("mode"), S("tcp-server")}, {S("title"), S("bad")}, {S("localPort"), S("abc")},
        {S("echo"), S("yes")}, {S("maxClients"), 2.5}, {S("localAddress"), S("not-an-address")},
        {S("framing"), QJsonObject {{S("kind"), S("chunks")}}},
        {S("multicastGroups"), QJsonArray {S("10.0.0.1")}}, {S("ping"), QJsonObject {{S("count"), -1}}},
        {S("rules"), QJsonArray {QJsonObject {{S("reply"), S("x")}}}}, {S("presets"), S("none")},
        {S("chatName"), S("room")}, {S("remotePort"), 1e300},
        {S("tls"), QJsonObject {{S("enabled"), S("yes")}}},
        {S("check"), QJsonObject {{S("checksum"), S("md5")}, {S("skipLast"), -1}}}};
    const QJsonObject unknownMode {{S("mode"), S("carrier-pigeon")}, {S("localPort"), 7}};
    const QJsonObject badFraming {{S("mode"), S("tcp-server")},
        {S("framing"), QJsonObject {{S("kind"), S("length")}, {S("lengthSize"), 3}}}};
    Workspace workspace;
    QString error;
    QVERIFY2(workspaceFromJson(json({{S("workspace"), 1},
                                   {S("tabs"), QJsonArray {good, bad, unknownMode, badFraming, S("text")}}}),
                 &workspace, &error),
        qPrintable(error));
    QCOMPARE(workspace.tabs.size(), 5);

    const WorkspaceTab &first = workspace.tabs.at(0);
    QVERIFY(first.problems.isEmpty());
    QCOMPARE(first.config.mode, SessionMode::Udp);
    QCOMPARE(first.config.bindPort, quint16(9000));
    QCOMPARE(first.config.echo, true);

    const WorkspaceTab &second = workspace.tabs.at(1);
    const QString problems = second.problems.join(QLatin1Char('\n'));
    for (const char *key : {"\"localPort\"", "\"echo\"", "\"maxClients\"", "\"localAddress\"",
             "\"framing.kind\"", "\"multicastGroups\"", "\"ping.count\"", "\"rules\"", "\"presets\"",
             "\"remotePort\"", "\"tls.enabled\"", "\"check.checksum\"", "\"check.skipLast\""})
        QVERIFY2(problems.contains(QLatin1String(key)), key);
    QCOMPARE(second.problems.size(), 13);
    QVERIFY2(problems.contains(S("unknown checksum 'md5'")), qPrintable(problems));
    QVERIFY(second.config.receiveCheck == ChecksumCheck());
    QCOMPARE(second.config.tls.enabled, false); // a TLS switch it cannot read is off, and says so
    QCOMPARE(second.config.port, quint16(0));
    QVERIFY2(problems.contains(S("\"abc\"")), qPrintable(problems)); // names the value it refused
    // The bad fields keep their defaults; the good ones next to them are read.
    const SessionConfig defaults;
    QCOMPARE(second.config.mode, SessionMode::TcpServer);
    QCOMPARE(second.config.bindPort, defaults.bindPort);
    QCOMPARE(second.config.echo, defaults.echo);
    QCOMPARE(second.config.maxClients, defaults.maxClients);
    QCOMPARE(second.config.bindAddress, QHostAddress(QHostAddress::AnyIPv4));
    QVERIFY(second.config.framing == Framing());
    QVERIFY(second.config.multicastGroups.isEmpty());
    QCOMPARE(second.config.pingCount, defaults.pingCount);
    QVERIFY(second.config.autoReplies.isEmpty());
    QVERIFY(!second.hasPresets);
    QCOMPARE(second.config.chatName, S("room"));
    QCOMPARE(second.title, S("bad"));

    const WorkspaceTab &third = workspace.tabs.at(2);
    QCOMPARE(third.problems.size(), 1);
    QVERIFY(third.problems.constFirst().contains(S("carrier-pigeon")));
    QCOMPARE(third.config.bindPort, quint16(7));

    const WorkspaceTab &fourth = workspace.tabs.at(3);
    QCOMPARE(fourth.problems.size(), 1);
    QVERIFY(fourth.problems.constFirst().startsWith(S("\"framing\"")));
    QVERIFY(fourth.config.framing == Framing());

    QCOMPARE(workspace.tabs.at(4).problems.size(), 1); // not an object: a tab with the defaults
}

void tst_Workspace::missingFilesAreNamed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(S("gone.pem"));
    const QJsonObject tls {{S("enabled"), true}, {S("cert"), missing}, {S("key"), missing}};
    const QJsonObject tab {{S("mode"), S("tcp-server")}, {S("tls"), tls}};
    Workspace workspace;
    QString error;
    QVERIFY(workspaceFromJson(json({{S("tabs"), QJsonArray {tab}}}), &workspace, &error));
    const QStringList problems = workspace.tabs.at(0).problems;
    QCOMPARE(problems.size(), 2);
    QVERIFY(problems.at(0).contains(S("\"tls.cert\"")) && problems.at(0).contains(missing));
    QVERIFY(!problems.at(0).contains(S("default"))); // kept as it is: it works once the file is there
    QVERIFY(!problems.at(0).contains(S("default"))); // kept as it is: it works once the file is there
    QVERIFY(problems.at(1).contains(S("\"tls.key\"")));
    // The names stay as they were: once the file is there, the tab starts.
    QCOMPARE(workspace.tabs.at(0).config.tls.certFile, missing);
    QVERIFY(workspace.tabs.at(0).config.tls.enabled);
}

void tst_Workspace::notAWorkspaceIsRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("not JSON") << QByteArray("{\"tabs\": [") << S("not valid JSON");
    QTest::newRow("a list") << QByteArray("[1, 2]") << S("\"tabs\"");
    QTest::newRow("no tabs") << QByteArray("{\"rules\": []}") << S("\"tabs\"");
    QTest::newRow("tabs not a list") << QByteArray("{\"tabs\": {}}") << S("\"tabs\"");
    QTest::newRow("newer format") << QByteArray("{\"workspace\": 2, \"tabs\": []}") << S("newer");
}

void tst_Workspace::notAWorkspaceIsRefused()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, says);
    Workspace workspace;
    workspace.tabs.resize(1);
    QString error;
    QVERIFY(!workspaceFromJson(text, &workspace, &error));
    QVERIFY2(error.contains(says), qPrintable(error));
    QCOMPARE(workspace.tabs.size(), 1); // left as it was
}

void tst_Workspace::filesRoundTripAndNameThemselves()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(S("bench.json"));
    Workspace workspace;
    workspace.tabs.resize(2);
    workspace.tabs[1].config.mode = SessionMode::Udp;
    QString error;
    QVERIFY2(writeWorkspaceFile(path, workspace, &error), qPrintable(error));
    Workspace back;
    QVERIFY2(readWorkspaceFile(path, &back, &error), qPrintable(error));
    QCOMPARE(back.tabs.size(), 2);
    QCOMPARE(back.tabs.at(1).config.mode, SessionMode::Udp);

    QVERIFY(!readWorkspaceFile(dir.filePath(S("missing.json")), &back, &error));
    QVERIFY2(error.contains(S("missing.json")), qPrintable(error));
    QVERIFY(!writeWorkspaceFile(dir.filePath(S("no/such/dir.json")), workspace, &error));
    QVERIFY2(error.contains(S("dir.json")), qPrintable(error));
}

void tst_Workspace::valueFieldsRoundTripOrAreNamed()
{
    WorkspaceTab tab;
    ValueField temp;
    temp.name = S("温度");
    temp.pattern = S("t=(?<t>[-\\d.]+)");
    temp.groupName = S("t");
    ValueField rpm;
    rpm.name = S("rpm");
    rpm.kind = ValueField::Kind::Binary;
    rpm.offset = 5;
    rpm.type = ValueField::Type::F32;
    rpm.bigEndian = false;
    tab.fields = {temp, rpm};
    tab.hasFields = true;
    WorkspaceTab none; // no fields of its own: it gets those of its mode
    Workspace back;
    QString error;
    const QByteArray text = workspaceToJson({{tab, none}});
    QVERIFY2(workspaceFromJson(text, &back, &error), qPrintable(error));
    QVERIFY(back.tabs.at(0).problems.isEmpty());
    QVERIFY(back.tabs.at(0).hasFields);
    QCOMPARE(back.tabs.at(0).fields, tab.fields);
    QVERIFY(!back.tabs.at(1).hasFields);
    const QJsonArray tabs = QJsonDocument::fromJson(text).object().value(S("tabs")).toArray();
    QVERIFY(!tabs.at(1).toObject().contains(S("fields")));

    const QJsonObject bad {{S("mode"), S("udp")}, {S("echo"), true},
        {S("fields"),
            QJsonArray {
                QJsonObject {{S("name"), S("rpm")}, {S("kind"), S("binary")}, {S("type"), S("u12")}}}}};
    const QJsonObject notAList {{S("mode"), S("udp")}, {S("fields"), S("temp")}};
    QVERIFY2(
        workspaceFromJson(json({{S("tabs"), QJsonArray {bad, notAList}}}), &back, &error), qPrintable(error));
    QVERIFY(!back.tabs.at(0).hasFields);
    QCOMPARE(back.tabs.at(0).config.echo, true); // the rest of the tab is read
    QCOMPARE(back.tabs.at(0).problems.size(), 1);
    QVERIFY2(back.tabs.at(0).problems.at(0).contains(S("field 1 (rpm): \"type\"")),
        qPrintable(back.tabs.at(0).problems.at(0)));
    QCOMPARE(back.tabs.at(1).problems.size(), 1);
    QVERIFY(back.tabs.at(1).problems.at(0).contains(S("\"fields\"")));
}

QTEST_GUILESS_MAIN(tst_Workspace)
#include "tst_workspace.moc"
