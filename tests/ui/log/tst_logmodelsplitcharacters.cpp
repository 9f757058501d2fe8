#include "logmodel.h"

#include <QSignalSpy>
#include <QStringEncoder>
#include <QTest>

using namespace sockpit;
using sockpit::ui::LogModel;

// The log's text of a character split between reads of the same connection and direction: shown
// whole in the later row, which the earlier row's text then leaves out; the hex view shows each read's
// own bytes.
class tst_LogModelSplitCharacters : public QObject
{
    Q_OBJECT

private slots:
    void characterSplitBetweenReads_data();
    void characterSplitBetweenReads();
    void characterSplitOverThreeReads();
    void wholeMessagesKeepTheirBytes();
};

// A data event whose conn is its index in the stream, so a row names the event it holds.
static Event dataEvent(
    qint64 index, const QByteArray &payload = QByteArray("hello"), Direction dir = Direction::In)
{
    Event event;
    event.timeUs = 1700000000000000 + index;
    event.conn = ConnId(index);
    event.dir = dir;
    event.peer = QStringLiteral("127.0.0.1:5000");
    event.len = payload.size();
    event.payload = payload;
    return event;
}

void tst_LogModelSplitCharacters::characterSplitBetweenReads_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("split");
    QTest::addColumn<bool>("oneBatch");
    const QString text = QStringLiteral("\u4f60\u597d"); // 你好
    for (const char *encoding : {"UTF-8", "GB18030"}) {
        QStringEncoder encoder(encoding);
        const QByteArray bytes = encoder.encode(text);
        for (int split = 1; split < bytes.size(); ++split) {
            for (const bool oneBatch : {false, true}) {
                QTest::addRow("%s split at %d%s", encoding, split, oneBatch ? ", one batch" : "")
                    << QString::fromLatin1(encoding) << bytes << split << oneBatch;
            }
        }
    }
}

// A character whose bytes arrive in two reads of the same connection shows whole, in the row of the
// read that completes it; the hex stays exactly each read's bytes. Other connections' rows and the
// other direction in between change nothing.
void tst_LogModelSplitCharacters::characterSplitBetweenReads()
{
    QFETCH(QString, encoding);
    QFETCH(QByteArray, bytes);
    QFETCH(int, split);
    QFETCH(bool, oneBatch);
    const auto message = [](ConnId conn, Direction dir, const QByteArray &payload) {
        Event event = dataEvent(0, payload, dir);
        event.conn = conn;
        return event;
    };
    LogModel model;
    model.setEncoding(encoding);
    const EventBatch first {message(1, Direction::In, bytes.left(split)), message(2, Direction::In, "\xe4"),
        message(1, Direction::Out, "ok")};
    const EventBatch second {message(1, Direction::In, bytes.mid(split))};
    const auto text
        = [&model](int row) { return model.index(row, LogModel::PayloadColumn).data().toString(); };
    if (oneBatch) {
        model.appendEvents(first + second, 0);
    } else {
        model.appendEvents(first, 0);
        // Until the next read arrives, a character cut at the end shows as its bytes.
        const bool inside = split != bytes.size() / 2; // not between the two characters
        const QString before = text(0);
        QCOMPARE(before.contains(QStringLiteral("\\x")), inside);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.appendEvents(second, 0);
        QCOMPARE(changed.count(), inside ? 1 : 0); // the row now leaves those bytes to the next one
        if (inside)
            QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    }
    const QString whole = QStringLiteral("\u4f60\u597d");
    QCOMPARE(text(0) + text(3), whole);
    for (const int row : {0, 3})
        QVERIFY(!text(row).contains(QChar::ReplacementCharacter) && !text(row).contains(u'\\'));
    QCOMPARE(text(1), QStringLiteral("\\xe4")); // conn 2's last read: nothing follows, the byte shows
    QCOMPARE(text(2), QStringLiteral("ok"));
    // Filtering matches what is shown.
    QVERIFY(model.payloadContains(3, whole.right(1)));
    model.setRenderMode(RenderMode::Hex);
    QCOMPARE(text(0), toHex(bytes.left(split)));
    QCOMPARE(text(3), toHex(bytes.mid(split)));
    model.setRenderMode(RenderMode::Both);
    QCOMPARE(text(0) + text(3),
        toHex(bytes.left(split)) + QStringLiteral("  ") + text(0).mid(toHex(bytes.left(split)).size() + 2)
            + toHex(bytes.mid(split)) + QStringLiteral("  ")
            + text(3).mid(toHex(bytes.mid(split)).size() + 2));
    QCOMPARE(
        text(0).mid(toHex(bytes.left(split)).size() + 2) + text(3).mid(toHex(bytes.mid(split)).size() + 2),
        whole);
}

// A four-byte character (U+1F600) in three reads: the middle row's text is empty, the last shows it.
void tst_LogModelSplitCharacters::characterSplitOverThreeReads()
{
    const QString face = QString::fromUcs4(U"\U0001F600x");
    for (const char *encoding : {"UTF-8", "GB18030"}) {
        const QByteArray bytes = QStringEncoder(encoding).encode(face);
        QCOMPARE(bytes.size(), 5);
        for (int a = 1; a < 4; ++a) {
            for (int b = a + 1; b < 5; ++b) {
                LogModel model;
                model.setEncoding(QString::fromLatin1(encoding));
                EventBatch events;
                for (const QByteArray &part : {bytes.left(a), bytes.mid(a, b - a), bytes.mid(b)}) {
                    Event event = dataEvent(0, part);
                    event.conn = 1;
                    events.append(event);
                }
                model.appendEvents(events.mid(0, 2), 0);
                model.appendEvents(events.mid(2), 0);
                QString joined;
                for (int row = 0; row < 3; ++row)
                    joined += model.index(row, LogModel::PayloadColumn).data().toString();
                QVERIFY2(joined == face,
                    qPrintable(QStringLiteral("%1 %2/%3: %4")
                                   .arg(QLatin1String(encoding))
                                   .arg(a)
                                   .arg(b)
                                   .arg(joined)));
            }
        }
    }
}

// Datagrams and frames end where their sender ended them: a message ending in a byte that could start
// a character keeps it, and the next message (a Modbus reply's CRC after it) is not shown with it.
void tst_LogModelSplitCharacters::wholeMessagesKeepTheirBytes()
{
    LogModel model;
    model.setMessagesWhole(true);
    Event first = dataEvent(0, QByteArray("\x01\x03\xcb\xd4", 4));
    Event second = dataEvent(1, QByteArray("\x01\x03", 2));
    first.conn = second.conn = 1;
    model.appendEvents({first, second}, 0);
    const auto text
        = [&model](int row) { return model.index(row, LogModel::PayloadColumn).data().toString(); };
    QCOMPARE(text(0), QStringLiteral("\\x01\\x03\\xcb\\xd4"));
    QCOMPARE(text(1), QStringLiteral("\\x01\\x03"));
    // The same reads of a raw stream: the lead byte waits for the next read, which does not complete
    // it here; turning whole messages off brings that behaviour back.
    model.setMessagesWhole(false);
    QVERIFY(text(0) != QStringLiteral("\\x01\\x03\\xcb\\xd4"));
}

QTEST_MAIN(tst_LogModelSplitCharacters)
#include "tst_logmodelsplitcharacters.moc"
