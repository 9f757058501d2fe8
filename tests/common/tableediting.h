#pragma once

// Driving a table editor as a user does, for the widget tests of the auto-reply rules editor
// (tests/ui/editors/tst_autoreplyeditor.cpp) and the quick-send panel (tests/ui/compose/tst_presetpanel.cpp):
// its widgets found by their object names, its cells edited through the keyboard.

#include <QLineEdit>
#include <QObject>
#include <QString>
#include <QTableWidget>
#include <QTest>

namespace sockpit::test {

// The child of `parent` named `name`, at any depth; the test stops when there is none.
template<typename T> T *child(const QObject *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

// Opens a cell's editor and types into it, as a double-click and the keyboard do.
inline void editCell(QTableWidget *table, int row, int column, const QString &text, int timeoutMs = 10000)
{
    table->setCurrentCell(row, column);
    table->editItem(table->item(row, column));
    // The open editor; ones closed before may still wait for their deferred delete.
    QLineEdit *editor = nullptr;
    for (QLineEdit *candidate : table->viewport()->findChildren<QLineEdit *>()) {
        if (candidate->isVisible())
            editor = candidate;
    }
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits the edit from the event loop.
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, column)->text(), text, timeoutMs);
}

} // namespace sockpit::test
