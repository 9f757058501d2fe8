#include "hexdumpview.h"

#include <QEvent>
#include <QFontDatabase>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <limits>

namespace sockpit::ui {

namespace {

// Columns of a line: the offset and two spaces, 16 "xx " with one more space after the 8th, a space,
// then the text between bars.
constexpr int HexColumn = 10;
constexpr int TextColumn = HexColumn + HexDumpView::BytesPerLine * 3 + 1 + 1 + 1;
constexpr int LineColumns = TextColumn + HexDumpView::BytesPerLine + 1;

int hexColumnOf(int byteInLine)
{
    return HexColumn + byteInLine * 3 + (byteInLine >= 8 ? 1 : 0);
}

} // namespace

HexDumpView::HexDumpView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setFocusPolicy(Qt::StrongFocus); // keys scroll it
    updateScrollBars();
}

void HexDumpView::setBytes(const QByteArray &bytes)
{
    m_bytes = bytes;
    m_marks.clear();
    updateScrollBars();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
}

void HexDumpView::setMarks(const ByteMarks &marks)
{
    m_marks = marks;
    viewport()->update();
}

const ByteMark *HexDumpView::markAt(qint64 offset) const
{
    for (auto it = m_marks.crbegin(); it != m_marks.crend(); ++it) {
        if (offset >= it->start && offset < it->start + it->length)
            return &*it;
    }
    return nullptr;
}

qint64 HexDumpView::lineCount() const
{
    return (m_bytes.size() + BytesPerLine - 1) / BytesPerLine;
}

QString HexDumpView::lineText(const QByteArray &bytes, qint64 line)
{
    static const char digits[] = "0123456789abcdef";
    const qint64 start = line * BytesPerLine;
    const qint64 count = std::clamp<qint64>(bytes.size() - start, 0, BytesPerLine);
    QString text(LineColumns - (BytesPerLine - int(count)), QLatin1Char(' '));
    QChar *out = text.data();
    quint64 offset = quint64(start);
    for (int i = 7; i >= 0; --i, offset >>= 4)
        out[i] = QLatin1Char(digits[offset & 0xf]);
    for (int i = 0; i < int(count); ++i) {
        const auto byte = uchar(bytes.at(start + i));
        const int column = hexColumnOf(i);
        out[column] = QLatin1Char(digits[byte >> 4]);
        out[column + 1] = QLatin1Char(digits[byte & 0xf]);
        out[TextColumn + i] = byte >= 0x20 && byte < 0x7f ? QLatin1Char(char(byte)) : QLatin1Char('.');
    }
    out[TextColumn - 1] = QLatin1Char('|');
    out[TextColumn + int(count)] = QLatin1Char('|');
    return text;
}

int HexDumpView::lineHeight() const
{
    return std::max(1, fontMetrics().lineSpacing());
}

int HexDumpView::charWidth() const
{
    return std::max(1, fontMetrics().horizontalAdvance(QLatin1Char('0')));
}

int HexDumpView::visibleLines() const
{
    return std::max(1, (viewport()->height() + lineHeight() - 1) / lineHeight());
}

qint64 HexDumpView::firstVisibleLine() const
{
    return verticalScrollBar()->value();
}

void HexDumpView::scrollToLine(qint64 line)
{
    verticalScrollBar()->setValue(int(std::clamp<qint64>(line, 0, verticalScrollBar()->maximum())));
}

QColor HexDumpView::markColor(ByteMarkKind kind, const QPalette &palette)
{
    // Hues apart from the selection colour, at a strength that keeps the text readable on light and
    // dark bases alike.
    QColor color = palette.color(QPalette::Highlight);
    int h = 0;
    int s = 0;
    int v = 0;
    color.getHsv(&h, &s, &v);
    switch (kind) {
    case ByteMarkKind::FrameHeader:
        break;
    case ByteMarkKind::Delimiter:
        h = (h + 120) % 360;
        break;
    case ByteMarkKind::Checksum:
        h = (h + 240) % 360;
        break;
    }
    color.setHsv(h < 0 ? 210 : h, std::max(s, 120), std::max(v, 160), 90);
    return color;
}

QSize HexDumpView::sizeHint() const
{
    const int frame = 2 * frameWidth() + verticalScrollBar()->sizeHint().width();
    return {LineColumns * charWidth() + frame + 8, 8 * lineHeight()};
}

void HexDumpView::updateScrollBars()
{
    // Scrolled by whole lines: the range stays small (a 16 MiB message is 1,048,576 lines).
    const int page = std::max(1, viewport()->height() / lineHeight());
    const qint64 lines = lineCount();
    verticalScrollBar()->setRange(
        0, int(std::clamp<qint64>(lines - page, 0, std::numeric_limits<int>::max())));
    verticalScrollBar()->setPageStep(page);
    verticalScrollBar()->setSingleStep(1);
    const int width = (LineColumns + 1) * charWidth() + 8;
    horizontalScrollBar()->setRange(0, std::max(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(charWidth());
}

void HexDumpView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexDumpView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateScrollBars();
}

void HexDumpView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    painter.setFont(font());
    const int height = lineHeight();
    // Fractional, as the glyphs advance: marks stay under their bytes at the end of a line too.
    const qreal cw = QFontMetricsF(font()).horizontalAdvance(QLatin1Char('0'));
    const int ascent = fontMetrics().ascent();
    const int x0 = 4 - horizontalScrollBar()->value();
    const qint64 first = firstVisibleLine() + event->rect().top() / height;
    const qint64 last = std::min(lineCount() - 1, firstVisibleLine() + event->rect().bottom() / height);
    m_firstPainted = first;
    m_lastPainted = last;
    painter.setPen(palette().color(QPalette::Text));
    for (qint64 line = first; line <= last; ++line) {
        const int y = int(line - firstVisibleLine()) * height;
        const qint64 start = line * BytesPerLine;
        for (const ByteMark &mark : m_marks) {
            const qint64 from = std::max(mark.start, start);
            const qint64 to
                = std::min({mark.start + mark.length, start + BytesPerLine, qint64(m_bytes.size())});
            if (from >= to)
                continue;
            const QColor color = markColor(mark.kind, palette());
            const int a = int(from - start);
            const int b = int(to - start) - 1;
            painter.fillRect(
                QRectF(x0 + hexColumnOf(a) * cw, y, (hexColumnOf(b) + 2 - hexColumnOf(a)) * cw, height),
                color);
            painter.fillRect(QRectF(x0 + (TextColumn + a) * cw, y, (b - a + 1) * cw, height), color);
        }
        painter.drawText(x0, y + ascent, lineText(m_bytes, line));
    }
}

} // namespace sockpit::ui
