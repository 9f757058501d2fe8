#pragma once

#include "clioptions.h"
#include "headlesscommand.h"

namespace sockpit::cli {

// `sockpit ping`: ICMP echo requests to one host; one line per reply on standard output, timeouts and
// the summary on standard error. Exit 0 when any reply came, 1 when none did or the socket could not
// be opened.
class PingCommand final : public HeadlessCommand
{
    Q_OBJECT
public:
    explicit PingCommand(const PingOptions &options, QObject *parent = nullptr);
    bool start();

protected:
    int endStatus(int status) const override;

private:
    void printReplies(const EventBatch &events);

    PingOptions m_options;
};

} // namespace sockpit::cli
