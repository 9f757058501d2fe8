#include "recordreader.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

namespace sockpit {

namespace {

class Reader
{
    Q_DECLARE_TR_FUNCTIONS(RecordReader)
};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

bool digits(QByteArrayView text, qsizetype at, int count, int *value)
{
    if (at + count > text.size())
        return false;
    int result = 0;
    for (int i = 0; i < count; ++i) {
        const char c = text[at + i];
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    *value = result;
    return true;
}

bool directionFromName(const QString &name, Direction *dir)
{
    for (Direction d : {Direction::In, Direction::Out, Direction::Info, Direction::Error}) {
        if (name == QLatin1String(directionName(d))) {
            *dir = d;
            return true;
        }
    }
    return false;
}

EventKind kindFromName(const QString &name)
{
    for (int k = int(EventKind::Bind); k <= int(LastEventKind); ++k) {
        if (name == QLatin1String(eventKindName(EventKind(k))))
            return EventKind(k);
    }
    // A step a later version names: still an event, of a kind this version does not know.
    return EventKind::Error;
}

bool isHex(const QString &text)
{
    if (text.size() % 2 != 0)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')))
            return false;
    }
    return true;
}

} // namespace

bool parseRecordTime(QByteArrayView text, qint64 *timeUs)
{
    // YYYY-MM-DDTHH:MM:SS[.ffffff]Z
    int year, month, day, hour, minute, second;
    if (text.size() < 20 || !digits(text, 0, 4, &year) || text[4] != '-' || !digits(text, 5, 2, &month)
        || text[7] != '-' || !digits(text, 8, 2, &day) || (text[10] != 'T' && text[10] != ' ')
        || !digits(text, 11, 2, &hour) || text[13] != ':' || !digits(text, 14, 2, &minute) || text[16] != ':'
        || !digits(text, 17, 2, &second))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return false;
    qsizetype at = 19;
    qint64 micro = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        int count = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            if (count < 6) {
                micro = micro * 10 + (text[at] - '0');
                ++count;
            }
            ++at;
        }
        if (count == 0)
            return false;
        for (; count < 6; ++count)
            micro *= 10;
    }
    if (at + 1 != text.size() || text[at] != 'Z')
        return false;
    const qint64 seconds
        = daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 + hour * 3600 + minute * 60 + second;
    *timeUs = seconds * 1000000 + micro;
    return true;
}

bool parseJsonLine(QByteArrayView line, Event *event, QString *session, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document
        = QJsonDocument::fromJson(QByteArray::fromRawData(line.data(), line.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = Reader::tr("not JSON: %1 at column %2")
                     .arg(parseError.errorString())
                     .arg(parseError.offset + 1);
        return false;
    }
    if (!document.isObject()) {
        *error = Reader::tr("not a JSON object");
        return false;
    }
    const QJsonObject object = document.object();
    const auto missing = [error](const char *field) {
        *error = Reader::tr("missing or invalid field \"%1\"").arg(QLatin1String(field));
        return false;
    };
    Event e;
    const QJsonValue t = object.value(QLatin1String("t"));
    if (!t.isString() || !parseRecordTime(t.toString().toLatin1(), &e.timeUs))
        return missing("t");
    // Whole numbers a double holds exactly (JSON numbers are doubles); larger ones are not ours.
    constexpr double MaxExact = 9007199254740992.0; // 2^53
    const QJsonValue conn = object.value(QLatin1String("conn"));
    const double connNumber = conn.toDouble(-1);
    if (!conn.isDouble() || !(connNumber >= 0 && connNumber <= MaxExact)
        || connNumber != double(qint64(connNumber)))
        return missing("conn");
    e.conn = ConnId(connNumber);
    const QJsonValue dir = object.value(QLatin1String("dir"));
    if (!dir.isString() || !directionFromName(dir.toString(), &e.dir))
        return missing("dir");
    e.peer = object.value(QLatin1String("peer")).toString();
    e.local = object.value(QLatin1String("local")).toString();
    e.upstream = object.value(QLatin1String("upstream")).toString();
    e.name = object.value(QLatin1String("name")).toString();
    const QJsonValue len = object.value(QLatin1String("len"));
    if (len.isDouble() && len.toDouble() >= 0 && len.toDouble() <= MaxExact)
        e.len = qint64(len.toDouble());
    if (e.dir == Direction::In || e.dir == Direction::Out) {
        const QJsonValue hex = object.value(QLatin1String("hex"));
        if (!hex.isString() || !isHex(hex.toString()))
            return missing("hex");
        e.payload = QByteArray::fromHex(hex.toString().toLatin1());
        e.len = e.payload.size();
    } else {
        const QJsonValue kind = object.value(QLatin1String("event"));
        if (kind.isString())
            e.kind = kindFromName(kind.toString());
        e.text = object.value(QLatin1String("text")).toString();
    }
    *session = object.value(QLatin1String("session")).toString();
    *event = std::move(e);
    return true;
}

void RecordReader::feed(QByteArrayView bytes)
{
    qsizetype start = 0;
    while (start < bytes.size()) {
        const qsizetype end = bytes.indexOf('\n', start);
        if (end < 0) {
            if (m_partial.isEmpty())
                m_lineStart = m_fed + start;
            m_partial.append(bytes.data() + start, bytes.size() - start);
            break;
        }
        if (m_partial.isEmpty()) {
            readLine(bytes.sliced(start, end - start), m_fed + start, false);
        } else {
            m_partial.append(bytes.data() + start, end - start);
            readLine(m_partial, m_lineStart, false);
            m_partial.clear();
        }
        start = end + 1;
    }
    m_fed += bytes.size();
}

void RecordReader::finish()
{
    if (!m_partial.isEmpty()) {
        readLine(m_partial, m_lineStart, true);
        m_partial.clear();
    }
}

void RecordReader::readLine(QByteArrayView line, qint64 offset, bool last)
{
    ++m_line;
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty())
        return;
    Event event;
    QString session;
    QString error;
    if (!parseJsonLine(line, &event, &session, &error)) {
        if (last)
            error = tr("the last line is cut off (%1)").arg(error);
        m_problems.append({m_line, error});
        return;
    }
    qsizetype index = m_sessionNames.isEmpty() || m_sessionNames.last() != session
        ? m_sessionNames.indexOf(session)
        : m_sessionNames.size() - 1;
    if (index < 0) {
        index = m_sessionNames.size();
        m_sessionNames.append(session);
    }
    m_events.append(std::move(event));
    m_sessions.append(int(index));
    m_offsets.append(offset);
}

EventBatch RecordReader::takeEvents()
{
    return std::exchange(m_events, {});
}

QVector<RecordProblem> RecordReader::takeProblems()
{
    return std::exchange(m_problems, {});
}

QVector<int> RecordReader::takeSessions()
{
    return std::exchange(m_sessions, {});
}

QVector<qint64> RecordReader::takeOffsets()
{
    return std::exchange(m_offsets, {});
}

bool readEventAt(QIODevice *file, qint64 offset, Event *event, QString *error)
{
    if (!file->seek(offset)) {
        *error = Reader::tr("cannot seek to byte %1: %2").arg(offset).arg(file->errorString());
        return false;
    }
    QByteArray line = file->readLine();
    if (line.isEmpty()) {
        *error = Reader::tr("no line at byte %1 (the file is shorter than when it was read)").arg(offset);
        return false;
    }
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    QString session;
    QString why;
    if (!parseJsonLine(line, event, &session, &why)) {
        *error = Reader::tr("the line at byte %1 is no longer an event: %2").arg(offset).arg(why);
        return false;
    }
    return true;
}

bool readRecordingFile(const QString &path, Recording *recording, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = Reader::tr("cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    RecordReader reader;
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(chunk.data(), chunk.size());
        if (n < 0) {
            *error = Reader::tr("cannot read %1: %2").arg(path, file.errorString());
            return false;
        }
        if (n == 0)
            break;
        reader.feed(QByteArrayView(chunk.constData(), n));
    }
    reader.finish();
    recording->events = reader.takeEvents();
    recording->sessions = reader.takeSessions();
    recording->sessionNames = reader.sessionNames();
    recording->problems = reader.takeProblems();
    return true;
}

} // namespace sockpit
