// The plot pane: fields chosen in the editor its Fields… button opens, points from received data
// events only, and the CSV export through the file chooser, checked byte for byte.

#include "dialoganswers.h"
#include "plotpane.h"
#include "plotwidget.h"
#include "valuefieldeditor.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace sockpit;
using namespace sockpit::ui;

namespace {
// 2026-12-04T10:00:00Z
constexpr qint64 Start = qint64(1796378400) * 1000000;

ValueField regexField(const QString &name, const QString &pattern)
{
    ValueField field;
    field.name = name;
    field.pattern = pattern;
    return field;
}

ValueField binaryField(const QString &name, int offset, ValueField::Type type)
{
    ValueField field;
    field.name = name;
    field.kind = ValueField::Kind::Binary;
    field.offset = offset;
    field.type = type;
    return field;
}

Event dataEvent(qint64 timeUs, const QByteArray &payload, Direction dir = Direction::In)
{
    Event event;
    event.timeUs = timeUs;
    event.dir = dir;
    event.payload = payload;
    event.len = payload.size();
    return event;
}

template<typename T> T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child named %s", name);
    return found;
}
} // namespace

class TestPlotPane : public QObject
{
    Q_OBJECT
private slots:
    void receivedDataEventsGivePoints();
    void fieldsFromTheEditor();
    void pauseShowAllAndClearButtons();
    void editorRefusesFieldsItCannotUse();
    void exportsCsvThroughTheFileChooser();
    void exportFailureIsShown();
};

void TestPlotPane::receivedDataEventsGivePoints()
{
    PlotPane pane;
    pane.addEvents({dataEvent(Start, "temp=1")}); // no fields: nothing to do
    QCOMPARE(pane.plot()->seriesCount(), 0);
    pane.setFields({regexField(QStringLiteral("temp"), QStringLiteral("temp=([-\\d.]+)")),
        binaryField(QStringLiteral("b1"), 1, ValueField::Type::U8)});
    QCOMPARE(pane.plot()->seriesNames(), QStringList({QStringLiteral("temp"), QStringLiteral("b1")}));
    Event info = dataEvent(Start + 4, "temp=9");
    info.dir = Direction::Info;
    info.kind = EventKind::Accept;
    pane.appendEvents({dataEvent(Start, "temp=21.5"), dataEvent(Start + 1, "temp=99", Direction::Out),
                          dataEvent(Start + 2, "x"), dataEvent(Start + 3, "temp=-2"), info},
        0);
    QCOMPARE(pane.plot()->series(0).size(), std::size_t(2));
    QCOMPARE(pane.plot()->series(0).values()[0], 21.5);
    QCOMPARE(pane.plot()->series(0).values()[1], -2.0);
    QCOMPARE(pane.plot()->series(0).times()[1], Start + 3);
    // "temp=21.5" and "temp=-2" have a second byte ('e'); "x" has none.
    QCOMPARE(pane.plot()->series(1).size(), std::size_t(2));
    QCOMPARE(pane.plot()->series(1).values()[0], double('e'));
    // The same fields again keep the points; others start anew.
    pane.setFields(pane.fields());
    QCOMPARE(pane.plot()->totalPoints(), qint64(4));
    pane.setFields({regexField(QStringLiteral("other"), QStringLiteral("(\\d+)"))});
    QCOMPARE(pane.plot()->totalPoints(), qint64(0));
}

void TestPlotPane::fieldsFromTheEditor()
{
    PlotPane pane;
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QSignalSpy edited(&pane, &PlotPane::fieldsEdited);
    QTest::mouseClick(child<QPushButton>(&pane, "plotFields"), Qt::LeftButton);
    ValueFieldEditor *editor = nullptr;
    QTRY_VERIFY((editor = pane.fieldEditor()) && editor->isVisible());
    // Add, then type the pattern into the new row.
    QTest::mouseClick(child<QPushButton>(editor, "valueFieldAdd"), Qt::LeftButton);
    auto *table = child<QTableWidget>(editor, "valueFieldTable");
    QCOMPARE(table->rowCount(), 1);
    table->item(0, 0)->setText(QStringLiteral("temp"));
    table->item(0, 2)->setText(QStringLiteral("temp=(?<t>[-\\d.]+)"));
    table->item(0, 3)->setText(QStringLiteral("t"));
    // A text field's binary settings are not editable, and the other way round.
    QVERIFY(table->item(0, 2)->flags() & Qt::ItemIsEditable);
    QVERIFY(!child<QSpinBox>(editor, "valueFieldOffset")->isEnabled());
    editor->addField(binaryField(QStringLiteral("rpm"), 6, ValueField::Type::U16));
    QVERIFY(!(table->item(1, 2)->flags() & Qt::ItemIsEditable));
    QVERIFY(table->cellWidget(1, 4)->isEnabled());
    editor->accept();
    QCOMPARE(edited.count(), 1);
    QCOMPARE(pane.fields().size(), 2);
    QCOMPARE(pane.fields().at(0).groupName, QStringLiteral("t"));
    QCOMPARE(pane.fields().at(1).type, ValueField::Type::U16);
    QCOMPARE(edited.at(0).at(0).value<ValueFields>(), pane.fields());
    QTRY_VERIFY(!pane.fieldEditor());
    pane.addEvents({dataEvent(Start, "temp=7\x01\x02")});
    QCOMPARE(pane.plot()->series(0).lastValue(), 7.0);
    QCOMPARE(pane.plot()->series(1).lastValue(), 258.0); // bytes 6 and 7, big-endian
}

void TestPlotPane::pauseShowAllAndClearButtons()
{
    PlotPane pane;
    pane.setFields({regexField(QStringLiteral("temp"), QStringLiteral("temp=([-\\d.]+)"))});
    pane.addEvents({dataEvent(Start, "temp=1"), dataEvent(Start + 1000000, "temp=2")});
    PlotWidget *plot = pane.plot();
    auto *pause = child<QToolButton>(&pane, "plotPause");
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(plot->isPaused());
    const auto frozen = plot->visibleRange();
    pane.addEvents({dataEvent(Start + 2000000, "temp=3")});
    QCOMPARE(plot->visibleRange(), frozen);
    plot->zoom(0.5, Start + 500000);
    QVERIFY(plot->isZoomed());
    QTest::mouseClick(child<QToolButton>(&pane, "plotShowAll"), Qt::LeftButton);
    QVERIFY(!plot->isZoomed());
    QCOMPARE(plot->visibleRange(), std::make_pair(Start, Start + 2000000));
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(plot->isFollowing());
    plot->setPaused(true); // the button follows the plot
    QVERIFY(pause->isChecked());
    QTest::mouseClick(child<QToolButton>(&pane, "plotClear"), Qt::LeftButton);
    QCOMPARE(plot->totalPoints(), qint64(0));
    QCOMPARE(plot->seriesCount(), 1); // the fields stay
}

void TestPlotPane::editorRefusesFieldsItCannotUse()
{
    ValueFieldEditor editor;
    editor.addField(regexField(QStringLiteral("a"), QStringLiteral("(\\d+")));
    editor.accept();
    QVERIFY(editor.result() != QDialog::Accepted);
    QVERIFY2(editor.errorText().contains(QStringLiteral("field 1 (a)")), qPrintable(editor.errorText()));
    editor.setFields({regexField(QStringLiteral("a"), QStringLiteral("(\\d+)")),
        regexField(QStringLiteral("a"), QStringLiteral("x(\\d+)"))});
    QVERIFY(editor.problem().contains(QStringLiteral("field 2 (a)")));
    editor.setFields({regexField(QStringLiteral("a"), QStringLiteral("(\\d+)"))});
    QCOMPARE(editor.problem(), QString());
}

void TestPlotPane::exportsCsvThroughTheFileChooser()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("values.csv"));
    PlotPane pane;
    pane.setFields({regexField(QStringLiteral("temp"), QStringLiteral("temp=([-\\d.]+)")),
        regexField(QStringLiteral("rpm, avg"), QStringLiteral("rpm=(\\w+)"))});
    pane.addEvents({dataEvent(Start + 1, "temp=21.5 rpm=1200"), dataEvent(Start + 500000, "temp=-3"),
        dataEvent(Start + 2000002, "rpm=0x10"), dataEvent(Start + 3000000, "rpm=7")});
    test::FileChooserAnswers chooser;
    chooser.answer(path);
    QTest::mouseClick(child<QToolButton>(&pane, "plotExport"), Qt::LeftButton);
    QCOMPARE(chooser.requests.size(), 1);
    QCOMPARE(chooser.requests.at(0).mode, FileChooser::Mode::Save);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
        QByteArray("time,temp,\"rpm, avg\"\n"
                   "2026-12-04T10:00:00.000001Z,21.5,1200\n"
                   "2026-12-04T10:00:00.500000Z,-3,\n"
                   "2026-12-04T10:00:02.000002Z,,16\n"
                   "2026-12-04T10:00:03.000000Z,,7\n"));
    // Cancelled: nothing written.
    QVERIFY(file.remove());
    QTest::mouseClick(child<QToolButton>(&pane, "plotExport"), Qt::LeftButton);
    QCOMPARE(chooser.requests.size(), 2);
    QVERIFY(!QFile::exists(path));
}

void TestPlotPane::exportFailureIsShown()
{
    PlotPane pane;
    test::FileChooserAnswers chooser;
    chooser.answer(QStringLiteral("/nonexistent-dir/values.csv"));
    QString shown;
    test::DialogAnswers dialogs([&shown](QDialog *dialog) {
        shown = dialog->findChild<QLabel *>(QStringLiteral("qt_msgbox_label"))->text();
    });
    QTest::mouseClick(child<QToolButton>(&pane, "plotExport"), Qt::LeftButton);
    QCOMPARE(dialogs.count, 1);
    QVERIFY2(shown.contains(QStringLiteral("/nonexistent-dir/values.csv")), qPrintable(shown));
}

QTEST_MAIN(TestPlotPane)
#include "tst_plotpane.moc"
