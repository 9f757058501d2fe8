#include "settingswriter.h"

#include <QCoreApplication>
#include <QSettings>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace sockpit::ui {

namespace {

class Writer
{
public:
    ~Writer()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
            // The application is gone (static destruction), and QSettings with it: what it posted was
            // written when it ended (finishAtExit); anything posted since has nowhere to go.
            m_queue.clear();
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    void post(std::function<void(QSettings &)> change)
    {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(std::move(change));
            ++m_posted;
            if (!m_thread.joinable()) {
                m_thread = std::thread([this] { run(); });
                // Written while QSettings still works: QCoreApplication's destructor runs this first.
                qAddPostRoutine(&finishAtExit);
            }
        }
        m_wake.notify_all();
    }

    void waitForWrites()
    {
        std::unique_lock lock(m_mutex);
        const quint64 target = m_posted;
        m_done.wait(lock, [&] { return m_written >= target; });
    }

private:
    static void finishAtExit();

    void run()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping, and everything written
            std::function<void(QSettings &)> change = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            {
                QSettings settings;
                change(settings);
            } // synced to disk here
            lock.lock();
            ++m_written;
            m_done.notify_all();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::deque<std::function<void(QSettings &)>> m_queue;
    quint64 m_posted = 0;
    quint64 m_written = 0;
    bool m_stopping = false;
    std::thread m_thread;
};

Writer &writer()
{
    static Writer instance;
    return instance;
}

void Writer::finishAtExit()
{
    writer().waitForWrites();
}

} // namespace

void SettingsWriter::post(std::function<void(QSettings &)> change)
{
    writer().post(std::move(change));
}

void SettingsWriter::waitForWrites()
{
    writer().waitForWrites();
}

} // namespace sockpit::ui
