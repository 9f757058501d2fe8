// A plot series: points kept in order up to a capacity (the oldest dropped), and the folding into
// pixel columns that keeps each column's smallest and largest value.

#include "plotseries.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <map>

using namespace sockpit::ui;

class TestPlotSeries : public QObject
{
    Q_OBJECT
private slots:
    void keepsPointsInOrder();
    void capacityDropsTheOldest();
    void decimationKeepsMinAndMaxOfEachColumn();
    void decimationOfARange();
};

void TestPlotSeries::keepsPointsInOrder()
{
    PlotSeries series;
    QVERIFY(series.isEmpty());
    series.append(100, 1.5);
    series.append(200, -2);
    series.append(150, 7); // older than the newest: taken as the newest's time
    QCOMPARE(series.size(), std::size_t(3));
    QCOMPARE(series.firstTime(), qint64(100));
    QCOMPARE(series.lastTime(), qint64(200));
    QCOMPARE(series.times()[2], qint64(200));
    QCOMPARE(series.values()[1], -2.0);
    QCOMPARE(series.lastValue(), 7.0);
    QCOMPARE(series.lowerBound(150), std::size_t(1));
    QCOMPARE(series.lowerBound(201), std::size_t(3));
    series.clear();
    QVERIFY(series.isEmpty());
}

void TestPlotSeries::capacityDropsTheOldest()
{
    PlotSeries series(1000);
    for (int i = 0; i < 2500; ++i) {
        series.append(qint64(i) * 10, double(i));
        QVERIFY(series.size() <= 1000);
    }
    QCOMPARE(series.size(), std::size_t(1000));
    QCOMPARE(series.firstTime(), qint64(1500) * 10);
    QCOMPARE(series.values()[0], 1500.0);
    QCOMPARE(series.lastValue(), 2499.0);
    for (std::size_t i = 0; i < series.size(); ++i)
        QCOMPARE(series.values()[i], double(1500 + i));
    series.setCapacity(10);
    QCOMPARE(series.size(), std::size_t(10));
    QCOMPARE(series.values()[0], 2490.0);
}

void TestPlotSeries::decimationKeepsMinAndMaxOfEachColumn()
{
    PlotSeries series;
    QRandomGenerator random(7);
    qint64 t = 1'000'000;
    for (int i = 0; i < 100000; ++i) {
        t += random.bounded(1, 50);
        series.append(t, random.generateDouble() * 200 - 100);
    }
    const qint64 t0 = series.firstTime();
    const qint64 t1 = series.lastTime();
    const int width = 300;
    const std::vector<PlotColumn> columns = decimateSeries(series, t0, t1, width);
    QVERIFY(!columns.empty());
    QVERIFY(int(columns.size()) <= width);
    // The same columns worked out point by point.
    std::map<int, std::pair<double, double>> expected;
    const double scale = double(width) / double(t1 - t0);
    for (std::size_t i = 0; i < series.size(); ++i) {
        const int x = std::min(width - 1, int(double(series.times()[i] - t0) * scale));
        const double v = series.values()[i];
        auto [it, inserted] = expected.try_emplace(x, v, v);
        if (!inserted) {
            it->second.first = std::min(it->second.first, v);
            it->second.second = std::max(it->second.second, v);
        }
    }
    QCOMPARE(columns.size(), expected.size());
    int previousX = -1;
    for (const PlotColumn &column : columns) {
        QVERIFY(column.x > previousX);
        previousX = column.x;
        QVERIFY(expected.count(column.x));
        QCOMPARE(column.min, expected[column.x].first);
        QCOMPARE(column.max, expected[column.x].second);
        QVERIFY(column.first >= column.min && column.first <= column.max);
        QVERIFY(column.last >= column.min && column.last <= column.max);
    }
    QCOMPARE(columns.front().first, series.values()[0]);
    QCOMPARE(columns.back().last, series.lastValue());
}

void TestPlotSeries::decimationOfARange()
{
    PlotSeries series;
    for (int i = 0; i < 100; ++i)
        series.append(i * 1000, i % 2 ? 10.0 : -10.0);
    // Points 20 .. 29 only, 10 columns: one point each.
    const std::vector<PlotColumn> columns = decimateSeries(series, 20000, 29999, 10);
    QCOMPARE(columns.size(), std::size_t(10));
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(columns[std::size_t(i)].x, i);
        QCOMPARE(columns[std::size_t(i)].min, (20 + i) % 2 ? 10.0 : -10.0);
    }
    // Two points a column: each column spans both values.
    const std::vector<PlotColumn> halves = decimateSeries(series, 0, 99999, 50);
    QCOMPARE(halves.size(), std::size_t(50));
    for (const PlotColumn &column : halves) {
        QCOMPARE(column.min, -10.0);
        QCOMPARE(column.max, 10.0);
    }
    QVERIFY(decimateSeries(series, 200000, 300000, 10).empty());
    QVERIFY(decimateSeries(series, 0, 99999, 0).empty());
}

QTEST_GUILESS_MAIN(TestPlotSeries)
#include "tst_plotseries.moc"
