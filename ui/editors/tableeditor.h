#pragma once

#include <QString>

#include <functional>

class QByteArray;
class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;
class QWidget;

namespace sockpit::ui {

// What the window's table editors (the auto-reply rules, the quick-send presets) have in common: a
// table whose rows are edited in place, a line for the last error under it, and Add, Remove, Import…
// and Export… buttons; removing the selected rows, writing and reading a file with its errors named,
// and the file dialogs. The widgets are children of the owner, made in that order (and so in that
// focus order). Their texts, the table's columns and what a file holds are the owner's.
class TableEditor
{
public:
    // Messages about a file, translated by the owner.
    struct FileErrors
    {
        QString cannotWrite; // %1 the path, %2 the system's reason
        QString cannotRead; // %1 the path, %2 the system's reason
        QString badContent; // %1 the path, %2 the message of the content's reader
    };
    // Takes a file's content; false with `error` set when it is not valid.
    using ContentReader = std::function<bool(const QByteArray &content, QString *error)>;
    // Does something with the file at `path`; false with `error` set when that fails.
    using FileAction = std::function<bool(const QString &path, QString *error)>;

    // The widgets are named namePrefix + "Table", "Add", "Remove", "Import", "Export" and "Error".
    TableEditor(QWidget *owner, const QString &namePrefix, int columnCount);
    TableEditor(const TableEditor &) = delete;
    TableEditor &operator=(const TableEditor &) = delete;

    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_addButton; }
    QPushButton *removeButton() const { return m_removeButton; }
    QPushButton *importButton() const { return m_importButton; }
    QPushButton *exportButton() const { return m_exportButton; }

    // Adds the table (which takes the spare height), the error line and the row of buttons.
    void addTo(QVBoxLayout *layout) const;

    // An error stays shown until hideError() or an edit in the table.
    void showError(const QString &text);
    void hideError();
    QString errorText() const; // the error shown, "" if none

    // Removes the selected rows, the last first, and calls rowRemoved(row) after each.
    void removeSelectedRows(const std::function<void(int row)> &rowRemoved = {});

    // Writes `content` to `path`, replacing the file.
    static bool writeFile(
        const QString &path, const QByteArray &content, const FileErrors &errors, QString *error);
    // Hands the content of `path` to `read`; its error is given with the path.
    static bool readFile(
        const QString &path, const ContentReader &read, const FileErrors &errors, QString *error);

    // Asks for an existing file (or a file to save to) and runs `action` on it, showing its error.
    // Nothing is done when the dialog is cancelled.
    void chooseFileToOpen(const QString &title, const QString &filter, const FileAction &action);
    void chooseFileToSave(const QString &title, const QString &filter, const FileAction &action);

private:
    void run(const QString &path, const FileAction &action);

    QWidget *m_owner;
    QTableWidget *m_table;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QPushButton *m_importButton;
    QPushButton *m_exportButton;
    QLabel *m_errorLabel;
};

} // namespace sockpit::ui
