#pragma once

#include <QtGlobal>

#include <atomic>

namespace sockpit {

// A running session's exact totals, updated by its I/O threads and read by anyone at any time.
struct RunCounters
{
    std::atomic<qint64> bytesIn {0};
    std::atomic<qint64> bytesOut {0};
    std::atomic<qint64> messagesIn {0};
    std::atomic<qint64> messagesOut {0};
    std::atomic<int> connections {0}; // open now
    std::atomic<qint64> accepted {0};
    std::atomic<qint64> refused {0};
    std::atomic<qint64> checked {0}; // received messages whose checksum was checked
    std::atomic<qint64> badChecksums {0}; // of those, the ones whose check value was wrong
    std::atomic<qint64> kernelDrops {0}; // datagrams the system dropped before they could be read
};

} // namespace sockpit
