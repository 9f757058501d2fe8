#pragma once

#include <QMenu>

namespace sockpit::ui {

// View > Language and View > Theme: LanguageManager's choices, each item keeping its choice in data()
// (a language code, "" for the system's, or a LanguageManager::Theme), checked as it is when the menu
// opens (another window may have changed it).
class ViewMenu final : public QMenu
{
    Q_OBJECT
public:
    explicit ViewMenu(QWidget *parent = nullptr);

    QMenu *languageMenu() const { return m_languageMenu; }
    QMenu *themeMenu() const { return m_themeMenu; }
    void retranslate();

private:
    void updateChecks();

    QMenu *m_languageMenu;
    QMenu *m_themeMenu;
};

} // namespace sockpit::ui
