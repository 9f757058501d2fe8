// A recording opened in the window: its events in the log, the lines that could not be read, Resend to
// a running session over loopback (and to one with no client), Export as pcap, and a large file read
// without stalling the window.

#include "logmodel.h"
#include "logview.h"
#include "mainwindow.h"
#include "peerlistmodel.h"
#include "peerlistview.h"
#include "recordformat.h"
#include "recordingtab.h"
#include "sessiontab.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace sockpit;
using namespace sockpit::ui;

namespace {
constexpr int WaitMs = 10000;

Event dataEvent(Direction dir, const QByteArray &payload, qint64 timeUs = 1'764'000'000'000'000)
{
    Event e;
    e.timeUs = timeUs;
    e.conn = 1;
    e.dir = dir;
    e.peer = QStringLiteral("127.0.0.1:40000");
    e.local = QStringLiteral("127.0.0.1:9000");
    e.payload = payload;
    e.len = payload.size();
    return e;
}

QByteArray line(const Event &event)
{
    return formatJsonLine(event, QStringLiteral("tcp-server 127.0.0.1:9000"));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray bigPayload()
{
    QByteArray big(3000, Qt::Uninitialized);
    for (int i = 0; i < big.size(); ++i)
        big[i] = char(i * 13 + i / 256);
    return big;
}

// in (3,000 bytes), a bad line, out "tail", an accept event, a cut-off last line.
QByteArray sampleRecording()
{
    Event accept;
    accept.timeUs = 1'764'000'000'000'000;
    accept.conn = 1;
    accept.dir = Direction::Info;
    accept.kind = EventKind::Accept;
    accept.peer = QStringLiteral("127.0.0.1:40000");
    accept.text = QStringLiteral("accepted");
    const QByteArray cut = line(dataEvent(Direction::In, "never"));
    return line(dataEvent(Direction::In, bigPayload())) + "{\"t\":1}\n"
        + line(dataEvent(Direction::Out, "tail")) + line(accept) + cut.left(cut.size() / 2);
}

// Starts a resend and waits for its end (it always ends after the call returns): how many payloads
// were sent, or -1 when it did not end in time.
int resendAndWait(RecordingTab *tab)
{
    QSignalSpy finished(tab, &RecordingTab::resendFinished);
    tab->resendSelected();
    if (!finished.wait(WaitMs))
        return -1;
    return finished.at(0).at(0).toInt();
}

RecordingTab *openAndWait(MainWindow &window, const QString &path)
{
    RecordingTab *tab = window.openRecording(path);
    QSignalSpy finished(tab, &RecordingTab::finished);
    if (tab->isLoading() && !finished.wait(60000))
        return nullptr;
    return tab;
}
} // namespace

class tst_RecordingTab : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        static QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    }

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void cleanup()
    {
        m_client.reset();
        m_server = nullptr;
    }
    void showsEventsAndProblems();
    void missingFileIsReported();
    void openingAnotherFileReplacesTheFirst();
    void filterSearchesPastTheKeptBytes();
    void resendSelectedToRunningSession();
    void largeResendKeepsWindowAnswering();
    void resendWaitsForASlowReader();
    void resendToNoOneStops();
    void exportPcapFromWindow();
    void largeRecordingDoesNotStall();
    void closingWhileReading();

private:
    // sampleRecording() written to `path` and opened in `window`, shown; null if that failed.
    RecordingTab *openSample(MainWindow &window, const QString &path);
    // A TCP server tab on loopback, running and chosen in the recording's Resend to (m_server); with a
    // client connected to it (m_client) unless `withClient` is false.
    void startResendTarget(MainWindow &window, RecordingTab *tab, bool withClient = true);

    QTemporaryDir m_dir;
    SessionTab *m_server = nullptr;
    std::unique_ptr<QTcpSocket> m_client;
};

RecordingTab *tst_RecordingTab::openSample(MainWindow &window, const QString &path)
{
    if (!writeFile(path, sampleRecording()))
        return nullptr;
    window.show();
    return openAndWait(window, path);
}

void tst_RecordingTab::startResendTarget(MainWindow &window, RecordingTab *tab, bool withClient)
{
    SessionConfig config;
    config.mode = SessionMode::TcpServer;
    config.bindAddress = QHostAddress::LocalHost;
    config.bindAddressSet = true;
    m_server = window.addSessionTab(&config);
    QSignalSpy started(m_server->session(), &Session::started);
    m_server->start();
    QVERIFY(started.count() > 0 || started.wait(WaitMs));
    if (withClient) {
        m_client = std::make_unique<QTcpSocket>();
        m_client->connectToHost(QHostAddress::LocalHost, m_server->session()->localPort());
        QVERIFY(m_client->waitForConnected(WaitMs));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->peerList()->model()->rowCount(), withClient ? 1 : 0, WaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(tab->targetBox()->count(), 1, WaitMs);
    QVERIFY(tab->targetBox()->isEnabled());
    QCOMPARE(tab->targetBox()->currentText(), m_server->title());
}

void tst_RecordingTab::showsEventsAndProblems()
{
    const QString path = m_dir.filePath(QStringLiteral("sample.jsonl"));
    MainWindow window;
    RecordingTab *tab = openSample(window, path);
    QVERIFY(tab);
    QCOMPARE(window.currentRecordingTab(), tab);
    QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), QStringLiteral("Recording sample.jsonl"));
    LogModel *model = tab->logView()->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(tab->eventCount(), qint64(3));
    QCOMPARE(model->eventAt(1).payload, QByteArray("tail"));
    // A row keeps the first bytes of its payload; the rest is read from the file when asked for.
    QCOMPARE(model->rows().payloadSize(0), qsizetype(RecordingTab::KeptBytes));
    QCOMPARE(model->eventAt(0).payload, bigPayload().left(LogModel::RenderBytes));
    QCOMPARE(model->payloadAt(0), bigPayload());
    QCOMPARE(model->index(1, LogModel::PayloadColumn).data().toString(), QStringLiteral("tail"));
    QCOMPARE(tab->problemCount(), qint64(2));
    const QString problems = tab->problemsText();
    QVERIFY2(
        problems.contains(QStringLiteral("line 2: missing or invalid field \"t\"")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("line 5: the last line is cut off")), qPrintable(problems));
    QVERIFY(tab->statusText().contains(QStringLiteral("3 events")));
    QVERIFY(window.statusLabel()->text().contains(QStringLiteral("2 lines could not be read")));
    // The filter works on the recording like on a session's log.
    tab->logView()->setTextFilter(QStringLiteral("tail"));
    QTRY_COMPARE_WITH_TIMEOUT(tab->logView()->filterModel()->rowCount(), 1, WaitMs);
    // Closing the tab closes it (it is no session tab).
    window.tabs()->tabCloseRequested(window.tabs()->currentIndex());
    QCOMPARE(window.currentRecordingTab(), nullptr);
}

void tst_RecordingTab::missingFileIsReported()
{
    MainWindow window;
    RecordingTab *tab = openAndWait(window, m_dir.filePath(QStringLiteral("none.jsonl")));
    QVERIFY(tab);
    QVERIFY(tab->errorText().contains(QStringLiteral("cannot open")));
    QCOMPARE(tab->logView()->model()->rowCount(), 0);
}

// A second open() while the first file is still being read: only the second file's events, problems
// and payloads remain, whatever the first file's reader had already handed over.
void tst_RecordingTab::openingAnotherFileReplacesTheFirst()
{
    QByteArray first = "not json\n";
    for (int i = 0; i < 20 * RecordingTab::BatchEvents; ++i)
        first += line(dataEvent(Direction::In, "first " + QByteArray::number(i) + QByteArray(100, '.')));
    QByteArray second;
    for (int i = 0; i < 3; ++i)
        second += line(dataEvent(Direction::Out, "second " + QByteArray::number(i) + QByteArray(100, '-')));
    const QString firstPath = m_dir.filePath(QStringLiteral("first.jsonl"));
    const QString secondPath = m_dir.filePath(QStringLiteral("second.jsonl"));
    QVERIFY(writeFile(firstPath, first));
    QVERIFY(writeFile(secondPath, second));
    MainWindow window;
    RecordingTab *tab = window.openRecording(firstPath);
    // Let the first reader hand some batches over, and queue more.
    QTRY_VERIFY_WITH_TIMEOUT(tab->logView()->model()->rowCount() > 0 || !tab->isLoading(), WaitMs);
    QSignalSpy finished(tab, &RecordingTab::finished);
    tab->open(secondPath);
    QVERIFY(finished.wait(WaitMs));
    QCoreApplication::sendPostedEvents(); // anything still queued by the first reader
    QCOMPARE(finished.count(), 1);
    QCOMPARE(tab->path(), secondPath);
    QCOMPARE(tab->eventCount(), qint64(3));
    QCOMPARE(tab->problemCount(), qint64(0));
    QVERIFY(tab->problemsText().isEmpty());
    LogModel *model = tab->logView()->model();
    QCOMPARE(model->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model->payloadAt(row), "second " + QByteArray::number(row) + QByteArray(100, '-'));
}

// The rows keep the first bytes of each payload; the filter finds text after them, read from the file
// (by several threads at once over this many rows), and so does the table.
void tst_RecordingTab::filterSearchesPastTheKeptBytes()
{
    constexpr int Events = 30000;
    const QByteArray padding(RecordingTab::KeptBytes + 36, '.');
    QByteArray bytes;
    for (int i = 0; i < Events; ++i)
        bytes += line(dataEvent(i % 2 ? Direction::Out : Direction::In,
            padding + "mark " + QByteArray::number(i), 1'764'000'000'000'000 + i));
    const QString path = m_dir.filePath(QStringLiteral("marks.jsonl"));
    QVERIFY(writeFile(path, bytes));
    MainWindow window;
    RecordingTab *tab = openAndWait(window, path);
    QVERIFY(tab);
    LogModel *model = tab->logView()->model();
    QCOMPARE(model->rowCount(), Events);
    QCOMPARE(model->rows().payloadSize(0), qsizetype(RecordingTab::KeptBytes));
    QCOMPARE(model->payloadText(12345), QString::fromLatin1(padding + "mark 12345"));
    tab->logView()->setTextFilter(QStringLiteral("MARK 12345"));
    QTRY_COMPARE_WITH_TIMEOUT(tab->logView()->filterModel()->rowCount(), 1, WaitMs);
    int startingWithTwo = 0;
    for (int i = 0; i < Events; ++i)
        startingWithTwo += QByteArray::number(i).startsWith('2') ? 1 : 0;
    tab->logView()->setTextFilter(QStringLiteral("mark 2"));
    QTRY_COMPARE_WITH_TIMEOUT(tab->logView()->filterModel()->rowCount(), startingWithTwo, WaitMs);
}

void tst_RecordingTab::resendSelectedToRunningSession()
{
    const QString path = m_dir.filePath(QStringLiteral("sample.jsonl"));
    MainWindow window;
    RecordingTab *tab = openSample(window, path);
    QVERIFY(tab);
    QCOMPARE(tab->targetBox()->isEnabled(), false); // nothing runs yet
    QVERIFY(!tab->resendButton()->isEnabled());
    startResendTarget(window, tab);
    if (QTest::currentTestFailed())
        return;
    SessionTab *server = m_server;
    QTcpSocket &client = *m_client;

    // Rows 0 (3,000 bytes in), 1 ("tail" out) and 2 (an info event, which has no bytes).
    QTableView *table = tab->logView()->tableView();
    table->selectRow(2);
    table->selectionModel()->select(
        table->model()->index(0, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    table->selectionModel()->select(
        table->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(tab->resendButton()->isEnabled());
    QTest::mouseClick(tab->resendButton(), Qt::LeftButton);
    const QByteArray expected = bigPayload() + "tail"; // the whole payload, not the log's first bytes
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).size() >= expected.size(), WaitMs);
    QCOMPARE(received, expected);

    // The payloads come from the file: once it is changed, nothing is sent and the tab says why.
    QVERIFY(writeFile(path, QByteArray("{\"t\":1}\n")));
    QCOMPARE(resendAndWait(tab), 0);
    QVERIFY2(tab->resendError().contains(QStringLiteral("byte 0")), qPrintable(tab->resendError()));
    QVERIFY2(tab->statusText().contains(tab->resendError()), qPrintable(tab->statusText()));
    // The same lines with one payload byte changed in place: nothing is sent either.
    QByteArray edited = sampleRecording();
    const QByteArray tailHex = "\"hex\":\"" + QByteArray("tail").toHex();
    const qsizetype tail = edited.indexOf(tailHex);
    QVERIFY(tail > 0);
    edited[tail + tailHex.size() - 1] = 'd'; // "taim"
    QVERIFY(writeFile(path, edited));
    QCOMPARE(resendAndWait(tab), 0);
    QVERIFY2(tab->resendError().contains(QStringLiteral("another event")), qPrintable(tab->resendError()));
    // Back as it was, the same rows send again; the bytes that arrive are theirs alone.
    QVERIFY(writeFile(path, sampleRecording()));
    QCOMPARE(resendAndWait(tab), 2);
    QVERIFY(tab->resendError().isEmpty());
    received.clear();
    QTRY_VERIFY_WITH_TIMEOUT((received += client.readAll()).size() >= expected.size(), WaitMs);
    QCOMPARE(received, expected);

    server->stop();
    QTRY_COMPARE_WITH_TIMEOUT(tab->targetBox()->isEnabled(), false, WaitMs);
    QVERIFY(!tab->resendButton()->isEnabled());
}

namespace {
QByteArray payloadOf(int i)
{
    return "message " + QByteArray::number(i) + ";";
}
} // namespace

// Resending tens of thousands of rows goes in slices: the window's events are handled between them,
// the status line counts the rows, the bytes arrive in order, and Stop ends it where it is.
void tst_RecordingTab::largeResendKeepsWindowAnswering()
{
    constexpr int Events = 30000;
    const QString path = m_dir.filePath(QStringLiteral("resend.jsonl"));
    QByteArray bytes;
    QByteArray expected;
    for (int i = 0; i < Events; ++i) {
        const QByteArray payload = payloadOf(i);
        bytes += line(dataEvent(i % 2 ? Direction::Out : Direction::In, payload, 1'764'000'000'000'000 + i));
        expected += payload;
    }
    QVERIFY(writeFile(path, bytes));
    MainWindow window;
    window.show();
    RecordingTab *tab = openAndWait(window, path);
    QVERIFY(tab);
    QCOMPARE(tab->eventCount(), qint64(Events));
    startResendTarget(window, tab);
    if (QTest::currentTestFailed())
        return;
    tab->logView()->tableView()->selectAll();

    QSignalSpy finished(tab, &RecordingTab::resendFinished);
    QStringList statuses;
    // Once a slice has done some rows, an event posted then is handled while the resend goes on.
    bool probed = false;
    bool answeredWhileResending = false;
    connect(tab, &RecordingTab::statusChanged, tab, [&] {
        statuses.append(tab->statusText());
        if (!probed && tab->isResending() && !tab->statusText().contains(QStringLiteral("checking 0 of"))) {
            probed = true;
            QTimer::singleShot(0, tab, [&] { answeredWhileResending = tab->isResending(); });
        }
    });
    QCOMPARE(tab->resendSelected(), Events);
    QVERIFY(tab->isResending());
    QCOMPARE(tab->resendButton()->text(), QStringLiteral("Stop Resending"));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toInt(), Events);
    QVERIFY(answeredWhileResending);
    QVERIFY2(tab->resendError().isEmpty(), qPrintable(tab->resendError()));
    QCOMPARE(tab->resendButton()->text(), QStringLiteral("Resend Selected"));
    const auto counted = [&](const QString &word) {
        return std::any_of(
            statuses.cbegin(), statuses.cend(), [&](const QString &status) { return status.contains(word); });
    };
    QVERIFY2(counted(QStringLiteral("checking")), qPrintable(statuses.join(QLatin1Char('\n'))));
    QVERIFY2(counted(QStringLiteral("sending")), qPrintable(statuses.join(QLatin1Char('\n'))));
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += m_client->readAll()).size() >= expected.size(), WaitMs);
    QCOMPARE(received, expected);

    // Again, stopped once it sends: what went before the stop arrives, in order, and nothing after.
    statuses.clear();
    bool clicked = false;
    connect(tab, &RecordingTab::statusChanged, tab, [&] {
        if (!clicked && tab->isResending() && tab->statusText().contains(QStringLiteral("sending"))) {
            clicked = true;
            QTest::mouseClick(tab->resendButton(), Qt::LeftButton);
        }
    });
    const int sent = resendAndWait(tab);
    QVERIFY(clicked);
    QVERIFY2(sent >= 0 && sent < Events, qPrintable(QString::number(sent)));
    QVERIFY2(tab->resendError().contains(QStringLiteral("stopped; %1 sent").arg(sent)),
        qPrintable(tab->resendError()));
    QVERIFY(!tab->isResending());
    QByteArray before;
    for (int i = 0; i < sent; ++i)
        before += payloadOf(i);
    received.clear();
    QTRY_VERIFY_WITH_TIMEOUT((received += m_client->readAll()).size() >= before.size(), WaitMs);
    QCOMPARE(received, before);
}

// A client that reads nothing for a while: Resend waits for it instead of filling the session's send
// queue, which would refuse what it has no room for; once the client reads, every payload arrives.
void tst_RecordingTab::resendWaitsForASlowReader()
{
    // More than the kernel holds for the connection (the sender's largest socket buffer, the client's
    // small one) and half a send queue, with room to spare.
    constexpr int PayloadBytes = 16 * 1024;
    QFile wmem(QStringLiteral("/proc/sys/net/ipv4/tcp_wmem"));
    QVERIFY(wmem.open(QIODevice::ReadOnly));
    const QList<QByteArray> sizes = wmem.readAll().simplified().split(' ');
    QCOMPARE(sizes.size(), 3);
    const qint64 kernelHolds = sizes.at(2).toLongLong() + 2 * PayloadBytes;
    const qint64 total = kernelHolds + 12 * 1024 * 1024;
    if (total > 128 * 1024 * 1024)
        QSKIP("the kernel's send buffers are too large to fill in a test");
    const int Events = int(total / PayloadBytes);
    const QString path = m_dir.filePath(QStringLiteral("slow.jsonl"));
    QByteArray bytes;
    QByteArray expected;
    for (int i = 0; i < Events; ++i) {
        QByteArray payload = QByteArray::number(i) + ':';
        payload += QByteArray(PayloadBytes - payload.size(), char('a' + i % 26));
        bytes += line(dataEvent(Direction::In, payload, 1'764'000'000'000'000 + i));
        expected += payload;
    }
    QVERIFY(writeFile(path, bytes));
    bytes.clear();
    MainWindow window;
    window.show();
    RecordingTab *tab = openAndWait(window, path);
    QVERIFY(tab);
    startResendTarget(window, tab);
    if (QTest::currentTestFailed())
        return;
    // The client takes nothing from its socket, whose buffer is small and no longer grows.
    m_client->setReadBufferSize(PayloadBytes);
    m_client->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, PayloadBytes);
    tab->logView()->tableView()->selectAll();
    QSignalSpy finished(tab, &RecordingTab::resendFinished);
    QCOMPARE(tab->resendSelected(), Events);
    QTRY_VERIFY2_WITH_TIMEOUT(tab->statusText().contains(QStringLiteral("waiting for the peer to read")),
        qPrintable(tab->statusText()), 30000);
    QVERIFY(tab->isResending());

    // Now it reads, with room enough that the transfer is not held to a few kilobytes a round trip.
    m_client->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4 * 1024 * 1024);
    m_client->setReadBufferSize(0);
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += m_client->readAll()).size() >= expected.size(), 60000);
    QCOMPARE(received.size(), expected.size());
    QVERIFY(received == expected);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, WaitMs);
    QCOMPARE(finished.at(0).at(0).toInt(), Events);
    QVERIFY2(tab->resendError().isEmpty(), qPrintable(tab->resendError()));
    QCOMPARE(m_server->session()->counters().bytesOut, qint64(expected.size()));
}

// A server with no client takes nothing: Resend stops at the first row, says so, and counts none sent.
void tst_RecordingTab::resendToNoOneStops()
{
    const QString path = m_dir.filePath(QStringLiteral("sample.jsonl"));
    MainWindow window;
    RecordingTab *tab = openSample(window, path);
    QVERIFY(tab);
    startResendTarget(window, tab, false);
    if (QTest::currentTestFailed())
        return;

    QTableView *table = tab->logView()->tableView();
    table->selectRow(0);
    table->selectionModel()->select(
        table->model()->index(1, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(resendAndWait(tab), 0);
    QVERIFY(!tab->isResending());
    QVERIFY2(tab->resendError().contains(QStringLiteral("row 1 was sent to no one")),
        qPrintable(tab->resendError()));
    QVERIFY2(tab->statusText().contains(tab->resendError()), qPrintable(tab->statusText()));
    QCOMPARE(m_server->session()->counters().bytesOut, qint64(0));
}

void tst_RecordingTab::exportPcapFromWindow()
{
    const QString path = m_dir.filePath(QStringLiteral("sample.jsonl"));
    QVERIFY(writeFile(path, sampleRecording()));
    MainWindow window;
    QSignalSpy exported(&window, &MainWindow::pcapExported);
    const QString out = m_dir.filePath(QStringLiteral("sample.pcap"));
    window.exportPcap(path, out);
    QVERIFY(exported.wait(WaitMs));
    QCOMPARE(exported.at(0).at(0).toString(), out);
    QCOMPARE(exported.at(0).at(1).toString(), QString());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(bytes.left(4), QByteArray("\xd4\xc3\xb2\xa1"));
    // Handshake (3) + 2 segments each acknowledged (4) at least.
    QVERIFY(bytes.size() > 24 + 7 * (16 + 40));

    window.exportPcap(m_dir.filePath(QStringLiteral("none.jsonl")), out);
    QVERIFY(exported.wait(WaitMs));
    QVERIFY(exported.at(1).at(1).toString().contains(QStringLiteral("cannot open")));
}

// The window keeps answering while a large recording is read: the longest gap between two ticks of a
// 5 ms timer is measured. SOCKPIT_RECORDING_MB sets the size (default 40 MB).
void tst_RecordingTab::largeRecordingDoesNotStall()
{
    const int megabytes = qEnvironmentVariableIsSet("SOCKPIT_RECORDING_MB")
        ? qEnvironmentVariableIntValue("SOCKPIT_RECORDING_MB")
        : 40;
    const QString path = m_dir.filePath(QStringLiteral("large.jsonl"));
    qint64 events = 0;
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray chunk;
        qint64 written = 0;
        qint64 t = 1'764'000'000'000'000;
        while (written < qint64(megabytes) * 1024 * 1024) {
            chunk.clear();
            for (int i = 0; i < 1000; ++i, ++events, t += 10)
                chunk += line(dataEvent(i % 2 ? Direction::Out : Direction::In,
                    QByteArray("message number ") + QByteArray::number(events) + QByteArray(40, 'x'), t));
            QCOMPARE(file.write(chunk), chunk.size());
            written += chunk.size();
        }
    }
    MainWindow window;
    window.show();
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 longest = 0;
    int ticks = 0;
    QTimer tick;
    tick.setInterval(5);
    connect(&tick, &QTimer::timeout, this, [&] {
        const qint64 now = clock.nsecsElapsed();
        longest = std::max(longest, now - last);
        last = now;
        ++ticks;
    });
    // The same measurement over 200 idle ticks first (about a second): what the machine itself adds.
    clock.start();
    tick.start();
    QTRY_VERIFY_WITH_TIMEOUT(ticks >= 200, 10000);
    const double idleMs = double(longest) / 1e6;
    longest = 0;
    last = clock.nsecsElapsed();
    QElapsedTimer total;
    total.start();
    RecordingTab *tab = window.openRecording(path);
    QSignalSpy finished(tab, &RecordingTab::finished);
    QVERIFY(finished.wait(300000));
    tick.stop();
    const double longestMs = double(longest) / 1e6;
    qInfo("%d MB, %lld events read in %lld ms; the longest gap between timer ticks was %.1f ms (idle: "
          "%.1f ms)",
        megabytes, events, total.elapsed(), longestMs, idleMs);
    QCOMPARE(tab->eventCount(), events);
    QCOMPARE(tab->logView()->model()->rowCount(), int(events));
    QCOMPARE(tab->problemCount(), qint64(0));
    // Generous for a loaded test machine (the idle gap says how loaded); the figures are printed above.
    // Reading the file on the GUI thread stalls for the whole read: seconds.
    QVERIFY2(longestMs < std::max(250.0, 3 * idleMs),
        qPrintable(QStringLiteral("stalled %1 ms (idle %2 ms)").arg(longestMs).arg(idleMs)));
}

void tst_RecordingTab::closingWhileReading()
{
    const QString path = m_dir.filePath(QStringLiteral("many.jsonl"));
    QByteArray bytes;
    for (int i = 0; i < 50000; ++i)
        bytes += line(dataEvent(Direction::In, QByteArray::number(i)));
    QVERIFY(writeFile(path, bytes));
    auto *window = new MainWindow;
    RecordingTab *tab = window->openRecording(path);
    QVERIFY(tab->isLoading());
    delete window; // joins the reader without waiting for the rest of the file
}

QTEST_MAIN(tst_RecordingTab)
#include "tst_recordingtab.moc"
