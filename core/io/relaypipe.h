#pragma once

#include "posixsocket.h"

#include <QtGlobal>

#include <memory>

#include <fcntl.h>
#include <unistd.h>

namespace sockpit {

// A relay's pipe holds up to this much on its way through (the kernel's default is 64 KiB).
constexpr int RelayPipeBytes = 1024 * 1024;

// Bytes one side of a relay spliced out of its socket that the other side has yet to splice into
// its own. Both sides live on one thread, so `held` needs no lock.
struct RelayPipe
{
    int readEnd = -1;
    int writeEnd = -1;
    qint64 capacity = 0;
    qint64 held = 0;

    static std::shared_ptr<RelayPipe> create()
    {
        int ends[2];
        if (::pipe2(ends, O_NONBLOCK | O_CLOEXEC) != 0)
            return nullptr;
        auto pipe = std::make_shared<RelayPipe>();
        pipe->readEnd = ends[0];
        pipe->writeEnd = ends[1];
        ::fcntl(ends[1], F_SETPIPE_SZ, RelayPipeBytes); // may be refused above /proc/sys/fs/pipe-max-size
        pipe->capacity = ::fcntl(ends[1], F_GETPIPE_SZ);
        return pipe->capacity > 0 ? pipe : nullptr;
    }
    ~RelayPipe()
    {
        posix::closeDescriptor(readEnd);
        posix::closeDescriptor(writeEnd);
    }
};

} // namespace sockpit
