#pragma once

#include "event.h"
#include "logstore.h"
#include "logtimetext.h"
#include "messagechain.h"
#include "payloadrenderer.h"
#include "payloadsearch.h"
#include "payloadsource.h"
#include "systemcall.h"
#include "wholepayloads.h"

#include <QAbstractTableModel>
#include <QBrush>
#include <QCache>
#include <QFont>
#include <QPalette>
#include <QString>

#include <limits>
#include <memory>

namespace sockpit::ui {

// The traffic log's rows: a capped ring of events that renders only the cells a view asks for, so a
// flood costs O(batch) per delivery and O(visible rows) per paint, whatever the capacity.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    // DeltaColumn: the time since the previous in/out event on the same connection (either direction),
    // "+12.345 ms"; empty for a connection's first message and for info/error rows.
    enum Column {
        TimeColumn,
        DeltaColumn,
        DirectionColumn,
        PeerColumn,
        LengthColumn,
        CheckColumn, // a received message's checksum: "ok" or "bad" (SessionConfig::receiveCheck)
        CallColumn, // the system call behind the row: "bind(0.0.0.0:9000)", "recv()"
        PayloadColumn,
        ColumnCount
    };
    enum Role {
        EventRole = Qt::UserRole + 1, // qint64: the event's sequence number since the last clear()
        DirectionRole, // int(Direction)
        ConnRole, // quint64 (ConnId)
        TimeUsRole, // qint64, microseconds since the epoch
        DeltaUsRole, // qint64, microseconds since the connection's previous message; invalid if none
    };
    static constexpr qint64 NoDelta = MessageChain::NoDelta;

    // Payload bytes rendered per cell, and kept per row (fewer with a payload source): the view never
    // shows more, and a 1,000,000-row log must not hold the session's 4 KiB previews (or the read
    // buffers they were cut from).
    static constexpr int RenderBytes = 1024;
    static constexpr int DefaultCapacity = 100000;
    // Payload characters a view gets per cell (DisplayRole) until it says how many fit: laying out a
    // cell costs the view per character on every repaint, and a 1 KiB payload as hex is 3,071 of them.
    static constexpr int DefaultDisplayChars = 512;

    explicit LogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // One beginRemoveRows for the oldest rows over the cap, then one beginInsertRows for the batch.
    void appendEvents(const EventBatch &events, qint64 notDisplayed);
    void clear();

    void setCapacity(int rows); // at least 1; shrinking drops the oldest rows
    int capacity() const { return m_capacity; }

    // The payload cell's DisplayRole text is cut after this many characters (and marked with an
    // ellipsis): the view sets it from its column width. payloadText() stays whole.
    void setDisplayChars(int chars); // at least 1
    int displayChars() const { return m_displayChars; }

    void setRenderMode(RenderMode mode);
    RenderMode renderMode() const { return m_mode; }
    void setEncoding(const QString &encoding);
    // Whether each row is a whole message (datagrams, frames, a chat room's lines): then a character is
    // never completed by the next row, as it may be between two reads of a raw stream.
    void setMessagesWhole(bool whole);
    bool messagesWhole() const { return m_messagesWhole; }
    QString encoding() const { return m_encoding; }
    void setTimePrecision(bool microseconds);
    bool timeInMicroseconds() const { return m_microseconds; }
    // Colours of the directions; the view passes its own palette so a dark theme follows.
    void setPalette(const QPalette &palette);
    void setPayloadFont(const QFont &font);
    void retranslate(); // header and direction names, after a language change

    qint64 droppedRows() const { return m_dropped; }
    qint64 notDisplayedEvents() const { return m_notDisplayed; }
    // A sentence for the user about events the log does not hold; empty when it holds them all.
    QString lossNote(bool recording) const;
    // The row as an Event (a copy, with its payload as the log shows it: at most RenderBytes).
    Event eventAt(int row) const;
    Direction directionAt(int row) const { return m_rows.dir(size_t(row)); } // without copying the row
    // The row's payload as whole as the log has it: whole while it is among the newest long messages
    // (see setWholeBytesBudget()) or when a payload source has it, else its first RenderBytes; compare
    // its size with the row's len.
    QByteArray payloadAt(int row) const;
    // Rows appended from now on keep only their payload's first `keptBytes` (at most RenderBytes), and
    // what the log shows, filters, copies or inspects beyond them is read from `source` when asked for:
    // a recording's file holds every payload, so its rows need not. A byte read there that does not
    // continue the kept ones (the file was changed) is not used: the row then shows what it kept.
    // Null: rows keep RenderBytes (the default).
    void setPayloadSource(std::shared_ptr<const PayloadSource> source, int keptBytes);
    // Bytes of whole payloads, longer than RenderBytes, the log keeps for its newest rows (default
    // WholePayloads::DefaultBudget, 0: none). The session must deliver them whole for that (see
    // Session::setDisplayWholeBytes()).
    void setWholeBytesBudget(qint64 bytes) { m_whole.setBudget(bytes); }
    const WholePayloads &wholePayloads() const { return m_whole; }
    // The rows themselves, to read fields without copying an Event.
    const LogStore &rows() const { return m_rows; }
    qint64 sequenceAt(int row) const { return m_firstSeq + row; }
    // The row holding the event with this sequence number, or -1 when it has been dropped.
    int rowForSequence(qint64 seq) const;

    // What the call column needs to know of the session (its mode); unknown until set.
    void setSystemCallContext(const SystemCallContext &context);
    const SystemCallContext &systemCallContext() const { return m_callContext; }

    QString sessionName() const { return m_sessionName; }
    void setSessionName(const QString &name) { m_sessionName = name; }

    // The payload column's text of a row (cached): what the filter matches and Copy puts out.
    QString payloadText(int row) const;
    // A text to look for in many rows' payloads, prepared once for the rendering in use.
    using Needle = PayloadSearch::Needle;
    Needle needle(const QString &text) const;
    // Whether payloadText(row) contains the needle, ignoring case. Touches no cache, so several threads
    // may test rows at once (while nothing is appended).
    bool payloadMatches(int row, const Needle &needle) const;
    bool payloadContains(int row, const QString &text) const { return payloadMatches(row, needle(text)); }
    QString timeText(qint64 timeUs) const;
    // "+0.042 ms", "+12.345 ms", "+1.500 s"; empty for NoDelta.
    static QString deltaText(qint64 deltaUs);
    qint64 deltaAt(int row) const { return m_rows.deltaUs(size_t(row)); }
    QString directionText(Direction dir) const;
    static QString checkText(CheckResult check); // "ok", "bad", or empty

signals:
    // droppedRows() or notDisplayedEvents() changed.
    void countersChanged();
    void encodingChanged();

private:
    void dropOldest(int count);
    void invalidatePayloads();
    QString renderRow(int row) const; // the payload column's text of a data row
    // The bytes at the end of a row's text (its lead, then its payload) that start a character its next
    // message completes; a character may span up to MaxCarryRows reads.
    static constexpr int MaxCarryRows = 3;
    QByteArray carriedBytes(int row, int depth = MaxCarryRows) const;
    // The bytes the previous message of the row's connection and direction carries into it.
    QByteArray leadBytes(int row, int depth = MaxCarryRows) const;
    bool mayHaveLead(int row) const; // false: leadBytes(row) is certainly empty
    QString toolTip(int row) const;
    bool isDataRow(int row) const;
    // The bytes of a row's payload the log shows: its first RenderBytes, read from the payload source
    // when the row kept fewer (otherwise in place, not copied).
    QByteArray shownBytes(size_t r) const;
    // Whether the log shows the whole payload: it kept all of it, or it shows all of it from the
    // payload source (which may still fail to read it: compare shownBytes(r) with its len).
    bool shownWhole(size_t r) const;

    // Per row also: the time since the connection's previous message (deltaUs), and as its link how
    // many sequence numbers back the previous message of the same connection and direction is (0:
    // none), with HasNextMessage set when a later one arrived. The text of a row starts with the bytes
    // of a character its previous message ended inside, and leaves them out of that message.
    LogStore m_rows;
    WholePayloads m_whole;
    std::shared_ptr<const PayloadSource> m_source;
    int m_keptBytes = RenderBytes;
    static constexpr quint32 HasNextMessage = MessageChain::HasNextMessage;
    MessageChain m_chain;
    qint64 m_firstSeq = 0; // sequence number of row 0
    SystemCallContext m_callContext;
    int m_capacity = DefaultCapacity;
    int m_displayChars = DefaultDisplayChars;
    qint64 m_dropped = 0;
    qint64 m_notDisplayed = 0;
    RenderMode m_mode = RenderMode::Text;
    QString m_encoding = QStringLiteral("UTF-8");
    bool m_asciiTransparent = true; // the encoding shows printable ASCII bytes as themselves
    bool m_microseconds = false;
    bool m_messagesWhole = false;
    QString m_sessionName;
    QBrush m_inBrush;
    QBrush m_outBrush;
    QBrush m_infoBrush;
    QBrush m_badBrush; // the background of a message whose checksum is wrong
    QFont m_payloadFont;
    QFont m_errorFont;
    // Rendered payloads by sequence number; cost is the text's length, so it stays a few MB.
    mutable QCache<qint64, QString> m_payloadCache;
    LogTimeText m_timeText;
};

} // namespace sockpit::ui
