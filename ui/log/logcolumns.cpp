#include "logcolumns.h"

#include "logmodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QTableView>

namespace sockpit::ui {

static_assert(LogModel::ColumnCount <= 16, "LogColumns keeps a wish per column");

LogColumns::LogColumns(QTableView *table)
    : QObject(table)
    , m_table(table)
    , m_viewport(table->viewport())
{
    m_wanted.fill(true);
    m_viewport->installEventFilter(this);
    connect(
        m_table->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column, int, int width) {
            if (column >= 0 && column < LogModel::PayloadColumn && width > 0)
                m_width[size_t(column)] = width; // the user's width, kept while the column gives way
        });
}

void LogColumns::setWanted(int column, bool wanted)
{
    m_wanted[size_t(column)] = wanted;
    fit();
}

bool LogColumns::isWanted(int column) const
{
    return m_wanted[size_t(column)];
}

void LogColumns::setWidth(int column, int width)
{
    m_width[size_t(column)] = width;
    m_table->horizontalHeader()->resizeSection(column, width);
}

int LogColumns::widthOf(int column) const
{
    const int shown = m_table->horizontalHeader()->sectionSize(column);
    return shown > 0 ? shown : m_width[size_t(column)];
}

void LogColumns::fit()
{
    bool shown[LogModel::ColumnCount];
    int others = 0; // the columns before the payload
    for (int column = 0; column < LogModel::ColumnCount; ++column) {
        shown[column] = m_wanted[size_t(column)];
        if (shown[column] && column != LogModel::PayloadColumn)
            others += widthOf(column);
    }
    // Before the table is laid out its width means nothing: the wishes stand.
    const int width = m_table->viewport()->width();
    if (m_table->isVisible() && width > 0) {
        const int room = width - width / 3;
        for (const int column : {int(LogModel::CallColumn), int(LogModel::DeltaColumn)}) {
            if (others > room && shown[column]) {
                shown[column] = false;
                others -= widthOf(column);
            }
        }
    }
    for (int column = 0; column < LogModel::ColumnCount; ++column) {
        if (m_table->isColumnHidden(column) == shown[column])
            m_table->setColumnHidden(column, !shown[column]);
    }
}

bool LogColumns::eventFilter(QObject *watched, QEvent *event)
{
    // The event's type first: while the table is destroyed its viewport still sends events here, and
    // the table can no longer be asked anything.
    if ((event->type() == QEvent::Resize || event->type() == QEvent::Show) && watched == m_viewport)
        fit();
    return QObject::eventFilter(watched, event);
}

} // namespace sockpit::ui
