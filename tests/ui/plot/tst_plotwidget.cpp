// The plot widget, real and offscreen: points added, following the newest against a paused view,
// zooming with the wheel around the cursor, panning by dragging while paused, a double click showing
// every point again, and what a paint puts on the screen.

#include "plotwidget.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

using namespace sockpit::ui;

namespace {
constexpr qint64 Second = 1000000;
constexpr qint64 Start = qint64(1764800000) * Second;

// One point a second for `seconds` seconds from `from`, on both series.
void addSeconds(PlotWidget &plot, int from, int seconds)
{
    for (int s = from; s < from + seconds; ++s) {
        plot.addPoint(0, Start + s * Second, s);
        plot.addPoint(1, Start + s * Second, -s);
    }
    plot.pointsAdded();
}

void wheel(PlotWidget &plot, QPoint at, int delta)
{
    QWheelEvent event(QPointF(at), plot.mapToGlobal(QPointF(at)), QPoint(), QPoint(0, delta), Qt::NoButton,
        Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&plot, &event);
}

bool hasColor(const QImage &image, QRgb color, const QRect &region)
{
    for (int y = region.top(); y <= region.bottom(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = region.left(); x <= region.right(); ++x) {
            if ((line[x] & 0xffffff) == (color & 0xffffff))
                return true;
        }
    }
    return false;
}
} // namespace

class TestPlotWidget : public QObject
{
    Q_OBJECT
private slots:
    void pointsAreAdded();
    void followsTheNewestUntilPaused();
    void wheelZoomsAroundTheCursor();
    void zoomWhileFollowingKeepsTheNewest();
    void dragPansWhilePaused();
    void paintsTheLinesAndLegend();
    void paintsExtremeValues();
};

void TestPlotWidget::pointsAreAdded()
{
    PlotWidget plot;
    plot.setSeriesNames({QStringLiteral("temp"), QStringLiteral("rpm")});
    QCOMPARE(plot.seriesCount(), 2);
    QCOMPARE(plot.totalPoints(), qint64(0));
    addSeconds(plot, 0, 10);
    QCOMPARE(plot.series(0).size(), std::size_t(10));
    QCOMPARE(plot.series(1).lastValue(), -9.0);
    QCOMPARE(plot.totalPoints(), qint64(20));
    plot.addPoint(5, Start, 1); // no such series: ignored
    QCOMPARE(plot.totalPoints(), qint64(20));
    plot.setCapacity(4);
    QCOMPARE(plot.series(0).size(), std::size_t(4));
    QCOMPARE(plot.series(0).firstTime(), Start + 6 * Second);
    plot.clearPoints();
    QCOMPARE(plot.totalPoints(), qint64(0));
    plot.setSeriesNames({QStringLiteral("one")});
    QCOMPARE(plot.seriesCount(), 1);
}

void TestPlotWidget::followsTheNewestUntilPaused()
{
    PlotWidget plot;
    plot.setSeriesNames({QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY(plot.isFollowing());
    addSeconds(plot, 0, 10);
    QCOMPARE(plot.visibleRange(), std::make_pair(Start, Start + 9 * Second));
    addSeconds(plot, 10, 5);
    QCOMPARE(plot.visibleRange().second, Start + 14 * Second); // the newest comes into view

    QSignalSpy paused(&plot, &PlotWidget::pausedChanged);
    plot.setPaused(true);
    QCOMPARE(paused.count(), 1);
    QVERIFY(plot.isPaused());
    const auto frozen = plot.visibleRange();
    addSeconds(plot, 15, 20);
    QCOMPARE(plot.visibleRange(), frozen); // points arrive, the view stays
    QCOMPARE(plot.series(0).size(), std::size_t(35));

    plot.setPaused(false);
    QCOMPARE(plot.visibleRange(), std::make_pair(Start, Start + 34 * Second));
}

void TestPlotWidget::wheelZoomsAroundTheCursor()
{
    PlotWidget plot;
    plot.resize(800, 300);
    plot.setSeriesNames({QStringLiteral("a"), QStringLiteral("b")});
    addSeconds(plot, 0, 101);
    plot.setPaused(true);
    const QRect area = plot.plotArea();
    const QPoint at(area.left() + area.width() / 4, area.center().y());
    const qint64 anchor = plot.timeAtX(at.x());
    const auto before = plot.visibleRange();
    wheel(plot, at, 120); // zoom in
    const auto after = plot.visibleRange();
    QVERIFY(plot.isZoomed());
    QVERIFY(after.second - after.first < before.second - before.first);
    QVERIFY(after.first > before.first);
    QVERIFY(after.second < before.second);
    // The time under the cursor stays under it (to a pixel).
    const qint64 pixel = (after.second - after.first) / area.width() + 1;
    QVERIFY(qAbs(plot.timeAtX(at.x()) - anchor) <= pixel);
    wheel(plot, at, -240); // zoom out further than in
    QVERIFY(plot.visibleRange().second - plot.visibleRange().first > before.second - before.first);

    // A double click shows every point again.
    QTest::mouseDClick(&plot, Qt::LeftButton, Qt::NoModifier, area.center());
    QCOMPARE(plot.visibleRange(), std::make_pair(Start, Start + 100 * Second));
    QVERIFY(!plot.isZoomed());
}

void TestPlotWidget::zoomWhileFollowingKeepsTheNewest()
{
    PlotWidget plot;
    plot.resize(800, 300);
    plot.setSeriesNames({QStringLiteral("a"), QStringLiteral("b")});
    addSeconds(plot, 0, 101);
    plot.zoom(0.1, Start + 50 * Second);
    const auto zoomed = plot.visibleRange();
    QCOMPARE(zoomed.second, Start + 100 * Second);
    QCOMPARE(zoomed.second - zoomed.first, 10 * Second);
    addSeconds(plot, 101, 10);
    QCOMPARE(plot.visibleRange(), std::make_pair(Start + 100 * Second, Start + 110 * Second));
    plot.resetZoom();
    QCOMPARE(plot.visibleRange(), std::make_pair(Start, Start + 110 * Second));
}

void TestPlotWidget::dragPansWhilePaused()
{
    PlotWidget plot;
    plot.resize(800, 300);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeriesNames({QStringLiteral("a"), QStringLiteral("b")});
    addSeconds(plot, 0, 101);
    const QPoint from = plot.plotArea().center();
    const QPoint to = from + QPoint(100, 0);

    // Following: a drag does not move the view.
    const auto following = plot.visibleRange();
    QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(&plot, to);
    QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, to);
    QCOMPARE(plot.visibleRange(), following);

    plot.setPaused(true);
    plot.zoom(0.5, Start + 50 * Second);
    const auto before = plot.visibleRange();
    QTest::mousePress(&plot, Qt::LeftButton, Qt::NoModifier, from);
    QTest::mouseMove(&plot, to);
    QTest::mouseRelease(&plot, Qt::LeftButton, Qt::NoModifier, to);
    const auto after = plot.visibleRange();
    // Dragged to the right: earlier times come into view, by 100 pixels' worth of time.
    QCOMPARE(after.second - after.first, before.second - before.first);
    const qint64 expected = (before.second - before.first) * 100 / plot.plotArea().width();
    QVERIFY(qAbs((before.first - after.first) - expected) <= Second / 100);
}

void TestPlotWidget::paintsTheLinesAndLegend()
{
    PlotWidget plot;
    plot.resize(600, 300);
    plot.setSeriesNames({QStringLiteral("temp"), QStringLiteral("rpm")});
    QImage empty(plot.size(), QImage::Format_RGB32);
    {
        QPainter painter(&empty);
        plot.paintPlot(painter, plot.rect());
    }
    QVERIFY(!hasColor(empty, qRgb(0x1f, 0x77, 0xb4), empty.rect())); // no points: no line
    addSeconds(plot, 0, 50);
    QImage image(plot.size(), QImage::Format_RGB32);
    {
        QPainter painter(&image);
        plot.paintPlot(painter, plot.rect());
    }
    // Right of the legend: the lines themselves, in the series' colours.
    QRect area = plot.plotArea();
    area.setLeft(area.center().x());
    QVERIFY(hasColor(image, qRgb(0x1f, 0x77, 0xb4), area));
    QVERIFY(hasColor(image, qRgb(0xff, 0x7f, 0x0e), area));
    QVERIFY(!hasColor(image, qRgb(0x2c, 0xa0, 0x2c), image.rect())); // no third series
}

void TestPlotWidget::paintsExtremeValues()
{
    // Ranges that overflow, that vanish next to the values, a single point: each paint ends.
    const QList<QList<double>> cases
        = {{-1e308, 1e308}, {1e17, 1e17 + 16}, {5}, {-0.0, 0.0}, {1e-300, 2e-300}};
    for (const QList<double> &values : cases) {
        PlotWidget plot;
        plot.resize(400, 200);
        plot.setSeriesNames({QStringLiteral("x")});
        for (int i = 0; i < values.size(); ++i)
            plot.addPoint(0, Start + i * Second, values.at(i));
        QImage image(plot.size(), QImage::Format_RGB32);
        QPainter painter(&image);
        plot.paintPlot(painter, image.rect());
    }
}

QTEST_MAIN(TestPlotWidget)
#include "tst_plotwidget.moc"
