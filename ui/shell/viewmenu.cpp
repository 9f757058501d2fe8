#include "viewmenu.h"

#include "languagemanager.h"

#include <QActionGroup>

namespace sockpit::ui {

ViewMenu::ViewMenu(QWidget *parent)
    : QMenu(parent)
    , m_languageMenu(addMenu(QString()))
{
    auto *languages = new QActionGroup(this);
    for (const QString &language : LanguageManager::languages()) {
        QAction *action = m_languageMenu->addAction(QString());
        action->setCheckable(true);
        action->setData(language);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [language] { LanguageManager::setLanguage(language); });
    }
    m_themeMenu = addMenu(QString());
    auto *themes = new QActionGroup(this);
    using Theme = LanguageManager::Theme;
    for (Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        QAction *action = m_themeMenu->addAction(QString());
        action->setCheckable(true);
        action->setData(int(theme));
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [theme] { LanguageManager::setTheme(theme); });
    }
    connect(this, &QMenu::aboutToShow, this, &ViewMenu::updateChecks);
    updateChecks();
}

void ViewMenu::updateChecks()
{
    for (QAction *action : m_languageMenu->actions())
        action->setChecked(action->data().toString() == LanguageManager::language());
    for (QAction *action : m_themeMenu->actions())
        action->setChecked(action->data().toInt() == int(LanguageManager::theme()));
}

void ViewMenu::retranslate()
{
    setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    for (QAction *action : m_languageMenu->actions())
        action->setText(LanguageManager::nativeName(action->data().toString()));
    m_themeMenu->setTitle(tr("&Theme"));
    const QStringList themeNames = {tr("&System"), tr("&Light"), tr("&Dark")};
    for (QAction *action : m_themeMenu->actions())
        action->setText(themeNames.value(action->data().toInt()));
}

} // namespace sockpit::ui
