#pragma once

#include "clioptions.h"
#include "sessionconfig.h"

namespace sockpit::cli {

// The flags that pre-fill (and with --start, start) the window's session.
struct WindowOptions
{
    SessionConfig config;
    bool start = false;
    QString record;
};

Parsed<WindowOptions> parseWindow(const QStringList &arguments);

} // namespace sockpit::cli
