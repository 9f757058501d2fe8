#include "valuefieldeditor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sockpit::ui {

namespace {
enum Column { NameColumn = 0, PatternColumn = 2, GroupColumn = 3 };
enum CellWidgetColumn { KindColumn = 1, OffsetColumn = 4, TypeColumn = 5, OrderColumn = 6 };
constexpr int ColumnCount = 7;
constexpr ValueField::Type Types[]
    = {ValueField::Type::U8, ValueField::Type::I8, ValueField::Type::U16, ValueField::Type::I16,
        ValueField::Type::U32, ValueField::Type::I32, ValueField::Type::F32, ValueField::Type::F64};

template<typename Widget> Widget *cell(const QTableWidget *table, int row, int column)
{
    return qobject_cast<Widget *>(table->cellWidget(row, column));
}
} // namespace

ValueFieldEditor::ValueFieldEditor(QWidget *parent)
    : QDialog(parent)
    , m_tableEditor(this, QStringLiteral("valueField"), ColumnCount)
    , m_table(m_tableEditor.table())
{
    setObjectName(QStringLiteral("valueFieldEditor"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PatternColumn, QHeaderView::Stretch);

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    m_tableEditor.addTo(layout);
    layout->addWidget(box);

    connect(box, &QDialogButtonBox::accepted, this, &ValueFieldEditor::accept);
    connect(box, &QDialogButtonBox::rejected, this, &ValueFieldEditor::reject);
    connect(m_tableEditor.addButton(), &QPushButton::clicked, this, [this] {
        ValueField field;
        field.name = tr("value %1").arg(m_table->rowCount() + 1);
        field.pattern = QStringLiteral("=([-+\\d.]+)");
        addField(field);
        m_table->setCurrentCell(m_table->rowCount() - 1, NameColumn);
    });
    connect(m_tableEditor.removeButton(), &QPushButton::clicked, this,
        [this] { m_tableEditor.removeSelectedRows(); });
    connect(m_tableEditor.importButton(), &QPushButton::clicked, this, [this] {
        m_tableEditor.chooseFileToOpen(tr("Import value fields"), tr("JSON files (*.json)"),
            [this](const QString &path, QString *error) { return importFrom(path, error); });
    });
    connect(m_tableEditor.exportButton(), &QPushButton::clicked, this, [this] {
        m_tableEditor.chooseFileToSave(tr("Export value fields"), tr("JSON files (*.json)"),
            [this](const QString &path, QString *error) { return exportTo(path, error); });
    });
    resize(820, 340);
    retranslateUi();
}

ValueFields ValueFieldEditor::fields() const
{
    ValueFields result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        ValueField field;
        field.name = m_table->item(row, NameColumn)->text().trimmed();
        field.kind = ValueField::Kind(cell<QComboBox>(m_table, row, KindColumn)->currentData().toInt());
        field.pattern = m_table->item(row, PatternColumn)->text();
        const QString group = m_table->item(row, GroupColumn)->text().trimmed();
        bool number = false;
        const int index = group.toInt(&number);
        if (number) {
            field.group = index;
        } else if (!group.isEmpty()) {
            field.group = 1;
            field.groupName = group;
        }
        field.offset = cell<QSpinBox>(m_table, row, OffsetColumn)->value();
        field.type = ValueField::Type(cell<QComboBox>(m_table, row, TypeColumn)->currentData().toInt());
        field.bigEndian = cell<QComboBox>(m_table, row, OrderColumn)->currentIndex() == 0;
        result.append(field);
    }
    return result;
}

void ValueFieldEditor::setFields(const ValueFields &fields)
{
    m_table->setRowCount(0);
    for (const ValueField &field : fields)
        addField(field);
}

void ValueFieldEditor::addField(const ValueField &field)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, NameColumn, new QTableWidgetItem(field.name));

    auto *kind = new QComboBox(m_table);
    kind->setObjectName(QStringLiteral("valueFieldKind"));
    kind->addItem(QString(), int(ValueField::Kind::Regex));
    kind->addItem(QString(), int(ValueField::Kind::Binary));
    kind->setCurrentIndex(kind->findData(int(field.kind)));
    m_table->setCellWidget(row, KindColumn, kind);
    m_table->setItem(row, PatternColumn, new QTableWidgetItem(field.pattern));
    m_table->setItem(row, GroupColumn,
        new QTableWidgetItem(field.groupName.isEmpty() ? QString::number(field.group) : field.groupName));

    auto *offset = new QSpinBox(m_table);
    offset->setObjectName(QStringLiteral("valueFieldOffset"));
    offset->setRange(0, 1 << 20);
    offset->setValue(field.offset);
    m_table->setCellWidget(row, OffsetColumn, offset);

    auto *type = new QComboBox(m_table);
    type->setObjectName(QStringLiteral("valueFieldType"));
    for (ValueField::Type t : Types)
        type->addItem(valueTypeName(t), int(t));
    type->setCurrentIndex(type->findData(int(field.type)));
    m_table->setCellWidget(row, TypeColumn, type);

    auto *order = new QComboBox(m_table);
    order->setObjectName(QStringLiteral("valueFieldOrder"));
    order->addItems({QString(), QString()});
    order->setCurrentIndex(field.bigEndian ? 0 : 1);
    m_table->setCellWidget(row, OrderColumn, order);
    // Only the settings of the row's kind can be edited: the others would be ignored.
    const auto showKind = [this, kind] {
        for (int r = 0; r < m_table->rowCount(); ++r) {
            if (m_table->cellWidget(r, KindColumn) != kind)
                continue;
            const bool binary = kind->currentData().toInt() == int(ValueField::Kind::Binary);
            for (int column : {int(PatternColumn), int(GroupColumn)}) {
                QTableWidgetItem *item = m_table->item(r, column);
                item->setFlags(binary ? item->flags() & ~(Qt::ItemIsEditable | Qt::ItemIsEnabled)
                                      : item->flags() | Qt::ItemIsEditable | Qt::ItemIsEnabled);
            }
            for (int column : {int(OffsetColumn), int(TypeColumn), int(OrderColumn)})
                m_table->cellWidget(r, column)->setEnabled(binary);
        }
    };
    connect(kind, qOverload<int>(&QComboBox::currentIndexChanged), this, showKind);
    showKind();
    retranslateUi();
}

QString ValueFieldEditor::errorText() const
{
    return m_tableEditor.errorText();
}

QString ValueFieldEditor::problem() const
{
    const ValueFields list = fields();
    for (int i = 0; i < list.size(); ++i) {
        QString problem = validateValueField(list.at(i));
        for (int j = 0; problem.isEmpty() && j < i; ++j) {
            if (list.at(j).name == list.at(i).name)
                problem = tr("another field has this name");
        }
        if (!problem.isEmpty())
            return tr("field %1 (%2): %3").arg(i + 1).arg(list.at(i).name, problem);
    }
    return QString();
}

void ValueFieldEditor::accept()
{
    const QString error = problem();
    if (!error.isEmpty()) {
        m_tableEditor.showError(error);
        return;
    }
    QDialog::accept();
}

TableEditor::FileErrors ValueFieldEditor::fileErrors() const
{
    return {tr("cannot write '%1': %2"), tr("cannot read '%1': %2"), tr("'%1': %2")};
}

bool ValueFieldEditor::exportTo(const QString &path, QString *error) const
{
    return TableEditor::writeFile(path, valueFieldsToJsonText(fields()), fileErrors(), error);
}

bool ValueFieldEditor::importFrom(const QString &path, QString *error)
{
    ValueFields imported;
    const auto read = [&imported](const QByteArray &json, QString *why) {
        return valueFieldsFromJsonText(json, &imported, why);
    };
    if (!TableEditor::readFile(path, read, fileErrors(), error))
        return false;
    for (const ValueField &field : imported)
        addField(field);
    return true;
}

void ValueFieldEditor::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ValueFieldEditor::retranslateUi()
{
    setWindowTitle(tr("Value fields"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Found by"), tr("Regular expression"), tr("Group"),
        tr("Offset"), tr("Type"), tr("Byte order")});
    m_table->setToolTip(tr("Each received message adds a point to the plot for every field it matches.\n"
                           "Text: a regular expression searched in the message decoded as UTF-8 (else "
                           "Latin-1); the group (a number or a group's name) holds a decimal or 0x hex "
                           "number, e.g. temp=([-\\d.]+).\n"
                           "Binary: a number of the type at the byte offset, in the byte order given. Only "
                           "the first bytes of a message, those the log keeps, are read."));
    m_tableEditor.addButton()->setText(tr("Add"));
    m_tableEditor.removeButton()->setText(tr("Remove"));
    m_tableEditor.importButton()->setText(tr("Import…"));
    m_tableEditor.exportButton()->setText(tr("Export…"));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (auto *kind = cell<QComboBox>(m_table, row, KindColumn)) {
            kind->setItemText(0, tr("Text (regular expression)"));
            kind->setItemText(1, tr("Binary"));
        }
        if (auto *order = cell<QComboBox>(m_table, row, OrderColumn)) {
            order->setItemText(0, tr("Big-endian"));
            order->setItemText(1, tr("Little-endian"));
        }
    }
}

} // namespace sockpit::ui
