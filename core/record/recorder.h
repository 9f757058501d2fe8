#pragma once

#include "event.h"
#include "recordformat.h"

#include <QCoreApplication>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sockpit {

// Writes every event of a session, in full, to a file, on a writer thread of its own, so recording
// never costs the I/O threads a disk write and the window's capped log never means lost data.
// record() may be called from any thread.
class Recorder final
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::Recorder)

public:
    static constexpr qint64 DefaultMaxQueuedBytes = qint64(64) << 20;

    Recorder();
    ~Recorder(); // close()
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    // Creates or truncates the file; the format follows the name (recordFormatForPath). Closes a file
    // opened before. On failure error names the file and the reason: "cannot open 'x': No such file
    // or directory". A FIFO blocks here until it has a reader, as it would for any writer.
    bool open(const QString &path, QString *error);
    // The same on a descriptor the recorder then owns (a dup of standard error, say), in `format`;
    // `name` stands for the path.
    void openDescriptor(int fd, RecordFormat format, const QString &name);
    // Also writes every event, in `format`, to `fd`, which the recorder then owns and closes, for as
    // long as writing to it works (a failure there stops only this copy). Takes effect at the next
    // open().
    void addMirror(int fd, RecordFormat format);
    // Thread-safe; used for events recorded after the call.
    void setSessionName(const QString &name);
    // Never waits. mayPause (TCP data, info events): the event is always kept, and the result says
    // whether more than maxQueuedBytes now wait for the disk: the caller should stop producing (a
    // session pauses reading its own connections) until the drained handler runs. Otherwise (UDP
    // datagrams) an event that does not fit is dropped and counted, and one "dropped" error event
    // saying how many events and bytes were lost is written once there is room again, or at close.
    bool record(const Event &event, bool mayPause = true);
    // Writes everything queued, then closes. Idempotent; afterwards record() does nothing.
    void close();

    bool isOpen() const; // opened, and neither closed nor failed
    QString path() const;
    RecordFormat format() const;
    QString errorString() const; // empty unless writing failed
    quint64 droppedEvents() const; // since open()
    qint64 queuedBytes() const; // payload bytes plus a fixed cost per event, not yet on disk
    // True from a record() that went over the limit until the drained handler is called.
    bool isBehind() const;
    void setMaxQueuedBytes(qint64 bytes);
    // Called once, on the writer thread, when writing fails (disk full, I/O error): recording stops,
    // the message says why; the session goes on. It must not wait for the recorder.
    void setErrorHandler(std::function<void(const QString &message)> handler);
    // Called on the writer thread (or in close()) once the queue that record() reported as over the
    // limit has fallen to half of it, or the recording has ended: producers may go on. It must not
    // wait for the recorder.
    void setDrainedHandler(std::function<void()> handler);

private:
    enum class State { Closed, Open, Closing, Failed };
    struct Item
    {
        Event event;
        QString session; // the name when the event was recorded, not when it is written
    };

    struct Output
    {
        int fd = -1;
        RecordFormat format = RecordFormat::Text;
    };

    void start(int fd, const QString &path, RecordFormat format); // under m_lifecycleMutex
    void closeLocked(); // under m_lifecycleMutex
    void run(int fd, RecordFormat format, std::vector<Output> mirrors);
    bool writeAll(int fd, const QByteArray &data);
    void fail(int err);
    Event takeDroppedEvent(); // under m_mutex
    // Takes the drained handler when producers were told to pause and may go on now; under m_mutex.
    std::function<void()> takeDrainedLocked(bool ended);

    std::mutex m_lifecycleMutex; // serializes open() and close(), which start and join the thread
    mutable std::mutex m_mutex; // guards everything below
    std::condition_variable m_wakeWriter;
    std::thread m_thread;
    std::atomic<bool> m_accepting {false}; // lets record() return without locking once closed/failed
    std::vector<Item> m_queue;
    qint64 m_queuedBytes = 0; // includes the batch being written, so memory stays bounded
    qint64 m_maxQueuedBytes = DefaultMaxQueuedBytes;
    State m_state = State::Closed;
    int m_fd = -1;
    QString m_path;
    RecordFormat m_format = RecordFormat::Text;
    QString m_session;
    QString m_error;
    quint64 m_droppedEvents = 0;
    quint64 m_pendingDroppedEvents = 0; // not yet reported in the file
    qint64 m_pendingDroppedBytes = 0;
    std::function<void(const QString &)> m_errorHandler;
    std::function<void()> m_drainedHandler;
    std::vector<Output> m_mirrors; // handed to the writer at open(), closed at close()
    bool m_overLimit = false; // record() told a producer to pause
};

} // namespace sockpit
