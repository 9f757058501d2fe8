#include "plotbench.h"

#include "plotwidget.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QPen>
#include <QPolygonF>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using sockpit::ui::PlotWidget;

namespace {

int option(const QStringList &args, const char *name, int fallback)
{
    const int at = int(args.indexOf(QLatin1String("--") + QLatin1String(name)));
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toInt() : fallback;
}

double medianMs(int runs, const std::function<void()> &paint)
{
    std::vector<double> times;
    paint(); // warm-up: caches, glyphs
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer clock;
        clock.start();
        paint();
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int plotPaint(const QStringList &args)
{
    const int points = option(args, "points", 100000);
    const int seriesCount = option(args, "series", 2);
    const int width = option(args, "width", 1200);
    const int height = option(args, "height", 400);
    const int runs = std::max(1, option(args, "runs", 21));

    // A random walk per series, one point a millisecond, as a device reporting fast would give.
    PlotWidget plot;
    plot.resize(width, height);
    QStringList names;
    for (int s = 0; s < seriesCount; ++s)
        names << QStringLiteral("field%1").arg(s + 1);
    plot.setSeriesNames(names);
    QRandomGenerator random(42);
    const qint64 start = qint64(1764800000) * 1000000;
    std::vector<QPolygonF> lines(static_cast<std::size_t>(seriesCount), QPolygonF(points));
    for (int s = 0; s < seriesCount; ++s) {
        double value = 20.0 * s;
        for (int i = 0; i < points; ++i) {
            value += random.generateDouble() - 0.5;
            plot.addPoint(s, start + qint64(i) * 1000, value);
            lines[std::size_t(s)][i] = QPointF(i, value);
        }
    }
    // The reference draws the same points scaled into the same image.
    double lo = 1e300;
    double hi = -1e300;
    for (const QPolygonF &line : lines) {
        for (const QPointF &p : line) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    }
    for (QPolygonF &line : lines) {
        for (QPointF &p : line)
            p = QPointF(
                p.x() * (width - 1) / std::max(1, points - 1), (hi - p.y()) * (height - 1) / (hi - lo));
    }

    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    const double plotMs = medianMs(runs, [&] {
        QPainter painter(&image);
        plot.paintPlot(painter, image.rect());
    });
    const double polylineMs = medianMs(runs, [&] {
        QPainter painter(&image);
        painter.fillRect(image.rect(), Qt::white);
        for (std::size_t s = 0; s < lines.size(); ++s) {
            painter.setPen(QPen(s % 2 ? Qt::red : Qt::blue, 0));
            painter.drawPolyline(lines[s]);
        }
    });
    std::printf("bench=plot-paint series=%d points=%d width=%d height=%d runs=%d plot_ms=%.2f "
                "polyline_ms=%.2f ratio=%.3f\n",
        seriesCount, points, width, height, runs, plotMs, polylineMs, plotMs / polylineMs);
    std::fflush(stdout);
    return 0;
}
