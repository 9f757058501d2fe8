#pragma once

#include "payloadsource.h"

#include <QString>
#include <QVector>

#include <vector>

namespace sockpit::ui {

// A recording's payloads, read again from its file: where each event's line starts, and the payload
// of any of them on demand. A recording tab's log keeps only the first bytes of each payload and asks
// here for the rest, to show, filter, inspect or resend a row.
//
// Appending and restarting happen on the window's thread; payload() may be called by several threads
// at once in between. Each reads through a window of the file of its own, so a pass over the rows in
// order costs one read per MiB, not one per row; lines behind that window (a connection's previous
// message, far back) are read through a second window, without moving the first. A thread's window holds what it read last: a file
// changed since is seen as it was until the thread reads elsewhere; the log compares what it reads
// with what its rows kept (LogModel::setPayloadSource()).
class RecordingPayloads final : public PayloadSource
{
public:
    // Opens `path` for reading; payload() gives null QByteArrays if it cannot.
    explicit RecordingPayloads(const QString &path);
    ~RecordingPayloads() override;
    RecordingPayloads(const RecordingPayloads &) = delete;
    RecordingPayloads &operator=(const RecordingPayloads &) = delete;

    // The lines of the next events read, in order.
    void append(const QVector<qint64> &offsets);
    // The log was cleared: its sequence number 0 is the next event appended.
    void restartSequences() { m_base = qint64(m_offsets.size()); }
    qint64 eventCount() const { return qint64(m_offsets.size()); }
    // Where the line of the event with the log's sequence number `seq` starts, or -1.
    qint64 offsetOf(qint64 seq) const;

    QByteArray payload(qint64 seq, qsizetype from, qsizetype size) const override;

    // The payload of a line of the recording (without its line end) from its byte `from` on, at most
    // `size` bytes of it, or a null QByteArray when the line is no data event.
    static QByteArray payloadOfLine(QByteArrayView line, qsizetype from, qsizetype size);

private:
    // The line starting at `offset`, without its line end, in one of this thread's windows of the file
    // (valid until the thread's next call); null when it cannot be read.
    QByteArrayView lineAt(qint64 offset) const;

    int m_fd = -1;
    quint64 m_id; // tells this file's windows from another's
    std::vector<qint64> m_offsets;
    qint64 m_base = 0; // the index in m_offsets of the log's sequence number 0
};

} // namespace sockpit::ui
