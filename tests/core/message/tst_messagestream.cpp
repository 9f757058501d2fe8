// MessageStream: the frames of a connection's stream delivered as they complete, the first piece of an
// over-long message marked, the unfinished message delivered by flush() or after an idle gap.

#include "messagestream.h"

#include <QTest>

using namespace sockpit;

namespace {

struct Delivered
{
    QByteArray bytes;
    bool cut = false;
    bool cutStarts = false;
};

struct Collector
{
    QVector<Delivered> frames;
    MessageStream::Deliver deliver()
    {
        return [this](const Frame &frame, bool cutStarts) {
            frames.append({frame.bytes, frame.cut, cutStarts});
        };
    }
    QByteArrayList bytes() const
    {
        QByteArrayList list;
        for (const Delivered &frame : frames)
            list.append(frame.bytes);
        return list;
    }
};

Framing delimited(int maxFrame = 64 * 1024)
{
    Framing f;
    f.kind = Framing::Kind::Delimiter;
    f.delimiter = QByteArrayLiteral("\n");
    f.maxFrame = maxFrame;
    return f;
}

Framing idleGap(int ms)
{
    Framing f;
    f.kind = Framing::Kind::IdleGap;
    f.idleGapMs = ms;
    return f;
}

void feed(MessageStream &stream, const QByteArray &bytes)
{
    stream.feed(bytes.constData(), bytes.size());
}

} // namespace

class tst_MessageStream : public QObject
{
    Q_OBJECT
private slots:
    void rawNeedsNoStream();
    void deliversCompleteMessages();
    void flushDeliversTheRest();
    void marksOnlyTheFirstCutPiece();
    void idleGapEndsMessage();
    void flushStopsTheIdleTimer();
};

void tst_MessageStream::rawNeedsNoStream()
{
    Collector collector;
    QVERIFY(!MessageStream::create(Framing(), collector.deliver()));
}

void tst_MessageStream::deliversCompleteMessages()
{
    Collector collector;
    const auto stream = MessageStream::create(delimited(), collector.deliver());
    QVERIFY(stream);
    QCOMPARE(stream->framing().kind, Framing::Kind::Delimiter);
    feed(*stream, QByteArrayLiteral("one\ntw"));
    QCOMPARE(collector.bytes(), QByteArrayList({QByteArrayLiteral("one\n")}));
    feed(*stream, QByteArrayLiteral("o\nthree\n"));
    QCOMPARE(collector.bytes(),
        QByteArrayList(
            {QByteArrayLiteral("one\n"), QByteArrayLiteral("two\n"), QByteArrayLiteral("three\n")}));
    for (const Delivered &frame : std::as_const(collector.frames))
        QVERIFY(!frame.cut && !frame.cutStarts);
}

void tst_MessageStream::flushDeliversTheRest()
{
    Collector collector;
    const auto stream = MessageStream::create(delimited(), collector.deliver());
    stream->flush();
    QVERIFY(collector.frames.isEmpty());
    feed(*stream, QByteArrayLiteral("a\nunfinished"));
    stream->flush();
    QCOMPARE(collector.bytes(), QByteArrayList({QByteArrayLiteral("a\n"), QByteArrayLiteral("unfinished")}));
    stream->flush();
    QCOMPARE(collector.frames.size(), 2);
}

void tst_MessageStream::marksOnlyTheFirstCutPiece()
{
    Collector collector;
    const auto stream = MessageStream::create(delimited(4), collector.deliver());
    // A 10-byte message in pieces of 4, then a short one, then another long one.
    feed(*stream, QByteArrayLiteral("abcdefghi\nxy\n123456\n"));
    QCOMPARE(collector.bytes(),
        QByteArrayList({QByteArrayLiteral("abcd"), QByteArrayLiteral("efgh"), QByteArrayLiteral("i\n"),
            QByteArrayLiteral("xy\n"), QByteArrayLiteral("1234"), QByteArrayLiteral("56\n")}));
    const QVector<bool> starts {true, false, false, false, true, false};
    for (int i = 0; i < starts.size(); ++i)
        QCOMPARE(collector.frames.at(i).cutStarts, starts.at(i));
    QVERIFY(collector.frames.at(0).cut && collector.frames.at(1).cut && collector.frames.at(2).cut);
    QVERIFY(!collector.frames.at(3).cut);
}

void tst_MessageStream::idleGapEndsMessage()
{
    Collector collector;
    const auto stream = MessageStream::create(idleGap(20), collector.deliver());
    feed(*stream, QByteArrayLiteral("hel"));
    feed(*stream, QByteArrayLiteral("lo"));
    QVERIFY(collector.frames.isEmpty());
    QTRY_COMPARE(collector.bytes(), QByteArrayList({QByteArrayLiteral("hello")}));
    feed(*stream, QByteArrayLiteral("again"));
    QTRY_COMPARE(collector.frames.size(), 2);
    QCOMPARE(collector.frames.at(1).bytes, QByteArrayLiteral("again"));
}

void tst_MessageStream::flushStopsTheIdleTimer()
{
    Collector collector;
    const auto stream = MessageStream::create(idleGap(20), collector.deliver());
    feed(*stream, QByteArrayLiteral("bye"));
    stream->flush();
    QCOMPARE(collector.bytes(), QByteArrayList({QByteArrayLiteral("bye")}));
    // A later message still ends after its own gap, and the flushed one is not delivered again.
    feed(*stream, QByteArrayLiteral("next"));
    QTRY_COMPARE(collector.frames.size(), 2);
    QCOMPARE(collector.frames.at(1).bytes, QByteArrayLiteral("next"));
}

QTEST_GUILESS_MAIN(tst_MessageStream)
#include "tst_messagestream.moc"
