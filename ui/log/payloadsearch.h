#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sockpit::ui {

// Looks for a text in payloads without rendering them: the text is prepared once as a needle, then
// found in the bytes themselves wherever their rendering would show it unchanged (printable ASCII as
// text, whole pairs of hex digits as hex). Nothing is cached, so several threads may search at once.
class PayloadSearch
{
public:
    struct Needle
    {
        QString text;
        QByteArray asciiLower; // the text as lower-case ASCII; empty if it is not ASCII
        bool hasLetters = false; // asciiLower has a letter (else a byte search is case-blind already)
        QByteArray hexBytes; // hex view: the bytes the text names as "37 38 39", or empty
    };
    static Needle needle(const QString &text, bool hexView);

    // Whether the text rendering of `bytes` in UTF-8 or Latin-1 is the bytes themselves: printable ASCII
    // without the backslash (which is shown doubled).
    static bool isPlainAscii(QByteArrayView bytes);
    // Whether every byte is ASCII (below 0x80): its text rendering in UTF-8 or Latin-1 is then the bytes
    // with control characters and the backslash escaped.
    static bool isAscii(QByteArrayView bytes);
    // Whether the text rendering of ASCII `bytes` (isAscii()) in UTF-8 or Latin-1 contains `needle`:
    // the escapes written as the renderer writes them ("\r", "\x01", "\\"), then searched as
    // containsBytes() does. Much cheaper than rendering to a QString: a text protocol's payloads hold
    // line ends.
    static bool escapedAsciiContains(QByteArrayView bytes, const QByteArray &needle, bool foldCase);
    // `needle` in `haystack`: case-blind when `foldCase` (the needle is lower-case ASCII), else exact.
    static bool containsBytes(QByteArrayView haystack, const QByteArray &needle, bool foldCase);
    // Whether the hex rendering of `payload` ("68 65 6c") contains an ASCII needle, ignoring case.
    static bool hexContains(QByteArrayView payload, const Needle &needle);
};

} // namespace sockpit::ui
