#pragma once

#include "checksum.h"
#include "event.h"

#include <QByteArray>
#include <QString>

namespace sockpit {

struct ChecksumVerdict
{
    CheckResult result = CheckResult::None;
    bool tooShort = false; // Bad because the message cannot hold the skipped bytes and a check value
    quint32 computed = 0; // the value of the covered bytes
    quint32 received = 0; // the value the message carries
};

// Where the parts of one message lie, in bytes from its start; empty ranges when it is too short.
struct ChecksumLayout
{
    qsizetype coveredStart = 0;
    qsizetype coveredEnd = 0; // = valueStart
    qsizetype valueEnd = 0;
    bool fits = false;
};

// `trailer`: bytes at the message's end that are never covered (the framing's delimiter).
ChecksumLayout checksumLayout(const ChecksumCheck &check, qsizetype size, qsizetype trailer = 0);
ChecksumVerdict verifyChecksum(const ChecksumCheck &check, const QByteArray &message, qsizetype trailer = 0);

// "expected 0x4B37, received 0x374B", "too short for a CRC-16/MODBUS value": what an error event says
// about a bad message (translated).
QString checksumVerdictText(const ChecksumCheck &check, const ChecksumVerdict &verdict);

// The command line's --check-skip value, "FIRST" or "FIRST,LAST" (non-negative byte counts). On error,
// a translated message for exit status 2.
bool parseChecksumSkip(const QString &text, ChecksumCheck *check, QString *error);
// "crc16-modbus:le", "crc16-modbus:le skip 1,1": for logs and status lines.
QString checksumCheckText(const ChecksumCheck &check);

} // namespace sockpit
