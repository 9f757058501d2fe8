// Every text the window shows is translated: in Chinese no English source text is left, and with a
// pseudo-translation installed at run time every text carries its ⟦ ⟧ marks, so a string that never
// reaches tr(), or a widget that does not retranslate on QEvent::LanguageChange, is found.

#include "dialoganswers.h"
#include "languagemanager.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "peerlistmodel.h"
#include "peerlistview.h"
#include "sessiontab.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <algorithm>
#include <memory>

using namespace sockpit;
using namespace sockpit::ui;
using sockpit::test::DialogAnswers;

namespace {

const QChar Open(0x27E6); // ⟦
const QChar Close(0x27E7); // ⟧

// Wraps every translation in ⟦ ⟧, so a text without them did not come from tr().
class PseudoTranslator final : public QTranslator
{
public:
    using QTranslator::QTranslator;
    bool isEmpty() const override { return false; }
    QString translate(
        const char *context, const char *source, const char *disambiguation, int n) const override
    {
        Q_UNUSED(context)
        Q_UNUSED(disambiguation)
        Q_UNUSED(n)
        // Qt reads its layout direction through a translation; it must stay "LTR".
        if (!source || !*source || qstrcmp(source, "QT_LAYOUT_DIRECTION") == 0)
            return {};
        return Open + QString::fromUtf8(source) + Close;
    }
};

struct Shown
{
    QString where;
    QString text;
};

QString nameOf(const QObject *object)
{
    QString name = QString::fromLatin1(object->metaObject()->className());
    if (!object->objectName().isEmpty())
        name += u'#' + object->objectName();
    if (const QObject *parent = object->parent())
        name = QString::fromLatin1(parent->metaObject()->className()) + u'>' + name;
    return name;
}

// The texts a user can see or hover: labels, buttons, combo items, tool tips, placeholders, spin box
// affixes, menus and actions, tab titles and table headers.
QVector<Shown> shownTexts(QWidget *root)
{
    QVector<Shown> texts;
    auto add = [&texts](const QObject *object, const char *what, const QString &text) {
        if (!text.trimmed().isEmpty())
            texts.append({nameOf(object) + u'.' + QLatin1String(what), text});
    };
    add(root, "windowTitle", root->windowTitle());
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : widgets) {
        add(w, "toolTip", w->toolTip());
        if (auto *label = qobject_cast<QLabel *>(w))
            add(w, "text", label->text());
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            add(w, "text", button->text());
        if (auto *group = qobject_cast<QGroupBox *>(w))
            add(w, "title", group->title());
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            add(w, "placeholderText", edit->placeholderText());
        if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < combo->count(); ++i) {
                add(w, "item", combo->itemText(i));
                add(w, "itemToolTip", combo->itemData(i, Qt::ToolTipRole).toString());
            }
        }
        if (auto *spin = qobject_cast<QAbstractSpinBox *>(w))
            add(w, "specialValueText", spin->specialValueText());
        if (auto *spin = qobject_cast<QSpinBox *>(w)) {
            add(w, "prefix", spin->prefix());
            add(w, "suffix", spin->suffix());
        }
        if (auto *menu = qobject_cast<QMenu *>(w))
            add(w, "title", menu->title());
        if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                add(w, "tabText", tabs->tabText(i));
                add(w, "tabToolTip", tabs->tabToolTip(i));
            }
        }
        if (auto *header = qobject_cast<QHeaderView *>(w);
            header && header->orientation() == Qt::Horizontal) {
            for (int i = 0; header->model() && i < header->count(); ++i) {
                add(w, "header", header->model()->headerData(i, Qt::Horizontal).toString());
                add(w, "headerToolTip",
                    header->model()->headerData(i, Qt::Horizontal, Qt::ToolTipRole).toString());
            }
        }
    }
    for (QAction *action : root->findChildren<QAction *>()) {
        add(action, "text", action->text());
        add(action, "toolTip", action->toolTip());
    }
    return texts;
}

// The log's direction and event text of every row (events are translated where they happen, in
// core), and every cell of the peer list.
QVector<Shown> logTexts(SessionTab *tab)
{
    QVector<Shown> texts;
    const PeerListModel *peers = tab->peerList()->model();
    for (int row = 0; row < peers->rowCount(); ++row) {
        for (int column = 0; column < peers->columnCount(); ++column) {
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)})
                texts.append({QStringLiteral("peer row %1").arg(row),
                    peers->index(row, column).data(role).toString()});
        }
    }
    const LogModel *model = tab->logView()->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        for (int column : {LogModel::DirectionColumn, LogModel::PayloadColumn})
            texts.append(
                {QStringLiteral("log row %1").arg(row), model->index(row, column).data().toString()});
    }
    return texts;
}

// Latin words that remain once what is the same in every language is taken out: protocol and option
// names (DTLS, and openssl -dtls as typed), encodings, units, key names, macros ({counter}), addresses, paths
// (/tmp/app.sock, @name, /chat?room=1), URLs (socks5://HOST:PORT), the placeholders of a syntax (HOST, PORT,
// USER, PASSWORD) and hex numbers.
QStringList untranslatedWords(QString text)
{
    static const QRegularExpression same(QStringLiteral(
        "\\b(TCP|UDP|IP|IPv4|IPv6|FIN|Windows|Unix|Linux|HOST|PORT|USER|PASSWORD|SOCKS5|HTTP|WebSocket|RFC|"
        "wss|pong|Latin-\\d|TCP_"
        "NODELAY|SO_KEEPALIVE|LF|CR|ms|Sockpit|"
        "Unicode|"
        "English|JSON Lines|JSON|CSV|UTC|localhost|CRC-\\d+(/[A-Z0-9-]+)?|CCITT(-FALSE)?|ISO-HDLC|XOR|"
        "TLS|DTLS|dtls|SHA-256|CA|PEM|DER|OpenSSL|openssl|s_server|s_client|ICMP|ping|pcap|Wireshark|Python|"
        "Base64|"
        "Modbus RTU|"
        "UTF-8|UTF-16LE|UTF-16BE|GB18030|GBK|GB2312|Big5|Shift_JIS|EUC-JP|EUC-KR|KOI8-R|ISO-8859-\\d+|"
        "Windows-125\\d|(Ctrl|Shift|Alt)\\+\\w+|F\\d+|0x[0-9a-fA-F]+)\\b"));
    static const QRegularExpression address(QStringLiteral("[0-9A-Fa-f]*[:.][0-9A-Fa-f:.]*(%[\\w.-]+)?"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{2,}"));
    static const QRegularExpression escape(QStringLiteral("\\\\(x\\w*|u\\{[^}]*\\}|.)"));
    static const QRegularExpression macro(QStringLiteral("\\{\\w+(:[^}]*)?\\}"));
    static const QRegularExpression path(QStringLiteral("(/[\\w.-]+)+(\\?[\\w=&%.-]*)?|@\\w+"));
    static const QRegularExpression url(QStringLiteral("\\b[a-z0-9]+://[\\w.:@%\\[\\]-]*"));
    // System calls and their constants, as C spells them: socket(), SHUT_WR, SOMAXCONN, ECONNRESET.
    static const QRegularExpression call(
        QStringLiteral("\\b[a-z][a-z0-9_]*\\(\\)|\\b[A-Z]+_[A-Z0-9_]+\\b|\\bSOMAXCONN\\b|\\bE[A-Z]{4,}\\b"));
    text.remove(escape); // a backslash escape, as in the composer's tool tips
    text.remove(macro); // typed as they are in every language
    text.remove(call);
    text.remove(url);
    text.remove(same);
    text.remove(path);
    // Interface names are the system's, shown next to their addresses in the local address list.
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces())
        text.remove(QRegularExpression(
            QStringLiteral("\\b") + QRegularExpression::escape(interface.name()) + QStringLiteral("\\b")));
    text.remove(address);
    QStringList words;
    for (auto it = word.globalMatch(text); it.hasNext();)
        words.append(it.next().captured());
    return words;
}

// A window with a tab of each mode; the server runs on loopback so its log has rows.
MainWindow *windowWithEveryMode(SessionTab **server)
{
    auto *window = new MainWindow;
    SessionConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.bindAddressSet = true;
    *server = window->addSessionTab(&config);
    config.mode = SessionMode::TcpClient;
    config.host = QStringLiteral("localhost");
    config.port = 9;
    window->addSessionTab(&config);
    config.mode = SessionMode::Udp;
    window->addSessionTab(&config);
    window->tabs()->setCurrentIndex(0);
    window->show();
    return window;
}

// Each on a line of its own: QVERIFY2 cuts long messages short.
QString report(const QVector<Shown> &bad)
{
    for (const Shown &shown : bad)
        qWarning().noquote() << shown.where << shown.text;
    return QString::number(bad.size());
}

} // namespace

class tst_Translation : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void cleanup();
    void chineseLeavesNoEnglishText();
    void everyTextGoesThroughTr();
    void dialogsInChinese_data();
    void dialogsInChinese();
};

void tst_Translation::cleanup()
{
    LanguageManager::setLanguage(QStringLiteral("en"));
}

void tst_Translation::chineseLeavesNoEnglishText()
{
    QVERIFY(LanguageManager::setLanguage(QStringLiteral("zh_CN")));
    SessionTab *server = nullptr;
    std::unique_ptr<MainWindow> window(windowWithEveryMode(&server));
    server->start();
    QTRY_VERIFY(server->session()->localPort() != 0);
    QTcpSocket client; // a row in the peer list, with its byte counts
    client.connectToHost(QHostAddress::LocalHost, server->session()->localPort());
    QTRY_COMPARE(server->peerList()->model()->rowCount(), 1);
    QTRY_VERIFY(window->statusLabel()->text().contains(QStringLiteral("1 个客户端")));

    QVector<Shown> bad;
    const QVector<Shown> texts = shownTexts(window.get()) + logTexts(server);
    for (const Shown &shown : texts) {
        if (!untranslatedWords(shown.text).isEmpty())
            bad.append(shown);
    }
    QVERIFY2(bad.isEmpty(),
        qPrintable(
            QStringLiteral("English texts left in the Chinese window (listed above): ") + report(bad)));
    QVERIFY(texts.size() > 100);
}

void tst_Translation::everyTextGoesThroughTr()
{
    SessionTab *server = nullptr;
    std::unique_ptr<MainWindow> window(windowWithEveryMode(&server));
    QCOMPARE(window->menuBar()->actions().constFirst()->text(), QStringLiteral("&File"));

    // Installed once the window exists: only LanguageChange can bring the marks to its widgets.
    PseudoTranslator pseudo;
    QCoreApplication::installTranslator(&pseudo);
    QTRY_VERIFY(window->menuBar()->actions().constFirst()->text().startsWith(Open));
    QCoreApplication::sendPostedEvents(); // every window and widget has had its LanguageChange
    server->start();
    QTRY_VERIFY(server->logView()->model()->rowCount() > 0);

    QVector<Shown> bad;
    for (const Shown &shown : shownTexts(window.get()) + logTexts(server)) {
        if (!shown.text.contains(Open) && !untranslatedWords(shown.text).isEmpty())
            bad.append(shown);
    }
    QCoreApplication::removeTranslator(&pseudo);
    QVERIFY2(bad.isEmpty(),
        qPrintable(
            QStringLiteral("Texts that bypass tr() or do not retranslate (listed above): ") + report(bad)));
}

void tst_Translation::dialogsInChinese_data()
{
    QTest::addColumn<QString>("action");
    QTest::newRow("about") << QStringLiteral("&About Sockpit");
    QTest::newRow("rename tab") << QStringLiteral("&Rename Tab…");
}

// The window's own dialogs (and Qt's buttons in them) are in Chinese too.
void tst_Translation::dialogsInChinese()
{
    QFETCH(QString, action);
    QVERIFY(LanguageManager::setLanguage(QStringLiteral("zh_CN")));
    SessionTab *server = nullptr;
    std::unique_ptr<MainWindow> window(windowWithEveryMode(&server));
    const QString translated
        = QCoreApplication::translate("sockpit::ui::MainWindow", action.toUtf8().constData());
    QVERIFY2(translated != action, qPrintable(action));
    QAction *trigger = nullptr;
    for (QAction *candidate : window->findChildren<QAction *>()) {
        if (candidate->text() == translated)
            trigger = candidate;
    }
    QVERIFY2(trigger, qPrintable(translated));

    // The dialog is answered without an event loop of its own: shown (which adds a message box's
    // buttons), read, closed.
    QVector<Shown> texts;
    DialogAnswers answers([&texts](QDialog *dialog) {
        dialog->show();
        texts = shownTexts(dialog);
        dialog->close();
    });
    trigger->trigger();

    QCOMPARE(answers.count, 1);
    QVERIFY(!texts.isEmpty());
    QVector<Shown> bad;
    for (const Shown &shown : texts) {
        if (!untranslatedWords(shown.text).isEmpty())
            bad.append(shown);
    }
    QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("English texts left in the dialog: ") + report(bad)));
}

QTEST_MAIN(tst_Translation)
#include "tst_translation.moc"
