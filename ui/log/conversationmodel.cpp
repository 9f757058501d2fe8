#include "conversationmodel.h"

#include <QStringDecoder>

#include <algorithm>
#include <utility>

namespace sockpit::ui {

namespace {

constexpr int HexBytesPerLine = 16;
constexpr int MaxChatNameChars = 64;

QByteArrayView withoutLineEnd(QByteArrayView line)
{
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

ConversationModel::ConversationModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_pendingTimer.setSingleShot(true);
    m_pendingTimer.setInterval(PendingLineMs);
    connect(&m_pendingTimer, &QTimer::timeout, this, &ConversationModel::flushPending);
}

int ConversationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant ConversationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Message &message = messageAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return message.text;
    case Qt::ToolTipRole:
        return LogTimeText::fullText(message.timeUs);
    case SideRole:
        return int(message.side);
    case SpeakerRole:
        return message.speaker;
    case TimeUsRole:
        return message.timeUs;
    case BinaryRole:
        return message.binary;
    case ErrorRole:
        return message.error;
    default:
        return {};
    }
}

void ConversationModel::setCapacity(int messages)
{
    m_capacity = std::max(1, messages);
    const int over = rowCount() - m_capacity;
    if (over > 0) {
        beginRemoveRows({}, 0, over - 1);
        m_messages.erase(m_messages.begin(), m_messages.begin() + over);
        endRemoveRows();
    }
}

void ConversationModel::appendEvents(const EventBatch &events, int limit)
{
    Batch out(std::min(limit, m_capacity));
    for (const Event &event : events) {
        if (event.kind == EventKind::None && (event.dir == Direction::In || event.dir == Direction::Out))
            addData(event, &out);
        else
            addNotice(event, &out);
    }
    insertMessages(std::move(out));
    if (m_pending.isEmpty())
        m_pendingTimer.stop();
    else
        m_pendingTimer.start(); // a pause: the unfinished lines are shown as they are
}

void ConversationModel::addData(const Event &event, Batch *out)
{
    const bool cut = event.len > event.payload.size(); // a display copy without the rest
    const QByteArray &payload = event.payload;
    if (m_framed) {
        Pending whole {QByteArray(), event.timeUs, event.dir, event.conn, event.peer, event.name};
        emitLine(whole, payload, 0, withoutLineEnd(payload).size(), cut, out);
        return;
    }
    const quint64 key = pendingKey(event.conn, event.dir);
    auto it = m_pending.find(key);
    if (it == m_pending.end())
        it = m_pending.insert(
            key, Pending {QByteArray(), event.timeUs, event.dir, event.conn, event.peer, {}});
    if (it->bytes.isEmpty()) {
        it->timeUs = event.timeUs; // a line is said when its first byte came
        it->name = event.name;
    }
    // Lines are found in place: a line that lies in this chunk is a slice of it, and only a line begun
    // in an earlier chunk is copied together. A line past MaxLineBytes is cut into pieces that long.
    const QByteArrayView bytes(payload);
    qsizetype at = 0;
    while (at < bytes.size()) {
        const qsizetype room = MaxLineBytes - it->bytes.size(); // the line's bytes this chunk may add
        const qsizetype window = std::min(bytes.size() - at, room + 1); // room, and a line end after it
        const qsizetype newline = bytes.sliced(at, window).indexOf('\n');
        qsizetype take = 0;
        if (newline >= 0)
            take = newline + 1;
        else if (window > room)
            take = room; // a piece of a line too long to wait for its end
        else
            break; // the rest waits for its line end
        if (it->bytes.isEmpty()) {
            const QByteArrayView line = bytes.sliced(at, take);
            emitLine(*it, payload, at, newline >= 0 ? withoutLineEnd(line).size() : take, false, out);
        } else {
            it->bytes.append(bytes.sliced(at, take));
            const qsizetype size = newline >= 0 ? withoutLineEnd(it->bytes).size() : it->bytes.size();
            emitLine(*it, it->bytes, 0, size, false, out);
            it->bytes.clear();
        }
        it->timeUs = event.timeUs;
        it->name = event.name;
        at += take;
    }
    it->bytes.append(bytes.sliced(at));
    if (cut || it->bytes.isEmpty()) {
        if (!it->bytes.isEmpty())
            emitLine(*it, it->bytes, 0, it->bytes.size(), true, out);
        m_pending.erase(it);
    }
}

void ConversationModel::addNotice(const Event &event, Batch *out)
{
    switch (event.kind) {
    case EventKind::Close:
    case EventKind::Reset:
    case EventKind::Error:
    case EventKind::Stop:
        flushConnection(event.conn, out); // what came before the end is a message of its own
        break;
    default:
        break;
    }
    Message message;
    message.side = Side::Notice;
    message.error = event.dir == Direction::Error;
    message.conn = event.conn;
    message.timeUs = event.timeUs;
    message.text = event.peer.isEmpty() || event.text.contains(event.peer)
        ? event.text
        : tr("%1: %2", "a connection step: peer, what happened").arg(event.peer, event.text);
    out->add(std::move(message));
}

void ConversationModel::flushConnection(ConnId conn, Batch *out)
{
    for (Direction dir : {Direction::In, Direction::Out}) {
        const auto it = m_pending.constFind(pendingKey(conn, dir));
        if (it == m_pending.constEnd())
            continue;
        emitLine(*it, it->bytes, 0, it->bytes.size(), false, out);
        m_pending.erase(it);
    }
}

void ConversationModel::flushPending()
{
    std::vector<const Pending *> oldestFirst;
    for (const Pending &pending : std::as_const(m_pending))
        oldestFirst.push_back(&pending);
    std::sort(oldestFirst.begin(), oldestFirst.end(),
        [](const Pending *a, const Pending *b) { return a->timeUs < b->timeUs; });
    Batch out(std::min(BatchLimit, m_capacity));
    for (const Pending *pending : oldestFirst)
        emitLine(*pending, pending->bytes, 0, pending->bytes.size(), false, &out);
    m_pending.clear();
    m_pendingTimer.stop();
    insertMessages(std::move(out));
}

void ConversationModel::emitLine(
    const Pending &from, const QByteArray &bytes, qsizetype at, qsizetype size, bool cut, Batch *out) const
{
    Message message;
    message.side = from.dir == Direction::Out ? Side::Mine : Side::Theirs;
    message.conn = from.conn;
    message.timeUs = from.timeUs;
    message.speaker = from.name.isEmpty() && from.dir == Direction::In ? from.peer : from.name;
    message.raw = bytes; // shared
    message.rawFrom = at;
    message.rawSize = size;
    message.cut = cut;
    // A chat room's server names the speaker inside the line; the user's own lines are not read so.
    message.chatLine = m_chatClient && from.name.isEmpty() && from.dir == Direction::In;
    out->add(std::move(message));
}

void ConversationModel::render(Message *message) const
{
    if (message->side == Side::Notice)
        return;
    const QByteArray raw = std::exchange(message->raw, QByteArray());
    const QByteArrayView line = QByteArrayView(raw).sliced(message->rawFrom, message->rawSize);
    if (isBinary(line)) {
        message->binary = true;
        message->text = hexBlock(line, line.size());
    } else {
        message->text = QString::fromUtf8(line);
        if (message->chatLine) {
            QString &text = message->text;
            if (text.startsWith(QLatin1String("* "))) {
                message->side = Side::Notice;
                message->speaker.clear();
                text.remove(0, 2);
            } else if (text.startsWith(QLatin1Char('<'))) {
                const qsizetype close = text.indexOf(QLatin1Char('>'));
                const bool spaced = close + 1 == text.size() || text.at(close + 1) == u' ';
                // A name is one word: "<?xml version=...>" or "<a href=...>" name nobody.
                const bool word = close > 1 && close <= MaxChatNameChars
                    && std::none_of(text.constBegin() + 1, text.constBegin() + close,
                        [](QChar c) { return c.isSpace(); });
                if (word && spaced) {
                    message->speaker = text.mid(1, close - 1);
                    text.remove(0, std::min(close + 2, text.size()));
                }
            }
        }
    }
    if (message->cut)
        message->text += QChar(0x2026);
}

void ConversationModel::Batch::add(Message message)
{
    if (ring.size() < limit) {
        ring.push_back(std::move(message));
        return;
    }
    ring[oldest] = std::move(message);
    oldest = (oldest + 1) % ring.size();
    ++leftOut;
}

std::vector<ConversationModel::Message> ConversationModel::Batch::takeInOrder()
{
    std::rotate(ring.begin(), ring.begin() + qsizetype(oldest), ring.end());
    oldest = 0;
    return std::exchange(ring, {});
}

void ConversationModel::insertMessages(Batch batch)
{
    std::vector<Message> messages = batch.takeInOrder();
    if (messages.empty())
        return;
    if (batch.leftOut > 0) {
        // A flood: the newest are shown, after a notice of how many were left out before them.
        Message notice;
        notice.side = Side::Notice;
        notice.timeUs = messages.front().timeUs;
        notice.text = tr("%n message(s) not shown: too many at once", nullptr, int(batch.leftOut + 1));
        m_leftOut += batch.leftOut + 1;
        messages.front() = std::move(notice);
    }
    for (Message &message : messages)
        render(&message);
    const int over = rowCount() + int(messages.size()) - m_capacity;
    if (over > 0) {
        beginRemoveRows({}, 0, over - 1);
        m_messages.erase(m_messages.begin(), m_messages.begin() + over);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + int(messages.size()) - 1);
    for (Message &message : messages)
        m_messages.push_back(std::move(message));
    endInsertRows();
}

void ConversationModel::clear()
{
    beginResetModel();
    m_messages.clear();
    m_pending.clear();
    m_pendingTimer.stop();
    endResetModel();
}

bool ConversationModel::isBinary(QByteArrayView bytes)
{
    for (const char c : bytes) {
        const auto byte = uchar(c);
        if ((byte < 0x20 && c != '\t' && c != '\r' && c != '\n') || byte == 0x7f)
            return true;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString text = decoder.decode(bytes);
    return decoder.hasError();
}

QString ConversationModel::hexBlock(QByteArrayView bytes, qint64 totalBytes)
{
    const qsizetype shown = std::min<qsizetype>(bytes.size(), MaxHexBytes);
    QString text;
    text.reserve(shown * 3 + 32);
    static const char digits[] = "0123456789abcdef";
    for (qsizetype i = 0; i < shown; ++i) {
        if (i > 0)
            text += QLatin1Char(i % HexBytesPerLine == 0 ? '\n' : ' ');
        const auto byte = uchar(bytes[i]);
        text += QLatin1Char(digits[byte >> 4]);
        text += QLatin1Char(digits[byte & 0xf]);
    }
    if (totalBytes > shown)
        text += QLatin1Char('\n') + tr("\u2026 %n more byte(s)", nullptr, int(totalBytes - shown));
    return text;
}

} // namespace sockpit::ui
