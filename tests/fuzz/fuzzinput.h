#pragma once

// Helpers the fuzz targets share: turning fuzzer bytes into the QStrings the parsers take, and
// checking invariants. Header only, so each target stays one executable of its own.

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace sockpit::fuzz {

// Fails the run: libFuzzer keeps the input as a crash artifact. `what` says which invariant broke.
[[noreturn]] inline void fail(const char *what)
{
    std::fprintf(stderr, "invariant failed: %s\n", what);
    std::abort();
}

inline void check(bool condition, const char *what)
{
    if (!condition)
        fail(what);
}

// Bytes -> UTF-16 that can hold anything a QString can, so the seeds stay readable text: valid UTF-8
// is read as such, a three-byte sequence for U+D800..U+DFFF gives that lone surrogate (as in WTF-8),
// and any other invalid byte gives U+FFFD.
inline QString fromWtf8(const uint8_t *data, size_t size)
{
    QString out;
    out.reserve(qsizetype(size));
    size_t i = 0;
    auto continuation = [&](size_t k) { return k < size && (data[k] & 0xc0) == 0x80; };
    while (i < size) {
        const uint8_t b = data[i];
        if (b < 0x80) {
            out.append(QChar(char16_t(b)));
            ++i;
        } else if (b >= 0xc2 && b <= 0xdf && continuation(i + 1)) {
            out.append(QChar(char16_t((b & 0x1f) << 6 | (data[i + 1] & 0x3f))));
            i += 2;
        } else if (b >= 0xe0 && b <= 0xef && continuation(i + 1) && continuation(i + 2)) {
            const char16_t u = char16_t((b & 0x0f) << 12 | (data[i + 1] & 0x3f) << 6 | (data[i + 2] & 0x3f));
            out.append(QChar(u >= 0x800 ? u : char16_t(0xfffd)));
            i += 3;
        } else if (b >= 0xf0 && b <= 0xf4 && continuation(i + 1) && continuation(i + 2)
            && continuation(i + 3)) {
            const char32_t cp = char32_t(b & 0x07) << 18 | char32_t(data[i + 1] & 0x3f) << 12
                | char32_t(data[i + 2] & 0x3f) << 6 | char32_t(data[i + 3] & 0x3f);
            if (cp >= 0x10000 && cp <= 0x10ffff) {
                out.append(QChar(QChar::highSurrogate(cp)));
                out.append(QChar(QChar::lowSurrogate(cp)));
            } else {
                out.append(QChar(char16_t(0xfffd)));
            }
            i += 4;
        } else {
            out.append(QChar(char16_t(0xfffd)));
            ++i;
        }
    }
    return out;
}

inline QString fromWtf8(const QByteArray &bytes)
{
    return fromWtf8(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
}

// The input up to its first '\n' (options of the target) and the rest (what is parsed). Without a
// '\n' the header is empty and everything is the body.
struct Split
{
    QByteArray header;
    QByteArray body;
};

inline Split splitHeader(const uint8_t *data, size_t size)
{
    const QByteArray all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = all.indexOf('\n');
    if (newline < 0)
        return {QByteArray(), all};
    return {all.left(newline), all.mid(newline + 1)};
}

// True when every UTF-16 unit of `text` is part of a well-formed character.
inline bool hasNoLoneSurrogate(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            return false;
    }
    return true;
}

// Calls f(code point) for each character of `text`; half a surrogate pair is passed on its own.
template<typename F> void forEachCodePoint(QStringView text, F f)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            f(QChar::surrogateToUcs4(c, text.at(i + 1)));
            ++i;
        } else {
            f(char32_t(c.unicode()));
        }
    }
}

// What the log may show of peer bytes: nothing a terminal or a text view would interpret, hide or
// reorder (controls, format and bidi characters, separators), nothing unassigned, no half pairs.
inline void checkShowable(QStringView text)
{
    forEachCodePoint(text, [](char32_t cp) {
        switch (QChar::category(cp)) {
        case QChar::Other_Control:
            fail("rendered text holds a control character");
        case QChar::Other_Format:
            fail("rendered text holds a format character");
        case QChar::Other_Surrogate:
            fail("rendered text holds half a surrogate pair");
        case QChar::Other_NotAssigned:
            fail("rendered text holds an unassigned code point");
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            fail("rendered text holds a line or paragraph separator");
        default:
            break;
        }
    });
}

} // namespace sockpit::fuzz
