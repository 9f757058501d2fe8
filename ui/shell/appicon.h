#pragma once

class QWidget;

namespace sockpit::ui {

// Gives the application its icon (the icon theme's "sockpit", else the built-in one) once `window` has
// painted for the first time. Looking the icon up reads the icon theme's index and decodes six PNG
// files: about 5 ms here, which need not stand between the launch and the first picture of the window.
void setAppIconAfterFirstPaint(QWidget *window);

} // namespace sockpit::ui
