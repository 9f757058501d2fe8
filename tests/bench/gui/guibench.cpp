// GUI benchmarks of Sockpit's window: each sub-command drives real widgets (offscreen unless a display
// is given) and prints one line of key=value pairs on standard output. gui_benchmarks.py runs them
// against their peers and turns the lines into ratios.
//
//   sockpit_guibench tcp-recv --bytes N --peer-cmd CMD [--timeout S]
//       A window with a TCP server on 127.0.0.1 (payload shown as hex); CMD ("{port}" replaced) sends
//       N bytes to it. Counts every byte, the longest main-thread stall and the peak RSS.
//   sockpit_guibench udp-recv --count N --size B --peer-cmd CMD [--timeout S]
//       A window with a UDP session on 127.0.0.1; CMD sends N datagrams of B bytes. Loss and stall.
//   sockpit_guibench udp-send HOST PORT COUNT SIZE
//       Sends COUNT datagrams of SIZE bytes as fast as the kernel takes them (the peer of udp-recv).
//   sockpit_guibench log-fill --rows N [--filter TEXT] [--mode text|hex] [--filter-runs K]
//       An idle window whose log takes N rows through the session's batched path; memory over the idle
//       window and the time to apply a text filter to the N rows.
//   sockpit_guibench plot-paint [--points N] [--series S] [--width W] [--height H] [--runs R]
//       One paint of the plot of values against QPainter::drawPolyline of the same points (plotbench.h).
//   sockpit_guibench soak --record FILE [--sample-every S] [--filter-every S]
//       One window with a TCP server, a UDP session and a relay for tests/soak/windowsoak.py to load
//       for as long as it likes (soakbench.cpp).
//   sockpit_guibench recording-open --file FILE [--filter TEXT] [--filter-runs K]
//       Opens a JSON Lines recording in the window: time to read it, memory, filter (recordingbench.cpp).
//
// Stall: a 10 ms precise QTimer ticks on the main thread; max_gap_ms is the longest time between two
// ticks and stall_ms = max_gap_ms - 10, the time the main thread could not run its event loop.

#include "allocatortuning.h"
#include "benchutil.h"
#include "heartbeat.h"
#include "logfilterproxy.h"
#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "plotbench.h"
#include "sessiontab.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace sockpit;
using namespace sockpit::ui;
using namespace sockpit::bench;
using sockpit::test::Heartbeat;
using sockpit::test::statusKb;

namespace {

// The peer command, "{port}" replaced, run through the shell; its standard output is kept.
class Peer
{
public:
    void start(const QString &command, quint16 port)
    {
        QString cmd = command;
        cmd.replace(QStringLiteral("{port}"), QString::number(port));
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), cmd});
    }
    bool finished() const { return m_process.state() == QProcess::NotRunning; }
    int exitCode() const { return m_process.exitCode(); }
    QString output() { return QString::fromLocal8Bit(m_process.readAllStandardOutput()).simplified(); }
    void kill()
    {
        if (!finished()) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }

private:
    QProcess m_process;
};

SessionTab *openWindow(MainWindow &window, const SessionConfig &config)
{
    SessionTab *tab = window.addSessionTab(&config);
    window.resize(1200, 800);
    window.show();
    return tab;
}

bool startSession(SessionTab *tab)
{
    tab->start();
    return spinUntil([tab] { return tab->session()->state() == Session::State::Running; }, 10000);
}

int tcpRecv(const Args &args)
{
    const qint64 bytes = args.number("bytes", Q_INT64_C(1) << 30);
    const qint64 timeoutMs = args.number("timeout", 300) * 1000;
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindAddressSet = true;
    MainWindow window;
    SessionTab *tab = openWindow(window, config);
    tab->logView()->setRenderMode(RenderMode::Hex);
    if (!startSession(tab)) {
        std::fprintf(stderr, "the TCP server did not start\n");
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    Peer peer;
    peer.start(args.value("peer-cmd"), tab->session()->localPort());
    // From here: QProcess::start() blocks until the peer has exec'd, which is the harness, not Sockpit.
    Heartbeat heartbeat;
    heartbeat.start();
    const bool done = spinUntil(
        [&] { return tab->session()->counters().bytesIn >= bytes && peer.finished(); }, timeoutMs);
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    spinFor(200); // the last batch reaches the view
    heartbeat.stop();
    const qint64 received = tab->session()->counters().bytesIn;
    peer.kill();
    printLine({{"bench", QStringLiteral("tcp-recv")}, {"expected", QString::number(bytes)},
        {"received", QString::number(received)}, {"all_counted", QString::number(received == bytes)},
        {"timed_out", QString::number(!done)}, {"seconds", num(seconds, 2)},
        {"mib_per_s", num(double(received) / 1048576.0 / seconds)}, {"max_gap_ms", num(heartbeat.maxGapMs())},
        {"stall_ms", num(heartbeat.stallMs())}, {"max_gap_cpu_ms", num(heartbeat.maxGapCpuMs())},
        {"max_gap_wait_ms", num(heartbeat.maxGapWaitMs())}, {"ticks", QString::number(heartbeat.ticks())},
        {"peak_rss_mb", num(mb(statusKb("VmHWM")))},
        {"rows", QString::number(tab->logView()->model()->rowCount())},
        {"not_displayed", QString::number(tab->logView()->model()->notDisplayedEvents())}});
    return done ? 0 : 1;
}

// The "drops" column of /proc/net/udp for the socket bound to 127.0.0.1:port.
qint64 udpDrops(quint16 port)
{
    QFile file(QStringLiteral("/proc/net/udp"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray local
        = QByteArray("0100007F:") + QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() > 12 && fields.at(1) == local)
            return fields.last().toLongLong();
    }
    return -1;
}

int udpRecv(const Args &args)
{
    const qint64 count = args.number("count", 1000000);
    const qint64 timeoutMs = args.number("timeout", 120) * 1000;
    SessionConfig config;
    config.mode = SessionMode::Udp;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindAddressSet = true;
    MainWindow window;
    SessionTab *tab = openWindow(window, config);
    if (!startSession(tab)) {
        std::fprintf(stderr, "the UDP session did not start\n");
        return 1;
    }
    const quint16 port = tab->session()->localPort();
    Peer peer;
    peer.start(args.value("peer-cmd"), port);
    // From here: QProcess::start() blocks until the peer has exec'd, which is the harness, not Sockpit.
    Heartbeat heartbeat;
    heartbeat.start();
    bool done = spinUntil([&] { return peer.finished(); }, timeoutMs);
    // Then until the socket's queue is drained: nothing new for 500 ms.
    qint64 last = -1;
    QElapsedTimer quiet;
    quiet.start();
    spinUntil(
        [&] {
            const qint64 now = tab->session()->counters().messagesIn;
            if (now != last) {
                last = now;
                quiet.restart();
            }
            return now >= count || quiet.elapsed() >= 500;
        },
        10000);
    spinFor(200);
    heartbeat.stop();
    const qint64 received = tab->session()->counters().messagesIn;
    const qint64 drops = udpDrops(port);
    const QString sender = peer.output();
    peer.kill();
    std::vector<std::pair<std::string, QString>> pairs {{"bench", QStringLiteral("udp-recv")},
        {"sent", QString::number(count)}, {"received", QString::number(received)},
        {"lost", QString::number(count - received)},
        {"loss_fraction", num(double(count - received) / double(count), 4)},
        {"kernel_drops", QString::number(drops)}, {"timed_out", QString::number(!done)},
        {"max_gap_ms", num(heartbeat.maxGapMs())}, {"stall_ms", num(heartbeat.stallMs())},
        {"max_gap_cpu_ms", num(heartbeat.maxGapCpuMs())}, {"max_gap_wait_ms", num(heartbeat.maxGapWaitMs())},
        {"peak_rss_mb", num(mb(statusKb("VmHWM")))}};
    // The sender's own line (udp-send), its keys prefixed.
    for (const QString &pair : sender.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        pairs.push_back({"sender_" + pair.section(QLatin1Char('='), 0, 0).toStdString(),
            pair.section(QLatin1Char('='), 1)});
    printLine(pairs);
    return done ? 0 : 1;
}

int udpSend(const Args &args)
{
    if (args.positional.size() < 4) {
        std::fprintf(stderr, "udp-send HOST PORT COUNT SIZE\n");
        return 2;
    }
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(quint16(args.positional.at(1).toUInt()));
    if (::inet_pton(AF_INET, args.positional.at(0).toLatin1().constData(), &to.sin_addr) != 1)
        return 2;
    const qint64 count = args.positional.at(2).toLongLong();
    const int size = args.positional.at(3).toInt();
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof(to)) != 0)
        return 1;
    std::vector<char> payload(size_t(size), 'x');
    qint64 sent = 0;
    qint64 errors = 0;
    QElapsedTimer clock;
    clock.start();
    while (sent < count) {
        std::snprintf(payload.data(), payload.size(), "%016lld", static_cast<long long>(sent));
        if (::send(fd, payload.data(), payload.size(), 0) == ssize_t(payload.size()))
            ++sent;
        else if (errno != EINTR && ++errors > count)
            break;
    }
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    ::close(fd);
    printLine({{"sent", QString::number(sent)}, {"seconds", num(seconds, 3)},
        {"pps", num(double(sent) / seconds, 0)},
        {"bits_per_s", num(double(sent) * size * 8.0 / seconds, 0)}});
    return sent == count ? 0 : 1;
}

int logFill(const Args &args)
{
    const int rows = int(args.number("rows", 1000000));
    const QString filter = args.value("filter", QStringLiteral("00007"));
    const int batchSize = int(args.number("batch", 5000));
    MainWindow window;
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    SessionTab *tab = openWindow(window, config);
    spinFor(2000); // settle
    LogView *view = tab->logView();
    LogModel *model = view->model();
    const QString mode = args.value("mode", QStringLiteral("text"));
    view->setRenderMode(mode == QLatin1String("hex") ? RenderMode::Hex : RenderMode::Text);
    const qint64 rssBefore = statusKb("VmRSS");
    model->setCapacity(rows);
    const int capacity = model->capacity();

    Heartbeat heartbeat;
    heartbeat.start();
    QElapsedTimer clock;
    clock.start();
    // What a session delivers: batches of received datagrams of 64 bytes, each a display copy.
    const qint64 base = QDateTime::currentMSecsSinceEpoch() * 1000;
    const QString peerText = QStringLiteral("127.0.0.1:40000");
    const QString localText = QStringLiteral("127.0.0.1:9000");
    int appended = 0;
    while (appended < rows) {
        EventBatch batch;
        const int n = std::min(batchSize, rows - appended);
        batch.reserve(n);
        for (int i = 0; i < n; ++i) {
            Event e;
            e.timeUs = base + appended + i;
            e.conn = 1;
            e.dir = Direction::In;
            e.peer = peerText;
            e.local = localText;
            QByteArray payload(64, 'x');
            const QByteArray seq = QByteArray::number(appended + i).rightJustified(16, '0');
            std::memcpy(payload.data(), seq.constData(), size_t(seq.size()));
            e.len = payload.size();
            e.payload = payload;
            batch.append(e);
        }
        appended += n;
        view->appendEvents(batch, 0);
        QCoreApplication::processEvents();
    }
    const double fillSeconds = double(clock.nsecsElapsed()) / 1e9;
    spinFor(2000); // settle with the rows shown
    heartbeat.stop();
    const qint64 rssAfter = statusKb("VmRSS");

    const FilterTimes times = timeFilter(view, filter, qMax(1, int(args.number("filter-runs", 5))));
    const int matched = times.matched;
    const double filterMs = times.apply[times.apply.size() / 2];
    const double filterMaxMs = times.apply.back();
    const double clearMs = times.clear[times.clear.size() / 2];

    printLine({{"bench", QStringLiteral("log-fill")}, {"rows", QString::number(model->rowCount())},
        {"capacity", QString::number(capacity)}, {"rss_before_mb", num(mb(rssBefore))},
        {"rss_after_mb", num(mb(rssAfter))}, {"rows_mb", num(mb(rssAfter - rssBefore))},
        {"fill_seconds", num(fillSeconds, 2)}, {"fill_max_gap_ms", num(heartbeat.maxGapMs())}, {"mode", mode},
        {"filter", filter}, {"matched", QString::number(matched)}, {"filter_ms", num(filterMs)},
        {"filter_max_ms", num(filterMaxMs)}, {"clear_filter_ms", num(clearMs)},
        {"peak_rss_mb", num(mb(statusKb("VmHWM")))}});
    return model->rowCount() == rows ? 0 : 1;
}

// Diagnostic: the time one repaint of the log's table takes when every visible row holds a full
// payload (as in a flood), in the given render mode.
int paintCost(const Args &args)
{
    const int bytes = int(args.number("bytes", LogModel::RenderBytes));
    const QString mode = args.value("mode", QStringLiteral("hex"));
    MainWindow window;
    SessionConfig config;
    SessionTab *tab = openWindow(window, config);
    LogView *view = tab->logView();
    view->setRenderMode(mode == QLatin1String("text") ? RenderMode::Text
            : mode == QLatin1String("both")           ? RenderMode::Both
                                                      : RenderMode::Hex);
    EventBatch batch;
    for (int i = 0; i < 200; ++i) {
        Event e;
        e.timeUs = QDateTime::currentMSecsSinceEpoch() * 1000 + i;
        e.dir = Direction::In;
        e.peer = QStringLiteral("127.0.0.1:40000");
        e.payload = QByteArray(bytes, char(i));
        e.len = 65536;
        batch.append(e);
    }
    view->appendEvents(batch, 0);
    spinFor(300);
    QWidget *viewport = view->tableView()->viewport();
    std::vector<double> times;
    for (int i = 0; i < 20; ++i) {
        QElapsedTimer clock;
        clock.start();
        viewport->repaint();
        times.push_back(double(clock.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    printLine({{"bench", QStringLiteral("paint")}, {"mode", mode}, {"bytes", QString::number(bytes)},
        {"median_ms", num(times[times.size() / 2], 2)}, {"max_ms", num(times.back(), 2)}});
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    tuneAllocator(); // as the window's own main() does
    const bool sender = argc > 1 && std::strcmp(argv[1], "udp-send") == 0;
    if (sender) {
        // No window, no Qt event loop: only the socket.
        QStringList list;
        for (int i = 2; i < argc; ++i)
            list.append(QString::fromLocal8Bit(argv[i]));
        return udpSend(parseArgs(list));
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Remembered settings go to a directory of our own, not the user's configuration.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QStringList list = app.arguments().mid(1);
    if (list.isEmpty()) {
        std::fprintf(stderr,
            "usage: sockpit_guibench tcp-recv|udp-recv|udp-send|log-fill|plot-paint|soak|recording-open "
            "[options]\n");
        return 2;
    }
    const QString command = list.takeFirst();
    const Args args = parseArgs(list);
    if (command == QLatin1String("tcp-recv"))
        return tcpRecv(args);
    if (command == QLatin1String("udp-recv"))
        return udpRecv(args);
    if (command == QLatin1String("paint"))
        return paintCost(args);
    if (command == QLatin1String("log-fill"))
        return logFill(args);
    if (command == QLatin1String("plot-paint"))
        return plotPaint(list);
    if (command == QLatin1String("soak"))
        return soak(args);
    if (command == QLatin1String("recording-open"))
        return recordingOpen(args);
    std::fprintf(stderr, "unknown sub-command %s\n", qPrintable(command));
    return 2;
}
