#include "stdoutwriter.h"

#include "bytesink.h"

#include <unistd.h>

namespace sockpit::cli {

bool StdoutWriter::write(const char *data, qsizetype size)
{
    return sink()->write(data, size);
}

bool StdoutWriter::isClosed()
{
    return sink()->isClosed();
}

std::shared_ptr<ByteSink> StdoutWriter::sink()
{
    static const std::shared_ptr<ByteSink> standardOutput = std::make_shared<ByteSink>(STDOUT_FILENO);
    return standardOutput;
}

} // namespace sockpit::cli
