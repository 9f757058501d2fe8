#include "recordformat.h"

#include <QStringView>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <limits>

namespace sockpit {

namespace {

constexpr char HexDigits[] = "0123456789abcdef";

void appendNumber(QByteArray &out, quint64 value)
{
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, result.ptr - buf);
}

void appendHexByte(QByteArray &out, uchar byte)
{
    out += HexDigits[byte >> 4];
    out += HexDigits[byte & 0xf];
}

// Writes every byte, lowercase, without separators ("68656c") or with one space between bytes.
void appendHex(QByteArray &out, const QByteArray &bytes, bool spaced)
{
    const qsizetype n = bytes.size();
    if (n == 0)
        return;
    const qsizetype pos = out.size();
    out.resize(pos + (spaced ? n * 3 - 1 : n * 2));
    char *d = out.data() + pos;
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    for (qsizetype i = 0; i < n; ++i) {
        if (spaced && i > 0)
            *d++ = ' ';
        *d++ = HexDigits[s[i] >> 4];
        *d++ = HexDigits[s[i] & 0xf];
    }
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    } else {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    }
}

// Reads one code point; a lone surrogate becomes U+FFFD so the output is always valid UTF-8.
char32_t nextCodePoint(QStringView s, qsizetype &i)
{
    const char16_t c = s[i].unicode();
    if (QChar::isHighSurrogate(c) && i + 1 < s.size() && QChar::isLowSurrogate(s[i + 1].unicode())) {
        ++i;
        return QChar::surrogateToUcs4(c, s[i].unicode());
    }
    return QChar::isSurrogate(c) ? char32_t(0xfffd) : char32_t(c);
}

void appendJsonString(QByteArray &out, QStringView s)
{
    out += '"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char32_t cp = nextCodePoint(s, i);
        if (cp == '"' || cp == '\\') {
            out += '\\';
            out += char(cp);
        } else if (cp < 0x20 || cp == 0x7f) {
            out += "\\u00";
            appendHexByte(out, uchar(cp));
        } else {
            appendUtf8(out, cp);
        }
    }
    out += '"';
}

void appendJsonKey(QByteArray &out, const char *key)
{
    out += ",\"";
    out += key;
    out += "\":";
}

// Characters that are valid text but would let a peer hide or reorder what a reader of the text
// record sees on a terminal: C1 controls, line separators and bidirectional overrides.
bool isDeceptive(char32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e)
        || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

// ASCII for the text record: printable characters as they are, everything else escaped, so a line
// stays one line and a terminal showing it interprets nothing.
void appendEscapedAscii(QByteArray &out, uchar c)
{
    switch (c) {
    case '\\':
        out += "\\\\";
        return;
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    default:
        break;
    }
    if (c < 0x20 || c >= 0x7f) {
        out += "\\x";
        appendHexByte(out, c);
    } else {
        out += char(c);
    }
}

void appendEscapedText(QByteArray &out, QStringView s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t unit = s[i].unicode();
        if (unit < 0x80) {
            appendEscapedAscii(out, uchar(unit));
            continue;
        }
        const char32_t cp = nextCodePoint(s, i);
        const bool loneSurrogate = QChar::isSurrogate(unit) && cp == 0xfffd;
        if (loneSurrogate || isDeceptive(cp)) {
            out += "\\u{";
            out += QByteArray::number(uint(loneSurrogate ? unit : cp), 16);
            out += '}';
        } else {
            appendUtf8(out, cp);
        }
    }
}

// Peer bytes as text: valid UTF-8 kept (so Chinese or accented text reads naturally), every byte that
// is not part of a harmless character written as \xNN.
void appendEscapedPayload(QByteArray &out, const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n; ++i) {
        const uchar b = s[i];
        if (b < 0x80) {
            appendEscapedAscii(out, b);
            continue;
        }
        int more = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if (b >= 0xc2 && b <= 0xdf) {
            more = 1, cp = b & 0x1f, min = 0x80;
        } else if (b >= 0xe0 && b <= 0xef) {
            more = 2, cp = b & 0x0f, min = 0x800;
        } else if (b >= 0xf0 && b <= 0xf4) {
            more = 3, cp = b & 0x07, min = 0x10000;
        }
        bool valid = more > 0 && i + more < n;
        for (int k = 1; valid && k <= more; ++k) {
            if ((s[i + k] & 0xc0) != 0x80)
                valid = false;
            else
                cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        valid = valid && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) && !isDeceptive(cp);
        if (valid) {
            out.append(reinterpret_cast<const char *>(s + i), more + 1);
            i += more;
        } else {
            out += "\\x";
            appendHexByte(out, b);
        }
    }
}

void appendTime(QByteArray &out, qint64 timeUs, bool iso)
{
    qint64 second = timeUs / 1000000;
    qint64 micro = timeUs % 1000000;
    if (micro < 0) {
        micro += 1000000;
        --second;
    }
    // gmtime_r and snprintf run once per second of event time, not once per event.
    thread_local qint64 cachedSecond = std::numeric_limits<qint64>::min();
    thread_local char cached[64];
    thread_local int cachedLength = 0;
    thread_local int separator = 0;
    if (second != cachedSecond) {
        const std::time_t t = std::time_t(second);
        std::tm tm {};
        if (!gmtime_r(&t, &tm))
            tm = std::tm {};
        cachedLength = std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d",
            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cachedLength = qBound(0, cachedLength, int(sizeof cached) - 1);
        separator = 0;
        while (separator < cachedLength && cached[separator] != 'T')
            ++separator;
        cachedSecond = second;
    }
    const qsizetype pos = out.size();
    out.append(cached, cachedLength);
    if (!iso && separator < cachedLength)
        out[pos + separator] = ' ';
    char digits[8] = {'.', '0', '0', '0', '0', '0', '0', 'Z'};
    for (int i = 6; i >= 1; --i, micro /= 10)
        digits[i] = char('0' + micro % 10);
    out.append(digits, iso ? 8 : 7);
}

qint64 dataLength(const Event &event)
{
    return qMax(event.len, qint64(event.payload.size()));
}

bool isData(const Event &event)
{
    return event.dir == Direction::In || event.dir == Direction::Out;
}

} // namespace

RecordFormat recordFormatForPath(const QString &path)
{
    return path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) ? RecordFormat::JsonLines
                                                                       : RecordFormat::Text;
}

QByteArray formatRecordTime(qint64 timeUs, bool iso)
{
    QByteArray out;
    appendTime(out, timeUs, iso);
    return out;
}

void appendJsonLine(QByteArray &out, const Event &event, const QString &session)
{
    out += "{\"t\":\"";
    appendTime(out, event.timeUs, true);
    out += "\",\"session\":";
    appendJsonString(out, session);
    appendJsonKey(out, "conn");
    appendNumber(out, event.conn);
    out += ",\"dir\":\"";
    out += directionName(event.dir);
    out += '"';
    if (isData(event)) {
        appendJsonKey(out, "peer");
        appendJsonString(out, event.peer);
        appendJsonKey(out, "local");
        appendJsonString(out, event.local);
        if (!event.upstream.isEmpty()) {
            appendJsonKey(out, "upstream");
            appendJsonString(out, event.upstream);
        }
        appendJsonKey(out, "len");
        appendNumber(out, quint64(dataLength(event)));
        out += ",\"hex\":\"";
        appendHex(out, event.payload, false);
        out += "\"}\n";
        return;
    }
    if (event.kind != EventKind::None) {
        out += ",\"event\":\"";
        out += eventKindName(event.kind);
        out += '"';
    }
    const std::pair<const char *, const QString *> optional[]
        = {{"peer", &event.peer}, {"local", &event.local}, {"upstream", &event.upstream}};
    for (const auto &[key, value] : optional) {
        if (!value->isEmpty()) {
            appendJsonKey(out, key);
            appendJsonString(out, *value);
        }
    }
    appendJsonKey(out, "text");
    appendJsonString(out, event.text);
    if (event.len > 0) {
        appendJsonKey(out, "len");
        appendNumber(out, quint64(event.len));
    }
    out += "}\n";
}

void appendTextLine(QByteArray &out, const Event &event, const QString &session)
{
    appendTime(out, event.timeUs, false);
    out += "  [";
    appendEscapedText(out, session);
    out += "]  #";
    appendNumber(out, event.conn);
    out += "  ";
    const qsizetype dirStart = out.size();
    out += directionName(event.dir);
    while (out.size() - dirStart < 5)
        out += ' ';
    if (!isData(event) && event.kind != EventKind::None) {
        out += "  ";
        out += eventKindName(event.kind);
    }
    if (!event.peer.isEmpty()) {
        out += "  ";
        appendEscapedText(out, event.peer);
    }
    if (!event.local.isEmpty()) {
        out += "  (local ";
        appendEscapedText(out, event.local);
        out += ')';
    }
    if (!event.upstream.isEmpty()) {
        out += "  (upstream ";
        appendEscapedText(out, event.upstream);
        out += ')';
    }
    if (isData(event)) {
        const qint64 length = dataLength(event);
        out += "  ";
        appendNumber(out, quint64(length));
        out += length == 1 ? " byte" : " bytes";
        if (!event.payload.isEmpty()) {
            out += "  ";
            appendHex(out, event.payload, true);
            out += "  ";
            appendEscapedPayload(out, event.payload);
        }
    } else {
        out += "  ";
        appendEscapedText(out, event.text);
        if (event.len > 0) {
            out += "  (";
            appendNumber(out, quint64(event.len));
            out += event.len == 1 ? " byte)" : " bytes)";
        }
    }
    out += '\n';
}

void appendRecordLine(QByteArray &out, RecordFormat format, const Event &event, const QString &session)
{
    if (format == RecordFormat::JsonLines)
        appendJsonLine(out, event, session);
    else
        appendTextLine(out, event, session);
}

QByteArray formatJsonLine(const Event &event, const QString &session)
{
    QByteArray out;
    appendJsonLine(out, event, session);
    return out;
}

QByteArray formatTextLine(const Event &event, const QString &session)
{
    QByteArray out;
    appendTextLine(out, event, session);
    return out;
}

} // namespace sockpit
