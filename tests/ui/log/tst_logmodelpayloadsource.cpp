#include "logmodel.h"
#include "payloadrenderer.h"

#include <QHash>
#include <QTest>

#include <atomic>

using namespace sockpit;
using sockpit::ui::LogModel;
using sockpit::ui::PayloadSource;

// A log whose rows keep only their payloads' first bytes and read the rest from a payload source (a
// recording's file): it must show, filter, copy and inspect exactly what a log that kept them does,
// and fall back to what it kept when the source answers with other bytes.
class tst_LogModelPayloadSource : public QObject
{
    Q_OBJECT

private slots:
    void rowsKeepOnlyTheirFirstBytes();
    void showsAndFindsWhatAFullLogDoes_data();
    void showsAndFindsWhatAFullLogDoes();
    void wholePayloadsComeFromTheSource();
    void otherBytesFromTheSourceAreNotUsed();
    void withoutASourceRowsKeepRenderBytes();
};

namespace {

// Payloads by sequence number, as a recording's file holds them.
class MapSource final : public PayloadSource
{
public:
    QByteArray payload(qint64 seq, qsizetype from, qsizetype size) const override
    {
        ++calls;
        const auto it = payloads.constFind(seq);
        if (it == payloads.cend())
            return {};
        QByteArray bytes = it->mid(from, size);
        return bytes.isNull() ? QByteArray("") : bytes;
    }
    QHash<qint64, QByteArray> payloads;
    mutable std::atomic<int> calls {0};
};

Event dataEvent(qint64 index, const QByteArray &payload, ConnId conn = 1, Direction dir = Direction::In)
{
    Event event;
    event.timeUs = 1700000000000000 + index;
    event.conn = conn;
    event.dir = dir;
    event.peer = QStringLiteral("127.0.0.1:5000");
    event.len = payload.size();
    event.payload = payload;
    return event;
}

// Short and long text, text with line ends, binary, longer than the log shows, UTF-8 characters split
// between two reads of one connection (after a long row and after a short one), a long row whose last
// byte starts a character that the next read, ASCII, cannot complete, and an info row.
EventBatch sampleEvents()
{
    const QByteArray longText
        = "GET /item/00007 HTTP/1.1\r\nHost: example\r\n" + QByteArray(200, 'x') + "needle";
    QByteArray binary;
    for (int i = 0; i < 300; ++i)
        binary += char(i * 7);
    EventBatch events {dataEvent(0, "short"), dataEvent(1, longText), dataEvent(2, binary, 2),
        dataEvent(3, QByteArray(3000, 'z') + "far"), dataEvent(4, QByteArray(100, 'a') + "\xe4\xb8", 3),
        dataEvent(5, "\xad and more text after the character", 3), dataEvent(6, "ok\xe4", 4),
        dataEvent(7, "\xb8\xad" + QByteArray(90, 'b'), 4), dataEvent(8, QByteArray(50, 'c') + "\xe4", 5),
        dataEvent(9, "abc", 5)};
    Event info;
    info.timeUs = 1700000000000010;
    info.dir = Direction::Info;
    info.kind = EventKind::Accept;
    info.text = QStringLiteral("accepted 127.0.0.1:5000");
    events.append(info);
    return events;
}

constexpr int Kept = 8;

// A log that keeps Kept bytes a row and reads the rest from `source`, which holds every payload.
void fill(LogModel &model, const std::shared_ptr<MapSource> &source, const EventBatch &events)
{
    for (qsizetype i = 0; i < events.size(); ++i)
        source->payloads.insert(i, events.at(i).payload);
    model.setPayloadSource(source, Kept);
    model.appendEvents(events, 0);
}

} // namespace

void tst_LogModelPayloadSource::rowsKeepOnlyTheirFirstBytes()
{
    const EventBatch events = sampleEvents();
    LogModel model;
    auto source = std::make_shared<MapSource>();
    fill(model, source, events);
    QCOMPARE(model.rowCount(), int(events.size()));
    for (int row = 0; row < model.rowCount(); ++row) {
        if (events.at(row).dir != Direction::In)
            continue;
        QCOMPARE(
            model.rows().payloadSize(size_t(row)), std::min<qsizetype>(Kept, events.at(row).payload.size()));
        QCOMPARE(model.rows().len(size_t(row)), qint64(events.at(row).payload.size()));
    }
}

void tst_LogModelPayloadSource::showsAndFindsWhatAFullLogDoes_data()
{
    QTest::addColumn<QString>("encoding");
    QTest::addColumn<RenderMode>("mode");
    for (const QString &encoding :
        {QStringLiteral("UTF-8"), QStringLiteral("ISO-8859-1"), QStringLiteral("GB18030")}) {
        QTest::addRow("%s text", qPrintable(encoding)) << encoding << RenderMode::Text;
        QTest::addRow("%s hex", qPrintable(encoding)) << encoding << RenderMode::Hex;
        QTest::addRow("%s both", qPrintable(encoding)) << encoding << RenderMode::Both;
    }
}

void tst_LogModelPayloadSource::showsAndFindsWhatAFullLogDoes()
{
    QFETCH(QString, encoding);
    QFETCH(RenderMode, mode);
    const EventBatch events = sampleEvents();
    LogModel full;
    LogModel kept;
    auto source = std::make_shared<MapSource>();
    for (LogModel *model : {&full, &kept}) {
        model->setEncoding(encoding);
        model->setRenderMode(mode);
    }
    full.appendEvents(events, 0);
    fill(kept, source, events);
    const QStringList needles {QStringLiteral("needle"), QStringLiteral("item/00007"),
        QStringLiteral("\\r\\nhost"), QStringLiteral("far"), QStringLiteral("zzzz"),
        QStringLiteral("\u4e2d and"), QStringLiteral("\\xe4"), QStringLiteral("ok"), QStringLiteral("\u4e2d"),
        QStringLiteral("6e 65 65"), QStringLiteral("short"), QStringLiteral("accepted"),
        QStringLiteral("bbb"), QStringLiteral("xe4a"), QStringLiteral("cc\\x")};
    for (int row = 0; row < full.rowCount(); ++row) {
        const QString where = QStringLiteral("row %1").arg(row);
        QCOMPARE(kept.payloadText(row), full.payloadText(row));
        QCOMPARE(kept.index(row, LogModel::PayloadColumn).data().toString(),
            full.index(row, LogModel::PayloadColumn).data().toString());
        QCOMPARE(kept.index(row, LogModel::PayloadColumn).data(Qt::ToolTipRole).toString(),
            full.index(row, LogModel::PayloadColumn).data(Qt::ToolTipRole).toString());
        QCOMPARE(kept.eventAt(row).payload, full.eventAt(row).payload);
        for (const QString &needle : needles)
            QVERIFY2(kept.payloadContains(row, needle) == full.payloadContains(row, needle),
                qPrintable(where + QStringLiteral(" / ") + needle));
    }
    QVERIFY(source->calls.load() > 0);
}

void tst_LogModelPayloadSource::wholePayloadsComeFromTheSource()
{
    const EventBatch events = sampleEvents();
    LogModel model;
    auto source = std::make_shared<MapSource>();
    fill(model, source, events);
    // Whole, also past RenderBytes (the inspector and Copy as bytes take this).
    for (int row = 0; row < 8; ++row)
        QCOMPARE(model.payloadAt(row), events.at(row).payload);
    QCOMPARE(model.payloadAt(3).size(), qsizetype(3003));
    // The log shows at most RenderBytes of it, as any log does.
    QCOMPARE(model.eventAt(3).payload, events.at(3).payload.left(LogModel::RenderBytes));
    QVERIFY(!model.payloadContains(3, QStringLiteral("far")));
    QVERIFY(model.payloadContains(1, QStringLiteral("NEEDLE")));
    // The source is asked only for rows that kept less than they show.
    source->calls = 0;
    QCOMPARE(model.payloadText(0), QStringLiteral("short"));
    QCOMPARE(model.payloadAt(0), QByteArray("short"));
    QCOMPARE(source->calls.load(), 0);
}

void tst_LogModelPayloadSource::otherBytesFromTheSourceAreNotUsed()
{
    const EventBatch events = sampleEvents();
    LogModel model;
    auto source = std::make_shared<MapSource>();
    fill(model, source, events);
    // The file changed: row 1 now starts differently, row 2 is shorter, row 3 is gone.
    source->payloads[1] = "POST" + events.at(1).payload.mid(4);
    source->payloads[2] = events.at(2).payload.left(100);
    source->payloads.remove(3);
    const QString ellipsis(QChar(0x2026));
    QCOMPARE(model.payloadText(1), QStringLiteral("GET /ite") + ellipsis);
    QCOMPARE(model.payloadAt(1), QByteArray("GET /ite"));
    QCOMPARE(model.eventAt(1).payload, QByteArray("GET /ite"));
    QVERIFY(!model.payloadContains(1, QStringLiteral("needle")));
    QVERIFY(model.payloadContains(1, QStringLiteral("get /")));
    QCOMPARE(model.payloadAt(2), events.at(2).payload.left(Kept));
    QCOMPARE(model.payloadAt(3), QByteArray(Kept, 'z'));
    QVERIFY(model.index(3, LogModel::PayloadColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("%1 of 3003 bytes shown").arg(Kept)));
}

void tst_LogModelPayloadSource::withoutASourceRowsKeepRenderBytes()
{
    LogModel model;
    model.setPayloadSource(nullptr, Kept);
    model.appendEvents({dataEvent(0, QByteArray(2000, 'q'))}, 0);
    QCOMPARE(model.rows().payloadSize(0), qsizetype(LogModel::RenderBytes));
}

QTEST_MAIN(tst_LogModelPayloadSource)
#include "tst_logmodelpayloadsource.moc"
