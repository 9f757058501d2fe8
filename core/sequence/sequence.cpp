#include "sequence.h"

namespace sockpit {

namespace {

// The text as written, on one line: control characters and quotes escaped, escapes the text itself
// spells (\r as two characters) left alone.
QString quoteText(const QString &text)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : text) {
        if (c == QLatin1Char('\r'))
            out += QStringLiteral("\\r");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            out += QStringLiteral("\\t");
        else if (c == QLatin1Char('"'))
            out += QStringLiteral("\\\"");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(uint(c.unicode()), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + QLatin1Char('"');
}

} // namespace

bool SequenceStep::operator==(const SequenceStep &other) const
{
    return kind == other.kind && data == other.data && text == other.text && match == other.match
        && pattern == other.pattern && timeoutMs == other.timeoutMs && delayMs == other.delayMs
        && count == other.count && steps == other.steps;
}

bool Sequence::operator==(const Sequence &other) const
{
    return name == other.name && timeoutMs == other.timeoutMs && steps == other.steps;
}

QString stepKindName(SequenceStep::Kind kind)
{
    switch (kind) {
    case SequenceStep::Kind::Send:
        return QStringLiteral("send");
    case SequenceStep::Kind::Expect:
        return QStringLiteral("expect");
    case SequenceStep::Kind::Delay:
        return QStringLiteral("delay");
    case SequenceStep::Kind::Repeat:
        return QStringLiteral("repeat");
    case SequenceStep::Kind::HalfClose:
        return QStringLiteral("half-close");
    case SequenceStep::Kind::Close:
        return QStringLiteral("close");
    }
    return {};
}

QString matchName(SequenceStep::Match match)
{
    switch (match) {
    case SequenceStep::Match::Exact:
        return QStringLiteral("exact");
    case SequenceStep::Match::Contains:
        return QStringLiteral("contains");
    case SequenceStep::Match::Regex:
        return QStringLiteral("regex");
    case SequenceStep::Match::Hex:
        return QStringLiteral("hex");
    }
    return {};
}

QString describeStep(const SequenceStep &step)
{
    switch (step.kind) {
    case SequenceStep::Kind::Send:
        if (step.data == SequenceStep::Data::Hex)
            return QStringLiteral("send hex ") + quoteText(step.text);
        if (step.data == SequenceStep::Data::File)
            return QStringLiteral("send file ") + quoteText(step.text);
        return QStringLiteral("send ") + quoteText(step.text);
    case SequenceStep::Kind::Expect:
        if (step.match == SequenceStep::Match::Contains)
            return QStringLiteral("expect ") + quoteText(step.pattern);
        return QStringLiteral("expect ") + matchName(step.match) + QLatin1Char(' ') + quoteText(step.pattern);
    case SequenceStep::Kind::Delay:
        return QStringLiteral("delay %1 ms").arg(step.delayMs);
    case SequenceStep::Kind::Repeat:
        return QStringLiteral("repeat %1 times").arg(step.count);
    case SequenceStep::Kind::HalfClose:
    case SequenceStep::Kind::Close:
        return stepKindName(step.kind);
    }
    return {};
}

QString quoteBytes(const QByteArray &bytes, int maxBytes)
{
    QString out = QStringLiteral("\"");
    const qsizetype shown = maxBytes > 0 ? qMin<qsizetype>(bytes.size(), maxBytes) : bytes.size();
    for (qsizetype i = 0; i < shown; ++i) {
        const auto c = uchar(bytes.at(i));
        switch (c) {
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '"':
            out += QStringLiteral("\\\"");
            break;
        default:
            if (c >= 0x20 && c < 0x7f)
                out += QLatin1Char(char(c));
            else
                out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        }
    }
    out += QLatin1Char('"');
    if (shown < bytes.size())
        out += QStringLiteral("…");
    return out;
}

} // namespace sockpit
