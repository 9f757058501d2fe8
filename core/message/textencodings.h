#pragma once

#include <QString>
#include <QStringList>

namespace sockpit {

// The text encodings offered for composing and rendering payloads. Qt 6.4 cannot list the codecs it
// has (QStringConverter::availableCodecs() is 6.7+), so this is a fixed list of the encodings people
// meet on the wire, keeping those this Qt build (with ICU on Debian) can both decode and encode.
// Computed once, thread-safe. "UTF-8" is always first.
QStringList availableEncodings();

// True when Qt can both decode and encode `name`, in the list or not ("windows-1253", "latin1").
bool isEncodingAvailable(const QString &name);

// A label for a menu or combo box: "GB18030 (Chinese, Simplified)"; the name alone when unknown.
QString encodingLabel(const QString &name);

} // namespace sockpit
