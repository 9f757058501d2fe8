#pragma once

#include "event.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace sockpit {

// Saves the raw bytes received from one connection (or from all) to a file, exactly as they
// arrived, so a user can open a received file or image in another program. write() is called on I/O
// threads and only queues: the file is written on a writer thread of its own, so an I/O thread never
// waits for the disk.
class RawCapture final
{
    Q_DECLARE_TR_FUNCTIONS(RawCapture)

public:
    // Bytes waiting for the disk before the capture gives up (with an error saying so) rather than
    // grow memory without bound.
    static constexpr qint64 MaxQueuedBytes = qint64(64) << 20;

    RawCapture() = default;
    ~RawCapture();
    RawCapture(const RawCapture &) = delete;
    RawCapture &operator=(const RawCapture &) = delete;

    // conn 0 captures every connection's bytes in arrival order.
    bool open(const QString &path, ConnId conn, QString *error);
    // Writes what is queued, then closes.
    void close();
    bool isOpen() const { return m_accepting.load(); }
    ConnId connection() const { return m_conn.load(); }
    qint64 bytesWritten() const { return m_written.load(); }
    QString errorString() const;

    void write(ConnId conn, const char *data, qsizetype size);

private:
    void run(int fd);
    void stopWithError(const QString &message); // under m_mutex

    mutable std::mutex m_mutex; // guards the members below that are not atomic
    std::condition_variable m_wake;
    std::thread m_thread;
    std::atomic<bool> m_accepting {false};
    std::atomic<ConnId> m_conn {0};
    std::atomic<qint64> m_written {0};
    QByteArray m_queue; // bytes not yet handed to the writer
    bool m_closing = false;
    QString m_error;
};

} // namespace sockpit
