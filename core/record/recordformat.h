#pragma once

#include "event.h"

#include <QByteArray>
#include <QString>

namespace sockpit {

// How a recording is written: JSON Lines for scripts, plain text for people, or a hex dump of the
// bytes that pass and nothing else (`--hex-dump`, as ncat -x).
enum class RecordFormat { JsonLines, Text, HexDump };

// ".jsonl" (any case) means JSON Lines; every other name means plain text.
RecordFormat recordFormatForPath(const QString &path);

// One event as one '\n'-terminated UTF-8 line. The JSON form is a contract other scripts rely on:
// {"t":"2026-11-24T15:20:01.123456Z","session":"…","conn":7,"dir":"in","peer":"…","local":"…",
//  "len":5,"hex":"68656c6c6f"}; info/error events carry "event" (omitted for EventKind::None),
// "peer"/"local" (omitted when empty), "upstream" (omitted when empty), "text", and "len" when > 0.
QByteArray formatJsonLine(const Event &event, const QString &session);
// "2026-11-24 15:20:01.123456  [session]  #7  in     peer  local …  5 bytes  68 65 6c 6c 6f  hello":
// every payload byte in hex, then the payload as text with control characters and invalid UTF-8
// escaped, so a line never carries raw peer bytes and never spans two lines.
QByteArray formatTextLine(const Event &event, const QString &session);

// The same, appended to out: the writer thread builds whole batches without a buffer per event.
void appendJsonLine(QByteArray &out, const Event &event, const QString &session);
void appendTextLine(QByteArray &out, const Event &event, const QString &session);
void appendRecordLine(QByteArray &out, RecordFormat format, const Event &event, const QString &session);
// A data event as a hex dump; nothing for other events. A header line, then 16 bytes a line:
// "< 2026-11-24 15:20:01.123456  #7  127.0.0.1:53122  5 bytes" ('<' received, '>' sent), then
// "  00000000  68 65 6c 6c 6f                                    |hello|", the bytes outside printable
// ASCII shown as '.'.
void appendHexDump(QByteArray &out, const Event &event);

// UTC, exactly six fractional digits: "2026-11-24T15:20:01.123456Z" when iso, else
// "2026-11-24 15:20:01.123456". Times before 1970 are floored, not truncated toward zero.
QByteArray formatRecordTime(qint64 timeUs, bool iso);

} // namespace sockpit
