#pragma once

#include "clioptions.h"
#include "headlesscommand.h"

namespace sockpit::cli {

// `sockpit relay`: listens on a port and forwards every connection (UDP: every sender's datagrams)
// to a target, recording both directions, until SIGINT/SIGTERM. Standard input is not read and
// standard output stays quiet: what passes through is for the peers and the recording.
class RelayCommand final : public HeadlessCommand
{
    Q_OBJECT
public:
    explicit RelayCommand(const RelayOptions &options, QObject *parent = nullptr);
    // Returns false (with the reason printed) when the command cannot start.
    bool start();

private:
    RelayOptions m_options;
};

} // namespace sockpit::cli
