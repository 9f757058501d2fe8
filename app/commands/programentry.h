#pragma once

#include "clioptions.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdio>

// The translation context of the messages both programs behind `sockpit` print themselves.
class Main
{
    Q_DECLARE_TR_FUNCTIONS(Main)
};

namespace sockpit::cli {

// What both programs do first: the allocator's thresholds, standard descriptors that exist, EPIPE
// instead of SIGPIPE, the open-file limit raised, and the application's name and version.
void prepareProcess();

void printTo(FILE *stream, const QString &text);
// argv[from..] as text.
QStringList argumentsOf(int argc, char **argv, int from);

// A parse that gave no options: its --help text on standard output (exit 0), or its error and a hint on
// standard error. command: "sockpit listen", "sockpit connect", or "sockpit" for the window's flags.
template<typename Options> int reportParse(const Parsed<Options> &parsed, const char *command)
{
    if (parsed.exitStatus == ExitOk) {
        printTo(stdout, parsed.message); // --help
        return ExitOk;
    }
    printTo(stderr,
        QStringLiteral("sockpit: %1\n").arg(parsed.message)
            + Main::tr("Try '%1 --help'.\n").arg(QString::fromLatin1(command)));
    return parsed.exitStatus;
}

} // namespace sockpit::cli
