// View > Language and View > Theme: the translators and palettes they install, what is remembered,
// and an open window that follows a language switch at run time.

#include "languagemanager.h"
#include "mainwindow.h"
#include "settingswriter.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit::ui;

namespace {

QMenu *menuTitled(QMenuBar *bar, const QString &title)
{
    for (QAction *action : bar->actions()) {
        if (action->text() == title)
            return action->menu();
    }
    return nullptr;
}

QAction *actionWithData(QMenu *menu, const QVariant &data)
{
    for (QAction *action : menu->actions()) {
        if (action->data() == data)
            return action;
    }
    return nullptr;
}

QString clientCount(int n)
{
    return QCoreApplication::translate("sockpit::ui::SessionTab", "%n client(s)", nullptr, n);
}

// What the settings file holds, once the writes made so far are on disk.
QString savedText(const QString &key)
{
    SettingsWriter::waitForWrites();
    return QSettings().value(key).toString();
}

} // namespace

class tst_LanguageManager : public QObject
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
    void translationsAreEmbedded();
    void englishHasPluralForms();
    void chineseLoadsQtsOwnTranslation();
    void openWindowFollowsALanguageSwitch();
    void themes();
    void savedChoicesApplyAtStart();
};

void tst_LanguageManager::cleanup()
{
    LanguageManager::setLanguage(QStringLiteral("en"));
    LanguageManager::setTheme(LanguageManager::Theme::System);
}

void tst_LanguageManager::translationsAreEmbedded()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/sockpit_zh_CN.qm")));
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/sockpit_en.qm")));
}

void tst_LanguageManager::englishHasPluralForms()
{
    QVERIFY(LanguageManager::setLanguage(QStringLiteral("en")));
    QCOMPARE(clientCount(1), QStringLiteral("1 client"));
    QCOMPARE(clientCount(3), QStringLiteral("3 clients"));
    QVERIFY(LanguageManager::setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(clientCount(3), QStringLiteral("3 个客户端"));
}

void tst_LanguageManager::chineseLoadsQtsOwnTranslation()
{
    QVERIFY(LanguageManager::setLanguage(QStringLiteral("zh_CN")));
    QCOMPARE(LanguageManager::currentLanguage(), QStringLiteral("zh_CN"));
    // qtbase_zh_CN.qm (Debian's qt6-translations-l10n) names the standard buttons.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
    QVERIFY(LanguageManager::setLanguage(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void tst_LanguageManager::openWindowFollowsALanguageSwitch()
{
    MainWindow window;
    window.addSessionTab();
    window.show();
    QMenuBar *bar = window.menuBar();
    QVERIFY(menuTitled(bar, QStringLiteral("&File")));
    QMenu *view = menuTitled(bar, QStringLiteral("&View"));
    QVERIFY(view);
    QMenu *languages = menuTitled(bar, QStringLiteral("&View"))->actions().value(0)->menu();
    QVERIFY(languages);
    QCOMPARE(languages->actions().size(), 3);

    // Chosen from the menu, as a user does; the window retranslates through QEvent::LanguageChange.
    actionWithData(languages, QStringLiteral("zh_CN"))->trigger();
    QTRY_VERIFY(menuTitled(bar, QStringLiteral("文件(&F)")));
    QVERIFY(menuTitled(bar, QStringLiteral("视图(&V)")));
    QCOMPARE(window.windowTitle(), QStringLiteral("Sockpit"));
    QCOMPARE(savedText(QStringLiteral("ui/language")), QStringLiteral("zh_CN"));
    emit view->aboutToShow();
    QVERIFY(actionWithData(languages, QStringLiteral("zh_CN"))->isChecked());

    actionWithData(languages, QStringLiteral("en"))->trigger();
    QTRY_VERIFY(menuTitled(bar, QStringLiteral("&File")));
    QCOMPARE(savedText(QStringLiteral("ui/language")), QStringLiteral("en"));

    actionWithData(languages, QString())->trigger();
    QCOMPARE(savedText(QStringLiteral("ui/language")), QStringLiteral("system"));
    QCOMPARE(LanguageManager::language(), QString());
}

void tst_LanguageManager::themes()
{
    const QString systemStyle = QApplication::style()->name();
    const QColor darkWindow = LanguageManager::darkPalette().color(QPalette::Window);
    LanguageManager::setTheme(LanguageManager::Theme::Dark);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    QCOMPARE(QApplication::palette().color(QPalette::Window), darkWindow);
    QVERIFY(QApplication::palette().color(QPalette::WindowText).lightness() > 200);
    QCOMPARE(savedText(QStringLiteral("ui/theme")), QStringLiteral("dark"));

    // A widget created now, and one shown before, both take the dark palette.
    MainWindow window;
    window.show();
    QCOMPARE(window.palette().color(QPalette::Window), darkWindow);

    LanguageManager::setTheme(LanguageManager::Theme::Light);
    QCOMPARE(QApplication::palette().color(QPalette::Window),
        QApplication::style()->standardPalette().color(QPalette::Window));
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 150);
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() > 150);
    QCOMPARE(LanguageManager::theme(), LanguageManager::Theme::Light);

    LanguageManager::setTheme(LanguageManager::Theme::System);
    QCOMPARE(QApplication::style()->name(), systemStyle);
    QVERIFY(QApplication::palette().color(QPalette::Window) != darkWindow);
    QCOMPARE(LanguageManager::theme(), LanguageManager::Theme::System);
}

void tst_LanguageManager::savedChoicesApplyAtStart()
{
    // As an earlier run left them: after the choices made above are written (on the writer's thread).
    SettingsWriter::waitForWrites();
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("zh_CN"));
    QSettings().setValue(QStringLiteral("ui/theme"), QStringLiteral("dark"));
    LanguageManager::applySaved();
    QCOMPARE(LanguageManager::currentLanguage(), QStringLiteral("zh_CN"));
    QCOMPARE(QApplication::palette().color(QPalette::Window),
        LanguageManager::darkPalette().color(QPalette::Window));
    MainWindow window;
    QVERIFY(menuTitled(window.menuBar(), QStringLiteral("文件(&F)")));

    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("klingon"));
    QCOMPARE(LanguageManager::language(), QString()); // unknown: follow the system
}

QTEST_MAIN(tst_LanguageManager)
#include "tst_languagemanager.moc"
