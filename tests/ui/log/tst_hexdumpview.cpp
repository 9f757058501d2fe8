// The hex dump: its lines as `hexdump -C` writes them, marked ranges painted, and a 16 MiB message
// painted a screenful at a time down to its last line.

#include "hexdumpview.h"

#include <QFontMetricsF>
#include <QImage>
#include <QScrollBar>
#include <QTest>

using namespace sockpit::ui;

namespace {

QByteArray countingBytes(int n)
{
    QByteArray bytes(n, Qt::Uninitialized);
    for (int i = 0; i < n; ++i)
        bytes[i] = char(i);
    return bytes;
}

} // namespace

class tst_HexDumpView : public QObject
{
    Q_OBJECT

private slots:
    void linesAsHexdumpWritesThem();
    void partialLastLine();
    void emptyMessageHasNoLines();
    void marksCoverTheirBytes();
    void marksArePainted();
    void paintsOnlyVisibleLines();
    void hugeMessageScrollsToItsLastLine();
};

void tst_HexDumpView::linesAsHexdumpWritesThem()
{
    // The expected lines are `hexdump -C` output for the same bytes.
    const QByteArray bytes = countingBytes(40);
    QCOMPARE(HexDumpView::lineText(bytes, 0),
        QStringLiteral("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|"));
    QCOMPARE(HexDumpView::lineText(bytes, 1),
        QStringLiteral("00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  |................|"));
    QCOMPARE(HexDumpView::lineText(bytes, 2),
        QStringLiteral("00000020  20 21 22 23 24 25 26 27                           | !\"#$%&'|"));
    HexDumpView view;
    view.setBytes(bytes);
    QCOMPARE(view.lineCount(), qint64(3));
}

void tst_HexDumpView::partialLastLine()
{
    QCOMPARE(HexDumpView::lineText(QByteArrayLiteral("hello world\n"), 0),
        QStringLiteral("00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |hello world.|"));
    // Bytes above 0x7e are dots too, never characters of some encoding.
    QCOMPARE(HexDumpView::lineText(QByteArray("\x7f\x80\xff~", 4), 0),
        QStringLiteral("00000000  7f 80 ff 7e                                       |...~|"));
}

void tst_HexDumpView::emptyMessageHasNoLines()
{
    HexDumpView view;
    view.setBytes({});
    QCOMPARE(view.lineCount(), qint64(0));
    view.resize(600, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.viewport()->repaint();
    QVERIFY(view.lastPaintedLine() < view.firstPaintedLine() || view.lastPaintedLine() < 0);
}

void tst_HexDumpView::marksCoverTheirBytes()
{
    HexDumpView view;
    view.setBytes(countingBytes(40));
    view.setMarks({{0, 2, ByteMarkKind::FrameHeader}, {38, 2, ByteMarkKind::Delimiter}});
    QVERIFY(view.markAt(0) && view.markAt(0)->kind == ByteMarkKind::FrameHeader);
    QVERIFY(view.markAt(1) && view.markAt(1)->kind == ByteMarkKind::FrameHeader);
    QVERIFY(!view.markAt(2));
    QVERIFY(!view.markAt(37));
    QVERIFY(view.markAt(39) && view.markAt(39)->kind == ByteMarkKind::Delimiter);
    QVERIFY(!view.markAt(40));
    // A new message starts without the old one's marks.
    view.setBytes(countingBytes(8));
    QVERIFY(view.marks().isEmpty());
}

void tst_HexDumpView::marksArePainted()
{
    HexDumpView view;
    view.resize(700, 200);
    view.setBytes(countingBytes(16));
    view.setMarks({{0, 2, ByteMarkKind::FrameHeader}, {14, 2, ByteMarkKind::Delimiter}});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QImage image = view.viewport()->grab().toImage();
    const qreal cw = QFontMetricsF(view.font()).horizontalAdvance(QLatin1Char('0'));
    const auto pixelAtColumn
        = [&](qreal column) { return image.pixelColor(int(4 + column * cw + cw / 2), 1); };
    const QColor base = view.viewport()->palette().color(QPalette::Base);
    // Byte 0's hex digits (column 10), byte 15's (column 10 + 45 + 1), byte 5's (column 25): marked,
    // marked, not. The top pixel row of a line is above the glyphs.
    QVERIFY(pixelAtColumn(10) != base);
    QVERIFY(pixelAtColumn(56) != base);
    QVERIFY(pixelAtColumn(10) != pixelAtColumn(56)); // a header and a delimiter look different
    QCOMPARE(pixelAtColumn(25), base);
    // The text column too: byte 0 is at column 61.
    QVERIFY(pixelAtColumn(61) != base);
    QCOMPARE(pixelAtColumn(66), base);
}

void tst_HexDumpView::paintsOnlyVisibleLines()
{
    HexDumpView view;
    view.resize(700, 300);
    view.setBytes(QByteArray(1 << 20, 'x'));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.viewport()->repaint();
    QCOMPARE(view.firstPaintedLine(), qint64(0));
    QVERIFY(view.lastPaintedLine() >= 0);
    QVERIFY(view.lastPaintedLine() - view.firstPaintedLine() + 1 <= view.visibleLines());
    view.scrollToLine(1000);
    view.viewport()->repaint();
    QCOMPARE(view.firstVisibleLine(), qint64(1000));
    QCOMPARE(view.firstPaintedLine(), qint64(1000));
}

void tst_HexDumpView::hugeMessageScrollsToItsLastLine()
{
    constexpr int Size = 16 * 1024 * 1024;
    QByteArray bytes(Size, 'a');
    bytes[Size - 1] = '\n';
    HexDumpView view;
    view.resize(700, 300);
    view.setBytes(bytes);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.lineCount(), qint64(Size / 16));
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
    view.viewport()->repaint();
    QCOMPARE(view.lastPaintedLine(), view.lineCount() - 1);
    QCOMPARE(HexDumpView::lineText(view.bytes(), view.lastPaintedLine()),
        QStringLiteral("00fffff0  61 61 61 61 61 61 61 61  61 61 61 61 61 61 61 0a  |aaaaaaaaaaaaaaa.|"));
}

QTEST_MAIN(tst_HexDumpView)
#include "tst_hexdumpview.moc"
