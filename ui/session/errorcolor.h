#pragma once

#include <QColor>
#include <QPalette>

namespace sockpit::ui {

// Red, as light or as dark as the palette's text, so it stays readable on light and dark palettes.
inline QColor errorColor(const QPalette &palette)
{
    const qreal lightness = palette.color(QPalette::WindowText).lightnessF();
    return QColor::fromHslF(0.0, 0.75, qBound(0.35, lightness, 0.65));
}

} // namespace sockpit::ui
