#include "tableeditor.h"

#include "filechooser.h"

#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace sockpit::ui {

TableEditor::TableEditor(QWidget *owner, const QString &namePrefix, int columnCount)
    : m_owner(owner)
    , m_table(new QTableWidget(0, columnCount, owner))
    , m_addButton(new QPushButton(owner))
    , m_removeButton(new QPushButton(owner))
    , m_importButton(new QPushButton(owner))
    , m_exportButton(new QPushButton(owner))
    , m_errorLabel(new QLabel(owner))
{
    m_table->setObjectName(namePrefix + QStringLiteral("Table"));
    m_addButton->setObjectName(namePrefix + QStringLiteral("Add"));
    m_removeButton->setObjectName(namePrefix + QStringLiteral("Remove"));
    m_importButton->setObjectName(namePrefix + QStringLiteral("Import"));
    m_exportButton->setObjectName(namePrefix + QStringLiteral("Export"));
    m_errorLabel->setObjectName(namePrefix + QStringLiteral("Error"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    QObject::connect(m_table, &QTableWidget::itemChanged, m_errorLabel, &QWidget::hide);
}

void TableEditor::addTo(QVBoxLayout *layout) const
{
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    buttons->addWidget(m_importButton);
    buttons->addWidget(m_exportButton);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_errorLabel);
    layout->addLayout(buttons);
}

void TableEditor::showError(const QString &text)
{
    m_errorLabel->setText(text);
    m_errorLabel->show();
}

void TableEditor::hideError()
{
    m_errorLabel->hide();
}

QString TableEditor::errorText() const
{
    return m_errorLabel->isVisibleTo(m_owner) ? m_errorLabel->text() : QString();
}

void TableEditor::removeSelectedRows(const std::function<void(int row)> &rowRemoved)
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    for (int row : rows) {
        m_table->removeRow(row);
        if (rowRemoved)
            rowRemoved(row);
    }
}

bool TableEditor::writeFile(
    const QString &path, const QByteArray &content, const FileErrors &errors, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) < 0 || !file.flush()) {
        *error = errors.cannotWrite.arg(path, file.errorString());
        return false;
    }
    return true;
}

bool TableEditor::readFile(
    const QString &path, const ContentReader &read, const FileErrors &errors, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = errors.cannotRead.arg(path, file.errorString());
        return false;
    }
    if (!read(file.readAll(), error)) {
        *error = errors.badContent.arg(path, *error);
        return false;
    }
    return true;
}

void TableEditor::chooseFileToOpen(const QString &title, const QString &filter, const FileAction &action)
{
    run(FileChooser::openFileName(m_owner, title, QString(), filter), action);
}

void TableEditor::chooseFileToSave(const QString &title, const QString &filter, const FileAction &action)
{
    run(FileChooser::saveFileName(m_owner, title, QString(), filter), action);
}

void TableEditor::run(const QString &path, const FileAction &action)
{
    QString error;
    if (!path.isEmpty() && !action(path, &error))
        showError(error);
}

} // namespace sockpit::ui
