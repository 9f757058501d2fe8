#pragma once

#include "session.h"

#include <QByteArray>
#include <QString>
#include <QThread>
#include <QVector>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

namespace sockpit {

// Feeds a running session from a thread of its own: standard input, a file, or one payload sent
// N times on a clock (paced with catch-up: send k is due at start + k * interval, so a late wake-up
// is made up for instead of drifting). It never lets the session's queue grow past a bound.
class InputPump final : public QThread
{
    Q_OBJECT
public:
    struct Source
    {
        enum class Kind { Bytes, File, Stdin };
        Kind kind = Kind::Stdin;
        QByteArray bytes;
        QString file;
        qint64 repeat = 1;
        double intervalMs = 0;
        // Bytes: when set, called on the pump's thread for send number `index` (0-based) instead of
        // sending `bytes` each time (a payload with macros such as {counter}).
        std::function<QByteArray(qint64 index)> generate;
        // Stdin: a line at a time, each one send without its line end (LF or CR LF), as messages of a
        // WebSocket are typed; a last line without an end is sent when the input ends, empty lines
        // are not. A line longer than MaxLineBytes goes in pieces that long.
        bool lines = false;
    };
    static constexpr qsizetype MaxLineBytes = 1024 * 1024;

    InputPump(SessionFeed feed, Source source, SendTarget target, QObject *parent = nullptr);
    ~InputPump() override;

    // The largest piece handed to send() at once (UDP: one datagram).
    void setChunkSize(qsizetype bytes) { m_chunk = bytes; }
    // How many bytes may wait in the session before the pump waits; the function gets the number of
    // open connections, so a server's budget grows with its clients.
    void setQueueBudget(std::function<qint64(int connections)> budget) { m_budget = std::move(budget); }
    void setWaitForPeer(bool wait) { m_waitForPeer = wait; }
    // A send the session refuses (the connection closed) ends the pump with inputFailed().
    void setFailWhenRefused(bool fail) { m_failWhenRefused = fail; }
    void requestStop();

signals:
    void inputEnded(); // everything was handed to the session
    void inputFailed(const QString &reason);

protected:
    void run() override;

private:
    bool waitForRoom(); // false once the session stops
    bool sendChunk(const QByteArray &bytes);
    bool sendBatch(); // hands m_batch over
    bool pumpBytes();
    bool pumpFile();
    bool sendFileUnread(const std::shared_ptr<const FileSource> &file);
    bool pumpStdin();
    // Sends what fd gives until its end: 0 at the end, -1 when stopped or refused, else the errno
    // of a failed read.
    int pumpDescriptor(int fd);
    // Lines mode: sends the whole lines of m_line, keeping an unfinished one; at the end, all of it.
    bool sendLines(bool atEnd);

    SessionFeed m_feed;
    Source m_source;
    SendTarget m_target;
    qsizetype m_chunk = 64 * 1024;
    std::function<qint64(int)> m_budget;
    bool m_waitForPeer = false;
    bool m_failWhenRefused = false;
    QVector<QByteArray> m_batch;
    QByteArray m_line; // lines mode: what came after the last line end
    qint64 m_batchBytes = 0;
    int m_wake[2] = {-1, -1}; // a pipe that interrupts the wait on standard input
    std::atomic<bool> m_stop {false};
    std::mutex m_sleepMutex;
    std::condition_variable m_sleep;
};

} // namespace sockpit
