#include "framing.h"

#include <QCoreApplication>

namespace sockpit {

namespace {
constexpr int MaxDelimiter = 64;
constexpr int MaxFrameLimit = 16 * 1024 * 1024;
constexpr int MaxIdleGapMs = 60 * 60 * 1000;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::Framing)
};
} // namespace

QString Framing::validate() const
{
    if (maxFrame < 1 || maxFrame > MaxFrameLimit)
        return Text::tr("the longest message must be 1 to 16,777,216 bytes");
    switch (kind) {
    case Kind::Raw:
        break;
    case Kind::Delimiter:
        if (delimiter.isEmpty())
            return Text::tr("the delimiter is empty: give at least one byte");
        if (delimiter.size() > MaxDelimiter)
            return Text::tr("the delimiter is longer than 64 bytes");
        break;
    case Kind::LengthPrefix:
        if (prefixSize != 1 && prefixSize != 2 && prefixSize != 4)
            return Text::tr("the length header must be 1, 2 or 4 bytes");
        if (maxFrame <= prefixSize)
            return Text::tr("the longest message must be longer than the length header");
        break;
    case Kind::FixedLength:
        if (fixedLength < 1 || fixedLength > maxFrame)
            return Text::tr("the message length must be at least 1 and at most the longest message");
        break;
    case Kind::IdleGap:
        if (idleGapMs < 1 || idleGapMs > MaxIdleGapMs)
            return Text::tr("the idle gap must be 1 to 3,600,000 ms");
        break;
    }
    return {};
}

bool Framing::operator==(const Framing &o) const
{
    return kind == o.kind && delimiter == o.delimiter && prefixSize == o.prefixSize
        && bigEndian == o.bigEndian && lengthIncludesPrefix == o.lengthIncludesPrefix
        && fixedLength == o.fixedLength && idleGapMs == o.idleGapMs && maxFrame == o.maxFrame;
}

} // namespace sockpit
