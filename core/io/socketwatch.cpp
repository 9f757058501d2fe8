#include "socketwatch.h"

#include "posixsocket.h"

#include <QSocketNotifier>

namespace sockpit {

bool closeWatched(int &fd, std::initializer_list<QSocketNotifier **> notifiers)
{
    for (QSocketNotifier **notifier : notifiers) {
        delete *notifier;
        *notifier = nullptr;
    }
    if (fd < 0)
        return false;
    posix::closeDescriptor(fd);
    fd = -1;
    return true;
}

} // namespace sockpit
