// renderPayload on any bytes. The first line chooses the mode, the encoding and the byte limit
// ("both Shift_JIS 16"); the rest are the bytes. Checked: the text never carries a control, format,
// separator or unassigned character, nor half a surrogate pair; hex is exactly toHex(); "…" marks a
// cut; and in the encodings the renderer decodes itself, the text typed back in the composer's
// Escaped mode gives the same bytes.

#include "fuzzinput.h"
#include "payloadencoder.h"
#include "payloadrenderer.h"

#include <QList>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

struct Options
{
    RenderMode mode = RenderMode::Text;
    QString encoding = QStringLiteral("UTF-8");
    qsizetype maxBytes = 0;
};

Options parseOptions(const QByteArray &header)
{
    Options options;
    const QList<QByteArray> words = header.split(' ');
    if (words.size() > 0) {
        if (words[0] == "hex")
            options.mode = RenderMode::Hex;
        else if (words[0] == "both")
            options.mode = RenderMode::Both;
    }
    if (words.size() > 1 && !words[1].isEmpty())
        options.encoding = QString::fromLatin1(words[1]);
    if (words.size() > 2)
        options.maxBytes = qBound(0, words[2].toInt(), 1 << 20);
    return options;
}

// Encodings whose text the renderer produces itself, byte for byte reversible.
bool roundTrips(const QString &encoding)
{
    for (const char *name : {"UTF-8", "UTF-16LE", "UTF-16BE", "ISO-8859-1"}) {
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
    const QByteArray &bytes = split.body;

    const bool cut = options.maxBytes > 0 && bytes.size() > options.maxBytes;
    const QByteArray shown = cut ? bytes.left(options.maxBytes) : bytes;
    const QString ellipsis = cut ? QString(QChar(0x2026)) : QString();

    const QString rendered = renderPayload(bytes, options.mode, options.encoding, options.maxBytes);
    fuzz::checkShowable(rendered);
    if (options.mode == RenderMode::Hex) {
        check(rendered == toHex(shown) + ellipsis, "hex rendering is not toHex()");
        return 0;
    }
    QString text = rendered;
    if (options.mode == RenderMode::Both) {
        const QString hexPart = toHex(shown) + ellipsis + QLatin1String("  ");
        check(rendered.startsWith(hexPart), "both: the hex part is not toHex()");
        text = rendered.mid(hexPart.size());
    }
    check(!cut || text.endsWith(ellipsis), "a cut payload's text does not end in an ellipsis");
    check(text.size() <= 12 * shown.size() + 1, "rendered text is out of proportion to the bytes");

    if (!cut && roundTrips(options.encoding)) {
        const EncodeResult again = encodePayload(text, InputMode::Escaped, options.encoding);
        check(again.ok(), "rendered text is not valid escaped input");
        check(again.bytes == bytes, "rendered text encodes to other bytes");
    }
    return 0;
}
