#include "logmodel.h"

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

bool isData(Direction dir)
{
    return dir == Direction::In || dir == Direction::Out;
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
    return parent.isValid() ? 0 : int(m_rows.size());
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
    const auto r = size_t(row);
    const Direction dir = m_rows.dir(r);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return timeText(m_rows.timeUs(r));
        case DeltaColumn:
            return deltaText(m_rows.deltaUs(r));
        case DirectionColumn:
            return directionText(dir);
        case PeerColumn:
            return m_rows.peer(r);
        case LengthColumn:
            return isData(dir) || m_rows.len(r) > 0 ? QVariant(m_rows.len(r)) : QVariant();
        case CheckColumn:
            return checkText(m_rows.check(r));
        case CallColumn:
            return systemCall(
                m_rows.kind(r), dir, m_rows.peer(r), m_rows.local(r), m_rows.upstream(r), m_callContext);
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
        switch (dir) {
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
    case Qt::BackgroundRole:
        return m_rows.check(r) == CheckResult::Bad ? QVariant(m_badBrush) : QVariant();
    case Qt::FontRole:
        if (index.column() == CheckColumn && m_rows.check(r) == CheckResult::Bad)
            return m_errorFont;
        if (index.column() == PayloadColumn) {
            if (dir != Direction::Error)
                return m_payloadFont;
            QFont bold = m_payloadFont;
            bold.setBold(true);
            return bold;
        }
        return dir == Direction::Error ? QVariant(m_errorFont) : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == LengthColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == CheckColumn && m_rows.check(r) == CheckResult::Bad)
            return tr("The check value this message carries is wrong; the error row after it says what "
                      "it should be");
        if (index.column() == CallColumn) {
            // The whole call (the cell may be elided) and what it did.
            const QString call = systemCall(
                m_rows.kind(r), dir, m_rows.peer(r), m_rows.local(r), m_rows.upstream(r), m_callContext);
            if (!call.isEmpty())
                return QString(call + QLatin1Char('\n') + systemCallHelp(m_rows.kind(r), dir, m_callContext));
        }
        return toolTip(row);
    case EventRole:
        return sequenceAt(row);
    case DirectionRole:
        return int(dir);
    case ConnRole:
        return QVariant::fromValue<quint64>(m_rows.conn(r));
    case TimeUsRole:
        return m_rows.timeUs(r);
    case DeltaUsRole: {
        const qint64 delta = m_rows.deltaUs(r);
        return delta == NoDelta ? QVariant() : QVariant(delta);
    }
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == DeltaColumn)
        return tr("Time since the previous message, received or sent, on the same connection");
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == CheckColumn)
        return tr("Whether the check value at the end of a received message is right (the session's "
                  "\"Check received\" option)");
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == CallColumn)
        return tr("The system call that made the row, as a program written with sockets would make it");
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
    case CheckColumn:
        return tr("Check");
    case CallColumn:
        return tr("System call");
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
    m_whole.dropBefore(m_firstSeq);
    for (qsizetype i = 0; i < skip; ++i) {
        m_chain.delta(events.at(i)); // skipped rows still count as the previous message
        m_chain.link(events.at(i), batchFirstSeq + i);
    }
    int firstChanged = std::numeric_limits<int>::max(); // earlier rows whose text now leaves out a tail
    int lastChanged = -1;
    if (incoming > 0) {
        const int first = rowCount();
        beginInsertRows({}, first, first + incoming - 1);
        for (qsizetype i = skip; i < events.size(); ++i) {
            const quint32 link = m_chain.link(events.at(i), batchFirstSeq + i);
            m_rows.append(events.at(i), m_chain.delta(events.at(i)), link, m_keptBytes);
            if (events.at(i).payload.size() > RenderBytes && !m_source)
                m_whole.add(batchFirstSeq + i, events.at(i).payload);
            const int previous = link ? rowForSequence(batchFirstSeq + i - link) : -1;
            if (previous >= 0) {
                m_rows.setLink(size_t(previous), m_rows.link(size_t(previous)) | HasNextMessage);
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

QByteArray LogModel::carriedBytes(int row, int depth) const
{
    const auto r = size_t(row);
    // A message without a successor keeps its bytes; a datagram or a frame ends where its sender ended
    // it, never inside a character the next one completes; and a display copy has lost its end.
    if (m_messagesWhole || !(m_rows.link(r) & HasNextMessage) || !shownWhole(r))
        return {};
    const QByteArray payload = shownBytes(r);
    if (payload.size() < m_rows.len(r))
        return {};
    const QByteArray bytes = leadBytes(row, depth) + payload;
    return bytes.right(incompleteTail(bytes, m_encoding));
}

bool LogModel::mayHaveLead(int row) const
{
    // A previous message that ends in a byte below 0x80 ends no character half-way; asking
    // leadBytes() costs a decoder per row, too much for a filter over a million rows.
    const quint32 link = m_rows.link(size_t(row)) & ~HasNextMessage;
    const int previous = link && !m_messagesWhole ? rowForSequence(sequenceAt(row) - link) : -1;
    if (previous < 0)
        return false;
    const auto p = size_t(previous);
    if (m_rows.payloadSize(p) < m_rows.len(p)) {
        if (!shownWhole(p))
            return false; // a display copy carries nothing
        // Its last byte alone, from the payload source.
        const QByteArray last = m_source->payload(sequenceAt(previous), m_rows.len(p) - 1, 1);
        return last.isEmpty() || uchar(last.back()) >= 0x80;
    }
    const QByteArrayView bytes = m_rows.payloadView(p);
    return bytes.isEmpty() || uchar(bytes.back()) >= 0x80;
}

QByteArray LogModel::leadBytes(int row, int depth) const
{
    const quint32 link = m_rows.link(size_t(row)) & ~HasNextMessage;
    const int previous = link && depth > 0 ? rowForSequence(sequenceAt(row) - link) : -1;
    return previous >= 0 ? carriedBytes(previous, depth - 1) : QByteArray();
}

void LogModel::dropOldest(int count)
{
    count = std::min(count, rowCount());
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_rows.dropFront(size_t(count));
    m_firstSeq += count;
    m_dropped += count;
    m_whole.dropBefore(m_firstSeq);
    endRemoveRows();
    // Cached texts of dropped rows are keyed by sequence number: never hit again, aged out by cost.
}

QByteArray LogModel::payloadAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    const auto r = size_t(row);
    const QByteArrayView kept = m_rows.payloadView(r);
    if (m_rows.len(r) > kept.size()) {
        const QByteArray whole = m_whole.find(sequenceAt(row));
        if (!whole.isNull())
            return whole;
        if (m_source) {
            const QByteArray read = m_source->payload(sequenceAt(row), 0, qsizetype(m_rows.len(r)));
            if (read.size() == m_rows.len(r) && read.startsWith(kept))
                return read;
        }
    }
    return QByteArray(kept.data(), kept.size());
}

Event LogModel::eventAt(int row) const
{
    Event event = m_rows.event(size_t(row));
    if (m_source && isData(event.dir) && event.payload.size() < std::min<qint64>(event.len, RenderBytes)) {
        const QByteArray shown = shownBytes(size_t(row));
        if (shown.size() > event.payload.size())
            event.payload = shown; // read from the source: its own bytes, not the row's
    }
    return event;
}

void LogModel::setPayloadSource(std::shared_ptr<const PayloadSource> source, int keptBytes)
{
    m_source = std::move(source);
    m_keptBytes = m_source ? std::clamp(keptBytes, 0, RenderBytes) : RenderBytes;
    invalidatePayloads();
}

QByteArray LogModel::shownBytes(size_t r) const
{
    const QByteArrayView kept = m_rows.payloadView(r);
    const qsizetype shown = qsizetype(std::min<qint64>(m_rows.len(r), RenderBytes));
    if (m_source && kept.size() < shown) {
        QByteArray read = m_source->payload(sequenceAt(int(r)), 0, shown);
        if (read.size() == shown && read.startsWith(kept))
            return read;
    }
    return m_rows.payloadRef(r);
}

bool LogModel::shownWhole(size_t r) const
{
    return m_rows.len(r) <= m_rows.payloadSize(r) || (m_source && m_rows.len(r) <= RenderBytes);
}

void LogModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_whole.clear();
    m_chain.clear();
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
    emit encodingChanged();
}

void LogModel::setMessagesWhole(bool whole)
{
    if (whole == m_messagesWhole)
        return;
    m_messagesWhole = whole;
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
    // A red tint of the base colour: readable in light and dark palettes alike.
    const QColor base = palette.color(QPalette::Base);
    const QColor red(220, 40, 40);
    const auto blend = [](int a, int b) { return (a * 3 + b) / 4; };
    m_badBrush = QColor(
        blend(base.red(), red.red()), blend(base.green(), red.green()), blend(base.blue(), red.blue()));
    if (rowCount() > 0)
        emit dataChanged(
            index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ForegroundRole, Qt::BackgroundRole});
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
    const auto r = size_t(row);
    const QByteArray payload = shownBytes(r);
    QString text;
    if (m_mode == RenderMode::Hex) {
        text = renderPayload(payload, m_mode, m_encoding, RenderBytes);
    } else {
        // The text: a character split between two reads is shown whole, in the later row; the hex
        // part shows exactly this row's bytes.
        const QByteArray lead = leadBytes(row);
        QByteArray bytes = lead + payload;
        bytes.chop(carriedBytes(row).size());
        text = renderPayload(bytes, RenderMode::Text, m_encoding, RenderBytes + lead.size());
        if (m_mode == RenderMode::Both) {
            const QString hex = renderPayload(payload, RenderMode::Hex, m_encoding, RenderBytes);
            text = hex + QLatin1String("  ") + text;
        }
    }
    // A display copy shorter than the message: say so, as renderPayload does past maxBytes.
    if (m_rows.len(r) > payload.size() && payload.size() < RenderBytes)
        text += QChar(0x2026);
    return text;
}

bool LogModel::isDataRow(int row) const
{
    return isData(m_rows.dir(size_t(row)));
}

QString LogModel::payloadText(int row) const
{
    if (!isDataRow(row))
        return m_rows.text(size_t(row));
    const qint64 seq = sequenceAt(row);
    if (const QString *cached = m_payloadCache.object(seq))
        return *cached;
    QString text = renderRow(row);
    m_payloadCache.insert(seq, new QString(text), std::max<qsizetype>(1, text.size()));
    return text;
}

LogModel::Needle LogModel::needle(const QString &text) const
{
    return PayloadSearch::needle(text, m_mode == RenderMode::Hex);
}

bool LogModel::payloadMatches(int row, const Needle &needle) const
{
    const auto r = size_t(row);
    if (!isData(m_rows.dir(r)))
        return m_rows.text(r).contains(needle.text, Qt::CaseInsensitive);
    // Not through the cache: a filter pass visits every row once, caching each would only push out the
    // rows on screen, and the cache is not for several threads.
    const QByteArray shown = shownBytes(r);
    const QByteArrayView payload(shown);
    if (m_mode == RenderMode::Hex && !needle.asciiLower.isEmpty())
        return PayloadSearch::hexContains(payload, needle);
    // Text of a text protocol, an ASCII needle: the rendering would be the bytes (with their line ends
    // and other controls escaped), so search them (unless the row starts with a character its previous
    // message began).
    if (m_mode == RenderMode::Text && m_asciiTransparent && !needle.asciiLower.isEmpty()
        && (!mayHaveLead(row) || leadBytes(row).isEmpty())) {
        if (PayloadSearch::isPlainAscii(payload))
            return PayloadSearch::containsBytes(payload, needle.asciiLower, needle.hasLetters);
        if (PayloadSearch::isAscii(payload))
            return PayloadSearch::escapedAsciiContains(payload, needle.asciiLower, needle.hasLetters);
    }
    return renderRow(row).contains(needle.text, Qt::CaseInsensitive);
}

QString LogModel::timeText(qint64 timeUs) const
{
    return m_timeText.text(timeUs, m_microseconds);
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

QString LogModel::checkText(CheckResult check)
{
    switch (check) {
    case CheckResult::Ok:
        return tr("ok");
    case CheckResult::Bad:
        return tr("bad");
    case CheckResult::None:
        break;
    }
    return {};
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

void LogModel::setSystemCallContext(const SystemCallContext &context)
{
    m_callContext = context;
    if (rowCount() > 0)
        emit dataChanged(index(0, CallColumn), index(rowCount() - 1, CallColumn), {Qt::DisplayRole});
}

QString LogModel::toolTip(int row) const
{
    // Only our own words and numbers: a tooltip that starts with "<" is shown as rich text, so peer
    // text never goes in here.
    const auto r = size_t(row);
    QString tip
        = LogTimeText::fullText(m_rows.timeUs(r)) + QStringLiteral(" \u00b7 ") + directionText(m_rows.dir(r));
    if (m_rows.kind(r) != EventKind::None)
        tip += QStringLiteral(" \u00b7 ") + QString::fromLatin1(eventKindName(m_rows.kind(r)));
    if (m_rows.conn(r) != 0)
        tip += QStringLiteral(" \u00b7 ") + tr("connection #%1").arg(m_rows.conn(r));
    const qsizetype shown = isDataRow(row) ? shownBytes(r).size() : 0;
    if (isDataRow(row) && m_rows.len(r) > shown)
        tip += QStringLiteral(" \u00b7 ") + tr("%1 of %2 bytes shown").arg(shown).arg(m_rows.len(r));
    return tip;
}

} // namespace sockpit::ui
