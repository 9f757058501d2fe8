#pragma once

#include <QMenu>

namespace sockpit::ui {

// View > Language and View > Theme: LanguageManager's choices, each item keeping its choice in data()
// (a language code, "" for the system's, or a LanguageManager::Theme), checked as it is when the menu
// opens (another window may have changed it). View > Log Capacity: the rows every tab's log keeps,
// in every window, remembered for the next start.
class ViewMenu final : public QMenu
{
    Q_OBJECT
public:
    explicit ViewMenu(QWidget *parent = nullptr);

    QMenu *languageMenu() const { return m_languageMenu; }
    QMenu *themeMenu() const { return m_themeMenu; }
    QMenu *logCapacityMenu() const { return m_capacityMenu; }
    // The choices offered, in rows.
    static QList<int> logCapacities();
    // Applies `rows` to the log of every tab in every window, and remembers it.
    static void setLogCapacity(int rows);
    void retranslate();

private:
    void updateChecks();

    QMenu *m_languageMenu;
    QMenu *m_themeMenu;
    QMenu *m_capacityMenu;
};

} // namespace sockpit::ui
