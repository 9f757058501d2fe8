#pragma once

#include "plotseries.h"

#include <QStringList>
#include <QWidget>

#include <utility>
#include <vector>

namespace sockpit::ui {

// A live plot of values against time, painted by hand: one coloured line per series and a legend,
// time (seconds since the first point) and value axes. It follows the newest points unless paused;
// the wheel zooms the time axis around the cursor, a drag pans while paused, a double click shows all
// points again. Each series is folded into pixel columns before it is drawn, so a paint costs
// O(width) segments per series however many points are kept.
class PlotWidget final : public QWidget
{
    Q_OBJECT
public:
    explicit PlotWidget(QWidget *parent = nullptr);

    // New series, empty: the points of the old ones go.
    void setSeriesNames(const QStringList &names);
    QStringList seriesNames() const { return m_names; }
    int seriesCount() const { return int(m_series.size()); }
    const PlotSeries &series(int index) const { return m_series.at(std::size_t(index)); }
    void setCapacity(std::size_t pointsPerSeries);

    // Points are added in time order; call pointsAdded() after a batch to repaint once.
    void addPoint(int series, qint64 timeUs, double value);
    void pointsAdded();
    void clearPoints();
    qint64 totalPoints() const;

    bool isPaused() const { return m_paused; }
    bool isFollowing() const { return !m_paused; }
    // The times shown, in microseconds since the epoch: the newest points while following (all of
    // them, or the zoomed span), a fixed range while paused.
    std::pair<qint64, qint64> visibleRange() const;
    // Scales the visible span by `factor` (< 1 zooms in) around `anchorUs`.
    void zoom(double factor, qint64 anchorUs);
    // Moves the paused view by `pixels` of the plot area (positive: to later times).
    void panBy(int pixels);
    bool isZoomed() const { return m_span > 0 || m_pausedZoomed; }
    QRect plotArea() const;
    qint64 timeAtX(int x) const;

    // The whole plot into `painter` on `rect` (what paintEvent() does; benchmarks paint into images).
    void paintPlot(QPainter &painter, const QRect &rect) const;

    QSize sizeHint() const override { return {600, 240}; }
    QSize minimumSizeHint() const override { return {200, 120}; }

public slots:
    void setPaused(bool paused);
    void resetZoom(); // every point in view again

signals:
    void pausedChanged(bool paused);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    std::pair<qint64, qint64> dataRange() const;
    QRect plotAreaIn(const QRect &rect) const;

    QStringList m_names;
    std::vector<PlotSeries> m_series;
    std::size_t m_capacity = PlotSeries::DefaultCapacity;
    qint64 m_originUs = 0; // the time axis counts from the first point since the last clear
    bool m_hasOrigin = false;
    bool m_paused = false;
    qint64 m_span = 0; // following: the span shown, 0 for all points
    qint64 m_fixedStart = 0; // paused: the range shown
    qint64 m_fixedEnd = 0;
    bool m_pausedZoomed = false;
    bool m_dragging = false;
    int m_dragX = 0;
};

} // namespace sockpit::ui
