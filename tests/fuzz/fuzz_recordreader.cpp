// RecordReader and writePcap on any bytes: feeding the input whole or in pieces reads the same events
// and problems; every event read formats back to a JSON line that reads as the same event; the pcap
// export of whatever was read succeeds and consists of whole records.

#include "fuzzinput.h"
#include "pcapexport.h"
#include "recordformat.h"
#include "recordreader.h"

#include <QBuffer>
#include <QtEndian>

using namespace sockpit;
using sockpit::fuzz::check;

namespace {

bool sameEvent(const Event &a, const Event &b)
{
    return a.timeUs == b.timeUs && a.conn == b.conn && a.dir == b.dir && a.kind == b.kind && a.peer == b.peer
        && a.local == b.local && a.upstream == b.upstream && a.payload == b.payload;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int piece = 1 + data[0] % 17;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    RecordReader whole;
    whole.feed(input);
    whole.finish();
    const EventBatch events = whole.takeEvents();
    const QVector<RecordProblem> problems = whole.takeProblems();
    const QVector<int> sessions = whole.takeSessions();
    check(sessions.size() == events.size(), "a session index per event");

    RecordReader pieces;
    EventBatch pieceEvents;
    for (qsizetype at = 0; at < input.size(); at += piece) {
        pieces.feed(QByteArrayView(input).sliced(at, qMin<qsizetype>(piece, input.size() - at)));
        pieceEvents += pieces.takeEvents();
    }
    pieces.finish();
    pieceEvents += pieces.takeEvents();
    const QVector<RecordProblem> pieceProblems = pieces.takeProblems();
    check(pieceEvents.size() == events.size(), "pieces read another number of events");
    for (qsizetype i = 0; i < events.size(); ++i)
        check(sameEvent(events[i], pieceEvents[i]), "pieces read another event");
    check(pieceProblems.size() == problems.size(), "pieces found other problems");
    for (qsizetype i = 0; i < problems.size(); ++i)
        check(problems[i].line == pieceProblems[i].line && problems[i].line >= 1, "problem line numbers");

    for (const Event &event : events) {
        Event again;
        QString session;
        QString error;
        const QByteArray line = formatJsonLine(event, QStringLiteral("s"));
        check(parseJsonLine(QByteArrayView(line).chopped(1), &again, &session, &error),
            "a formatted event reads");
        check(sameEvent(event, again), "a formatted event reads as itself");
    }

    Recording recording;
    recording.events = events;
    recording.sessions = sessions;
    recording.sessionNames = whole.sessionNames();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QString error;
    check(writePcap(recording, &buffer, nullptr, &error), "writePcap fails on a buffer");
    const QByteArray pcap = buffer.data();
    qsizetype at = 24;
    while (at < pcap.size()) {
        check(at + 16 <= pcap.size(), "a cut record header");
        const quint32 length = qFromLittleEndian<quint32>(pcap.constData() + at + 8);
        check(length >= 20 && length <= 65535, "a packet length out of range");
        at += 16 + qsizetype(length);
    }
    check(at == pcap.size(), "a cut packet");
    return 0;
}
