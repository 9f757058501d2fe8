// The session Options popup: it opens under its button but stays on the screen, also when a Messages
// choice shows a wider row while it is open; framing settings are only a problem for TCP; and the
// auto-reply rules are offered only where a session answers.

#include "sessionoptionspopup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace sockpit;
using sockpit::ui::SessionOptionsPopup;

class tst_SessionOptionsPopup : public QObject
{
    Q_OBJECT

private slots:
    void staysOnScreenNearTheRightEdge();
    void framingProblemsAreForTcpOnly();
    void autoRepliesOnlyWhereTheyApply_data();
    void autoRepliesOnlyWhereTheyApply();
    void chatRoomForATcpServer();
    void checksumCheckOfReceivedMessages();
    void proxyForATcpClient();
    void webSocketForTcpServersAndClients();
};

void tst_SessionOptionsPopup::staysOnScreenNearTheRightEdge()
{
    QWidget window;
    auto *button = new QPushButton(QStringLiteral("Options"), &window);
    window.resize(120, 40);
    const QRect room = window.screen()->availableGeometry();
    window.move(room.right() - window.width(), room.top() + 50); // the button at the screen's right edge
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *popup = new SessionOptionsPopup(&window);
    popup->setMode(SessionMode::TcpServer);
    popup->popUp(button);
    QTRY_VERIFY(popup->isVisible());
    QVERIFY2(room.contains(popup->frameGeometry()),
        qPrintable(QStringLiteral("popup at %1,%2 %3x%4")
                       .arg(popup->x())
                       .arg(popup->y())
                       .arg(popup->width())
                       .arg(popup->height())));
    // Opened to the left of its usual place, not further than it must.
    QCOMPARE(popup->frameGeometry().right(), room.right());

    // A choice that shows the length header row makes the popup wider while it is open.
    const int width = popup->width();
    auto *framing = popup->findChild<QComboBox *>(QStringLiteral("framing"));
    QVERIFY(framing);
    framing->setCurrentIndex(4); // length header
    QVERIFY(popup->width() > width);
    QVERIFY(room.contains(popup->frameGeometry()));
}

void tst_SessionOptionsPopup::framingProblemsAreForTcpOnly()
{
    SessionOptionsPopup popup(nullptr);
    popup.setMode(SessionMode::TcpClient);
    QVERIFY(popup.problem().isEmpty());
    popup.findChild<QComboBox *>(QStringLiteral("framing"))->setCurrentIndex(3); // a delimiter, still empty
    QVERIFY(!popup.problem().isEmpty());
    popup.findChild<QLineEdit *>(QStringLiteral("delimiter"))->setText(QStringLiteral("\\x03"));
    QVERIFY2(popup.problem().isEmpty(), qPrintable(popup.problem()));
    popup.findChild<QLineEdit *>(QStringLiteral("delimiter"))->clear();
    popup.setMode(SessionMode::Udp); // datagrams are messages already: the choice does not apply
    QVERIFY(popup.problem().isEmpty());
    SessionConfig config;
    config.mode = SessionMode::Udp;
    popup.applyTo(&config);
    QCOMPARE(config.framing.kind, Framing::Kind::Raw);
}

void tst_SessionOptionsPopup::autoRepliesOnlyWhereTheyApply_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::addColumn<bool>("offered");
    QTest::newRow("tcp server") << SessionMode::TcpServer << true;
    QTest::newRow("tcp client") << SessionMode::TcpClient << true;
    QTest::newRow("udp") << SessionMode::Udp << true;
    QTest::newRow("tcp relay") << SessionMode::TcpRelay << false;
    QTest::newRow("udp relay") << SessionMode::UdpRelay << false;
    QTest::newRow("icmp") << SessionMode::Icmp << false;
}

void tst_SessionOptionsPopup::autoRepliesOnlyWhereTheyApply()
{
    QFETCH(SessionMode, mode);
    QFETCH(bool, offered);
    SessionOptionsPopup popup(nullptr);
    popup.setMode(mode);
    popup.show(); // visibility is then the form's own
    auto *button = popup.findChild<QPushButton *>(QStringLiteral("autoReplyRules"));
    QVERIFY(button);
    QCOMPARE(button->isVisible(), offered);
    // Checksums are checked where messages are received for the session itself, as rules answer them.
    auto *check = popup.findChild<QComboBox *>(QStringLiteral("checkKind"));
    QVERIFY(check);
    QCOMPARE(check->isVisible(), offered);
}

void tst_SessionOptionsPopup::chatRoomForATcpServer()
{
    QWidget window;
    auto *popup = new SessionOptionsPopup(&window);
    auto *chat = popup->findChild<QCheckBox *>(QStringLiteral("chat"));
    auto *name = popup->findChild<QLineEdit *>(QStringLiteral("chatName"));
    QVERIFY(chat && name);
    popup->setMode(SessionMode::TcpServer);
    popup->show();
    QVERIFY(chat->isVisible());
    QVERIFY(!chat->isChecked());
    QVERIFY(!name->isEnabled()); // the name is the room's: no room, no name
    QCOMPARE(name->text(), QStringLiteral("host"));

    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    popup->applyTo(&config);
    QCOMPARE(config.chat, false);
    QTest::mouseClick(chat, Qt::LeftButton);
    QVERIFY(name->isEnabled());
    name->clear();
    QTest::keyClicks(name, QStringLiteral("room"));
    popup->applyTo(&config);
    QCOMPARE(config.chat, true);
    QCOMPARE(config.chatName, QStringLiteral("room"));
    name->clear();
    popup->applyTo(&config);
    QCOMPARE(config.chatName, QStringLiteral("host")); // empty: the default name
    QVERIFY(popup->problem().isEmpty());
    QTest::keyClicks(name, QStringLiteral("<b>"));
    QVERIFY(!popup->problem().isEmpty());
    name->setText(QStringLiteral("my room"));
    QVERIFY(!popup->problem().isEmpty());

    SessionConfig shown;
    shown.mode = SessionMode::TcpServer;
    shown.chat = true;
    shown.chatName = QStringLiteral("alice");
    popup->setFrom(shown);
    QVERIFY(chat->isChecked());
    QCOMPARE(name->text(), QStringLiteral("alice"));
    QVERIFY(popup->problem().isEmpty());

    // Other modes have no room: not offered, not applied, never a problem.
    for (SessionMode mode : {SessionMode::TcpClient, SessionMode::Udp}) {
        popup->setMode(mode);
        QVERIFY(!chat->isVisible());
        SessionConfig other;
        other.mode = mode;
        popup->applyTo(&other);
        QCOMPARE(other.chat, false);
    }
    name->setText(QStringLiteral("bad name"));
    QVERIFY(popup->problem().isEmpty());
}

void tst_SessionOptionsPopup::checksumCheckOfReceivedMessages()
{
    SessionOptionsPopup popup(nullptr);
    popup.setMode(SessionMode::Udp);
    popup.show();
    auto *kind = popup.findChild<QComboBox *>(QStringLiteral("checkKind"));
    auto *order = popup.findChild<QComboBox *>(QStringLiteral("checkOrder"));
    auto *first = popup.findChild<QSpinBox *>(QStringLiteral("checkSkipFirst"));
    auto *last = popup.findChild<QSpinBox *>(QStringLiteral("checkSkipLast"));
    QVERIFY(kind && order && first && last);
    QCOMPARE(kind->currentText(), QStringLiteral("Not checked"));
    QVERIFY(!order->isVisible() && !first->isVisible()); // nothing to say until something is checked

    QSignalSpy live(&popup, &SessionOptionsPopup::liveOptionChanged);
    kind->setCurrentIndex(kind->findData(int(ChecksumKind::Crc16Modbus)));
    QCOMPARE(live.count(), 1);
    QVERIFY(order->isVisible() && first->isVisible() && last->isVisible());
    QCOMPARE(order->currentData().toInt(), int(ByteOrder::LittleEndian)); // as Modbus RTU sends it
    first->setValue(1);
    last->setValue(1);
    SessionConfig config;
    config.mode = SessionMode::Udp;
    popup.applyTo(&config);
    QCOMPARE(config.receiveCheck.spec.kind, ChecksumKind::Crc16Modbus);
    QCOMPARE(config.receiveCheck.spec.order, ByteOrder::LittleEndian);
    QCOMPARE(config.receiveCheck.skipFirst, 1);
    QCOMPARE(config.receiveCheck.skipLast, 1);

    kind->setCurrentIndex(kind->findData(int(ChecksumKind::Xor8)));
    QVERIFY(!order->isVisible()); // one byte has no order
    popup.applyTo(&config);
    QCOMPARE(config.receiveCheck.spec.kind, ChecksumKind::Xor8);

    // A running session takes a new check: the row stays enabled while other options lock.
    popup.setSessionRunning(true);
    QVERIFY(kind->isEnabled() && first->isEnabled());
    popup.setSessionRunning(false);

    // Back from saved settings, without announcing a change.
    SessionConfig saved;
    saved.mode = SessionMode::Udp;
    saved.receiveCheck.spec = {ChecksumKind::Crc32, ByteOrder::BigEndian};
    saved.receiveCheck.skipLast = 2;
    live.clear();
    popup.setFrom(saved);
    QCOMPARE(live.count(), 0);
    QCOMPARE(kind->currentData().toInt(), int(ChecksumKind::Crc32));
    QCOMPARE(order->currentData().toInt(), int(ByteOrder::BigEndian));
    QCOMPARE(last->value(), 2);
    SessionConfig back;
    back.mode = SessionMode::Udp;
    popup.applyTo(&back);
    QVERIFY(back.receiveCheck == saved.receiveCheck);
}

void tst_SessionOptionsPopup::proxyForATcpClient()
{
    QWidget window;
    auto *popup = new SessionOptionsPopup(&window);
    auto *proxy = popup->findChild<QLineEdit *>(QStringLiteral("proxy"));
    QVERIFY(proxy);
    popup->show();
    // Only a mode that connects out over TCP offers it.
    for (const ModeTraits &traits : allModeTraits()) {
        popup->setMode(traits.mode);
        QCOMPARE(proxy->isVisible(), traits.mode == SessionMode::TcpClient);
    }
    popup->setMode(SessionMode::TcpClient);
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    popup->applyTo(&config);
    QVERIFY(!config.proxy.enabled()); // empty: connect directly
    QSignalSpy changed(popup, &SessionOptionsPopup::changed);
    QTest::keyClicks(proxy, QStringLiteral("socks4://127.0.0.1:1080"));
    QVERIFY(changed.count() > 0);
    QVERIFY2(popup->problem().contains(QStringLiteral("Proxy: unknown proxy type 'socks4'")),
        qPrintable(popup->problem()));
    proxy->clear();
    QTest::keyClicks(proxy, QStringLiteral("http://alice:pw@127.0.0.1:3128"));
    QVERIFY(popup->problem().isEmpty());
    popup->applyTo(&config);
    QCOMPARE(config.proxy.kind, ProxySettings::Kind::Http);
    QCOMPARE(config.proxy.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(config.proxy.port, quint16(3128));
    QCOMPARE(config.proxy.password, QStringLiteral("pw"));
    // setFrom() shows a config's proxy as it can be read back.
    SessionConfig other;
    other.mode = SessionMode::TcpClient;
    popup->setFrom(other);
    QVERIFY(proxy->text().isEmpty());
    popup->setFrom(config);
    QCOMPARE(proxy->text(), QStringLiteral("http://alice:pw@127.0.0.1:3128"));
    // A server has none, whatever the field holds.
    SessionConfig server;
    server.mode = SessionMode::TcpServer;
    popup->setMode(SessionMode::TcpServer);
    popup->applyTo(&server);
    QVERIFY(!server.proxy.enabled());
    QVERIFY(popup->problem().isEmpty());
}

void tst_SessionOptionsPopup::webSocketForTcpServersAndClients()
{
    QWidget window;
    auto *popup = new SessionOptionsPopup(&window);
    auto *webSocket = popup->findChild<QCheckBox *>(QStringLiteral("webSocket"));
    auto *resource = popup->findChild<QLineEdit *>(QStringLiteral("webSocketResource"));
    auto *framing = popup->findChild<QComboBox *>(QStringLiteral("framing"));
    auto *chat = popup->findChild<QCheckBox *>(QStringLiteral("chat"));
    QVERIFY(webSocket && resource && framing && chat);
    popup->show();
    for (const ModeTraits &traits : allModeTraits()) {
        popup->setMode(traits.mode);
        QCOMPARE(webSocket->isVisible(), webSocketApplies(traits.mode));
        QVERIFY(!resource->isVisible()); // only once WebSocket is on
    }

    // A client: the path field appears, and the framing goes (a WebSocket message is a message).
    popup->setMode(SessionMode::TcpClient);
    QVERIFY(framing->isVisible());
    QSignalSpy changed(popup, &SessionOptionsPopup::changed);
    webSocket->click();
    QVERIFY(changed.count() > 0);
    QVERIFY(resource->isVisible());
    QVERIFY(!framing->isVisible());
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    popup->applyTo(&config);
    QVERIFY(config.webSocket);
    QCOMPARE(config.webSocketResource, QStringLiteral("/")); // the root, by default
    resource->clear();
    popup->applyTo(&config);
    QCOMPARE(config.webSocketResource, QStringLiteral("/")); // empty: the root too
    QTest::keyClicks(resource, QStringLiteral("chat?room=1"));
    QVERIFY2(popup->problem().contains(QStringLiteral("WebSocket path")), qPrintable(popup->problem()));
    resource->clear();
    QTest::keyClicks(resource, QStringLiteral("/chat?room=1"));
    QVERIFY(popup->problem().isEmpty());
    popup->applyTo(&config);
    QCOMPARE(config.webSocketResource, QStringLiteral("/chat?room=1"));

    // A server: no path to ask for, and no chat room (its lines would be WebSocket messages).
    popup->setMode(SessionMode::TcpServer);
    QVERIFY(!resource->isVisible());
    QVERIFY(!chat->isVisible());
    QVERIFY(!framing->isVisible());
    SessionConfig server;
    server.mode = SessionMode::TcpServer;
    server.chat = true;
    popup->applyTo(&server);
    QVERIFY(server.webSocket);
    QVERIFY(!server.chat);
    webSocket->click();
    QVERIFY(chat->isVisible());
    QVERIFY(framing->isVisible());
    popup->applyTo(&server);
    QVERIFY(!server.webSocket);

    // setFrom() shows a config's choice; other modes keep the default.
    popup->setFrom(config);
    QVERIFY(webSocket->isChecked());
    QCOMPARE(resource->text(), QStringLiteral("/chat?room=1"));
    SessionConfig udp;
    udp.mode = SessionMode::Udp;
    popup->setMode(SessionMode::Udp);
    popup->applyTo(&udp);
    QVERIFY(!udp.webSocket);
}

QTEST_MAIN(tst_SessionOptionsPopup)
#include "tst_sessionoptionspopup.moc"
