#pragma once

// A test that needs a network of its own (an interface with a small MTU, a veth pair) runs again in a
// new network namespace: the test program starts itself under `unshare --net` with the one test
// function to run, and that run sets the namespace up with `ip`. Nothing it sends can leave the
// namespace. Where the namespace cannot be made (no unshare or ip, or not root), the test is skipped
// with the reason.
//
//     if (!inNetworkNamespace()) {
//         if (const QString why = networkNamespaceUnavailable(); !why.isEmpty())
//             QSKIP(qPrintable(why));
//         QByteArray output;
//         QVERIFY2(passesInNetworkNamespace("testFunction", &output), output.constData());
//         return;
//     }
//     QVERIFY2(runCommand(ip, {...}).isEmpty(), ...); // in the namespace from here on

#include <QByteArray>
#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace sockpit::test {

inline constexpr const char *InNetworkNamespaceVariable = "SOCKPIT_TEST_IN_NETNS";
inline constexpr int NamespaceCommandMs = 10000;

inline bool inNetworkNamespace()
{
    return qEnvironmentVariableIsSet(InNetworkNamespaceVariable);
}

// The output of a command, or an empty string when it ran and succeeded.
inline QString runCommand(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(NamespaceCommandMs))
        return program + QStringLiteral(" did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return program + u' ' + arguments.join(u' ') + QStringLiteral(": ")
            + QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
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
// there. Its output goes to `output` either way.
inline bool passesInNetworkNamespace(const QString &testFunction, QByteArray *output)
{
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QLatin1String(InNetworkNamespaceVariable), QStringLiteral("1"));
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::MergedChannels);
    child.start(QStandardPaths::findExecutable(QStringLiteral("unshare")),
        {QStringLiteral("--net"), QStringLiteral("--"), QCoreApplication::applicationFilePath(),
            testFunction});
    const bool ended = child.waitForFinished(6 * NamespaceCommandMs); // longer than its own waits
    if (!ended)
        child.kill();
    *output = child.readAll();
    return ended && child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0
        && output->contains("PASS   : ") && output->contains(QByteArray("::" + testFunction.toUtf8() + '('))
        && !output->contains("SKIP   : ");
}

} // namespace sockpit::test
