#pragma once

#include <QObject>

class QSocketNotifier;

namespace sockpit::cli {

// Turns SIGINT and SIGTERM into a Qt signal in the main thread (through a self-pipe), so a command
// can stop its session and finish its recording before exiting.
class SignalWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

signals:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace sockpit::cli
