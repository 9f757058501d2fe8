#pragma once

#include <QString>

namespace sockpit::ui {

struct CodePlan;

// The plan as a Python 3 program on the standard library's socket module, written the way a lecture
// writes one: `from socket import *`, sockfd, connfd, recv(1024).
QString pythonProgram(const CodePlan &plan);

} // namespace sockpit::ui
