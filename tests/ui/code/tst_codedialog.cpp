// The "Show as Code" dialog driven as a user would: a Python and a C tab for each mode that can be
// shown, read-only text in the system's fixed-width font, Copy puts the tab shown on the clipboard, Save…
// writes it where the (answered) file chooser says, and a failure is shown; not modal; retranslated on a
// language change.

#include "codedialog.h"
#include "dialoganswers.h"
#include "sessioncode.h"

#include <QClipboard>
#include <QFile>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::test;

Q_DECLARE_METATYPE(sockpit::SessionMode)

namespace {

template<typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no %s", name);
    return found;
}

SessionConfig config(SessionMode mode)
{
    SessionConfig config;
    config.mode = mode;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.bindPort = 9000;
    config.host = QStringLiteral("127.0.0.1");
    config.port = 9001;
    config.echo = true;
    return config;
}

QByteArray fileContent(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Shows the C tab by clicking its tab.
void showCTab(CodeDialog &dialog)
{
    auto *tabs = child<QTabWidget>(&dialog, "codeTabs");
    QTabBar *bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(1).center());
    QCOMPARE(tabs->currentIndex(), 1);
}

} // namespace

class tst_CodeDialog : public QObject
{
    Q_OBJECT

private slots:
    void showsBothLanguages_data();
    void showsBothLanguages();
    void modesWithoutCode();
    void copyTakesTheTabShown();
    void saveWritesTheTabShown();
    void saveFailureIsShown();
    void retranslates();
};

void tst_CodeDialog::showsBothLanguages_data()
{
    QTest::addColumn<SessionMode>("mode");
    QTest::newRow("tcp server") << SessionMode::TcpServer;
    QTest::newRow("tcp client") << SessionMode::TcpClient;
    QTest::newRow("udp") << SessionMode::Udp;
}

void tst_CodeDialog::showsBothLanguages()
{
    QFETCH(SessionMode, mode);
    QWidget window;
    window.show();
    auto *dialog = new CodeDialog(config(mode), &window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(!dialog->isModal());
    QCOMPARE(dialog->windowModality(), Qt::NonModal);

    auto *tabs = child<QTabWidget>(dialog, "codeTabs");
    auto *python = child<QPlainTextEdit>(dialog, "codePython");
    auto *c = child<QPlainTextEdit>(dialog, "codeC");
    QVERIFY(tabs && python && c);
    QCOMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Python"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("C"));
    QCOMPARE(tabs->currentWidget(), python);
    QCOMPARE(python->toPlainText(), sessionAsPython(config(mode)));
    QCOMPARE(c->toPlainText(), sessionAsC(config(mode)));
    QVERIFY(python->toPlainText().contains(QStringLiteral("from socket import *")));
    QVERIFY(c->toPlainText().contains(QStringLiteral("#include <sys/socket.h>")));
    for (QPlainTextEdit *editor : {python, c}) {
        QVERIFY(editor->isReadOnly());
        QCOMPARE(editor->font(), QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    QCOMPARE(dialog->shownCode(), python->toPlainText());
    showCTab(*dialog);
    QVERIFY(c->isVisible());
    QCOMPARE(dialog->shownCode(), c->toPlainText());
    QVERIFY(child<QPushButton>(dialog, "codeCopy")->isEnabled());
    QVERIFY(child<QPushButton>(dialog, "codeSave")->isEnabled());

    // Close ends it; the window it belongs to stays.
    QPointer<CodeDialog> guard(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "codeClose"), Qt::LeftButton);
    QTRY_VERIFY(guard.isNull());
    QVERIFY(window.isVisible());
}

void tst_CodeDialog::modesWithoutCode()
{
    for (const SessionMode mode : {SessionMode::TcpRelay, SessionMode::UdpRelay, SessionMode::Icmp}) {
        CodeDialog dialog(config(mode));
        QVERIFY(!child<QPushButton>(&dialog, "codeCopy")->isEnabled());
        QVERIFY(!child<QPushButton>(&dialog, "codeSave")->isEnabled());
        const QString text = child<QPlainTextEdit>(&dialog, "codePython")->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("cannot be shown as code")), qPrintable(text));
    }
}

void tst_CodeDialog::copyTakesTheTabShown()
{
    CodeDialog dialog(config(SessionMode::TcpServer));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *copy = child<QPushButton>(&dialog, "codeCopy");
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), sessionAsPython(config(SessionMode::TcpServer)));
    showCTab(dialog);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), sessionAsC(config(SessionMode::TcpServer)));
}

void tst_CodeDialog::saveWritesTheTabShown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FileChooserAnswers answers;
    CodeDialog dialog(config(SessionMode::Udp));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *save = child<QPushButton>(&dialog, "codeSave");

    // Python first: the chooser is asked to save, offering a name of the mode and Python's filter.
    const QString pythonPath = dir.filePath(QStringLiteral("mine.py"));
    answers.answer(pythonPath);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(answers.requests.size(), 1);
    QCOMPARE(answers.requests.at(0).mode, FileChooser::Mode::Save);
    QCOMPARE(answers.requests.at(0).parent, &dialog);
    QCOMPARE(answers.requests.at(0).path, QStringLiteral("udp.py"));
    QVERIFY(answers.requests.at(0).filter.contains(QStringLiteral("*.py")));
    QCOMPARE(fileContent(pythonPath), sessionAsPython(config(SessionMode::Udp)).toUtf8());

    // Then C.
    showCTab(dialog);
    const QString cPath = dir.filePath(QStringLiteral("mine.c"));
    answers.answer(cPath);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(answers.requests.size(), 2);
    QCOMPARE(answers.requests.at(1).path, QStringLiteral("udp.c"));
    QVERIFY(answers.requests.at(1).filter.contains(QStringLiteral("*.c")));
    QCOMPARE(fileContent(cPath), sessionAsC(config(SessionMode::Udp)).toUtf8());

    // Cancelled: nothing is written, nothing is said.
    DialogAnswers warnings;
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(answers.requests.size(), 3);
    QCOMPARE(warnings.count, 0);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 2);
}

void tst_CodeDialog::saveFailureIsShown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FileChooserAnswers answers;
    QString shown;
    DialogAnswers warnings([&shown](QDialog *box) { shown = qobject_cast<QMessageBox *>(box)->text(); });
    CodeDialog dialog(config(SessionMode::TcpClient));
    const QString path = dir.filePath(QStringLiteral("no such folder/client.py"));
    answers.answer(path);
    QTest::mouseClick(child<QPushButton>(&dialog, "codeSave"), Qt::LeftButton);
    QCOMPARE(warnings.count, 1);
    QVERIFY2(shown.contains(path), qPrintable(shown));
    QVERIFY(!QFile::exists(path));
}

void tst_CodeDialog::retranslates()
{
    CodeDialog dialog(config(SessionMode::TcpServer));
    auto *tabs = child<QTabWidget>(&dialog, "codeTabs");
    auto *python = child<QPlainTextEdit>(&dialog, "codePython");
    const QString title = dialog.windowTitle();
    QVERIFY(!title.isEmpty());
    dialog.setWindowTitle(QString());
    tabs->setTabText(0, QString());
    python->setPlainText(QString());
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(&dialog, &change);
    QCOMPARE(dialog.windowTitle(), title);
    QCOMPARE(tabs->tabText(0), QStringLiteral("Python"));
    QCOMPARE(python->toPlainText(), sessionAsPython(config(SessionMode::TcpServer)));
}

QTEST_MAIN(tst_CodeDialog)
#include "tst_codedialog.moc"
