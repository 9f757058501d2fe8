#pragma once

#include "event.h"

#include <QString>

namespace sockpit {

// The user-facing reason for a failed bind/connect errno, naming the address involved.
QString socketErrorMessage(int error, const QString &endpoint);
EventKind socketErrorKind(int error);
// The same for a Unix socket at `path`: binding it (connecting false) or connecting to it.
QString unixSocketErrorMessage(int error, const QString &path, bool connecting);

} // namespace sockpit
