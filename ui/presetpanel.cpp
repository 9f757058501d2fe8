#include "presetpanel.h"

#include <QComboBox>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace sockpit::ui {

namespace {
enum Column { SendColumn, NameColumn, ModeColumn, TextColumn, ColumnCount };
} // namespace

PresetPanel::PresetPanel(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_addButton(new QPushButton(this))
    , m_removeButton(new QPushButton(this))
    , m_importButton(new QPushButton(this))
    , m_exportButton(new QPushButton(this))
    , m_errorLabel(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("presetTable"));
    m_addButton->setObjectName(QStringLiteral("presetAdd"));
    m_removeButton->setObjectName(QStringLiteral("presetRemove"));
    m_importButton->setObjectName(QStringLiteral("presetImport"));
    m_exportButton->setObjectName(QStringLiteral("presetExport"));
    m_errorLabel->setObjectName(QStringLiteral("presetError"));

    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(SendColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ModeColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    buttons->addWidget(m_importButton);
    buttons->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_errorLabel);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, [this] {
        addPreset({tr("Preset %1").arg(m_table->rowCount() + 1), MacroExpander::Mode::Text, QString()});
        m_table->setCurrentCell(m_table->rowCount() - 1, TextColumn);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, TextColumn));
    });
    connect(m_removeButton, &QPushButton::clicked, this, &PresetPanel::removeSelected);
    connect(m_importButton, &QPushButton::clicked, this, &PresetPanel::chooseImport);
    connect(m_exportButton, &QPushButton::clicked, this, &PresetPanel::chooseExport);
    connect(m_table, &QTableWidget::itemChanged, this, [this] { m_errorLabel->hide(); });
    retranslateUi();
}

QuickSendPresets PresetPanel::presets() const
{
    QuickSendPresets result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QuickSendPreset preset;
        preset.name = m_table->item(row, NameColumn)->text();
        preset.text = m_table->item(row, TextColumn)->text();
        const auto *mode = qobject_cast<QComboBox *>(m_table->cellWidget(row, ModeColumn));
        preset.mode = MacroExpander::Mode(mode->currentData().toInt());
        result.append(preset);
    }
    return result;
}

void PresetPanel::setPresets(const QuickSendPresets &presets)
{
    m_table->setRowCount(0);
    m_expanders.clear();
    for (const QuickSendPreset &preset : presets)
        insertRow(preset);
}

void PresetPanel::addPreset(const QuickSendPreset &preset)
{
    insertRow(preset);
}

void PresetPanel::insertRow(const QuickSendPreset &preset)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_expanders.append(MacroExpander());

    auto *send = new QToolButton(m_table);
    send->setObjectName(QStringLiteral("presetSend"));
    send->setText(tr("Send"));
    send->setEnabled(m_sendEnabled);
    connect(send, &QToolButton::clicked, this, [this, send] { sendPreset(rowOf(send)); });
    m_table->setCellWidget(row, SendColumn, send);

    m_table->setItem(row, NameColumn, new QTableWidgetItem(preset.name));
    auto *mode = new QComboBox(m_table);
    mode->addItem(tr("Text"), int(MacroExpander::Mode::Text));
    mode->addItem(tr("Hex"), int(MacroExpander::Mode::Hex));
    mode->setCurrentIndex(preset.mode == MacroExpander::Mode::Hex ? 1 : 0);
    m_table->setCellWidget(row, ModeColumn, mode);
    auto *text = new QTableWidgetItem(preset.text);
    text->setToolTip(tr("Macros: {counter}, {time}, {time:HH:mm:ss.zzz}, {random:N} random bytes, "
                        "{hex:AA 55}; {{ and }} for braces. Text takes escapes such as \\r\\n."));
    m_table->setItem(row, TextColumn, text);
}

int PresetPanel::rowOf(QWidget *cellWidget) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->cellWidget(row, SendColumn) == cellWidget)
            return row;
    }
    return -1;
}

void PresetPanel::setSendEnabled(bool enabled)
{
    m_sendEnabled = enabled;
    for (int row = 0; row < m_table->rowCount(); ++row)
        m_table->cellWidget(row, SendColumn)->setEnabled(enabled);
}

void PresetPanel::sendPreset(int row)
{
    if (!m_sendEnabled || row < 0 || row >= m_table->rowCount())
        return;
    const QuickSendPreset preset = presets().at(row);
    const MacroExpander::Result result = m_expanders[row].expand(preset.text, preset.mode);
    if (!result.ok()) {
        showError(tr("%1: %2").arg(preset.name, result.error));
        return;
    }
    m_errorLabel->hide();
    emit sendRequested(result.bytes);
}

bool PresetPanel::exportTo(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(quickSendPresetsToJson(presets())) < 0 || !file.flush()) {
        *error = tr("cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool PresetPanel::importFrom(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read '%1': %2").arg(path, file.errorString());
        return false;
    }
    QuickSendPresets imported;
    if (!quickSendPresetsFromJson(file.readAll(), &imported, error)) {
        *error = tr("'%1': %2").arg(path, *error);
        return false;
    }
    for (const QuickSendPreset &preset : imported)
        insertRow(preset);
    return true;
}

QString PresetPanel::errorText() const
{
    return m_errorLabel->isVisibleTo(this) ? m_errorLabel->text() : QString();
}

void PresetPanel::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : rows) {
        m_table->removeRow(row);
        m_expanders.removeAt(row);
    }
}

void PresetPanel::chooseImport()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Import presets"), QString(), tr("JSON files (*.json)"));
    QString error;
    if (!path.isEmpty() && !importFrom(path, &error))
        showError(error);
}

void PresetPanel::chooseExport()
{
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export presets"), QString(), tr("JSON files (*.json)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error))
        showError(error);
}

void PresetPanel::showError(const QString &text)
{
    m_errorLabel->setText(text);
    m_errorLabel->show();
}

void PresetPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PresetPanel::retranslateUi()
{
    m_table->setHorizontalHeaderLabels({QString(), tr("Name"), tr("Mode"), tr("Message")});
    m_addButton->setText(tr("Add"));
    m_addButton->setToolTip(tr("Add a preset; double-click a name or message to edit it"));
    m_removeButton->setText(tr("Remove"));
    m_importButton->setText(tr("Import…"));
    m_importButton->setToolTip(tr("Add the presets of a JSON file"));
    m_exportButton->setText(tr("Export…"));
    m_exportButton->setToolTip(tr("Save the presets to a JSON file"));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (auto *send = qobject_cast<QToolButton *>(m_table->cellWidget(row, SendColumn)))
            send->setText(tr("Send"));
        if (auto *mode = qobject_cast<QComboBox *>(m_table->cellWidget(row, ModeColumn))) {
            mode->setItemText(0, tr("Text"));
            mode->setItemText(1, tr("Hex"));
        }
    }
}

} // namespace sockpit::ui
