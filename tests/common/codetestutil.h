#pragma once

// Running the programs of "Show as Code" (sessioncode.h) in a test: written into a temporary folder,
// run with python3, or compiled with cc (-Wall -Wextra -Werror) and run, as processes the test's
// clitest::Processes owns and ends. python3 and cc are installed by scripts/setup.sh --test: a
// missing one fails the test with that said; it is not skipped.

#include "clitestutil.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace codetest {

enum class Language { Python, C };

constexpr int WaitMs = 10000;

// The port of the program's first line, "listening on ADDR:PORT" or "bound to ADDR:PORT"; 0 until
// that line is complete.
inline quint16 firstLinePort(const QByteArray &out)
{
    static const QRegularExpression re(QStringLiteral("^(?:listening on|bound to) \\S+:(\\d+)\\n"));
    const QRegularExpressionMatch match = re.match(QString::fromUtf8(out));
    return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
}

// python3 as the interpreter it runs, found once: a version manager's shim on the PATH costs half a
// second a start, and the tests start it often. "" when python3 is not installed.
inline QString pythonInterpreter()
{
    static const QString path = [] {
        const QString onPath = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (onPath.isEmpty())
            return onPath;
        QProcess probe;
        probe.start(onPath, {QStringLiteral("-c"), QStringLiteral("import sys; print(sys.executable)")});
        const bool ok = probe.waitForFinished(WaitMs) && probe.exitCode() == 0;
        const QString real = QString::fromLocal8Bit(probe.readAllStandardOutput()).trimmed();
        return ok && !real.isEmpty() ? real : onPath;
    }();
    return path;
}

// Starts `program`: "python3", "cc" (looked up on the PATH) or a path; nullptr with `error` set when
// it is not installed.
inline clitest::Proc *startTool(
    clitest::Processes &procs, const QString &program, const QStringList &arguments, QByteArray *error)
{
    const QString path = program == QLatin1String("python3") ? pythonInterpreter()
        : program.contains(u'/')                             ? program
                                                             : QStandardPaths::findExecutable(program);
    if (path.isEmpty()) {
        *error = program.toUtf8() + " is not installed (scripts/setup.sh --test installs it)";
        return nullptr;
    }
    return procs.start(path, arguments);
}

// Runs a tool to its end: true when it exited 0 and said nothing on standard error, with its
// standard output in `out`; else false with what went wrong in `error`.
inline bool runToEnd(clitest::Processes &procs, const QString &program, const QStringList &arguments,
    QByteArray *out, QByteArray *error)
{
    clitest::Proc *proc = startTool(procs, program, arguments, error);
    if (!proc)
        return false;
    if (!clitest::waitEnd(proc, 6 * WaitMs)) {
        *error = program.toUtf8() + " did not finish";
        return false;
    }
    *out = proc->out;
    *error = program.toUtf8() + ": " + proc->err;
    return proc->process->exitStatus() == QProcess::NormalExit && proc->process->exitCode() == 0
        && proc->err.isEmpty();
}

// Where the programs of one test are written and built.
class Workshop
{
public:
    // Writes `code` as NAME.py or NAME.c; returns its path ("" on failure).
    QString write(const QString &name, Language language, const QString &code) const
    {
        const QString file
            = m_dir.filePath(name + QLatin1String(language == Language::Python ? ".py" : ".c"));
        return clitest::writeFile(file, code.toUtf8()) ? file : QString();
    }

    // Compiles a C file, every warning an error; the executable's path, or "" with `error` set.
    QString compile(clitest::Processes &procs, const QString &source, QByteArray *error) const
    {
        const QString binary = source.chopped(2);
        QByteArray out;
        const QStringList arguments {QStringLiteral("-Wall"), QStringLiteral("-Wextra"),
            QStringLiteral("-Werror"), QStringLiteral("-o"), binary, source};
        return runToEnd(procs, QStringLiteral("cc"), arguments, &out, error) ? binary : QString();
    }

    // Starts the program `code` (compiled first when it is C); nullptr with `error` set on failure.
    clitest::Proc *start(clitest::Processes &procs, const QString &name, Language language,
        const QString &code, QByteArray *error) const
    {
        const QString file = write(name, language, code);
        if (file.isEmpty()) {
            *error = "cannot write the program";
            return nullptr;
        }
        if (language == Language::Python)
            return startTool(procs, QStringLiteral("python3"), {file}, error);
        const QString binary = compile(procs, file, error);
        return binary.isEmpty() ? nullptr : procs.start(binary, {});
    }

    // Starts a server or UDP program and waits for its first line, whose port goes to `port` (0 when
    // the line did not come: `error` then says what came instead).
    clitest::Proc *startListener(clitest::Processes &procs, const QString &name, Language language,
        const QString &code, quint16 *port, QByteArray *error) const
    {
        *port = 0;
        clitest::Proc *program = start(procs, name, language, code, error);
        if (!program)
            return nullptr;
        const bool spoke = QTest::qWaitFor(
            [&] { return firstLinePort(program->out) != 0 || program->finished(); }, WaitMs);
        program->collect();
        *port = firstLinePort(program->out);
        if (*port == 0)
            *error = (spoke ? "no first line: " : "no first line in time: ") + program->out + program->err;
        return program;
    }

private:
    QTemporaryDir m_dir;
};

} // namespace codetest
