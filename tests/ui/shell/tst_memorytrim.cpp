// The window's memory trimming: once started it runs on its interval, and the free pages left between
// live blocks, which the C library would otherwise keep, go back to the system.

#include "heartbeat.h"
#include "memorytrim.h"

#include <QTest>

#include <memory>
#include <vector>

using namespace sockpit::ui;
using sockpit::test::statusKb;

class tst_MemoryTrim : public QObject
{
    Q_OBJECT

private slots:
    void freePagesGoBackToTheSystem();
};

void tst_MemoryTrim::freePagesGoBackToTheSystem()
{
#ifndef __GLIBC__
    QSKIP("trimming is glibc's malloc_trim");
#endif
    tuneAllocator(); // as main() does: up to 32 MiB of free memory is kept without a trim
    QCOMPARE(lastMemoryTrimUs(), qint64(-1));

    // About 100 MiB in small blocks, then all but every 64th freed: the free pages lie between live
    // blocks, where the C library keeps them.
    constexpr size_t Blocks = 200000;
    constexpr size_t BlockBytes = 512;
    std::vector<std::unique_ptr<char[]>> blocks(Blocks);
    for (auto &block : blocks) {
        block.reset(new char[BlockBytes]);
        std::fill_n(block.get(), BlockBytes, char(1));
    }
    for (size_t i = 0; i < Blocks; ++i) {
        if (i % 64 != 0)
            blocks[i].reset();
    }
    const qint64 before = statusKb("VmRSS");

    startMemoryTrimming(50);
    startMemoryTrimming(50); // a second start changes nothing
    QTRY_VERIFY(lastMemoryTrimUs() >= 0);
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("the sanitizer's allocator keeps its own free memory: only the trim's run is checked");
#endif
    const qint64 after = statusKb("VmRSS");
    // Most of the ~97 MiB freed goes back; what stays is the pages that still hold a live block.
    QVERIFY2(before - after > 50 * 1024,
        qPrintable(QStringLiteral("RSS %1 kB before the trim, %2 kB after").arg(before).arg(after)));
    QVERIFY(blocks[0][0] == 1); // the live blocks are untouched
}

QTEST_GUILESS_MAIN(tst_MemoryTrim)
#include "tst_memorytrim.moc"
