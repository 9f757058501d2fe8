#pragma once

#include "event.h"
#include "framing.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QString>

#include <deque>
#include <memory>

namespace sockpit {

class EventSink;

// A stream connection as a chat room sees it. pass() and expel() run on the connection's own I/O
// thread (the link's context); waitingBytes() may be called from any thread.
class ChatLink
{
public:
    virtual ~ChatLink() = default;
    // Writes `lines` lines of the room to the peer: counted as sent (bytes, and each line a message),
    // but not logged again (each line is recorded once, as the message its sender said).
    virtual void pass(const QByteArray &bytes, int lines) = 0;
    // Bytes given to the connection that the kernel has not taken yet.
    virtual qint64 waitingBytes() const = 0;
    // Closes the connection, with `reason` in its close event.
    virtual void expel(const QString &reason) = 0;
    // The object that lives on the connection's thread and goes with it.
    virtual QObject *linkContext() = 0;
};

// A TCP server's chat room: each line a client says goes to every other client as "<name> text",
// followed by the room's line ending; the session's own user talks as the room's host name. Names
// start as user<N>; "/nick NAME" renames, "/who" lists who is there. Joins, leaves and renames are
// announced to everyone as "* ..." lines, and a newcomer first gets the last lines said.
//
// Thread-safe: the members are connections on any of the I/O threads. A line is put in every
// other member's inbox under one lock, so all members see the room's lines in the same order; each
// inbox is handed to its connection on the connection's own thread. A member that stops reading
// cannot hold the others back or grow memory: once more than MemberBacklogLimit bytes wait for it,
// it is expelled with a logged reason.
class ChatRoom final : public std::enable_shared_from_this<ChatRoom>
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ChatRoom)

public:
    static constexpr qsizetype MaxLine = 4096; // bytes of one line; a longer one is cut and marked
    static constexpr int HistoryLines = 20; // lines a newcomer receives
    static constexpr qint64 MemberBacklogLimit = 1024 * 1024;
    static constexpr int MaxNameCharacters = 32;

    // `lineEnding` ends every line the room sends ("\n" or "\r\n"); `hostName` is the session's own.
    ChatRoom(EventSink *events, QByteArray lineEnding, const QString &hostName);

    // How a chat room's connections split what they receive: at LF (a CR before it is dropped when the
    // line is passed on), cut at MaxLine bytes.
    static Framing lineFraming();
    // Empty when `name` can be a name in a room (1 to 32 printable characters, no spaces, no < or >),
    // else why not (the words sent to the client).
    static QByteArray checkName(const QByteArray &name);

    // On the member's own thread. join() gives the newcomer the history and a welcome, announces it to
    // the others and returns its name.
    QByteArray join(ConnId id, ChatLink *link);
    // The member's connection ended; announced unless it was expelled (and announced) already.
    void leave(ConnId id);
    // A line a member said (without its line ending): a command, or a line for the others.
    // `cut`: the line was longer than MaxLine; `line` is its first MaxLine bytes.
    void say(ConnId id, const QByteArray &line, bool cut = false);
    // The session's own user, from any thread: each line of `bytes` is said by the host. With
    // `complete` false (a stream such as standard input) an unfinished last line waits for the rest.
    void hostSays(const QByteArray &bytes, bool complete);

    QByteArray nameOf(ConnId id) const;
    int memberCount() const;
    QByteArray hostName() const { return m_hostName; }

private:
    struct Member
    {
        QByteArray name;
        ChatLink *link = nullptr;
        QObject *context = nullptr;
        QByteArray inbox; // lines waiting to be handed to the connection on its thread
        int inboxLines = 0;
        bool handOverQueued = false;
    };

    // Under m_mutex: appends `line` (already ended) to every member but `except` and the expelled.
    void broadcastLocked(const QByteArray &line, ConnId except);
    void sendLocked(ConnId id, Member &member, const QByteArray &line);
    // A line for one member only (an answer to its command), within the member's bound.
    void answerLocked(ConnId id, Member &member, const QByteArray &line);
    void expelLocked(ConnId id, Member &member, qint64 waiting);
    void sayLocked(const QByteArray &name, const QByteArray &text, bool cut, ConnId except);
    void command(ConnId id, Member &member, const QByteArray &line);
    bool nameTakenLocked(const QByteArray &name, ConnId except) const;
    QByteArray whoLocked() const;
    QByteArray notice(const QByteArray &text) const;
    void handOver(ConnId id);
    void logRoom(ConnId id, const QString &text);

    EventSink *m_events;
    const QByteArray m_ending;
    const QByteArray m_hostName;
    mutable QMutex m_mutex; // guards what follows
    QHash<ConnId, Member> m_members;
    std::deque<QByteArray> m_history; // the last lines said, ended
    int m_nextUser = 0;
    QByteArray m_hostPartial; // an unfinished line of the host's stream
};

} // namespace sockpit
