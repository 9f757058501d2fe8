#pragma once

// A test that needs a network of its own (an interface with a small MTU, a veth pair) runs again in a
// new network namespace: the test program starts itself under `unshare --net` with the one test
// function to run, and that run sets the namespace up with `ip`. Nothing it sends can leave the
// namespace. Where the namespace cannot be made (no unshare or ip, or not root), the test is skipped
// with the reason.
//
//     void tst_X::needsANetwork()
//     {
//         SOCKPIT_RUN_IN_NETWORK_NAMESPACE("a route with a small MTU"); // returns unless in it
//         QVERIFY2(...ipCommands({"link set lo up", ...}).isEmpty(), ...); // the namespace's own
//         ...
//     }

#include <QByteArray>
#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTest>

#include <sys/stat.h>

namespace sockpit::test {

inline constexpr const char *InNetworkNamespaceVariable = "SOCKPIT_TEST_IN_NETNS";
inline constexpr int NamespaceCommandMs = 10000;

// This process's network namespace, as the kernel numbers it (0 when it cannot be read).
inline QByteArray networkNamespaceId()
{
    struct stat status
    {
    };
    return ::stat("/proc/self/ns/net", &status) == 0 ? QByteArray::number(quint64(status.st_ino))
                                                     : QByteArray();
}

// True in the run passesInNetworkNamespace() started: the variable names the namespace it was started
// from, and this is another one. (Set by hand in the machine's own namespace, it is ignored: the test
// then makes its namespace as usual, and never changes the machine's interfaces.)
inline bool inNetworkNamespace()
{
    const QByteArray from = qgetenv(InNetworkNamespaceVariable);
    const QByteArray here = networkNamespaceId();
    return !from.isEmpty() && !here.isEmpty() && from != here;
}

// Why a command failed (its standard error), or an empty string when it ran and succeeded; then
// `output`, when given, holds what it printed on standard output.
inline QString runCommand(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(NamespaceCommandMs))
        return program + QStringLiteral(" did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return program + u' ' + arguments.join(u' ') + QStringLiteral(": ")
            + QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
    if (output)
        *output = QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
    return QString();
}

// Why this process cannot make a network namespace, or an empty string when it can.
inline QString networkNamespaceUnavailable()
{
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    if (unshare.isEmpty() || QStandardPaths::findExecutable(QStringLiteral("ip")).isEmpty())
        return QStringLiteral("needs a network namespace: unshare or ip (iproute2) is not installed");
    const QString probe = runCommand(unshare, {QStringLiteral("--net"), QStringLiteral("true")});
    if (!probe.isEmpty())
        return QStringLiteral("needs a network namespace, which this process may not create (root or "
                              "CAP_SYS_ADMIN): ")
            + probe;
    return QString();
}

// Runs `testFunction` of this test program again in a new network namespace; true when it passed
// there (every row of it, none skipped). Its output goes to `output` either way.
inline bool passesInNetworkNamespace(const QString &testFunction, QByteArray *output)
{
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QLatin1String(InNetworkNamespaceVariable), QString::fromLatin1(networkNamespaceId()));
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QStandardPaths::findExecutable(QStringLiteral("unshare")),
        {QStringLiteral("--net"), QStringLiteral("--"), QCoreApplication::applicationFilePath(),
            testFunction});
    const int limitMs = 6 * NamespaceCommandMs; // longer than its own waits
    const bool ended = child.waitForFinished(limitMs);
    if (!ended) {
        child.kill();
        child.waitForFinished(NamespaceCommandMs);
    }
    *output = child.readAll();
    if (!ended)
        output->prepend("did not finish within " + QByteArray::number(limitMs / 1000) + " s:\n");
    const QString name = QRegularExpression::escape(testFunction);
    const QString text = QString::fromLocal8Bit(*output);
    const QRegularExpression passed(
        QStringLiteral("^PASS   : \\w+::%1\\(.*\\)$").arg(name), QRegularExpression::MultilineOption);
    const QRegularExpression otherwise(
        QStringLiteral("^(SKIP|XFAIL|XPASS|BFAIL|BPASS|BXFAIL|BXPASS|FAIL!) *: \\w+::%1\\(").arg(name),
        QRegularExpression::MultilineOption);
    return ended && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0
        && text.contains(passed) && !text.contains(otherwise);
}

// Runs `ip` with each of `commands` (split on spaces) in turn; the first one's failure, or an empty
// string when all succeeded.
inline QString ipCommands(const QStringList &commands)
{
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    for (const QString &command : commands) {
        if (const QString error = runCommand(ip, command.split(u' ')); !error.isEmpty())
            return error;
    }
    return QString();
}

// What `ip` with `command` (split on spaces) printed, or an empty string when it failed.
inline QString ipOutput(const QString &command)
{
    QString output;
    const QString ip = QStandardPaths::findExecutable(QStringLiteral("ip"));
    return runCommand(ip, command.split(u' '), &output).isEmpty() ? output : QString();
}

} // namespace sockpit::test

// In a test function: unless this is its run in the network namespace made for it, runs it again in
// one and returns with that run's result, or skips it when no namespace can be made. `need` (a string
// literal) says what the test needs the namespace for, at the start of the reason to skip.
#define SOCKPIT_RUN_IN_NETWORK_NAMESPACE(need)                                                               \
    do {                                                                                                     \
        if (!sockpit::test::inNetworkNamespace()) {                                                          \
            if (const QString why = sockpit::test::networkNamespaceUnavailable(); !why.isEmpty())            \
                QSKIP(qPrintable(QStringLiteral(need " ") + why));                                           \
            QByteArray output;                                                                               \
            QVERIFY2(sockpit::test::passesInNetworkNamespace(                                                \
                         QString::fromLatin1(QTest::currentTestFunction()), &output),                        \
                output.constData());                                                                         \
            return;                                                                                          \
        }                                                                                                    \
    } while (false)
