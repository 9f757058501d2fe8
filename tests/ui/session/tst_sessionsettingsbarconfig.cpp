// The settings row of a session and SessionConfig: what each mode's fields map to, pre-filling from
// a config, and retranslation that keeps what the user chose.

#include "sessionsettingsbar.h"
#include "settingsbardriver.h"

#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QToolButton>
#include <QTranslator>

using namespace sockpit;
using sockpit::ui::SessionSettingsBar;

Q_DECLARE_METATYPE(sockpit::SessionMode)
Q_DECLARE_METATYPE(sockpit::SessionConfig)

namespace {

// Translates a handful of strings, so a test can see the bar retranslate without a .qm file.
class MarkerTranslator final : public QTranslator
{
public:
    QString translate(const char *, const char *source, const char *, int) const override
    {
        static const QHash<QString, QString> table {{QStringLiteral("Listen"), QStringLiteral("LISTEN-X")},
            {QStringLiteral("Connect"), QStringLiteral("CONNECT-X")},
            {QStringLiteral("Bind"), QStringLiteral("BIND-X")},
            {QStringLiteral("Loopback (127.0.0.1)"), QStringLiteral("LOOPBACK-X")},
            {QStringLiteral("All interfaces (0.0.0.0)"), QStringLiteral("ANY-X")}};
        return table.value(QString::fromUtf8(source));
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class tst_SessionSettingsBarConfig : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void configMapsFields_data();
    void configMapsFields();
    void setConfigRoundTrips_data();
    void setConfigRoundTrips();
    void framingThroughWidgets();
    void retranslateKeepsSelections_data();
    void retranslateKeepsSelections();

private:
    template<typename T> T *child(const char *name) { return SettingsBarDriver(m_bar).child<T>(name); }
    QLineEdit *edit(const char *name) { return SettingsBarDriver(m_bar).edit(name); }
    void selectMode(SessionMode mode) { SettingsBarDriver(m_bar).selectMode(mode); }
    static void retype(QLineEdit *edit, const QString &text) { SettingsBarDriver::retype(edit, text); }
    void fillValid(SessionMode mode) { SettingsBarDriver(m_bar).fillValid(mode); }

    SessionSettingsBar *m_bar = nullptr;
};

void tst_SessionSettingsBarConfig::init()
{
    m_bar = new SessionSettingsBar;
    m_bar->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_bar));
}

void tst_SessionSettingsBarConfig::cleanup()
{
    delete m_bar;
    m_bar = nullptr;
}

void tst_SessionSettingsBarConfig::configMapsFields_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<int>("localEntry"); // -1: type localText
    QTest::addColumn<QString>("localText");
    QTest::addColumn<QString>("port"); // server/UDP: the local port; client: the source port
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("remotePort");
    QTest::addColumn<bool>("toggleOptions"); // flip every boolean option of the mode from its default
    QTest::addColumn<int>("number"); // server: max clients; client: connect timeout; UDP: unused
    QTest::addColumn<QString>("bindAddress");
    QTest::addColumn<bool>("bindSet");
    QTest::addColumn<int>("bindPort");
    QTest::addColumn<int>("expectPort");

    const auto row = [](const char *name, SessionMode mode, int entry, const char *localText,
                         const char *port, const char *host, const char *remotePort, bool toggle, int number,
                         const char *bindAddress, bool bindSet, int bindPort, int expectPort) {
        const auto text = [](const char *utf8) { return QString::fromUtf8(utf8); };
        QTest::newRow(name) << mode << entry << text(localText) << text(port) << text(host)
                            << text(remotePort) << toggle << number << text(bindAddress) << bindSet
                            << bindPort << expectPort;
    };
    const auto server = SessionMode::TcpServer;
    const auto client = SessionMode::TcpClient;
    const auto udp = SessionMode::Udp;
    row("server loopback", server, 2, "", "9100", "", "", true, 5, "127.0.0.1", true, 9100, 0);
    row("server any, port 0", server, 0, "", "0", "", "", false, 0, "0.0.0.0", false, 0, 0);
    row("server dual stack", server, 1, "", "9101", "", "", false, 0, "::", true, 9101, 0);
    row("client plain", client, 0, "", "", "example.com", "80", true, 2500, "0.0.0.0", false, 0, 80);
    row("client from typed address", client, -1, "127.0.0.1", "40000", "localhost", "7", false, 10000,
        "127.0.0.1", true, 40000, 7);
    row("udp with target", udp, 3, "", "9200", "127.0.0.1", "9300", true, 0, "::1", true, 9200, 9300);
    row("udp without target", udp, 0, "", "9201", "", "", false, 0, "0.0.0.0", false, 9201, 0);
    // IPv6 scope ids, typed in both the local address and the host.
    row("client scoped", client, -1, "fe80::1%lo", "40001", "fe80::2%lo", "7", false, 10000, "fe80::1%lo",
        true, 40001, 7);
    row("udp scoped", udp, -1, "fe80::1%1", "9202", "fe80::2%lo", "9302", false, 0, "fe80::1%1", true, 9202,
        9302);
}

void tst_SessionSettingsBarConfig::configMapsFields()
{
    QFETCH(SessionMode, mode);
    QFETCH(int, localEntry);
    QFETCH(QString, localText);
    QFETCH(QString, port);
    QFETCH(QString, host);
    QFETCH(QString, remotePort);
    QFETCH(bool, toggleOptions);
    QFETCH(int, number);
    QFETCH(QString, bindAddress);
    QFETCH(bool, bindSet);
    QFETCH(int, bindPort);
    QFETCH(int, expectPort);

    selectMode(mode);
    const bool client = mode == SessionMode::TcpClient;
    auto *local = child<QComboBox>("localAddress");
    if (localEntry >= 0)
        local->setCurrentIndex(localEntry);
    else
        retype(local->lineEdit(), localText);
    retype(edit(client ? "sourcePort" : "localPort"), port);
    if (mode != SessionMode::TcpServer) {
        retype(edit("remoteHost"), host);
        retype(edit("remotePort"), remotePort);
    }

    // The options live in a popup under the Options button.
    QTest::mouseClick(child<QToolButton>("options"), Qt::LeftButton);
    QWidget *popup = child<QWidget>("optionsPopup");
    QVERIFY(QTest::qWaitForWindowExposed(popup));
    const auto setNumber = [](QSpinBox *spin, int value) {
        QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(spin, QString::number(value));
        QCOMPARE(spin->value(), value);
    };
    QStringList toggles;
    if (client) {
        setNumber(child<QSpinBox>("connectTimeout"), number);
        toggles = {QStringLiteral("reconnect"), QStringLiteral("noDelay"), QStringLiteral("keepAlive")};
    } else {
        QVERIFY(!child<QSpinBox>("connectTimeout")->isVisible());
        toggles = {QStringLiteral("echo")};
        if (mode == SessionMode::TcpServer)
            setNumber(child<QSpinBox>("maxClients"), number);
        else
            QVERIFY(!child<QSpinBox>("maxClients")->isVisible());
    }
    for (const QString &name : std::as_const(toggles)) {
        auto *box = child<QCheckBox>(name.toLatin1().constData());
        QVERIFY2(box->isVisible(), qPrintable(name));
        if (toggleOptions)
            QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(box->height() / 2, box->height() / 2));
    }
    QTest::keyClick(popup, Qt::Key_Escape);
    QTRY_VERIFY(!popup->isVisible());

    QVERIFY2(m_bar->isValid(), qPrintable(child<QLabel>("errorLabel")->text()));
    const SessionConfig config = m_bar->config();
    QCOMPARE(config.mode, mode);
    QCOMPARE(config.bindAddress, QHostAddress(bindAddress));
    QCOMPARE(config.bindAddressSet, bindSet);
    QCOMPARE(int(config.bindPort), bindPort);
    QCOMPARE(config.host, host);
    QCOMPARE(int(config.port), expectPort);
    const SessionConfig defaults;
    if (client) {
        QCOMPARE(config.connectTimeoutMs, number);
        QCOMPARE(m_bar->reconnectEnabled(), toggleOptions);
        QCOMPARE(config.noDelay, !toggleOptions);
        QCOMPARE(config.keepAlive, toggleOptions);
        QCOMPARE(config.echo, defaults.echo);
    } else {
        QCOMPARE(config.echo, toggleOptions);
        QCOMPARE(config.maxClients, mode == SessionMode::TcpServer ? number : defaults.maxClients);
        QCOMPARE(config.connectTimeoutMs, defaults.connectTimeoutMs);
    }
}

void tst_SessionSettingsBarConfig::setConfigRoundTrips_data()
{
    QTest::addColumn<SessionConfig>("config");
    QTest::addColumn<bool>("reconnect");
    SessionConfig server;
    server.mode = SessionMode::TcpServer;
    server.bindAddress = QHostAddress(QStringLiteral("127.0.0.1"));
    server.bindAddressSet = true;
    server.bindPort = 9300;
    server.echo = true;
    server.maxClients = 42;
    server.framing.kind = Framing::Kind::LengthPrefix;
    server.framing.prefixSize = 4;
    server.framing.bigEndian = false;
    server.framing.lengthIncludesPrefix = true;
    server.framing.maxFrame = 1000;
    QTest::newRow("server") << server << false;
    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.bindAddress = QHostAddress(QHostAddress::AnyIPv4);
    client.host = QStringLiteral("device.local");
    client.port = 502;
    client.connectTimeoutMs = 1500;
    client.noDelay = false;
    client.keepAlive = true;
    client.framing.kind = Framing::Kind::Delimiter;
    client.framing.delimiter = QByteArrayLiteral("END\r\n");
    QTest::newRow("client") << client << true;
    SessionConfig pinned = client;
    pinned.bindAddress = QHostAddress(QStringLiteral("192.0.2.77")); // not on this machine: typed in
    pinned.bindAddressSet = true;
    pinned.bindPort = 40001;
    QTest::newRow("client with source") << pinned << false;
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    udp.bindAddress = QHostAddress(QStringLiteral("::1"));
    udp.bindAddressSet = true;
    udp.bindPort = 9400;
    udp.host = QStringLiteral("::1");
    udp.port = 9401;
    udp.echo = true;
    QTest::newRow("udp") << udp << false;
}

void tst_SessionSettingsBarConfig::setConfigRoundTrips()
{
    QFETCH(SessionConfig, config);
    QFETCH(bool, reconnect);
    QSignalSpy modes(m_bar, &SessionSettingsBar::modeChanged);
    m_bar->setConfig(config);
    m_bar->setReconnectEnabled(reconnect);
    if (config.mode != SessionMode::TcpServer)
        QCOMPARE(modes.count(), 1);
    QVERIFY2(m_bar->isValid(), qPrintable(child<QLabel>("errorLabel")->text()));
    const SessionConfig back = m_bar->config();
    QCOMPARE(back.mode, config.mode);
    QCOMPARE(back.bindAddressSet, config.bindAddressSet);
    QCOMPARE(back.bindAddress, config.bindAddress);
    QCOMPARE(back.bindPort, config.bindPort);
    QCOMPARE(back.host, config.host);
    QCOMPARE(back.port, config.port);
    QCOMPARE(back.echo, config.echo);
    QCOMPARE(back.maxClients, config.maxClients);
    QCOMPARE(back.connectTimeoutMs, config.connectTimeoutMs);
    QCOMPARE(back.noDelay, config.noDelay);
    QCOMPARE(back.keepAlive, config.keepAlive);
    QVERIFY(back.framing == config.framing);
    QCOMPARE(m_bar->reconnectEnabled(), reconnect);
}

// Framing chosen in the Options popup's widgets: the config follows, and a delimiter that cannot be
// read blocks the start with a message naming it, as a bad port does.
void tst_SessionSettingsBarConfig::framingThroughWidgets()
{
    fillValid(SessionMode::TcpServer);
    auto *popup = m_bar->findChild<QFrame *>(QStringLiteral("optionsPopup"));
    QVERIFY(popup);
    QTest::mouseClick(child<QToolButton>("options"), Qt::LeftButton);
    QTRY_VERIFY(popup->isVisible());
    auto *framing = child<QComboBox>("framing");
    QVERIFY(framing->isVisible());
    auto *delimiter = child<QLineEdit>("delimiter");
    QVERIFY(!delimiter->isVisible());

    framing->setCurrentIndex(3); // ending with a delimiter
    QVERIFY(delimiter->isVisible());
    retype(delimiter, QStringLiteral("ab\\q"));
    QVERIFY(!m_bar->isValid());
    QVERIFY(!child<QPushButton>("start")->isEnabled());
    QVERIFY2(child<QLabel>("errorLabel")->text().contains(QStringLiteral("Delimiter")),
        qPrintable(child<QLabel>("errorLabel")->text()));
    QVERIFY(child<QLabel>("framingError")->isVisible());
    retype(delimiter, QStringLiteral("\\r\\n"));
    QVERIFY(m_bar->isValid());
    QVERIFY(child<QPushButton>("start")->isEnabled());
    QCOMPARE(m_bar->config().framing.kind, Framing::Kind::Delimiter);
    QCOMPARE(m_bar->config().framing.delimiter, QByteArray("\r\n"));

    framing->setCurrentIndex(4); // length header
    auto *size = child<QComboBox>("prefixSize");
    size->setCurrentIndex(size->findData(4));
    child<QCheckBox>("bigEndian")->setChecked(false);
    const Framing chosen = m_bar->config().framing;
    QCOMPARE(chosen.kind, Framing::Kind::LengthPrefix);
    QCOMPARE(chosen.prefixSize, 4);
    QVERIFY(!chosen.bigEndian);

    // UDP datagrams are messages already: no framing there.
    selectMode(SessionMode::Udp);
    QVERIFY(!framing->isVisible());
    QCOMPARE(m_bar->config().framing.kind, Framing::Kind::Raw);
}

void tst_SessionSettingsBarConfig::retranslateKeepsSelections_data()
{
    QTest::addColumn<int>("localEntry"); // -1: type an address by hand
    QTest::addColumn<QString>("localTextAfter");
    QTest::newRow("loopback entry") << 2 << "LOOPBACK-X";
    QTest::newRow("typed address") << -1 << "192.0.2.99";
}

void tst_SessionSettingsBarConfig::retranslateKeepsSelections()
{
    QFETCH(int, localEntry);
    QFETCH(QString, localTextAfter);
    selectMode(SessionMode::Udp);
    auto *local = child<QComboBox>("localAddress");
    if (localEntry >= 0)
        local->setCurrentIndex(localEntry);
    else // typed over the current entry, whose text the translation changes
        retype(local->lineEdit(), QStringLiteral("192.0.2.99"));
    retype(edit("localPort"), QStringLiteral("9555"));
    retype(edit("remoteHost"), QStringLiteral("127.0.0.1"));
    retype(edit("remotePort"), QStringLiteral("9556"));
    const SessionConfig before = m_bar->config();
    QCOMPARE(m_bar->startButton()->text(), QStringLiteral("Bind"));

    MarkerTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    QTRY_COMPARE(m_bar->startButton()->text(), QStringLiteral("BIND-X"));
    QCOMPARE(local->currentText(), localTextAfter);
    const SessionConfig after = m_bar->config();
    QCOMPARE(after.mode, SessionMode::Udp);
    QCOMPARE(after.bindAddress, before.bindAddress);
    QCOMPARE(after.bindPort, quint16(9555));
    QCOMPARE(after.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(after.port, quint16(9556));
    QVERIFY(m_bar->isValid());

    QCoreApplication::removeTranslator(&translator);
    QTRY_COMPARE(m_bar->startButton()->text(), QStringLiteral("Bind"));
    QCOMPARE(m_bar->config().bindAddress, before.bindAddress);
}

QTEST_MAIN(tst_SessionSettingsBarConfig)
#include "tst_sessionsettingsbarconfig.moc"
