#pragma once

#include <QtGlobal>

#include <memory>

namespace sockpit {
class ByteSink;
}

namespace sockpit::cli {

// Writes received bytes to standard output, unchanged, from whichever I/O thread received them.
// Whole chunks never interleave. Once standard output is gone (`| head` exited), every further
// write fails at once, so the command can end quietly.
class StdoutWriter final
{
public:
    static bool write(const char *data, qsizetype size);
    static bool isClosed();
    // Standard output as a session's data sink (Session::setDataSink), shared with write().
    static std::shared_ptr<ByteSink> sink();
};

} // namespace sockpit::cli
