#include "plotwidget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace sockpit::ui {

namespace {

// Readable on light and dark backgrounds alike; the rest of the plot takes the palette's colours.
const QColor LineColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
    QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x17, 0xbe, 0xcf), QColor(0xe3, 0x77, 0xc2),
    QColor(0xbc, 0xbd, 0x22)};
constexpr int LineColorCount = int(sizeof LineColors / sizeof LineColors[0]);
constexpr qint64 MinSpanUs = 1000;
constexpr qint64 SinglePointHalfSpanUs = 1000000;
constexpr int MaxTicks = 200;

double niceStep(double range, int maxTicks)
{
    if (!(range > 0) || maxTicks < 1)
        return 1;
    const double raw = range / maxTicks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double norm = raw / magnitude;
    const double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
    return nice * magnitude;
}

QString valueLabel(double value, double step)
{
    if (std::abs(value) < step * 1e-6)
        value = 0;
    const double magnitude = std::max(std::abs(value), step);
    if (magnitude >= 1e6 || magnitude < 1e-4)
        return QString::number(value, 'g', 4);
    const int decimals = std::max(0, int(-std::floor(std::log10(step))));
    return QString::number(value, 'f', decimals);
}

} // namespace

PlotWidget::PlotWidget(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("plotWidget"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
}

void PlotWidget::setSeriesNames(const QStringList &names)
{
    m_names = names;
    m_series.assign(std::size_t(names.size()), PlotSeries(m_capacity));
    m_hasOrigin = false;
    update();
}

void PlotWidget::setCapacity(std::size_t pointsPerSeries)
{
    m_capacity = pointsPerSeries;
    for (PlotSeries &series : m_series)
        series.setCapacity(pointsPerSeries);
}

void PlotWidget::addPoint(int series, qint64 timeUs, double value)
{
    if (series < 0 || series >= seriesCount())
        return;
    if (!m_hasOrigin) {
        m_originUs = timeUs;
        m_hasOrigin = true;
    }
    m_series[std::size_t(series)].append(timeUs, value);
}

void PlotWidget::pointsAdded()
{
    if (!m_paused)
        update(); // a paused view does not change
}

void PlotWidget::clearPoints()
{
    for (PlotSeries &series : m_series)
        series.clear();
    m_hasOrigin = false;
    m_span = 0;
    m_pausedZoomed = false;
    m_fixedStart = m_fixedEnd = 0;
    update();
}

qint64 PlotWidget::totalPoints() const
{
    qint64 total = 0;
    for (const PlotSeries &series : m_series)
        total += qint64(series.size());
    return total;
}

std::pair<qint64, qint64> PlotWidget::dataRange() const
{
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    for (const PlotSeries &series : m_series) {
        if (series.isEmpty())
            continue;
        first = std::min(first, series.firstTime());
        last = std::max(last, series.lastTime());
    }
    if (first > last)
        return {0, 0};
    return {first, last};
}

std::pair<qint64, qint64> PlotWidget::visibleRange() const
{
    if (m_paused)
        return {m_fixedStart, m_fixedEnd};
    const auto [first, last] = dataRange();
    if (m_span > 0)
        return {last - m_span, last};
    return {first, last};
}

void PlotWidget::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    if (paused) {
        const auto [start, end] = visibleRange();
        m_fixedStart = start;
        m_fixedEnd = end;
        m_pausedZoomed = m_span > 0;
    } else if (m_pausedZoomed) {
        m_span = std::max(MinSpanUs, m_fixedEnd - m_fixedStart); // following keeps the zoom's span
    }
    m_paused = paused;
    update();
    emit pausedChanged(paused);
}

void PlotWidget::resetZoom()
{
    m_span = 0;
    m_pausedZoomed = false;
    if (m_paused) {
        const auto [first, last] = dataRange();
        m_fixedStart = first;
        m_fixedEnd = last;
    }
    update();
}

void PlotWidget::zoom(double factor, qint64 anchorUs)
{
    auto [start, end] = visibleRange();
    if (end <= start)
        return; // nothing to zoom into yet
    anchorUs = std::clamp(anchorUs, start, end);
    const qint64 newStart = anchorUs - qint64(double(anchorUs - start) * factor);
    const qint64 newEnd = anchorUs + qint64(double(end - anchorUs) * factor);
    if (newEnd - newStart < MinSpanUs)
        return;
    if (m_paused) {
        m_fixedStart = newStart;
        m_fixedEnd = newEnd;
        m_pausedZoomed = true;
    } else {
        m_span = newEnd - newStart; // the newest points stay at the right edge
    }
    update();
}

void PlotWidget::panBy(int pixels)
{
    const int width = plotArea().width();
    if (!m_paused || width <= 0)
        return;
    const qint64 shift = qint64(double(m_fixedEnd - m_fixedStart) * pixels / width);
    m_fixedStart += shift;
    m_fixedEnd += shift;
    update();
}

QRect PlotWidget::plotArea() const
{
    return plotAreaIn(rect());
}

QRect PlotWidget::plotAreaIn(const QRect &rect) const
{
    const QFontMetrics metrics = fontMetrics();
    const int left = metrics.horizontalAdvance(QStringLiteral("-8.888e+88")) + 10;
    const int bottom = metrics.height() + 8;
    return rect.adjusted(left, 8, -14, -bottom);
}

qint64 PlotWidget::timeAtX(int x) const
{
    const QRect area = plotArea();
    const auto [start, end] = visibleRange();
    if (area.width() <= 0)
        return start;
    return start + qint64(double(end - start) * (x - area.left()) / area.width());
}

void PlotWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintPlot(painter, rect());
}

void PlotWidget::paintPlot(QPainter &painter, const QRect &rect) const
{
    const QPalette &pal = palette();
    painter.fillRect(rect, pal.color(QPalette::Base));
    painter.setFont(font());
    const QRect area = plotAreaIn(rect);
    if (area.width() < 2 || area.height() < 2)
        return;
    auto [t0, t1] = visibleRange();
    if (totalPoints() == 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter, tr("No values yet"));
        return;
    }
    if (t1 - t0 < 2) {
        t0 -= SinglePointHalfSpanUs;
        t1 += SinglePointHalfSpanUs;
    }
    const int width = area.width();

    // Fold first: the value axis fits what is in view.
    std::vector<std::vector<PlotColumn>> folded(m_series.size());
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        folded[i] = decimateSeries(m_series[i], t0, t1, width);
        for (const PlotColumn &column : folded[i]) {
            lo = std::min(lo, column.min);
            hi = std::max(hi, column.max);
        }
    }
    if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
    } else if (hi - lo < 1e-12 * std::max(1.0, std::abs(hi))) {
        const double pad = std::max(1e-9, std::abs(hi) * 0.1);
        lo -= pad;
        hi += pad;
    } else {
        const double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
    }
    const double xScale = double(width) / double(t1 - t0);
    const double yScale = double(area.height()) / (hi - lo);
    const auto yOf = [&](double v) { return area.bottom() + 1 - (v - lo) * yScale; };
    const auto xOfTime = [&](qint64 t) { return area.left() + double(t - t0) * xScale; };

    // Grid and tick labels.
    const QFontMetrics metrics = painter.fontMetrics();
    QColor grid = pal.color(QPalette::Text);
    grid.setAlpha(40);
    const QColor text = pal.color(QPalette::Text);
    const double yStep = niceStep(hi - lo, std::max(2, area.height() / (metrics.height() * 3)));
    // The tick counts are bounded: a step lost in a huge value's rounding must not loop for ever.
    int ticks = 0;
    for (double v = std::ceil(lo / yStep) * yStep; v <= hi && ticks < MaxTicks; v += yStep, ++ticks) {
        const double y = yOf(v);
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        painter.setPen(text);
        const QRectF label(
            rect.left(), y - metrics.height() / 2.0, area.left() - rect.left() - 6, metrics.height());
        painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter, valueLabel(v, yStep));
    }
    const double spanSeconds = double(t1 - t0) / 1e6;
    const int maxTimeTicks
        = std::max(2, width / (metrics.horizontalAdvance(QStringLiteral("00000.000 s")) + 16));
    const double tStep = niceStep(spanSeconds, maxTimeTicks);
    const double fromSeconds = double(t0 - m_originUs) / 1e6;
    const int decimals = std::max(0, int(-std::floor(std::log10(tStep) + 1e-9)));
    ticks = 0;
    for (double s = std::ceil(fromSeconds / tStep) * tStep;
         s <= fromSeconds + spanSeconds && ticks < MaxTicks; s += tStep, ++ticks) {
        const double x = area.left() + (s - fromSeconds) * 1e6 * xScale;
        painter.setPen(grid);
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        painter.setPen(text);
        const QString label = tr("%1 s").arg(std::abs(s) < tStep * 1e-6 ? 0.0 : s, 0, 'f', decimals);
        painter.drawText(QRectF(x - 60, area.bottom() + 4, 120, metrics.height()), Qt::AlignHCenter, label);
    }
    painter.setPen(text);
    painter.drawRect(area.adjusted(0, 0, -1, -1));

    // The lines: per column a vertical stroke over its points, joined to its neighbours; a point just
    // outside the view continues the line to the edge.
    painter.save();
    painter.setClipRect(area);
    QVector<QLineF> lines;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const std::vector<PlotColumn> &columns = folded[i];
        const PlotSeries &series = m_series[i];
        QPen pen(LineColors[int(i) % LineColorCount], 1.5);
        painter.setPen(pen);
        lines.clear();
        lines.reserve(int(columns.size()) * 2 + 2);
        const std::size_t begin = series.lowerBound(t0);
        const std::size_t end = series.lowerBound(t1 + 1);
        bool hasPrevious = false;
        QPointF previous;
        if (begin > 0 && begin < series.size()) {
            previous = QPointF(xOfTime(series.times()[begin - 1]), yOf(series.values()[begin - 1]));
            hasPrevious = true;
        }
        for (const PlotColumn &column : columns) {
            const double x = area.left() + column.x + 0.5;
            if (hasPrevious)
                lines.append(QLineF(previous, QPointF(x, yOf(column.first))));
            if (column.max > column.min)
                lines.append(QLineF(x, yOf(column.min), x, yOf(column.max)));
            previous = QPointF(x, yOf(column.last));
            hasPrevious = true;
        }
        if (hasPrevious && end < series.size() && end > 0)
            lines.append(QLineF(previous, QPointF(xOfTime(series.times()[end]), yOf(series.values()[end]))));
        painter.drawLines(lines);
        if (columns.size() == 1 && lines.isEmpty()) { // a lone point: a dot, or nothing would show
            painter.setBrush(pen.color());
            painter.drawEllipse(QPointF(area.left() + columns[0].x + 0.5, yOf(columns[0].last)), 2.5, 2.5);
            painter.setBrush(Qt::NoBrush);
        }
    }
    painter.restore();

    // The legend: each series' colour, name and newest value.
    int legendWidth = 0;
    QStringList entries;
    for (std::size_t i = 0; i < m_series.size(); ++i) {
        const QString value
            = m_series[i].isEmpty() ? QStringLiteral("–") : QString::number(m_series[i].lastValue(), 'g', 6);
        entries << QStringLiteral("%1: %2").arg(m_names.value(int(i)), value);
        legendWidth = std::max(legendWidth, metrics.horizontalAdvance(entries.last()));
    }
    const int lineHeight = metrics.height();
    const QRect legend(
        area.left() + 8, area.top() + 6, legendWidth + 34, lineHeight * int(entries.size()) + 8);
    QColor legendBackground = pal.color(QPalette::Base);
    legendBackground.setAlpha(210);
    painter.fillRect(legend, legendBackground);
    painter.setPen(grid);
    painter.drawRect(legend);
    for (int i = 0; i < entries.size(); ++i) {
        const int y = legend.top() + 4 + i * lineHeight;
        painter.setPen(QPen(LineColors[i % LineColorCount], 3));
        painter.drawLine(legend.left() + 6, y + lineHeight / 2, legend.left() + 24, y + lineHeight / 2);
        painter.setPen(text);
        painter.drawText(
            QRect(legend.left() + 30, y, legendWidth + 4, lineHeight), Qt::AlignVCenter, entries.at(i));
    }
    if (m_paused) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(area.adjusted(0, 4, -8, 0), Qt::AlignRight | Qt::AlignTop, tr("paused"));
    }
}

void PlotWidget::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        event->ignore();
        return;
    }
    const double factor = std::pow(0.8, delta / 120.0);
    zoom(factor, timeAtX(int(event->position().x())));
    event->accept();
}

void PlotWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_paused) {
        m_dragging = true;
        m_dragX = int(event->position().x());
        setCursor(Qt::ClosedHandCursor);
    }
    QWidget::mousePressEvent(event);
}

void PlotWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
        const int x = int(event->position().x());
        panBy(m_dragX - x); // dragging to the right brings earlier times into view
        m_dragX = x;
    }
    QWidget::mouseMoveEvent(event);
}

void PlotWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        unsetCursor();
    }
    QWidget::mouseReleaseEvent(event);
}

void PlotWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        resetZoom();
    QWidget::mouseDoubleClickEvent(event);
}

} // namespace sockpit::ui
