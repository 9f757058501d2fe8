#pragma once

#include "event.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>

class QIODevice;

namespace sockpit {

// A line of a recording that could not be read: its number (from 1) and why.
struct RecordProblem
{
    qint64 line = 0;
    QString message;
};

// Reads one JSON Lines record (see README "Record format") back into an event. Needs "t", "conn" and
// "dir"; in/out events need "hex" as well. Unknown fields are ignored, so records with fields added
// later (such as "upstream") still read. On failure returns false and says why in *error.
bool parseJsonLine(QByteArrayView line, Event *event, QString *session, QString *error);

// "2026-11-24T15:20:01.123456Z" (fewer or no fractional digits allowed) to microseconds since the epoch.
bool parseRecordTime(QByteArrayView text, qint64 *timeUs);

// Reads a recording given in pieces of any size, so a large file can be read a chunk at a time (on a
// worker thread, or between events of the GUI thread). Lines that cannot be read become problems with
// their line number; the lines after them still read. A last line without '\n' is read when it is whole
// JSON; a last line cut off while being written is reported as cut off, not as an error of the file.
class RecordReader
{
    Q_DECLARE_TR_FUNCTIONS(RecordReader)

public:
    void feed(QByteArrayView bytes);
    void finish(); // the end of the input: reads what is left of a last line without '\n'

    // What was read since the last take.
    EventBatch takeEvents();
    QVector<RecordProblem> takeProblems();
    // The session of each event taken, as an index into sessionNames().
    QVector<int> takeSessions();
    // Where the line of each event taken starts: its byte offset in all the input fed, so a reader of a
    // large file can keep this and read an event's payload again on demand (readEventAt()).
    QVector<qint64> takeOffsets();
    const QStringList &sessionNames() const { return m_sessionNames; }
    qint64 linesRead() const { return m_line; }

private:
    void readLine(QByteArrayView line, qint64 offset, bool last);

    QByteArray m_partial;
    qint64 m_fed = 0; // bytes fed before the current feed()
    qint64 m_lineStart = 0; // the offset of the line m_partial holds the start of
    qint64 m_line = 0;
    EventBatch m_events;
    QVector<int> m_sessions;
    QVector<qint64> m_offsets;
    QVector<RecordProblem> m_problems;
    QStringList m_sessionNames;
};

// Reads the event whose line starts at `offset` of an open recording (RecordReader::takeOffsets()) again.
// False with *error set when the line is gone or no longer an event (the file changed since).
bool readEventAt(QIODevice *file, qint64 offset, Event *event, QString *error);

// A whole recording read at once: for the command line and tests (the window reads in chunks).
struct Recording
{
    EventBatch events;
    QVector<int> sessions; // per event, an index into sessionNames
    QStringList sessionNames;
    QVector<RecordProblem> problems;
};

// False with *error set when the file cannot be opened or read; problems of single lines go into
// recording->problems and do not fail the read.
bool readRecordingFile(const QString &path, Recording *recording, QString *error);

} // namespace sockpit
