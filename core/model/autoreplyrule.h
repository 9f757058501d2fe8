#pragma once

#include <QString>
#include <QVector>

namespace sockpit {

// One auto-reply rule: when a received message matches, answer its sender.
// What a "message" is: each chunk as read (raw TCP), each frame when the session has a framing, each
// UDP datagram.
struct AutoReplyRule
{
    enum class Match {
        Exact, // the message is the pattern, either as is or followed by one LF or CR LF
        Prefix, // the message starts with the pattern
        Contains, // the pattern is somewhere in the message
        Regex, // the regular expression finds a match in the message decoded as UTF-8 (anchor with ^ $)
        Hex, // the message contains these bytes; "??" stands for any one byte
    };
    enum class Reply {
        Text, // UTF-8 text with escapes (\r \n \t \xNN ..., as the composer's Escapes mode)
        Hex, // byte values, as the composer's Hex mode
    };
    bool enabled = true;
    Match match = Match::Contains;
    // Exact, Prefix, Contains: text with escapes, matched against the bytes as UTF-8.
    QString pattern;
    Reply replyKind = Reply::Text;
    QString reply;
    int delayMs = 0; // 0: at once; else after this many milliseconds

    bool operator==(const AutoReplyRule &other) const;
    bool operator!=(const AutoReplyRule &other) const { return !(*this == other); }
};

using AutoReplyRules = QVector<AutoReplyRule>;

// The stable names used in JSON: "exact", "prefix", "contains", "regex", "hex"; "text", "hex".
QString matchKindName(AutoReplyRule::Match match);
bool matchKindFromName(const QString &name, AutoReplyRule::Match *match);
QString replyKindName(AutoReplyRule::Reply kind);
bool replyKindFromName(const QString &name, AutoReplyRule::Reply *kind);

} // namespace sockpit
