#pragma once

#include <QByteArray>
#include <QString>

namespace sockpit {

// How a TCP connection's byte stream is split into the messages the log and the recording show,
// instead of the arbitrary chunks reads happen to return ("sticky packets"). Frames are lossless:
// each frame keeps its delimiter or length header, so the frames of a connection joined together are
// exactly the bytes that arrived.
struct Framing
{
    enum class Kind {
        Raw, // each read as it arrived (no framing)
        Delimiter, // a message ends with `delimiter` (LF, CR LF, any byte sequence)
        LengthPrefix, // a `prefixSize`-byte length, then that many bytes
        FixedLength, // every `fixedLength` bytes
        IdleGap, // a message ends after `idleGapMs` without bytes (the caller's timer; see Framer)
    };
    Kind kind = Kind::Raw;
    QByteArray delimiter = QByteArrayLiteral("\n");
    int prefixSize = 2; // 1, 2 or 4 bytes
    bool bigEndian = true; // network byte order
    bool lengthIncludesPrefix = false; // whether the length counts the header's own bytes
    int fixedLength = 16;
    int idleGapMs = 20;
    // A message longer than this is cut into pieces of this size, each marked, so a peer can never make
    // a frame (and memory) grow without bound.
    int maxFrame = 64 * 1024;

    // Empty when the settings can be used, else a message a user can act on (translated).
    QString validate() const;
    bool operator==(const Framing &other) const;
    bool operator!=(const Framing &other) const { return !(*this == other); }
};

} // namespace sockpit
