#pragma once

#include "clioptions.h"
#include "headlesscommand.h"

namespace sockpit::cli {

// `sockpit listen`: a TCP server or a bound UDP socket that runs until SIGINT/SIGTERM.
class ListenCommand final : public HeadlessCommand
{
    Q_OBJECT
public:
    explicit ListenCommand(const ListenOptions &options, QObject *parent = nullptr);
    // Returns false (with the reason printed) when the command cannot start; status() says why.
    bool start();

protected:
    void onInputEnded() override;

private:
    ListenOptions m_options;
};

} // namespace sockpit::cli
