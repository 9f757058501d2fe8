// TLS in the window: the Options popup's TLS section (per mode, its problems, a self-signed certificate
// in one click), its settings remembered, and a client that meets a certificate it cannot verify asking
// the user, showing the SHA-256 fingerprint, and remembering the answer for that host; the same for a
// UDP tab over DTLS, server and client.

#include "appsettings.h"
#include "qttlstransport.h"
#include "session.h"
#include "sessionoptionspopup.h"
#include "sessionsettingsbar.h"
#include "sessiontab.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

namespace {
constexpr int WaitMs = 10000;

QMessageBox *trustQuestion()
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (widget->objectName() == QLatin1String("tlsTrustQuestion") && widget->isVisible())
            return qobject_cast<QMessageBox *>(widget);
    }
    return nullptr;
}

bool hasTlsEvent(const Session &, const QList<EventBatch> &batches, const QString &text)
{
    for (const EventBatch &batch : batches) {
        for (const Event &event : batch) {
            if (event.kind == EventKind::Tls && event.text.contains(text))
                return true;
        }
    }
    return false;
}
} // namespace

class tst_TlsWindow : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir home;
        qputenv("XDG_CONFIG_HOME", (home.path() + QStringLiteral("/config")).toLocal8Bit());
        qputenv("XDG_DATA_HOME", (home.path() + QStringLiteral("/data")).toLocal8Bit());
    }

private slots:
    void optionsShowTlsForTcpAndDtlsForUdp();
    void certificateWithoutKeyIsAProblem();
    void generateSelfSignedInOneClick();
    void tlsSettingsAreRemembered();
    void untrustedCertificateAskedOnceAndRemembered();
    void dtlsTabsTalkOnceTheCertificateIsTrusted();
};

void tst_TlsWindow::optionsShowTlsForTcpAndDtlsForUdp()
{
    SessionOptionsPopup popup(nullptr);
    popup.setMode(SessionMode::TcpServer);
    popup.show();
    auto *enabled = popup.findChild<QCheckBox *>(QStringLiteral("tlsEnabled"));
    auto *cert = popup.findChild<QLineEdit *>(QStringLiteral("tlsCertFile"));
    auto *ca = popup.findChild<QLineEdit *>(QStringLiteral("tlsCaFile"));
    auto *verify = popup.findChild<QCheckBox *>(QStringLiteral("tlsVerify"));
    QVERIFY(enabled && cert && ca && verify);
    QVERIFY(enabled->isVisible());
    QVERIFY(!cert->isVisible()); // until TLS is on
    enabled->setChecked(true);
    QVERIFY(cert->isVisible());
    QVERIFY(!ca->isVisible());
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    popup.applyTo(&config);
    QVERIFY(config.tls.enabled);
    QVERIFY(config.tls.certFile.isEmpty()); // a self-signed certificate at each start

    popup.setMode(SessionMode::TcpClient);
    QVERIFY(!cert->isVisible());
    QVERIFY(ca->isVisible() && verify->isVisible() && verify->isChecked());
    ca->setText(QStringLiteral("/some/ca.pem"));
    config.mode = SessionMode::TcpClient;
    popup.applyTo(&config);
    QCOMPARE(config.tls.caFile, QStringLiteral("/some/ca.pem"));
    QVERIFY(config.tls.verifyPeer);
    verify->setChecked(false);
    QVERIFY(!ca->isEnabled());
    popup.applyTo(&config);
    QVERIFY(!config.tls.verifyPeer);
    QVERIFY(config.tls.caFile.isEmpty());

    // UDP: DTLS, a server without a remote host and a client with one, so both sets of fields.
    popup.setMode(SessionMode::Udp);
    QVERIFY(enabled->isVisible());
    QCOMPARE(enabled->text(), QStringLiteral("DTLS (encrypted datagrams)"));
    verify->setChecked(true);
    ca->setText(QStringLiteral("/some/ca.pem"));
    cert->setText(QStringLiteral("/some/server.crt"));
    popup.findChild<QLineEdit *>(QStringLiteral("tlsKeyFile"))->setText(QStringLiteral("/some/server.key"));
    QVERIFY(cert->isVisible() && ca->isVisible() && verify->isVisible());
    config = SessionConfig();
    config.mode = SessionMode::Udp;
    popup.applyTo(&config);
    QVERIFY(config.tls.enabled);
    QCOMPARE(config.tls.certFile, QStringLiteral("/some/server.crt"));
    QCOMPARE(config.tls.caFile, QStringLiteral("/some/ca.pem"));

    // Neither for Unix sockets.
    popup.setMode(SessionMode::UnixDatagram);
    QVERIFY(!enabled->isVisible());
    popup.setMode(SessionMode::TcpServer);
    QCOMPARE(enabled->text(), QStringLiteral("TLS (encrypted)"));
}

void tst_TlsWindow::certificateWithoutKeyIsAProblem()
{
    SessionOptionsPopup popup(nullptr);
    popup.setMode(SessionMode::TcpServer);
    QSignalSpy changed(&popup, &SessionOptionsPopup::changed);
    popup.findChild<QCheckBox *>(QStringLiteral("tlsEnabled"))->setChecked(true);
    popup.findChild<QLineEdit *>(QStringLiteral("tlsCertFile"))->setText(QStringLiteral("/x/server.crt"));
    QVERIFY(changed.count() >= 2);
    QVERIFY2(popup.problem().contains(QStringLiteral("key")), qPrintable(popup.problem()));
    popup.findChild<QLineEdit *>(QStringLiteral("tlsKeyFile"))->setText(QStringLiteral("/x/server.key"));
    QVERIFY(popup.problem().isEmpty());
}

void tst_TlsWindow::generateSelfSignedInOneClick()
{
    SessionOptionsPopup popup(nullptr);
    popup.setMode(SessionMode::TcpServer);
    popup.show();
    popup.findChild<QCheckBox *>(QStringLiteral("tlsEnabled"))->setChecked(true);
    auto *generate = popup.findChild<QPushButton *>(QStringLiteral("tlsGenerate"));
    QVERIFY(generate && generate->isVisible());
    QTest::mouseClick(generate, Qt::LeftButton);
    const QString cert = popup.findChild<QLineEdit *>(QStringLiteral("tlsCertFile"))->text();
    const QString key = popup.findChild<QLineEdit *>(QStringLiteral("tlsKeyFile"))->text();
    QVERIFY2(QFile::exists(cert) && QFile::exists(key), qPrintable(cert + QLatin1Char(' ') + key));
    QVERIFY(cert.startsWith(qEnvironmentVariable("XDG_DATA_HOME")));
    QCOMPARE(QFile::permissions(key) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QFile file(cert);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QSslCertificate certificate(file.readAll(), QSsl::Pem);
    QVERIFY(certificate.isSelfSigned());
    auto *fingerprint = popup.findChild<QLabel *>(QStringLiteral("tlsFingerprint"));
    QVERIFY(fingerprint->isVisible());
    QVERIFY2(fingerprint->text().contains(tls::certificateFingerprint(certificate)),
        qPrintable(fingerprint->text()));
    // The pair is usable as it is.
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    popup.applyTo(&config);
    QString error;
    QVERIFY2(tls::QtTlsTransport::create(config.tls, config.mode, &error), qPrintable(error));
}

void tst_TlsWindow::tlsSettingsAreRemembered()
{
    SessionConfig server;
    server.mode = SessionMode::TcpServer;
    server.bindPort = 9443;
    server.tls.enabled = true;
    server.tls.certFile = QStringLiteral("/etc/x/server.crt");
    server.tls.keyFile = QStringLiteral("/etc/x/server.key");
    AppSettings::saveConfig(server);
    SessionConfig client;
    client.mode = SessionMode::TcpClient;
    client.host = QStringLiteral("device.test");
    client.port = 9443;
    client.tls.enabled = true;
    client.tls.verifyPeer = false;
    AppSettings::saveConfig(client);

    const SessionConfig loadedServer = AppSettings::lastConfig(SessionMode::TcpServer);
    QVERIFY(loadedServer.tls.enabled);
    QCOMPARE(loadedServer.tls.certFile, server.tls.certFile);
    QCOMPARE(loadedServer.tls.keyFile, server.tls.keyFile);
    const SessionConfig loadedClient = AppSettings::lastConfig(SessionMode::TcpClient);
    QVERIFY(loadedClient.tls.enabled);
    QVERIFY(!loadedClient.tls.verifyPeer);
    QVERIFY(!AppSettings::lastConfig(SessionMode::Udp).tls.enabled);

    AppSettings::trustCertificate(QStringLiteral("Device.Test"), QStringLiteral("ab:cd"));
    QCOMPARE(AppSettings::trustedCertificates(QStringLiteral("device.test")),
        QStringList {QStringLiteral("AB:CD")});
    QVERIFY(AppSettings::trustedCertificates(QStringLiteral("other.test")).isEmpty());
}

void tst_TlsWindow::untrustedCertificateAskedOnceAndRemembered()
{
    // A TLS server with a certificate no CA vouches for.
    Session server;
    SessionConfig serverConfig;
    serverConfig.mode = SessionMode::TcpServer;
    serverConfig.bindAddress = QHostAddress::LocalHost;
    serverConfig.bindAddressSet = true;
    serverConfig.tls.enabled = true;
    QString error;
    const auto transport = tls::QtTlsTransport::create(serverConfig.tls, serverConfig.mode, &error);
    QVERIFY2(transport, qPrintable(error));
    const QString fingerprint = tls::certificateFingerprint(transport->localCertificate());
    server.setTlsTransport(transport);
    QSignalSpy serverStarted(&server, &Session::started);
    server.start(serverConfig);
    QVERIFY(serverStarted.wait(WaitMs));

    SessionTab tab;
    tab.show();
    SessionConfig config;
    config.mode = SessionMode::TcpClient;
    config.host = QStringLiteral("127.0.0.1");
    config.port = server.localPort();
    config.tls.enabled = true;
    tab.setConfig(config);
    QList<EventBatch> batches;
    connect(tab.session(), &Session::eventsReady, this,
        [&batches](const EventBatch &batch, qint64) { batches.append(batch); });
    QSignalSpy failed(tab.session(), &Session::failed);
    QTest::mouseClick(tab.settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Tls);
    QTRY_VERIFY_WITH_TIMEOUT(trustQuestion(), WaitMs);
    QMessageBox *box = trustQuestion();
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QVERIFY2(box->informativeText().contains(fingerprint), qPrintable(box->informativeText()));
    QTRY_COMPARE_WITH_TIMEOUT(tab.session()->state(), Session::State::Idle, WaitMs);

    // Trusting it connects again, this time accepting that certificate.
    QSignalSpy started(tab.session(), &Session::started);
    auto *trust = box->findChild<QAbstractButton *>(QStringLiteral("trustButton"));
    QVERIFY(trust);
    QTest::mouseClick(trust, Qt::LeftButton);
    QVERIFY(started.wait(WaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(
        hasTlsEvent(*tab.session(), batches, QStringLiteral("trusted by the user")), WaitMs);
    QCOMPARE(tab.session()->state(), Session::State::Running);
    QCOMPARE(AppSettings::trustedCertificates(QStringLiteral("127.0.0.1")), QStringList {fingerprint});

    // Remembered: the next connection asks nothing.
    QSignalSpy stopped(tab.session(), &Session::stopped);
    tab.stop();
    QVERIFY(stopped.wait(WaitMs));
    batches.clear();
    failed.clear();
    tab.start();
    QTRY_VERIFY_WITH_TIMEOUT(
        hasTlsEvent(*tab.session(), batches, QStringLiteral("trusted by the user")), WaitMs);
    QVERIFY(failed.isEmpty());
    QVERIFY(!trustQuestion());
    tab.stop();
    server.stop();
    QTRY_COMPARE_WITH_TIMEOUT(server.state(), Session::State::Idle, WaitMs);
}

void tst_TlsWindow::dtlsTabsTalkOnceTheCertificateIsTrusted()
{
    SessionTab serverTab;
    serverTab.show();
    SessionConfig serverConfig;
    serverConfig.mode = SessionMode::Udp;
    serverConfig.bindAddress = QHostAddress::LocalHost;
    serverConfig.bindAddressSet = true;
    serverConfig.tls.enabled = true; // a self-signed certificate made at the start
    serverTab.setConfig(serverConfig);
    QSignalSpy serverStarted(serverTab.session(), &Session::started);
    QTest::mouseClick(serverTab.settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(serverStarted.wait(WaitMs));
    const quint16 port = serverTab.session()->localPort();
    QCOMPARE(serverTab.title(), QStringLiteral("DTLS server :%1").arg(port));

    SessionTab tab;
    tab.show();
    SessionConfig config;
    config.mode = SessionMode::Udp;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindAddressSet = true;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.tls.enabled = true;
    tab.setConfig(config);
    QCOMPARE(tab.title(), QStringLiteral("DTLS client 127.0.0.1:%1").arg(port));
    QList<EventBatch> batches;
    connect(tab.session(), &Session::eventsReady, this,
        [&batches](const EventBatch &batch, qint64) { batches.append(batch); });
    QSignalSpy failed(tab.session(), &Session::failed);
    QTest::mouseClick(tab.settingsBar()->startButton(), Qt::LeftButton);
    QVERIFY(failed.wait(WaitMs));
    QCOMPARE(failed.at(0).at(1).value<EventKind>(), EventKind::Tls);
    QTRY_VERIFY_WITH_TIMEOUT(trustQuestion(), WaitMs);
    QMessageBox *box = trustQuestion();
    QTRY_COMPARE_WITH_TIMEOUT(tab.session()->state(), Session::State::Idle, WaitMs);

    QSignalSpy started(tab.session(), &Session::started);
    auto *trust = box->findChild<QAbstractButton *>(QStringLiteral("trustButton"));
    QVERIFY(trust);
    QTest::mouseClick(trust, Qt::LeftButton);
    QVERIFY(started.wait(WaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(
        hasTlsEvent(*tab.session(), batches, QStringLiteral("trusted by the user")), WaitMs);
    QVERIFY(tab.session()->send(QByteArrayLiteral("hello dtls")));
    QTRY_COMPARE_WITH_TIMEOUT(serverTab.session()->counters().bytesIn, qint64(10), WaitMs);
    QVERIFY(serverTab.session()->send(QByteArrayLiteral("hi"), SendTarget::lastPeer()));
    QTRY_COMPARE_WITH_TIMEOUT(tab.session()->counters().bytesIn, qint64(2), WaitMs);
    tab.stop();
    serverTab.stop();
    QTRY_COMPARE_WITH_TIMEOUT(tab.session()->state(), Session::State::Idle, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(serverTab.session()->state(), Session::State::Idle, WaitMs);
}

QTEST_MAIN(tst_TlsWindow)
#include "tst_tlswindow.moc"
