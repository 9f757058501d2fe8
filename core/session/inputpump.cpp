#include "inputpump.h"

#include "posixsocket.h"

#include <QFile>

#include <cerrno>
#include <chrono>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace sockpit {

namespace {
// Sends handed to the session at once when nothing paces them.
constexpr int BatchSends = 64;
} // namespace

InputPump::InputPump(SessionFeed feed, Source source, SendTarget target, QObject *parent)
    : QThread(parent)
    , m_feed(std::move(feed))
    , m_source(std::move(source))
    , m_target(std::move(target))
    , m_budget([](int connections) { return qint64(4) * 1024 * 1024 * qMax(1, connections); })
{
    [[maybe_unused]] const int ok = ::pipe2(m_wake, O_CLOEXEC);
}

InputPump::~InputPump()
{
    requestStop();
    wait();
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

void InputPump::requestStop()
{
    if (m_stop.exchange(true))
        return;
    const char byte = 0;
    [[maybe_unused]] const ssize_t n = ::write(m_wake[1], &byte, 1);
    std::lock_guard<std::mutex> lock(m_sleepMutex);
    m_sleep.notify_all();
}

void InputPump::run()
{
    if (m_waitForPeer && !m_feed.waitForPeer())
        return;
    bool ok = false;
    switch (m_source.kind) {
    case Source::Kind::Bytes:
        ok = pumpBytes();
        break;
    case Source::Kind::File:
        ok = pumpFile();
        break;
    case Source::Kind::Stdin:
        ok = pumpStdin();
        break;
    }
    if (ok && !m_stop.load())
        emit inputEnded();
}

bool InputPump::waitForRoom()
{
    // Past the budget the pump waits until half of it has gone out: the session's I/O thread then
    // wakes it once a half budget, not after every send.
    const qint64 budget = m_budget(m_feed.connections());
    return m_feed.queuedBytes() <= budget || m_feed.waitForQueueBelow(budget / 2);
}

bool InputPump::sendChunk(const QByteArray &bytes)
{
    if (m_stop.load())
        return false;
    if (!waitForRoom())
        return false;
    if (!m_feed.send(bytes, m_target) && m_failWhenRefused && !m_stop.load()) {
        emit inputFailed(tr("could not send everything: the connection is closed"));
        return false;
    }
    return !m_stop.load();
}

bool InputPump::pumpBytes()
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto interval = std::chrono::duration<double, std::milli>(m_source.intervalMs);
    for (qint64 i = 0; i < m_source.repeat; ++i) {
        if (m_source.intervalMs > 0 && i > 0) {
            const auto due = start + std::chrono::duration_cast<Clock::duration>(interval * double(i));
            if (due > Clock::now()) {
                // What is due goes out before the wait. Sends already due (a short interval, or a
                // late wake-up caught up) go out together, one hand-over for many.
                if (!sendBatch())
                    return false;
                // Pacing a sender is this thread's whole job; the session's I/O threads never sleep.
                std::unique_lock<std::mutex> lock(m_sleepMutex);
                if (m_sleep.wait_until(lock, due, [this] { return m_stop.load(); }))
                    return false;
            }
        }
        const QByteArray bytes = m_source.generate ? m_source.generate(i) : m_source.bytes;
        for (qsizetype offset = 0; offset < bytes.size() || offset == 0; offset += m_chunk) {
            const QByteArray piece = bytes.mid(offset, m_chunk);
            m_batch.push_back(piece);
            m_batchBytes += piece.size();
            if ((m_batch.size() >= BatchSends || m_batchBytes >= m_chunk) && !sendBatch())
                return false;
            if (bytes.isEmpty())
                break;
        }
    }
    return sendBatch();
}

bool InputPump::sendBatch()
{
    if (m_batch.isEmpty())
        return !m_stop.load();
    QVector<QByteArray> batch;
    batch.swap(m_batch);
    m_batchBytes = 0;
    if (m_stop.load() || !waitForRoom())
        return false;
    if (!m_feed.sendBatch(batch, m_target) && m_failWhenRefused && !m_stop.load()) {
        emit inputFailed(tr("could not send everything: the connection is closed"));
        return false;
    }
    return !m_stop.load();
}

bool InputPump::sendFileUnread(const std::shared_ptr<const FileSource> &file)
{
    // The whole file at once: a range costs no memory, and the connection then writes it without
    // waiting for this thread between two pieces.
    const qint64 step = qMax<qint64>(1, file->size());
    for (qint64 offset = 0; offset < file->size(); offset += step) {
        if (m_stop.load() || !waitForRoom())
            return false;
        const FileRange range {file, offset, qMin<qint64>(step, file->size() - offset)};
        if (!m_feed.sendFile(range, m_target) && m_failWhenRefused && !m_stop.load()) {
            emit inputFailed(tr("could not send everything: the connection is closed"));
            return false;
        }
    }
    return !m_stop.load();
}

bool InputPump::pumpFile()
{
    for (qint64 i = 0; i < m_source.repeat; ++i) {
        // Nothing looks at the bytes on their way out: the kernel sends them from the page cache.
        if (m_feed.sendsFilesUnread()) {
            QString error;
            if (const auto file = FileSource::open(m_source.file, &error)) {
                if (!sendFileUnread(file))
                    return false;
                continue;
            }
        }
        // Read: a FIFO (`--send-file <(command)`), or a file that something looks at.
        const int fd = ::open(QFile::encodeName(m_source.file).constData(), O_RDONLY | O_CLOEXEC);
        const int error = fd < 0 ? errno : pumpDescriptor(fd);
        if (fd >= 0)
            ::close(fd);
        if (error > 0)
            emit inputFailed(tr("cannot read '%1': %2").arg(m_source.file, posix::errorText(error)));
        if (error != 0)
            return false;
    }
    return true;
}

int InputPump::pumpDescriptor(int fd)
{
    QByteArray buffer;
    for (;;) {
        // Waits in poll(), not in read(), so that requestStop() ends the wait.
        pollfd fds[2] = {{fd, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (m_stop.load())
            return -1;
        if (ready < 0)
            return errno;
        buffer.resize(m_chunk);
        const ssize_t n = ::read(fd, buffer.data(), size_t(m_chunk));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            return m_source.lines && !sendLines(true) ? -1 : 0;
        buffer.resize(n);
        if (m_source.lines) {
            m_line += buffer;
            if (!sendLines(false))
                return -1;
            continue;
        }
        if (!sendChunk(buffer))
            return -1;
    }
}

bool InputPump::sendLines(bool atEnd)
{
    qsizetype start = 0;
    for (;;) {
        qsizetype end = m_line.indexOf('\n', start);
        if (end < 0 && m_line.size() - start < MaxLineBytes)
            break;
        if (end - start > MaxLineBytes)
            end = -1; // a piece of a line too long for one send
        const qsizetype stop = end < 0 ? start + MaxLineBytes : end;
        QByteArray line = m_line.mid(start, stop - start);
        if (end >= 0 && line.endsWith('\r'))
            line.chop(1);
        if (!line.isEmpty() && !sendChunk(line)) // an empty line is no message
            return false;
        start = end < 0 ? stop : end + 1;
    }
    m_line.remove(0, start);
    if (atEnd && !m_line.isEmpty()) {
        if (!sendChunk(m_line))
            return false;
        m_line.clear();
    }
    return true;
}

bool InputPump::pumpStdin()
{
    // A read error ends the input like its end does: there may be no standard input at all.
    return pumpDescriptor(STDIN_FILENO) >= 0;
}

} // namespace sockpit
