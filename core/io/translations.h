#pragma once

#include <QString>
#include <QStringList>

namespace sockpit {

// Sockpit's own translation, from the resource ":/i18n/sockpit_<language>.qm" (the sockpit_translations
// library embeds it), and Qt's (qtbase_<language>.qm from Qt's translations directory), installed on the
// application. Qt Core only: the command line uses it as the window does (through LanguageManager).
class Translations final
{
public:
    static inline const QString English = QStringLiteral("en");
    static inline const QString SimplifiedChinese = QStringLiteral("zh_CN");

    // The language the system prefers among ours, from its UI languages ("zh-CN", "en-US", ...).
    static QString systemLanguage(const QStringList &uiLanguages);
    // Installs the translators for `language` ("en" or "zh_CN"), replacing earlier ones, and makes the
    // default locale follow it. False when Sockpit's translation could not be loaded; English is then
    // shown. English is installed too: its .qm holds the plural forms of the "%n client(s)" strings.
    static bool install(const QString &language);
    // The locale's language (LANGUAGE, LC_ALL, LC_MESSAGES or LANG).
    static bool installSystemLanguage();
    // The language of the installed translators ("en" before any).
    static QString current();
};

} // namespace sockpit
