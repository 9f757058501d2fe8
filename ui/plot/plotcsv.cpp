#include "plotcsv.h"

#include "plotwidget.h"
#include "recordformat.h"

#include <QLocale>
#include <QString>

#include <limits>
#include <vector>

namespace sockpit::ui {

namespace {
QByteArray csvField(const QString &text)
{
    QByteArray bytes = text.toUtf8();
    if (!bytes.contains(',') && !bytes.contains('"') && !bytes.contains('\n') && !bytes.contains('\r'))
        return bytes;
    bytes.replace('"', "\"\"");
    return '"' + bytes + '"';
}
} // namespace

QByteArray plotCsv(const PlotWidget &plot)
{
    QByteArray out("time");
    for (const QString &name : plot.seriesNames())
        out += ',' + csvField(name);
    out += '\n';
    const int count = plot.seriesCount();
    std::vector<std::size_t> next(std::size_t(count), 0);
    for (;;) {
        qint64 time = std::numeric_limits<qint64>::max();
        for (int i = 0; i < count; ++i) {
            const PlotSeries &series = plot.series(i);
            if (next[std::size_t(i)] < series.size())
                time = std::min(time, series.times()[next[std::size_t(i)]]);
        }
        if (time == std::numeric_limits<qint64>::max())
            break;
        out += formatRecordTime(time, true);
        for (int i = 0; i < count; ++i) {
            const PlotSeries &series = plot.series(i);
            std::size_t &at = next[std::size_t(i)];
            out += ',';
            if (at < series.size() && series.times()[at] == time) {
                out += QString::number(series.values()[at], 'g', QLocale::FloatingPointShortest).toLatin1();
                ++at;
            }
        }
        out += '\n';
    }
    return out;
}

} // namespace sockpit::ui
