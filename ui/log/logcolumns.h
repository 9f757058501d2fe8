#pragma once

#include <QObject>

#include <array>

class QTableView;

namespace sockpit::ui {

// Which of the log table's columns are shown. Each has a wish: the View menu's System Calls, the
// session's checksum check, the rest always. The payload is what the log is for, so while the table is
// too narrow for every wished column and a payload of a third of its width, the learning aids give way
// first (the system call, then the time since the previous message) and come back when it widens. The
// wishes themselves never change that way, so the View menu keeps the user's choice.
class LogColumns final : public QObject
{
public:
    explicit LogColumns(QTableView *table);

    void setWanted(int column, bool wanted);
    bool isWanted(int column) const;
    // A column's width as set by the view's metrics (used while it is hidden).
    void setWidth(int column, int width);
    // Applies the wishes to the table's current width.
    void fit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    int widthOf(int column) const;

    QTableView *m_table;
    QObject *m_viewport; // compared only: the table's viewport, whose size the columns follow
    std::array<bool, 16> m_wanted;
    std::array<int, 16> m_width {};
};

} // namespace sockpit::ui
