#pragma once

#include "checksum.h"
#include "framing.h"

#include <QByteArray>
#include <QVector>

namespace sockpit::ui {

// Parts of a message the inspector shows with their own background. Marks come from whoever knows
// the message's structure (the session's framing, a checksum check) and may overlap; a later one wins.
enum class ByteMarkKind { FrameHeader, Delimiter, Checksum };

struct ByteMark
{
    qint64 start = 0;
    qint64 length = 0;
    ByteMarkKind kind = ByteMarkKind::FrameHeader;

    bool operator==(const ByteMark &other) const
    {
        return start == other.start && length == other.length && kind == other.kind;
    }
};

using ByteMarks = QVector<ByteMark>;

// The frame header (length prefix) or delimiter of a received message of `len` bytes that begins with
// `bytes` (all of them or a prefix), when `framing` made it and the bytes agree: a length prefix whose
// value matches the message's length, a delimiter the message ends with. None for a piece of a message
// cut at the framing's maximum, whose bytes do not agree.
ByteMarks framingMarks(const Framing &framing, const QByteArray &bytes, qint64 len);

// Bytes a message computes it on the GUI thread for at most: a check must not stall the window.
constexpr qint64 MaxChecksumBytes = 4 * 1024 * 1024;

// The check value of `spec` at the end of a whole message `bytes`, or just before its delimiter, when
// it is the value of the bytes before it (from the start, or from after a frame header): as the
// composer sends it, or as a device adds it before its delimiter. `frame` holds the message's
// framingMarks(). None when the value does not agree, or the message is a prefix or too long to check.
ByteMarks checksumMarks(
    const ChecksumSpec &spec, const QByteArray &bytes, qint64 len, const ByteMarks &frame);

} // namespace sockpit::ui
