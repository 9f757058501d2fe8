#pragma once

#include "event.h"

#include <QString>

namespace sockpit {

// The user-facing reason for a failed bind/connect errno, naming the address involved.
QString socketErrorMessage(int error, const QString &endpoint);
EventKind socketErrorKind(int error);

} // namespace sockpit
