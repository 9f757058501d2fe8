#include "inputpump.h"

#include <QFile>

#include <cerrno>
#include <chrono>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace sockpit {

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

bool InputPump::sendChunk(const QByteArray &bytes)
{
    if (m_stop.load())
        return false;
    if (!m_feed.waitForQueueBelow(m_budget(m_feed.connections())))
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
            // Pacing a sender is this thread's whole job; the session's I/O threads never sleep.
            std::unique_lock<std::mutex> lock(m_sleepMutex);
            if (m_sleep.wait_until(lock, due, [this] { return m_stop.load(); }))
                return false;
        }
        const QByteArray bytes = m_source.generate ? m_source.generate(i) : m_source.bytes;
        for (qsizetype offset = 0; offset < bytes.size() || offset == 0; offset += m_chunk) {
            if (!sendChunk(bytes.mid(offset, m_chunk)))
                return false;
            if (bytes.isEmpty())
                break;
        }
    }
    return true;
}

bool InputPump::pumpFile()
{
    for (qint64 i = 0; i < m_source.repeat; ++i) {
        QFile file(m_source.file);
        if (!file.open(QIODevice::ReadOnly)) {
            emit inputFailed(tr("cannot read '%1': %2").arg(m_source.file, file.errorString()));
            return false;
        }
        while (!file.atEnd()) {
            const QByteArray chunk = file.read(m_chunk);
            if (chunk.isEmpty() && file.error() != QFileDevice::NoError) {
                emit inputFailed(tr("cannot read '%1': %2").arg(m_source.file, file.errorString()));
                return false;
            }
            if (!sendChunk(chunk))
                return false;
        }
    }
    return true;
}

bool InputPump::pumpStdin()
{
    QByteArray buffer;
    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (m_stop.load())
            return false;
        if (ready < 0)
            return true;
        buffer.resize(m_chunk);
        const ssize_t n = ::read(STDIN_FILENO, buffer.data(), size_t(m_chunk));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return true; // end of input, or no standard input at all
        buffer.resize(n);
        if (!sendChunk(buffer))
            return false;
    }
}

} // namespace sockpit
