#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace sockpit {

namespace {

struct Installed
{
    QPointer<QTranslator> ours;
    QPointer<QTranslator> qt;
    QString language = Translations::English;
};

Installed &installed()
{
    static Installed state;
    return state;
}

void removeTranslator(QPointer<QTranslator> &translator)
{
    if (translator) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
}

} // namespace

QString Translations::systemLanguage(const QStringList &uiLanguages)
{
    for (QString tag : uiLanguages) {
        tag.replace(u'-', u'_');
        if (tag == QLatin1String("en") || tag.startsWith(QLatin1String("en_")))
            return English;
        // Traditional Chinese readers are better served by English than by the wrong script.
        if (tag == QLatin1String("zh") || tag.startsWith(QLatin1String("zh_"))) {
            const bool traditional = tag.contains(QLatin1String("Hant")) || tag.endsWith(QLatin1String("_TW"))
                || tag.endsWith(QLatin1String("_HK")) || tag.endsWith(QLatin1String("_MO"));
            if (!traditional)
                return SimplifiedChinese;
        }
    }
    return English;
}

bool Translations::install(const QString &language)
{
    Installed &state = installed();
    auto *ours = new QTranslator(QCoreApplication::instance());
    const bool loaded = ours->load(QStringLiteral(":/i18n/sockpit_%1.qm").arg(language));
    QTranslator *qt = nullptr;
    if (loaded && language != English) {
        qt = new QTranslator(QCoreApplication::instance());
        if (!qt->load(
                QStringLiteral("qtbase_") + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            delete qt;
            qt = nullptr;
        }
    }
    removeTranslator(state.qt);
    removeTranslator(state.ours);
    if (!loaded) {
        delete ours;
        state.language = English;
        return false;
    }
    if (qt) {
        QCoreApplication::installTranslator(qt);
        state.qt = qt;
    }
    QCoreApplication::installTranslator(ours);
    state.ours = ours;
    state.language = language;
    // Numbers and sizes ("45 字节", "45 bytes") follow the interface language, unless it is the system's.
    const QLocale system = QLocale::system();
    QLocale::setDefault(QLocale(language).language() == system.language() ? system : QLocale(language));
    return true;
}

bool Translations::installSystemLanguage()
{
    return install(systemLanguage(QLocale::system().uiLanguages()));
}

QString Translations::current()
{
    return installed().language;
}

} // namespace sockpit
