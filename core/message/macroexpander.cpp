#include "macroexpander.h"

#include "payloadencoder.h"

#include <QCoreApplication>
#include <QRandomGenerator>

namespace sockpit {

namespace {

class Macros
{
    Q_DECLARE_TR_FUNCTIONS(Macros)
};

constexpr int MaxRandom = 4096;

// The literal text collected since the last macro, turned into bytes by the preset's mode. It is
// encoded after `start` spaces (then dropped: one byte each in both modes), so that an error names
// its position in the whole text.
bool flushLiteral(QString *literal, int start, MacroExpander::Mode mode, QByteArray *out, QString *error)
{
    if (literal->isEmpty())
        return true;
    const QString padded = QString(start, QLatin1Char(' ')) + *literal;
    const EncodeResult encoded
        = mode == MacroExpander::Mode::Hex ? parseHex(padded) : encodePayload(padded, InputMode::Escaped);
    if (!encoded.ok()) {
        *error = encoded.error;
        return false;
    }
    out->append(mode == MacroExpander::Mode::Hex ? encoded.bytes : encoded.bytes.mid(start));
    literal->clear();
    return true;
}

// A group number ("1") or a group name as regular expressions spell it ("id", "_x2").
bool isCaptureName(const QString &name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    const bool number = name.at(0).isDigit();
    for (const QChar c : name) {
        const bool ascii = c.unicode() < 128;
        if (!ascii || !(c.isDigit() || (!number && (c.isLetter() || c == QLatin1Char('_')))))
            return false;
    }
    return true;
}

} // namespace

MacroExpander::Result MacroExpander::counted(Result result)
{
    if (result.ok())
        ++m_counter;
    else
        result.bytes.clear();
    return result;
}

MacroExpander::Result MacroExpander::expand(const QString &text, Mode mode, const QDateTime &now)
{
    return counted(expandWith(text, mode, now, m_counter, {}));
}

MacroExpander::Result MacroExpander::expand(const QString &text, Mode mode, const Captures &captures)
{
    Context context;
    context.captures = &captures;
    return counted(expandWith(text, mode, QDateTime::currentDateTime(), m_counter, context));
}

MacroExpander::Result MacroExpander::expandKnown(const QString &text, const Captures &captures)
{
    Context context;
    context.captures = &captures;
    context.lenient = true;
    return counted(expandWith(text, Mode::Text, QDateTime::currentDateTime(), m_counter, context));
}

QString MacroExpander::validate(const QString &text, Mode mode, bool capturesLater)
{
    Context context;
    context.capturesLater = capturesLater;
    return expandWith(text, mode, QDateTime::currentDateTime(), 1, context).error;
}

MacroExpander::Result MacroExpander::expandWith(
    const QString &text, Mode mode, const QDateTime &now, quint64 counter, const Context &context)
{
    Result result;
    QString literal;
    int literalStart = 0;
    const auto keep = [&](const QString &piece, int at) {
        if (literal.isEmpty())
            literalStart = at;
        literal += piece;
    };
    int i = 0;
    while (i < text.size()) {
        const QChar ch = text.at(i);
        if (ch == QLatin1Char('}')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('}')) {
                keep(context.lenient ? QStringLiteral("}}") : QString(ch), i);
                i += 2;
                continue;
            }
            if (context.lenient) {
                keep(ch, i++);
                continue;
            }
            result.error = Macros::tr("a lone '}' at position %1 (write }} for one)").arg(i + 1);
            return result;
        }
        if (ch != QLatin1Char('{')) {
            keep(ch, i++);
            continue;
        }
        if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('{')) {
            keep(context.lenient ? QStringLiteral("{{") : QString(ch), i);
            i += 2;
            continue;
        }
        const int close = text.indexOf(QLatin1Char('}'), i + 1);
        if (close < 0) {
            if (context.lenient) {
                keep(ch, i++);
                continue;
            }
            result.error = Macros::tr("the '{' at position %1 is not closed (write {{ for one)").arg(i + 1);
            return result;
        }
        const QString macro = text.mid(i + 1, close - i - 1);
        const int colon = macro.indexOf(QLatin1Char(':'));
        const QString name = colon < 0 ? macro : macro.left(colon);
        const QString argument = colon < 0 ? QString() : macro.mid(colon + 1);
        QByteArray bytes;
        QString error;
        if (name == QLatin1String("counter") && colon < 0) {
            bytes = QByteArray::number(counter);
        } else if (name == QLatin1String("time")) {
            const QString format = colon < 0 ? QStringLiteral("yyyy-MM-dd HH:mm:ss") : argument;
            bytes = now.toString(format).toUtf8();
        } else if (name == QLatin1String("random")) {
            bool ok = false;
            const int count = argument.toInt(&ok);
            if (!ok || count < 1 || count > MaxRandom) {
                error
                    = Macros::tr("{random:N} at position %1 needs N from 1 to %2").arg(i + 1).arg(MaxRandom);
            } else {
                bytes = QByteArray(count, Qt::Uninitialized);
                for (int k = 0; k < count; ++k)
                    bytes[k] = char(QRandomGenerator::global()->bounded(256));
            }
        } else if (name == QLatin1String("hex") && colon >= 0) {
            const EncodeResult decoded = parseHex(argument);
            if (!decoded.ok())
                error = Macros::tr("{hex:} at position %1: %2").arg(i + 1).arg(decoded.error);
            bytes = decoded.bytes;
        } else if (colon < 0 && isCaptureName(macro) && context.captures
            && context.captures->contains(macro)) {
            bytes = context.captures->value(macro);
        } else if (colon < 0 && isCaptureName(macro) && context.capturesLater) {
            // Known when the text is expanded.
        } else if (colon < 0 && isCaptureName(macro) && context.captures && !context.lenient) {
            error
                = Macros::tr("{%1} at position %2: no earlier match captured a group of that name or number")
                      .arg(macro)
                      .arg(i + 1);
        } else {
            error = Macros::tr("unknown macro {%1} at position %2 (known: {counter}, {time}, "
                               "{time:FORMAT}, {random:N}, {hex:HEX}; {{ and }} for braces)")
                        .arg(macro)
                        .arg(i + 1);
        }
        if (!error.isEmpty()) {
            if (context.lenient) {
                keep(ch, i++);
                continue;
            }
            result.error = error;
            return result;
        }
        if (!flushLiteral(&literal, literalStart, mode, &result.bytes, &result.error))
            return result;
        result.bytes += bytes;
        i = close + 1;
    }
    flushLiteral(&literal, literalStart, mode, &result.bytes, &result.error);
    if (!result.ok())
        result.bytes.clear();
    return result;
}

} // namespace sockpit
