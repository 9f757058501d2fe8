#include "bytemarks.h"

namespace sockpit::ui {

namespace {

qint64 prefixValue(const QByteArray &bytes, int size, bool bigEndian)
{
    quint64 value = 0;
    for (int i = 0; i < size; ++i) {
        const int index = bigEndian ? i : size - 1 - i;
        value = (value << 8) | uchar(bytes.at(index));
    }
    return qint64(value);
}

} // namespace

ByteMarks framingMarks(const Framing &framing, const QByteArray &bytes, qint64 len)
{
    ByteMarks marks;
    switch (framing.kind) {
    case Framing::Kind::LengthPrefix: {
        const int size = framing.prefixSize;
        if (size < 1 || size > 4 || bytes.size() < size || len < size)
            break;
        const qint64 value = prefixValue(bytes, size, framing.bigEndian);
        if ((framing.lengthIncludesPrefix ? value : value + size) == len)
            marks.append({0, size, ByteMarkKind::FrameHeader});
        break;
    }
    case Framing::Kind::Delimiter: {
        const qint64 size = framing.delimiter.size();
        // Only a whole message shows its end.
        if (size > 0 && bytes.size() == len && bytes.endsWith(framing.delimiter))
            marks.append({len - size, size, ByteMarkKind::Delimiter});
        break;
    }
    case Framing::Kind::Raw:
    case Framing::Kind::FixedLength:
    case Framing::Kind::IdleGap:
        break;
    }
    return marks;
}

ByteMarks checksumMarks(const ChecksumSpec &spec, const QByteArray &bytes, qint64 len, const ByteMarks &frame)
{
    const int width = checksumWidth(spec.kind);
    if (width == 0 || bytes.size() != len || len > MaxChecksumBytes)
        return {};
    qint64 header = 0;
    qint64 beforeDelimiter = len;
    for (const ByteMark &mark : frame) {
        if (mark.kind == ByteMarkKind::FrameHeader && mark.start == 0)
            header = mark.length;
        else if (mark.kind == ByteMarkKind::Delimiter && mark.start + mark.length == len)
            beforeDelimiter = mark.start;
    }
    for (const qint64 end : {beforeDelimiter, len}) {
        for (const qint64 start : {header, qint64(0)}) {
            const qint64 at = end - width;
            if (at < start)
                continue;
            const quint32 value = computeChecksum(spec.kind, bytes.constData() + start, at - start);
            if (checksumBytes(spec.kind, value, spec.order)
                == QByteArray::fromRawData(bytes.constData() + at, width))
                return {{at, width, ByteMarkKind::Checksum}};
        }
    }
    return {};
}

} // namespace sockpit::ui
