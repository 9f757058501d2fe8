#pragma once

#include <QStringList>

// sockpit_guibench plot-paint [--points N] [--series S] [--width W] [--height H] [--runs R]
//   Paints a PlotWidget of S series of N points each into a W×H image, R times, and the same points
//   undecimated with QPainter::drawPolyline (the reference, cosmetic 1-pixel pen, the fastest
//   QPainter has for a line); prints the medians and their ratio.
int plotPaint(const QStringList &args);
