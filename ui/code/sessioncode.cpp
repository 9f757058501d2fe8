#include "sessioncode.h"

#include "ccode.h"
#include "codeplan.h"
#include "pythoncode.h"

namespace sockpit::ui {

bool canShowAsCode(SessionMode mode)
{
    return mode == SessionMode::TcpServer || mode == SessionMode::TcpClient || mode == SessionMode::Udp;
}

QByteArray defaultCodeMessage()
{
    return QByteArrayLiteral("hello\n");
}

QString sessionAsPython(const SessionConfig &config, const QByteArray &message)
{
    return canShowAsCode(config.mode) ? pythonProgram(makeCodePlan(config, message)) : QString();
}

QString sessionAsC(const SessionConfig &config, const QByteArray &message)
{
    return canShowAsCode(config.mode) ? cProgram(makeCodePlan(config, message)) : QString();
}

} // namespace sockpit::ui
