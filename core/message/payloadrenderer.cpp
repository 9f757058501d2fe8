#include "payloadrenderer.h"

#include <QStringDecoder>
#include <QStringEncoder>

namespace sockpit {

namespace {

constexpr char16_t hexDigits[] = u"0123456789abcdef";
constexpr char16_t upperHexDigits[] = u"0123456789ABCDEF";

// Appends decoded characters and undecodable bytes to one line of text, escaping what must not be
// shown as is. Writes into a QString reserved once, so a row costs no per-byte allocation.
class Escaper final
{
public:
    Escaper(QString *out, bool asciiCompatible)
        : m_out(out)
        , m_asciiCompatible(asciiCompatible)
    { }

    void byte(uchar b)
    {
        const QChar chars[] = {u'\\', u'x', hexDigits[b >> 4], hexDigits[b & 0xf]};
        m_out->append(chars, 4);
    }

    void codePoint(char32_t cp)
    {
        if (cp >= 0x20 && cp < 0x7f) {
            if (cp == u'\\')
                m_out->append(QLatin1String("\\\\"));
            else
                m_out->append(QChar(char16_t(cp)));
            return;
        }
        switch (cp) {
        case u'\r':
            m_out->append(QLatin1String("\\r"));
            return;
        case u'\n':
            m_out->append(QLatin1String("\\n"));
            return;
        case u'\t':
            m_out->append(QLatin1String("\\t"));
            return;
        case 0:
            m_out->append(QLatin1String("\\0"));
            return;
        default:
            break;
        }
        if (cp < 0x80) { // other C0 controls and DEL
            if (m_asciiCompatible)
                byte(uchar(cp));
            else
                escapedCodePoint(cp);
            return;
        }
        if (isHidden(cp)) {
            escapedCodePoint(cp);
            return;
        }
        if (cp > 0xffff) {
            const QChar pair[] = {QChar(QChar::highSurrogate(cp)), QChar(QChar::lowSurrogate(cp))};
            m_out->append(pair, 2);
        } else {
            m_out->append(QChar(char16_t(cp)));
        }
    }

private:
    // Characters that would be invisible, reorder the line (bidi overrides) or break it.
    static bool isHidden(char32_t cp)
    {
        switch (QChar::category(cp)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate:
        case QChar::Other_NotAssigned:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            return true;
        default:
            return false;
        }
    }

    void escapedCodePoint(char32_t cp)
    {
        m_out->append(QLatin1String("\\u{"));
        int shift = cp > 0xffff ? (cp > 0xfffff ? 20 : 16) : 12;
        for (; shift >= 0; shift -= 4)
            m_out->append(QChar(upperHexDigits[(cp >> shift) & 0xf]));
        m_out->append(u'}');
    }

    QString *m_out;
    bool m_asciiCompatible;
};

bool isContinuation(uchar b)
{
    return (b & 0xc0) == 0x80;
}

// Exact UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF); each byte of
// an invalid sequence is shown on its own.
void renderUtf8(const uchar *p, qsizetype n, bool truncated, Escaper &out)
{
    qsizetype i = 0;
    while (i < n) {
        const uchar b = p[i];
        if (b < 0x80) {
            out.codePoint(b);
            ++i;
            continue;
        }
        int length = 0;
        uchar min2 = 0x80, max2 = 0xbf; // the allowed range of the second byte
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b == 0xe0)
                min2 = 0xa0;
            else if (b == 0xed)
                max2 = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b == 0xf0)
                min2 = 0x90;
            else if (b == 0xf4)
                max2 = 0x8f;
        }
        qsizetype valid = length > 0 ? 1 : 0; // bytes of the sequence that are right so far
        if (valid && i + 1 < n && p[i + 1] >= min2 && p[i + 1] <= max2) {
            ++valid;
            while (valid < length && i + valid < n && isContinuation(p[i + valid]))
                ++valid;
        }
        if (length > 0 && valid == length) {
            char32_t cp = b & (0xff >> (length + 1));
            for (int k = 1; k < length; ++k)
                cp = (cp << 6) | (p[i + k] & 0x3f);
            out.codePoint(cp);
            i += length;
        } else if (truncated && length > 0 && i + valid == n) {
            return; // a character cut by maxBytes, not an invalid one
        } else {
            out.byte(b);
            ++i;
        }
    }
}

void renderUtf16(const uchar *p, qsizetype n, bool bigEndian, bool truncated, Escaper &out)
{
    auto unit = [&](qsizetype i) -> char16_t {
        return bigEndian ? char16_t(p[i] << 8 | p[i + 1]) : char16_t(p[i + 1] << 8 | p[i]);
    };
    qsizetype i = 0;
    for (; i + 1 < n; i += 2) {
        const char16_t u = unit(i);
        if (QChar::isHighSurrogate(u) && i + 3 < n && QChar::isLowSurrogate(unit(i + 2))) {
            out.codePoint(QChar::surrogateToUcs4(u, unit(i + 2)));
            i += 2;
        } else if (QChar::isSurrogate(u)) {
            if (truncated && i + 4 > n && QChar::isHighSurrogate(u))
                return;
            out.byte(p[i]);
            out.byte(p[i + 1]);
        } else {
            out.codePoint(u);
        }
    }
    if (i < n && !truncated)
        out.byte(p[i]);
}

void renderLatin1(const uchar *p, qsizetype n, Escaper &out)
{
    for (qsizetype i = 0; i < n; ++i)
        out.codePoint(p[i]);
}

void renderDecoded(QStringView text, Escaper &out)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out.codePoint(QChar::surrogateToUcs4(c, text.at(i + 1)));
            ++i;
        } else {
            out.codePoint(c.unicode());
        }
    }
}

// Any other encoding, through Qt/ICU. Converters replace bad input with U+FFFD without saying which
// bytes were bad, so when the whole decode is not clean each character is decoded on its own:
// the shortest run of 1-4 bytes that gives exactly one real character is one; otherwise the first
// byte is invalid.
void renderGeneric(const QByteArray &name, const QByteArray &bytes, Escaper &out)
{
    QStringDecoder decoder(name.constData(), QStringConverter::Flag::Stateless);
    const QString whole = decoder.decode(bytes);
    if (!decoder.hasError() && !whole.contains(QChar::ReplacementCharacter)) {
        renderDecoded(whole, out);
        return;
    }
    const QByteArray encodedReplacement
        = QStringEncoder(name.constData()).encode(QString(QChar::ReplacementCharacter));
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        qsizetype length = 0;
        char32_t cp = 0;
        for (qsizetype l = 1; l <= 4 && i + l <= n && length == 0; ++l) {
            const QByteArrayView run(bytes.constData() + i, l);
            const QString s = decoder.decode(run);
            if (s.size() == 1 && !s.front().isSurrogate())
                cp = s.front().unicode();
            else if (s.size() == 2 && s.front().isHighSurrogate() && s.back().isLowSurrogate())
                cp = QChar::surrogateToUcs4(s.front(), s.back());
            else
                continue;
            const bool substituted = (cp == QChar::ReplacementCharacter && run != encodedReplacement)
                || (cp == 0x1a && run != QByteArrayView("\x1a", 1)); // ICU's SUB for unmapped bytes
            if (!substituted)
                length = l;
        }
        if (length > 0) {
            out.codePoint(cp);
            i += length;
        } else {
            out.byte(uchar(bytes.at(i)));
            ++i;
        }
    }
}

QString renderText(const QByteArray &bytes, const QString &encoding, bool truncated)
{
    QString text;
    text.reserve(bytes.size() + bytes.size() / 8 + 8);
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    if (encoding.compare(QLatin1String("UTF-8"), Qt::CaseInsensitive) == 0) {
        Escaper out(&text, true);
        renderUtf8(p, n, truncated, out);
        return text;
    }
    const QByteArray name = encoding.toLatin1();
    const QStringDecoder probe(name.constData());
    const QLatin1String canonical(probe.isValid() ? probe.name() : "UTF-8"); // unknown: UTF-8, not nothing
    if (canonical == QLatin1String("UTF-8")) {
        Escaper out(&text, true);
        renderUtf8(p, n, truncated, out);
    } else if (canonical == QLatin1String("UTF-16LE") || canonical == QLatin1String("UTF-16BE")) {
        Escaper out(&text, false);
        renderUtf16(p, n, canonical == QLatin1String("UTF-16BE"), truncated, out);
    } else if (canonical == QLatin1String("ISO-8859-1")) {
        Escaper out(&text, true);
        renderLatin1(p, n, out);
    } else {
        Escaper out(&text, !canonical.startsWith(QLatin1String("UTF-")));
        renderGeneric(name, bytes, out);
    }
    return text;
}

qsizetype utf8Tail(const uchar *p, qsizetype n)
{
    for (qsizetype k = 1; k <= 3 && k <= n; ++k) {
        const uchar b = p[n - k];
        if (isContinuation(b))
            continue; // look further back for the lead byte
        const int length = b >= 0xc2 && b <= 0xdf ? 2
            : b >= 0xe0 && b <= 0xef              ? 3
            : b >= 0xf0 && b <= 0xf4              ? 4
                                                  : 0;
        if (length <= k)
            return 0; // complete, or not a lead byte at all
        if (k >= 2) {
            const uchar second = p[n - k + 1];
            const uchar min2 = b == 0xe0 ? 0xa0 : b == 0xf0 ? 0x90 : 0x80;
            const uchar max2 = b == 0xed ? 0x9f : b == 0xf4 ? 0x8f : 0xbf;
            if (second < min2 || second > max2)
                return 0;
        }
        return k;
    }
    return 0;
}

bool decodesCleanly(const QByteArray &name, QByteArrayView bytes)
{
    QStringDecoder decoder(name.constData(), QStringConverter::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError() && !text.contains(QChar::ReplacementCharacter);
}

} // namespace

qsizetype incompleteTail(const QByteArray &bytes, const QString &encoding)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    if (n == 0)
        return 0;
    const QByteArray name = encoding.toLatin1();
    const QStringDecoder probe(name.constData());
    const QLatin1String canonical(probe.isValid() ? probe.name() : "UTF-8");
    if (canonical == QLatin1String("UTF-8"))
        return utf8Tail(p, n);
    if (canonical == QLatin1String("ISO-8859-1"))
        return 0;
    if (canonical == QLatin1String("UTF-16LE") || canonical == QLatin1String("UTF-16BE")) {
        const bool bigEndian = canonical == QLatin1String("UTF-16BE");
        const qsizetype odd = n % 2;
        const qsizetype even = n - odd;
        if (even >= 2) {
            const char16_t last = bigEndian ? char16_t(p[even - 2] << 8 | p[even - 1])
                                            : char16_t(p[even - 1] << 8 | p[even - 2]);
            if (QChar::isHighSurrogate(last))
                return 2 + odd;
        }
        return odd;
    }
    if (decodesCleanly(name, bytes))
        return 0;
    for (qsizetype k = 1; k <= 3 && k <= n; ++k) {
        if (decodesCleanly(name, QByteArrayView(bytes.constData(), n - k)))
            return k;
    }
    return 0;
}

QString toHex(const QByteArray &bytes, char separator)
{
    return QString::fromLatin1(bytes.toHex(separator));
}

QString renderPayload(const QByteArray &bytes, RenderMode mode, const QString &encoding, qsizetype maxBytes)
{
    const bool truncated = maxBytes > 0 && bytes.size() > maxBytes;
    const QByteArray shown = truncated ? bytes.left(maxBytes) : bytes;
    const QString more = truncated ? QString(QChar(0x2026)) : QString();
    switch (mode) {
    case RenderMode::Text:
        return renderText(shown, encoding, truncated) + more;
    case RenderMode::Hex:
        return toHex(shown) + more;
    case RenderMode::Both:
        return toHex(shown) + more + QLatin1String("  ") + renderText(shown, encoding, truncated) + more;
    }
    return QString();
}

} // namespace sockpit
