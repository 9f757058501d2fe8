#pragma once

#include <QtGlobal>

namespace sockpit::ui {

// The data path allocates 64 KiB buffers on one thread (a file or standard input being read, a socket
// read for the log) and frees them on another, hundreds of megabytes a second. glibc's default
// thresholds adapt by returning such memory to the system and mapping it again each time, so every
// buffer costs page faults: measured, bulk sending ran at half speed. Fixed thresholds keep up to 32 MiB
// of freed memory for reuse and serve buffers under 1 MiB from the heap. Called first thing in main(),
// for the window and the headless commands alike.
void tuneAllocator();

// The window's traffic allocates and frees buffers on several threads for hours; the C library keeps
// what is freed for reuse, and over a long run the free pages scattered between live blocks add up
// (measured: the window's RSS grew by 10 MB in 25 minutes of mixed load; heaptrack found no live
// allocation growing beyond the log's bounded render cache).
// Once a minute, a pool thread hands the free pages back to the system (glibc's malloc_trim).
// Process-wide: the first call starts it, later calls do nothing. Needs a QCoreApplication.
void startMemoryTrimming(int intervalMs = 60 * 1000);

// How long the last trim took, in microseconds (-1 before the first, or where there is none).
qint64 lastMemoryTrimUs();

} // namespace sockpit::ui
