#pragma once

#include "event.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <mutex>

namespace sockpit {

// Saves the raw bytes received from one connection (or from all) to a file, exactly as they
// arrived, so a user can open a received file or image in another program. Called on I/O threads.
class RawCapture final
{
    Q_DECLARE_TR_FUNCTIONS(RawCapture)

public:
    RawCapture() = default;
    ~RawCapture();
    RawCapture(const RawCapture &) = delete;
    RawCapture &operator=(const RawCapture &) = delete;

    // conn 0 captures every connection's bytes in arrival order.
    bool open(const QString &path, ConnId conn, QString *error);
    void close();
    bool isOpen() const { return m_fd.load() >= 0; }
    ConnId connection() const { return m_conn; }
    qint64 bytesWritten() const { return m_written.load(); }
    QString errorString() const;

    void write(ConnId conn, const char *data, qsizetype size);

private:
    mutable std::mutex m_mutex;
    std::atomic<int> m_fd {-1};
    ConnId m_conn = 0;
    std::atomic<qint64> m_written {0};
    QString m_error;
};

} // namespace sockpit
