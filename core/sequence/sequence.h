#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace sockpit {

// One step of a scripted conversation. Which fields matter depends on the kind.
struct SequenceStep
{
    enum class Kind { Send, Expect, Delay, Repeat, HalfClose, Close };
    // Send: the text is UTF-8 with escapes and macros, hex with macros, or a file's path.
    enum class Data { Text, Hex, File };
    // Expect: how the pattern is looked for in the bytes received since the previous match.
    enum class Match { Exact, Contains, Regex, Hex };

    Kind kind = Kind::Send;
    Data data = Data::Text;
    QString text; // Send: the text, hex or file path
    Match match = Match::Contains;
    QString pattern; // Expect
    int timeoutMs = 0; // Expect: 0 means the sequence's default
    int delayMs = 0; // Delay
    int count = 1; // Repeat
    QVector<SequenceStep> steps; // Repeat

    bool operator==(const SequenceStep &other) const;
    bool operator!=(const SequenceStep &other) const { return !(*this == other); }
};

// A list of steps run over one connection, with the default an expect waits.
struct Sequence
{
    static constexpr int DefaultTimeoutMs = 5000;
    static constexpr int MaxMs = 3600000;
    static constexpr int MaxRepeat = 1000000;

    QString name;
    int timeoutMs = DefaultTimeoutMs;
    QVector<SequenceStep> steps;
    // Where a send step's relative file path starts (the sequence file's folder); empty: the
    // working directory.
    QString baseDirectory;

    bool operator==(const Sequence &other) const;
    bool operator!=(const Sequence &other) const { return !(*this == other); }
};

// The names the file format and the reports use ("send", "half-close", "regex", ...).
QString stepKindName(SequenceStep::Kind kind);
QString matchName(SequenceStep::Match match);
// One line a person reads: `send "PING\r\n"`, `expect regex "id=(\d+)"`, `delay 100 ms`. Not
// translated: it is the step in the file's own words, and `sockpit run` prints it for scripts to read.
QString describeStep(const SequenceStep &step);
// Bytes as a quoted, printable string: `"OK\r\n\x00"`; longer than maxBytes: cut, with "…" after it.
QString quoteBytes(const QByteArray &bytes, int maxBytes = 200);

} // namespace sockpit
