// Framer on any stream and any framing: the frames joined (with what is left pending) are exactly the
// stream, no message frame exceeds the maximum, only the last piece of a message ends it, delimited frames
// end with their delimiter unless cut, and the frames do not depend on how reads cut the stream.
//
// Input: 6 bytes of settings, then the stream. kind, maximum, header size and flags, fixed length,
// delimiter length (its bytes follow), and the size of the reads.

#include "framer.h"
#include "fuzzinput.h"

#include <cstdint>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

QVector<Frame> frameAll(const Framing &framing, const QByteArray &stream, qsizetype readSize)
{
    Framer framer(framing);
    QVector<Frame> frames;
    for (qsizetype pos = 0; pos < stream.size(); pos += readSize)
        framer.feed(stream.constData() + pos, std::min(readSize, stream.size() - pos), &frames);
    if (framer.hasPending())
        frames.append(framer.takePending());
    check(!framer.hasPending(), "takePending left bytes behind");
    return frames;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 6)
        return 0;
    Framing framing;
    framing.kind = Framing::Kind(data[0] % 5);
    framing.maxFrame = 1 + data[1] % 200;
    static const int headers[] = {1, 2, 4, 3};
    framing.prefixSize = headers[data[2] & 3];
    framing.bigEndian = data[2] & 4;
    framing.lengthIncludesPrefix = data[2] & 8;
    framing.fixedLength = 1 + data[3] % 64;
    const int delimiterLength = data[4] % 5;
    const qsizetype readSize = 1 + data[5] % 97;
    size_t pos = 6;
    if (size - pos < size_t(delimiterLength))
        return 0;
    framing.delimiter = QByteArray(reinterpret_cast<const char *>(data + pos), delimiterLength);
    pos += size_t(delimiterLength);
    const QByteArray stream(reinterpret_cast<const char *>(data + pos), qsizetype(size - pos));
    if (!framing.validate().isEmpty())
        return 0; // refused settings never reach a Framer (the window shows the message instead)

    const QVector<Frame> frames = frameAll(framing, stream, readSize);
    QByteArray joined;
    for (int i = 0; i < frames.size(); ++i) {
        const Frame &frame = frames.at(i);
        // Raw chunks are the reads themselves: the maximum applies to messages only.
        check(framing.kind == Framing::Kind::Raw || frame.bytes.size() <= framing.maxFrame,
            "a frame is longer than the maximum");
        check(frame.cut || frame.ends, "a whole message does not end");
        const bool last = i == frames.size() - 1;
        if (framing.kind == Framing::Kind::Delimiter && !frame.cut && !last)
            check(frame.bytes.endsWith(framing.delimiter), "a delimited frame lacks its delimiter");
        if (framing.kind == Framing::Kind::FixedLength && !last)
            check(frame.bytes.size() == framing.fixedLength, "a fixed-length frame has another length");
        check(!frame.bytes.isEmpty() || framing.kind == Framing::Kind::Raw, "an empty frame");
        joined += frame.bytes;
    }
    check(joined == stream, "the frames joined are not the stream");

    // Read boundaries must not matter (idle gaps aside, which depend on time, not on bytes).
    if (framing.kind != Framing::Kind::Raw && framing.kind != Framing::Kind::IdleGap) {
        const QVector<Frame> whole = frameAll(framing, stream, std::max<qsizetype>(stream.size(), 1));
        check(whole.size() == frames.size(), "read sizes changed the number of frames");
        for (int i = 0; i < whole.size(); ++i) {
            check(whole.at(i).bytes == frames.at(i).bytes, "read sizes changed a frame");
            check(whole.at(i).cut == frames.at(i).cut && whole.at(i).ends == frames.at(i).ends,
                "read sizes changed how a frame is marked");
        }
    }
    return 0;
}
