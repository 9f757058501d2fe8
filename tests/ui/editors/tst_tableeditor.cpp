// The common part of the table editors: its widgets named, ordered and laid out; an error shown until
// an edit; the selected rows removed; a file written and read with each failure named; the file
// choosers answered and cancelled (by the test, so no dialog is ever shown).

#include "dialoganswers.h"
#include "tableeditor.h"

#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <functional>

using namespace sockpit::ui;

namespace {
const TableEditor::FileErrors Errors {
    QStringLiteral("write %1: %2"), QStringLiteral("read %1: %2"), QStringLiteral("in %1: %2")};

template<typename T> T *child(const QObject *parent, const char *name)
{
    T *widget = parent->findChild<T *>(QLatin1String(name), Qt::FindDirectChildrenOnly);
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

void fillRows(QTableWidget *table, const QStringList &texts)
{
    table->setRowCount(0);
    for (const QString &text : texts) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(text));
    }
}

QStringList rowTexts(const QTableWidget *table)
{
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts.append(table->item(row, 0)->text());
    return texts;
}

bool writeText(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}
} // namespace

class tst_TableEditor : public QObject
{
    Q_OBJECT
private slots:
    void widgetsAreNamedChildrenInOrder();
    void layoutPutsTableErrorAndButtons();
    void errorShownUntilAnEdit();
    void removesTheSelectedRowsLastFirst();
    void writesAndReadsAFile();
    void namesEachFileFailure();
    void openDialogRunsTheActionOnTheChosenFile();
    void saveDialogShowsTheActionsError();
    void cancelledDialogDoesNothing();
};

void tst_TableEditor::widgetsAreNamedChildrenInOrder()
{
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 3);
    QCOMPARE(child<QTableWidget>(&owner, "thingTable"), editor.table());
    QCOMPARE(child<QPushButton>(&owner, "thingAdd"), editor.addButton());
    QCOMPARE(child<QPushButton>(&owner, "thingRemove"), editor.removeButton());
    QCOMPARE(child<QPushButton>(&owner, "thingImport"), editor.importButton());
    QCOMPARE(child<QPushButton>(&owner, "thingExport"), editor.exportButton());
    auto *error = child<QLabel>(&owner, "thingError");
    // Made in this order, which is also the order of the focus chain.
    QObjectList made;
    for (QObject *object : owner.children()) {
        if (object->isWidgetType())
            made.append(object);
    }
    QCOMPARE(made,
        (QObjectList {editor.table(), editor.addButton(), editor.removeButton(), editor.importButton(),
            editor.exportButton(), error}));

    QCOMPARE(editor.table()->columnCount(), 3);
    QCOMPARE(editor.table()->rowCount(), 0);
    QCOMPARE(editor.table()->selectionBehavior(), QAbstractItemView::SelectRows);
    QVERIFY(editor.table()->verticalHeader()->isHidden());
    QCOMPARE(error->textFormat(), Qt::PlainText);
    QVERIFY(error->wordWrap());
    QVERIFY(error->isHidden());
    QCOMPARE(editor.errorText(), QString());
}

void tst_TableEditor::layoutPutsTableErrorAndButtons()
{
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 1);
    auto *layout = new QVBoxLayout(&owner);
    editor.addTo(layout);
    QCOMPARE(layout->count(), 3);
    QCOMPARE(layout->itemAt(0)->widget(), editor.table());
    QCOMPARE(layout->stretch(0), 1);
    QCOMPARE(layout->itemAt(1)->widget(), child<QLabel>(&owner, "thingError"));
    QCOMPARE(layout->stretch(1), 0);
    auto *buttons = qobject_cast<QHBoxLayout *>(layout->itemAt(2)->layout());
    QVERIFY(buttons);
    QCOMPARE(buttons->count(), 5);
    QCOMPARE(buttons->itemAt(0)->widget(), editor.addButton());
    QCOMPARE(buttons->itemAt(1)->widget(), editor.removeButton());
    QVERIFY(buttons->itemAt(2)->spacerItem()); // Import and Export at the right
    QCOMPARE(buttons->stretch(2), 1);
    QCOMPARE(buttons->itemAt(3)->widget(), editor.importButton());
    QCOMPARE(buttons->itemAt(4)->widget(), editor.exportButton());
}

void tst_TableEditor::errorShownUntilAnEdit()
{
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 1);
    auto *layout = new QVBoxLayout(&owner);
    editor.addTo(layout);
    fillRows(editor.table(), {QStringLiteral("a")});
    owner.show();
    QVERIFY(QTest::qWaitForWindowExposed(&owner));

    editor.showError(QStringLiteral("<b>not bold</b>"));
    QTRY_VERIFY(child<QLabel>(&owner, "thingError")->isVisible());
    QCOMPARE(editor.errorText(), QStringLiteral("<b>not bold</b>"));
    editor.hideError();
    QCOMPARE(editor.errorText(), QString());

    editor.showError(QStringLiteral("again"));
    QCOMPARE(editor.errorText(), QStringLiteral("again"));
    editor.table()->item(0, 0)->setText(QStringLiteral("edited"));
    QCOMPARE(editor.errorText(), QString());

    // Shown while the owner is hidden, it counts: it is there when the owner is shown.
    owner.hide();
    editor.showError(QStringLiteral("later"));
    QCOMPARE(editor.errorText(), QStringLiteral("later"));
}

void tst_TableEditor::removesTheSelectedRowsLastFirst()
{
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 1);
    QTableWidget *table = editor.table();
    fillRows(table, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")});
    table->setSelectionMode(QAbstractItemView::MultiSelection);
    table->selectRow(0);
    table->selectRow(2);
    QList<int> removed;
    QList<int> rowsLeft;
    editor.removeSelectedRows([&removed, &rowsLeft, table](int row) {
        removed.append(row);
        rowsLeft.append(table->rowCount());
    });
    QCOMPARE(removed, (QList<int> {2, 0}));
    QCOMPARE(rowsLeft, (QList<int> {3, 2})); // called once the row is gone
    QCOMPARE(rowTexts(table), (QStringList {QStringLiteral("b"), QStringLiteral("d")}));

    // Without a callback; with nothing selected nothing goes.
    table->clearSelection();
    editor.removeSelectedRows();
    QCOMPARE(table->rowCount(), 2);
    table->selectRow(1);
    editor.removeSelectedRows();
    QCOMPARE(rowTexts(table), QStringList {QStringLiteral("b")});
}

void tst_TableEditor::writesAndReadsAFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("list.json"));
    QString error;
    QVERIFY(writeText(path, "a longer content that the next write replaces"));
    QVERIFY2(TableEditor::writeFile(path, "{\"x\": []}\n", Errors, &error), qPrintable(error));

    QByteArray read;
    const auto reader = [&read](const QByteArray &content, QString *) {
        read = content;
        return true;
    };
    QVERIFY2(TableEditor::readFile(path, reader, Errors, &error), qPrintable(error));
    QCOMPARE(read, QByteArray("{\"x\": []}\n"));
}

void tst_TableEditor::namesEachFileFailure()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;

    const QString noFolder = dir.filePath(QStringLiteral("no such folder/list.json"));
    QVERIFY(!TableEditor::writeFile(noFolder, "[]", Errors, &error));
    QVERIFY2(error.startsWith(QStringLiteral("write ") + noFolder + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.size() > noFolder.size() + 8, qPrintable(error)); // the system's reason follows

    bool called = false;
    const auto reader = [&called](const QByteArray &, QString *why) {
        called = true;
        *why = QStringLiteral("entry 2 is wrong");
        return false;
    };
    const QString missing = dir.filePath(QStringLiteral("missing.json"));
    QVERIFY(!TableEditor::readFile(missing, reader, Errors, &error));
    QVERIFY2(error.startsWith(QStringLiteral("read ") + missing + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.size() > missing.size() + 7, qPrintable(error));
    QVERIFY(!called);

    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeText(bad, "{}"));
    QVERIFY(!TableEditor::readFile(bad, reader, Errors, &error));
    QVERIFY(called);
    QCOMPARE(error, QStringLiteral("in ") + bad + QStringLiteral(": entry 2 is wrong"));
}

void tst_TableEditor::openDialogRunsTheActionOnTheChosenFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeText(path, "{}"));
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 1);
    sockpit::test::FileChooserAnswers chooser;
    chooser.answer(path);
    QStringList chosen;
    editor.chooseFileToOpen(QStringLiteral("Open a list"), QStringLiteral("Lists (*.json)"),
        [&chosen](const QString &file, QString *) {
            chosen.append(file);
            return true;
        });
    QCOMPARE(chooser.requests.size(), 1);
    const FileChooser::Request &request = chooser.requests.constFirst();
    QCOMPARE(request.mode, FileChooser::Mode::Open);
    QCOMPARE(request.parent, &owner);
    QCOMPARE(request.title, QStringLiteral("Open a list"));
    QCOMPARE(request.filter, QStringLiteral("Lists (*.json)"));
    QCOMPARE(chosen, QStringList {path});
    QCOMPARE(editor.errorText(), QString());
}

void tst_TableEditor::saveDialogShowsTheActionsError()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("new.json"));
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 1);
    sockpit::test::FileChooserAnswers chooser;
    chooser.answer(path);
    QStringList chosen;
    editor.chooseFileToSave(QStringLiteral("Save a list"), QStringLiteral("Lists (*.json)"),
        [&chosen](const QString &file, QString *error) {
            chosen.append(file);
            *error = QStringLiteral("disk full");
            return false;
        });
    QCOMPARE(chooser.requests.size(), 1);
    QCOMPARE(chooser.requests.constFirst().mode, FileChooser::Mode::Save);
    QCOMPARE(chooser.requests.constFirst().title, QStringLiteral("Save a list"));
    QCOMPARE(chosen, QStringList {path});
    QCOMPARE(editor.errorText(), QStringLiteral("disk full"));
}

void tst_TableEditor::cancelledDialogDoesNothing()
{
    QWidget owner;
    TableEditor editor(&owner, QStringLiteral("thing"), 1);
    bool called = false;
    const auto action = [&called](const QString &, QString *) {
        called = true;
        return true;
    };
    sockpit::test::FileChooserAnswers chooser; // nothing queued: each dialog is cancelled
    editor.chooseFileToOpen(QStringLiteral("Open"), QStringLiteral("Lists (*.json)"), action);
    editor.chooseFileToSave(QStringLiteral("Save"), QStringLiteral("Lists (*.json)"), action);
    QCOMPARE(chooser.requests.size(), 2);
    QVERIFY(!called);
    QCOMPARE(editor.errorText(), QString());
}

QTEST_MAIN(tst_TableEditor)
#include "tst_tableeditor.moc"
