#pragma once

#include "clioptions.h"
#include "sessionconfig.h"

namespace sockpit::cli {

// The flags that pre-fill (and with --start, start) the window's session.
struct WindowOptions
{
    SessionConfig config;
    bool configGiven = false; // some flag set the session; otherwise the window restores the last one
    bool start = false;
    QString record;
    QString workspace; // --workspace FILE: the window opens that file's tabs (read by the window)
};

Parsed<WindowOptions> parseWindow(const QStringList &arguments);

} // namespace sockpit::cli
