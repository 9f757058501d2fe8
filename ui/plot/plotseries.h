#pragma once

#include <QtGlobal>

#include <cstddef>
#include <vector>

namespace sockpit::ui {

// One field's points in time order, kept compactly (16 bytes a point) up to a capacity; past it the
// oldest points go. Dropping is amortised: the front is only cut away once half a capacity is stale.
class PlotSeries
{
public:
    static constexpr std::size_t DefaultCapacity = 1000000;

    explicit PlotSeries(std::size_t capacity = DefaultCapacity);

    // A time older than the newest point is taken as the newest's, so the times stay sorted for
    // the binary searches of a paint.
    void append(qint64 timeUs, double value);
    void clear();
    void setCapacity(std::size_t capacity);
    std::size_t capacity() const { return m_capacity; }

    std::size_t size() const { return m_times.size() - m_begin; }
    bool isEmpty() const { return size() == 0; }
    const qint64 *times() const { return m_times.data() + m_begin; }
    const double *values() const { return m_values.data() + m_begin; }
    qint64 firstTime() const { return times()[0]; }
    qint64 lastTime() const { return m_times.back(); }
    double lastValue() const { return m_values.back(); }
    // The first point at or after `timeUs` (size() when none).
    std::size_t lowerBound(qint64 timeUs) const;

private:
    void compact();

    std::vector<qint64> m_times;
    std::vector<double> m_values;
    std::size_t m_begin = 0; // points before it were dropped
    std::size_t m_capacity;
};

// The points of one pixel column: what a line through them covers, and where it enters and leaves.
struct PlotColumn
{
    int x = 0; // 0 .. width - 1
    double min = 0;
    double max = 0;
    double first = 0;
    double last = 0;
};

// The points of `series` in [t0, t1] (t0 < t1) folded into `width` columns, left to right, only the
// columns that have points: a paint draws O(width) segments however many points there are.
std::vector<PlotColumn> decimateSeries(const PlotSeries &series, qint64 t0, qint64 t1, int width);

} // namespace sockpit::ui
