#include "framer.h"

#include <algorithm>

namespace sockpit {

Framer::Framer(const Framing &framing)
    : m_framing(framing)
{ }

void Framer::feed(const char *data, qsizetype size, QVector<Frame> *out)
{
    if (size <= 0)
        return;
    switch (m_framing.kind) {
    case Framing::Kind::Raw:
        out->append(Frame {QByteArray(data, size), false, true});
        return;
    case Framing::Kind::Delimiter:
        feedDelimited(data, size, out);
        return;
    case Framing::Kind::LengthPrefix:
        feedLengthPrefixed(data, size, out);
        return;
    case Framing::Kind::FixedLength:
        feedFixed(data, size, out);
        return;
    case Framing::Kind::IdleGap:
        m_buffer.append(data, size);
        while (m_buffer.size() >= m_framing.maxFrame) {
            out->append(Frame {m_buffer.left(m_framing.maxFrame), true, false});
            m_buffer.remove(0, m_framing.maxFrame);
            m_cutting = true;
        }
        return;
    }
}

Frame Framer::takePending()
{
    Frame frame {m_buffer, m_cutting, true};
    m_buffer.clear();
    m_cutting = false;
    m_remaining = -1;
    return frame;
}

void Framer::emitBuffer(QVector<Frame> *out, bool cut, bool ends)
{
    out->append(Frame {m_buffer, cut, ends});
    m_buffer.clear();
}

void Framer::feedDelimited(const char *data, qsizetype size, QVector<Frame> *out)
{
    const QByteArray &delimiter = m_framing.delimiter;
    const qsizetype dlen = delimiter.size();
    const qsizetype max = m_framing.maxFrame;
    // Only the tail of what is buffered can start a delimiter that this read completes.
    qsizetype searchFrom = std::max<qsizetype>(0, m_buffer.size() - (dlen - 1));
    m_buffer.append(data, size);
    qsizetype start = 0; // frames are taken from the front; the buffer is compacted once at the end
    for (;;) {
        const qsizetype at = m_buffer.indexOf(delimiter, std::max(searchFrom, start));
        if (at >= 0 && at + dlen - start <= max) {
            out->append(Frame {m_buffer.mid(start, at + dlen - start), m_cutting, true});
            m_cutting = false;
            start = at + dlen;
            continue;
        }
        if (m_buffer.size() - start >= max) {
            out->append(Frame {m_buffer.mid(start, max), true, false});
            m_cutting = true;
            start += max;
            continue;
        }
        break;
    }
    m_buffer.remove(0, start);
}

void Framer::feedLengthPrefixed(const char *data, qsizetype size, QVector<Frame> *out)
{
    const int header = m_framing.prefixSize;
    qsizetype pos = 0;
    while (pos < size) {
        if (m_remaining < 0) {
            // Reading the header; m_buffer holds its bytes so far.
            const qsizetype take = std::min<qsizetype>(header - m_buffer.size(), size - pos);
            m_buffer.append(data + pos, take);
            pos += take;
            if (m_buffer.size() < header)
                return;
            quint64 length = 0;
            for (int i = 0; i < header; ++i) {
                const int index = m_framing.bigEndian ? i : header - 1 - i;
                length = (length << 8) | quint8(m_buffer.at(index));
            }
            qint64 payload = qint64(length);
            if (m_framing.lengthIncludesPrefix)
                payload = std::max<qint64>(0, payload - header); // a length shorter than its header: none
            m_remaining = payload;
            if (m_remaining == 0) {
                emitBuffer(out, false);
                m_remaining = -1;
            }
            continue;
        }
        const qsizetype room = m_framing.maxFrame - m_buffer.size();
        const qsizetype take
            = std::min<qsizetype>({qsizetype(m_remaining), size - pos, std::max<qsizetype>(room, 0)});
        m_buffer.append(data + pos, take);
        pos += take;
        m_remaining -= take;
        if (m_remaining == 0) {
            emitBuffer(out, m_cutting);
            m_cutting = false;
            m_remaining = -1;
        } else if (m_buffer.size() >= m_framing.maxFrame) {
            emitBuffer(out, true, false);
            m_cutting = true;
        }
    }
}

void Framer::feedFixed(const char *data, qsizetype size, QVector<Frame> *out)
{
    const qsizetype length = m_framing.fixedLength;
    qsizetype pos = 0;
    if (!m_buffer.isEmpty()) {
        const qsizetype take = std::min<qsizetype>(length - m_buffer.size(), size);
        m_buffer.append(data, take);
        pos = take;
        if (m_buffer.size() < length)
            return;
        emitBuffer(out, false);
    }
    for (; size - pos >= length; pos += length)
        out->append(Frame {QByteArray(data + pos, length), false, true});
    m_buffer.append(data + pos, size - pos);
}

} // namespace sockpit
