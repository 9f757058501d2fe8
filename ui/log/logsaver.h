#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

#include <functional>

class QWidget;

namespace sockpit {
struct Event;
}

namespace sockpit::ui {

class LogModel;

enum class LogSaveFormat {
    Text, // the recording's plain-text lines: every payload byte in hex, then escaped text
    Csv, // RFC 4180, UTF-8, a header row; for spreadsheets
    JsonLines, // the recording's JSON Lines, for scripts
};

// Writes rows of a log (given as source rows, in order) to a file, replacing it only once everything
// is written. On failure returns false and, when error is set, a message a user can act on.
bool saveLogRows(const LogModel &model, const QVector<int> &rows, const QString &path, LogSaveFormat format,
    QString *error);

// Asks for a file name and format, calls save, and shows a failure in a message box.
void saveLogWithDialog(QWidget *parent,
    const std::function<bool(const QString &path, LogSaveFormat format, QString *error)> &save);

// One CSV record ("\r\n"-terminated) of an event; the payload's text in `encoding`.
QByteArray csvLine(const Event &event, const QString &encoding);
QByteArray csvHeader();

// Rows as the view shows them, columns separated by tabs, one line per row: for the clipboard. The
// check column only `withCheck` (while the session checks checksums).
QString logRowsAsText(const LogModel &model, const QVector<int> &rows, bool withCheck);

} // namespace sockpit::ui
