// Any encoding name, as a settings file or a future flag could carry it: isEncodingAvailable() and
// encodingLabel() accept it, and when it is available, rendering arbitrary bytes in it (through
// Qt/ICU, stateful codecs included) and encoding text in it behave. The first line is the name; the
// rest are the bytes.

#include "fuzzinput.h"
#include "payloadencoder.h"
#include "payloadrenderer.h"
#include "textencodings.h"

#include <QStringDecoder>

using namespace sockpit;
using sockpit::fuzz::check;

namespace { } // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QStringList available = availableEncodings();
    check(!available.isEmpty() && available.constFirst() == QLatin1String("UTF-8"), "UTF-8 is not first");

    const fuzz::Split split = fuzz::splitHeader(data, size);
    const QString name = QString::fromLatin1(split.header);
    const QString label = encodingLabel(name);
    check(label.isEmpty() == name.isEmpty(), "a name without a label, or a label without a name");
    check(label.contains(name, Qt::CaseInsensitive), "the label does not name the encoding");

    const bool known = isEncodingAvailable(name);
    check(!available.contains(name) || known, "a listed encoding is not available");
    if (!known)
        return 0;

    const QString rendered = renderPayload(split.body, RenderMode::Text, name);
    fuzz::checkShowable(rendered);
    const QString cut = renderPayload(split.body, RenderMode::Both, name, 7);
    fuzz::checkShowable(cut);

    // The bytes as Qt decodes them, encoded again: either bytes or an error at a real position.
    QStringDecoder decoder(name.toLatin1().constData());
    const QString decoded = decoder.decode(split.body);
    const EncodeResult encoded = encodePayload(decoded, InputMode::Text, name);
    check(encoded.ok()
            || (!encoded.error.isEmpty() && encoded.errorPosition >= 0
                && encoded.errorPosition < decoded.size()),
        "an encoding error outside the text");
    return 0;
}
