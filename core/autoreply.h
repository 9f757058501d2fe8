#pragma once

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <QVector>

#include <optional>

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

// The rules as JSON, the format the window exports and `listen --rules` reads:
//   {"rules": [{"enabled": true, "match": "prefix", "pattern": "PING", "reply": "PONG\\r\\n",
//               "replyKind": "text", "delayMs": 0}, ...]}
// Missing keys take the defaults of AutoReplyRule ("enabled" true, "match" "contains", "replyKind"
// "text", "delayMs" 0); "pattern" is required.
QByteArray autoReplyRulesToJson(const AutoReplyRules &rules);
// False with a translated message (naming the rule by its 1-based number) on a JSON or rule error.
bool autoReplyRulesFromJson(const QByteArray &json, AutoReplyRules *rules, QString *error);

// The enabled rules of a session compiled once: patterns and replies turned into bytes, regular
// expressions built. Not thread-safe: each connection or socket compiles its own, on its I/O thread.
class AutoReplier
{
public:
    struct Answer
    {
        QByteArray bytes;
        int delayMs = 0;
        int rule = 0; // 0-based index into the rules given
    };

    // Rules that do not compile are left out; validate() first to report them.
    explicit AutoReplier(const AutoReplyRules &rules);

    // Empty when every enabled rule compiles, else a translated message naming the first bad rule
    // (1-based) and what is wrong with it (a bad regular expression, bad hex, a negative delay).
    static QString validate(const AutoReplyRules &rules);
    // Empty when `rule` compiles (whether enabled or not), else what is wrong.
    static QString validateRule(const AutoReplyRule &rule);

    bool isEmpty() const { return m_rules.isEmpty(); }
    // The answer of the first enabled rule the message matches.
    std::optional<Answer> match(const char *data, qsizetype size) const;
    std::optional<Answer> match(const QByteArray &message) const
    {
        return match(message.constData(), message.size());
    }

private:
    struct Compiled
    {
        AutoReplyRule::Match match;
        QByteArray pattern;
        QByteArray mask; // Hex: 0 where the pattern byte is a "??" wildcard
        QRegularExpression regex;
        QByteArray reply;
        int delayMs;
        int index;
    };
    static bool compile(const AutoReplyRule &rule, Compiled *out, QString *error);

    QVector<Compiled> m_rules;
};

} // namespace sockpit
