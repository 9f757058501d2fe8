#include "conversationmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace sockpit;
using sockpit::ui::ConversationModel;
using Side = ConversationModel::Side;

// The conversation's messages: who said each line, on which side, split at LF per connection, with
// binary lines as hex, notices between them, chat-room lines read, and a bound on what is kept.
class tst_ConversationModel : public QObject
{
    Q_OBJECT

private slots:
    void speakerFromEventName();
    void speakerFallsBackToPeer();
    void ownMessagesOnTheOwnSide();
    void linesSplitAcrossChunks();
    void longLinesShownInPieces();
    void linesSplitPerConnection();
    void unfinishedLineShownAfterAPause();
    void closeFlushesTheUnfinishedLine();
    void framedBySessionKeepsEachEvent();
    void chatRoomLines_data();
    void chatRoomLines();
    void chatLinesReadOnlyForChatClients();
    void binaryAsHex_data();
    void binaryAsHex();
    void markupStaysText();
    void connectionStepsAreNotices();
    void keepsAtMostCapacity();
    void oneInsertPerBatch();
};

namespace {

Event data(Direction dir, ConnId conn, const QByteArray &bytes, const QString &peer = {}, qint64 timeUs = 1)
{
    Event event;
    event.timeUs = timeUs;
    event.conn = conn;
    event.dir = dir;
    event.peer = peer.isEmpty() ? QStringLiteral("127.0.0.1:%1").arg(40000 + conn) : peer;
    event.payload = bytes;
    event.len = bytes.size();
    return event;
}

Event step(EventKind kind, ConnId conn, const QString &text, Direction dir = Direction::Info)
{
    Event event;
    event.conn = conn;
    event.dir = dir;
    event.kind = kind;
    event.peer = QStringLiteral("127.0.0.1:%1").arg(40000 + conn);
    event.text = text;
    return event;
}

QStringList texts(const ConversationModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.messageAt(row).text);
    return list;
}

} // namespace

void tst_ConversationModel::speakerFromEventName()
{
    ConversationModel model;
    QAbstractItemModelTester tester(&model);
    Event said = data(Direction::In, 3, "hello all\n");
    said.name = QStringLiteral("alice");
    model.appendEvents({said});
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex index = model.index(0);
    QCOMPARE(index.data(ConversationModel::SpeakerRole).toString(), QStringLiteral("alice"));
    QCOMPARE(index.data(Qt::DisplayRole).toString(), QStringLiteral("hello all"));
    QCOMPARE(index.data(ConversationModel::SideRole).toInt(), int(Side::Theirs));

    // The room's own send: an out event with the room's name, on the own side.
    Event host = data(Direction::Out, 0, "welcome\n");
    host.name = QStringLiteral("host");
    model.appendEvents({host});
    QCOMPARE(model.messageAt(1).speaker, QStringLiteral("host"));
    QCOMPARE(model.messageAt(1).side, Side::Mine);
}

void tst_ConversationModel::speakerFallsBackToPeer()
{
    // A UDP broadcast chat: no server, no names, each sender is its address.
    ConversationModel model;
    model.appendEvents({data(Direction::In, 0, "hi\n", QStringLiteral("127.0.0.2:5000")),
        data(Direction::In, 0, "hey\n", QStringLiteral("127.0.0.3:5000"))});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.messageAt(0).speaker, QStringLiteral("127.0.0.2:5000"));
    QCOMPARE(model.messageAt(1).speaker, QStringLiteral("127.0.0.3:5000"));
}

void tst_ConversationModel::ownMessagesOnTheOwnSide()
{
    ConversationModel model;
    model.appendEvents({data(Direction::In, 1, "ping\n"), data(Direction::Out, 1, "pong\n")});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.messageAt(0).side, Side::Theirs);
    QCOMPARE(model.messageAt(1).side, Side::Mine);
    QVERIFY(model.messageAt(1).speaker.isEmpty()); // the user's own send, no name: no speaker line
    QCOMPARE(model.messageAt(1).text, QStringLiteral("pong"));
}

void tst_ConversationModel::linesSplitAcrossChunks()
{
    ConversationModel model;
    model.appendEvents({data(Direction::In, 1, "hel", {}, 100)});
    QCOMPARE(model.rowCount(), 0); // unfinished: waits for the rest
    QCOMPARE(model.pendingLines(), 1);
    model.appendEvents({data(Direction::In, 1, "lo\r\nsecond\nthi", {}, 200)});
    QCOMPARE(texts(model), QStringList({QStringLiteral("hello"), QStringLiteral("second")}));
    QCOMPARE(model.messageAt(0).timeUs, 100); // said when its first byte came
    QCOMPARE(model.messageAt(1).timeUs, 200);
    model.appendEvents({data(Direction::In, 1, "rd\n\n", {}, 300)});
    QCOMPARE(texts(model),
        QStringList({QStringLiteral("hello"), QStringLiteral("second"), QStringLiteral("third"), QString()}));
    QCOMPARE(model.pendingLines(), 0);
}

void tst_ConversationModel::longLinesShownInPieces()
{
    constexpr int Max = ConversationModel::MaxLineBytes;
    // Ended in the same chunk or not, a line longer than MaxLineBytes is shown MaxLineBytes at a time.
    ConversationModel model;
    model.appendEvents({data(Direction::In, 1, QByteArray(Max + 10, 'a') + "\r\nb\n")});
    QCOMPARE(texts(model), QStringList({QString(Max, u'a'), QString(10, u'a'), QStringLiteral("b")}));
    QCOMPARE(model.pendingLines(), 0);

    // A line exactly as long as a piece may still end in the next chunk.
    model.clear();
    model.appendEvents({data(Direction::In, 1, QByteArray(Max, 'c'))});
    QCOMPARE(model.rowCount(), 0);
    model.appendEvents({data(Direction::In, 1, "\n")});
    QCOMPARE(texts(model), QStringList({QString(Max, u'c')}));

    // Pieces of a line that comes in many chunks: the waiting part is never longer than a piece.
    model.clear();
    model.appendEvents({data(Direction::In, 1, QByteArray(Max, 'd'))});
    model.appendEvents({data(Direction::In, 1, "ee")});
    QCOMPARE(texts(model), QStringList({QString(Max, u'd')}));
    model.appendEvents({data(Direction::In, 1, QByteArray(Max - 3, 'e'))});
    QCOMPARE(model.rowCount(), 1);
    model.appendEvents({data(Direction::In, 1, "eee\n")});
    QCOMPARE(texts(model), QStringList({QString(Max, u'd'), QString(Max, u'e'), QStringLiteral("ee")}));
    QCOMPARE(model.pendingLines(), 0);
}

void tst_ConversationModel::linesSplitPerConnection()
{
    // Two connections' halves interleave: each line is joined from its own connection's bytes.
    ConversationModel model;
    model.appendEvents({data(Direction::In, 1, "from "), data(Direction::In, 2, "other "),
        data(Direction::Out, 1, "mine "), data(Direction::In, 1, "one\n"), data(Direction::In, 2, "two\n"),
        data(Direction::Out, 1, "sent\n")});
    QCOMPARE(texts(model),
        QStringList({QStringLiteral("from one"), QStringLiteral("other two"), QStringLiteral("mine sent")}));
    QCOMPARE(model.messageAt(1).conn, ConnId(2));
    QCOMPARE(model.messageAt(2).side, Side::Mine);
}

void tst_ConversationModel::unfinishedLineShownAfterAPause()
{
    ConversationModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.appendEvents({data(Direction::In, 1, "login: ")});
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, ConversationModel::PendingLineMs * 10);
    QCOMPARE(model.messageAt(0).text, QStringLiteral("login: "));
    QCOMPARE(model.pendingLines(), 0);
}

void tst_ConversationModel::closeFlushesTheUnfinishedLine()
{
    ConversationModel model;
    model.appendEvents(
        {data(Direction::In, 4, "last words"), step(EventKind::Close, 4, QStringLiteral("closed"))});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.messageAt(0).text, QStringLiteral("last words"));
    QCOMPARE(model.messageAt(1).side, Side::Notice);
}

void tst_ConversationModel::framedBySessionKeepsEachEvent()
{
    // The session frames lines itself (a chat room, line framing): each event is a message, even
    // without its LF, and one with LFs inside stays one message.
    ConversationModel model;
    model.setFramedBySession(true);
    model.appendEvents({data(Direction::In, 1, "no newline"), data(Direction::In, 1, "two\nlines\n")});
    QCOMPARE(texts(model), QStringList({QStringLiteral("no newline"), QStringLiteral("two\nlines")}));
    QCOMPARE(model.pendingLines(), 0);
}

void tst_ConversationModel::chatRoomLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("side");
    QTest::addColumn<QString>("speaker");
    QTest::addColumn<QString>("text");
    const QString server = QStringLiteral("127.0.0.1:40001");
    QTest::newRow("said") << QByteArray("<user3> hello there\n") << int(Side::Theirs)
                          << QStringLiteral("user3") << QStringLiteral("hello there");
    QTest::newRow("said, CR LF") << QByteArray("<alice> hi\r\n") << int(Side::Theirs)
                                 << QStringLiteral("alice") << QStringLiteral("hi");
    QTest::newRow("said nothing") << QByteArray("<bob>\n") << int(Side::Theirs) << QStringLiteral("bob")
                                  << QString();
    QTest::newRow("joined") << QByteArray("* user3 joined\n") << int(Side::Notice) << QString()
                            << QStringLiteral("user3 joined");
    QTest::newRow("renamed") << QByteArray("* user3 is now alice\n") << int(Side::Notice) << QString()
                             << QStringLiteral("user3 is now alice");
    QTest::newRow("no name") << QByteArray("<> x\n") << int(Side::Theirs) << server << QStringLiteral("<> x");
    QTest::newRow("no space") << QByteArray("<a>b\n") << int(Side::Theirs) << server
                              << QStringLiteral("<a>b");
    QTest::newRow("markup tag") << QByteArray("<a href=\"x\"> link\n") << int(Side::Theirs) << server
                                << QStringLiteral("<a href=\"x\"> link");
    QTest::newRow("xml") << QByteArray("<?xml version=\"1.0\"?> <r/>\n") << int(Side::Theirs) << server
                         << QStringLiteral("<?xml version=\"1.0\"?> <r/>");
    QTest::newRow("plain") << QByteArray("just text\n") << int(Side::Theirs) << server
                           << QStringLiteral("just text");
    QTest::newRow("star alone") << QByteArray("*bold*\n") << int(Side::Theirs) << server
                                << QStringLiteral("*bold*");
}

void tst_ConversationModel::chatRoomLines()
{
    QFETCH(QByteArray, line);
    QFETCH(int, side);
    QFETCH(QString, speaker);
    QFETCH(QString, text);
    ConversationModel model;
    model.setChatClient(true);
    model.appendEvents({data(Direction::In, 1, line)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(int(model.messageAt(0).side), side);
    QCOMPARE(model.messageAt(0).speaker, speaker);
    QCOMPARE(model.messageAt(0).text, text);
}

void tst_ConversationModel::chatLinesReadOnlyForChatClients()
{
    ConversationModel model;
    model.appendEvents({data(Direction::In, 1, "<user3> hello\n* user3 left\n")});
    QCOMPARE(texts(model), QStringList({QStringLiteral("<user3> hello"), QStringLiteral("* user3 left")}));
    QCOMPARE(model.messageAt(1).side, Side::Theirs);
    // Nor is the user's own send read as said by someone else.
    model.setChatClient(true);
    model.appendEvents({data(Direction::Out, 1, "<fake> mine\n")});
    QCOMPARE(model.messageAt(2).side, Side::Mine);
    QCOMPARE(model.messageAt(2).text, QStringLiteral("<fake> mine"));
}

void tst_ConversationModel::binaryAsHex_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("binary");
    QTest::newRow("text") << QByteArray("plain\ttext") << false;
    QTest::newRow("utf-8") << QByteArray("\xe4\xbd\xa0\xe5\xa5\xbd") << false;
    QTest::newRow("nul") << QByteArray("a\0b", 3) << true;
    QTest::newRow("escape") << QByteArray("\x1b[31m") << true;
    QTest::newRow("delete") << QByteArray("\x7f") << true;
    QTest::newRow("not utf-8") << QByteArray("\xff\xfe") << true;
    QTest::newRow("cut utf-8") << QByteArray("\xe4\xbd") << true;
}

void tst_ConversationModel::binaryAsHex()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, binary);
    QCOMPARE(ConversationModel::isBinary(bytes), binary);
    ConversationModel model;
    model.appendEvents({data(Direction::In, 1, bytes + '\n')});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.messageAt(0).binary, binary);
    QCOMPARE(model.index(0).data(ConversationModel::BinaryRole).toBool(), binary);
    if (binary)
        QCOMPARE(model.messageAt(0).text, QString::fromLatin1(bytes.toHex(' ')));
}

void tst_ConversationModel::markupStaysText()
{
    // Peer bytes are never markup: the text is exactly what was said, tags and entities and all.
    const QByteArray said = "<b>bold</b> <img src=\"file:///etc/passwd\"> &amp;";
    ConversationModel model;
    model.setChatClient(true);
    model.appendEvents(
        {data(Direction::In, 1, said + '\n'), data(Direction::In, 1, "<alice> " + said + '\n')});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0).data().toString(), QString::fromUtf8(said));
    QCOMPARE(model.messageAt(0).speaker, QStringLiteral("127.0.0.1:40001")); // "<b>bold" names nobody
    QCOMPARE(model.messageAt(1).speaker, QStringLiteral("alice"));
    QCOMPARE(model.index(1).data().toString(), QString::fromUtf8(said));
}

void tst_ConversationModel::connectionStepsAreNotices()
{
    ConversationModel model;
    model.appendEvents({step(EventKind::Accept, 1, QStringLiteral("accepted")),
        step(EventKind::Refused, 0, QStringLiteral("connection refused"), Direction::Error)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.messageAt(0).side, Side::Notice);
    QVERIFY(model.messageAt(0).text.contains(QStringLiteral("accepted")));
    QVERIFY(model.messageAt(0).text.contains(QStringLiteral("127.0.0.1:40001")));
    QVERIFY(!model.messageAt(0).error);
    QVERIFY(model.messageAt(1).error);
    QVERIFY(model.index(1).data(ConversationModel::SpeakerRole).toString().isEmpty());
}

void tst_ConversationModel::keepsAtMostCapacity()
{
    ConversationModel model;
    QAbstractItemModelTester tester(&model);
    model.setCapacity(100);
    EventBatch flood;
    for (int i = 0; i < 1000; ++i)
        flood.append(data(Direction::In, 1, QByteArray::number(i) + '\n'));
    model.appendEvents(flood);
    QCOMPARE(model.rowCount(), 100);
    // The newest, after a notice of how many were left out.
    QCOMPARE(model.messageAt(0).side, Side::Notice);
    QVERIFY2(model.messageAt(0).text.contains(QStringLiteral("901")), qPrintable(model.messageAt(0).text));
    QCOMPARE(model.leftOutMessages(), 901);
    QCOMPARE(model.messageAt(1).text, QStringLiteral("901"));
    QCOMPARE(model.messageAt(99).text, QStringLiteral("999"));
    model.appendEvents({data(Direction::In, 1, "more\n")});
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.messageAt(0).text, QStringLiteral("901"));
    model.setCapacity(10);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.messageAt(9).text, QStringLiteral("more"));

    // A batch adds at most BatchLimit messages, whatever the room: each batch costs the view a
    // bounded amount of layout. A conversation built at once from the log may ask for its capacity.
    ConversationModel batches;
    batches.appendEvents(flood);
    QCOMPARE(batches.rowCount(), ConversationModel::BatchLimit);
    QCOMPARE(batches.messageAt(ConversationModel::BatchLimit - 1).text, QStringLiteral("999"));
    ConversationModel seeded;
    seeded.appendEvents(flood, seeded.capacity());
    QCOMPARE(seeded.rowCount(), 1000);
    QCOMPARE(seeded.leftOutMessages(), 0);

    // An endless line is shown in pieces, never held whole.
    ConversationModel lines;
    lines.appendEvents({data(Direction::In, 1, QByteArray(3 * ConversationModel::MaxLineBytes + 5, 'x'))});
    QCOMPARE(lines.rowCount(), 3);
    QCOMPARE(lines.messageAt(0).text.size(), ConversationModel::MaxLineBytes);
}

void tst_ConversationModel::oneInsertPerBatch()
{
    ConversationModel model;
    model.setCapacity(50);
    model.appendEvents({data(Direction::In, 1, QByteArray(40, 'a').replace('a', "x\n"))});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.appendEvents({data(Direction::In, 1, "a\nb\nc\n"), data(Direction::In, 2, "d\n")});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 0);
    model.appendEvents({data(Direction::In, 1, QByteArray(20, 'a').replace('a', "y\n"))});
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 50);
}

QTEST_GUILESS_MAIN(tst_ConversationModel)
#include "tst_conversationmodel.moc"
