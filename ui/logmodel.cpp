#include "logmodel.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLocale>
#include <QStringDecoder>

#include <algorithm>
#include <limits>

namespace sockpit::ui {

namespace {

// Cached payload text, in characters: a few hundred screens of rows, a few MB at most.
constexpr int PayloadCacheChars = 2 * 1024 * 1024;

// Whether the text rendering of `bytes` in UTF-8 or Latin-1 is the bytes themselves: printable ASCII
// without the backslash (which is shown doubled).
bool isPlainAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        const auto u = uchar(c);
        if (u < 0x20 || u > 0x7e || u == '\\')
            return false;
    }
    return true;
}

// `lowerNeedle` (ASCII, lower case) in `haystack` (ASCII), ignoring case.
bool containsAsciiIgnoringCase(const QByteArray &haystack, const QByteArray &lowerNeedle)
{
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c; };
    return std::search(haystack.cbegin(), haystack.cend(), lowerNeedle.cbegin(), lowerNeedle.cend(),
               [&](char a, char b) { return lower(a) == b; })
        != haystack.cend();
}

bool isData(const Event &event)
{
    return event.dir == Direction::In || event.dir == Direction::Out;
}

// The event as the model keeps it: the payload cut to what is ever rendered, in an allocation of its
// own. The session's previews are cut from 64 KiB read buffers with truncate(), which keeps the whole
// allocation; sharing that would make a full log cost gigabytes.
Event compacted(const Event &event)
{
    Event kept = event;
    const QByteArray &payload = event.payload;
    const qsizetype keep = std::min<qsizetype>(payload.size(), LogModel::RenderBytes);
    if (keep < payload.size() || payload.capacity() > keep + 64)
        kept.payload = QByteArray(payload.constData(), keep);
    return kept;
}

int pluralCount(qint64 n)
{
    return int(std::min<qint64>(n, std::numeric_limits<int>::max()));
}

QString glyph(Direction dir)
{
    switch (dir) {
    case Direction::In:
        return QStringLiteral("\u2190"); // ←
    case Direction::Out:
        return QStringLiteral("\u2192"); // →
    case Direction::Info:
        return QStringLiteral("\u2022"); // •
    case Direction::Error:
        break;
    }
    return QStringLiteral("!");
}

} // namespace

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_payloadCache(PayloadCacheChars)
{
    setPalette(QGuiApplication::palette());
    setPayloadFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const Event &event = m_events[size_t(row)];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return timeText(event.timeUs);
        case DeltaColumn:
            return deltaText(m_deltas[size_t(row)]);
        case DirectionColumn:
            return directionText(event.dir);
        case PeerColumn:
            return event.peer;
        case LengthColumn:
            return isData(event) || event.len > 0 ? QVariant(event.len) : QVariant();
        case PayloadColumn: {
            QString text = payloadText(row);
            if (text.size() > m_displayChars) {
                qsizetype cut = m_displayChars;
                if (text.at(cut - 1).isHighSurrogate())
                    --cut; // never half a character
                text.truncate(cut);
                text += QChar(0x2026);
            }
            return text;
        }
        }
        return {};
    case Qt::ForegroundRole:
        switch (event.dir) {
        case Direction::In:
            return m_inBrush;
        case Direction::Out:
            return m_outBrush;
        case Direction::Info:
            return m_infoBrush;
        case Direction::Error:
            return {}; // the text colour, in bold: no palette role means "error" reliably
        }
        return {};
    case Qt::FontRole:
        if (index.column() == PayloadColumn) {
            if (event.dir != Direction::Error)
                return m_payloadFont;
            QFont bold = m_payloadFont;
            bold.setBold(true);
            return bold;
        }
        return event.dir == Direction::Error ? QVariant(m_errorFont) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == LengthColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return toolTip(event);
    case EventRole:
        return sequenceAt(row);
    case DirectionRole:
        return int(event.dir);
    case ConnRole:
        return QVariant::fromValue<quint64>(event.conn);
    case TimeUsRole:
        return event.timeUs;
    case DeltaUsRole: {
        const qint64 delta = m_deltas[size_t(row)];
        return delta == NoDelta ? QVariant() : QVariant(delta);
    }
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == DeltaColumn)
        return tr("Time since the previous message, received or sent, on the same connection");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DeltaColumn:
        return tr("\u0394t");
    case DirectionColumn:
        return tr("Dir");
    case PeerColumn:
        return tr("Peer");
    case LengthColumn:
        return tr("Len");
    case PayloadColumn:
        return tr("Payload");
    }
    return {};
}

void LogModel::appendEvents(const EventBatch &events, qint64 notDisplayed)
{
    const bool countersChange = notDisplayed > 0 || events.size() + rowCount() > m_capacity;
    m_notDisplayed += std::max<qint64>(0, notDisplayed);
    const qint64 batchFirstSeq = m_firstSeq + rowCount(); // event i gets batchFirstSeq + i
    // A batch larger than the whole log: only its newest rows can ever be seen.
    const qsizetype skip = std::max<qsizetype>(0, events.size() - m_capacity);
    const int incoming = int(events.size() - skip);
    const int overflow = rowCount() + incoming - m_capacity;
    if (overflow > 0)
        dropOldest(overflow);
    m_dropped += skip;
    m_firstSeq += skip; // skipped events still had their sequence numbers
    for (qsizetype i = 0; i < skip; ++i) {
        messageDelta(events.at(i)); // skipped rows still count as the previous message
        messageLink(events.at(i), batchFirstSeq + i);
    }
    int firstChanged = std::numeric_limits<int>::max(); // earlier rows whose text now leaves out a tail
    int lastChanged = -1;
    if (incoming > 0) {
        const int first = rowCount();
        beginInsertRows({}, first, first + incoming - 1);
        for (qsizetype i = skip; i < events.size(); ++i) {
            const quint32 link = messageLink(events.at(i), batchFirstSeq + i);
            m_deltas.push_back(messageDelta(events.at(i)));
            m_links.push_back(link);
            m_events.push_back(compacted(events.at(i)));
            const int previous = link ? rowForSequence(batchFirstSeq + i - link) : -1;
            if (previous >= 0) {
                m_links[size_t(previous)] |= HasNextMessage;
                if (previous < first && m_mode != RenderMode::Hex && !carriedBytes(previous).isEmpty()) {
                    m_payloadCache.remove(sequenceAt(previous));
                    firstChanged = std::min(firstChanged, previous);
                    lastChanged = std::max(lastChanged, previous);
                }
            }
        }
        endInsertRows();
    }
    if (lastChanged >= 0)
        emit dataChanged(
            index(firstChanged, PayloadColumn), index(lastChanged, PayloadColumn), {Qt::DisplayRole});
    if (countersChange)
        emit countersChanged();
}

quint32 LogModel::messageLink(const Event &event, qint64 seq)
{
    if (!isData(event)) {
        if (event.kind == EventKind::Close || event.kind == EventKind::Reset) {
            m_lastMessageSeq.remove(event.conn << 1);
            m_lastMessageSeq.remove(event.conn << 1 | 1);
        }
        return 0;
    }
    const quint64 key = event.conn << 1 | (event.dir == Direction::Out ? 1 : 0);
    auto it = m_lastMessageSeq.find(key);
    if (it == m_lastMessageSeq.end()) {
        m_lastMessageSeq.insert(key, seq);
        return 0;
    }
    const qint64 distance = seq - it.value();
    it.value() = seq;
    return distance > 0 && distance < qint64(HasNextMessage) ? quint32(distance) : 0;
}

QByteArray LogModel::carriedBytes(int row, int depth) const
{
    const Event &event = m_events[size_t(row)];
    // A display copy has lost its end; a message without a successor keeps its bytes.
    if (!(m_links[size_t(row)] & HasNextMessage) || event.len > event.payload.size())
        return {};
    const QByteArray bytes = leadBytes(row, depth) + event.payload;
    return bytes.right(incompleteTail(bytes, m_encoding));
}

QByteArray LogModel::leadBytes(int row, int depth) const
{
    const quint32 link = m_links[size_t(row)] & ~HasNextMessage;
    const int previous = link && depth > 0 ? rowForSequence(sequenceAt(row) - link) : -1;
    return previous >= 0 ? carriedBytes(previous, depth - 1) : QByteArray();
}

void LogModel::dropOldest(int count)
{
    count = std::min(count, rowCount());
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_events.erase(m_events.begin(), m_events.begin() + count);
    m_deltas.erase(m_deltas.begin(), m_deltas.begin() + count);
    m_links.erase(m_links.begin(), m_links.begin() + count);
    m_firstSeq += count;
    m_dropped += count;
    endRemoveRows();
    // Cached texts of dropped rows are keyed by sequence number: never hit again, aged out by cost.
}

void LogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_events.shrink_to_fit();
    m_deltas.clear();
    m_deltas.shrink_to_fit();
    m_lastMessageUs.clear();
    m_links.clear();
    m_links.shrink_to_fit();
    m_lastMessageSeq.clear();
    m_firstSeq = 0;
    m_payloadCache.clear();
    m_dropped = 0;
    m_notDisplayed = 0;
    endResetModel();
    emit countersChanged();
}

void LogModel::setCapacity(int rows)
{
    m_capacity = std::max(1, rows);
    if (rowCount() > m_capacity) {
        dropOldest(rowCount() - m_capacity);
        emit countersChanged();
    }
}

void LogModel::setRenderMode(RenderMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    invalidatePayloads();
}

void LogModel::setEncoding(const QString &encoding)
{
    if (encoding == m_encoding)
        return;
    m_encoding = encoding;
    const QStringDecoder decoder(encoding.toLatin1().constData());
    const QByteArray canonical = decoder.isValid() ? QByteArray(decoder.name()) : QByteArray("UTF-8");
    m_asciiTransparent = canonical == "UTF-8" || canonical == "ISO-8859-1";
    invalidatePayloads();
}

void LogModel::invalidatePayloads()
{
    m_payloadCache.clear();
    if (rowCount() > 0)
        emit dataChanged(index(0, PayloadColumn), index(rowCount() - 1, PayloadColumn), {Qt::DisplayRole});
}

void LogModel::setTimePrecision(bool microseconds)
{
    if (microseconds == m_microseconds)
        return;
    m_microseconds = microseconds;
    if (rowCount() > 0)
        emit dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

void LogModel::setPalette(const QPalette &palette)
{
    m_inBrush = palette.brush(QPalette::Link);
    m_outBrush = palette.brush(QPalette::LinkVisited);
    m_infoBrush = palette.brush(QPalette::PlaceholderText);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole});
}

void LogModel::setPayloadFont(const QFont &font)
{
    m_payloadFont = font;
    m_errorFont = QFont();
    m_errorFont.setBold(true);
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::FontRole});
}

void LogModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0) {
        emit dataChanged(
            index(0, DirectionColumn), index(rowCount() - 1, DirectionColumn), {Qt::DisplayRole});
        invalidatePayloads(); // info rows are tr() text of the core, already in their language
    }
}

qint64 LogModel::messageDelta(const Event &event)
{
    if (!isData(event)) {
        if (event.kind == EventKind::Close || event.kind == EventKind::Reset)
            m_lastMessageUs.remove(event.conn);
        return NoDelta;
    }
    auto it = m_lastMessageUs.find(event.conn);
    if (it == m_lastMessageUs.end()) {
        m_lastMessageUs.insert(event.conn, event.timeUs);
        return NoDelta;
    }
    const qint64 delta = event.timeUs - it.value();
    it.value() = event.timeUs;
    return delta;
}

QString LogModel::deltaText(qint64 deltaUs)
{
    if (deltaUs == NoDelta)
        return {};
    const QChar sign = deltaUs < 0 ? QChar(0x2212) : QLatin1Char('+'); // a clock set back: "−"
    const qint64 magnitude = deltaUs < 0 ? -deltaUs : deltaUs;
    if (magnitude < 1000000)
        return sign + tr("%1.%2 ms").arg(magnitude / 1000).arg(magnitude % 1000, 3, 10, QLatin1Char('0'));
    return sign
        + tr("%1.%2 s").arg(magnitude / 1000000).arg((magnitude % 1000000) / 1000, 3, 10, QLatin1Char('0'));
}

int LogModel::rowForSequence(qint64 seq) const
{
    const qint64 row = seq - m_firstSeq;
    return row >= 0 && row < rowCount() ? int(row) : -1;
}

void LogModel::setDisplayChars(int chars)
{
    // No dataChanged: a view asks again on its next paint, and nothing else reads the cut text.
    m_displayChars = std::max(1, chars);
}

QString LogModel::renderRow(int row) const
{
    const Event &event = m_events[size_t(row)];
    QString text;
    if (m_mode == RenderMode::Hex) {
        text = renderPayload(event.payload, m_mode, m_encoding, RenderBytes);
    } else {
        // The text: a character split between two reads is shown whole, in the later row; the hex
        // part shows exactly this row's bytes.
        const QByteArray lead = leadBytes(row);
        QByteArray bytes = lead + event.payload;
        bytes.chop(carriedBytes(row).size());
        text = renderPayload(bytes, RenderMode::Text, m_encoding, RenderBytes + lead.size());
        if (m_mode == RenderMode::Both) {
            const QString hex = renderPayload(event.payload, RenderMode::Hex, m_encoding, RenderBytes);
            text = hex + QLatin1String("  ") + text;
        }
    }
    // A display copy shorter than the message: say so, as renderPayload does past maxBytes.
    if (event.len > event.payload.size() && event.payload.size() < RenderBytes)
        text += QChar(0x2026);
    return text;
}

QString LogModel::payloadText(int row) const
{
    const Event &event = m_events[size_t(row)];
    if (!isData(event))
        return event.text;
    const qint64 seq = sequenceAt(row);
    if (const QString *cached = m_payloadCache.object(seq))
        return *cached;
    QString text = renderRow(row);
    m_payloadCache.insert(seq, new QString(text), std::max<qsizetype>(1, text.size()));
    return text;
}

bool LogModel::payloadContains(int row, const QString &needle) const
{
    const Event &event = m_events[size_t(row)];
    if (!isData(event))
        return event.text.contains(needle, Qt::CaseInsensitive);
    if (const QString *cached = m_payloadCache.object(sequenceAt(row)))
        return cached->contains(needle, Qt::CaseInsensitive);
    // Text of a text protocol, an ASCII needle: the rendering would be the bytes, so search them.
    if (m_mode == RenderMode::Text && m_asciiTransparent) {
        if (needle != m_needle) {
            m_needle = needle;
            bool ascii = true;
            for (const QChar c : needle)
                ascii = ascii && c.unicode() < 0x80;
            m_asciiNeedle = ascii ? needle.toLatin1().toLower() : QByteArray();
        }
        if (!m_asciiNeedle.isEmpty() && isPlainAscii(event.payload))
            return containsAsciiIgnoringCase(event.payload, m_asciiNeedle);
    }
    // Not cached: a filter pass visits every row once, and caching each would only push out the
    // rows on screen (and cost an allocation per row).
    return renderRow(row).contains(needle, Qt::CaseInsensitive);
}

QString LogModel::timeText(qint64 timeUs) const
{
    // Floor, not truncate, so times before 1970 still read right.
    const qint64 ms = timeUs >= 0 ? timeUs / 1000 : -((-timeUs + 999) / 1000);
    const qint64 second = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    // Local time is a time-zone lookup; a flood puts thousands of rows in one second, so reuse it.
    if (second != m_cachedSecond) {
        m_cachedSecond = second;
        m_cachedSecondText
            = QDateTime::fromMSecsSinceEpoch(second * 1000).toString(QStringLiteral("HH:mm:ss"));
    }
    QString text = m_cachedSecondText + u'.'
        + QStringLiteral("%1").arg(int(ms - second * 1000), 3, 10, QLatin1Char('0'));
    if (m_microseconds)
        text += QStringLiteral("%1").arg(int(timeUs - ms * 1000), 3, 10, QLatin1Char('0'));
    return text;
}

QString LogModel::directionText(Direction dir) const
{
    switch (dir) {
    case Direction::In:
        return glyph(dir) + u' ' + tr("in");
    case Direction::Out:
        return glyph(dir) + u' ' + tr("out");
    case Direction::Info:
        return glyph(dir) + u' ' + tr("info");
    case Direction::Error:
        break;
    }
    return glyph(dir) + u' ' + tr("error");
}

QString LogModel::lossNote(bool recording) const
{
    QStringList parts;
    const QLocale locale;
    if (m_dropped > 0) {
        const int n = pluralCount(m_dropped);
        parts << (recording
                ? tr("%1 older row(s) were dropped from the view (the recording has everything)", nullptr, n)
                : tr("%1 older row(s) were dropped from the view (record to a file to keep "
                     "everything)",
                    nullptr, n))
                     .arg(locale.toString(m_dropped));
    }
    if (m_notDisplayed > 0) {
        parts << tr("%1 event(s) arrived too fast to be displayed (the counters include them)", nullptr,
            pluralCount(m_notDisplayed))
                     .arg(locale.toString(m_notDisplayed));
    }
    return parts.join(QStringLiteral(" \u00b7 "));
}

QString LogModel::toolTip(const Event &event) const
{
    // Only our own words and numbers: a tooltip that starts with "<" is shown as rich text, so peer
    // text never goes in here.
    const qint64 ms = event.timeUs >= 0 ? event.timeUs / 1000 : -((-event.timeUs + 999) / 1000);
    const QString time
        = QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
        + QStringLiteral("%1").arg(int(event.timeUs - ms * 1000), 3, 10, QLatin1Char('0'));
    QString tip = time + QStringLiteral(" \u00b7 ") + directionText(event.dir);
    if (event.kind != EventKind::None)
        tip += QStringLiteral(" \u00b7 ") + QString::fromLatin1(eventKindName(event.kind));
    if (event.conn != 0)
        tip += QStringLiteral(" \u00b7 ") + tr("connection #%1").arg(event.conn);
    if (isData(event) && event.len > event.payload.size())
        tip += QStringLiteral(" \u00b7 ")
            + tr("%1 of %2 bytes shown").arg(event.payload.size()).arg(event.len);
    return tip;
}

} // namespace sockpit::ui
