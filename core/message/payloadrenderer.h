#pragma once

#include <QByteArray>
#include <QString>

namespace sockpit {

enum class RenderMode { Text, Hex, Both };

// Bytes -> one line of plain text for the log. Peer bytes are untrusted: nothing is interpreted, and
// the text is unambiguous enough to type back in the composer's Escaped mode.
// Text: decoded in `encoding`. Printable characters as they are (markup like "<b>" included: the
//   result is never HTML); "\" as \\; CR, LF, tab, NUL as \r \n \t \0; other C0 controls and DEL as
//   \xNN (as \u{00NN} in UTF-16, where they are two bytes); C1 controls, format and bidi controls
//   (U+202E, U+200B..U+200F, U+2028/U+2029, U+FEFF, ...), unassigned code points and lone surrogates as
//   \u{XXXX}. A byte that is invalid in the encoding is shown as \xNN, one per byte, so \xNN always
//   means a raw byte. UTF-8, UTF-16LE/BE and Latin-1 are validated exactly by our own decoders; other
//   encodings go through Qt/ICU, and when that reports a problem each character is decoded on its own
//   (slower, exact for the stateless multi-byte encodings listed by availableEncodings()).
// Hex: "68 65 6c 6c 6f". Both: hex, two spaces, text.
// maxBytes > 0: only the first maxBytes are rendered and "…" follows each part, so a huge payload
//   costs bounded work; in UTF-8 and UTF-16 a character cut at the limit is dropped rather than
//   shown as bytes (other encodings show its bytes as \xNN).
QString renderPayload(const QByteArray &bytes, RenderMode mode,
    const QString &encoding = QStringLiteral("UTF-8"), qsizetype maxBytes = 0);

// How many bytes (0-3) at the end of `bytes` begin a character of `encoding` that the bytes do not
// complete: a read that ended inside a character, whose rest comes with the next read. UTF-8 and
// UTF-16 exactly; other multi-byte encodings (GB18030, Shift_JIS, ...) through Qt/ICU: the shortest
// tail without which the bytes decode cleanly while with it they do not. Latin-1: always 0.
qsizetype incompleteTail(const QByteArray &bytes, const QString &encoding);

// Lower-case hex; separator 0 means none ("68656c").
QString toHex(const QByteArray &bytes, char separator = ' ');

} // namespace sockpit
