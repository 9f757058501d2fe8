#pragma once

#include "autoreplyrule.h"
#include "macroexpander.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <QVector>

#include <optional>

namespace sockpit {

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
    // The answer of the first enabled rule the message matches. A text reply's macros ({counter},
    // {time}, ... and for a regex rule its groups, {1} or {name}) are expanded for each answer.
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
        QString replyMacros; // a text reply that may hold macros, expanded per answer; else empty
        int delayMs;
        int index;
    };
    static bool compile(const AutoReplyRule &rule, Compiled *out, QString *error);
    Answer answer(const Compiled &rule, const MacroExpander::Captures &captures) const;

    QVector<Compiled> m_rules;
    mutable MacroExpander m_macros; // {counter}: this replier's answers
};

} // namespace sockpit
