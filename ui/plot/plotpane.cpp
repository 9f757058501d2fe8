#include "plotpane.h"

#include "dialogrunner.h"
#include "filechooser.h"
#include "plotcsv.h"
#include "plotwidget.h"
#include "valuefieldeditor.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockpit::ui {

PlotPane::PlotPane(QWidget *parent)
    : QWidget(parent)
    , m_plot(new PlotWidget(this))
    , m_fieldsButton(new QPushButton(this))
    , m_pauseButton(new QToolButton(this))
    , m_resetButton(new QToolButton(this))
    , m_clearButton(new QToolButton(this))
    , m_exportButton(new QToolButton(this))
    , m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("plotPane"));
    m_fieldsButton->setObjectName(QStringLiteral("plotFields"));
    m_pauseButton->setObjectName(QStringLiteral("plotPause"));
    m_pauseButton->setCheckable(true);
    m_resetButton->setObjectName(QStringLiteral("plotShowAll"));
    m_clearButton->setObjectName(QStringLiteral("plotClear"));
    m_exportButton->setObjectName(QStringLiteral("plotExport"));
    m_note->setObjectName(QStringLiteral("plotNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_fieldsButton);
    bar->addWidget(m_pauseButton);
    bar->addWidget(m_resetButton);
    bar->addWidget(m_clearButton);
    bar->addWidget(m_exportButton);
    bar->addWidget(m_note, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_plot, 1);

    connect(m_fieldsButton, &QPushButton::clicked, this, &PlotPane::editFields);
    connect(m_pauseButton, &QToolButton::toggled, m_plot, &PlotWidget::setPaused);
    connect(m_plot, &PlotWidget::pausedChanged, m_pauseButton, &QToolButton::setChecked);
    connect(m_resetButton, &QToolButton::clicked, m_plot, &PlotWidget::resetZoom);
    connect(m_clearButton, &QToolButton::clicked, m_plot, &PlotWidget::clearPoints);
    connect(m_exportButton, &QToolButton::clicked, this, &PlotPane::exportWithDialog);
    retranslate();
}

void PlotPane::setFields(const ValueFields &fields)
{
    if (fields == m_fields && m_plot->seriesCount() == fields.size())
        return;
    m_fields = fields;
    m_extractor = ValueExtractor(fields);
    QStringList names;
    for (const ValueField &field : fields)
        names << field.name;
    m_plot->setSeriesNames(names);
    updateNote();
}

void PlotPane::setPreviewBytes(int bytes)
{
    m_previewBytes = bytes;
    updateNote();
}

void PlotPane::appendEvents(const EventBatch &events, qint64 notDisplayed)
{
    Q_UNUSED(notDisplayed) // events the window never got give no points: the plot cannot know them
    addEvents(events);
}

void PlotPane::addEvents(const EventBatch &events)
{
    const int count = m_extractor.fieldCount();
    if (count == 0)
        return;
    bool added = false;
    for (const Event &event : events) {
        if (event.dir != Direction::In || event.kind != EventKind::None)
            continue;
        const QString text = m_extractor.needsText() ? ValueExtractor::decodeText(event.payload) : QString();
        for (int i = 0; i < count; ++i) {
            if (const std::optional<double> value = m_extractor.extract(i, event.payload, text)) {
                m_plot->addPoint(i, event.timeUs, *value);
                added = true;
            }
        }
    }
    if (added)
        m_plot->pointsAdded();
}

void PlotPane::editFields()
{
    if (m_editor) {
        m_editor->raise();
        m_editor->activateWindow();
        return;
    }
    m_editor = new ValueFieldEditor(this);
    m_editor->setAttribute(Qt::WA_DeleteOnClose);
    m_editor->setFields(m_fields);
    connect(m_editor, &QDialog::accepted, this, [this] {
        setFields(m_editor->fields());
        emit fieldsEdited(m_fields);
    });
    m_editor->open(); // window-modal, without a nested event loop
}

ValueFieldEditor *PlotPane::fieldEditor() const
{
    return m_editor;
}

bool PlotPane::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(plotCsv(*m_plot)) < 0 || !file.commit()) {
        *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void PlotPane::exportWithDialog()
{
    const QString path = FileChooser::saveFileName(this, tr("Export values as CSV"),
        QDir::home().filePath(QStringLiteral("values.csv")), tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        DialogRunner::warn(this, tr("Export values as CSV"), error);
}

void PlotPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PlotPane::retranslate()
{
    m_fieldsButton->setText(tr("Fields…"));
    m_fieldsButton->setToolTip(tr("Choose the values to plot: a regular expression's group in each "
                                  "received message's text, or a binary number at a byte offset"));
    m_pauseButton->setText(tr("Pause"));
    m_pauseButton->setToolTip(tr("Stop the view from moving while points still arrive; drag to pan"));
    m_resetButton->setText(tr("Show All"));
    m_resetButton->setToolTip(tr("Undo the zoom and show every point (or double-click the plot); the "
                                 "mouse wheel zooms the time axis"));
    m_clearButton->setText(tr("Clear"));
    m_exportButton->setText(tr("Export CSV…"));
    m_exportButton->setToolTip(tr("Save the points as CSV: the time (UTC, with microseconds) and one "
                                  "column per field"));
    updateNote();
}

void PlotPane::updateNote()
{
    if (m_fields.isEmpty())
        m_note->setText(tr("No fields yet: press Fields… to choose the values to plot."));
    else
        m_note->setText(tr("Values are read from each received message as the window gets it: whole, "
                           "or only its first %1 bytes while many large messages arrive at once.")
                            .arg(m_previewBytes));
}

} // namespace sockpit::ui
