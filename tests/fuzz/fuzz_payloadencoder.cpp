// encodePayload and parseHex on any composer text. The first line chooses the mode, the encoding and
// the line ending ("escapes GB18030 crlf"); the rest is the text. Checked: an error names a position
// inside the input; hex written back in every spelling parses to the same bytes; text in a Unicode
// encoding or GB18030 decodes back to what was typed; escaped text rendered again encodes the same.

#include "fuzzinput.h"
#include "payloadencoder.h"
#include "payloadrenderer.h"

#include <QList>
#include <QStringDecoder>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

struct Options
{
    InputMode mode = InputMode::Text;
    QString encoding = QStringLiteral("UTF-8");
    LineEnding ending = LineEnding::None;
};

Options parseOptions(const QByteArray &header)
{
    Options options;
    const QList<QByteArray> words = header.split(' ');
    if (words.size() > 0) {
        if (words[0] == "hex")
            options.mode = InputMode::Hex;
        else if (words[0] == "escapes")
            options.mode = InputMode::Escaped;
    }
    if (words.size() > 1 && !words[1].isEmpty())
        options.encoding = QString::fromLatin1(words[1]);
    if (words.size() > 2) {
        if (words[2] == "lf")
            options.ending = LineEnding::LF;
        else if (words[2] == "crlf")
            options.ending = LineEnding::CRLF;
    }
    return options;
}

void checkResultShape(const EncodeResult &result, const QString &input)
{
    if (result.ok()) {
        check(result.errorPosition == -1, "success with an error position");
        return;
    }
    check(!result.error.isEmpty(), "failure without a message");
    check(result.errorPosition >= -1 && result.errorPosition <= input.size(),
        "error position outside the input");
    check(result.bytes.isEmpty() || result.errorPosition >= 0, "unknown encoding but bytes");
}

// Bytes written as hex in each spelling parseHex() documents read back as the same bytes.
void checkHexSpellings(const QByteArray &bytes)
{
    const QString plain = toHex(bytes, 0);
    QString prefixed;
    for (qsizetype i = 0; i < plain.size(); i += 2)
        prefixed += (i ? QStringLiteral(",0x") : QStringLiteral("0x")) + plain.mid(i, 2);
    const QString spellings[] = {toHex(bytes), plain, plain.toUpper(), toHex(bytes, ':'), toHex(bytes, '-'),
        prefixed, QStringLiteral(" \t\n") + toHex(bytes, '\n') + QStringLiteral(", ")};
    for (const QString &spelling : spellings) {
        const EncodeResult parsed = parseHex(spelling);
        check(parsed.ok(), "hex written by toHex does not parse");
        check(parsed.bytes == bytes, "hex written by toHex parses to other bytes");
    }
}

bool decodesExactly(const QString &encoding)
{
    for (const char *name : {"UTF-8", "UTF-16LE", "UTF-16BE", "ISO-8859-1", "GB18030"}) {
        if (encoding.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const fuzz::Split split = fuzz::splitHeader(data, size);
    const Options options = parseOptions(split.header);
    const QString input = fuzz::fromWtf8(split.body);

    const EncodeResult result = encodePayload(input, options.mode, options.encoding, options.ending);
    checkResultShape(result, input);

    // The body's own bytes, as hex in every spelling, and the parsed bytes once more.
    checkHexSpellings(split.body);
    const EncodeResult hex = parseHex(input);
    checkResultShape(hex, input);
    if (hex.ok()) {
        check(hex.bytes.size() <= input.size() / 2, "more bytes than hex digit pairs");
        checkHexSpellings(hex.bytes);
    }

    if (!result.ok())
        return 0;
    if (options.mode == InputMode::Hex) {
        check(result.bytes == hex.bytes, "hex mode differs from parseHex");
        return 0;
    }
    check(fuzz::hasNoLoneSurrogate(input), "text with a lone surrogate was encoded");
    if (options.mode == InputMode::Text && decodesExactly(options.encoding)) {
        // ConvertInitialBom: a U+FEFF the user typed first is text, not a byte order mark to drop.
        QStringDecoder decoder(
            options.encoding.toLatin1().constData(), QStringConverter::Flag::ConvertInitialBom);
        const QString decoded = decoder.decode(result.bytes);
        check(!decoder.hasError(), "encoded text does not decode");
        check(decoded == input + lineEndingText(options.ending), "encoded text decodes to other text");
    }
    if (options.mode == InputMode::Escaped && options.encoding.compare(QLatin1String("UTF-8")) == 0) {
        // The renderer's text is the inverse of escaped input: render the bytes, encode them again.
        const QString rendered = renderPayload(result.bytes, RenderMode::Text);
        const EncodeResult again = encodePayload(rendered, InputMode::Escaped);
        check(again.ok(), "rendered text is not valid escaped input");
        check(again.bytes == result.bytes, "rendered text encodes to other bytes");
    }
    return 0;
}
