#pragma once

#include <cstddef>
#include <memory>

namespace sockpit {

// A buffer of Size bytes for the calling thread's reads, allocated on its first use and kept until the
// thread ends. Unlike a thread_local array, it costs a thread nothing until it reads: the C library
// zeroes every thread's static thread-local block when the thread starts, page by page, and every
// thread of the process has one (the window's, the I/O threads', Qt's own). The bytes are not zeroed;
// a reader writes before it reads. Owner keeps the buffers of different readers apart.
template<typename Owner, std::size_t Size> char *threadBuffer()
{
    thread_local std::unique_ptr<char[]> buffer;
    if (!buffer)
        buffer.reset(new char[Size]);
    return buffer.get();
}

} // namespace sockpit
