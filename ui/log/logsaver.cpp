#include "logsaver.h"

#include "dialogrunner.h"
#include "filechooser.h"
#include "logmodel.h"
#include "payloadrenderer.h"
#include "recordformat.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace sockpit::ui {

namespace {

// The translation context of the messages here.
class LogSaver
{
    Q_DECLARE_TR_FUNCTIONS(sockpit::ui::LogSaver)
};

constexpr qsizetype FlushBytes = 1024 * 1024;

// A CSV field, quoted when it must be. A field a spreadsheet would run as a formula (peer bytes are
// untrusted) gets a leading apostrophe; the hex column keeps the exact bytes.
void appendCsvField(QByteArray &out, const QString &value)
{
    QString text = value;
    if (!text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front()))
        text.prepend(u'\'');
    const bool quote = text.contains(u',') || text.contains(u'"') || text.contains(u'\n')
        || text.contains(u'\r') || text.startsWith(u' ') || text.endsWith(u' ');
    if (!quote) {
        out += text.toUtf8();
        return;
    }
    out += '"';
    out += text.replace(u'"', QStringLiteral("\"\"")).toUtf8();
    out += '"';
}

QString noTabs(QString text)
{
    // A copied row is one line of tab-separated cells whatever an info message holds.
    return text.replace(u'\t', u' ').replace(u'\n', u' ').replace(u'\r', u' ');
}

} // namespace

QByteArray csvHeader()
{
    return QByteArrayLiteral("time,conn,dir,event,peer,local,len,hex,text\r\n");
}

QByteArray csvLine(const Event &event, const QString &encoding)
{
    const bool data = event.dir == Direction::In || event.dir == Direction::Out;
    QByteArray out = formatRecordTime(event.timeUs, true);
    out += ',';
    out += QByteArray::number(event.conn);
    out += ',';
    out += directionName(event.dir);
    out += ',';
    if (event.kind != EventKind::None)
        out += eventKindName(event.kind);
    out += ',';
    appendCsvField(out, event.peer);
    out += ',';
    appendCsvField(out, event.local);
    out += ',';
    if (data || event.len > 0)
        out += QByteArray::number(event.len);
    out += ',';
    out += event.payload.toHex();
    out += ',';
    appendCsvField(out, data ? renderPayload(event.payload, RenderMode::Text, encoding) : event.text);
    out += "\r\n";
    return out;
}

bool saveLogRows(const LogModel &model, const QVector<int> &rows, const QString &path, LogSaveFormat format,
    QString *error)
{
    QSaveFile file(path);
    const auto fail = [&](const QString &why) {
        if (error)
            *error = LogSaver::tr("Could not save %1: %2").arg(path, why);
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    QByteArray out;
    if (format == LogSaveFormat::Csv)
        out = csvHeader();
    for (const int row : rows) {
        const Event &event = model.eventAt(row);
        switch (format) {
        case LogSaveFormat::Text:
            appendTextLine(out, event, model.sessionName());
            break;
        case LogSaveFormat::Csv:
            out += csvLine(event, model.encoding());
            break;
        case LogSaveFormat::JsonLines:
            appendJsonLine(out, event, model.sessionName());
            // The log keeps only the start of a long payload: say so, unlike a recording's lines.
            if (event.payload.size() < event.len && out.endsWith("}\n")) {
                out.chop(2);
                out += ",\"truncated\":true}\n";
            }
            break;
        }
        if (out.size() >= FlushBytes) {
            if (file.write(out) != out.size())
                return fail(file.errorString());
            out.truncate(0); // keeps the buffer for the next rows
        }
    }
    if (file.write(out) != out.size() || !file.commit())
        return fail(file.errorString());
    return true;
}

void saveLogWithDialog(QWidget *parent,
    const std::function<bool(const QString &path, LogSaveFormat format, QString *error)> &save)
{
    const QString textFilter = LogSaver::tr("Text (*.txt *.log)");
    const QString csvFilter = LogSaver::tr("CSV (*.csv)");
    const QString jsonFilter = LogSaver::tr("JSON Lines (*.jsonl)");
    QString chosen;
    const QString path = FileChooser::saveFileName(parent, LogSaver::tr("Save log"), QString(),
        QStringList {textFilter, csvFilter, jsonFilter}.join(QStringLiteral(";;")), &chosen);
    if (path.isEmpty())
        return;
    // The name's extension decides; the chosen filter only when the name has none of ours.
    LogSaveFormat format = chosen == csvFilter ? LogSaveFormat::Csv
        : chosen == jsonFilter                 ? LogSaveFormat::JsonLines
                                               : LogSaveFormat::Text;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv"))
        format = LogSaveFormat::Csv;
    else if (suffix == QLatin1String("jsonl"))
        format = LogSaveFormat::JsonLines;
    else if (suffix == QLatin1String("txt") || suffix == QLatin1String("log"))
        format = LogSaveFormat::Text;
    QString error;
    if (save(path, format, &error))
        return;
    DialogRunner::warn(parent, LogSaver::tr("Save log"), error);
}

QString logRowsAsText(const LogModel &model, const QVector<int> &rows, bool withCheck)
{
    QString text;
    for (const int row : rows) {
        for (int column = 0; column < LogModel::ColumnCount; ++column) {
            if (column == LogModel::CheckColumn && !withCheck)
                continue;
            if (column > 0)
                text += u'\t';
            // The payload whole, not the part of it a cell shows.
            text += noTabs(column == LogModel::PayloadColumn
                    ? model.payloadText(row)
                    : model.data(model.index(row, column)).toString());
        }
        text += u'\n';
    }
    return text;
}

} // namespace sockpit::ui
