#pragma once

namespace sockpit {

// The data path allocates 64 KiB buffers on one thread (a file or standard input being read, a socket
// read for the log) and frees them on another, hundreds of megabytes a second. glibc's default
// thresholds adapt by returning such memory to the system and mapping it again each time, so every
// buffer costs page faults: measured, bulk sending ran at half speed. Fixed thresholds keep up to 32 MiB
// of freed memory for reuse and serve buffers under 1 MiB from the heap. Called first thing in main()
// (and by the window benchmarks, so that they measure the same process).
void tuneAllocator();

} // namespace sockpit
