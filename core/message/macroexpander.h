#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

namespace sockpit {

// Turns a quick-send preset into bytes, expanding its macros:
//   {counter}        the number of this send, in decimal ASCII: 1 for the first, then 2, 3, ...
//   {time}           the local time as "yyyy-MM-dd HH:mm:ss", ASCII
//   {time:FORMAT}    the local time in a QDateTime format ("HH:mm:ss.zzz", "yyyyMMdd", ...); the
//                    format ends at the first '}'
//   {random:N}       N random bytes (1 to 4096)
//   {hex:HEX}        the bytes HEX stands for ("aa 55", "0x01,0x02"), in Text presets too
//   {{ and }}        a literal { and }
//   {1}, {name}      with captures given (a sequence's earlier expects, an auto-reply rule's regular
//                    expression): the bytes that group captured
// The text between macros is read as the preset's mode says: Text is UTF-8 with escapes (\r \n \t
// \xNN ..., as the composer's Escapes mode), Hex is byte values (each piece between macros whole
// bytes). Macros give bytes as they are, whatever the mode. Anything else in braces is an error.
class MacroExpander
{
public:
    enum class Mode { Text, Hex };

    struct Result
    {
        QByteArray bytes;
        QString error; // translated, names the 1-based position
        bool ok() const { return error.isEmpty(); }
    };

    // Capture groups by number ("1") and by name, as bytes.
    using Captures = QHash<QString, QByteArray>;

    // Expands `text` and, when it succeeds, counts the send ({counter} is one more next time).
    Result expand(const QString &text, Mode mode) { return expand(text, mode, QDateTime::currentDateTime()); }
    Result expand(const QString &text, Mode mode, const QDateTime &now);
    // The same, with {1} and {name} taken from `captures`; one it does not hold is an error.
    Result expand(const QString &text, Mode mode, const Captures &captures);
    // Text mode, leniently, for texts written before macros existed (auto-reply answers): only the
    // macros above and the captures given are expanded; anything else in braces, {{, }} and lone
    // braces stay as written.
    Result expandKnown(const QString &text, const Captures &captures);
    // Checks `text` without counting a send ({random} still draws bytes). With `capturesLater`, any
    // {1} or {name} is accepted: the captures are known only when the text is expanded.
    static QString validate(const QString &text, Mode mode, bool capturesLater = false);

    quint64 counter() const { return m_counter; } // the value {counter} gives next
    void setCounter(quint64 next) { m_counter = next; }

private:
    struct Context
    {
        const Captures *captures = nullptr;
        bool capturesLater = false;
        bool lenient = false;
    };
    static Result expandWith(
        const QString &text, Mode mode, const QDateTime &now, quint64 counter, const Context &context);
    Result counted(Result result);

    quint64 m_counter = 1;
};

} // namespace sockpit
