#pragma once

#include <functional>

class QSettings;

namespace sockpit::ui {

// Changes to the settings file, made in order on a thread of their own. QSettings puts every change on
// disk at once (a lock file, a new file, fdatasync, rename, unlink); on a busy or slow disk that held
// the window's thread for 100 ms and more, each time a session started. Readers call waitForWrites()
// first, so a value read back is the value last written.
class SettingsWriter final
{
public:
    // Runs `change` on the writer's thread with a QSettings of its own, after every change posted before.
    static void post(std::function<void(QSettings &)> change);
    // Returns when every change posted so far is on disk. Cheap when none is under way.
    static void waitForWrites();
};

} // namespace sockpit::ui
