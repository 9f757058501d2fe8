#include "sequencedialog.h"

#include "dialogrunner.h"
#include "errorcolor.h"
#include "filechooser.h"
#include "sequenceformat.h"
#include "session.h"

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {

const char *const Example = R"json({"sequence": 1, "timeoutMs": 5000, "steps": [
  {"kind": "send", "text": "HELLO {counter}\r\n"},
  {"kind": "expect", "match": "regex", "pattern": "id=(\\d+)"},
  {"kind": "send", "text": "GET {1}\r\n"},
  {"kind": "expect", "pattern": "OK"}
]}
)json";

} // namespace

SequenceDialog::SequenceDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , m_runner(session)
    , m_text(new QPlainTextEdit(this))
    , m_open(new QPushButton(this))
    , m_save(new QPushButton(this))
    , m_run(new QPushButton(this))
    , m_stop(new QPushButton(this))
    , m_status(new QLabel(this))
    , m_results(new QTableWidget(0, ColumnCount, this))
{
    m_text->setObjectName(QStringLiteral("sequenceText"));
    m_open->setObjectName(QStringLiteral("sequenceOpen"));
    m_save->setObjectName(QStringLiteral("sequenceSave"));
    m_run->setObjectName(QStringLiteral("sequenceRun"));
    m_stop->setObjectName(QStringLiteral("sequenceStop"));
    m_status->setObjectName(QStringLiteral("sequenceStatus"));
    m_results->setObjectName(QStringLiteral("sequenceResults"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setPlainText(QString::fromUtf8(Example));
    m_status->setTextFormat(Qt::PlainText); // holds peer bytes and file text: never rich text
    m_status->setWordWrap(true);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_results->verticalHeader()->hide();
    // The step, its result and time are short; what the step is and what happened share the rest.
    QHeaderView *header = m_results->horizontalHeader();
    header->setStretchLastSection(true);
    for (int column = 0; column < ColumnCount - 2; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ColumnCount - 2, QHeaderView::Stretch);
    m_results->setWordWrap(false);
    m_stop->setEnabled(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_save);
    buttons->addStretch();
    buttons->addWidget(m_run);
    buttons->addWidget(m_stop);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_text);
    splitter->addWidget(m_results);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_open, &QPushButton::clicked, this, &SequenceDialog::openFile);
    connect(m_save, &QPushButton::clicked, this, &SequenceDialog::saveFile);
    connect(m_run, &QPushButton::clicked, this, [this] { run(); });
    connect(m_stop, &QPushButton::clicked, this, &SequenceDialog::stop);
    connect(&m_runner, &SequenceRunner::stepFinished, this, &SequenceDialog::addResult);
    connect(&m_runner, &SequenceRunner::finished, this, &SequenceDialog::onFinished);
    resize(820, 620);
    retranslateUi();
}

QString SequenceDialog::sequenceText() const
{
    return m_text->toPlainText();
}

void SequenceDialog::setSequenceText(const QString &text)
{
    m_text->setPlainText(text);
}

QString SequenceDialog::statusText() const
{
    return m_status->text();
}

bool SequenceDialog::run()
{
    if (m_runner.isRunning())
        return false;
    Sequence sequence;
    QString error;
    if (!sequenceFromJson(sequenceText().toUtf8(), &sequence, &error)) {
        setStatus(tr("Not a valid sequence: %1").arg(error), true);
        return false;
    }
    sequence.baseDirectory = m_baseDirectory;
    m_results->setRowCount(0);
    m_failedRow = -1;
    if (!m_runner.start(sequence)) {
        setStatus(tr("Start the session first: a sequence runs on its connection."), true);
        return false;
    }
    m_run->setEnabled(false);
    m_stop->setEnabled(true);
    setStatus(tr("Running…"), false);
    return true;
}

void SequenceDialog::stop()
{
    m_runner.stop();
}

void SequenceDialog::addResult(const SequenceStepResult &result)
{
    const int row = m_results->rowCount();
    m_results->insertRow(row);
    QString detail;
    if (!result.passed)
        detail = result.error + QStringLiteral("; ");
    if (result.kind == SequenceStep::Kind::Expect)
        detail += tr("arrived %1").arg(quoteBytes(result.arrived));
    else if (!result.sent.isEmpty())
        detail += tr("sent %1").arg(quoteBytes(result.sent));
    const QStringList cells {result.label(), result.passed ? tr("ok") : tr("FAIL"),
        QString::number(double(result.elapsedUs) / 1000.0, 'f', 1), result.description, detail};
    for (int column = 0; column < ColumnCount; ++column) {
        auto *item = new QTableWidgetItem(cells.at(column));
        if (column == TimeColumn)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (!result.passed)
            item->setForeground(errorColor(palette()));
        m_results->setItem(row, column, item);
    }
    if (!result.passed)
        m_failedRow = row;
    m_results->scrollToItem(m_results->item(row, 0));
}

void SequenceDialog::onFinished(bool passed)
{
    m_run->setEnabled(true);
    m_stop->setEnabled(false);
    if (passed)
        setStatus(tr("Every step passed."), false);
    else if (m_failedRow >= 0)
        setStatus(tr("Step %1 failed.").arg(m_results->item(m_failedRow, StepColumn)->text()), true);
    else
        setStatus(tr("Stopped."), true);
}

void SequenceDialog::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText,
        error ? errorColor(this->palette()) : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
}

void SequenceDialog::openFile()
{
    const QString path = FileChooser::openFileName(
        this, tr("Open Sequence"), m_baseDirectory, tr("Sequences (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        DialogRunner::warn(
            this, tr("Open Sequence"), tr("Could not open %1: %2").arg(path, file.errorString()));
        return;
    }
    m_text->setPlainText(QString::fromUtf8(file.readAll()));
    m_baseDirectory = QFileInfo(path).absolutePath();
}

void SequenceDialog::saveFile()
{
    const QString path = FileChooser::saveFileName(this, tr("Save Sequence"),
        m_baseDirectory.isEmpty() ? QStringLiteral("sequence.json") : m_baseDirectory,
        tr("Sequences (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    const QByteArray bytes = sequenceText().toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        DialogRunner::warn(
            this, tr("Save Sequence"), tr("Could not save %1: %2").arg(path, file.errorString()));
        return;
    }
    m_baseDirectory = QFileInfo(path).absolutePath();
}

void SequenceDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SequenceDialog::retranslateUi()
{
    setWindowTitle(tr("Run Sequence"));
    m_open->setText(tr("&Open…"));
    m_save->setText(tr("&Save…"));
    m_run->setText(tr("&Run"));
    m_stop->setText(tr("S&top"));
    m_text->setToolTip(tr("Send, expect, delay, repeat, half-close and close steps, in the JSON that "
                          "'sockpit run' reads."));
    m_results->setHorizontalHeaderLabels(
        {tr("Step"), tr("Result"), tr("Time (ms)"), tr("What"), tr("Detail")});
    if (m_status->text().isEmpty())
        setStatus(tr("Runs on this session's connection (a server: on every client)."), false);
}

} // namespace sockpit::ui
