#pragma once

#include <initializer_list>

class QSocketNotifier;

namespace sockpit {

// Stops watching a descriptor and closes it, for every I/O object that owns one: its notifiers are
// deleted first (a notifier left on a closed, and soon reused, descriptor could fire for a stranger),
// then the descriptor is closed and set to -1. Returns whether it was open.
bool closeWatched(int &fd, std::initializer_list<QSocketNotifier **> notifiers);

} // namespace sockpit
