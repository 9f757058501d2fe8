#include "conversationdelegate.h"

#include "conversationmodel.h"

#include <QFontDatabase>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace sockpit::ui {

namespace {

constexpr int RowGap = 3; // above and below each message
constexpr int Padding = 6; // inside a bubble
constexpr int SideMargin = 8; // between a bubble and the view's edge
constexpr int Radius = 8;

QFont smallFont(QFont font)
{
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.85);
    else
        font.setPixelSize(std::max(8, font.pixelSize() * 85 / 100));
    return font;
}

QFont bodyFont(const QStyleOptionViewItem &option, bool binary)
{
    return binary ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : option.font;
}

QString headerText(const ConversationModel &model, const ConversationModel::Message &message)
{
    const QString time = model.timeText(message.timeUs);
    return message.speaker.isEmpty() ? time : message.speaker + QStringLiteral("  ") + time;
}

QString elidedHeader(
    const ConversationModel &model, const ConversationModel::Message &message, const QFont &font, int width)
{
    return QFontMetrics(smallFont(font)).elidedText(headerText(model, message), Qt::ElideRight, width);
}

const ConversationModel *modelOf(const QModelIndex &index)
{
    return qobject_cast<const ConversationModel *>(index.model());
}

} // namespace

QString ConversationDelegate::layoutText(QString text)
{
    // A text layout breaks lines only at the Unicode line separator; a message's LFs are where it breaks.
    return text.replace(QLatin1Char('\n'), QChar::LineSeparator);
}

ConversationDelegate::ConversationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void ConversationDelegate::prepareFonts(const QFont &font)
{
    // The first text laid out in a font of a new family or size loads that font, tens of milliseconds:
    // paid here, when the conversation is opened, rather than by the first batch of a flood.
    const QString sample = QStringLiteral("0a \u4e2d");
    for (const QFont &each : {font, smallFont(font), QFontDatabase::systemFont(QFontDatabase::FixedFont)}) {
        QTextLayout layout(sample, each);
        layOut(&layout, 1000, nullptr);
    }
}

void ConversationDelegate::setWidth(int width)
{
    m_width = std::max(100, width);
}

int ConversationDelegate::bubbleTextWidth() const
{
    return std::max(60, m_width * 3 / 4 - 2 * SideMargin - 2 * Padding);
}

int ConversationDelegate::measure(
    const QString &text, const QFont &font, int width, qreal *used, bool hexBlock)
{
    // Most messages are a line that fits, or a hex block of fixed-width lines that fit: measured as
    // such they need no text layout, which a flood of new messages would otherwise pay for each.
    const QFontMetricsF metrics(font);
    qreal widest = 0;
    int lines = 0;
    QStringView longest; // a hex block: its lines are alike, only the longest and the last are measured
    for (qsizetype start = 0; start <= text.size() && widest < width - 2;) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        const QStringView line = QStringView(text).mid(start, end - start);
        ++lines;
        start = end + 1;
        if (hexBlock && start <= text.size()) {
            if (line.size() > longest.size())
                longest = line;
            continue;
        }
        widest = std::max(widest, metrics.horizontalAdvance(line.toString()));
    }
    if (!longest.isEmpty())
        widest = std::max(widest, metrics.horizontalAdvance(longest.toString()));
    if (widest < width - 2) {
        *used = widest;
        return int(std::ceil(lines * metrics.height()));
    }
    QTextLayout layout(layoutText(text), font);
    return layOut(&layout, width, used);
}

int ConversationDelegate::layOut(QTextLayout *layout, int width, qreal *used)
{
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout->setTextOption(textOption);
    layout->setCacheEnabled(true);
    qreal y = 0;
    qreal widest = 0;
    layout->beginLayout();
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
        widest = std::max(widest, line.naturalTextWidth());
    }
    layout->endLayout();
    if (used)
        *used = widest;
    return int(std::ceil(y));
}

ConversationDelegate::Geometry ConversationDelegate::geometry(
    const QStyleOptionViewItem &option, const QModelIndex &index, int *height) const
{
    Geometry g;
    const ConversationModel *model = modelOf(index);
    if (!model)
        return g;
    const ConversationModel::Message &message = model->messageAt(index.row());
    if (message.side == ConversationModel::Side::Notice) {
        const QString text = model->timeText(message.timeUs) + QStringLiteral("  ") + message.text;
        qreal used = 0;
        const int textHeight
            = measure(text, smallFont(option.font), std::max(60, m_width - 4 * SideMargin), &used);
        const int w = int(std::ceil(used));
        g.body = QRect((m_width - w) / 2, RowGap, w, textHeight);
        g.bubble = g.body;
        *height = textHeight + 2 * RowGap;
        return g;
    }
    const QFont headerFont = smallFont(option.font);
    const QFontMetrics headerMetrics(headerFont);
    const int maxText = bubbleTextWidth();
    // Measured as elidedText() measures it (fractional advances): an integer advance can fall short by
    // a pixel, and then the time of a short message would be elided.
    const int headerAdvance
        = int(std::ceil(QFontMetricsF(headerFont).horizontalAdvance(headerText(*model, message)))) + 1;
    const int headerWidth = std::min(maxText, headerAdvance);
    qreal used = 0;
    const int bodyHeight
        = measure(message.text, bodyFont(option, message.binary), maxText, &used, message.binary);
    const int textWidth = std::max(headerWidth, int(std::ceil(used)));
    const int bubbleWidth = textWidth + 2 * Padding;
    const int bubbleHeight = headerMetrics.height() + bodyHeight + 2 * Padding;
    const int left
        = message.side == ConversationModel::Side::Mine ? m_width - SideMargin - bubbleWidth : SideMargin;
    g.bubble = QRect(left, RowGap, bubbleWidth, bubbleHeight);
    g.header = QRect(left + Padding, RowGap + Padding, textWidth, headerMetrics.height());
    g.body = QRect(left + Padding, g.header.bottom() + 1, textWidth, bodyHeight);
    *height = bubbleHeight + 2 * RowGap;
    return g;
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const ConversationModel *model = modelOf(index);
    if (!model)
        return QStyledItemDelegate::sizeHint(option, index);
    const ConversationModel::Message &message = model->messageAt(index.row());
    // Laying out a long message costs; the height is kept per message until the width changes.
    if (message.layoutWidth != m_width) {
        int height = 0;
        geometry(option, index, &height);
        message.layoutWidth = m_width;
        message.layoutHeight = height;
    }
    return QSize(m_width, message.layoutHeight);
}

QString ConversationDelegate::shownHeader(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const ConversationModel *model = modelOf(index);
    if (!model)
        return {};
    const ConversationModel::Message &message = model->messageAt(index.row());
    if (message.side == ConversationModel::Side::Notice)
        return {};
    int height = 0;
    const Geometry g = geometry(option, index, &height);
    return elidedHeader(*model, message, option.font, g.header.width());
}

QRect ConversationDelegate::bubbleRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    int height = 0;
    return geometry(option, index, &height).bubble.translated(option.rect.topLeft());
}

void ConversationDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const ConversationModel *model = modelOf(index);
    if (!model)
        return;
    const ConversationModel::Message &message = model->messageAt(index.row());
    int height = 0;
    Geometry g = geometry(option, index, &height);
    const QPoint origin = option.rect.topLeft();
    g.bubble.translate(origin);
    g.header.translate(origin);
    g.body.translate(origin);
    const QPalette &palette = option.palette;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    if (message.side == ConversationModel::Side::Notice) {
        const QString text = model->timeText(message.timeUs) + QStringLiteral("  ") + message.text;
        QTextLayout layout(layoutText(text), smallFont(option.font));
        layOut(&layout, g.body.width() + 1, nullptr);
        painter->setPen(
            message.error ? palette.color(QPalette::Link) : palette.color(QPalette::PlaceholderText));
        layout.draw(painter, g.body.topLeft());
        painter->restore();
        return;
    }

    const bool mine = message.side == ConversationModel::Side::Mine;
    QColor fill = mine ? palette.color(QPalette::Highlight) : palette.color(QPalette::AlternateBase);
    if (mine)
        fill.setAlpha(70);
    painter->setPen(palette.color(QPalette::Mid));
    painter->setBrush(fill);
    painter->drawRoundedRect(QRectF(g.bubble).adjusted(0.5, 0.5, -0.5, -0.5), Radius, Radius);
    if (option.state.testFlag(QStyle::State_Selected)) {
        painter->setPen(QPen(palette.color(QPalette::Highlight), 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(g.bubble).adjusted(1, 1, -1, -1), Radius, Radius);
    }

    painter->setFont(smallFont(option.font));
    painter->setPen(palette.color(QPalette::PlaceholderText));
    const QString header = elidedHeader(*model, message, option.font, g.header.width());
    // drawText with a QString and no Qt::TextFormat: plain text.
    painter->drawText(g.header, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, header);

    QTextLayout layout(layoutText(message.text), bodyFont(option, message.binary));
    layOut(&layout, bubbleTextWidth(), nullptr);
    painter->setPen(palette.color(QPalette::Text));
    layout.draw(painter, g.body.topLeft());
    painter->restore();
}

} // namespace sockpit::ui
