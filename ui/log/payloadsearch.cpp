#include "payloadsearch.h"

#include <algorithm>
#include <cstring>

namespace sockpit::ui {

namespace {

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

// "37 38 39" -> the bytes 0x37 0x38 0x39; empty unless the text is whole hex pairs, one space apart: then
// the hex rendering ("xx xx xx") contains the text exactly where the bytes contain these bytes.
QByteArray hexPairs(const QString &text)
{
    if (text.size() % 3 != 2)
        return {};
    QByteArray bytes;
    for (qsizetype i = 0; i < text.size(); i += 3) {
        const int high = hexValue(text.at(i));
        const int low = hexValue(text.at(i + 1));
        if (high < 0 || low < 0 || (i + 2 < text.size() && text.at(i + 2) != u' '))
            return {};
        bytes.append(char(high << 4 | low));
    }
    return bytes;
}

// The hex rendering of `bytes` ("68 65 6c") as Latin-1, into `out`.
void hexLatin1(QByteArrayView bytes, QByteArray &out)
{
    static constexpr char digits[] = "0123456789abcdef";
    out.resize(std::max<qsizetype>(0, bytes.size() * 3 - 1));
    char *p = out.data();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto b = uchar(bytes[i]);
        if (i > 0)
            *p++ = ' ';
        *p++ = digits[b >> 4];
        *p++ = digits[b & 0xf];
    }
}

} // namespace

PayloadSearch::Needle PayloadSearch::needle(const QString &text, bool hexView)
{
    Needle needle;
    needle.text = text;
    bool ascii = true;
    for (const QChar c : text)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii && !text.isEmpty()) {
        needle.asciiLower = text.toLatin1().toLower();
        needle.hasLetters = std::any_of(needle.asciiLower.cbegin(), needle.asciiLower.cend(),
            [](char c) { return c >= 'a' && c <= 'z'; });
    }
    if (hexView)
        needle.hexBytes = hexPairs(text);
    return needle;
}

bool PayloadSearch::isPlainAscii(QByteArrayView bytes)
{
    // No early exit, so the loop vectorizes.
    bool plain = true;
    for (const char c : bytes) {
        const auto u = uchar(c);
        plain &= uchar(u - 0x20) <= 0x7e - 0x20 && u != '\\';
    }
    return plain;
}

bool PayloadSearch::isAscii(QByteArrayView bytes)
{
    uchar any = 0; // no early exit, so the loop vectorizes
    for (const char c : bytes)
        any |= uchar(c);
    return any < 0x80;
}

bool PayloadSearch::escapedAsciiContains(QByteArrayView bytes, const QByteArray &needle, bool foldCase)
{
    // As payloadrenderer.cpp's Escaper writes an ASCII code point; at most 4 characters a byte.
    static constexpr char digits[] = "0123456789abcdef";
    thread_local QByteArray text;
    text.resize(bytes.size() * 4);
    char *p = text.data();
    for (const char c : bytes) {
        const auto b = uchar(c);
        if (b >= 0x20 && b < 0x7f && b != '\\') {
            *p++ = char(b);
            continue;
        }
        *p++ = '\\';
        switch (b) {
        case '\\':
            *p++ = '\\';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\t':
            *p++ = 't';
            break;
        case 0:
            *p++ = '0';
            break;
        default:
            *p++ = 'x';
            *p++ = digits[b >> 4];
            *p++ = digits[b & 0xf];
            break;
        }
    }
    return containsBytes(QByteArrayView(text.constData(), p - text.constData()), needle, foldCase);
}

bool PayloadSearch::containsBytes(QByteArrayView haystack, const QByteArray &needle, bool foldCase)
{
    if (needle.isEmpty())
        return true;
    if (haystack.size() < needle.size())
        return false; // also an empty payload, whose data() may be null: memmem must not see that
    if (!foldCase) {
        return memmem(haystack.data(), size_t(haystack.size()), needle.constData(), size_t(needle.size()))
            != nullptr;
    }
    return std::search(haystack.cbegin(), haystack.cend(), needle.cbegin(), needle.cend(),
               [](char a, char b) { return asciiLower(a) == b; })
        != haystack.cend();
}

bool PayloadSearch::hexContains(QByteArrayView payload, const Needle &needle)
{
    // Whole pairs ("37 38 39") are found in the bytes themselves; anything else in the hex text.
    if (!needle.hexBytes.isEmpty())
        return containsBytes(payload, needle.hexBytes, false);
    thread_local QByteArray hex;
    hexLatin1(payload, hex);
    return containsBytes(hex, needle.asciiLower, needle.hasLetters);
}

} // namespace sockpit::ui
