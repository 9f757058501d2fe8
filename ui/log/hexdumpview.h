#pragma once

#include "bytemarks.h"

#include <QAbstractScrollArea>
#include <QByteArray>

namespace sockpit::ui {

// A classic hex dump of a message of any size: offset, 16 bytes in hex, the same bytes as ASCII
// ("00000000  68 65 6c 6c 6f 0a                                 |hello.|", as `hexdump -C` writes it).
// Lines are made and painted only as they come into view, so a 16 MiB message costs what a screenful
// does; marked byte ranges (a frame header, a delimiter, a checksum) get their own background.
class HexDumpView final : public QAbstractScrollArea
{
    Q_OBJECT
public:
    static constexpr int BytesPerLine = 16;

    explicit HexDumpView(QWidget *parent = nullptr);

    void setBytes(const QByteArray &bytes); // shared, not copied; scrolls to the top
    const QByteArray &bytes() const { return m_bytes; }
    void setMarks(const ByteMarks &marks);
    const ByteMarks &marks() const { return m_marks; }
    // The mark covering the byte at `offset`, or null when none does.
    const ByteMark *markAt(qint64 offset) const;

    qint64 lineCount() const;
    // The text of one line of the dump of `bytes` (without a line break).
    static QString lineText(const QByteArray &bytes, qint64 line);
    // Lines the viewport shows (the last one may be partly visible), and the first of them.
    int visibleLines() const;
    qint64 firstVisibleLine() const;
    void scrollToLine(qint64 line);
    // The lines the last paint drew, first and last (-1, -1 before any): what the view actually did.
    qint64 firstPaintedLine() const { return m_firstPainted; }
    qint64 lastPaintedLine() const { return m_lastPainted; }

    // The background of a kind of mark, from the palette (so a dark theme follows).
    static QColor markColor(ByteMarkKind kind, const QPalette &palette);

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateScrollBars();
    int lineHeight() const;
    int charWidth() const;

    QByteArray m_bytes;
    ByteMarks m_marks;
    qint64 m_firstPainted = -1;
    qint64 m_lastPainted = -1;
};

} // namespace sockpit::ui
