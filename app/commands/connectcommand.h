#pragma once

#include "clioptions.h"
#include "headlesscommand.h"

#include <QTimer>

namespace sockpit::cli {

// `sockpit connect`: sends its input to HOST:PORT, writes what comes back to standard output, and
// ends when the peer closes or when nothing has arrived for --wait ms after the input ended.
class ConnectCommand final : public HeadlessCommand
{
    Q_OBJECT
public:
    explicit ConnectCommand(const ConnectOptions &options, QObject *parent = nullptr);
    bool start();

protected:
    void onInputEnded() override;
    void onLeaving() override;

private:
    void checkQuiet();

    ConnectOptions m_options;
    QTimer m_quietTimer;
    bool m_inputEnded = false;
    bool m_tlsFailed = false;
};

} // namespace sockpit::cli
