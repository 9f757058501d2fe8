#include "presetpanel.h"

#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {
enum Column { SendColumn, NameColumn, ModeColumn, TextColumn, ColumnCount };
} // namespace

PresetPanel::PresetPanel(QWidget *parent)
    : QWidget(parent)
    , m_tableEditor(this, QStringLiteral("preset"), ColumnCount)
    , m_table(m_tableEditor.table())
    , m_emptyHint(new QLabel(m_table->viewport()))
{
    m_emptyHint->setObjectName(QStringLiteral("presetHint"));
    m_emptyHint->setTextFormat(Qt::PlainText);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_emptyHint->setAttribute(Qt::WA_TransparentForMouseEvents); // a double-click still reaches the table
    m_table->viewport()->installEventFilter(this);
    connect(m_table->model(), &QAbstractItemModel::rowsInserted, this, &PresetPanel::updateEmptyHint);
    connect(m_table->model(), &QAbstractItemModel::rowsRemoved, this, &PresetPanel::updateEmptyHint);
    connect(m_table->model(), &QAbstractItemModel::modelReset, this, &PresetPanel::updateEmptyHint);
    m_table->horizontalHeader()->setSectionResizeMode(SendColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ModeColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tableEditor.addTo(layout);

    connect(m_tableEditor.addButton(), &QPushButton::clicked, this, [this] {
        addPreset({tr("Preset %1").arg(m_table->rowCount() + 1), MacroExpander::Mode::Text, QString()});
        m_table->setCurrentCell(m_table->rowCount() - 1, TextColumn);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, TextColumn));
    });
    connect(m_tableEditor.removeButton(), &QPushButton::clicked, this,
        [this] { m_tableEditor.removeSelectedRows([this](int row) { m_expanders.removeAt(row); }); });
    connect(m_tableEditor.importButton(), &QPushButton::clicked, this, [this] {
        m_tableEditor.chooseFileToOpen(tr("Import presets"), tr("JSON files (*.json)"),
            [this](const QString &path, QString *error) { return importFrom(path, error); });
    });
    connect(m_tableEditor.exportButton(), &QPushButton::clicked, this, [this] {
        m_tableEditor.chooseFileToSave(tr("Export presets"), tr("JSON files (*.json)"),
            [this](const QString &path, QString *error) { return exportTo(path, error); });
    });
    retranslateUi();
    updateEmptyHint();
}

PresetPanel::~PresetPanel()
{
    // The table is destroyed after this object, removing its rows on the way: nothing must reach us then.
    m_table->model()->disconnect(this);
    m_table->viewport()->removeEventFilter(this);
}

bool PresetPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize) {
        const int margin = fontMetrics().horizontalAdvance(QLatin1Char('x'));
        m_emptyHint->setGeometry(m_table->viewport()->rect().adjusted(margin, 0, -margin, 0));
    }
    return QWidget::eventFilter(watched, event);
}

void PresetPanel::updateEmptyHint()
{
    m_emptyHint->setVisible(m_table->rowCount() == 0);
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
        m_tableEditor.showError(tr("%1: %2").arg(preset.name, result.error));
        return;
    }
    m_tableEditor.hideError();
    emit sendRequested(result.bytes);
}

TableEditor::FileErrors PresetPanel::fileErrors() const
{
    return {tr("cannot write '%1': %2"), tr("cannot read '%1': %2"), tr("'%1': %2")};
}

bool PresetPanel::exportTo(const QString &path, QString *error) const
{
    return TableEditor::writeFile(path, quickSendPresetsToJson(presets()), fileErrors(), error);
}

bool PresetPanel::importFrom(const QString &path, QString *error)
{
    QuickSendPresets imported;
    const auto read = [&imported](const QByteArray &json, QString *why) {
        return quickSendPresetsFromJson(json, &imported, why);
    };
    if (!TableEditor::readFile(path, read, fileErrors(), error))
        return false;
    for (const QuickSendPreset &preset : imported)
        insertRow(preset);
    return true;
}

QString PresetPanel::errorText() const
{
    return m_tableEditor.errorText();
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
    m_emptyHint->setText(tr("Messages you send often, one click each. Add one, or import a set; "
                            "{counter} and {time} in a message change with each send."));
    m_tableEditor.addButton()->setText(tr("Add"));
    m_tableEditor.addButton()->setToolTip(tr("Add a preset; double-click a name or message to edit it"));
    m_tableEditor.removeButton()->setText(tr("Remove"));
    m_tableEditor.importButton()->setText(tr("Import…"));
    m_tableEditor.importButton()->setToolTip(tr("Add the presets of a JSON file"));
    m_tableEditor.exportButton()->setText(tr("Export…"));
    m_tableEditor.exportButton()->setToolTip(tr("Save the presets to a JSON file"));
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
