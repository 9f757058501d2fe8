#include "recordformat.h"
#include "recordreader.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sockpit;

// Reading JSON Lines recordings back: the fields of the record format, line numbers of bad lines, a
// cut-off last line, and input given in pieces of any size.
class tst_RecordReader : public QObject
{
    Q_OBJECT

private slots:
    void time_data();
    void time();
    void roundTrip_data();
    void roundTrip();
    void badLinesKeepTheRest_data();
    void badLinesKeepTheRest();
    void cutOffLastLine();
    void wholeLastLineWithoutNewline();
    void piecesOfAnySize();
    void sessions();
    void file();
    void offsetsOfLines();
    void eventReadAgainAtItsOffset();
};

namespace {

constexpr qint64 T = 1'764'000'000'123'456; // 2025-11-24T16:00:00.123456Z

Event makeEvent(Direction dir, EventKind kind, const QByteArray &payload = {}, ConnId conn = 7)
{
    Event e;
    e.timeUs = T;
    e.conn = conn;
    e.dir = dir;
    e.kind = kind;
    e.peer = QStringLiteral("127.0.0.1:53122");
    e.local = QStringLiteral("[::1]:9000");
    e.payload = payload;
    e.len = payload.size();
    if (dir == Direction::Info || dir == Direction::Error)
        e.text = QStringLiteral("accepted \u4f60\u597d \"quoted\"\n");
    return e;
}

QByteArray line(const Event &e, const char *session = "tcp-server 0.0.0.0:9000")
{
    return formatJsonLine(e, QString::fromUtf8(session));
}

} // namespace

void tst_RecordReader::time_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00.000000Z") << true << qint64(0);
    QTest::newRow("micro") << QByteArray("2025-11-24T16:00:00.123456Z") << true << T;
    QTest::newRow("no fraction") << QByteArray("2025-11-24T16:00:00Z") << true << T - 123456;
    QTest::newRow("millis") << QByteArray("2025-11-24T16:00:00.123Z") << true << T - 456;
    QTest::newRow("leap day") << QByteArray("2024-02-29T00:00:01.000001Z") << true
                              << qint64(1709164801000001);
    QTest::newRow("before 1970") << QByteArray("1969-12-31T23:59:59.500000Z") << true << qint64(-500000);
    QTest::newRow("no Z") << QByteArray("2025-11-24T16:00:00.123456") << false << qint64(0);
    QTest::newRow("month 13") << QByteArray("2025-13-24T16:00:00Z") << false << qint64(0);
    QTest::newRow("letters") << QByteArray("2025-1x-24T16:00:00Z") << false << qint64(0);
    QTest::newRow("empty fraction") << QByteArray("2025-11-24T16:00:00.Z") << false << qint64(0);
}

void tst_RecordReader::time()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, ok);
    QFETCH(qint64, expected);
    qint64 value = 0;
    QCOMPARE(parseRecordTime(text, &value), ok);
    if (ok) {
        QCOMPARE(value, expected);
        QCOMPARE(formatRecordTime(value, true), text.size() == 27 ? text : formatRecordTime(expected, true));
    }
}

void tst_RecordReader::roundTrip_data()
{
    QTest::addColumn<int>("dir");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("payload");
    QTest::newRow("in") << int(Direction::In) << int(EventKind::None) << QByteArray("hello\0\xff", 7);
    QTest::newRow("out empty") << int(Direction::Out) << int(EventKind::None) << QByteArray();
    QTest::newRow("accept") << int(Direction::Info) << int(EventKind::Accept) << QByteArray();
    QTest::newRow("half-close") << int(Direction::Info) << int(EventKind::HalfClose) << QByteArray();
    QTest::newRow("reset") << int(Direction::Error) << int(EventKind::Reset) << QByteArray();
    QByteArray all;
    for (int i = 0; i < 256; ++i)
        all += char(i);
    QTest::newRow("every byte") << int(Direction::In) << int(EventKind::None) << all;
}

void tst_RecordReader::roundTrip()
{
    QFETCH(int, dir);
    QFETCH(int, kind);
    QFETCH(QByteArray, payload);
    Event original = makeEvent(Direction(dir), EventKind(kind), payload);
    original.upstream = QStringLiteral("10.0.0.1:80");
    original.name = QStringLiteral("小明");
    Event read;
    QString session;
    QString error;
    QVERIFY2(parseJsonLine(line(original), &read, &session, &error), qPrintable(error));
    QCOMPARE(session, QStringLiteral("tcp-server 0.0.0.0:9000"));
    QCOMPARE(read.timeUs, original.timeUs);
    QCOMPARE(read.conn, original.conn);
    QCOMPARE(int(read.dir), int(original.dir));
    QCOMPARE(int(read.kind), int(original.kind));
    QCOMPARE(read.peer, original.peer);
    QCOMPARE(read.local, original.local);
    QCOMPARE(read.upstream, original.upstream);
    QCOMPARE(read.name, original.name);
    QCOMPARE(read.text, original.text);
    QCOMPARE(read.payload, original.payload);
    QCOMPARE(read.len, original.len);
}

void tst_RecordReader::badLinesKeepTheRest_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("hello world") << QStringLiteral("not JSON");
    QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
    QTest::newRow("no t") << QByteArray(R"({"conn":1,"dir":"info"})") << QStringLiteral("\"t\"");
    QTest::newRow("bad t") << QByteArray(R"({"t":"yesterday","conn":1,"dir":"info"})")
                           << QStringLiteral("\"t\"");
    QTest::newRow("no conn") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","dir":"info"})")
                             << QStringLiteral("\"conn\"");
    QTest::newRow("negative conn") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":-1,"dir":"info"})")
                                   << QStringLiteral("\"conn\"");
    QTest::newRow("huge conn") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":1e300,"dir":"info"})")
                               << QStringLiteral("\"conn\"");
    QTest::newRow("fraction conn") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":1.5,"dir":"info"})")
                                   << QStringLiteral("\"conn\"");
    QTest::newRow("bad dir") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":1,"dir":"sideways"})")
                             << QStringLiteral("\"dir\"");
    QTest::newRow("in without hex") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":1,"dir":"in"})")
                                    << QStringLiteral("\"hex\"");
    QTest::newRow("odd hex") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":1,"dir":"in","hex":"abc"})")
                             << QStringLiteral("\"hex\"");
    QTest::newRow("not hex") << QByteArray(R"({"t":"2025-11-24T16:00:00Z","conn":1,"dir":"in","hex":"zz"})")
                             << QStringLiteral("\"hex\"");
}

void tst_RecordReader::badLinesKeepTheRest()
{
    QFETCH(QByteArray, bad);
    QFETCH(QString, message);
    RecordReader reader;
    const Event first = makeEvent(Direction::In, EventKind::None, "one");
    const Event third = makeEvent(Direction::Out, EventKind::None, "three");
    reader.feed(QByteArray(line(first) + bad + '\n' + "\n" + line(third)));
    reader.finish();
    const EventBatch events = reader.takeEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].payload, QByteArray("one"));
    QCOMPARE(events[1].payload, QByteArray("three"));
    const auto problems = reader.takeProblems();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems[0].line, qint64(2));
    QVERIFY2(problems[0].message.contains(message), qPrintable(problems[0].message));
    QCOMPARE(reader.linesRead(), qint64(4));
}

void tst_RecordReader::cutOffLastLine()
{
    const QByteArray whole = line(makeEvent(Direction::In, EventKind::None, "whole"));
    const QByteArray next = line(makeEvent(Direction::In, EventKind::None, "cut"));
    for (qsizetype cut = 1; cut < next.size() - 1; ++cut) {
        RecordReader reader;
        reader.feed(QByteArray(whole + next.left(cut)));
        reader.finish();
        QCOMPARE(reader.takeEvents().size(), 1);
        const auto problems = reader.takeProblems();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].line, qint64(2));
        QVERIFY2(problems[0].message.contains(QStringLiteral("cut off")), qPrintable(problems[0].message));
    }
}

void tst_RecordReader::wholeLastLineWithoutNewline()
{
    QByteArray text = line(makeEvent(Direction::In, EventKind::None, "a"))
        + line(makeEvent(Direction::In, EventKind::None, "b"));
    text.chop(1);
    RecordReader reader;
    reader.feed(text);
    QCOMPARE(reader.takeEvents().size(), 1);
    reader.finish();
    const EventBatch events = reader.takeEvents();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].payload, QByteArray("b"));
    QVERIFY(reader.takeProblems().isEmpty());
}

void tst_RecordReader::piecesOfAnySize()
{
    QByteArray text;
    for (int i = 0; i < 5; ++i)
        text += line(makeEvent(Direction::In, EventKind::None, QByteArray::number(i), ConnId(i)));
    text += "garbage\r\n";
    text += line(makeEvent(Direction::Info, EventKind::Close));
    for (int piece = 1; piece <= 64; ++piece) {
        RecordReader reader;
        EventBatch events;
        for (qsizetype at = 0; at < text.size(); at += piece) {
            reader.feed(QByteArrayView(text).sliced(at, qMin<qsizetype>(piece, text.size() - at)));
            events += reader.takeEvents();
        }
        reader.finish();
        events += reader.takeEvents();
        QCOMPARE(events.size(), 6);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(events[i].conn, ConnId(i));
            QCOMPARE(events[i].payload, QByteArray::number(i));
        }
        QCOMPARE(int(events[5].kind), int(EventKind::Close));
        const auto problems = reader.takeProblems();
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].line, qint64(6));
    }
}

void tst_RecordReader::sessions()
{
    RecordReader reader;
    reader.feed(QByteArray(line(makeEvent(Direction::In, EventKind::None, "a"), "one")
        + line(makeEvent(Direction::In, EventKind::None, "b"), "two")
        + line(makeEvent(Direction::In, EventKind::None, "c"), "one")));
    QCOMPARE(reader.takeSessions(), (QVector<int> {0, 1, 0}));
    QCOMPARE(reader.sessionNames(), (QStringList {QStringLiteral("one"), QStringLiteral("two")}));
}

void tst_RecordReader::file()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("r.jsonl"));
    Recording recording;
    QString error;
    QVERIFY(!readRecordingFile(path, &recording, &error));
    QVERIFY2(error.contains(path), qPrintable(error));

    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    // More than one read buffer, so lines cross the reads.
    const QByteArray big(3 * 1024 * 1024 + 17, 'x');
    file.write(line(makeEvent(Direction::In, EventKind::None, big)));
    file.write("{oops\n");
    file.write(line(makeEvent(Direction::Out, EventKind::None, "after")));
    file.close();
    QVERIFY2(readRecordingFile(path, &recording, &error), qPrintable(error));
    QCOMPARE(recording.events.size(), 2);
    QCOMPARE(recording.events[0].payload, big);
    QCOMPARE(recording.events[1].payload, QByteArray("after"));
    QCOMPARE(recording.problems.size(), 1);
    QCOMPARE(recording.problems[0].line, qint64(2));
    QCOMPARE(recording.sessions, (QVector<int> {0, 0}));
}

// Where each event's line starts, whatever pieces the input came in: after blank lines, a bad line, a
// line ending in "\r\n", and a last line without '\n'.
void tst_RecordReader::offsetsOfLines()
{
    QByteArray text;
    QVector<qint64> expected;
    for (int i = 0; i < 3; ++i) {
        expected.append(text.size());
        text += line(makeEvent(Direction::In, EventKind::None, QByteArray::number(i), ConnId(i)));
    }
    text += "\n   \n{bad\n";
    expected.append(text.size());
    QByteArray crlf = line(makeEvent(Direction::Out, EventKind::None, "crlf"));
    crlf.insert(crlf.size() - 1, '\r');
    text += crlf;
    expected.append(text.size());
    QByteArray last = line(makeEvent(Direction::Info, EventKind::Close));
    last.chop(1);
    text += last;
    for (int piece = 1; piece <= 64; piece += 7) {
        RecordReader reader;
        QVector<qint64> offsets;
        for (qsizetype at = 0; at < text.size(); at += piece) {
            reader.feed(QByteArrayView(text).sliced(at, qMin<qsizetype>(piece, text.size() - at)));
            offsets += reader.takeOffsets();
        }
        reader.finish();
        offsets += reader.takeOffsets();
        QCOMPARE(offsets, expected);
        QCOMPARE(reader.takeEvents().size(), expected.size());
    }
}

// readEventAt() reads an event again from its offset, and says so when the file no longer has it there.
void tst_RecordReader::eventReadAgainAtItsOffset()
{
    const QByteArray big(100000, 'y');
    QByteArray text = line(makeEvent(Direction::In, EventKind::None, "first"));
    const qint64 bigAt = text.size();
    text += line(makeEvent(Direction::Out, EventKind::None, big, 9));
    const qint64 crlfAt = text.size();
    QByteArray crlf = line(makeEvent(Direction::In, EventKind::None, "crlf"));
    crlf.insert(crlf.size() - 1, '\r');
    text += crlf;
    QBuffer buffer(&text);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    Event event;
    QString error;
    QVERIFY2(readEventAt(&buffer, bigAt, &event, &error), qPrintable(error));
    QCOMPARE(event.payload, big);
    QCOMPARE(event.conn, ConnId(9));
    QCOMPARE(event.dir, Direction::Out);
    QVERIFY2(readEventAt(&buffer, crlfAt, &event, &error), qPrintable(error));
    QCOMPARE(event.payload, QByteArray("crlf"));
    QVERIFY2(readEventAt(&buffer, 0, &event, &error), qPrintable(error));
    QCOMPARE(event.payload, QByteArray("first"));

    // Not the start of a line, and past the end.
    QVERIFY(!readEventAt(&buffer, bigAt + 3, &event, &error));
    QVERIFY2(error.contains(QString::number(bigAt + 3)), qPrintable(error));
    QVERIFY(!readEventAt(&buffer, text.size(), &event, &error));
    QVERIFY2(error.contains(QStringLiteral("shorter")), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_RecordReader)
#include "tst_recordreader.moc"
