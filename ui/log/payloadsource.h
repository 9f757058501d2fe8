#pragma once

#include <QByteArray>

namespace sockpit::ui {

// Where a log whose rows keep only the first bytes of each payload reads the rest: a recording's file,
// which holds every payload whole (LogModel::setPayloadSource()).
class PayloadSource
{
public:
    virtual ~PayloadSource() = default;

    // The payload of the event with the log's sequence number `seq`, from its byte `from` on, at most
    // `size` bytes of it; a null QByteArray when it cannot be read. Called by several threads at once
    // (the filter's) while nothing is appended to the log.
    virtual QByteArray payload(qint64 seq, qsizetype from, qsizetype size) const = 0;
};

} // namespace sockpit::ui
