// The pane that shows one log row's message whole: its bytes, the note when only a prefix is kept,
// the framing's marks, the text a part at a time, and each copy format through its menu action.

#include "checksumcheck.h"
#include "hexdumpview.h"
#include "logfilterproxy.h"
#include "logmodel.h"
#include "logview.h"
#include "messagecopy.h"
#include "messageinspector.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace sockpit;
using namespace sockpit::ui;

namespace {

Event dataEvent(Direction dir, const QByteArray &payload, qint64 len = -1)
{
    Event event;
    event.timeUs = nowMicroseconds();
    event.conn = 1;
    event.dir = dir;
    event.peer = QStringLiteral("127.0.0.1:5000");
    event.len = len < 0 ? payload.size() : len;
    event.payload = payload;
    return event;
}

template<typename T> T *child(QObject *parent, const char *name)
{
    return parent->findChild<T *>(QLatin1String(name));
}

} // namespace

class tst_MessageInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void wholeRowShowsAllItsBytes();
    void prefixOnlyIsSaid();
    void receivedFrameIsMarked();
    void sentMessageIsNotMarkedByReceiveFraming();
    void receiveCheckMarksItsValue();
    void copyFormatsReachTheClipboard();
    void textIsDecodedAPartAtATime();
    void controlCharactersAreShownNotObeyed();
    void infoRowShowsItsText();
    void followsTheViewsSelectionAndEncoding();
};

void tst_MessageInspector::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_MessageInspector::wholeRowShowsAllItsBytes()
{
    LogModel model;
    QByteArray payload(20480, Qt::Uninitialized);
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 31);
    model.appendEvents({dataEvent(Direction::In, payload)}, 0);
    MessageInspector inspector;
    inspector.inspectRow(&model, 0);
    QCOMPARE(inspector.bytes(), payload);
    QCOMPARE(inspector.hexView()->lineCount(), qint64(20480 / 16));
    QVERIFY(child<QLabel>(&inspector, "inspectorNote")->isHidden());
    auto *summary = child<QLabel>(&inspector, "inspectorSummary");
    QVERIFY(summary->text().contains(QStringLiteral("20,480 bytes")));
    QVERIFY(summary->text().contains(model.directionText(Direction::In)));
    // Said again, as the log says it now, when the language changes.
    model.setTimePrecision(true);
    const QString before = summary->text();
    QEvent change(QEvent::LanguageChange);
    QCoreApplication::sendEvent(&inspector, &change);
    QVERIFY(summary->text() != before);
    QVERIFY(summary->text().startsWith(model.timeText(model.rows().timeUs(0))));
}

void tst_MessageInspector::prefixOnlyIsSaid()
{
    LogModel model;
    // A display copy: the session kept only its first 1,024 bytes.
    model.appendEvents({dataEvent(Direction::In, QByteArray(1024, 'p'), 20480)}, 0);
    MessageInspector inspector;
    inspector.inspectRow(&model, 0);
    QCOMPARE(inspector.bytes().size(), qsizetype(1024));
    auto *note = child<QLabel>(&inspector, "inspectorNote");
    QVERIFY(!note->isHidden());
    QCOMPARE(note->text(),
        QStringLiteral("First 1,024 of 20,480 bytes kept; record the session to keep everything."));
    inspector.clearMessage();
    QVERIFY(note->isHidden());
}

void tst_MessageInspector::receivedFrameIsMarked()
{
    MessageInspector inspector;
    Framing framing;
    framing.kind = Framing::Kind::LengthPrefix;
    framing.prefixSize = 2;
    inspector.setReceiveFraming(framing);
    inspector.inspect(dataEvent(Direction::In, QByteArray("\x00\x05hello", 7)), {});
    QVERIFY(inspector.marks() == ByteMarks({{0, 2, ByteMarkKind::FrameHeader}}));
    QVERIFY(!child<QLabel>(&inspector, "inspectorLegendHeader")->isHidden());
    QVERIFY(child<QLabel>(&inspector, "inspectorLegendDelimiter")->isHidden());

    framing.kind = Framing::Kind::Delimiter;
    framing.delimiter = QByteArrayLiteral("\r\n");
    inspector.setReceiveFraming(framing);
    inspector.inspect(dataEvent(Direction::In, QByteArrayLiteral("ping\r\n")), {});
    QVERIFY(inspector.marks() == ByteMarks({{4, 2, ByteMarkKind::Delimiter}}));
    QVERIFY(child<QLabel>(&inspector, "inspectorLegendHeader")->isHidden());
    QVERIFY(!child<QLabel>(&inspector, "inspectorLegendDelimiter")->isHidden());

    // The composer's check value, where the bytes agree with it.
    inspector.setChecksumSource([] { return ChecksumSpec {ChecksumKind::Xor8, ByteOrder::BigEndian}; });
    inspector.inspect(
        dataEvent(Direction::In, appendChecksum(QByteArrayLiteral("ping"), {ChecksumKind::Xor8}) + "\r\n"),
        {});
    QVERIFY(
        inspector.marks() == ByteMarks({{5, 2, ByteMarkKind::Delimiter}, {4, 1, ByteMarkKind::Checksum}}));
    QVERIFY(!child<QLabel>(&inspector, "inspectorLegendChecksum")->isHidden());
    inspector.setChecksumSource({});
    inspector.inspect(dataEvent(Direction::In, QByteArrayLiteral("ping\r\n")), {});

    // Another feature (a checksum check on receive) adds its range to the framing's.
    ByteMarks marks = inspector.marks();
    marks.append({2, 2, ByteMarkKind::Checksum});
    inspector.setMarks(marks);
    QCOMPARE(inspector.hexView()->markAt(3)->kind, ByteMarkKind::Checksum);
    QVERIFY(!child<QLabel>(&inspector, "inspectorLegendChecksum")->isHidden());
}

void tst_MessageInspector::sentMessageIsNotMarkedByReceiveFraming()
{
    MessageInspector inspector;
    Framing framing;
    framing.kind = Framing::Kind::Delimiter;
    inspector.setReceiveFraming(framing);
    inspector.inspect(dataEvent(Direction::Out, QByteArrayLiteral("ping\n")), {});
    QVERIFY(inspector.marks().isEmpty());
}

// A session that checks received checksums: the value is marked where the check read it (after the
// skipped start byte, before the end byte and the delimiter), for a bad message too, and the
// composer's checksum does not replace it.
void tst_MessageInspector::receiveCheckMarksItsValue()
{
    MessageInspector inspector;
    Framing framing;
    framing.kind = Framing::Kind::Delimiter;
    framing.delimiter = QByteArrayLiteral("\n");
    inspector.setReceiveFraming(framing);
    ChecksumCheck check;
    check.spec = {ChecksumKind::Crc16Modbus, ByteOrder::LittleEndian};
    check.skipFirst = 1;
    check.skipLast = 1;
    inspector.setReceiveCheck(check);
    inspector.setChecksumSource([] { return ChecksumSpec {ChecksumKind::Xor8, ByteOrder::BigEndian}; });
    // STX "abc" CRC(2) ETX LF
    Event event = dataEvent(Direction::In,
        QByteArray("\x02"
                   "abc\x11\x22\x03\n"));
    event.check = CheckResult::Bad;
    inspector.inspect(event, {});
    QVERIFY(
        inspector.marks() == ByteMarks({{7, 1, ByteMarkKind::Delimiter}, {4, 2, ByteMarkKind::Checksum}}));
    // Not checked (sent, or before the check was turned on): the composer's value, if it agrees.
    event.check = CheckResult::None;
    inspector.inspect(event, {});
    QVERIFY(inspector.marks() == ByteMarks({{7, 1, ByteMarkKind::Delimiter}}));
}

void tst_MessageInspector::copyFormatsReachTheClipboard()
{
    MessageInspector inspector;
    const QByteArray bytes("hi\r\n\x00\xff", 6);
    inspector.inspect(dataEvent(Direction::In, bytes), {});
    const std::pair<const char *, QString> expected[] = {
        {"inspectorCopyHex", QStringLiteral("68 69 0d 0a 00 ff")},
        {"inspectorCopyC",
            QStringLiteral(
                "const unsigned char message[6] = {\n    0x68, 0x69, 0x0d, 0x0a, 0x00, 0xff\n};\n")},
        {"inspectorCopyPython", QStringLiteral("b'hi\\r\\n\\x00\\xff'")},
        {"inspectorCopyBase64", QStringLiteral("aGkNCgD/")},
        {"inspectorCopyEscaped", QStringLiteral("hi\\r\\n\\0\\xff")},
    };
    for (const auto &[name, text] : expected) {
        auto *action = child<QAction>(&inspector, name);
        QVERIFY2(action, name);
        QVERIFY(action->isEnabled());
        QGuiApplication::clipboard()->clear();
        action->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), text);
    }
    inspector.clearMessage();
    QVERIFY(!child<QAction>(&inspector, "inspectorCopyHex")->isEnabled());
}

void tst_MessageInspector::textIsDecodedAPartAtATime()
{
    constexpr qsizetype Chunk = MessageInspector::TextChunkBytes;
    // "é" (c3 a9) split by the first part's end, and 300 KiB in all: three parts.
    QByteArray bytes(300 * 1024, 'a');
    bytes[Chunk - 1] = '\xc3';
    bytes[Chunk] = '\xa9';
    MessageInspector inspector;
    inspector.inspect(dataEvent(Direction::In, bytes), {});
    QCOMPARE(inspector.decodedBytes(), qsizetype(0)); // nothing decoded while the hex dump is in front
    auto *tabs = child<QTabWidget>(&inspector, "inspectorTabs");
    tabs->setCurrentIndex(1);
    QCOMPARE(inspector.decodedBytes(), Chunk);
    auto *more = child<QPushButton>(&inspector, "inspectorMoreText");
    QVERIFY(!more->isHidden());
    QCOMPARE(child<QLabel>(&inspector, "inspectorTextNote")->text(),
        QStringLiteral("Showing 131,072 of 307,200 bytes as text."));
    QTest::mouseClick(more, Qt::LeftButton);
    QCOMPARE(inspector.decodedBytes(), 2 * Chunk);
    QTest::mouseClick(more, Qt::LeftButton);
    QCOMPARE(inspector.decodedBytes(), bytes.size());
    QVERIFY(more->isHidden());
    const QString text = inspector.textView()->toPlainText();
    QCOMPARE(text.size(), bytes.size() - 1); // two bytes, one character
    QCOMPARE(text.at(Chunk - 1), QChar(0xe9));
    QVERIFY(!text.contains(QChar(QChar::ReplacementCharacter)));
}

void tst_MessageInspector::controlCharactersAreShownNotObeyed()
{
    MessageInspector inspector;
    child<QTabWidget>(&inspector, "inspectorTabs")->setCurrentIndex(1);
    inspector.inspect(dataEvent(Direction::In, QByteArray("a\rb\x00\x1b[2J\n\tc\x7f\\r", 14)), {});
    QCOMPARE(inspector.textView()->toPlainText(), QStringLiteral("a\\rb\\0\\x1b[2J\n\tc\\x7f\\\\r"));
}

void tst_MessageInspector::infoRowShowsItsText()
{
    LogModel model;
    Event info;
    info.dir = Direction::Error;
    info.kind = EventKind::Reset;
    info.text = QStringLiteral("connection reset by peer");
    model.appendEvents({info}, 0);
    MessageInspector inspector;
    inspector.inspectRow(&model, 0);
    QCOMPARE(inspector.textView()->toPlainText(), info.text);
    QCOMPARE(inspector.hexView()->lineCount(), qint64(0));
    QVERIFY(!child<QAction>(&inspector, "inspectorCopyHex")->isEnabled());
    auto *tabs = child<QTabWidget>(&inspector, "inspectorTabs");
    QCOMPARE(tabs->currentWidget(), inspector.textView()->parentWidget());
    // A message after it opens in the tab the user had: the hex dump.
    inspector.inspect(dataEvent(Direction::In, QByteArrayLiteral("abc")), {});
    QCOMPARE(tabs->currentWidget(), inspector.hexView());
}

void tst_MessageInspector::followsTheViewsSelectionAndEncoding()
{
    LogView view;
    MessageInspector inspector;
    inspector.attach(&view);
    const QByteArray first(3000, 'x');
    const QByteArray second("\xd6\xd0", 2); // "中" in GB18030
    view.appendEvents({dataEvent(Direction::In, first), dataEvent(Direction::Out, second)}, 0);
    QTableView *table = view.tableView();
    table->selectionModel()->setCurrentIndex(
        table->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(inspector.bytes(), first); // whole, though the row keeps 1 KiB
    table->selectionModel()->setCurrentIndex(
        table->model()->index(1, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(inspector.bytes(), second);
    child<QTabWidget>(&inspector, "inspectorTabs")->setCurrentIndex(1);
    view.setEncoding(QStringLiteral("GB18030"));
    QCOMPARE(inspector.encoding(), QStringLiteral("GB18030"));
    QCOMPARE(inspector.textView()->toPlainText(), QString::fromUtf8("中"));
    view.clear();
    QVERIFY(inspector.bytes().isEmpty());
}

QTEST_MAIN(tst_MessageInspector)
#include "tst_messageinspector.moc"
