// The message inspector opening a long message, against the plain ways to see the same hex dump, in
// one run. Prints one line of key=value pairs.
//
//   sockpit_inspectorbench [--mib N] [--runs K] [--plaintext-mib M]
//
// A MainWindow (offscreen unless a display is given) whose log holds one received message of N MiB
// (default 16), kept whole. open_ms: from selecting its row to the inspector's hex dump painted;
// end_ms: scrolling the dump to its last line and painting it; text_ms: the Text tab shown (its first
// part decoded and laid out) and painted; medians of K runs (default 5). References, same bytes:
// hexdump_ms, `hexdump -C FILE` writing the whole dump to /dev/null; plaintext_ms, the same dump (of
// the first M MiB, default N) given to a QPlainTextEdit with setPlainText() and painted once.
// max_gap_ms: the longest time the main thread's 10 ms timer could not tick during the inspector's runs
// (it ticks between steps, so this is the longest step); inspector_peak_rss_mb: VmHWM before the
// references run. Ratios are Sockpit / reference.

#include "heartbeat.h"
#include "hexdumpview.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "messageinspector.h"
#include "sessiontab.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QItemSelectionModel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace sockpit;
using namespace sockpit::ui;
using sockpit::test::Heartbeat;
using sockpit::test::statusKb;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

double msSince(const QElapsedTimer &clock)
{
    return double(clock.nsecsElapsed()) / 1e6;
}

qint64 argValue(const QStringList &args, const char *name, qint64 fallback)
{
    const int at = args.indexOf(QLatin1String(name));
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1).toLongLong() : fallback;
}

void select(QTableView *table, int row)
{
    table->selectionModel()->setCurrentIndex(
        table->model()->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

} // namespace

int main(int argc, char **argv)
{
    // The window's remembered settings (a hidden inspector among them) stay out of the measurement.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 size = argValue(args, "--mib", 16) << 20;
    const int runs = int(std::max<qint64>(1, argValue(args, "--runs", 5)));
    const qint64 plaintextSize = std::min(size, argValue(args, "--plaintext-mib", size >> 20) << 20);

    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char((i * 7) ^ (i >> 8)); // text, control bytes and high bytes mixed

    MainWindow window;
    SessionTab *tab = window.addSessionTab();
    window.resize(1200, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    Event small;
    small.dir = Direction::Info;
    small.text = QStringLiteral("a row to select in between");
    Event message;
    message.timeUs = nowMicroseconds();
    message.conn = 1;
    message.dir = Direction::In;
    message.peer = QStringLiteral("127.0.0.1:40000");
    message.len = size;
    message.payload = bytes;
    tab->logView()->appendEvents({small, message}, 0);
    QCoreApplication::processEvents();
    MessageInspector *inspector = tab->inspector();
    HexDumpView *hex = inspector->hexView();
    auto *tabs = inspector->findChild<QTabWidget *>(QStringLiteral("inspectorTabs"));
    QTableView *table = tab->logView()->tableView();

    std::vector<double> open;
    std::vector<double> end;
    std::vector<double> text;
    Heartbeat heartbeat;
    heartbeat.start();
    for (int run = 0; run < runs; ++run) {
        tabs->setCurrentIndex(0);
        select(table, 0);
        QCoreApplication::processEvents();
        QElapsedTimer clock;
        clock.start();
        select(table, 1);
        hex->viewport()->repaint();
        open.push_back(msSince(clock));
        if (inspector->bytes().size() != size) {
            std::fprintf(
                stderr, "the inspector holds %lld of %lld bytes\n", qint64(inspector->bytes().size()), size);
            return 1;
        }
        QCoreApplication::processEvents();
        clock.restart();
        hex->verticalScrollBar()->setValue(hex->verticalScrollBar()->maximum());
        hex->viewport()->repaint();
        end.push_back(msSince(clock));
        if (hex->lastPaintedLine() != hex->lineCount() - 1) {
            std::fprintf(stderr, "the last line painted is %lld of %lld (viewport %dx%d)\n",
                hex->lastPaintedLine(), hex->lineCount(), hex->viewport()->width(),
                hex->viewport()->height());
            return 1;
        }
        QCoreApplication::processEvents();
        clock.restart();
        tabs->setCurrentIndex(1);
        inspector->textView()->viewport()->repaint();
        text.push_back(msSince(clock));
        QCoreApplication::processEvents();
    }
    heartbeat.stop();
    const double maxGapMs = heartbeat.maxGapMs();
    const double inspectorRssMb = double(statusKb("VmHWM")) / 1024.0; // before the references grow it

    // hexdump -C over the same bytes, from a file, its output thrown away.
    QTemporaryFile file;
    if (!file.open() || file.write(bytes) != size)
        return 1;
    file.flush();
    std::vector<double> hexdump;
    for (int run = 0; run < runs; ++run) {
        QProcess process;
        process.setStandardOutputFile(QProcess::nullDevice());
        QElapsedTimer clock;
        clock.start();
        process.start(QStringLiteral("hexdump"), {QStringLiteral("-C"), file.fileName()});
        if (!process.waitForFinished(600000) || process.exitCode() != 0)
            return 1;
        hexdump.push_back(msSince(clock));
    }

    // The dump a plain text widget would have to hold: built outside the timing, then set and painted.
    QString dump;
    const qint64 lines = (plaintextSize + HexDumpView::BytesPerLine - 1) / HexDumpView::BytesPerLine;
    dump.reserve(lines * 80);
    const QByteArray head = bytes.left(plaintextSize);
    for (qint64 line = 0; line < lines; ++line) {
        dump += HexDumpView::lineText(head, line);
        dump += QLatin1Char('\n');
    }
    QPlainTextEdit plain;
    plain.setFont(hex->font());
    plain.resize(1200, 400);
    plain.show();
    QCoreApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    plain.setPlainText(dump);
    plain.viewport()->repaint();
    const double plaintextMs = msSince(clock);

    // Ratios as everywhere in docs/benchmarks.md: Sockpit / peer.
    const double openMs = median(open);
    std::printf(
        "bench=inspector-open mib=%lld runs=%d open_ms=%.2f end_ms=%.2f text_ms=%.2f max_gap_ms=%.1f "
        "inspector_peak_rss_mb=%.1f hexdump_ms=%.1f ratio_hexdump=%.5f plaintext_mib=%lld plaintext_ms=%.1f "
        "ratio_plaintext=%.5f\n",
        size >> 20, runs, openMs, median(end), median(text), maxGapMs, inspectorRssMb, median(hexdump),
        openMs / median(hexdump), plaintextSize >> 20, plaintextMs, openMs / plaintextMs);
    return 0;
}
