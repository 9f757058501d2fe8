#pragma once

#include <QCoreApplication>
#include <QPalette>
#include <QString>
#include <QStringList>

namespace sockpit::ui {

// Applies the interface language and the colour theme chosen in View > Language and View > Theme, and
// remembers both (QSettings "ui/language", "ui/theme"). Languages: Sockpit's own translation from the
// resource ":/i18n" plus Qt's (qtbase_*.qm from Qt's translations directory) for standard dialogs;
// installing them makes every widget retranslate through QEvent::LanguageChange.
class LanguageManager final
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ui::LanguageManager)
public:
    enum class Theme { System, Light, Dark };

    // The choices offered: "" follows the system, then "en" and "zh_CN".
    static QStringList languages();
    // A language named in itself ("English", "简体中文"), so a user can find their own in any language.
    static QString nativeName(const QString &language);

    // The remembered choice ("" = the system's language).
    static QString language();
    // The language actually shown for `choice`: "zh_CN" or "en".
    static QString resolve(const QString &choice);
    // The language the system prefers among ours, from its UI languages ("zh-CN", "en-US", ...).
    static QString systemLanguage(const QStringList &uiLanguages);
    // Installs the translators for `choice` (replacing earlier ones) and remembers it. False when
    // Sockpit's translation could not be loaded; English is then shown.
    static bool setLanguage(const QString &choice);
    // The language of the installed translators ("en" before any).
    static QString currentLanguage();

    static Theme theme();
    static void setTheme(Theme theme);
    static QString themeName(Theme theme);
    static Theme themeFromName(const QString &name);
    static QPalette darkPalette();

    // At start, before the first window: the remembered language and theme.
    static void applySaved();
    // The command line: the translators for the locale's language (LANGUAGE, LC_ALL, LC_MESSAGES or
    // LANG), leaving the window's remembered choice alone.
    static void applySystemLanguage();

private:
    static void applyTheme(Theme theme);
};

} // namespace sockpit::ui
