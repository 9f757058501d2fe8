#include "eventsink.h"

#include "recorder.h"

#include <QCoreApplication>
#include <QMutexLocker>

#include <algorithm>

namespace sockpit {

namespace {
// Events waiting for the next display batch. Past this the display is told how many it missed, so
// a flood costs the window a bounded amount of work; counters and the recording stay complete.
constexpr int MaxPendingDisplayEvents = 5000;
} // namespace

EventSink::EventSink(bool display, bool displayData, int previewBytes)
    : m_display(display)
    , m_displayData(displayData)
    , m_previewBytes(previewBytes)
{ }

EventSink::~EventSink() = default;

void EventSink::attachRecorder(
    std::shared_ptr<Recorder> recorder, const QString &sessionName, const std::weak_ptr<EventSink> &self)
{
    if (recorder) {
        recorder->setSessionName(sessionName);
        // A full disk ends the recording, not the session: the session reports it as an error event.
        recorder->setErrorHandler([self](const QString &message) {
            if (std::shared_ptr<EventSink> sink = self.lock())
                sink->info(0, EventKind::Error,
                    QCoreApplication::translate("sockpit::Session", "recording stopped: %1").arg(message), {},
                    {}, Direction::Error);
        });
        recorder->setDrainedHandler([self] {
            if (std::shared_ptr<EventSink> sink = self.lock())
                sink->recordingCaughtUp();
        });
    }
    std::atomic_store(&m_recorder, recorder);
    m_hasRecorder.store(recorder != nullptr);
    if (!recorder)
        recordingCaughtUp(); // nothing to wait for any more
}

void EventSink::renameRecording(const QString &sessionName)
{
    if (std::shared_ptr<Recorder> recorder = std::atomic_load(&m_recorder))
        recorder->setSessionName(sessionName);
}

void EventSink::resumeWhenRecorded(QObject *context, std::function<void()> fn)
{
    QMutexLocker lock(&m_resumeMutex);
    if (m_recordingBehind.load()) {
        m_resumes.emplace_back(context, std::move(fn));
        return;
    }
    lock.unlock();
    QMetaObject::invokeMethod(context, std::move(fn), Qt::QueuedConnection);
}

void EventSink::recordingCaughtUp()
{
    std::vector<std::pair<QPointer<QObject>, std::function<void()>>> resumes;
    {
        QMutexLocker lock(&m_resumeMutex);
        m_recordingBehind.store(false);
        resumes.swap(m_resumes);
    }
    // Queued to each transport's own thread; one that is gone by then is skipped by Qt.
    for (auto &[context, fn] : resumes) {
        if (context)
            QMetaObject::invokeMethod(context.data(), std::move(fn), Qt::QueuedConnection);
    }
}

void EventSink::post(Event &&event, bool mayBlock)
{
    if (event.timeUs == 0)
        event.timeUs = nowMicroseconds();
    if (m_hasRecorder.load(std::memory_order_relaxed)) {
        if (std::shared_ptr<Recorder> recorder = std::atomic_load(&m_recorder)) {
            if (recorder->record(event, mayBlock) && !m_recordingBehind.load(std::memory_order_relaxed)) {
                // Asked under the lock the drained handler takes too: a drain that came in between
                // must not leave the session paused with no one to resume it.
                QMutexLocker lock(&m_resumeMutex);
                m_recordingBehind.store(recorder->isBehind());
            }
        }
    }
    const bool data = event.dir == Direction::In || event.dir == Direction::Out;
    if (!m_display || (data && !m_displayData))
        return;
    QMutexLocker lock(&m_displayMutex);
    if (m_displayQueue.size() >= MaxPendingDisplayEvents && event.dir != Direction::Error) {
        ++m_notDisplayed;
        return;
    }
    if (event.payload.size() > m_previewBytes) {
        // Kept whole, shared with the recording and the pipeline (no copy), while the budget allows;
        // counted by its allocation, which is what stays alive.
        const qint64 cost = std::max<qint64>(event.payload.size(), event.payload.capacity());
        if (m_wholeQueued + cost <= m_wholeBudget.load(std::memory_order_relaxed)) {
            m_wholeQueued += cost;
        } else {
            // A copy of just the preview: truncating would keep the whole allocation alive.
            event.payload = QByteArray(event.payload.constData(), m_previewBytes);
        }
    }
    m_displayQueue.push_back(std::move(event));
    m_displayQueued.store(int(m_displayQueue.size()), std::memory_order_relaxed);
}

void EventSink::info(ConnId conn, EventKind kind, const QString &text, const QString &peer,
    const QString &local, Direction dir, bool mayBlock)
{
    Event event;
    event.conn = conn;
    event.dir = dir;
    event.kind = kind;
    event.text = text;
    event.peer = peer;
    event.local = local;
    post(std::move(event), mayBlock);
}

void EventSink::data(ConnId conn, Direction dir, const QString &peer, const QString &local,
    const QByteArray &payload, bool mayBlock, const QString &upstream, const QString &name, CheckResult check)
{
    // Under a flood the display queue is full until the next batch: with nothing to record, the
    // event would only be counted as not displayed, so count it without building it.
    if (!m_hasRecorder.load(std::memory_order_relaxed)
        && m_displayQueued.load(std::memory_order_relaxed) >= MaxPendingDisplayEvents) {
        QMutexLocker lock(&m_displayMutex);
        if (m_displayQueue.size() >= MaxPendingDisplayEvents) {
            ++m_notDisplayed;
            return;
        }
    }
    Event event;
    event.conn = conn;
    event.dir = dir;
    event.peer = peer;
    event.local = local;
    event.upstream = upstream;
    event.name = name;
    event.check = check;
    event.len = payload.size();
    event.payload = payload;
    post(std::move(event), mayBlock);
}

Event EventSink::dropped(ConnId conn, const QString &peer, qint64 len, const QString &text)
{
    Event event;
    event.conn = conn;
    event.dir = Direction::Error;
    event.kind = EventKind::Dropped;
    event.peer = peer;
    event.len = len;
    event.text = text;
    return event;
}

EventBatch EventSink::takeDisplayBatch(qint64 *notDisplayed)
{
    EventBatch batch;
    QMutexLocker lock(&m_displayMutex);
    batch.swap(m_displayQueue);
    m_displayQueued.store(0, std::memory_order_relaxed);
    m_wholeQueued = 0;
    *notDisplayed = m_notDisplayed;
    m_notDisplayed = 0;
    return batch;
}

} // namespace sockpit
