#pragma once

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QSpinBox;

namespace sockpit::ui {

// The composer's "Repeat every [N] ms, [M] times" controls and the timer behind them: asks for one
// message at once and then every interval, M times or until stopped. It only keeps time; whoever
// listens to tick() encodes and sends.
class RepeatSender final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxIntervalMs = 3600000;

    explicit RepeatSender(QWidget *parent = nullptr);

    int interval() const; // ms
    void setInterval(int ms);
    int times() const; // 0: until stopped
    void setTimes(int times);
    void setStartEnabled(bool enabled); // the checkbox; stopping always works

    bool isRunning() const { return m_running; }
    int sentCount() const { return m_sent; } // ticks not stopped by their own handler

public slots:
    // The first tick() comes at once, before start() returns.
    void start();
    void stop();

signals:
    void startRequested(); // the user checked the box: the owner checks the message, then start()s
    void tick(); // send one message now; calling stop() from here means it was not sent
    void runningChanged(bool running);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void fire();
    void updateStatus();

    QCheckBox *m_check;
    QSpinBox *m_intervalBox;
    QLabel *m_timesLabel;
    QSpinBox *m_timesBox;
    QLabel *m_status;
    QTimer m_timer;
    int m_sent = 0;
    int m_total = 0;
    bool m_running = false;
};

} // namespace sockpit::ui
