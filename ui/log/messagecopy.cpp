#include "messagecopy.h"

#include "codeliterals.h"
#include "payloadrenderer.h"

#include <algorithm>

namespace sockpit::ui {

namespace {

constexpr int CBytesPerLine = 12;

QString cArray(const QByteArray &bytes)
{
    static const char digits[] = "0123456789abcdef";
    // C has no empty arrays: an empty message is one NUL byte that the length leaves out.
    QString out
        = QStringLiteral("const unsigned char message[%1] = {").arg(std::max<qsizetype>(1, bytes.size()));
    if (bytes.isEmpty())
        return out + QStringLiteral("0}; /* empty */\n");
    out.reserve(out.size() + bytes.size() * 6 + bytes.size() / CBytesPerLine * 5 + 8);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        out += i % CBytesPerLine == 0 ? QStringLiteral("\n    ") : QStringLiteral(" ");
        const auto byte = uchar(bytes.at(i));
        out += QLatin1String("0x");
        out += QLatin1Char(digits[byte >> 4]);
        out += QLatin1Char(digits[byte & 0xf]);
        if (i + 1 < bytes.size())
            out += QLatin1Char(',');
    }
    return out + QStringLiteral("\n};\n");
}

} // namespace

QString messageCopyText(const QByteArray &bytes, CopyFormat format, const QString &encoding)
{
    switch (format) {
    case CopyFormat::Hex:
        return toHex(bytes);
    case CopyFormat::CArray:
        return cArray(bytes);
    case CopyFormat::PythonBytes:
        return pythonBytes(bytes);
    case CopyFormat::Base64:
        return QString::fromLatin1(bytes.toBase64());
    case CopyFormat::EscapedText:
        return renderPayload(bytes, RenderMode::Text, encoding);
    }
    return {};
}

} // namespace sockpit::ui
