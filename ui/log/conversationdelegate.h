#pragma once

#include <QStyledItemDelegate>

class QTextLayout;

namespace sockpit::ui {

class ConversationModel;

// Paints a ConversationModel's messages as bubbles: the user's own on the right, others' on the left
// under who said them and when, notices small and centred between them. Text is laid out as plain
// text (never markup), wrapped at words or, for a long word, anywhere; binary messages in a fixed font.
class ConversationDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ConversationDelegate(QObject *parent = nullptr);

    // The width messages are laid out for: the view's viewport.
    void setWidth(int width);
    int width() const { return m_width; }
    // Loads the fonts messages are written in, so the first messages shown do not wait for them.
    static void prepareFonts(const QFont &font);

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // Where a message's bubble (a notice: its text) is painted within its row's rectangle.
    QRect bubbleRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // The speaker and time as painted above a message (elided only when the view is too narrow).
    QString shownHeader(const QStyleOptionViewItem &option, const QModelIndex &index) const;

private:
    struct Geometry
    {
        QRect bubble; // the message's box within the row (for notices: the text's box)
        QRect header; // speaker and time
        QRect body; // the text
    };
    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index, int *height) const;
    int bubbleTextWidth() const;
    // Lays `text` out within `width`; returns the height it takes and, via *used, the widest line.
    static int layOut(QTextLayout *layout, int width, qreal *used);
    // The same height and width as layOut() gives, found without a layout when no line wraps. A hex
    // block's lines (all but its last) are alike in a fixed-width font: only the longest is measured.
    static int measure(const QString &text, const QFont &font, int width, qreal *used, bool hexBlock = false);
    static QString layoutText(QString text);

    int m_width = 400;
};

} // namespace sockpit::ui
