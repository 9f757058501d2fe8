#include "autoreply.h"

#include "jsonlist.h"
#include "payloadencoder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <cstring>

namespace sockpit {

namespace {

class AutoReply
{
    Q_DECLARE_TR_FUNCTIONS(AutoReply)
};

constexpr int MaxDelayMs = 3600 * 1000;

bool isSeparator(QChar ch)
{
    return ch.isSpace() || ch == QLatin1Char(',') || ch == QLatin1Char(':') || ch == QLatin1Char('-');
}

// Hex with "??" wildcards: the groups of parseHex(), each pair of characters a byte or "??".
bool parseHexPattern(const QString &text, QByteArray *bytes, QByteArray *mask, QString *error)
{
    bytes->clear();
    mask->clear();
    int i = 0;
    while (i < text.size()) {
        if (isSeparator(text.at(i))) {
            ++i;
            continue;
        }
        const int start = i;
        while (i < text.size() && !isSeparator(text.at(i)))
            ++i;
        QString group = text.mid(start, i - start);
        int offset = start;
        if (group.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
            group = group.mid(2);
            offset += 2;
        }
        if (group.isEmpty() || group.size() % 2 != 0) {
            *error = AutoReply::tr("odd number of hex digits at position %1").arg(start + 1);
            return false;
        }
        for (int j = 0; j < group.size(); j += 2) {
            const QString pair = group.mid(j, 2);
            if (pair == QLatin1String("??")) {
                bytes->append('\0');
                mask->append('\0');
                continue;
            }
            bool ok = false;
            const uint value = pair.toUInt(&ok, 16);
            if (!ok) {
                *error = AutoReply::tr("'%1' at position %2 is not a hex byte or ??")
                             .arg(pair)
                             .arg(offset + j + 1);
                return false;
            }
            bytes->append(char(value));
            mask->append('\xff');
        }
    }
    if (bytes->isEmpty()) {
        *error = AutoReply::tr("the hex pattern is empty");
        return false;
    }
    return true;
}

bool containsMasked(const char *data, qsizetype size, const QByteArray &pattern, const QByteArray &mask)
{
    const qsizetype n = pattern.size();
    for (qsizetype at = 0; at + n <= size; ++at) {
        qsizetype k = 0;
        while (k < n && (mask.at(k) == '\0' || data[at + k] == pattern.at(k)))
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

bool startsWith(const char *data, qsizetype size, const QByteArray &prefix)
{
    return size >= prefix.size() && std::memcmp(data, prefix.constData(), size_t(prefix.size())) == 0;
}

bool equalsAt(const char *data, qsizetype size, const QByteArray &pattern)
{
    return size == pattern.size() && std::memcmp(data, pattern.constData(), size_t(size)) == 0;
}

// The message is the pattern, or the pattern and one LF or CR LF (a line framing keeps them).
bool equalsIgnoringLineEnd(const char *data, qsizetype size, const QByteArray &pattern)
{
    if (equalsAt(data, size, pattern))
        return true;
    if (size < 1 || data[size - 1] != '\n')
        return false;
    if (equalsAt(data, size - 1, pattern))
        return true;
    return size >= 2 && data[size - 2] == '\r' && equalsAt(data, size - 2, pattern);
}

} // namespace

QByteArray autoReplyRulesToJson(const AutoReplyRules &rules)
{
    QJsonArray array;
    for (const AutoReplyRule &rule : rules) {
        QJsonObject object;
        object.insert(QStringLiteral("enabled"), rule.enabled);
        object.insert(QStringLiteral("match"), matchKindName(rule.match));
        object.insert(QStringLiteral("pattern"), rule.pattern);
        object.insert(QStringLiteral("replyKind"), replyKindName(rule.replyKind));
        object.insert(QStringLiteral("reply"), rule.reply);
        object.insert(QStringLiteral("delayMs"), rule.delayMs);
        array.append(object);
    }
    return jsonListToJson(QStringLiteral("rules"), array);
}

bool autoReplyRulesFromJson(const QByteArray &json, AutoReplyRules *rules, QString *error)
{
    const JsonListErrors errors {AutoReply::tr("not valid JSON at offset %1: %2"),
        AutoReply::tr("expected an object with a \"rules\" array")};
    QJsonArray array;
    if (!jsonListFromJson(json, QStringLiteral("rules"), errors, &array, error))
        return false;
    AutoReplyRules result;
    for (int i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        const auto fail = [&](const QString &what) {
            *error = AutoReply::tr("rule %1: %2").arg(i + 1).arg(what);
            return false;
        };
        if (!array.at(i).isObject())
            return fail(AutoReply::tr("not an object"));
        AutoReplyRule rule;
        rule.enabled = object.value(QStringLiteral("enabled")).toBool(true);
        const QString match = object.value(QStringLiteral("match")).toString(matchKindName(rule.match));
        if (!matchKindFromName(match, &rule.match))
            return fail(
                AutoReply::tr("\"match\" is exact, prefix, contains, regex or hex, not '%1'").arg(match));
        if (!object.value(QStringLiteral("pattern")).isString())
            return fail(AutoReply::tr("\"pattern\" is missing"));
        rule.pattern = object.value(QStringLiteral("pattern")).toString();
        const QString kind
            = object.value(QStringLiteral("replyKind")).toString(replyKindName(rule.replyKind));
        if (!replyKindFromName(kind, &rule.replyKind))
            return fail(AutoReply::tr("\"replyKind\" is text or hex, not '%1'").arg(kind));
        rule.reply = object.value(QStringLiteral("reply")).toString();
        const QJsonValue delay = object.value(QStringLiteral("delayMs"));
        if (!delay.isUndefined() && (!delay.isDouble() || delay.toDouble() != double(delay.toInt(-1))))
            return fail(AutoReply::tr("\"delayMs\" is a whole number of milliseconds"));
        rule.delayMs = delay.toInt(0);
        const QString problem = AutoReplier::validateRule(rule);
        if (!problem.isEmpty())
            return fail(problem);
        result.append(rule);
    }
    *rules = result;
    return true;
}

AutoReplier::AutoReplier(const AutoReplyRules &rules)
{
    for (int i = 0; i < rules.size(); ++i) {
        if (!rules.at(i).enabled)
            continue;
        Compiled compiled;
        QString error;
        if (compile(rules.at(i), &compiled, &error)) {
            compiled.index = i;
            m_rules.append(compiled);
        }
    }
}

QString AutoReplier::validate(const AutoReplyRules &rules)
{
    for (int i = 0; i < rules.size(); ++i) {
        if (!rules.at(i).enabled)
            continue;
        const QString problem = validateRule(rules.at(i));
        if (!problem.isEmpty())
            return AutoReply::tr("auto-reply rule %1: %2").arg(i + 1).arg(problem);
    }
    return QString();
}

QString AutoReplier::validateRule(const AutoReplyRule &rule)
{
    Compiled compiled;
    QString error;
    compile(rule, &compiled, &error);
    return error;
}

bool AutoReplier::compile(const AutoReplyRule &rule, Compiled *out, QString *error)
{
    out->match = rule.match;
    out->delayMs = rule.delayMs;
    if (rule.delayMs < 0 || rule.delayMs > MaxDelayMs) {
        *error = AutoReply::tr("the delay must be 0 to %1 ms, not %2").arg(MaxDelayMs).arg(rule.delayMs);
        return false;
    }
    switch (rule.match) {
    case AutoReplyRule::Match::Exact:
    case AutoReplyRule::Match::Prefix:
    case AutoReplyRule::Match::Contains: {
        const EncodeResult pattern = encodePayload(rule.pattern, InputMode::Escaped);
        if (!pattern.ok()) {
            *error = AutoReply::tr("pattern: %1").arg(pattern.error);
            return false;
        }
        if (pattern.bytes.isEmpty() && rule.match != AutoReplyRule::Match::Exact) {
            *error = AutoReply::tr("the pattern is empty");
            return false;
        }
        out->pattern = pattern.bytes;
        break;
    }
    case AutoReplyRule::Match::Regex:
        out->regex = QRegularExpression(rule.pattern);
        if (!out->regex.isValid()) {
            *error = AutoReply::tr("regular expression: %1 at position %2")
                         .arg(out->regex.errorString())
                         .arg(out->regex.patternErrorOffset() + 1);
            return false;
        }
        out->regex.optimize();
        break;
    case AutoReplyRule::Match::Hex:
        if (!parseHexPattern(rule.pattern, &out->pattern, &out->mask, error)) {
            *error = AutoReply::tr("hex pattern: %1").arg(*error);
            return false;
        }
        break;
    }
    const EncodeResult reply = rule.replyKind == AutoReplyRule::Reply::Hex
        ? parseHex(rule.reply)
        : encodePayload(rule.reply, InputMode::Escaped);
    if (!reply.ok()) {
        *error = AutoReply::tr("reply: %1").arg(reply.error);
        return false;
    }
    if (reply.bytes.isEmpty()) {
        *error = AutoReply::tr("the reply is empty");
        return false;
    }
    out->reply = reply.bytes;
    // Only known macros are expanded, so a brace in an answer written before macros existed stays.
    if (rule.replyKind == AutoReplyRule::Reply::Text && rule.reply.contains(QLatin1Char('{')))
        out->replyMacros = rule.reply;
    return true;
}

std::optional<AutoReplier::Answer> AutoReplier::match(const char *data, qsizetype size) const
{
    QString decoded; // for regular expressions, decoded once
    bool haveDecoded = false;
    for (const Compiled &rule : m_rules) {
        bool hit = false;
        switch (rule.match) {
        case AutoReplyRule::Match::Exact:
            hit = equalsIgnoringLineEnd(data, size, rule.pattern);
            break;
        case AutoReplyRule::Match::Prefix:
            hit = startsWith(data, size, rule.pattern);
            break;
        case AutoReplyRule::Match::Contains:
            hit = QByteArrayView(data, size).indexOf(QByteArrayView(rule.pattern)) >= 0;
            break;
        case AutoReplyRule::Match::Regex: {
            if (!haveDecoded) {
                decoded = QString::fromUtf8(data, size);
                haveDecoded = true;
            }
            const QRegularExpressionMatch found = rule.regex.match(decoded);
            hit = found.hasMatch();
            if (hit && !rule.replyMacros.isEmpty()) {
                MacroExpander::Captures captures;
                for (int k = 0; k <= rule.regex.captureCount(); ++k)
                    captures.insert(QString::number(k), found.captured(k).toUtf8());
                for (const QString &name : rule.regex.namedCaptureGroups()) {
                    if (!name.isEmpty())
                        captures.insert(name, found.captured(name).toUtf8());
                }
                return answer(rule, captures);
            }
            break;
        }
        case AutoReplyRule::Match::Hex:
            hit = containsMasked(data, size, rule.pattern, rule.mask);
            break;
        }
        if (hit)
            return answer(rule, {});
    }
    return std::nullopt;
}

AutoReplier::Answer AutoReplier::answer(const Compiled &rule, const MacroExpander::Captures &captures) const
{
    if (rule.replyMacros.isEmpty())
        return Answer {rule.reply, rule.delayMs, rule.index};
    const MacroExpander::Result expanded = m_macros.expandKnown(rule.replyMacros, captures);
    return Answer {
        expanded.ok() && !expanded.bytes.isEmpty() ? expanded.bytes : rule.reply, rule.delayMs, rule.index};
}

} // namespace sockpit
