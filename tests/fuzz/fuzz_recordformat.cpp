// formatJsonLine and formatTextLine on any event. The input is "key=value" lines (t, conn, dir, kind,
// len, session, peer, local, upstream, text; "\n" in a value stands for a new line), a blank line,
// then the payload bytes. Checked: each record is exactly one line of valid UTF-8; the JSON line
// parses and holds the event's values (lone surrogates as U+FFFD); the text line carries no control
// character and nothing that hides or reorders text on a terminal.

#include "fuzzinput.h"
#include "recordformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QStringDecoder>

#include <cmath>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

struct Input
{
    Event event;
    QString session;
};

QString value(const QByteArray &raw)
{
    QByteArray unescaped = raw;
    unescaped.replace("\\n", "\n");
    return fuzz::fromWtf8(unescaped);
}

Input parseInput(const uint8_t *data, size_t size)
{
    Input input;
    Event &event = input.event;
    const QByteArray all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype blank = all.indexOf("\n\n");
    const QByteArray header = blank < 0 ? all : all.left(blank);
    if (blank >= 0)
        event.payload = all.mid(blank + 2);
    for (const QByteArray &line : header.split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals < 0)
            continue;
        const QByteArray key = line.left(equals);
        const QByteArray raw = line.mid(equals + 1);
        if (key == "t")
            event.timeUs = raw.toLongLong();
        else if (key == "conn")
            event.conn = raw.toULongLong();
        else if (key == "dir")
            event.dir = Direction(qBound(0, raw.toInt(), 3));
        else if (key == "kind")
            event.kind = EventKind(qBound(0, raw.toInt(), int(EventKind::Error)));
        else if (key == "len")
            event.len = raw.toLongLong();
        else if (key == "session")
            input.session = value(raw);
        else if (key == "peer")
            event.peer = value(raw);
        else if (key == "local")
            event.local = value(raw);
        else if (key == "upstream")
            event.upstream = value(raw);
        else if (key == "text")
            event.text = value(raw);
    }
    return input;
}

// What a UTF-8 writer can keep of a QString: lone surrogates become U+FFFD.
QString wellFormed(const QString &text)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
        } else {
            out += c.isSurrogate() ? QChar(QChar::ReplacementCharacter) : c;
        }
    }
    return out;
}

QString decodeStrictUtf8(const QByteArray &line, const char *what)
{
    QStringDecoder decoder(QStringConverter::Utf8, QStringConverter::Flag::ConvertInitialBom);
    const QString text = decoder.decode(line);
    check(!decoder.hasError(), what);
    return text;
}

void checkOneLine(const QByteArray &line, const char *what)
{
    check(line.endsWith('\n') && line.indexOf('\n') == line.size() - 1, what);
}

bool isData(const Event &event)
{
    return event.dir == Direction::In || event.dir == Direction::Out;
}

void checkJson(const Input &input)
{
    const Event &event = input.event;
    const QByteArray line = formatJsonLine(event, input.session);
    checkOneLine(line, "JSON record is not exactly one line");
    decodeStrictUtf8(line, "JSON record is not valid UTF-8");

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    check(error.error == QJsonParseError::NoError && document.isObject(), "JSON record does not parse");
    const QJsonObject object = document.object();
    check(object.value(QLatin1String("t")).toString().toLatin1() == formatRecordTime(event.timeUs, true),
        "JSON record: wrong time");
    check(object.value(QLatin1String("session")).toString() == wellFormed(input.session),
        "JSON record: wrong session");
    check(object.value(QLatin1String("dir")).toString() == QLatin1String(directionName(event.dir)),
        "JSON record: wrong dir");
    const auto exact = [](quint64 n) { return n <= (quint64(1) << 53); }; // a double holds it exactly
    if (exact(event.conn))
        check(
            object.value(QLatin1String("conn")).toDouble() == double(event.conn), "JSON record: wrong conn");
    if (isData(event)) {
        check(object.value(QLatin1String("peer")).toString() == wellFormed(event.peer),
            "JSON record: wrong peer");
        const QByteArray hex = object.value(QLatin1String("hex")).toString().toLatin1();
        check(QByteArray::fromHex(hex) == event.payload && hex.size() == 2 * event.payload.size(),
            "JSON record: hex is not the payload");
        const quint64 len = quint64(qMax(event.len, qint64(event.payload.size())));
        if (exact(len))
            check(object.value(QLatin1String("len")).toDouble() == double(len), "JSON record: wrong len");
    } else {
        check(object.value(QLatin1String("text")).toString() == wellFormed(event.text),
            "JSON record: wrong text");
        check(object.contains(QLatin1String("event")) == (event.kind != EventKind::None),
            "JSON record: event name missing or extra");
    }
}

// Characters a terminal would act on or that would let a peer hide or reorder the record.
bool isDeceptive(char32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x200e || cp == 0x200f
        || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

void checkText(const Input &input)
{
    const Event &event = input.event;
    const QByteArray line = formatTextLine(event, input.session);
    checkOneLine(line, "text record is not exactly one line");
    const QString text = decodeStrictUtf8(line, "text record is not valid UTF-8");
    fuzz::forEachCodePoint(QStringView(text).chopped(1),
        [](char32_t cp) { check(!isDeceptive(cp), "text record holds a control or bidi character"); });
    check(line.startsWith(formatRecordTime(event.timeUs, false)), "text record does not start with the time");
    if (isData(event) && !event.payload.isEmpty())
        check(line.contains(QByteArray("  " + event.payload.toHex(' ') + "  ")),
            "text record lacks the payload's hex");
}

void checkTime(qint64 timeUs)
{
    for (const bool iso : {true, false}) {
        const QByteArray time = formatRecordTime(timeUs, iso);
        // [-]YYYY...-MM-DD?hh:mm:ss.ffffff[Z]: six fractional digits, whatever the year.
        const qsizetype dot = time.lastIndexOf('.');
        check(dot > 0 && time.size() == dot + (iso ? 8 : 7), "time: not six fractional digits");
        for (qsizetype i = dot + 1; i < dot + 7; ++i)
            check(time.at(i) >= '0' && time.at(i) <= '9', "time: fraction is not digits");
        check(time.at(dot - 9) == (iso ? 'T' : ' '), "time: wrong separator");
        const qint64 micro = ((timeUs % 1000000) + 1000000) % 1000000;
        check(time.mid(dot + 1, 6).toLongLong() == micro, "time: wrong microseconds");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Input input = parseInput(data, size);
    checkJson(input);
    checkText(input);
    checkTime(input.event.timeUs);
    check(recordFormatForPath(input.session) == RecordFormat::JsonLines
            || !input.session.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive),
        "a .jsonl path is not JSON Lines");
    return 0;
}
