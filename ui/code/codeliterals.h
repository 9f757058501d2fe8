#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace sockpit::ui {

// Literals and comments of generated source code. Every one is plain ASCII apart from comment text,
// so a host name or payload can never end a literal early, open a comment or change a line's meaning,
// whatever quotes, backslashes, control or non-ASCII characters it holds.

// A Python str literal in single quotes: 'it\'s', non-ASCII as \xNN, \uNNNN or \UNNNNNNNN.
QString pythonString(const QString &text);
// A Python bytes literal: b'hello\r\n', every byte outside printable ASCII as \xNN.
QString pythonBytes(const QByteArray &bytes);
// A C string literal holding `bytes` (UTF-8 for text): "a\"b", bytes outside printable ASCII as
// three-digit octal escapes, and "??" written "?\?" so no trigraph can form.
QString cString(const QByteArray &bytes);

// Comment lines for `text` (which may hold line breaks): "# ..." for Python; for C a block comment,
// "/* ... */" on one line or "/*", " * ..." lines and " */", where a "*/" or "/*" in the text is
// broken up.
QStringList pythonComment(const QString &text);
QStringList cComment(const QString &text);
// A comment at the end of a line: "# text", "/* text */", line breaks in the text made spaces.
QString pythonInlineComment(const QString &text);
QString cInlineComment(const QString &text);

} // namespace sockpit::ui
