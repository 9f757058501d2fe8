#pragma once

#include "posixsocket.h"

#include <QtGlobal>

#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace sockpit {

// A splice pipe holds up to this much on its way through (the kernel's default is 64 KiB).
constexpr int SplicePipeBytes = 1024 * 1024;

// A non-blocking pipe that bytes pass through from one descriptor to another with splice(), never
// entering the program.
struct SplicePipe
{
    int readEnd = -1;
    int writeEnd = -1;
    qint64 capacity = 0;

    static std::shared_ptr<SplicePipe> create()
    {
        int ends[2];
        if (::pipe2(ends, O_NONBLOCK | O_CLOEXEC) != 0)
            return nullptr;
        auto pipe = std::make_shared<SplicePipe>();
        pipe->readEnd = ends[0];
        pipe->writeEnd = ends[1];
        ::fcntl(ends[1], F_SETPIPE_SZ, SplicePipeBytes); // may be refused above /proc/sys/fs/pipe-max-size
        pipe->capacity = ::fcntl(ends[1], F_GETPIPE_SZ);
        return pipe->capacity > 0 ? pipe : nullptr;
    }
    ~SplicePipe()
    {
        posix::closeDescriptor(readEnd);
        posix::closeDescriptor(writeEnd);
    }
};

} // namespace sockpit
