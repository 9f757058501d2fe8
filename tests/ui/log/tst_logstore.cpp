#include "logstore.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <deque>
#include <limits>
#include <set>

using namespace sockpit;
using sockpit::ui::LogStore;

// The log's compact row storage: every field reads back as appended (also those too wide for the
// 32-byte record), payload bytes survive the
// release of the chunks they shared with dropped rows, and address triples are shared and forgotten.
class tst_LogStore : public QObject
{
    Q_OBJECT

private slots:
    void appendAndReadBack();
    void payloadCutToMaxPayload();
    void fieldsWiderThanTheRecord();
    void timesFarApartOrGoingBack();
    void rowWithoutPayloadOrText();
    void dropFrontAcrossChunks();
    void dropFrontClamps();
    void textLargerThanAChunk();
    void endpointsAreInterned();
    void speakerNameIsKept();
    void endpointSlotsAreReused();
    void emptyAddressesAfterAForgottenTriple();
    void clearEmptiesTheStore();
};

namespace {

// The store's chunk size: rows of the drop test span many of them.
constexpr qsizetype ChunkBytes = 256 * 1024;

// Bytes that name the row they belong to: two rows of the same size never hold the same bytes, so a row
// reading another row's (or a freed chunk's) bytes shows.
QByteArray payloadOf(int id, int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (int k = 0; k < size; ++k)
        bytes[k] = char((quint32(id) * 2654435761u + quint32(k) * 40503u) >> 13);
    return bytes;
}

Event dataEvent(int id, int size)
{
    Event event;
    event.timeUs = 1700000000000000 + qint64(id) * 1000;
    event.conn = ConnId(id % 13 + 1);
    event.dir = id % 2 ? Direction::Out : Direction::In;
    event.peer = QStringLiteral("10.0.0.%1:%2").arg(id % 5).arg(4000 + id % 3);
    event.local = QStringLiteral("192.168.1.2:9000");
    event.len = size;
    event.payload = payloadOf(id, size);
    return event;
}

Event infoEvent(int id, const QString &text)
{
    Event event;
    event.timeUs = 1700000000000000 + qint64(id) * 1000;
    event.conn = ConnId(id);
    event.dir = Direction::Info;
    event.kind = EventKind::Accept;
    event.peer = QStringLiteral("[::1]:%1").arg(id % 4);
    event.text = text;
    return event;
}

Event endpointEvent(const QString &peer, const QString &local, const QString &upstream)
{
    Event event;
    event.dir = Direction::In;
    event.peer = peer;
    event.local = local;
    event.upstream = upstream;
    event.payload = peer.toUtf8();
    event.len = event.payload.size();
    return event;
}

// What a row was appended with.
struct Expected
{
    Event event;
    qint64 deltaUs = 0;
    quint32 link = 0;
    qsizetype maxPayload = LogStore::MaxPayload;
};

// The first field of `row` that differs from what it was appended with; empty when all agree.
QString mismatch(const LogStore &store, size_t row, const Expected &expected)
{
    const Event &e = expected.event;
    const QByteArray kept = e.payload.left(std::min(expected.maxPayload, LogStore::MaxPayload));
    const auto field = [row](const char *name) {
        return QStringLiteral("row %1: %2 differs").arg(row).arg(QLatin1String(name));
    };
    if (store.timeUs(row) != e.timeUs)
        return field("timeUs");
    if (store.deltaUs(row) != expected.deltaUs)
        return field("deltaUs");
    if (store.len(row) != e.len)
        return field("len");
    if (store.conn(row) != e.conn)
        return field("conn");
    if (store.dir(row) != e.dir)
        return field("dir");
    if (store.kind(row) != e.kind)
        return field("kind");
    if (store.link(row) != expected.link)
        return field("link");
    if (store.peer(row) != e.peer)
        return field("peer");
    if (store.local(row) != e.local)
        return field("local");
    if (store.upstream(row) != e.upstream)
        return field("upstream");
    if (store.endpointPeer(store.endpointIndex(row)) != e.peer)
        return field("endpointPeer");
    if (store.payloadSize(row) != kept.size())
        return field("payloadSize");
    if (store.payloadView(row) != QByteArrayView(kept))
        return field("payloadView");
    if (store.payloadRef(row) != kept)
        return field("payloadRef");
    if (store.text(row) != e.text)
        return field("text");
    return {};
}

bool sameEvent(const Event &a, const Event &b)
{
    return a.timeUs == b.timeUs && a.conn == b.conn && a.dir == b.dir && a.kind == b.kind && a.peer == b.peer
        && a.local == b.local && a.upstream == b.upstream && a.text == b.text && a.len == b.len
        && a.payload == b.payload;
}

} // namespace

// Every field of a data row, an info row with non-ASCII text and a relay row reads back as appended,
// through the accessors and through event().
void tst_LogStore::appendAndReadBack()
{
    LogStore store;
    QVERIFY(store.empty());

    Event data = dataEvent(1, 300);
    Event relay = dataEvent(2, 17);
    relay.upstream = QStringLiteral("upstream.example:443");
    relay.dir = Direction::Out;
    Event info = infoEvent(
        3, QStringLiteral("Verbindung angenommen \u2013 Gr\u00fc\u00dfe, \u4f60\u597d \U0001F600"));
    Event error = infoEvent(4, QStringLiteral("reset by peer"));
    error.dir = Direction::Error;
    error.kind = EventKind::Reset;
    error.len = 12; // an info row may carry a length too
    error.payload = QByteArrayLiteral("\x00\x01\xff\x80 tail");

    constexpr qsizetype All = LogStore::MaxPayload;
    const std::vector<Expected> rows {{data, -5, 0, All}, {relay, 123456789012, 7, All},
        {info, std::numeric_limits<qint64>::min(), 0, All}, {error, 42, 0x80fffffeu, All}};
    for (const Expected &row : rows)
        store.append(row.event, row.deltaUs, row.link, row.maxPayload);
    QCOMPARE(store.size(), rows.size());
    QVERIFY(!store.empty());
    for (size_t row = 0; row < rows.size(); ++row) {
        const QString m = mismatch(store, row, rows[row]);
        QVERIFY2(m.isEmpty(), qPrintable(m));
        QVERIFY(sameEvent(store.event(row), rows[row].event));
    }
    QCOMPARE(store.text(2), info.text); // the non-ASCII text, astral character included
    // A link keeps distances below 2^24 (more rows than any log keeps) and the next-message flag; a
    // longer distance reaches no row the log still has, and is kept as none.
    store.setLink(3, 0xfffffffeu);
    QCOMPARE(store.link(3), 0x80000000u);
    store.setLink(3, 1u << 24);
    QCOMPARE(store.link(3), 0u);
    store.setLink(3, (1u << 24) - 1);
    QCOMPARE(store.link(3), (1u << 24) - 1);
    QCOMPARE(store.event(1).upstream, QStringLiteral("upstream.example:443"));

    // setLink changes that row's link only.
    store.setLink(0, 0x80000003u);
    QCOMPARE(store.link(0), 0x80000003u);
    QCOMPARE(store.link(1), 7u);
    QCOMPARE(store.link(3), (1u << 24) - 1);
    QCOMPARE(store.payloadView(0), QByteArrayView(data.payload));
}

// Connection numbers past 32 bits, times between messages beyond 35 minutes either way or none at all,
// a length other than the bytes kept and a message, alone and all together, read back exactly, also
// after the rows before them and their chunks are gone.
void tst_LogStore::fieldsWiderThanTheRecord()
{
    constexpr qint64 NoDelta = std::numeric_limits<qint64>::min();
    const qint64 int32Max = std::numeric_limits<qint32>::max();
    const qint64 int32Min = std::numeric_limits<qint32>::min();
    const std::vector<qint64> deltas {0, 1, -1, int32Max, int32Max + 1, int32Min + 1, int32Min, int32Min - 1,
        NoDelta, qint64(1) << 40, -(qint64(1) << 40), std::numeric_limits<qint64>::max()};
    const std::vector<ConnId> conns {
        0, 1, 0xffffffffu, ConnId(0xffffffffu) + 1, ConnId(1) << 40, std::numeric_limits<ConnId>::max()};
    LogStore store;
    std::deque<Expected> expected;
    int id = 0;
    for (const qint64 delta : deltas) {
        for (const ConnId conn : conns) {
            for (int shape = 0; shape < 4; ++shape) {
                Expected e;
                e.event
                    = shape == 3 ? infoEvent(id, QStringLiteral("message %1 é").arg(id)) : dataEvent(id, 40);
                e.event.conn = conn;
                if (shape == 1)
                    e.event.len = qint64(1) << 33; // a huge message, of which the row keeps a part
                if (shape == 2)
                    e.event.text = QStringLiteral("with text");
                e.deltaUs = delta;
                e.link = quint32(id);
                store.append(e.event, e.deltaUs, e.link, e.maxPayload);
                expected.push_back(e);
                ++id;
            }
        }
    }
    for (size_t row = 0; row < store.size(); ++row) {
        const QString why = mismatch(store, row, expected[row]);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(sameEvent(store.event(row), expected[row].event));
    }
    // Enough 1 KiB rows after them to fill several chunks, then the first ones dropped.
    for (int i = 0; i < 1000; ++i, ++id) {
        Expected e;
        e.event = dataEvent(id, 1024);
        e.event.conn = ConnId(1) << 35;
        e.deltaUs = qint64(id) << 32;
        store.append(e.event, e.deltaUs, e.link, e.maxPayload);
        expected.push_back(e);
    }
    store.dropFront(100);
    expected.erase(expected.begin(), expected.begin() + 100);
    for (size_t row = 0; row < store.size(); ++row) {
        const QString why = mismatch(store, row, expected[row]);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
}

// A row's time counts from its chunk's first row: rows hours apart, a clock set back, times at the
// ends of the range, and rows without bytes between them all read back exactly, also after drops.
void tst_LogStore::timesFarApartOrGoingBack()
{
    const qint64 hour = qint64(3600) * 1000 * 1000;
    const std::vector<qint64> times {1700000000000000, 1700000000000001, 1700000000000000 + 2 * hour,
        1700000000000000 + 2 * hour + LogStore::MaxTimeOffsetUs,
        1700000000000000 + 2 * hour + LogStore::MaxTimeOffsetUs + 1, 1600000000000000, 0, -5,
        std::numeric_limits<qint64>::max() - 10, 1700000000000000};
    LogStore store;
    std::deque<Expected> expected;
    int id = 0;
    for (int round = 0; round < 3; ++round) {
        for (const qint64 time : times) {
            Expected e;
            e.event = id % 3 == 0 ? infoEvent(id, QString()) : dataEvent(id, id % 3 == 1 ? 0 : 20);
            e.event.timeUs = time + round;
            store.append(e.event, e.deltaUs, e.link, e.maxPayload);
            expected.push_back(e);
            ++id;
        }
    }
    for (size_t row = 0; row < store.size(); ++row) {
        const QString why = mismatch(store, row, expected[row]);
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    for (size_t drop : {size_t(1), size_t(4), size_t(7)}) {
        store.dropFront(drop);
        expected.erase(expected.begin(), expected.begin() + qsizetype(drop));
        for (size_t row = 0; row < store.size(); ++row) {
            const QString why = mismatch(store, row, expected[row]);
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
    }
    store.dropFront(store.size());
    QCOMPARE(store.chunkCount(), 0);
}

// A row keeps at most maxPayload bytes (and never more than MaxPayload); len stays the whole length, and
// the text after the payload is not cut.
void tst_LogStore::payloadCutToMaxPayload()
{
    LogStore store;
    Event event = dataEvent(5, 1000);
    event.text = QStringLiteral("after the payload \u00e4");
    store.append(event, 0, 0, 10);
    QCOMPARE(store.len(0), 1000);
    QCOMPARE(store.payloadSize(0), 10);
    QCOMPARE(store.payloadView(0), QByteArrayView(event.payload.left(10)));
    QCOMPARE(store.payloadRef(0), event.payload.left(10));
    QCOMPARE(store.text(0), event.text);
    Event cut = event;
    cut.payload = event.payload.left(10);
    QVERIFY(sameEvent(store.event(0), cut));

    // Nothing kept: no payload, the text still there.
    store.append(event, 0, 0, 0);
    QCOMPARE(store.payloadSize(1), 0);
    QVERIFY(store.payloadView(1).isEmpty());
    QCOMPARE(store.len(1), 1000);
    QCOMPARE(store.text(1), event.text);

    // A limit above MaxPayload keeps MaxPayload bytes (the record's size field is 16 bits).
    const Event big = dataEvent(6, int(LogStore::MaxPayload) + 100);
    store.append(big, 0, 0, 1 << 20);
    QCOMPARE(store.payloadSize(2), LogStore::MaxPayload);
    QCOMPARE(store.len(2), LogStore::MaxPayload + 100);
    QCOMPARE(store.payloadRef(2), big.payload.left(LogStore::MaxPayload));

    // A payload shorter than the limit is kept whole.
    const Event small = dataEvent(7, 9);
    store.append(small, 0, 0, 10);
    QCOMPARE(store.payloadRef(3), small.payload);
    QCOMPARE(store.payloadSize(0), 10); // earlier rows untouched
    QCOMPARE(store.payloadRef(0), event.payload.left(10));
}

// A row with neither payload nor text, between rows with bytes and as the only row.
void tst_LogStore::rowWithoutPayloadOrText()
{
    LogStore store;
    Event empty;
    empty.timeUs = 99;
    empty.conn = 3;
    empty.dir = Direction::Info;
    empty.kind = EventKind::Close;
    empty.peer = QStringLiteral("1.2.3.4:5");

    store.append(empty, 0, 0, 1024); // first of all: no chunk yet
    store.append(dataEvent(1, 64), 0, 0, 1024);
    store.append(empty, 0, 0, 1024);
    store.append(dataEvent(2, 64), 0, 0, 1024);
    for (const size_t row : {size_t(0), size_t(2)}) {
        QCOMPARE(store.payloadSize(row), 0);
        QVERIFY(store.payloadView(row).isEmpty());
        QVERIFY(store.payloadRef(row).isEmpty());
        QVERIFY(store.text(row).isEmpty());
        QVERIFY(sameEvent(store.event(row), empty));
    }
    QCOMPARE(store.payloadRef(1), payloadOf(1, 64));
    QCOMPARE(store.payloadRef(3), payloadOf(2, 64));

    // Only empty rows left, then rows with bytes again.
    store.dropFront(2);
    QCOMPARE(store.payloadRef(1), payloadOf(2, 64));
    store.dropFront(2);
    QVERIFY(store.empty());
    store.append(empty, 0, 0, 1024);
    store.dropFront(1);
    store.append(empty, 0, 0, 1024);
    store.append(dataEvent(3, 10), 0, 0, 1024);
    QVERIFY(sameEvent(store.event(0), empty));
    QCOMPARE(store.payloadRef(1), payloadOf(3, 10));
    store.dropFront(1);
    QCOMPARE(store.payloadRef(0), payloadOf(3, 10));
}

// Rows dropped from the front in random steps, while more are appended, as a capped log does: after each
// step every remaining row still reads its own bytes, and chunks holding only dropped rows' bytes are
// freed (the count of chunks follows the bytes still held).
void tst_LogStore::dropFrontAcrossChunks()
{
    QRandomGenerator random(20240611);
    LogStore store;
    std::deque<Expected> reference;
    qint64 heldBytes = 0; // payload and text bytes of the rows in the store
    int nextId = 0;
    const auto appendRows = [&](int count) {
        for (int i = 0; i < count; ++i) {
            const int id = nextId++;
            Expected row;
            if (id % 17 == 0) {
                row.event
                    = infoEvent(id, QStringLiteral("row %1 geschlossen \u2013 \u00e4\u00f6\u00fc").arg(id));
                if (id % 34 == 0)
                    row.event.payload = payloadOf(id, 20); // a row with payload and text
            } else {
                row.event = dataEvent(id, int(random.bounded(1025)));
            }
            row.deltaUs = id * 3;
            row.link = quint32(id);
            row.maxPayload = 1024;
            store.append(row.event, row.deltaUs, row.link, row.maxPayload);
            heldBytes += row.event.payload.size() + row.event.text.toUtf8().size();
            reference.push_back(row);
        }
    };
    const auto verifyAll = [&]() -> QString {
        if (store.size() != reference.size())
            return QStringLiteral("size %1, expected %2").arg(store.size()).arg(reference.size());
        for (size_t row = 0; row < reference.size(); ++row) {
            const QString m = mismatch(store, row, reference[row]);
            if (!m.isEmpty())
                return m;
        }
        return {};
    };

    appendRows(20000);
    QVERIFY(heldBytes > 20 * ChunkBytes);
    QVERIFY(store.chunkCount() >= heldBytes / ChunkBytes);
    QString m = verifyAll();
    QVERIFY2(m.isEmpty(), qPrintable(m));

    // A row's bytes never span two chunks, so a chunk may leave up to a row's bytes unused.
    constexpr qint64 MaxRowBytes = 1024 + 64;
    qsizetype previousChunks = store.chunkCount();
    bool appending = true;
    int steps = 0;
    while (!reference.empty()) {
        const auto count = size_t(random.bounded(1, 1500));
        for (size_t i = 0; i < std::min(count, reference.size()); ++i)
            heldBytes -= reference[i].event.payload.size() + reference[i].event.text.toUtf8().size();
        reference.erase(reference.begin(), reference.begin() + qsizetype(std::min(count, reference.size())));
        store.dropFront(count);
        if (appending)
            appendRows(int(random.bounded(800)));
        appending = appending && nextId < 30000;
        ++steps;
        m = verifyAll();
        QVERIFY2(m.isEmpty(), qPrintable(QStringLiteral("step %1: %2").arg(steps).arg(m)));
        // Chunks are released: no more than the held bytes need (plus the partly used first and last).
        QVERIFY2(store.chunkCount() <= heldBytes / (ChunkBytes - MaxRowBytes) + 2,
            qPrintable(QStringLiteral("step %1: %2 chunks for %3 bytes")
                           .arg(steps)
                           .arg(store.chunkCount())
                           .arg(heldBytes)));
        if (!appending) {
            QVERIFY(store.chunkCount() <= previousChunks); // only dropping: never more chunks
            previousChunks = store.chunkCount();
        }
    }
    QVERIFY(steps > 20);
    QVERIFY(store.empty());
    QVERIFY2(store.chunkCount() <= 1, qPrintable(QString::number(store.chunkCount())));
    QCOMPARE(store.endpointCount(), 0);

    // Emptied by dropping, the store takes rows again.
    appendRows(3000);
    m = verifyAll();
    QVERIFY2(m.isEmpty(), qPrintable(m));
    store.dropFront(2999);
    reference.erase(reference.begin(), reference.begin() + 2999);
    m = verifyAll();
    QVERIFY2(m.isEmpty(), qPrintable(m));
}

// dropFront(0) changes nothing; more than all drops all.
void tst_LogStore::dropFrontClamps()
{
    LogStore store;
    store.dropFront(5); // empty: nothing to do
    QVERIFY(store.empty());
    for (int id = 0; id < 3; ++id)
        store.append(dataEvent(id, 100), 0, 0, 1024);
    store.dropFront(0);
    QCOMPARE(store.size(), size_t(3));
    QCOMPARE(store.payloadRef(0), payloadOf(0, 100));
    store.dropFront(10);
    QVERIFY(store.empty());
    QCOMPARE(store.endpointCount(), 0);
    QVERIFY(store.chunkCount() <= 1);
}

// A message larger than a chunk gets a chunk of its own; the rows around it are not disturbed, and
// dropping it frees that chunk.
void tst_LogStore::textLargerThanAChunk()
{
    LogStore store;
    QString big;
    big.reserve(300 * 1024);
    while (big.size() < 300 * 1024)
        big += QStringLiteral("%1 \u00e4\u4f60 ").arg(big.size());
    QVERIFY(big.toUtf8().size() > ChunkBytes);

    store.append(dataEvent(1, 1000), 0, 0, 1024);
    store.append(infoEvent(2, big), 0, 0, 1024);
    Event both = infoEvent(3, big);
    both.payload = payloadOf(3, 1024);
    store.append(both, 0, 0, 1024);
    store.append(dataEvent(4, 500), 0, 0, 1024);

    QCOMPARE(store.payloadRef(0), payloadOf(1, 1000));
    QCOMPARE(store.text(1), big);
    QVERIFY(store.payloadView(1).isEmpty());
    QCOMPARE(store.text(2), big);
    QCOMPARE(store.payloadRef(2), payloadOf(3, 1024));
    QCOMPARE(store.payloadRef(3), payloadOf(4, 500));
    QVERIFY(sameEvent(store.event(2), both));

    const qsizetype chunks = store.chunkCount();
    store.dropFront(2);
    QVERIFY(store.chunkCount() < chunks);
    QCOMPARE(store.text(0), big);
    QCOMPARE(store.payloadRef(0), payloadOf(3, 1024));
    QCOMPARE(store.payloadRef(1), payloadOf(4, 500));

    // Small rows after the big ones, whatever chunk they land in.
    for (int id = 10; id < 600; ++id)
        store.append(dataEvent(id, 1000), 0, 0, 1024);
    store.dropFront(2);
    for (int id = 10; id < 600; ++id)
        QCOMPARE(store.payloadRef(size_t(id - 10)), payloadOf(id, 1000));
}

// Rows with the same peer, local and upstream share one entry; a different local or upstream is
// another entry; an entry no row refers to is forgotten, and its slot taken by a new one leaves the other
// rows' addresses as they were.
void tst_LogStore::speakerNameIsKept()
{
    // A chat room's rows differ only by who said them: each keeps its own name, and the event has it.
    LogStore store;
    const QString peer = QStringLiteral("1.1.1.1:1");
    Event alice = endpointEvent(peer, {}, {});
    alice.name = QStringLiteral("alice");
    Event bob = alice;
    bob.name = QStringLiteral("bob");
    const Event nobody = endpointEvent(peer, {}, {});
    for (const Event &event : {alice, bob, alice, nobody})
        store.append(event, 0, 0, 1024);
    QCOMPARE(store.endpointCount(), 3);
    QCOMPARE(store.name(0), QStringLiteral("alice"));
    QCOMPARE(store.name(1), QStringLiteral("bob"));
    QCOMPARE(store.event(2).name, QStringLiteral("alice"));
    QVERIFY(store.event(3).name.isEmpty());
    QCOMPARE(store.peer(1), peer);
}

void tst_LogStore::endpointsAreInterned()
{
    LogStore store;
    const QString peer = QStringLiteral("1.1.1.1:1");
    const QString local = QStringLiteral("10.0.0.1:80");
    const Event a = endpointEvent(peer, local, {});
    const Event b = endpointEvent(QStringLiteral("2.2.2.2:2"), local, {});
    const Event c = endpointEvent(peer, QStringLiteral("10.0.0.2:80"), {}); // same peer, other local
    const Event d = endpointEvent(peer, local, QStringLiteral("up:1")); // same peer and local, upstream
    QList<Event> rows {a, b, a, c, a, d};
    for (const Event &event : rows)
        store.append(event, 0, 0, 1024);
    QCOMPARE(store.endpointCount(), 4);
    QVERIFY(store.endpointSlots() >= 4);
    QCOMPARE(store.endpointIndex(2), store.endpointIndex(0));
    QCOMPARE(store.endpointIndex(4), store.endpointIndex(0));
    const QList<quint32> distinct {
        store.endpointIndex(0), store.endpointIndex(1), store.endpointIndex(3), store.endpointIndex(5)};
    for (qsizetype i = 0; i < distinct.size(); ++i) {
        for (qsizetype j = i + 1; j < distinct.size(); ++j)
            QVERIFY(distinct.at(i) != distinct.at(j));
    }
    QCOMPARE(store.local(3), QStringLiteral("10.0.0.2:80"));
    QCOMPARE(store.upstream(5), QStringLiteral("up:1"));
    QVERIFY(store.upstream(0).isEmpty());

    // The only row of b goes: b is forgotten, a (still in rows 2 and 4) is not.
    const quint32 bIndex = store.endpointIndex(1);
    store.dropFront(2);
    rows.remove(0, 2);
    QCOMPARE(store.endpointCount(), 3);
    QVERIFY(store.endpointPeer(bIndex).isEmpty()); // a free slot holds empty strings

    // A new triple, possibly in b's slot; every row keeps its own addresses.
    const Event e = endpointEvent(QStringLiteral("3.3.3.3:3"), local, {});
    store.append(e, 0, 0, 1024);
    rows.append(e);
    QCOMPARE(store.endpointCount(), 4);
    store.append(b, 0, 0, 1024); // b again: a new entry
    rows.append(b);
    QCOMPARE(store.endpointCount(), 5);
    store.append(a, 0, 0, 1024);
    rows.append(a);
    QCOMPARE(store.endpointCount(), 5);
    QCOMPARE(store.endpointIndex(rows.size() - 1), store.endpointIndex(0));
    for (qsizetype row = 0; row < rows.size(); ++row) {
        const auto r = size_t(row);
        QCOMPARE(store.peer(r), rows.at(row).peer);
        QCOMPARE(store.local(r), rows.at(row).local);
        QCOMPARE(store.upstream(r), rows.at(row).upstream);
        QCOMPARE(store.endpointPeer(store.endpointIndex(r)), rows.at(row).peer);
        QCOMPARE(store.payloadRef(r), rows.at(row).peer.toUtf8());
    }

    // All but the last row go: one triple left.
    store.dropFront(store.size() - 1);
    QCOMPARE(store.endpointCount(), 1);
    QCOMPARE(store.peer(0), peer);
    store.dropFront(1);
    QCOMPARE(store.endpointCount(), 0);
}

// A long log of short-lived peers (a server seeing new client ports) keeps as many slots as triples are
// in use at once, and every row reads its own peer after its slot was used by others before.
void tst_LogStore::endpointSlotsAreReused()
{
    LogStore store;
    std::deque<QString> peers;
    constexpr int Live = 5; // rows held at once, each with a peer of its own
    for (int i = 0; i < 2000; ++i) {
        const QString peer = QStringLiteral("192.0.2.1:%1").arg(10000 + i);
        // Every third row repeats the previous peer, so some triples have two rows.
        const QString used = i % 3 == 2 ? peers.back() : peer;
        store.append(endpointEvent(used, QStringLiteral("0.0.0.0:7"), {}), 0, 0, 1024);
        peers.push_back(used);
        if (peers.size() > Live) {
            store.dropFront(1);
            peers.pop_front();
        }
        for (size_t row = 0; row < peers.size(); ++row) {
            QCOMPARE(store.peer(row), peers[row]);
            QCOMPARE(store.endpointPeer(store.endpointIndex(row)), peers[row]);
        }
        const qsizetype distinct = qsizetype(std::set<QString>(peers.begin(), peers.end()).size());
        QCOMPARE(store.endpointCount(), distinct);
    }
    QVERIFY2(store.endpointSlots() <= Live + 1, qPrintable(QString::number(store.endpointSlots())));
}

// Session events often have no addresses at all. Such a row, arriving just after the only row of the
// latest triple went, is a triple of its own (not the freed slot, whose strings are empty too), and a
// later new triple does not take its slot.
void tst_LogStore::emptyAddressesAfterAForgottenTriple()
{
    LogStore store;
    store.append(endpointEvent(QStringLiteral("1.1.1.1:1"), QStringLiteral("0.0.0.0:1"), {}), 0, 0, 1024);
    store.dropFront(1);
    QCOMPARE(store.endpointCount(), 0);
    Event session = infoEvent(1, QStringLiteral("listening"));
    session.peer.clear();
    store.append(session, 0, 0, 1024);
    QCOMPARE(store.endpointCount(), 1);
    store.append(endpointEvent(QStringLiteral("2.2.2.2:2"), {}, {}), 0, 0, 1024);
    QCOMPARE(store.endpointCount(), 2);
    QVERIFY(store.endpointIndex(0) != store.endpointIndex(1));
    QVERIFY(store.peer(0).isEmpty());
    QCOMPARE(store.peer(1), QStringLiteral("2.2.2.2:2"));
    store.append(session, 0, 0, 1024);
    QCOMPARE(store.endpointIndex(2), store.endpointIndex(0));
    store.dropFront(1);
    QCOMPARE(store.endpointCount(), 2); // row 2 still refers to the empty triple
    QVERIFY(store.peer(1).isEmpty());
}

// clear() leaves nothing behind (rows, chunks, triples), and the store works as new afterwards.
void tst_LogStore::clearEmptiesTheStore()
{
    LogStore store;
    for (int id = 0; id < 2000; ++id)
        store.append(dataEvent(id, 700), 0, 0, 1024);
    QVERIFY(store.chunkCount() > 2);
    QVERIFY(store.endpointCount() > 1);
    store.clear();
    QVERIFY(store.empty());
    QCOMPARE(store.size(), size_t(0));
    QCOMPARE(store.chunkCount(), 0);
    QCOMPARE(store.endpointCount(), 0);
    QCOMPARE(store.endpointSlots(), 0);
    store.clear(); // twice is fine

    for (int id = 5000; id < 7000; ++id) {
        Expected row;
        row.event
            = id % 10 ? dataEvent(id, id % 900) : infoEvent(id, QStringLiteral("info \u00e4 %1").arg(id));
        row.maxPayload = 1024;
        store.append(row.event, 0, 0, 1024);
        const QString m = mismatch(store, store.size() - 1, row);
        QVERIFY2(m.isEmpty(), qPrintable(m));
    }
    store.dropFront(1500);
    QCOMPARE(store.size(), size_t(500));
    for (size_t row = 0; row < 500; ++row) {
        const int id = 6500 + int(row);
        if (id % 10)
            QCOMPARE(store.payloadRef(row), payloadOf(id, id % 900));
        else
            QCOMPARE(store.text(row), QStringLiteral("info \u00e4 %1").arg(id));
    }
}

QTEST_GUILESS_MAIN(tst_LogStore)
#include "tst_logstore.moc"
