#include "payloadencoder.h"

#include <QCoreApplication>
#include <QStringEncoder>

#include <vector>

namespace sockpit {

namespace {

// Free functions have no class for lupdate to name the context after: Text::tr gives every message
// of this file the one context that is looked up at run time.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::PayloadEncoder)
};

EncodeResult failure(const QString &message, int position)
{
    EncodeResult result;
    result.error = message;
    result.errorPosition = position;
    return result;
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

// The code point at `index` as the user should see it in a message.
QString describeCharacter(QStringView text, qsizetype index)
{
    char32_t cp = text.at(index).unicode();
    if (QChar::isHighSurrogate(cp) && index + 1 < text.size() && text.at(index + 1).isLowSurrogate())
        cp = QChar::surrogateToUcs4(text.at(index), text.at(index + 1));
    if (QChar::isPrint(cp) && !QChar::isSurrogate(cp))
        return QStringLiteral("'") + QString::fromUcs4(&cp, 1) + u'\'';
    return QStringLiteral("U+") + QString::number(uint(cp), 16).toUpper().rightJustified(4, u'0');
}

bool startsPair(QStringView text, qsizetype i)
{
    return i + 1 < text.size() && text.at(i).isHighSurrogate() && text.at(i + 1).isLowSurrogate();
}

bool encodes(QStringView text, const QByteArray &encoding)
{
    QStringEncoder encoder(encoding.constData());
    const QByteArray ignored = encoder.encode(text);
    return !encoder.hasError();
}

// No encoding can represent half a surrogate pair, and some encoders drop one without a word.
qsizetype firstUnpairedSurrogate(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (startsPair(text, i))
            ++i;
        else if (text.at(i).isSurrogate())
            return i;
    }
    return -1;
}

// Index of the first code point of `text` that `encoding` cannot represent, found by bisecting on
// prefixes: converters say that something failed, not where.
qsizetype firstUnencodable(QStringView text, const QByteArray &encoding)
{
    qsizetype lo = 0; // text.left(lo) encodes
    qsizetype hi = text.size(); // text.left(hi) does not
    while (true) {
        const qsizetype firstEnd = lo + (startsPair(text, lo) ? 2 : 1);
        if (firstEnd >= hi)
            return lo;
        qsizetype mid = lo + (hi - lo) / 2;
        if (text.at(mid).isLowSurrogate() && text.at(mid - 1).isHighSurrogate())
            ++mid;
        if (mid >= hi)
            mid = firstEnd;
        if (encodes(text.left(mid), encoding))
            lo = mid;
        else
            hi = mid;
    }
}

// Encodes the text a user typed; `sources` maps each index of `text` to its index in the input when
// escapes made the two differ (empty: the same).
class TextSink final
{
public:
    explicit TextSink(const QByteArray &encoding)
        : m_encodingName(encoding)
        , m_encoder(encoding.constData())
    { }

    bool flush(QStringView text, const std::vector<int> &sources, QByteArray *out, EncodeResult *error)
    {
        if (text.isEmpty())
            return true;
        qsizetype index = firstUnpairedSurrogate(text);
        if (index < 0) {
            out->append(m_encoder.encode(text));
            // The flag stays set once raised, which is fine: the first error ends the encoding.
            if (!m_encoder.hasError())
                return true;
            index = firstUnencodable(text, m_encodingName);
        }
        const int position = sources.empty() ? int(index) : sources[size_t(index)];
        *error = failure(Text::tr("%1 at position %2 cannot be encoded in %3")
                             .arg(describeCharacter(text, index))
                             .arg(position + 1)
                             .arg(QString::fromLatin1(m_encodingName)),
            position);
        return false;
    }

private:
    QByteArray m_encodingName;
    QStringEncoder m_encoder;
};

EncodeResult encodeEscaped(const QString &input, const QByteArray &encoding, const QString &ending)
{
    TextSink sink(encoding);
    EncodeResult result;
    QString chunk;
    std::vector<int> sources;
    const qsizetype n = input.size();
    auto add = [&](QChar c, qsizetype source) {
        chunk.append(c);
        sources.push_back(int(source));
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = input.at(i);
        if (c != u'\\') {
            add(c, i);
            continue;
        }
        if (i + 1 >= n)
            return failure(
                Text::tr("a lone '\\' ends the text (position %1): write \\\\ for a backslash").arg(i + 1),
                int(i));
        const QChar e = input.at(i + 1);
        static const char16_t simple[][2]
            = {{u'r', u'\r'}, {u'n', u'\n'}, {u't', u'\t'}, {u'0', u'\0'}, {u'\\', u'\\'}, {u'"', u'"'},
                {u'\'', u'\''}, {u'a', u'\a'}, {u'b', u'\b'}, {u'e', 0x1b}, {u'f', u'\f'}, {u'v', u'\v'}};
        bool done = false;
        for (const auto &pair : simple) {
            if (e == pair[0]) {
                add(QChar(pair[1]), i);
                done = true;
                break;
            }
        }
        if (done) {
            ++i;
        } else if (e == u'x') {
            const int high = i + 2 < n ? hexValue(input.at(i + 2)) : -1;
            const int low = i + 3 < n ? hexValue(input.at(i + 3)) : -1;
            if (high < 0 || low < 0)
                return failure(Text::tr("'%1' at position %2: \\x needs exactly two hex digits, like \\x0d")
                                   .arg(input.mid(i, 4))
                                   .arg(i + 1),
                    int(i));
            if (!sink.flush(chunk, sources, &result.bytes, &result))
                return result;
            chunk.clear();
            sources.clear();
            result.bytes.append(char(high * 16 + low));
            i += 3;
        } else if (e == u'u') {
            const qsizetype close = input.indexOf(u'}', i + 2);
            char32_t cp = 0;
            bool valid = i + 2 < n && input.at(i + 2) == u'{' && close > i + 3 && close - (i + 3) <= 6;
            for (qsizetype k = i + 3; valid && k < close; ++k) {
                const int v = hexValue(input.at(k));
                valid = v >= 0;
                cp = cp * 16 + char32_t(v);
            }
            if (!valid || cp > 0x10ffff || QChar::isSurrogate(cp))
                return failure(
                    Text::tr("'%1' at position %2: write \\u{...} with the 1 to 6 hex digits of a Unicode "
                             "character, like \\u{20ac}")
                        .arg(input.mid(i, close > i ? std::min<qsizetype>(close - i + 1, 12) : 3))
                        .arg(i + 1),
                    int(i));
            for (QChar unit : QChar::fromUcs4(cp))
                add(unit, i);
            i = close;
        } else {
            return failure(Text::tr("unknown escape '\\%1' at position %2").arg(e).arg(i + 1), int(i));
        }
    }
    for (QChar c : ending)
        add(c, n);
    if (!sink.flush(chunk, sources, &result.bytes, &result))
        return result;
    return result;
}

} // namespace

QString lineEndingText(LineEnding ending)
{
    switch (ending) {
    case LineEnding::None:
        return QString();
    case LineEnding::LF:
        return QStringLiteral("\n");
    case LineEnding::CRLF:
        return QStringLiteral("\r\n");
    }
    return QString();
}

EncodeResult parseHex(const QString &input)
{
    EncodeResult result;
    result.bytes.reserve(input.size() / 2);
    const qsizetype n = input.size();
    auto isSeparator = [](QChar c) { return c.isSpace() || c == u',' || c == u':' || c == u'-'; };
    qsizetype i = 0;
    while (i < n) {
        if (isSeparator(input.at(i))) {
            ++i;
            continue;
        }
        const qsizetype groupStart = i;
        if (input.at(i) == u'0' && i + 1 < n && (input.at(i + 1) == u'x' || input.at(i + 1) == u'X'))
            i += 2;
        const qsizetype digitsStart = i;
        while (i < n && !isSeparator(input.at(i))) {
            if (hexValue(input.at(i)) < 0)
                return failure(Text::tr("invalid hex digit %1 at position %2")
                                   .arg(describeCharacter(input, i))
                                   .arg(i + 1),
                    int(i));
            ++i;
        }
        const qsizetype digits = i - digitsStart;
        const QString group = input.mid(groupStart, std::min<qsizetype>(i - groupStart, 20));
        if (digits == 0)
            return failure(Text::tr("'%1' at position %2 has no hex digits").arg(group).arg(groupStart + 1),
                int(groupStart));
        if (digits % 2 != 0)
            return failure(
                Text::tr("'%1' at position %2 has an odd number of hex digits: write each byte as two digits")
                    .arg(group)
                    .arg(groupStart + 1),
                int(groupStart));
        for (qsizetype k = digitsStart; k < i; k += 2)
            result.bytes.append(char(hexValue(input.at(k)) * 16 + hexValue(input.at(k + 1))));
    }
    return result;
}

EncodeResult encodePayload(const QString &input, InputMode mode, const QString &encoding, LineEnding ending)
{
    if (mode == InputMode::Hex)
        return parseHex(input);

    const QByteArray name = encoding.toLatin1();
    if (!QStringEncoder(name.constData()).isValid())
        return failure(Text::tr("unknown text encoding '%1'").arg(encoding), -1);
    if (mode == InputMode::Escaped)
        return encodeEscaped(input, name, lineEndingText(ending));

    EncodeResult result;
    TextSink sink(name);
    sink.flush(QString(input + lineEndingText(ending)), {}, &result.bytes, &result);
    return result;
}

} // namespace sockpit
