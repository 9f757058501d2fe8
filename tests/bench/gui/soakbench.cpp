// sockpit_guibench soak --record FILE [--sample-every S] [--filter-every S]
//
// One window (offscreen unless a display is given) holding the sessions of the soak: a TCP server on
// 127.0.0.1 that echoes and records to FILE (JSON Lines), a UDP session on 127.0.0.1, and a TCP relay
// on 127.0.0.1 whose target is that server. tests/soak/windowsoak.py puts the load on them.
//
// Lines on standard output, key=value:
//   event=ready server=P udp=Q relay=R fds=N rss_kb=K   once the three sessions run
//   event=sample t=S rss_kb=K fds=N ... stall_ms=X      every --sample-every seconds (default 10)
//   event=idle fds=N fds_at_start=N waited_ms=W         after "stop" (or the end of standard input),
//                                                       once no connection is left or 30 s passed
//   event=end server_in=... udp_msgs=... relay_in=...   the counters once the recording is closed
// Every --filter-every seconds (default 60) the server tab's log is filtered for "PING" and the filter
// cleared again; the sample after it gives the time both took.

#include "benchutil.h"
#include "heartbeat.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "sessiontab.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace sockpit::bench {

namespace {

using namespace sockpit::ui;
using sockpit::test::Heartbeat;
using sockpit::test::statusKb;

int openDescriptors()
{
    // QDir holds one descriptor of its own while it lists: the same in every count.
    return int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::System).size());
}

SessionConfig localConfig(SessionMode mode)
{
    SessionConfig config;
    config.mode = mode;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindAddressSet = true;
    return config;
}

bool startTab(SessionTab *tab)
{
    tab->start();
    return spinUntil([tab] { return tab->session()->state() == Session::State::Running; }, 10000);
}

} // namespace

int soak(const Args &args)
{
    const QString recordPath = args.value("record");
    if (recordPath.isEmpty()) {
        std::fprintf(stderr, "soak: --record FILE is needed\n");
        return 2;
    }
    const qint64 sampleMs = args.number("sample-every", 10) * 1000;
    const qint64 filterMs = args.number("filter-every", 60) * 1000;

    MainWindow window;
    SessionConfig serverConfig = localConfig(SessionMode::TcpServer);
    serverConfig.echo = true;
    SessionTab *server = window.addSessionTab(&serverConfig);
    const SessionConfig udpConfig = localConfig(SessionMode::Udp);
    SessionTab *udp = window.addSessionTab(&udpConfig);
    window.resize(1200, 800);
    window.show();
    if (!startTab(server) || !startTab(udp)) {
        std::fprintf(stderr, "soak: a session did not start\n");
        return 1;
    }
    SessionConfig relayConfig = localConfig(SessionMode::TcpRelay);
    relayConfig.host = QStringLiteral("127.0.0.1");
    relayConfig.port = server->session()->localPort();
    SessionTab *relay = window.addSessionTab(&relayConfig);
    if (!startTab(relay)) {
        std::fprintf(stderr, "soak: the relay did not start\n");
        return 1;
    }
    QString error;
    if (!server->startRecording(recordPath, &error)) {
        std::fprintf(stderr, "soak: %s\n", qPrintable(error));
        return 1;
    }
    // The tab whose log is filtered is the one on screen.
    window.findChild<QTabWidget *>()->setCurrentWidget(server);
    spinFor(500); // the window settles: threads and buffers made on first use are in the start count
    const int fdsAtStart = openDescriptors();
    printLine(
        {{"event", QStringLiteral("ready")}, {"server", QString::number(server->session()->localPort())},
            {"udp", QString::number(udp->session()->localPort())},
            {"relay", QString::number(relay->session()->localPort())}, {"fds", QString::number(fdsAtStart)},
            {"rss_kb", QString::number(statusKb("VmRSS"))}});

    QElapsedTimer clock;
    clock.start();
    Heartbeat heartbeat;
    heartbeat.start();
    double lastFilterMs = -1;
    double lastClearMs = -1;
    qint64 lastMatched = -1;

    QTimer filterTimer;
    QObject::connect(&filterTimer, &QTimer::timeout, [&] {
        LogView *view = server->logView();
        QElapsedTimer filterClock;
        filterClock.start();
        view->setTextFilter(QStringLiteral("PING"));
        QCoreApplication::processEvents(); // the view lays itself out for the filtered rows
        lastFilterMs = double(filterClock.nsecsElapsed()) / 1e6;
        lastMatched = view->tableView()->model()->rowCount();
        filterClock.restart();
        view->setTextFilter(QString());
        QCoreApplication::processEvents();
        lastClearMs = double(filterClock.nsecsElapsed()) / 1e6;
    });
    filterTimer.start(int(filterMs));

    QTimer sampleTimer;
    QObject::connect(&sampleTimer, &QTimer::timeout, [&] {
        const SessionCounters s = server->session()->counters();
        const SessionCounters u = udp->session()->counters();
        const SessionCounters r = relay->session()->counters();
        printLine({{"event", QStringLiteral("sample")}, {"t", num(double(clock.elapsed()) / 1000.0)},
            {"rss_kb", QString::number(statusKb("VmRSS"))}, {"fds", QString::number(openDescriptors())},
            {"server_in", QString::number(s.bytesIn)}, {"server_out", QString::number(s.bytesOut)},
            {"server_conns", QString::number(s.connections)}, {"accepted", QString::number(s.accepted)},
            {"udp_msgs", QString::number(u.messagesIn)}, {"udp_drops", QString::number(u.kernelDrops)},
            {"relay_in", QString::number(r.bytesIn)}, {"relay_conns", QString::number(r.connections)},
            {"rows", QString::number(server->logView()->model()->rowCount())},
            {"udp_rows", QString::number(udp->logView()->model()->rowCount())},
            {"relay_rows", QString::number(relay->logView()->model()->rowCount())},
            {"filter_ms", num(lastFilterMs)}, {"clear_filter_ms", num(lastClearMs)},
            {"matched", QString::number(lastMatched)}, {"stall_ms", num(heartbeat.stallMs())},
            {"own_stall_ms", num(heartbeat.ownStallMs())}});
        heartbeat.start(); // each sample gives the longest stall since the one before
    });
    sampleTimer.start(int(sampleMs));

    // "stop" on standard input, or its end, ends the load.
    bool stopped = false;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, [&] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof(buffer));
        if (n <= 0 || QByteArray(buffer, int(n)).contains("stop")) {
            input.setEnabled(false);
            stopped = true;
        }
    });
    spinUntil([&] { return stopped; }, Q_INT64_C(1) << 40);
    filterTimer.stop();

    QElapsedTimer idleClock;
    idleClock.start();
    spinUntil(
        [&] {
            return server->session()->counters().connections == 0
                && relay->session()->counters().connections == 0 && openDescriptors() == fdsAtStart;
        },
        30000);
    printLine({{"event", QStringLiteral("idle")}, {"fds", QString::number(openDescriptors())},
        {"fds_at_start", QString::number(fdsAtStart)}, {"waited_ms", QString::number(idleClock.elapsed())},
        {"rss_kb", QString::number(statusKb("VmRSS"))}});

    server->stopRecording();
    sampleTimer.stop();
    heartbeat.stop();
    const SessionCounters s = server->session()->counters();
    const SessionCounters u = udp->session()->counters();
    const SessionCounters r = relay->session()->counters();
    printLine({{"event", QStringLiteral("end")}, {"server_in", QString::number(s.bytesIn)},
        {"server_out", QString::number(s.bytesOut)}, {"server_msgs_in", QString::number(s.messagesIn)},
        {"accepted", QString::number(s.accepted)}, {"udp_in", QString::number(u.bytesIn)},
        {"udp_msgs", QString::number(u.messagesIn)}, {"udp_drops", QString::number(u.kernelDrops)},
        {"relay_in", QString::number(r.bytesIn)}, {"relay_out", QString::number(r.bytesOut)},
        {"relay_accepted", QString::number(r.accepted)},
        {"peak_rss_kb", QString::number(statusKb("VmHWM"))}});
    for (SessionTab *tab : {relay, udp, server})
        tab->stop();
    return 0;
}

} // namespace sockpit::bench
