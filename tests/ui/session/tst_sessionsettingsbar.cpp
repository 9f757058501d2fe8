// The settings row of a session, driven through its real widgets: validation as you type, the start
// button per mode and state, half-close and the reachable-at note.

#include "sessionoptionspopup.h"
#include "sessionsettingsbar.h"
#include "settingsbardriver.h"
#include "workspace.h"

#include <QAction>
#include <QHash>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>

using namespace sockpit;
using sockpit::ui::SessionOptionsPopup;
using sockpit::ui::SessionSettingsBar;

Q_DECLARE_METATYPE(sockpit::SessionMode)

class tst_SessionSettingsBar : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void badValueKeepsStartDisabled_data();
    void badValueKeepsStartDisabled();
    void emptyRequiredFieldIsNotShouted();
    void relayNeedsItsTarget();
    void buttonTextPerMode_data();
    void buttonTextPerMode();
    void runningLocksFields_data();
    void runningLocksFields();
    void halfCloseOnlyWhileRunning();
    void enterStarts();
    void reachableAt_data();
    void reachableAt();
    void unixPathsGoIntoTheConfig();
    void optionsBuiltAfterTheFirstPaint();
    void optionsGivenBeforeTheyAreBuilt();
    void savedOptionProblemShowsOnceBuilt();

private:
    template<typename T> T *child(const char *name) { return SettingsBarDriver(m_bar).child<T>(name); }
    QLineEdit *edit(const char *name) { return SettingsBarDriver(m_bar).edit(name); }
    void selectMode(SessionMode mode) { SettingsBarDriver(m_bar).selectMode(mode); }
    static void retype(QLineEdit *edit, const QString &text) { SettingsBarDriver::retype(edit, text); }
    void fillValid(SessionMode mode) { SettingsBarDriver(m_bar).fillValid(mode); }

    SessionSettingsBar *m_bar = nullptr;
};

void tst_SessionSettingsBar::init()
{
    m_bar = new SessionSettingsBar;
    m_bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_bar));
}

void tst_SessionSettingsBar::cleanup()
{
    delete m_bar;
    m_bar = nullptr;
}

void tst_SessionSettingsBar::badValueKeepsStartDisabled_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("good");
    const auto row = [](const char *name, SessionMode mode, const char *field, const char *bad,
                         const char *message, const char *good) {
        QTest::newRow(name) << mode << QString::fromUtf8(field) << QString::fromUtf8(bad)
                            << QString::fromUtf8(message) << QString::fromUtf8(good);
    };
    const auto server = SessionMode::TcpServer;
    const auto client = SessionMode::TcpClient;
    const auto udp = SessionMode::Udp;
    row("server port abc", server, "localPort", "abc", "'abc' is not a port number", "9001");
    row("server port 65536", server, "localPort", "65536",
        "port must be a number from 0 to 65535 (not 65536)", "0");
    row("client remote port 0", client, "remotePort", "0", "port must be a number from 1 to 65535 (not 0)",
        "1");
    row("client remote port abc", client, "remotePort", "abc", "'abc' is not a port number", "65535");
    row("client source port 70000", client, "sourcePort", "70000",
        "port must be a number from 0 to 65535 (not 70000)", "40000");
    row("client host 300.1.1.1", client, "remoteHost", "300.1.1.1", "'300.1.1.1' is not a valid IPv4 address",
        "192.0.2.1");
    row("client host bad name", client, "remoteHost", "bad_name", "'bad_name' is not a hostname or address",
        "example.com");
    row("udp target port 0", udp, "remotePort", "0", "port must be a number from 1 to 65535 (not 0)", "");
    row("local 300.1.1.1", server, "localAddress", "300.1.1.1", "'300.1.1.1' is not a valid IPv4 address",
        "127.0.0.1");
    row("local host name", udp, "localAddress", "localhost", "'localhost' is not an IP address", "::1");
    row("server port -1", server, "localPort", "-1", "'-1' is not a port number", "65535");
    row("udp local port abc", udp, "localPort", "abc", "'abc' is not a port number", "0");
    row("udp local port 65536", udp, "localPort", "65536",
        "port must be a number from 0 to 65535 (not 65536)", "9002");
    row("client remote port 65536", client, "remotePort", "65536",
        "port must be a number from 1 to 65535 (not 65536)", "80");
    row("client source port abc", client, "sourcePort", "abc", "'abc' is not a port number", "");
    row("client host with a space", client, "remoteHost", "a b", "'a b' is not a hostname or address",
        "nothing.invalid");
    row("client host bad IPv6", client, "remoteHost", "::1::2", "'::1::2' is not a valid IPv6 address",
        "::1");
    row("udp target host 300.1.1.1", udp, "remoteHost", "300.1.1.1",
        "'300.1.1.1' is not a valid IPv4 address", "");
    row("udp target port 65536", udp, "remotePort", "65536",
        "port must be a number from 1 to 65535 (not 65536)", "");
    row("local 192.0.2.300", server, "localAddress", "192.0.2.300",
        "'192.0.2.300' is not a valid IPv4 address", "0.0.0.0");
    const auto tcpRelay = SessionMode::TcpRelay;
    const auto udpRelay = SessionMode::UdpRelay;
    row("relay target port 0", tcpRelay, "remotePort", "0", "port must be a number from 1 to 65535 (not 0)",
        "80");
    row("relay target host bad name", tcpRelay, "remoteHost", "bad_name",
        "'bad_name' is not a hostname or address", "192.0.2.10");
    row("relay local port abc", tcpRelay, "localPort", "abc", "'abc' is not a port number", "0");
    row("udp relay target host 300.1.1.1", udpRelay, "remoteHost", "300.1.1.1",
        "'300.1.1.1' is not a valid IPv4 address", "::1");
    const QByteArray longPath = "/tmp/" + QByteArray(110, 'a');
    row("unix server path too long", SessionMode::UnixServer, "localPath", longPath.constData(),
        "is 115 bytes long; the system allows at most 107", "@name");
    row("unix client path too long", SessionMode::UnixClient, "remotePath", longPath.constData(),
        "is 115 bytes long; the system allows at most 107", "/run/app.sock");
    row("unix datagram target too long", SessionMode::UnixDatagram, "remotePath", longPath.constData(),
        "is 115 bytes long; the system allows at most 107", "");
    row("unix datagram path too long", SessionMode::UnixDatagram, "localPath", longPath.constData(),
        "is 115 bytes long; the system allows at most 107", "");
}

void tst_SessionSettingsBar::badValueKeepsStartDisabled()
{
    QFETCH(SessionMode, mode);
    QFETCH(QString, field);
    QFETCH(QString, bad);
    QFETCH(QString, message);
    QFETCH(QString, good);
    fillValid(mode);
    QPushButton *start = m_bar->startButton();
    QVERIFY(start->isEnabled());
    QVERIFY(m_bar->isValid());
    auto *errorLabel = child<QLabel>("errorLabel");
    QVERIFY(!errorLabel->isVisible());

    QLineEdit *input = edit(field.toLatin1().constData());
    // Nothing but this field and the message may change: the other fields keep their text and carry
    // no message, and the mode stays.
    QHash<QLineEdit *, QString> others;
    for (QLineEdit *other : m_bar->findChildren<QLineEdit *>()) {
        if (other != input)
            others.insert(other, other->text());
    }
    const int modeIndex = child<QComboBox>("mode")->currentIndex();
    retype(input, bad);
    for (auto it = others.cbegin(); it != others.cend(); ++it) {
        QCOMPARE(it.key()->text(), it.value());
        QVERIFY2(!it.key()->toolTip().contains(message), qPrintable(it.key()->objectName()));
    }
    QCOMPARE(child<QComboBox>("mode")->currentIndex(), modeIndex);
    QVERIFY(!start->isEnabled());
    QVERIFY(!m_bar->isValid());
    QVERIFY(errorLabel->isVisible());
    QVERIFY2(errorLabel->text().contains(message), qPrintable(errorLabel->text()));
    QWidget *tipped = field == QLatin1String("localAddress")
        ? static_cast<QWidget *>(child<QComboBox>("localAddress"))
        : input;
    QVERIFY2(tipped->toolTip().contains(message), qPrintable(tipped->toolTip()));
    QSignalSpy starts(m_bar, &SessionSettingsBar::startRequested);
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(starts.count(), 0);

    retype(input, good);
    QVERIFY2(start->isEnabled(), qPrintable(errorLabel->text()));
    QVERIFY(!errorLabel->isVisible());
    QVERIFY(!tipped->toolTip().contains(message));
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(starts.count(), 1);
}

void tst_SessionSettingsBar::relayNeedsItsTarget()
{
    // A relay listens and forwards: without a target it cannot start, with one the config has both.
    fillValid(SessionMode::TcpRelay);
    QVERIFY(m_bar->startButton()->isEnabled());
    retype(edit("remoteHost"), QString());
    QVERIFY(!m_bar->startButton()->isEnabled());
    QVERIFY(m_bar->startButton()->toolTip().contains(QStringLiteral("forward")));
    retype(edit("remoteHost"), QStringLiteral("192.0.2.10"));
    retype(edit("remotePort"), QString());
    QVERIFY(!m_bar->startButton()->isEnabled());
    retype(edit("remotePort"), QStringLiteral("502"));
    QVERIFY(m_bar->startButton()->isEnabled());
    const SessionConfig config = m_bar->config();
    QCOMPARE(config.mode, SessionMode::TcpRelay);
    QCOMPARE(config.bindPort, quint16(9000));
    QCOMPARE(config.host, QStringLiteral("192.0.2.10"));
    QCOMPARE(config.port, quint16(502));
}

void tst_SessionSettingsBar::emptyRequiredFieldIsNotShouted()
{
    selectMode(SessionMode::TcpClient);
    retype(edit("remoteHost"), QStringLiteral("127.0.0.1"));
    retype(edit("remotePort"), QString());
    QVERIFY(!m_bar->startButton()->isEnabled());
    QVERIFY(!child<QLabel>("errorLabel")->isVisible()); // nothing wrong was typed yet
    QVERIFY(!m_bar->startButton()->toolTip().isEmpty()); // but the button says what is missing
    retype(edit("remotePort"), QStringLiteral("7"));
    QVERIFY(m_bar->startButton()->isEnabled());
    retype(edit("remoteHost"), QString());
    QVERIFY(!m_bar->startButton()->isEnabled());
}

void tst_SessionSettingsBar::buttonTextPerMode_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<QStringList>("hidden");
    const QStringList remote {QStringLiteral("remoteHost"), QStringLiteral("remotePort")};
    QTest::newRow("server") << SessionMode::TcpServer << "Listen" << QStringList {QStringLiteral("localPort")}
                            << remote
            + QStringList {QStringLiteral("sourcePort"), QStringLiteral("halfClose")};
    QTest::newRow("client") << SessionMode::TcpClient << "Connect"
                            << remote
            + QStringList {QStringLiteral("sourcePort"), QStringLiteral("halfClose")}
                            << QStringList {QStringLiteral("localPort")};
    QTest::newRow("udp") << SessionMode::Udp << "Bind" << remote + QStringList {QStringLiteral("localPort")}
                         << QStringList {QStringLiteral("sourcePort"), QStringLiteral("halfClose")};
    QTest::newRow("tcp relay") << SessionMode::TcpRelay << "Relay"
                               << remote + QStringList {QStringLiteral("localPort")}
                               << QStringList {QStringLiteral("sourcePort"), QStringLiteral("halfClose")};
    QTest::newRow("udp relay") << SessionMode::UdpRelay << "Relay"
                               << remote + QStringList {QStringLiteral("localPort")}
                               << QStringList {QStringLiteral("sourcePort"), QStringLiteral("halfClose")};
    // A Unix socket has a path instead of an address and a port.
    const QStringList inet = remote
        + QStringList {
            QStringLiteral("localAddress"), QStringLiteral("localPort"), QStringLiteral("sourcePort")};
    QTest::newRow("unix server") << SessionMode::UnixServer << "Listen"
                                 << QStringList {QStringLiteral("localPath")}
                                 << inet
            + QStringList {QStringLiteral("remotePath"), QStringLiteral("halfClose")};
    QTest::newRow("unix client") << SessionMode::UnixClient << "Connect"
                                 << QStringList {QStringLiteral("remotePath"), QStringLiteral("halfClose")}
                                 << inet + QStringList {QStringLiteral("localPath")};
    QTest::newRow("unix datagrams") << SessionMode::UnixDatagram << "Bind"
                                    << QStringList {QStringLiteral("localPath"), QStringLiteral("remotePath")}
                                    << inet + QStringList {QStringLiteral("halfClose")};
}

void tst_SessionSettingsBar::buttonTextPerMode()
{
    QFETCH(SessionMode, mode);
    QFETCH(QString, text);
    QFETCH(QStringList, shown);
    QFETCH(QStringList, hidden);
    selectMode(mode);
    QCOMPARE(m_bar->startButton()->text(), text);
    for (const QString &name : shown)
        QVERIFY2(child<QWidget>(name.toLatin1().constData())->isVisible(), qPrintable(name));
    for (const QString &name : hidden)
        QVERIFY2(!child<QWidget>(name.toLatin1().constData())->isVisible(), qPrintable(name));
}

void tst_SessionSettingsBar::runningLocksFields_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<QString>("idleText");
    QTest::addColumn<QString>("runningText");
    QTest::newRow("server") << SessionMode::TcpServer << "Listen"
                            << "Stop";
    QTest::newRow("client") << SessionMode::TcpClient << "Connect"
                            << "Disconnect";
    QTest::newRow("udp") << SessionMode::Udp << "Bind"
                         << "Stop";
}

void tst_SessionSettingsBar::runningLocksFields()
{
    QFETCH(SessionMode, mode);
    QFETCH(QString, idleText);
    QFETCH(QString, runningText);
    fillValid(mode);
    QSignalSpy stops(m_bar, &SessionSettingsBar::stopRequested);
    QSignalSpy starts(m_bar, &SessionSettingsBar::startRequested);
    QPushButton *start = m_bar->startButton();
    const char *portName = mode == SessionMode::TcpClient ? "remotePort" : "localPort";
    QLineEdit *port = edit(portName);
    const QString before = port->text();

    for (Session::State state : {Session::State::Starting, Session::State::Running}) {
        m_bar->setState(state);
        QCOMPARE(start->text(), runningText);
        QVERIFY(start->isEnabled());
        QVERIFY(!child<QComboBox>("mode")->isEnabled());
        QVERIFY(!child<QComboBox>("localAddress")->isEnabled());
        QVERIFY(!port->isEnabled());
        QTest::keyClicks(port, QStringLiteral("1"));
        QCOMPARE(port->text(), before);
    }
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(stops.count(), 1);
    QCOMPARE(starts.count(), 0);

    m_bar->setState(Session::State::Stopping);
    QVERIFY(!start->isEnabled());
    QVERIFY(!port->isEnabled());

    m_bar->setState(Session::State::Idle);
    QCOMPARE(start->text(), idleText);
    QVERIFY(start->isEnabled());
    QVERIFY(port->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(starts.count(), 1);
    QCOMPARE(stops.count(), 1);
}

void tst_SessionSettingsBar::halfCloseOnlyWhileRunning()
{
    fillValid(SessionMode::TcpClient);
    QAction *halfClose = m_bar->halfCloseAction();
    auto *button = child<QToolButton>("halfClose");
    QVERIFY(button->isVisible());
    QVERIFY(!halfClose->isEnabled());
    m_bar->setState(Session::State::Starting);
    QVERIFY(!halfClose->isEnabled());
    m_bar->setState(Session::State::Running);
    QVERIFY(halfClose->isEnabled());
    QSignalSpy spy(m_bar, &SessionSettingsBar::halfCloseRequested);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(spy.count(), 1);
    QVERIFY(!halfClose->isEnabled()); // the sending side shuts down once
    m_bar->setState(Session::State::Idle);
    m_bar->setState(Session::State::Running);
    QVERIFY(halfClose->isEnabled()); // a new connection can be half-closed again
}

void tst_SessionSettingsBar::enterStarts()
{
    fillValid(SessionMode::TcpClient);
    QSignalSpy starts(m_bar, &SessionSettingsBar::startRequested);
    QTest::keyClick(edit("remotePort"), Qt::Key_Return);
    QCOMPARE(starts.count(), 1);
    retype(edit("remotePort"), QStringLiteral("x"));
    QTest::keyClick(edit("remotePort"), Qt::Key_Return);
    QCOMPARE(starts.count(), 1);
}

void tst_SessionSettingsBar::reachableAt_data()
{
    QTest::addColumn<QStringList>("endpoints");
    QTest::addColumn<bool>("all");
    QTest::addColumn<QString>("expected");
    QTest::newRow("all interfaces")
        << QStringList {QStringLiteral("192.0.2.5:9000"), QStringLiteral("127.0.0.1:9000")} << true
        << QStringLiteral("Reachable at 192.0.2.5:9000 \u00b7 127.0.0.1:9000. Other machines can "
                          "connect, unless a firewall blocks the port.");
    QTest::newRow("loopback")
        << QStringList {QStringLiteral("127.0.0.1:9000"), QStringLiteral("[::1]:9000")} << false
        << QStringLiteral("Reachable at 127.0.0.1:9000 \u00b7 [::1]:9000. Loopback only: only this "
                          "machine can connect.");
    QTest::newRow("one address") << QStringList {QStringLiteral("192.0.2.5:9000")} << false
                                 << QStringLiteral(
                                        "Reachable at 192.0.2.5:9000. Other machines can connect to "
                                        "this address only.");
}

void tst_SessionSettingsBar::reachableAt()
{
    QFETCH(QStringList, endpoints);
    QFETCH(bool, all);
    QFETCH(QString, expected);
    auto *label = child<QLabel>("reachableLabel");
    QVERIFY(!label->isVisible());
    QCOMPARE(label->textFormat(), Qt::PlainText);
    m_bar->setState(Session::State::Running);
    m_bar->setReachableAt(endpoints, all);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), expected);
    m_bar->setState(Session::State::Idle);
    QVERIFY(!label->isVisible());
}

void tst_SessionSettingsBar::unixPathsGoIntoTheConfig()
{
    // A server needs its path; a datagram socket may go without (the system picks an abstract name).
    selectMode(SessionMode::UnixServer);
    retype(edit("localPath"), QString());
    QVERIFY(!m_bar->startButton()->isEnabled());
    QVERIFY(!child<QLabel>("errorLabel")->isVisible());
    QVERIFY(m_bar->startButton()->toolTip().contains(QStringLiteral("path to listen on")));
    retype(edit("localPath"), QStringLiteral("  /tmp/app.sock "));
    QVERIFY(m_bar->startButton()->isEnabled());
    SessionConfig config = m_bar->config();
    QCOMPARE(config.mode, SessionMode::UnixServer);
    QCOMPARE(config.localPath, QStringLiteral("/tmp/app.sock"));
    QVERIFY(config.remotePath.isEmpty());

    selectMode(SessionMode::UnixClient);
    QVERIFY(!m_bar->startButton()->isEnabled());
    QVERIFY(m_bar->startButton()->toolTip().contains(QStringLiteral("path to connect to")));
    retype(edit("remotePath"), QStringLiteral("@name"));
    QVERIFY(m_bar->startButton()->isEnabled());
    config = m_bar->config();
    QCOMPARE(config.remotePath, QStringLiteral("@name"));
    QVERIFY(config.localPath.isEmpty()); // a client has no path of its own here

    selectMode(SessionMode::UnixDatagram);
    retype(edit("localPath"), QString());
    retype(edit("remotePath"), QString());
    QVERIFY(m_bar->startButton()->isEnabled());

    // setConfig() shows a config's paths, and config() gives them back.
    SessionConfig wanted;
    wanted.mode = SessionMode::UnixDatagram;
    wanted.localPath = QStringLiteral("/tmp/mine.sock");
    wanted.remotePath = QStringLiteral("@device");
    m_bar->setConfig(wanted);
    QCOMPARE(edit("localPath")->text(), wanted.localPath);
    QCOMPARE(edit("remotePath")->text(), wanted.remotePath);
    config = m_bar->config();
    QCOMPARE(config.mode, SessionMode::UnixDatagram);
    QCOMPARE(config.localPath, wanted.localPath);
    QCOMPARE(config.remotePath, wanted.remotePath);
    // The TCP fields keep what they had, for a switch back.
    selectMode(SessionMode::TcpServer);
    QCOMPARE(edit("localPort")->text(), QStringLiteral("9000"));
    QVERIFY(m_bar->config().localPath.isEmpty());
}

namespace {

// Options of every kind, none of them SessionConfig's defaults, for a TCP server.
SessionConfig serverWithOptions()
{
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    config.bindPort = 9100;
    config.echo = true;
    config.maxClients = 12;
    config.noDelay = true;
    config.keepAlive = true;
    config.framing.kind = Framing::Kind::Delimiter;
    config.framing.delimiter = QByteArrayLiteral("END");
    config.framing.maxFrame = 4096;
    config.chat = true;
    config.chatName = QStringLiteral("lobby");
    config.tls.enabled = true;
    return config;
}

// A config as a workspace file writes it: every field, to compare two configs whole.
QByteArray configJson(const SessionConfig &config)
{
    ui::Workspace workspace;
    workspace.tabs.append(ui::WorkspaceTab {config, {}, {}, false, {}, false, {}});
    return ui::workspaceToJson(workspace);
}

} // namespace

// A bar that is not shown does not build its options until asked; a shown one builds them from the
// event loop once it has painted, and says so once.
void tst_SessionSettingsBar::optionsBuiltAfterTheFirstPaint()
{
    SessionSettingsBar hidden;
    hidden.setConfig(serverWithOptions());
    QVERIFY(!hidden.findChild<SessionOptionsPopup *>());
    QCOMPARE(hidden.draftConfig().chat, true); // shown without them
    QCOMPARE(hidden.mode(), SessionMode::TcpServer);

    SessionSettingsBar bar;
    QSignalSpy built(&bar, &SessionSettingsBar::optionsPopupBuilt);
    bar.setConfig(serverWithOptions());
    QVERIFY(!bar.findChild<SessionOptionsPopup *>());
    bar.show();
    QTRY_COMPARE(built.count(), 1);
    QCOMPARE(bar.findChildren<SessionOptionsPopup *>().size(), 1);
    QCOMPARE(built.constFirst().constFirst().value<SessionOptionsPopup *>(), bar.optionsPopup());
    // Painting again, and the event loop running after it, builds nothing more.
    bar.optionsPopup();
    bar.repaint();
    QCoreApplication::processEvents();
    QCOMPARE(built.count(), 1);
}

// What setConfig() and setReconnectEnabled() gave a bar whose options were not built yet comes back
// from config() exactly as from a bar whose options were built first.
void tst_SessionSettingsBar::optionsGivenBeforeTheyAreBuilt()
{
    const QList<SessionConfig> configs = [] {
        QList<SessionConfig> list {serverWithOptions()};
        SessionConfig client;
        client.mode = SessionMode::TcpClient;
        client.host = QStringLiteral("127.0.0.1");
        client.port = 7;
        client.connectTimeoutMs = 2500;
        client.webSocket = true;
        client.webSocketResource = QStringLiteral("  /chat?room=1 ");
        client.receiveCheck.spec.kind = ChecksumKind::Crc16Modbus;
        list.append(client);
        SessionConfig udp;
        udp.mode = SessionMode::Udp;
        udp.bindPort = 9200;
        udp.echo = true;
        udp.multicastGroups = {QHostAddress(QStringLiteral("239.1.2.3"))};
        list.append(udp);
        return list;
    }();
    for (const SessionConfig &given : configs) {
        SessionSettingsBar early;
        early.optionsPopup();
        early.setConfig(given);
        early.setReconnectEnabled(true);
        SessionSettingsBar late;
        late.setConfig(given);
        late.setReconnectEnabled(true);
        QVERIFY(!late.findChild<SessionOptionsPopup *>());
        QVERIFY(late.reconnectEnabled());
        const SessionConfig draft = late.draftConfig();
        const SessionConfig wanted = early.config();
        QCOMPARE(draft.webSocket, wanted.webSocket);
        QCOMPARE(draft.webSocketResource, wanted.webSocketResource);
        QCOMPARE(draft.chat, wanted.chat);
        QCOMPARE(draft.tls.enabled, wanted.tls.enabled);
        const SessionConfig got = late.config(); // builds them
        QVERIFY(late.findChild<SessionOptionsPopup *>());
        QCOMPARE(configJson(got), configJson(wanted));
        QVERIFY(late.reconnectEnabled());
    }
}

// An option that cannot be used, restored before the options were built, keeps the session from
// starting: shown once they are built after the first paint, and counted by isValid() at once.
void tst_SessionSettingsBar::savedOptionProblemShowsOnceBuilt()
{
    SessionConfig config = serverWithOptions();
    config.tls.certFile = QStringLiteral("/tmp/server.crt"); // and no key file
    SessionSettingsBar counted;
    counted.setConfig(config);
    QVERIFY(!counted.isValid());

    SessionSettingsBar bar;
    bar.setConfig(config);
    bar.show();
    QTRY_VERIFY(!bar.startButton()->isEnabled());
    auto *error = bar.findChild<QLabel *>(QStringLiteral("errorLabel"));
    QVERIFY(error);
    QVERIFY2(error->text().contains(QStringLiteral("private key")), qPrintable(error->text()));
}

QTEST_MAIN(tst_SessionSettingsBar)
#include "tst_sessionsettingsbar.moc"
