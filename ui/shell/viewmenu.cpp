#include "viewmenu.h"

#include "appsettings.h"
#include "languagemanager.h"
#include "logmodel.h"
#include "logview.h"
#include "sessiontab.h"

#include <QActionGroup>
#include <QApplication>
#include <QLocale>

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
    m_capacityMenu = addMenu(QString());
    auto *capacities = new QActionGroup(this);
    for (int rows : logCapacities()) {
        QAction *action = m_capacityMenu->addAction(QString());
        action->setCheckable(true);
        action->setData(rows);
        capacities->addAction(action);
        connect(action, &QAction::triggered, this, [rows] { setLogCapacity(rows); });
    }
    connect(this, &QMenu::aboutToShow, this, &ViewMenu::updateChecks);
    updateChecks();
}

QList<int> ViewMenu::logCapacities()
{
    return {LogModel::DefaultCapacity, 1000000, 10000000};
}

void ViewMenu::setLogCapacity(int rows)
{
    AppSettings::setLogCapacity(rows);
    for (QWidget *window : QApplication::topLevelWidgets()) {
        for (SessionTab *tab : window->findChildren<SessionTab *>())
            tab->logView()->model()->setCapacity(rows);
    }
}

void ViewMenu::updateChecks()
{
    for (QAction *action : m_languageMenu->actions())
        action->setChecked(action->data().toString() == LanguageManager::language());
    for (QAction *action : m_themeMenu->actions())
        action->setChecked(action->data().toInt() == int(LanguageManager::theme()));
    const int capacity = AppSettings::logCapacity(LogModel::DefaultCapacity);
    for (QAction *action : m_capacityMenu->actions())
        action->setChecked(action->data().toInt() == capacity);
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
    m_capacityMenu->setTitle(tr("Log Ca&pacity"));
    m_capacityMenu->setToolTipsVisible(true);
    for (QAction *action : m_capacityMenu->actions()) {
        const int rows = action->data().toInt();
        action->setText(tr("%1 rows").arg(QLocale().toString(rows)));
        action->setToolTip(tr("Each tab's log keeps its newest %1 rows; a recording keeps everything")
                               .arg(QLocale().toString(rows)));
    }
}

} // namespace sockpit::ui
