#include "languagemanager.h"

#include "settingswriter.h"
#include "translations.h"

#include <QApplication>
#include <QLocale>
#include <QSettings>
#include <QStyle>

namespace sockpit::ui {

namespace {

const QString LanguageKey = QStringLiteral("ui/language");
const QString ThemeKey = QStringLiteral("ui/theme");
const QString &English = Translations::English;
const QString &SimplifiedChinese = Translations::SimplifiedChinese;

// The platform's style, kept before Light or Dark replace it with Fusion.
QString &systemStyle()
{
    static QString style;
    return style;
}

} // namespace

QStringList LanguageManager::languages()
{
    return {QString(), English, SimplifiedChinese};
}

QString LanguageManager::nativeName(const QString &language)
{
    if (language == SimplifiedChinese)
        return QStringLiteral("简体中文");
    if (language == English)
        return QStringLiteral("English");
    return tr("&System");
}

QString LanguageManager::language()
{
    SettingsWriter::waitForWrites();
    const QString saved = QSettings().value(LanguageKey).toString();
    return languages().contains(saved) && !saved.isEmpty() ? saved : QString();
}

QString LanguageManager::resolve(const QString &choice)
{
    if (choice == English || choice == SimplifiedChinese)
        return choice;
    return systemLanguage(QLocale::system().uiLanguages());
}

QString LanguageManager::systemLanguage(const QStringList &uiLanguages)
{
    return Translations::systemLanguage(uiLanguages);
}

bool LanguageManager::setLanguage(const QString &choice)
{
    const QString saved
        = choice == English || choice == SimplifiedChinese ? choice : QStringLiteral("system");
    SettingsWriter::post([saved](QSettings &settings) { settings.setValue(LanguageKey, saved); });
    return Translations::install(resolve(choice));
}

QString LanguageManager::currentLanguage()
{
    return Translations::current();
}

LanguageManager::Theme LanguageManager::theme()
{
    SettingsWriter::waitForWrites();
    return themeFromName(QSettings().value(ThemeKey).toString());
}

void LanguageManager::setTheme(Theme theme)
{
    const QString name = themeName(theme);
    SettingsWriter::post([name](QSettings &settings) { settings.setValue(ThemeKey, name); });
    applyTheme(theme);
}

QString LanguageManager::themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

LanguageManager::Theme LanguageManager::themeFromName(const QString &name)
{
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

// Qt 6.4 cannot ask the system for its dark preference, so Dark is this palette on Fusion, which
// draws every control from the palette.
QPalette LanguageManager::darkPalette()
{
    const QColor window(0x32, 0x33, 0x36);
    const QColor base(0x24, 0x25, 0x28);
    const QColor text(0xe8, 0xe8, 0xe8);
    const QColor disabledText(0x80, 0x80, 0x84);
    const QColor highlight(0x2f, 0x6f, 0xc0);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x2c, 0x2d, 0x30));
    palette.setColor(QPalette::ToolTipBase, QColor(0x40, 0x41, 0x45));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x95, 0x95, 0x9a));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, QColor(0x3a, 0x3b, 0x3f));
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Light, QColor(0x4a, 0x4b, 0x50));
    palette.setColor(QPalette::Midlight, QColor(0x3f, 0x40, 0x44));
    palette.setColor(QPalette::Mid, QColor(0x2a, 0x2b, 0x2e));
    palette.setColor(QPalette::Dark, QColor(0x1e, 0x1f, 0x21));
    palette.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    palette.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xf0));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x54));
    palette.setColor(QPalette::Disabled, QPalette::Base, window);
    return palette;
}

void LanguageManager::applySaved()
{
    Translations::install(resolve(language()));
    applyTheme(theme());
}

void LanguageManager::applySystemLanguage()
{
    Translations::installSystemLanguage();
}

void LanguageManager::applyTheme(Theme theme)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return;
    if (systemStyle().isEmpty())
        systemStyle() = QApplication::style()->name();
    const QString style = theme == Theme::System ? systemStyle() : QStringLiteral("fusion");
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(style);
    switch (theme) {
    case Theme::System:
        QApplication::setPalette(QPalette()); // no role set: the style's and platform's own palette
        break;
    case Theme::Light:
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        QApplication::setPalette(darkPalette());
        break;
    }
}

} // namespace sockpit::ui
