#include "recordingtab.h"

#include "logfilterproxy.h"
#include "logmodel.h"
#include "logview.h"
#include "sessiontab.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace sockpit::ui {

namespace {

constexpr qint64 ReadChunk = 256 * 1024;
// A recording shows as many rows as the largest log the window offers (View > Log Capacity).
constexpr int RecordingCapacity = 10000000;

} // namespace

struct RecordingTab::ResendJob
{
    QPointer<SessionTab> target;
    std::vector<qint64> sequences; // the log's sequence numbers of the rows to send, oldest first
    size_t next = 0;
    bool sending = false; // false: every row is checked against the file first
    bool waiting = false; // for the session's peers to read what it holds
    qint64 queueLimit = 0; // half the session's send queue: what it may hold before the next send
    int sent = 0;
    QFile file;
};

RecordingTab::RecordingTab(QWidget *parent)
    : QWidget(parent)
    , m_log(new LogView(this))
    , m_status(new QLabel(this))
    , m_problems(new QPlainTextEdit(this))
    , m_targetLabel(new QLabel(this))
    , m_target(new QComboBox(this))
    , m_resend(new QPushButton(this))
    , m_resendTimer(new QTimer(this))
{
    m_log->model()->setCapacity(RecordingCapacity);
    m_status->setTextFormat(Qt::PlainText);
    m_problems->setReadOnly(true);
    m_problems->setMaximumBlockCount(MaxShownProblems + 1);
    m_problems->setMaximumHeight(fontMetrics().height() * 6);
    m_problems->hide();
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_resendTimer->setSingleShot(true);
    m_resendTimer->setInterval(0);
    connect(m_resendTimer, &QTimer::timeout, this, &RecordingTab::resendSlice);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_targetLabel);
    bottom->addWidget(m_target);
    bottom->addWidget(m_resend);
    bottom->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_problems);
    layout->addWidget(m_log, 1);
    layout->addLayout(bottom);

    connect(m_resend, &QPushButton::clicked, this, [this] {
        if (isResending())
            stopResending();
        else
            resendSelected();
    });
    connect(m_log->tableView()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &RecordingTab::updateControls);
    connect(m_target, &QComboBox::currentIndexChanged, this, &RecordingTab::updateControls);
    // Clear restarts the log's sequence numbers: later rows map to later payloads.
    connect(m_log->model(), &QAbstractItemModel::modelReset, this, [this] {
        if (m_payloads)
            m_payloads->restartSequences();
        if (isResending())
            endResend(tr("the log was cleared; %1 sent").arg(m_resendJob->sent));
    });
    retranslate();
}

RecordingTab::~RecordingTab()
{
    m_resendTimer->stop();
    stopReading();
}

void RecordingTab::stopReading()
{
    m_cancel = true;
    m_slots.release(); // a reader waiting for the window to take a batch stops waiting
    if (m_reader.joinable())
        m_reader.join();
}

void RecordingTab::open(const QString &path)
{
    if (isResending())
        endResend(tr("another file was opened; %1 sent").arg(m_resendJob->sent));
    stopReading();
    m_cancel = false;
    m_slots.acquire(m_slots.available());
    m_slots.release();
    // What the reader of the file before still queued for this thread is for that file: dropped.
    const quint64 generation = ++m_readGeneration;
    if (m_log->model()->rowCount() > 0)
        m_log->model()->clear(); // the rows of the file before
    m_problemCount = 0;
    m_problemLines.clear();
    m_problems->clear();
    m_problems->hide();
    m_payloads = std::make_shared<RecordingPayloads>(path);
    m_log->model()->setPayloadSource(m_payloads, KeptBytes);
    m_path = path;
    m_loading = true;
    m_error.clear();
    m_resendError.clear();
    m_log->model()->setSessionName(QString());
    m_reader = std::thread([this, path, generation] { read(path, generation); });
    retranslate();
    emit statusChanged();
}

// On the reader thread: the file in chunks, each batch handed to the window once it has taken the one
// before, so the reader parses the next batch while the window shows the last, and the window never
// has two batches to handle in one go.
void RecordingTab::read(const QString &path, quint64 generation)
{
    // Runs `work` on the window's thread unless another file was opened since.
    const auto later = [this, generation](auto work) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, work = std::move(work)] {
                if (generation == m_readGeneration)
                    work();
            },
            Qt::QueuedConnection);
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        const QString error = tr("cannot open %1: %2").arg(path, file.errorString());
        later([this, error] { finish(error); });
        return;
    }
    RecordReader reader;
    QByteArray chunk(ReadChunk, Qt::Uninitialized);
    QString error;
    bool atEnd = false;
    while (!m_cancel && !atEnd) {
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n < 0) {
            error = tr("cannot read %1: %2").arg(path, file.errorString());
            break;
        }
        if (n == 0) {
            reader.finish();
            atEnd = true;
        } else {
            reader.feed(QByteArrayView(chunk.constData(), n));
        }
        EventBatch events = reader.takeEvents();
        const QVector<qint64> offsets = reader.takeOffsets();
        QVector<RecordProblem> problems = reader.takeProblems();
        reader.takeSessions();
        for (qsizetype at = 0; at < events.size() || (at == 0 && !problems.isEmpty()); at += BatchEvents) {
            m_slots.acquire();
            if (m_cancel)
                return;
            Batch batch;
            batch.events = events.mid(at, BatchEvents);
            batch.offsets = offsets.mid(at, BatchEvents);
            if (at == 0)
                batch.problems = std::move(problems);
            later([this, batch = std::move(batch)] { deliver(batch); });
        }
        if (reader.sessionNames().size() == 1 && atEnd) {
            const QString name = reader.sessionNames().constFirst();
            later([this, name] { m_log->model()->setSessionName(name); });
        }
    }
    if (m_cancel)
        return;
    later([this, error] { finish(error); });
}

void RecordingTab::deliver(const Batch &batch)
{
    m_payloads->append(batch.offsets);
    m_log->appendEvents(batch.events, 0);
    for (const RecordProblem &problem : batch.problems) {
        ++m_problemCount;
        if (m_problemLines.size() < MaxShownProblems) {
            const QString line = tr("line %1: %2").arg(problem.line).arg(problem.message);
            m_problemLines.append(line);
            m_problems->appendPlainText(line);
        }
    }
    m_problems->setVisible(m_problemCount > 0);
    m_slots.release();
    m_status->setText(statusText());
}

void RecordingTab::finish(const QString &error)
{
    if (m_reader.joinable())
        m_reader.join();
    m_loading = false;
    m_error = error;
    retranslate();
    emit statusChanged();
    emit finished();
}

QString RecordingTab::title() const
{
    return tr("Recording %1").arg(QFileInfo(m_path).fileName());
}

QString RecordingTab::problemsText() const
{
    QString text = m_problemLines.join(QLatin1Char('\n'));
    if (m_problemCount > m_problemLines.size())
        text += QLatin1Char('\n') + tr("… and %1 more").arg(m_problemCount - m_problemLines.size());
    return text;
}

QString RecordingTab::statusText() const
{
    if (!m_error.isEmpty())
        return m_error;
    const qint64 count = eventCount();
    const QString events = count == 1 ? tr("1 event") : tr("%1 events").arg(count);
    QString text = m_loading ? tr("%1: reading… %2").arg(m_path, events) : tr("%1: %2").arg(m_path, events);
    if (m_problemCount > 0)
        text += m_problemCount == 1 ? tr("; 1 line could not be read")
                                    : tr("; %1 lines could not be read").arg(m_problemCount);
    if (m_resendJob) {
        const qint64 done = qint64(m_resendJob->next);
        const qint64 all = qint64(m_resendJob->sequences.size());
        if (!m_resendJob->sending)
            text += QStringLiteral("; ") + tr("Resend: checking %1 of %2 rows").arg(done).arg(all);
        else if (m_resendJob->waiting)
            text += QStringLiteral("; ")
                + tr("Resend: sending %1 of %2 rows, waiting for the peer to read").arg(done).arg(all);
        else
            text += QStringLiteral("; ") + tr("Resend: sending %1 of %2 rows").arg(done).arg(all);
    } else if (!m_resendError.isEmpty()) {
        text += QStringLiteral("; ") + tr("Resend: %1").arg(m_resendError);
    }
    return text;
}

void RecordingTab::setSessionProvider(std::function<QList<SessionTab *>()> provider)
{
    m_provider = std::move(provider);
    refreshTargets();
}

void RecordingTab::refreshTargets()
{
    QList<QPointer<SessionTab>> targets;
    if (m_provider) {
        for (SessionTab *tab : m_provider()) {
            if (tab->session()->state() == Session::State::Running)
                targets.append(tab);
        }
    }
    const SessionTab *previous = m_target->currentIndex() >= 0 && m_target->currentIndex() < m_targets.size()
        ? m_targets.at(m_target->currentIndex()).data()
        : nullptr;
    m_targets = targets;
    const QSignalBlocker blocker(m_target);
    m_target->clear();
    for (const QPointer<SessionTab> &tab : m_targets)
        m_target->addItem(tab->title());
    if (m_targets.isEmpty())
        m_target->addItem(tr("(no running session)"));
    for (int i = 0; i < m_targets.size(); ++i) {
        if (m_targets.at(i) == previous)
            m_target->setCurrentIndex(i);
    }
    updateControls();
}

int RecordingTab::resendSelected()
{
    if (isResending())
        return 0;
    const int index = m_target->currentIndex();
    SessionTab *target = index >= 0 && index < m_targets.size() ? m_targets.at(index).data() : nullptr;
    if (!target || target->session()->state() != Session::State::Running) {
        refreshTargets();
        return 0;
    }
    const LogModel *model = m_log->model();
    auto job = std::make_unique<ResendJob>();
    job->target = target;
    // Sent while the session holds less than this, no payload finds a connection's queue full.
    job->queueLimit = target->session()->config().sendQueueLimit / 2;
    // Row by row through the filter: a range of the filtered view is not one of the log's.
    const LogFilterProxy *filter = m_log->filterModel();
    for (const QItemSelectionRange &range : m_log->tableView()->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            const int source = filter->mapToSource(filter->index(row, 0)).row();
            const Direction dir = source >= 0 ? model->directionAt(source) : Direction::Error;
            if (dir == Direction::In || dir == Direction::Out)
                job->sequences.push_back(model->sequenceAt(source));
        }
    }
    // A row selected in more than one column range is listed once.
    std::sort(job->sequences.begin(), job->sequences.end());
    job->sequences.erase(std::unique(job->sequences.begin(), job->sequences.end()), job->sequences.end());
    job->file.setFileName(m_path);
    const int rows = int(job->sequences.size());
    m_resendJob = std::move(job);
    m_resendError.clear();
    m_resendTimer->start(); // even an empty selection or a missing file ends through resendSlice()
    m_status->setText(statusText());
    updateControls();
    emit statusChanged();
    return rows;
}

void RecordingTab::stopResending()
{
    if (isResending())
        endResend(tr("stopped; %1 sent").arg(m_resendJob->sent));
}

// One slice of a resend: rows checked, then read again and sent, until the slice's time is up.
void RecordingTab::resendSlice()
{
    if (!m_resendJob)
        return;
    ResendJob &job = *m_resendJob;
    if (job.sequences.empty()) {
        endResend(QString());
        return;
    }
    if (!job.file.isOpen() && !job.file.open(QIODevice::ReadOnly)) {
        endResend(tr("cannot open %1: %2").arg(m_path, job.file.errorString()));
        return;
    }
    const LogModel *model = m_log->model();
    QElapsedTimer clock;
    clock.start();
    QString error;
    while (job.next < job.sequences.size()) {
        if (!job.target || job.target->session()->state() != Session::State::Running) {
            endResend(tr("the session stopped; %1 sent").arg(job.sent));
            return;
        }
        // A peer that reads slowly is waited for, not flooded: the session would refuse what its
        // queue has no room for.
        job.waiting = job.sending && job.target->session()->feed().queuedBytes() > job.queueLimit;
        if (job.waiting)
            break;
        const qint64 sequence = job.sequences[job.next];
        const qint64 row = sequence - model->sequenceAt(0);
        QByteArray payload;
        if (row < 0 || row >= model->rowCount()) {
            error = tr("a selected row is no longer in the log");
        } else if (payloadAt(int(row), &job.file, &payload, &error)) {
            if (job.sending) {
                const quint64 generation = m_resendGeneration;
                const bool sent = job.target->sendBytes(payload);
                if (m_resendGeneration != generation)
                    return; // ended while sending (the session stopped at once)
                if (!sent)
                    error = tr("row %1 was sent to no one (see the session's log)").arg(row + 1);
                else
                    ++job.sent;
            }
        }
        if (!error.isEmpty()) {
            endResend(job.sending ? tr("%1; %2 sent before it").arg(error).arg(job.sent) : error);
            return;
        }
        if (++job.next == job.sequences.size() && !job.sending) {
            job.sending = true; // every row checked: now the same rows again, sent
            job.next = 0;
        }
        if (clock.elapsed() >= ResendSliceMs)
            break;
    }
    if (job.sending && job.next == job.sequences.size()) {
        endResend(QString());
        return;
    }
    // The next slice is due before anyone hears of this one: a listener may stop the resend.
    m_resendTimer->start(job.waiting ? ResendWaitMs : 0);
    const QString status = statusText();
    if (status != m_status->text()) { // a wait looks again every few ms: told of once
        m_status->setText(status);
        emit statusChanged();
    }
}

void RecordingTab::endResend(const QString &error)
{
    m_resendTimer->stop();
    const int sent = m_resendJob->sent;
    m_resendJob.reset();
    ++m_resendGeneration;
    m_resendError = error;
    m_status->setText(statusText());
    updateControls();
    emit statusChanged();
    emit resendFinished(sent);
}

bool RecordingTab::payloadAt(int row, QIODevice *file, QByteArray *payload, QString *error) const
{
    const LogModel *model = m_log->model();
    const qint64 offset = row >= 0 && row < model->rowCount() && m_payloads
        ? m_payloads->offsetOf(model->sequenceAt(row))
        : -1;
    if (offset < 0) {
        *error = tr("row %1 is not one of the recording's events").arg(row + 1);
        return false;
    }
    Event event;
    if (!readEventAt(file, offset, &event, error))
        return false;
    // The row keeps the payload's length and its first bytes: the event read again must have both.
    const LogStore &rows = model->rows();
    const auto r = size_t(row);
    if (event.dir != rows.dir(r) || event.timeUs != rows.timeUs(r) || event.conn != rows.conn(r)
        || event.payload.size() != rows.len(r) || !event.payload.startsWith(rows.payloadView(r))) {
        *error = tr("the line at byte %1 holds another event now").arg(offset);
        return false;
    }
    *payload = std::move(event.payload);
    return true;
}

void RecordingTab::updateControls()
{
    const int index = m_target->currentIndex();
    const bool haveTarget = index >= 0 && index < m_targets.size() && m_targets.at(index);
    m_target->setEnabled(!m_targets.isEmpty());
    m_resend->setEnabled(
        isResending() || (haveTarget && m_log->tableView()->selectionModel()->hasSelection()));
    if (isResending()) {
        m_resend->setText(tr("Stop Resending"));
        m_resend->setToolTip(tr("Stop sending the selected rows; what was sent stays sent"));
    } else {
        m_resend->setText(tr("Resend Selected"));
        m_resend->setToolTip(tr("Send the bytes of the selected rows again, oldest first, to the chosen "
                                "running session (to its current send target)"));
    }
}

void RecordingTab::retranslate()
{
    m_targetLabel->setText(tr("Resend to:"));
    m_problems->setToolTip(tr("Lines of the file that could not be read; the other lines are shown"));
    m_status->setText(statusText());
    refreshTargets();
}

void RecordingTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RecordingTab::showEvent(QShowEvent *event)
{
    refreshTargets();
    QWidget::showEvent(event);
}

} // namespace sockpit::ui
