#include "recordformat.h"

#include <QStringView>

#include <charconv>
#include <cstdio>
#include <cstring>
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

// UTF-16 to UTF-8 in a per-thread scratch buffer, so a field costs no allocation once warm. Unlike
// QString::toUtf8, which writes '?', a lone surrogate becomes U+FFFD.
const QByteArray &toUtf8(QStringView s)
{
    static constexpr uchar Lead[] = {0, 0xc0, 0xe0, 0xf0};
    thread_local QByteArray out;
    out.resize(0); // keeps the capacity
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t cp = s[i].unicode();
        if (cp < 0x80) {
            out += char(cp);
            continue;
        }
        if (QChar::isHighSurrogate(cp) && i + 1 < s.size() && s[i + 1].isLowSurrogate())
            cp = QChar::surrogateToUcs4(char16_t(cp), s[++i].unicode());
        else if (QChar::isSurrogate(cp))
            cp = 0xfffd;
        const int extra = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
        out += char(Lead[extra] | (cp >> (6 * extra)));
        for (int k = extra - 1; k >= 0; --k)
            out += char(0x80 | ((cp >> (6 * k)) & 0x3f));
    }
    return out;
}

void appendJsonString(QByteArray &out, QStringView s)
{
    out += '"';
    for (const char c : toUtf8(s)) {
        const uchar u = uchar(c);
        if (u == '"' || u == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            out += "\\u00";
            appendHexByte(out, u);
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendJsonField(QByteArray &out, const char *key, QStringView value)
{
    out += ",\"";
    out += key;
    out += "\":";
    appendJsonString(out, value);
}

void appendJsonNumber(QByteArray &out, const char *key, quint64 value)
{
    out += ",\"";
    out += key;
    out += "\":";
    appendNumber(out, value);
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
    if (c >= 0x20 && c < 0x7f && c != '\\') {
        out += char(c);
        return;
    }
    const char *named = c == '\\' ? "\\\\"
        : c == '\n'               ? "\\n"
        : c == '\r'               ? "\\r"
        : c == '\t'               ? "\\t"
                                  : nullptr;
    if (named) {
        out += named;
    } else {
        out += "\\x";
        appendHexByte(out, c);
    }
}

// Bytes as text: valid UTF-8 kept (so Chinese or accented text reads naturally), every byte that is
// not part of a harmless character written as \xNN.
void appendEscapedBytes(QByteArray &out, const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n; ++i) {
        const uchar b = s[i];
        if (b < 0x80) {
            // Printable runs, the bulk of most payloads, are copied whole.
            qsizetype end = i;
            while (end < n && s[end] >= 0x20 && s[end] < 0x7f && s[end] != '\\')
                ++end;
            if (end > i) {
                out.append(reinterpret_cast<const char *>(s + i), end - i);
                i = end - 1;
            } else {
                appendEscapedAscii(out, b);
            }
            continue;
        }
        // Sequence length and smallest code point it may encode (longer forms are overlong).
        const int more = b >= 0xc2 && b <= 0xdf ? 1
            : b >= 0xe0 && b <= 0xef            ? 2
            : b >= 0xf0 && b <= 0xf4            ? 3
                                                : 0;
        const char32_t min = more == 1 ? 0x80 : more == 2 ? 0x800 : 0x10000;
        char32_t cp = b & (0x7f >> (more + 1));
        bool valid = more > 0 && i + more < n;
        for (int k = 1; valid && k <= more; ++k) {
            valid = (s[i + k] & 0xc0) == 0x80;
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

void appendEscapedText(QByteArray &out, QStringView s)
{
    appendEscapedBytes(out, toUtf8(s));
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
        separator = int(std::strchr(cached, 'T') - cached);
        cachedSecond = second;
    }
    const qsizetype pos = out.size();
    out.append(cached, cachedLength);
    if (!iso)
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
    out += '"';
    appendJsonField(out, "session", session);
    appendJsonNumber(out, "conn", event.conn);
    out += ",\"dir\":\"";
    out += directionName(event.dir);
    out += '"';
    const bool data = isData(event);
    if (!data && event.kind != EventKind::None) {
        out += ",\"event\":\"";
        out += eventKindName(event.kind);
        out += '"';
    }
    // Data events always name both ends, so scripts can rely on the keys; others only the ends they have.
    if (data || !event.peer.isEmpty())
        appendJsonField(out, "peer", event.peer);
    if (data || !event.local.isEmpty())
        appendJsonField(out, "local", event.local);
    if (!event.upstream.isEmpty())
        appendJsonField(out, "upstream", event.upstream);
    if (!event.name.isEmpty())
        appendJsonField(out, "name", event.name);
    if (data) {
        appendJsonNumber(out, "len", quint64(dataLength(event)));
        out += ",\"hex\":\"";
        out += event.payload.toHex();
        out += "\"}\n";
        return;
    }
    appendJsonField(out, "text", event.text);
    if (event.len > 0)
        appendJsonNumber(out, "len", quint64(event.len));
    out += "}\n";
}

void appendTextLine(QByteArray &out, const Event &event, const QString &session)
{
    const auto field = [&out](const char *before, QStringView value, char after) {
        if (value.isEmpty())
            return;
        out += before;
        appendEscapedText(out, value);
        if (after)
            out += after;
    };
    const auto count = [&out](qint64 bytes) {
        appendNumber(out, quint64(bytes));
        out += bytes == 1 ? " byte" : " bytes";
    };
    appendTime(out, event.timeUs, false);
    out += "  [";
    appendEscapedText(out, session);
    out += "]  #";
    appendNumber(out, event.conn);
    out += "  ";
    const qsizetype dirStart = out.size();
    out += directionName(event.dir);
    out.append(5 - (out.size() - dirStart), ' '); // aligns what follows for in/out/info
    if (!isData(event) && event.kind != EventKind::None) {
        out += "  ";
        out += eventKindName(event.kind);
    }
    field("  ", event.peer, 0);
    field("  (local ", event.local, ')');
    field("  (upstream ", event.upstream, ')');
    field("  <", event.name, '>');
    if (!isData(event)) {
        field("  ", event.text, 0);
        if (event.len > 0) {
            out += "  (";
            count(event.len);
            out += ')';
        }
    } else {
        out += "  ";
        count(dataLength(event));
        if (!event.payload.isEmpty()) {
            out += "  ";
            out += event.payload.toHex(' ');
            out += "  ";
            appendEscapedBytes(out, event.payload);
        }
    }
    out += '\n';
}

void appendRecordLine(QByteArray &out, RecordFormat format, const Event &event, const QString &session)
{
    switch (format) {
    case RecordFormat::JsonLines:
        appendJsonLine(out, event, session);
        return;
    case RecordFormat::Text:
        appendTextLine(out, event, session);
        return;
    case RecordFormat::HexDump:
        appendHexDump(out, event);
        return;
    }
}

void appendHexDump(QByteArray &out, const Event &event)
{
    if (!isData(event))
        return;
    constexpr int PerLine = 16;
    out += event.dir == Direction::In ? "< " : "> ";
    appendTime(out, event.timeUs, false);
    out += "  #";
    appendNumber(out, event.conn);
    if (!event.peer.isEmpty()) {
        out += "  ";
        appendEscapedText(out, event.peer);
    }
    if (!event.name.isEmpty()) {
        out += "  <";
        appendEscapedText(out, event.name);
        out += '>';
    }
    out += "  ";
    const qint64 length = dataLength(event);
    appendNumber(out, quint64(length));
    out += length == 1 ? " byte\n" : " bytes\n";
    const QByteArray &bytes = event.payload;
    for (qsizetype offset = 0; offset < bytes.size(); offset += PerLine) {
        const qsizetype count = qMin<qsizetype>(PerLine, bytes.size() - offset);
        out += "  ";
        for (int shift = 28; shift >= 0; shift -= 4)
            out += HexDigits[(quint64(offset) >> shift) & 0xf];
        out += "  ";
        for (int i = 0; i < PerLine; ++i) {
            if (i < count) {
                appendHexByte(out, uchar(bytes[offset + i]));
                out += ' ';
            } else {
                out += "   ";
            }
            if (i == 7)
                out += ' ';
        }
        out += " |";
        for (qsizetype i = 0; i < count; ++i) {
            const uchar c = uchar(bytes[offset + i]);
            out += c >= 0x20 && c < 0x7f ? char(c) : '.';
        }
        out += "|\n";
    }
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
