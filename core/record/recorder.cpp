#include "recorder.h"

#include <QFile>

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

namespace sockpit {

namespace {

// Counted on top of the payload so that a flood of empty datagrams or info events is bounded too.
constexpr qint64 EventCost = 64;
// Batches are written in pieces of about this size, so formatting a large backlog needs little memory.
constexpr qsizetype WriteChunk = qsizetype(1) << 20;

qint64 costOf(const Event &event)
{
    return event.payload.size() + EventCost;
}

// Writes all of `data`; 0, or the errno of the write that failed.
int writeAllTo(int fd, const QByteArray &data)
{
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, size_t(left));
        if (n > 0) {
            p += n;
            left -= n;
            continue;
        }
        const int err = n < 0 ? errno : EIO;
        if (err != EINTR)
            return err;
    }
    return 0;
}

// The recorder whose writer runs on this thread, if any: its error handler may close or destroy it.
thread_local const Recorder *t_writerOf = nullptr;

} // namespace

Recorder::Recorder() = default;

Recorder::~Recorder()
{
    if (t_writerOf == this) {
        // The error handler released the last owner. The writer returns right after the handler and
        // touches nothing of ours any more, so it may run out on its own.
        m_thread.detach();
        if (m_fd >= 0)
            ::close(m_fd);
        return;
    }
    close();
    for (const Output &mirror : m_mirrors) // added, but never opened
        ::close(mirror.fd);
}

bool Recorder::open(const QString &path, QString *error)
{
    std::lock_guard life(m_lifecycleMutex);
    closeLocked();
    int fd;
    do {
        fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int err = errno;
        if (error)
            *error = tr("cannot open '%1': %2").arg(path, qt_error_string(err));
        return false;
    }
    start(fd, path, recordFormatForPath(path));
    return true;
}

void Recorder::openDescriptor(int fd, RecordFormat format, const QString &name)
{
    std::lock_guard life(m_lifecycleMutex);
    closeLocked();
    start(fd, name, format);
}

void Recorder::addMirror(int fd, RecordFormat format)
{
    std::lock_guard lock(m_mutex);
    m_mirrors.push_back(Output {fd, format});
}

void Recorder::start(int fd, const QString &path, RecordFormat format)
{
    std::vector<Output> mirrors;
    {
        std::lock_guard lock(m_mutex);
        mirrors = m_mirrors;
        m_fd = fd;
        m_path = path;
        m_format = format;
        m_error.clear();
        m_queue.clear();
        m_queuedBytes = 0;
        m_droppedEvents = 0;
        m_pendingDroppedEvents = 0;
        m_pendingDroppedBytes = 0;
        m_state = State::Open;
    }
    m_thread = std::thread(&Recorder::run, this, fd, format, std::move(mirrors));
    m_accepting.store(true);
}

void Recorder::setSessionName(const QString &name)
{
    std::lock_guard lock(m_mutex);
    m_session = name;
}

bool Recorder::record(const Event &event, bool mayPause)
{
    if (!m_accepting.load(std::memory_order_relaxed))
        return false;
    const qint64 cost = costOf(event);
    std::unique_lock lock(m_mutex);
    if (m_state != State::Open)
        return false;
    // An event larger than the whole limit still goes in when nothing else is waiting.
    const bool fits = m_queuedBytes == 0 || m_queuedBytes + cost <= m_maxQueuedBytes;
    if (!fits && !mayPause) {
        ++m_droppedEvents;
        ++m_pendingDroppedEvents;
        m_pendingDroppedBytes += qMax(event.len, qint64(event.payload.size()));
        return m_overLimit;
    }
    // The writer only sleeps on an empty queue, so only the first event needs to wake it.
    const bool wake = m_queue.empty();
    if (m_pendingDroppedEvents > 0 && fits) {
        // Room again after a run of drops: one report of that run, in its place among the events.
        m_queue.push_back(Item {takeDroppedEvent(), m_session});
        m_queuedBytes += costOf(m_queue.back().event);
    }
    m_queue.push_back(Item {event, m_session});
    m_queuedBytes += cost;
    if (m_queuedBytes > m_maxQueuedBytes)
        m_overLimit = true;
    const bool pause = m_overLimit;
    lock.unlock();
    if (wake)
        m_wakeWriter.notify_one();
    return pause;
}

std::function<void()> Recorder::takeDrainedLocked(bool ended)
{
    if (!m_overLimit || (!ended && m_queuedBytes > m_maxQueuedBytes / 2))
        return {};
    m_overLimit = false;
    return m_drainedHandler;
}

void Recorder::close()
{
    // From the error handler on the writer thread: the writer is already ending, and cannot join itself.
    if (t_writerOf == this)
        return;
    std::lock_guard life(m_lifecycleMutex);
    closeLocked();
}

void Recorder::closeLocked()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_state == State::Closed)
            return;
        if (m_state == State::Open)
            m_state = State::Closing;
        m_accepting.store(false);
    }
    m_wakeWriter.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    std::function<void()> drained;
    {
        std::lock_guard lock(m_mutex);
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        for (const Output &mirror : m_mirrors)
            ::close(mirror.fd);
        m_mirrors.clear();
        m_queue.clear();
        m_queuedBytes = 0;
        m_state = State::Closed;
        drained = takeDrainedLocked(true);
    }
    if (drained)
        drained();
}

bool Recorder::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_state == State::Open;
}

QString Recorder::path() const
{
    std::lock_guard lock(m_mutex);
    return m_path;
}

RecordFormat Recorder::format() const
{
    std::lock_guard lock(m_mutex);
    return m_format;
}

QString Recorder::errorString() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

quint64 Recorder::droppedEvents() const
{
    std::lock_guard lock(m_mutex);
    return m_droppedEvents;
}

qint64 Recorder::queuedBytes() const
{
    std::lock_guard lock(m_mutex);
    return m_queuedBytes;
}

bool Recorder::isBehind() const
{
    std::lock_guard lock(m_mutex);
    return m_overLimit;
}

void Recorder::setMaxQueuedBytes(qint64 bytes)
{
    std::function<void()> drained;
    {
        std::lock_guard lock(m_mutex);
        m_maxQueuedBytes = qMax<qint64>(1, bytes);
        drained = takeDrainedLocked(false);
    }
    if (drained)
        drained();
}

void Recorder::setDrainedHandler(std::function<void()> handler)
{
    std::lock_guard lock(m_mutex);
    m_drainedHandler = std::move(handler);
}

void Recorder::setErrorHandler(std::function<void(const QString &)> handler)
{
    std::lock_guard lock(m_mutex);
    m_errorHandler = std::move(handler);
}

Event Recorder::takeDroppedEvent()
{
    Event event;
    event.timeUs = nowMicroseconds();
    event.dir = Direction::Error;
    event.kind = EventKind::Dropped;
    event.len = m_pendingDroppedBytes;
    const int count = int(qMin<quint64>(m_pendingDroppedEvents, INT_MAX));
    event.text = tr("%n event(s) not recorded (%1 bytes): the disk could not keep up", nullptr, count)
                     .arg(m_pendingDroppedBytes);
    m_pendingDroppedEvents = 0;
    m_pendingDroppedBytes = 0;
    return event;
}

void Recorder::run(int fd, RecordFormat format, std::vector<Output> mirrors)
{
    // A FIFO whose reader went away must fail the recording with EPIPE, not kill the program.
    sigset_t pipeSignal;
    sigemptyset(&pipeSignal);
    sigaddset(&pipeSignal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nullptr);
    pthread_setname_np(pthread_self(), "sockpit-record");
    t_writerOf = this;

    std::vector<Item> batch;
    QByteArray buffer;
    buffer.reserve(WriteChunk + 64 * 1024);
    std::vector<QByteArray> copies(mirrors.size());
    // A copy that cannot be written any more (standard error closed) is left off; the file goes on.
    const auto writeCopies = [&mirrors, &copies](qsizetype atLeast) {
        for (std::size_t i = 0; i < mirrors.size(); ++i) {
            if (copies[i].size() < qMax<qsizetype>(atLeast, 1))
                continue;
            if (mirrors[i].fd >= 0 && writeAllTo(mirrors[i].fd, copies[i]) != 0)
                mirrors[i].fd = -1;
            copies[i].resize(0);
        }
    };
    for (;;) {
        qint64 batchCost = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wakeWriter.wait(lock,
                [this] { return !m_queue.empty() || m_pendingDroppedEvents > 0 || m_state != State::Open; });
            batch.swap(m_queue);
            for (const Item &item : batch)
                batchCost += costOf(item.event);
            // The disk has caught up and nothing else waits: report what was lost. (Had an event been let
            // in first, record() would have put the report ahead of it.)
            if (batch.empty() && m_pendingDroppedEvents > 0)
                batch.push_back(Item {takeDroppedEvent(), m_session});
            if (batch.empty())
                return; // closing, and everything is written
        }
        for (const Item &item : batch) {
            appendRecordLine(buffer, format, item.event, item.session);
            for (std::size_t i = 0; i < mirrors.size(); ++i) {
                if (mirrors[i].fd >= 0)
                    appendRecordLine(copies[i], mirrors[i].format, item.event, item.session);
            }
            if (buffer.size() >= WriteChunk) {
                if (!writeAll(fd, buffer))
                    return;
                buffer.resize(0); // keeps the capacity
            }
            writeCopies(WriteChunk);
        }
        batch.clear();
        if (!buffer.isEmpty() && !writeAll(fd, buffer))
            return;
        buffer.resize(0);
        writeCopies(0);
        std::function<void()> drained;
        {
            std::lock_guard lock(m_mutex);
            m_queuedBytes -= batchCost;
            drained = takeDrainedLocked(false);
        }
        if (drained)
            drained();
    }
}

bool Recorder::writeAll(int fd, const QByteArray &data)
{
    if (const int err = writeAllTo(fd, data)) {
        fail(err);
        return false;
    }
    return true;
}

void Recorder::fail(int err)
{
    std::function<void(const QString &)> handler;
    std::function<void()> drained;
    QString message;
    {
        std::lock_guard lock(m_mutex);
        message = tr("cannot write '%1': %2").arg(m_path, qt_error_string(err));
        m_state = State::Failed;
        m_accepting.store(false);
        m_error = message;
        m_queue.clear();
        m_queuedBytes = 0;
        m_pendingDroppedEvents = 0;
        m_pendingDroppedBytes = 0;
        handler = m_errorHandler;
        drained = takeDrainedLocked(true);
    }
    if (handler)
        handler(message);
    if (drained)
        drained(); // nothing more will be recorded: paused producers go on
}

} // namespace sockpit
