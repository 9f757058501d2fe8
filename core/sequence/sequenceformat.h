#pragma once

#include "sequence.h"

#include <QByteArray>
#include <QString>

namespace sockpit {

// A sequence as JSON, the format `sockpit run` reads and the window imports and exports:
//   {"sequence": 1, "timeoutMs": 5000, "steps": [
//     {"kind": "send", "text": "READ {counter}\\r\\n"},
//     {"kind": "expect", "match": "regex", "pattern": "id=(?<id>\\d+)", "timeoutMs": 2000},
//     {"kind": "repeat", "count": 3, "steps": [{"kind": "send", "hex": "01 03 {id}"}]}, ...]}
// README.md, "Sequence format", is the contract.
QByteArray sequenceToJson(const Sequence &sequence);
// False with a translated message naming the line (bad JSON) or the step ("step 3", "step 2.1") and
// what is wrong with it.
bool sequenceFromJson(const QByteArray &json, Sequence *sequence, QString *error);
// Reads and parses a file; relative send files are then found next to it. False with *error (not
// naming the file), and *unreadable true when the file could not be read at all.
bool loadSequenceFile(const QString &path, Sequence *sequence, QString *error, bool *unreadable = nullptr);

} // namespace sockpit
