#pragma once

#include <QString>

namespace sockpit::ui {

struct CodePlan;

// The plan as a C program on POSIX sockets, written the way a lecture writes one: every call's result
// checked, the system's reason printed with perror() and the program ended with exit(1). It builds
// with `cc -Wall -Wextra -Werror` without a warning.
QString cProgram(const CodePlan &plan);

} // namespace sockpit::ui
