#pragma once

#include "clioptions.h"
#include "headlesscommand.h"
#include "sequencerunner.h"

namespace sockpit::cli {

// `sockpit run`: connects to HOST:PORT and runs a sequence over the connection, one line per step on
// standard output. Exit 0 when every step passed, 1 when one failed or the connection did.
class RunCommand final : public HeadlessCommand
{
    Q_OBJECT
public:
    explicit RunCommand(const RunOptions &options, QObject *parent = nullptr);
    bool start();

    // The line printed for a step: "ok       0.1 ms  1      send \"PING\"".
    static QString stepLine(const SequenceStepResult &result);

protected:
    int endStatus(int status) const override;
    void onLeaving() override;

private:
    void printStep(const SequenceStepResult &result);

    RunOptions m_options;
    SequenceRunner m_runner;
    bool m_passed = false;
    bool m_done = false;
    int m_steps = 0;
    qint64 m_totalUs = 0;
};

} // namespace sockpit::cli
