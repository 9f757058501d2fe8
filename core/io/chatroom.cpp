#include "chatroom.h"

#include "eventsink.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QStringDecoder>

#include <algorithm>
#include <utility>

namespace sockpit {

namespace {

QString display(const QByteArray &name)
{
    return QString::fromUtf8(name);
}

bool lowerEquals(const QByteArray &a, const QByteArray &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

ChatRoom::ChatRoom(EventSink *events, QByteArray lineEnding, const QString &hostName)
    : m_events(events)
    , m_ending(std::move(lineEnding))
    , m_hostName(hostName.toUtf8())
{ }

Framing ChatRoom::lineFraming()
{
    Framing framing;
    framing.kind = Framing::Kind::Delimiter;
    framing.delimiter = QByteArrayLiteral("\n");
    // Room for a whole line of MaxLine bytes and its CR LF: longer lines arrive in pieces.
    framing.maxFrame = int(MaxLine) + 2;
    return framing;
}

QByteArray ChatRoom::checkName(const QByteArray &name)
{
    if (name.isEmpty())
        return QByteArray(QT_TRANSLATE_NOOP("sockpit::ChatRoom", "a name needs at least one character"));
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f)
            return QByteArray(
                QT_TRANSLATE_NOOP("sockpit::ChatRoom", "a name may not hold spaces or control characters"));
        if (c == '<' || c == '>')
            return QByteArray(QT_TRANSLATE_NOOP("sockpit::ChatRoom", "a name may not hold < or >"));
    }
    // Characters of UTF-8; bytes of any other encoding (GB18030 names then count two per character).
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(name);
    qsizetype characters = name.size();
    if (!decoder.hasError()) {
        characters = 0;
        for (const uint ucs4 : text.toUcs4()) {
            if (!QChar::isPrint(char32_t(ucs4)) || QChar::isSpace(char32_t(ucs4)))
                return QByteArray(QT_TRANSLATE_NOOP(
                    "sockpit::ChatRoom", "a name may not hold spaces or control characters"));
            ++characters;
        }
    }
    if (characters > MaxNameCharacters)
        return QByteArray(QT_TRANSLATE_NOOP("sockpit::ChatRoom", "a name has at most 32 characters"));
    return {};
}

QByteArray ChatRoom::join(ConnId id, ChatLink *link)
{
    QByteArray name;
    {
        QMutexLocker lock(&m_mutex);
        do
            name = "user" + QByteArray::number(++m_nextUser);
        while (nameTakenLocked(name, 0));
        // The newcomer gets its welcome instead of the announcement.
        broadcastLocked(notice(name + " joined"), id);
        Member member;
        member.name = name;
        member.link = link;
        member.context = link->linkContext();
        member.handOverQueued = true; // handed over below
        for (const QByteArray &line : m_history)
            member.inbox += line;
        member.inboxLines = int(m_history.size());
        m_members.insert(id, member);
        Member &added = m_members[id];
        added.inbox += notice(
            "welcome, you are " + name + "; here: " + whoLocked() + " (/nick NAME to rename, /who to list)");
        ++added.inboxLines;
    }
    // On the member's own thread already: the greeting goes out at once.
    handOver(id);
    logRoom(id, tr("joined the chat room as %1").arg(display(name)));
    return name;
}

void ChatRoom::leave(ConnId id)
{
    QByteArray name;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_members.find(id);
        if (it == m_members.end())
            return;
        name = it->name;
        m_members.erase(it);
        broadcastLocked(notice(name + " left"), 0);
    }
}

void ChatRoom::say(ConnId id, const QByteArray &line, bool cut)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_members.find(id);
    if (it == m_members.end())
        return; // expelled while its last bytes were on their way
    if (line.isEmpty() && !cut)
        return;
    if (line.startsWith('/') && !cut) {
        const QByteArray before = it->name;
        command(id, *it, line);
        const QByteArray after = m_members.value(id).name;
        lock.unlock();
        if (!after.isEmpty() && after != before)
            logRoom(id, tr("%1 is now %2").arg(display(before), display(after)));
        return;
    }
    sayLocked(it->name, line, cut, id);
}

void ChatRoom::hostSays(const QByteArray &bytes, bool complete)
{
    QVector<QByteArray> lines;
    {
        QMutexLocker lock(&m_mutex);
        QByteArray text = m_hostPartial + bytes;
        m_hostPartial.clear();
        qsizetype start = 0;
        while (start < text.size()) {
            const qsizetype end = text.indexOf('\n', start);
            if (end < 0) {
                if (complete)
                    lines.append(text.mid(start));
                else
                    m_hostPartial = text.mid(start);
                break;
            }
            QByteArray line = text.mid(start, end - start);
            if (line.endsWith('\r'))
                line.chop(1);
            lines.append(line);
            start = end + 1;
        }
        // A stream that never ends its line is said in pieces rather than held without bound.
        while (m_hostPartial.size() > MaxLine) {
            lines.append(m_hostPartial.left(MaxLine));
            m_hostPartial.remove(0, MaxLine);
        }
        for (const QByteArray &line : std::as_const(lines)) {
            if (line.isEmpty())
                continue;
            const bool cut = line.size() > MaxLine;
            sayLocked(m_hostName, cut ? line.left(MaxLine) : line, cut, 0);
        }
    }
    // The host's lines are recorded here: no connection received them.
    for (const QByteArray &line : std::as_const(lines)) {
        if (line.isEmpty())
            continue;
        Event event;
        event.conn = 0;
        event.dir = Direction::Out;
        event.name = display(m_hostName);
        event.payload = line + m_ending;
        event.len = event.payload.size();
        m_events->post(std::move(event), false);
    }
}

QByteArray ChatRoom::nameOf(ConnId id) const
{
    QMutexLocker lock(&m_mutex);
    return m_members.value(id).name;
}

int ChatRoom::memberCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_members.size());
}

void ChatRoom::sayLocked(const QByteArray &name, const QByteArray &text, bool cut, ConnId except)
{
    QByteArray line = '<' + name + "> " + text;
    if (cut)
        line += " [cut]";
    line += m_ending;
    m_history.push_back(line);
    if (m_history.size() > std::size_t(HistoryLines))
        m_history.pop_front();
    broadcastLocked(line, except);
}

void ChatRoom::command(ConnId id, Member &member, const QByteArray &line)
{
    const qsizetype space = line.indexOf(' ');
    const QByteArray word = space < 0 ? line : line.left(space);
    const QByteArray rest = space < 0 ? QByteArray() : line.mid(space + 1).trimmed();
    if (word == "/who") {
        answerLocked(id, member, notice("here: " + whoLocked()));
        return;
    }
    if (word == "/nick") {
        const QByteArray why = checkName(rest);
        if (!why.isEmpty()) {
            answerLocked(id, member, notice("name refused: " + why));
            return;
        }
        if (rest == member.name)
            return;
        if (nameTakenLocked(rest, id)) {
            answerLocked(id, member, notice("name refused: " + rest + " is taken"));
            return;
        }
        const QByteArray old = member.name;
        member.name = rest;
        broadcastLocked(notice(old + " is now " + rest), 0);
        return;
    }
    answerLocked(id, member, notice("unknown command " + word + " (/nick NAME to rename, /who to list)"));
}

bool ChatRoom::nameTakenLocked(const QByteArray &name, ConnId except) const
{
    if (lowerEquals(name, m_hostName))
        return true;
    for (auto it = m_members.cbegin(); it != m_members.cend(); ++it) {
        if (it.key() != except && lowerEquals(it->name, name))
            return true;
    }
    return false;
}

QByteArray ChatRoom::whoLocked() const
{
    QVector<QByteArray> names;
    names.reserve(m_members.size());
    for (const Member &member : m_members)
        names.append(member.name);
    std::sort(names.begin(), names.end());
    QByteArray out = m_hostName;
    for (const QByteArray &name : std::as_const(names))
        out += ", " + name;
    return out;
}

QByteArray ChatRoom::notice(const QByteArray &text) const
{
    return "* " + text + m_ending;
}

void ChatRoom::broadcastLocked(const QByteArray &line, ConnId except)
{
    // Expelling announces a leave, which may expel another member: a queue, not recursion.
    QVector<QPair<ConnId, qint64>> overdue;
    for (auto it = m_members.begin(); it != m_members.end(); ++it) {
        if (it.key() == except)
            continue;
        const qint64 waiting = it->inbox.size() + it->link->waitingBytes();
        if (waiting + line.size() > MemberBacklogLimit)
            overdue.append({it.key(), waiting});
        else
            sendLocked(it.key(), *it, line);
    }
    for (const auto &[id, waiting] : std::as_const(overdue)) {
        const auto it = m_members.find(id);
        if (it != m_members.end())
            expelLocked(id, *it, waiting);
    }
}

void ChatRoom::answerLocked(ConnId id, Member &member, const QByteArray &line)
{
    // A client that asks and asks but never reads is held to the same bound as any other.
    const qint64 waiting = member.inbox.size() + member.link->waitingBytes();
    if (waiting + line.size() > MemberBacklogLimit)
        expelLocked(id, member, waiting);
    else
        sendLocked(id, member, line);
}

void ChatRoom::sendLocked(ConnId id, Member &member, const QByteArray &line)
{
    member.inbox += line;
    ++member.inboxLines;
    if (member.handOverQueued)
        return;
    member.handOverQueued = true;
    QMetaObject::invokeMethod(
        member.context,
        [room = weak_from_this(), id] {
            if (const auto self = room.lock())
                self->handOver(id);
        },
        Qt::QueuedConnection);
}

void ChatRoom::expelLocked(ConnId id, Member &member, qint64 waiting)
{
    const QByteArray name = member.name;
    ChatLink *link = member.link;
    const QString reason = tr("left the chat room: %1 bytes were waiting for this client to read, more "
                              "than the room keeps for one client (%2)")
                               .arg(waiting)
                               .arg(MemberBacklogLimit);
    m_members.remove(id);
    // The link goes with its context: a call queued to a connection that is gone is dropped.
    QMetaObject::invokeMethod(
        link->linkContext(), [link, reason] { link->expel(reason); }, Qt::QueuedConnection);
    broadcastLocked(notice(name + " left (not reading)"), 0);
}

void ChatRoom::handOver(ConnId id)
{
    ChatLink *link = nullptr;
    QByteArray bytes;
    int lines = 0;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_members.find(id);
        if (it == m_members.end())
            return;
        it->handOverQueued = false;
        bytes.swap(it->inbox);
        lines = std::exchange(it->inboxLines, 0);
        link = it->link;
    }
    // Leaving happens on this thread too, so the link is still there.
    if (!bytes.isEmpty())
        link->pass(bytes, lines);
}

void ChatRoom::logRoom(ConnId id, const QString &text)
{
    m_events->info(id, EventKind::None, text);
}

} // namespace sockpit
