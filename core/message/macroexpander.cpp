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

} // namespace

MacroExpander::Result MacroExpander::expand(const QString &text, Mode mode, const QDateTime &now)
{
    Result result = expandWith(text, mode, now, m_counter);
    if (result.ok())
        ++m_counter;
    else
        result.bytes.clear();
    return result;
}

QString MacroExpander::validate(const QString &text, Mode mode)
{
    return expandWith(text, mode, QDateTime::currentDateTime(), 1).error;
}

MacroExpander::Result MacroExpander::expandWith(
    const QString &text, Mode mode, const QDateTime &now, quint64 counter)
{
    Result result;
    QString literal;
    int literalStart = 0;
    int i = 0;
    while (i < text.size()) {
        const QChar ch = text.at(i);
        if (ch == QLatin1Char('}')) {
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('}')) {
                if (literal.isEmpty())
                    literalStart = i;
                literal += ch;
                i += 2;
                continue;
            }
            result.error = Macros::tr("a lone '}' at position %1 (write }} for one)").arg(i + 1);
            return result;
        }
        if (ch != QLatin1Char('{')) {
            if (literal.isEmpty())
                literalStart = i;
            literal += ch;
            ++i;
            continue;
        }
        if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('{')) {
            if (literal.isEmpty())
                literalStart = i;
            literal += ch;
            i += 2;
            continue;
        }
        const int close = text.indexOf(QLatin1Char('}'), i + 1);
        if (close < 0) {
            result.error = Macros::tr("the '{' at position %1 is not closed (write {{ for one)").arg(i + 1);
            return result;
        }
        if (!flushLiteral(&literal, literalStart, mode, &result.bytes, &result.error))
            return result;
        const QString macro = text.mid(i + 1, close - i - 1);
        const int colon = macro.indexOf(QLatin1Char(':'));
        const QString name = colon < 0 ? macro : macro.left(colon);
        const QString argument = colon < 0 ? QString() : macro.mid(colon + 1);
        if (name == QLatin1String("counter") && colon < 0) {
            result.bytes += QByteArray::number(counter);
        } else if (name == QLatin1String("time")) {
            const QString format = colon < 0 ? QStringLiteral("yyyy-MM-dd HH:mm:ss") : argument;
            result.bytes += now.toString(format).toUtf8();
        } else if (name == QLatin1String("random")) {
            bool ok = false;
            const int count = argument.toInt(&ok);
            if (!ok || count < 1 || count > MaxRandom) {
                result.error
                    = Macros::tr("{random:N} at position %1 needs N from 1 to %2").arg(i + 1).arg(MaxRandom);
                return result;
            }
            QByteArray random(count, Qt::Uninitialized);
            for (int k = 0; k < count; ++k)
                random[k] = char(QRandomGenerator::global()->bounded(256));
            result.bytes += random;
        } else if (name == QLatin1String("hex") && colon >= 0) {
            const EncodeResult bytes = parseHex(argument);
            if (!bytes.ok()) {
                result.error = Macros::tr("{hex:} at position %1: %2").arg(i + 1).arg(bytes.error);
                return result;
            }
            result.bytes += bytes.bytes;
        } else {
            result.error = Macros::tr("unknown macro {%1} at position %2 (known: {counter}, {time}, "
                                      "{time:FORMAT}, {random:N}, {hex:HEX}; {{ and }} for braces)")
                               .arg(macro)
                               .arg(i + 1);
            return result;
        }
        i = close + 1;
    }
    flushLiteral(&literal, literalStart, mode, &result.bytes, &result.error);
    if (!result.ok())
        result.bytes.clear();
    return result;
}

} // namespace sockpit
