#pragma once

#include <QByteArray>
#include <QString>

namespace sockpit::ui {

// A message's bytes written out to be pasted elsewhere: into a hex editor, C or Python source, a
// Base64 field, or the composer's Escaped mode.
enum class CopyFormat { Hex, CArray, PythonBytes, Base64, EscapedText };

// Hex: "68 65 6c 6c 6f". CArray: "const unsigned char message[5] = {" and lines of twelve "0x68, ",
// then "};". PythonBytes: b'hello\r\n'. Base64: standard alphabet, padded. EscapedText: decoded in
// `encoding`, control characters and invalid bytes as escapes (the log's text rendering).
QString messageCopyText(const QByteArray &bytes, CopyFormat format, const QString &encoding);

} // namespace sockpit::ui
