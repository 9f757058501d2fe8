// A recording's payloads read again from its file: by the log's sequence numbers, in any order, from
// several threads, from two files in turn, lines longer than a read window, lines not written by the
// recorder, and files that are missing or shorter than when they were read.

#include "recordformat.h"
#include "recordingpayloads.h"
#include "recordreader.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace sockpit;
using namespace sockpit::ui;

namespace {

Event dataEvent(qint64 index, const QByteArray &payload)
{
    Event e;
    e.timeUs = 1'764'000'000'000'000 + index;
    e.conn = ConnId(index % 7 + 1);
    e.dir = index % 2 ? Direction::Out : Direction::In;
    e.peer = QStringLiteral("127.0.0.1:40000");
    e.local = QStringLiteral("127.0.0.1:9000");
    e.payload = payload;
    e.len = payload.size();
    return e;
}

// Payload i: its number, then bytes of every value, 0 to 3,000 of them.
QByteArray payloadOf(int i)
{
    QByteArray bytes = QByteArray::number(i) + ':';
    const int extra = int((quint32(i) * 2654435761u) % 3001u);
    for (int k = 0; k < extra; ++k)
        bytes += char((i + k * 31) & 0xff);
    return bytes;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The offsets of the events of `bytes`, as the recording tab takes them from its reader.
QVector<qint64> offsetsOf(const QByteArray &bytes)
{
    RecordReader reader;
    reader.feed(bytes);
    reader.finish();
    return reader.takeOffsets();
}

} // namespace

class tst_RecordingPayloads : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void linesAsTheRecorderWritesThem();
    void linesWrittenOtherwise();
    void everyPayloadInAnyOrder();
    void severalThreadsAtOnce();
    void twoFilesInTurn();
    void lineLongerThanAWindow();
    void restartAfterClear();
    void missingOrShortenedFile();

private:
    QString writeEvents(const QString &name, int count, QByteArray *bytes = nullptr);

    QTemporaryDir m_dir;
};

QString tst_RecordingPayloads::writeEvents(const QString &name, int count, QByteArray *bytes)
{
    QByteArray all;
    for (int i = 0; i < count; ++i)
        all += formatJsonLine(dataEvent(i, payloadOf(i)), QStringLiteral("tcp-server 127.0.0.1:9000"));
    const QString path = m_dir.filePath(name);
    if (!writeFile(path, all))
        return {};
    if (bytes)
        *bytes = all;
    return path;
}

void tst_RecordingPayloads::linesAsTheRecorderWritesThem()
{
    QByteArray line = formatJsonLine(dataEvent(1, "hello, world"), QStringLiteral("s"));
    line.chop(1); // without its line end
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 0, 100), QByteArray("hello, world"));
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 0, 5), QByteArray("hello"));
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 0, 0), QByteArray());
    // A part of it: from a byte on, as many as asked for and it has.
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 7, 100), QByteArray("world"));
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 11, 1), QByteArray("d"));
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 7, 3), QByteArray("wor"));
    QVERIFY(!RecordingPayloads::payloadOfLine(line, 12, 5).isNull());
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 12, 5).size(), 0);
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 50, 5).size(), 0);
    // An empty payload is an empty payload, not "none".
    QByteArray empty = formatJsonLine(dataEvent(1, QByteArray("")), QStringLiteral("s"));
    empty.chop(1);
    QVERIFY(!RecordingPayloads::payloadOfLine(empty, 0, 10).isNull());
    QCOMPARE(RecordingPayloads::payloadOfLine(empty, 0, 10).size(), 0);
    // An event without bytes has no payload to read.
    Event info;
    info.timeUs = 1'764'000'000'000'000;
    info.dir = Direction::Info;
    info.kind = EventKind::Accept;
    info.text = QStringLiteral("accepted \"hex\":\"41\"");
    QByteArray infoLine = formatJsonLine(info, QStringLiteral("s"));
    infoLine.chop(1);
    QVERIFY(RecordingPayloads::payloadOfLine(infoLine, 0, 10).isNull());
    QVERIFY(RecordingPayloads::payloadOfLine("not json", 0, 10).isNull());
    QVERIFY(RecordingPayloads::payloadOfLine({}, 0, 10).isNull());
}

void tst_RecordingPayloads::linesWrittenOtherwise()
{
    // Another program's JSON: spaces, other key order, upper-case hex, a CR LF line end.
    const QByteArray line = "{ \"hex\" : \"48494A\", \"len\": 3, \"dir\": \"in\", \"conn\": 1, "
                            "\"peer\": \"127.0.0.1:1\", \"local\": \"127.0.0.1:2\", "
                            "\"t\": \"2025-11-24T16:00:00.000000Z\", \"session\": \"s\" }\r";
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 0, 10), QByteArray("HIJ"));
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 0, 2), QByteArray("HI"));
    QCOMPARE(RecordingPayloads::payloadOfLine(line, 2, 5), QByteArray("J"));
    // The recorder's key with a damaged value is not taken as it is.
    QVERIFY(RecordingPayloads::payloadOfLine("{\"hex\":\"4g\"}", 0, 10).isNull());
}

void tst_RecordingPayloads::everyPayloadInAnyOrder()
{
    constexpr int Events = 3000;
    QByteArray bytes;
    const QString path = writeEvents(QStringLiteral("many.jsonl"), Events, &bytes);
    QVERIFY(!path.isEmpty());
    RecordingPayloads payloads(path);
    const QVector<qint64> offsets = offsetsOf(bytes);
    QCOMPARE(offsets.size(), Events);
    payloads.append(offsets.mid(0, 1000)); // in batches, as they are read
    payloads.append(offsets.mid(1000));
    QCOMPARE(payloads.eventCount(), qint64(Events));
    for (int i = 0; i < Events; ++i) // in order, whole and cut
        QCOMPARE(payloads.payload(i, 0, 1 << 20), payloadOf(i));
    for (int i = Events - 1; i >= 0; --i) { // backwards, the first bytes and the last
        QCOMPARE(payloads.payload(i, 0, 64), payloadOf(i).left(64));
        QCOMPARE(payloads.payload(i, payloadOf(i).size() - 1, 1), payloadOf(i).right(1));
    }
    QRandomGenerator random(7);
    for (int n = 0; n < 2000; ++n) { // anywhere
        const int i = int(random.bounded(Events));
        QCOMPARE(payloads.payload(i, 0, 1024), payloadOf(i).left(1024));
    }
    QVERIFY(payloads.payload(-1, 0, 10).isNull());
    QVERIFY(payloads.payload(Events, 0, 10).isNull());
    QCOMPARE(payloads.offsetOf(Events), qint64(-1));
    QCOMPARE(payloads.offsetOf(5), offsets.at(5));
}

void tst_RecordingPayloads::severalThreadsAtOnce()
{
    constexpr int Events = 4000;
    QByteArray bytes;
    const QString path = writeEvents(QStringLiteral("threads.jsonl"), Events, &bytes);
    QVERIFY(!path.isEmpty());
    RecordingPayloads payloads(path);
    payloads.append(offsetsOf(bytes));
    // As the filter does: each thread its own part of the rows, in order.
    std::atomic<int> wrong {0};
    const auto part = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            if (payloads.payload(i, 0, 1024) != payloadOf(i).left(1024))
                ++wrong;
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back(part, t * Events / 4, (t + 1) * Events / 4);
    part(0, Events); // and this thread all of them meanwhile
    for (std::thread &thread : threads)
        thread.join();
    QCOMPARE(wrong.load(), 0);
}

void tst_RecordingPayloads::twoFilesInTurn()
{
    QByteArray first;
    QByteArray second;
    const QString a = writeEvents(QStringLiteral("a.jsonl"), 50, &first);
    // The second file: the same offsets hold other payloads.
    QByteArray all;
    for (int i = 0; i < 50; ++i)
        all += formatJsonLine(dataEvent(i, payloadOf(i + 1000)), QStringLiteral("tcp-server 127.0.0.1:9000"));
    const QString b = m_dir.filePath(QStringLiteral("b.jsonl"));
    QVERIFY(writeFile(b, all));
    RecordingPayloads one(a);
    RecordingPayloads other(b);
    one.append(offsetsOf(first));
    other.append(offsetsOf(all));
    for (int i = 0; i < 50; ++i) {
        QCOMPARE(one.payload(i, 0, 4096), payloadOf(i));
        QCOMPARE(other.payload(i, 0, 4096), payloadOf(i + 1000));
    }
}

void tst_RecordingPayloads::lineLongerThanAWindow()
{
    // 3 MiB of payload is a 6 MiB line, between two short ones.
    QByteArray big(3 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char(i * 7 + i / 4096);
    const QString session = QStringLiteral("s");
    const QByteArray bytes = formatJsonLine(dataEvent(0, "before"), session)
        + formatJsonLine(dataEvent(1, big), session) + formatJsonLine(dataEvent(2, "after"), session);
    const QString path = m_dir.filePath(QStringLiteral("big.jsonl"));
    QVERIFY(writeFile(path, bytes));
    RecordingPayloads payloads(path);
    payloads.append(offsetsOf(bytes));
    QCOMPARE(payloads.eventCount(), qint64(3));
    QCOMPARE(payloads.payload(0, 0, 100), QByteArray("before"));
    QCOMPARE(payloads.payload(1, 0, big.size()), big);
    QCOMPARE(payloads.payload(2, 0, 100), QByteArray("after"));
    QCOMPARE(payloads.payload(1, 0, 10), big.left(10));
    QCOMPARE(payloads.payload(0, 0, 100), QByteArray("before"));
}

void tst_RecordingPayloads::restartAfterClear()
{
    QByteArray bytes;
    const QString path = writeEvents(QStringLiteral("clear.jsonl"), 20, &bytes);
    const QVector<qint64> offsets = offsetsOf(bytes);
    RecordingPayloads payloads(path);
    payloads.append(offsets.mid(0, 8));
    QCOMPARE(payloads.payload(3, 0, 100), payloadOf(3).left(100));
    payloads.restartSequences(); // the log was cleared: its next row 0 is event 8
    QVERIFY(payloads.payload(0, 0, 100).isNull());
    payloads.append(offsets.mid(8));
    QCOMPARE(payloads.eventCount(), qint64(20));
    QCOMPARE(payloads.payload(0, 0, 100), payloadOf(8).left(100));
    QCOMPARE(payloads.payload(11, 0, 100), payloadOf(19).left(100));
    QVERIFY(payloads.payload(12, 0, 100).isNull());
}

void tst_RecordingPayloads::missingOrShortenedFile()
{
    RecordingPayloads missing(m_dir.filePath(QStringLiteral("none.jsonl")));
    missing.append({0});
    QVERIFY(missing.payload(0, 0, 10).isNull());

    QByteArray bytes;
    const QString path = writeEvents(QStringLiteral("short.jsonl"), 10, &bytes);
    RecordingPayloads payloads(path);
    QVector<qint64> offsets = offsetsOf(bytes);
    offsets.append(bytes.size() + 100); // past the end
    offsets.append(offsets.at(2) - 1); // the line end before an event: an empty line
    payloads.append(offsets);
    QVERIFY(payloads.payload(10, 0, 10).isNull());
    QVERIFY(payloads.payload(11, 0, 10).isNull());
    QCOMPARE(payloads.payload(9, 0, 4096), payloadOf(9));
    // Cut in the middle of the last line: what is left of it is no event. (A thread keeps what it read
    // last of a file: reading another file first makes it read this one again.)
    QVERIFY(writeFile(path, bytes.left(bytes.size() - 10)));
    RecordingPayloads other(writeEvents(QStringLiteral("other.jsonl"), 1));
    other.append({0});
    QCOMPARE(other.payload(0, 0, 4096), payloadOf(0));
    QVERIFY(payloads.payload(9, 0, 4096).isNull());
    QCOMPARE(payloads.payload(0, 0, 4096), payloadOf(0));
}

QTEST_GUILESS_MAIN(tst_RecordingPayloads)
#include "tst_recordingpayloads.moc"
