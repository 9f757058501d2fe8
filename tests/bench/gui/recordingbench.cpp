// sockpit_guibench recording-open --file FILE [--filter TEXT] [--filter-runs K]
//
// Opens a JSON Lines recording in the window (File > Open Recording, offscreen unless a display is
// given) and measures what a user waits for and what it costs:
//   open_ms       from openRecording() until the tab says it has read the whole file
//   rss_mb        RSS after reading, less the window's before it (peak_rss_mb: the process's peak)
//   filter_ms     a text filter over every row, median of K (filter_max_ms: the slowest)
//   resend_ms     reading the payloads of the first 1,000 data rows again from the file, as Resend does
//   max_gap_ms    the longest time the window's event loop did not run while the file was read
// One line of key=value pairs on standard output; gui_benchmarks.py compares it with tshark reading
// the same conversation as pcap.

#include "benchutil.h"
#include "heartbeat.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "recordingtab.h"
#include "recordreader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTableView>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace sockpit::bench {

using namespace sockpit::ui;
using sockpit::test::Heartbeat;
using sockpit::test::statusKb;

int recordingOpen(const Args &args)
{
    const QString path = args.value("file", QString());
    if (path.isEmpty() || !QFileInfo::exists(path)) {
        std::fprintf(stderr, "recording-open needs --file FILE (an existing .jsonl)\n");
        return 2;
    }
    const QString filter = args.value("filter", QStringLiteral("00007"));
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    spinFor(1000); // settle
    const qint64 rssBefore = statusKb("VmRSS");

    Heartbeat heartbeat;
    heartbeat.start();
    QElapsedTimer clock;
    clock.start();
    RecordingTab *tab = window.openRecording(path);
    if (!spinUntil([tab] { return !tab->isLoading(); }, 3600 * 1000)) {
        std::fprintf(stderr, "the recording was not read within an hour\n");
        return 1;
    }
    const double openMs = double(clock.nsecsElapsed()) / 1e6;
    heartbeat.stop();
    spinFor(1000); // the rows shown
    const qint64 rssAfter = statusKb("VmRSS");
    if (!tab->errorText().isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(tab->errorText()));
        return 1;
    }

    LogView *view = tab->logView();
    const FilterTimes filterTimes = timeFilter(view, filter, qMax(1, int(args.number("filter-runs", 5))));

    // What Resend pays per row: the first 1,000 data rows' payloads read again from the file.
    LogModel *model = view->model();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 1;
    QElapsedTimer resendClock;
    resendClock.start();
    qint64 resendBytes = 0;
    int resendRows = 0;
    for (int row = 0; row < model->rowCount() && resendRows < 1000; ++row) {
        const Direction dir = model->eventAt(row).dir;
        if (dir != Direction::In && dir != Direction::Out)
            continue;
        QByteArray payload;
        QString error;
        if (!tab->payloadAt(row, &file, &payload, &error)) {
            std::fprintf(stderr, "row %d: %s\n", row, qPrintable(error));
            return 1;
        }
        resendBytes += payload.size();
        ++resendRows;
    }
    const double resendMs = double(resendClock.nsecsElapsed()) / 1e6;

    const qint64 fileBytes = QFileInfo(path).size();
    printLine({{"bench", QStringLiteral("recording-open")}, {"file_mb", num(double(fileBytes) / 1e6)},
        {"events", QString::number(tab->eventCount())}, {"rows", QString::number(model->rowCount())},
        {"problems", QString::number(tab->problemCount())}, {"open_ms", num(openMs)},
        {"max_gap_ms", num(heartbeat.maxGapMs())}, {"rss_before_mb", num(mb(rssBefore))},
        {"rss_after_mb", num(mb(rssAfter))}, {"rss_mb", num(mb(rssAfter - rssBefore))},
        {"rss_per_file", num(double(rssAfter - rssBefore) * 1024 / double(fileBytes), 3)},
        {"peak_rss_mb", num(mb(statusKb("VmHWM")))}, {"filter", filter},
        {"matched", QString::number(filterTimes.matched)},
        {"filter_ms", num(filterTimes.apply[filterTimes.apply.size() / 2])},
        {"filter_max_ms", num(filterTimes.apply.back())}, {"resend_rows", QString::number(resendRows)},
        {"resend_bytes", QString::number(resendBytes)}, {"resend_ms", num(resendMs)}});
    return tab->eventCount() == model->rowCount() ? 0 : 1;
}

} // namespace sockpit::bench
