// Framer: a stream split into messages by delimiter, length prefix, fixed length or idle gap, whatever
// the read boundaries; over-long messages cut and marked; frames joined give back every byte.

#include "framer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace sockpit;

Q_DECLARE_METATYPE(sockpit::Framing)

namespace {

Framing delimited(const QByteArray &delimiter, int maxFrame = 64 * 1024)
{
    Framing f;
    f.kind = Framing::Kind::Delimiter;
    f.delimiter = delimiter;
    f.maxFrame = maxFrame;
    return f;
}

Framing prefixed(int size, bool bigEndian, bool includes, int maxFrame = 64 * 1024)
{
    Framing f;
    f.kind = Framing::Kind::LengthPrefix;
    f.prefixSize = size;
    f.bigEndian = bigEndian;
    f.lengthIncludesPrefix = includes;
    f.maxFrame = maxFrame;
    return f;
}

Framing fixed(int length)
{
    Framing f;
    f.kind = Framing::Kind::FixedLength;
    f.fixedLength = length;
    return f;
}

// Feeds `stream` cut at the given read sizes (cycled), then takes what is pending when `flush`.
QVector<Frame> run(const Framing &framing, const QByteArray &stream, const QVector<int> &reads, bool flush)
{
    Framer framer(framing);
    QVector<Frame> frames;
    qsizetype pos = 0;
    for (int i = 0; pos < stream.size(); ++i) {
        const qsizetype n = std::min<qsizetype>(reads.at(i % reads.size()), stream.size() - pos);
        framer.feed(stream.constData() + pos, n, &frames);
        pos += n;
    }
    if (flush && framer.hasPending())
        frames.append(framer.takePending());
    return frames;
}

QByteArrayList bytesOf(const QVector<Frame> &frames)
{
    QByteArrayList list;
    for (const Frame &f : frames)
        list << f.bytes;
    return list;
}

QList<bool> cutsOf(const QVector<Frame> &frames)
{
    QList<bool> list;
    for (const Frame &f : frames)
        list << f.cut;
    return list;
}

QList<bool> endsOf(const QVector<Frame> &frames)
{
    QList<bool> list;
    for (const Frame &f : frames)
        list << f.ends;
    return list;
}

} // namespace

class tst_Framer : public QObject
{
    Q_OBJECT

private slots:
    void frames_data();
    void frames();
    void pendingAtTheEnd();
    void overLongMessagesAreCut_data();
    void overLongMessagesAreCut();
    void idleGap();
    void validate_data();
    void validate();
    void randomStreamsStayLossless();
};

void tst_Framer::frames_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("LF") << delimited("\n") << QByteArray("one\ntwo\n\nthree\n")
                        << QByteArrayList {"one\n", "two\n", "\n", "three\n"};
    QTest::newRow("CR LF") << delimited("\r\n") << QByteArray("a\r\nb\rc\r\n\n\r\n")
                           << QByteArrayList {"a\r\n", "b\rc\r\n", "\n\r\n"};
    QTest::newRow("bytes 7e 7f") << delimited("\x7e\x7f") << QByteArray("\x01\x7e\x7f\x7e\x7e\x7f\x00", 7)
                                 << QByteArrayList {"\x01\x7e\x7f", "\x7e\x7e\x7f"};
    const QByteArray be2("\x00\x03"
                         "abc"
                         "\x00\x00"
                         "\x00\x01"
                         "z",
        10);
    QTest::newRow("2-byte big endian") << prefixed(2, true, false) << be2
                                       << QByteArrayList {QByteArray("\x00\x03"
                                                                     "abc",
                                                              5),
                                              QByteArray("\x00\x00", 2),
                                              QByteArray("\x00\x01"
                                                         "z",
                                                  3)};
    const QByteArray le4("\x02\x00\x00\x00"
                         "hi",
        6);
    QTest::newRow("4-byte little endian") << prefixed(4, false, false) << le4 << QByteArrayList {le4};
    const QByteArray incl("\x03"
                          "ab"
                          "\x01"
                          "\x00",
        5); // lengths 3 (= 1 + "ab"), 1 (header only), 0 (too short)
    QTest::newRow("1-byte, length counts the header") << prefixed(1, true, true) << incl
                                                      << QByteArrayList {QByteArray("\x03"
                                                                                    "ab",
                                                                             3),
                                                             QByteArray("\x01", 1), QByteArray("\x00", 1)};
    QTest::newRow("fixed 4") << fixed(4) << QByteArray("abcdefgh") << QByteArrayList {"abcd", "efgh"};
}

void tst_Framer::frames()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, expected);
    QVERIFY(framing.validate().isEmpty());
    // Whatever the reads return, the same messages: all at once, byte by byte, and in odd sizes.
    for (const QVector<int> &reads :
        {QVector<int> {int(stream.size())}, QVector<int> {1}, QVector<int> {2, 3}}) {
        const QVector<Frame> frames = run(framing, stream, reads, false);
        QCOMPARE(bytesOf(frames), expected);
        QVERIFY(!cutsOf(frames).contains(true));
    }
}

void tst_Framer::pendingAtTheEnd()
{
    // A message the connection's end interrupts is still shown: nothing is lost.
    QCOMPARE(bytesOf(run(delimited("\n"), "done\nhalf", {3}, true)), (QByteArrayList {"done\n", "half"}));
    QCOMPARE(bytesOf(run(prefixed(2, true, false),
                 QByteArray("\x00\x05"
                            "ab",
                     4),
                 {1}, true)),
        QByteArrayList {QByteArray("\x00\x05"
                                   "ab",
            4)});
    QCOMPARE(bytesOf(run(fixed(4), "abcdef", {5}, true)), (QByteArrayList {"abcd", "ef"}));
    Framer framer(delimited("\n"));
    QVERIFY(!framer.hasPending());
}

void tst_Framer::overLongMessagesAreCut_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<QList<bool>>("cuts");
    QTest::addColumn<QList<bool>>("ends");

    QTest::newRow("delimiter") << delimited("\n", 4) << QByteArray("abcdefghij\nok\n")
                               << QByteArrayList {"abcd", "efgh", "ij\n", "ok\n"}
                               << QList<bool> {true, true, true, false}
                               << QList<bool> {false, false, true, true};
    QTest::newRow("delimiter exactly at the limit")
        << delimited("\n", 4) << QByteArray("abc\n") << QByteArrayList {"abc\n"} << QList<bool> {false}
        << QList<bool> {true};
    // A 12-byte message with a limit of 8: pieces of at most 8 (header included), the last one marked too.
    QByteArray big("\x00\x0c", 2);
    big += "0123456789AB";
    big += QByteArray("\x00\x01"
                      "x",
        3);
    QTest::newRow("length prefix") << prefixed(2, true, false, 8) << big
                                   << QByteArrayList {QByteArray("\x00\x0c"
                                                                 "012345",
                                                          8),
                                          "6789AB",
                                          QByteArray("\x00\x01"
                                                     "x",
                                              3)}
                                   << QList<bool> {true, true, false} << QList<bool> {false, true, true};
}

void tst_Framer::overLongMessagesAreCut()
{
    QFETCH(Framing, framing);
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, expected);
    QFETCH(QList<bool>, cuts);
    QFETCH(QList<bool>, ends);
    for (const QVector<int> &reads :
        {QVector<int> {int(stream.size())}, QVector<int> {1}, QVector<int> {3}}) {
        const QVector<Frame> frames = run(framing, stream, reads, false);
        QCOMPARE(bytesOf(frames), expected);
        QCOMPARE(cutsOf(frames), cuts);
        QCOMPARE(endsOf(frames), ends);
    }
}

void tst_Framer::idleGap()
{
    Framing framing;
    framing.kind = Framing::Kind::IdleGap;
    framing.maxFrame = 5;
    Framer framer(framing);
    QVector<Frame> frames;
    framer.feed("abc", 3, &frames);
    QVERIFY(frames.isEmpty()); // the caller's timer decides when the message ends
    QVERIFY(framer.hasPending());
    QCOMPARE(framer.takePending().bytes, QByteArray("abc"));
    framer.feed("0123456", 7, &frames); // longer than the maximum: cut while it arrives
    QCOMPARE(bytesOf(frames), QByteArrayList {"01234"});
    QCOMPARE(cutsOf(frames), QList<bool> {true});
    QCOMPARE(endsOf(frames), QList<bool> {false});
    const Frame rest = framer.takePending();
    QCOMPARE(rest.bytes, QByteArray("56"));
    QVERIFY(rest.cut);
    QVERIFY(rest.ends);
    QVERIFY(!framer.hasPending());
}

void tst_Framer::validate_data()
{
    QTest::addColumn<Framing>("framing");
    QTest::addColumn<bool>("valid");
    QTest::newRow("raw") << Framing() << true;
    QTest::newRow("empty delimiter") << delimited({}) << false;
    QTest::newRow("65-byte delimiter") << delimited(QByteArray(65, 'x')) << false;
    QTest::newRow("3-byte header") << prefixed(3, true, false) << false;
    QTest::newRow("fixed 0") << fixed(0) << false;
    QTest::newRow("maximum within the header") << prefixed(4, true, false, 4) << false;
    Framing tooLong = fixed(100);
    tooLong.maxFrame = 99;
    QTest::newRow("fixed over the maximum") << tooLong << false;
    Framing zero = delimited("\n", 0);
    QTest::newRow("maximum 0") << zero << false;
    Framing gap;
    gap.kind = Framing::Kind::IdleGap;
    gap.idleGapMs = 0;
    QTest::newRow("idle gap 0") << gap << false;
}

void tst_Framer::validate()
{
    QFETCH(Framing, framing);
    QFETCH(bool, valid);
    QCOMPARE(framing.validate().isEmpty(), valid);
}

void tst_Framer::randomStreamsStayLossless()
{
    // Random bytes, random read sizes, every kind: the frames joined are the stream, none exceeds the
    // maximum, and only cut frames may lack their delimiter.
    QRandomGenerator random(20261124);
    QByteArray stream(20000, Qt::Uninitialized);
    for (char &c : stream)
        c = char(random.bounded(8)); // small alphabet: delimiters and short lengths are frequent
    const QVector<Framing> framings {delimited(QByteArray(1, '\x01'), 50), delimited("\x02\x03", 7),
        prefixed(1, true, false, 5), prefixed(2, false, true, 300), fixed(3)};
    for (const Framing &framing : framings) {
        QVector<int> reads;
        for (int i = 0; i < 64; ++i)
            reads << 1 + int(random.bounded(100));
        const QVector<Frame> frames = run(framing, stream, reads, true);
        QByteArray joined;
        for (const Frame &f : frames) {
            QVERIFY(f.bytes.size() <= framing.maxFrame);
            if (framing.kind == Framing::Kind::Delimiter && !f.cut && &f != &frames.last())
                QVERIFY(f.bytes.endsWith(framing.delimiter));
            joined += f.bytes;
        }
        QCOMPARE(joined, stream);
    }
}

QTEST_GUILESS_MAIN(tst_Framer)
#include "tst_framer.moc"
