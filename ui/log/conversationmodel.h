#pragma once

#include "event.h"
#include "logtimetext.h"

#include <QAbstractListModel>
#include <QByteArray>
#include <QHash>
#include <QString>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <vector>

namespace sockpit::ui {

// A session's traffic as a conversation: each line said (received or sent) is one message with who
// said it and when, and connection steps are notices between them. Received and sent bytes of each
// connection are split at LF (an unfinished line waits for the rest, or for a pause), unless the
// session frames its messages itself. It keeps at most capacity() messages, the newest.
class ConversationModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class Side { Theirs, Mine, Notice };
    enum Role {
        SideRole = Qt::UserRole + 1, // int(Side)
        SpeakerRole, // QString: the name or address of who said it; empty for notices
        TimeUsRole, // qint64, microseconds since the epoch
        BinaryRole, // bool: the text is a hex block
        ErrorRole, // bool: a notice of an error
    };
    struct Message
    {
        Side side = Side::Theirs;
        bool binary = false;
        bool error = false;
        ConnId conn = 0;
        qint64 timeUs = 0;
        QString speaker;
        QString text; // plain text, never markup; for binary messages the hex block
        // A line's bytes until it is known to be kept and turned into text: rawSize bytes from rawFrom,
        // often a slice of the chunk it came in (shared, not copied).
        QByteArray raw;
        qsizetype rawFrom = 0;
        qsizetype rawSize = 0;
        bool cut = false; // the line's end was not delivered (a truncated display copy)
        bool chatLine = false; // a line from a chat room's server, "<name> text" or "* notice"
        // The size the view last laid the message out at, for the width it had then.
        mutable int layoutWidth = -1;
        mutable int layoutHeight = 0;
    };

    static constexpr int DefaultCapacity = 2000;
    // A line longer than this is shown in pieces: an endless line must not hold the view's memory.
    static constexpr int MaxLineBytes = 4096;
    // Bytes of a binary message written out as hex; the rest is counted.
    static constexpr int MaxHexBytes = 512;
    // An unfinished line is shown as it is once nothing more has come for this long (a prompt).
    static constexpr int PendingLineMs = 500;
    // Messages a batch adds at most: in a flood the newest, and a notice of how many were left out,
    // so the view lays out a bounded number of messages per batch whatever the rate.
    static constexpr int BatchLimit = 200;

    explicit ConversationModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // A TCP client of a chat room: received lines "<name> text" are said by name, "* ..." are notices.
    void setChatClient(bool chatClient) { m_chatClient = chatClient; }
    bool isChatClient() const { return m_chatClient; }
    // The session frames messages itself (lines, a delimiter, a chat room): each data event is one.
    void setFramedBySession(bool framed) { m_framed = framed; }
    bool isFramedBySession() const { return m_framed; }
    void setCapacity(int messages); // at least 1; shrinking drops the oldest
    int capacity() const { return m_capacity; }

    // One beginRemoveRows for the oldest messages over the cap, then one beginInsertRows. At most
    // `limit` new messages (BatchLimit by default; the newest) are added.
    void appendEvents(const EventBatch &events, int limit = BatchLimit);
    qint64 leftOutMessages() const { return m_leftOut; }
    void clear();
    // Every unfinished line becomes a message now.
    void flushPending();
    int pendingLines() const { return int(m_pending.size()); }

    const Message &messageAt(int row) const { return m_messages[size_t(row)]; }
    QString timeText(qint64 timeUs) const { return m_timeText.text(timeUs, false); }

    // Whether bytes are shown as hex: not UTF-8, or control bytes other than tab, CR and LF.
    static bool isBinary(QByteArrayView bytes);
    // "48 65 6c 6c 6f", 16 bytes a line; at most MaxHexBytes of them, then how many more there are.
    static QString hexBlock(QByteArrayView bytes, qint64 totalBytes);

private:
    struct Pending
    {
        QByteArray bytes;
        qint64 timeUs = 0;
        Direction dir = Direction::In;
        ConnId conn = 0;
        QString peer;
        QString name;
    };
    // The messages a batch adds: only the newest `limit` are kept while it is read, in a ring whose
    // oldest slot the next message takes, the rest counted. A flood's lines cost no allocation each.
    struct Batch
    {
        explicit Batch(int limit)
            : limit(size_t(std::max(1, limit)))
        { }
        void add(Message message);
        std::vector<Message> takeInOrder(); // oldest first
        std::vector<Message> ring;
        size_t oldest = 0; // the ring's oldest slot once it is full
        size_t limit;
        qint64 leftOut = 0;
    };
    static quint64 pendingKey(ConnId conn, Direction dir) { return (conn << 1) | (dir == Direction::Out); }
    void addData(const Event &event, Batch *out);
    void addNotice(const Event &event, Batch *out);
    void flushConnection(ConnId conn, Batch *out);
    // A message of the `size` bytes of `bytes` from `at` (shared, not copied).
    void emitLine(const Pending &from, const QByteArray &bytes, qsizetype at, qsizetype size, bool cut,
        Batch *out) const;
    // Turns a kept line's bytes into its text (or hex block) and reads a chat room's line.
    void render(Message *message) const;
    void insertMessages(Batch batch);

    std::deque<Message> m_messages;
    QHash<quint64, Pending> m_pending;
    QTimer m_pendingTimer;
    int m_capacity = DefaultCapacity;
    qint64 m_leftOut = 0;
    bool m_chatClient = false;
    bool m_framed = false;
    LogTimeText m_timeText;
};

} // namespace sockpit::ui
