#pragma once

#include <QByteArray>
#include <QString>

namespace sockpit {

enum class InputMode {
    Text, // the characters, encoded in the chosen encoding
    Hex, // byte values; see parseHex()
    Escaped, // text with C-like escapes; see encodePayload()
};

enum class LineEnding { None, LF, CRLF };

// The bytes a composer's input stands for, or why there are none: nothing is sent on error.
struct EncodeResult
{
    QByteArray bytes;
    QString error; // translated, names the offending text and its 1-based position
    int errorPosition = -1; // 0-based index into the input (UTF-16 units, like a text cursor); -1: none
    bool ok() const { return error.isEmpty(); }
};

// Composer text -> bytes.
// Text: `input` encoded in `encoding` (any name isEncodingAvailable() accepts); a character the
//   encoding cannot represent is an error at its position, never a silent '?'.
// Escaped: like Text, plus \r \n \t \0 \\ \" \' \a \b \e \f \v, \xNN (exactly two hex digits: one raw
//   byte, inserted as is, not encoded) and \u{H...} (a Unicode code point, 1-6 hex digits, encoded).
//   There are no octal escapes: "\012" is NUL, '1', '2'. An unknown escape, a bad \x or \u{}, or a
//   backslash at the end is an error at the backslash. This is the inverse of renderPayload()'s text.
// Hex: parseHex(); the line ending is NOT appended, since hex input spells out every byte already
//   (as NetAssist does: the line ending belongs to text modes).
// The line ending is appended to Text and Escaped input, encoded like the text (so UTF-16 gets 0a 00).
EncodeResult encodePayload(const QString &input, InputMode mode,
    const QString &encoding = QStringLiteral("UTF-8"), LineEnding ending = LineEnding::None);

// Hex text -> bytes. Separators: white space (spaces, tabs, new lines), ',', ':' and '-'; any number of
// them anywhere. Each group between separators is an optional "0x"/"0X" prefix and then an even number
// of hex digits, read two by two: "48 65 6c", "48656c", "0x48,0x65", "0X48 0x656C", "48:65-6c".
// A group with an odd number of digits ("486", "0x5") is an error rather than a guess; so is any other
// character. Empty input gives no bytes and no error.
EncodeResult parseHex(const QString &input);

// "\n", "\r\n" or "".
QString lineEndingText(LineEnding ending);

} // namespace sockpit
