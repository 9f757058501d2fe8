#include "plotseries.h"

#include <algorithm>

namespace sockpit::ui {

PlotSeries::PlotSeries(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(1, capacity))
{ }

void PlotSeries::append(qint64 timeUs, double value)
{
    if (!isEmpty() && timeUs < lastTime())
        timeUs = lastTime();
    m_times.push_back(timeUs);
    m_values.push_back(value);
    if (size() > m_capacity) {
        ++m_begin;
        if (m_begin >= std::max<std::size_t>(m_capacity / 2, 1))
            compact();
    }
}

void PlotSeries::clear()
{
    m_times.clear();
    m_values.clear();
    m_begin = 0;
}

void PlotSeries::setCapacity(std::size_t capacity)
{
    m_capacity = std::max<std::size_t>(1, capacity);
    if (size() > m_capacity)
        m_begin += size() - m_capacity;
    compact();
}

std::size_t PlotSeries::lowerBound(qint64 timeUs) const
{
    return std::size_t(std::lower_bound(times(), times() + size(), timeUs) - times());
}

void PlotSeries::compact()
{
    m_times.erase(m_times.begin(), m_times.begin() + std::ptrdiff_t(m_begin));
    m_values.erase(m_values.begin(), m_values.begin() + std::ptrdiff_t(m_begin));
    m_begin = 0;
}

std::vector<PlotColumn> decimateSeries(const PlotSeries &series, qint64 t0, qint64 t1, int width)
{
    std::vector<PlotColumn> columns;
    if (width <= 0 || t1 <= t0 || series.isEmpty())
        return columns;
    const std::size_t begin = series.lowerBound(t0);
    const std::size_t end = series.lowerBound(t1 + 1);
    const qint64 *times = series.times();
    const double *values = series.values();
    const double scale = double(width) / double(t1 - t0);
    columns.reserve(std::min<std::size_t>(end - begin, std::size_t(width)));
    for (std::size_t i = begin; i < end; ++i) {
        const int x = std::min(width - 1, int(double(times[i] - t0) * scale));
        const double v = values[i];
        if (columns.empty() || columns.back().x != x) {
            columns.push_back({x, v, v, v, v});
            continue;
        }
        PlotColumn &column = columns.back();
        column.min = std::min(column.min, v);
        column.max = std::max(column.max, v);
        column.last = v;
    }
    return columns;
}

} // namespace sockpit::ui
