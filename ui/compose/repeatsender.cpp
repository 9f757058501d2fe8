#include "repeatsender.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>
#include <limits>

namespace sockpit::ui {

RepeatSender::RepeatSender(QWidget *parent)
    : QWidget(parent)
    , m_check(new QCheckBox(this))
    , m_intervalBox(new QSpinBox(this))
    , m_timesLabel(new QLabel(this))
    , m_timesBox(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    m_check->setObjectName(QStringLiteral("composerRepeat"));
    m_intervalBox->setObjectName(QStringLiteral("composerRepeatInterval"));
    m_timesBox->setObjectName(QStringLiteral("composerRepeatTimes"));
    m_status->setObjectName(QStringLiteral("composerRepeatStatus"));

    m_intervalBox->setRange(1, MaxIntervalMs);
    m_intervalBox->setValue(1000);
    m_intervalBox->setAccelerated(true);
    m_timesBox->setRange(0, std::numeric_limits<int>::max());
    m_timesLabel->setTextFormat(Qt::PlainText);
    m_timesLabel->setBuddy(m_timesBox);
    m_status->setTextFormat(Qt::PlainText);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_check);
    layout->addWidget(m_intervalBox);
    layout->addWidget(m_timesLabel);
    layout->addWidget(m_timesBox);
    layout->addWidget(m_status);

    // A coarse timer may fire 5% late or merge ticks; a user who asks for every 5 ms means it.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RepeatSender::fire);
    connect(m_check, &QCheckBox::toggled, this, [this](bool on) {
        if (!on)
            stop();
        else if (!m_running)
            emit startRequested();
        // The box shows whether a repeat runs, whatever the owner decided.
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(m_running);
    });
    connect(m_intervalBox, &QSpinBox::valueChanged, this, [this](int ms) { m_timer.setInterval(ms); });
    retranslateUi();
}

int RepeatSender::interval() const
{
    return m_intervalBox->value();
}

void RepeatSender::setInterval(int ms)
{
    m_intervalBox->setValue(ms);
}

int RepeatSender::times() const
{
    return m_timesBox->value();
}

void RepeatSender::setTimes(int times)
{
    m_timesBox->setValue(times);
}

void RepeatSender::setStartEnabled(bool enabled)
{
    m_check->setEnabled(enabled || m_running);
}

void RepeatSender::start()
{
    if (m_running)
        return;
    m_sent = 0;
    m_total = m_timesBox->value();
    m_timer.setInterval(m_intervalBox->value());
    m_running = true;
    {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(true);
    }
    m_timesBox->setEnabled(false); // the count is fixed for this run; the interval may change live
    updateStatus();
    emit runningChanged(true);
    fire();
    if (m_running)
        m_timer.start();
}

void RepeatSender::stop()
{
    m_timer.stop();
    if (!m_running)
        return;
    m_running = false;
    {
        const QSignalBlocker blocker(m_check);
        m_check->setChecked(false);
    }
    m_timesBox->setEnabled(true);
    updateStatus();
    emit runningChanged(false);
}

void RepeatSender::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RepeatSender::retranslateUi()
{
    m_check->setText(tr("Repeat every"));
    m_check->setToolTip(tr("Send the message again and again at this interval, the first one at once; "
                           "uncheck to stop. Each message is the text as it is at that moment."));
    m_intervalBox->setSuffix(tr(" ms"));
    m_intervalBox->setToolTip(tr("Time between two messages, in milliseconds"));
    m_timesLabel->setText(tr("times"));
    m_timesBox->setSpecialValueText(tr("until stopped"));
    m_timesBox->setToolTip(tr("How many messages to send; 0 repeats until stopped"));
    updateStatus();
}

void RepeatSender::fire()
{
    emit tick();
    if (!m_running) // the handler stopped: nothing went out
        return;
    ++m_sent;
    updateStatus();
    if (m_total > 0 && m_sent >= m_total)
        stop();
}

void RepeatSender::updateStatus()
{
    if (!m_running && m_sent == 0) {
        m_status->clear();
        return;
    }
    const QLocale locale;
    m_status->setText(m_total > 0 ? tr("%1 of %2 sent").arg(locale.toString(m_sent), locale.toString(m_total))
                                  : tr("%1 sent").arg(locale.toString(m_sent)));
}

} // namespace sockpit::ui
