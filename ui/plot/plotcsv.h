#pragma once

#include <QByteArray>

namespace sockpit::ui {

class PlotWidget;

// The plot's points as CSV: a header "time,<name>,...", then one row per distinct time, oldest first,
// the time in ISO 8601 UTC with microseconds and each series' value at that time (empty when it has
// none). Points of one message share its time, so they share a row.
QByteArray plotCsv(const PlotWidget &plot);

} // namespace sockpit::ui
