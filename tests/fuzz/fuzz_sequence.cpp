// Sequence files from any JSON: what is accepted survives a round trip and its expects compile; errors
// come with a message; matching any bytes ends within them, in pieces as at once.
//
// Input: the sequence JSON, then optionally a line "---" and the bytes each expect step is tried on.

#include "expectmatcher.h"
#include "fuzzinput.h"
#include "sequenceformat.h"

#include <cstdint>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

void tryExpects(const QVector<SequenceStep> &steps, const QByteArray &bytes)
{
    for (const SequenceStep &step : steps) {
        if (step.kind == SequenceStep::Kind::Repeat)
            tryExpects(step.steps, bytes);
        if (step.kind != SequenceStep::Kind::Expect)
            continue;
        QString error;
        ExpectMatcher whole(step, &error);
        check(error.isEmpty(), "an accepted expect compiles");
        const ExpectMatcher::Found found = whole.find(bytes);
        if (found.matched)
            check(found.end >= 0 && found.end <= bytes.size(), "a match ends within the bytes");
        // Fed in two pieces, a contains or hex match is found no later than in the whole.
        ExpectMatcher pieces(step);
        const ExpectMatcher::Found first = pieces.find(bytes.left(bytes.size() / 2));
        if (!first.matched && step.match != SequenceStep::Match::Exact) {
            const ExpectMatcher::Found second = pieces.find(bytes);
            if (step.match != SequenceStep::Match::Regex)
                check(second.matched == found.matched && (!found.matched || second.end == found.end),
                    "bytes in pieces match as the whole");
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = input.indexOf("\n---\n");
    const QByteArray json = split < 0 ? input : input.left(split);
    Sequence sequence;
    QString error;
    if (!sequenceFromJson(json, &sequence, &error)) {
        check(!error.isEmpty(), "a refused sequence has a message");
        return 0;
    }
    check(error.isEmpty(), "an accepted sequence has no error");
    check(!sequence.steps.isEmpty(), "an accepted sequence has steps");
    Sequence again;
    check(sequenceFromJson(sequenceToJson(sequence), &again, &error), "a written sequence reads back");
    check(again == sequence, "a sequence survives writing and reading");
    if (split >= 0)
        tryExpects(sequence.steps, input.mid(split + 5));
    return 0;
}
