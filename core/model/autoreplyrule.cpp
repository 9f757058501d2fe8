#include "autoreplyrule.h"

namespace sockpit {

namespace {

struct KindName
{
    const char *name;
    int value;
};

constexpr KindName MatchNames[] = {
    {"exact", int(AutoReplyRule::Match::Exact)},
    {"prefix", int(AutoReplyRule::Match::Prefix)},
    {"contains", int(AutoReplyRule::Match::Contains)},
    {"regex", int(AutoReplyRule::Match::Regex)},
    {"hex", int(AutoReplyRule::Match::Hex)},
};

constexpr KindName ReplyNames[] = {
    {"text", int(AutoReplyRule::Reply::Text)},
    {"hex", int(AutoReplyRule::Reply::Hex)},
};

template<size_t N> QString nameOf(const KindName (&names)[N], int value)
{
    for (const KindName &entry : names)
        if (entry.value == value)
            return QString::fromLatin1(entry.name);
    return QString::fromLatin1(names[0].name);
}

template<size_t N> bool valueOf(const KindName (&names)[N], const QString &name, int *value)
{
    for (const KindName &entry : names) {
        if (name == QLatin1String(entry.name)) {
            *value = entry.value;
            return true;
        }
    }
    return false;
}

} // namespace

bool AutoReplyRule::operator==(const AutoReplyRule &other) const
{
    return enabled == other.enabled && match == other.match && pattern == other.pattern
        && replyKind == other.replyKind && reply == other.reply && delayMs == other.delayMs;
}

QString matchKindName(AutoReplyRule::Match match)
{
    return nameOf(MatchNames, int(match));
}

bool matchKindFromName(const QString &name, AutoReplyRule::Match *match)
{
    int value = 0;
    if (!valueOf(MatchNames, name, &value))
        return false;
    *match = AutoReplyRule::Match(value);
    return true;
}

QString replyKindName(AutoReplyRule::Reply kind)
{
    return nameOf(ReplyNames, int(kind));
}

bool replyKindFromName(const QString &name, AutoReplyRule::Reply *kind)
{
    int value = 0;
    if (!valueOf(ReplyNames, name, &value))
        return false;
    *kind = AutoReplyRule::Reply(value);
    return true;
}

} // namespace sockpit
