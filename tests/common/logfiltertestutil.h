#pragma once

// The log filter's tests (tests/ui/log/tst_logfilterproxy*.cpp): logs of rows of every kind, the rule
// the proxy implements computed from what the log shows, and a check that the proxy agrees with it.

#include "logfilterproxy.h"
#include "logmodel.h"

#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <QTest>
#include <QVector>

#include <algorithm>

namespace sockpit::test {

using ui::LogFilterProxy;
using ui::LogModel;

inline qint64 g_time = 1700000000000000;

inline Event dataEvent(ConnId conn, Direction dir, const QString &peer, const QByteArray &payload)
{
    Event event;
    event.timeUs = ++g_time;
    event.conn = conn;
    event.dir = dir;
    event.peer = peer;
    event.len = payload.size();
    event.payload = payload;
    return event;
}

inline Event infoEvent(Direction dir, const QString &peer, const QString &text)
{
    Event event;
    event.timeUs = ++g_time;
    event.conn = 1;
    event.dir = dir;
    event.kind = dir == Direction::Error ? EventKind::Error : EventKind::Accept;
    event.peer = peer;
    event.text = text;
    return event;
}

// Rows of every kind the filter meets: text and binary payloads, info and error messages, several peers.
// Binary rows come from connections of their own, so no character is split between two of their reads
// (splitCharacter* below test those). Row n of the log is event n whatever `first` is, so logs built
// in several batches hold the same rows.
inline EventBatch mixedEvents(int first, int count)
{
    static const QString peers[] = {QStringLiteral("127.0.0.1:5000"), QStringLiteral("[::1]:9000"),
        QStringLiteral("Example.COM:443"), QStringLiteral("10.0.0.78:53")};
    EventBatch events;
    events.reserve(count);
    for (int n = first; n < first + count; ++n) {
        QRandomGenerator random(quint32(n) * 7919u + 1u);
        const QString &peer = peers[(n / 3) % 4];
        const auto conn = ConnId(n % 5 + 1);
        switch (n % 11) {
        case 0: {
            // A session that checks checksums: most are right.
            Event event = dataEvent(conn, Direction::In, peer, "hello world " + QByteArray::number(n));
            event.check = n % 3 == 0 ? CheckResult::Bad : CheckResult::Ok;
            events.append(event);
            break;
        }
        case 1:
            events.append(
                dataEvent(conn, Direction::Out, peer, QByteArrayLiteral("GET /Index.HTML HTTP/1.1")));
            break;
        case 2: {
            QByteArray bytes(int(random.bounded(4, 40)), Qt::Uninitialized);
            for (char &b : bytes)
                b = char(random.bounded(256));
            bytes[0] = char(0x80 + n % 0x80); // at least one byte >= 0x80
            bytes[1] = char(n % 0x20); // and a control byte
            events.append(
                dataEvent(ConnId(1000000 + n), n % 2 ? Direction::Out : Direction::In, peer, bytes));
            break;
        }
        case 3:
            events.append(dataEvent(conn, Direction::Out, peer,
                QStringLiteral("Gr\u00fc\u00dfe aus K\u00f6ln \u00c4 \u4f60\u597d %1").arg(n).toUtf8()));
            break;
        case 4:
            events.append(
                infoEvent(Direction::Info, peer, QStringLiteral("Accepted \u00e4 HELLO %1").arg(n)));
            break;
        case 5: {
            Event event = infoEvent(Direction::Error, peer, QStringLiteral("Reset: Fehler \\ 78"));
            if (n % 2 == 0)
                event.kind = EventKind::Checksum;
            events.append(event);
            break;
        }
        case 6:
            events.append(dataEvent(conn, Direction::In, peer, QByteArrayLiteral("C:\\temp\\x41 \\n lol")));
            break;
        case 7:
            events.append(
                dataEvent(conn, Direction::Out, peer, QByteArrayLiteral("\x37\x38\x39 lol\x01\x7f")));
            break;
        case 8: {
            // A display copy: fewer bytes than the message.
            Event event = dataEvent(conn, Direction::In, peer, QByteArrayLiteral("HeLLo"));
            event.len = 500;
            events.append(event);
            break;
        }
        case 9:
            events.append(dataEvent(conn, Direction::In, peer, QByteArray())); // an empty datagram
            break;
        default:
            events.append(dataEvent(conn, Direction::In, peer, QByteArrayLiteral("\xe4\xbd\xa0 6c6c \\x")));
            break;
        }
    }
    return events;
}

// The rule the proxy implements, computed from what the log shows.
inline bool passes(const LogModel &log, int row, LogFilterProxy::DirectionFilter direction,
    const QString &peer, const QString &text)
{
    const auto dir = Direction(log.index(row, 0).data(LogModel::DirectionRole).toInt());
    switch (direction) {
    case LogFilterProxy::AllDirections:
        break;
    case LogFilterProxy::InOnly:
        if (dir != Direction::In)
            return false;
        break;
    case LogFilterProxy::OutOnly:
        if (dir != Direction::Out)
            return false;
        break;
    case LogFilterProxy::EventsOnly:
        if (dir != Direction::Info && dir != Direction::Error)
            return false;
        break;
    case LogFilterProxy::BadChecksums:
        // A bad message says so in its check column; the error row after it is of kind "checksum".
        if (log.index(row, LogModel::CheckColumn).data().toString() != LogModel::checkText(CheckResult::Bad)
            && !log.index(row, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral(" \u00b7 checksum \u00b7")))
            return false;
        break;
    case LogFilterProxy::DirectionFilterCount:
        break;
    }
    const QString rowPeer = log.index(row, LogModel::PeerColumn).data().toString();
    if (!peer.isEmpty() && !rowPeer.contains(peer, Qt::CaseInsensitive))
        return false;
    return text.isEmpty() || rowPeer.contains(text, Qt::CaseInsensitive)
        || log.payloadText(row).contains(text, Qt::CaseInsensitive);
}

inline QVector<int> expectedRows(const LogModel &log, const LogFilterProxy &proxy)
{
    QVector<int> rows;
    for (int row = 0; row < log.rowCount(); ++row) {
        if (passes(log, row, proxy.direction(), proxy.peer(), proxy.text()))
            rows.append(row);
    }
    return rows;
}

inline QString describe(const QVector<int> &rows)
{
    QStringList parts;
    for (qsizetype i = 0; i < rows.size() && i < 20; ++i)
        parts << QString::number(rows.at(i));
    if (rows.size() > 20)
        parts << QStringLiteral("... (%1 rows)").arg(rows.size());
    return parts.join(u',');
}

// Where the proxy's rows differ from the rule's; empty when they agree. `deep` also compares each
// proxy row's cells with its source row's.
inline QString disagreement(const LogModel &log, const LogFilterProxy &proxy, bool deep = true)
{
    const QVector<int> expected = expectedRows(log, proxy);
    const QVector<int> actual = proxy.sourceRows();
    const QString filter = QStringLiteral("filter (dir %1, peer \"%2\", text \"%3\", mode %4)")
                               .arg(int(proxy.direction()))
                               .arg(proxy.peer(), proxy.text())
                               .arg(int(log.renderMode()));
    if (actual != expected) {
        for (qsizetype i = 0; i < std::max(actual.size(), expected.size()); ++i) {
            const int a = i < actual.size() ? actual.at(i) : -1;
            const int e = i < expected.size() ? expected.at(i) : -1;
            if (a != e) {
                const int row = a >= 0 && (e < 0 || a < e) ? a : e;
                return QStringLiteral(
                    "%1: rows differ at %2: proxy has source row %3, rule %4 (row %5 \"%6\", peer "
                    "\"%7\")\nproxy: %8\nrule:  %9")
                    .arg(filter)
                    .arg(i)
                    .arg(a)
                    .arg(e)
                    .arg(row)
                    .arg(log.payloadText(row), log.index(row, LogModel::PeerColumn).data().toString(),
                        describe(actual), describe(expected));
            }
        }
    }
    if (proxy.rowCount() != expected.size())
        return QStringLiteral("%1: rowCount %2, expected %3")
            .arg(filter)
            .arg(proxy.rowCount())
            .arg(expected.size());
    if (!deep)
        return {};
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, LogModel::PayloadColumn);
        const QModelIndex source = log.index(expected.at(row), LogModel::PayloadColumn);
        if (proxy.mapToSource(index) != source
            || index.data(LogModel::EventRole) != source.data(LogModel::EventRole)
            || index.data() != source.data())
            return QStringLiteral("%1: proxy row %2 does not show source row %3")
                .arg(filter)
                .arg(row)
                .arg(expected.at(row));
    }
    return {};
}

} // namespace sockpit::test

#define VERIFY_EMPTY(problem)                                                                                \
    do {                                                                                                     \
        const QString problem_ = (problem);                                                                  \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                  \
    } while (false)
// The proxy's rows and cells agree with the rule; the _ROWS form compares the rows only (large logs).
#define VERIFY_AGREES(log, proxy) VERIFY_EMPTY(disagreement(log, proxy, true))
#define VERIFY_AGREES_ROWS(log, proxy) VERIFY_EMPTY(disagreement(log, proxy, false))
