#include "exportpcapcommand.h"

#include "pcapexport.h"
#include "recordreader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSaveFile>

#include <cstdio>

namespace sockpit::cli {

namespace {

class ExportCli
{
    Q_DECLARE_TR_FUNCTIONS(ExportCli)
};

void printError(const QString &text)
{
    const QByteArray bytes = QStringLiteral("sockpit: %1\n").arg(text).toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

Parsed<ExportPcapOptions> usage(const QString &message, int status)
{
    Parsed<ExportPcapOptions> result;
    result.message = message;
    result.exitStatus = status;
    return result;
}

} // namespace

QString exportPcapHelp()
{
    return ExportCli::tr(
        "Usage: sockpit export-pcap IN.jsonl OUT.pcap\n"
        "\n"
        "Writes a JSON Lines recording (--record FILE.jsonl) as a pcap file that Wireshark and tshark open:\n"
        "IPv4/IPv6 packets with TCP (handshake, sequence numbers, FIN at close) or UDP, correct checksums,\n"
        "the recorded times. Lines that cannot be read are reported with their number on standard error;\n"
        "the rest is still exported.\n"
        "\n"
        "Exit status: 0 written, 1 a file cannot be read or written or holds no record, 2 invalid "
        "arguments.\n");
}

Parsed<ExportPcapOptions> parseExportPcap(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(
        QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, ExportCli::tr("Show this help.")));
    if (!parser.parse(QStringList {QStringLiteral("sockpit export-pcap")} + arguments))
        return usage(parser.errorText(), ExitUsage);
    if (parser.isSet(QStringLiteral("help")))
        return usage(exportPcapHelp(), ExitOk);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return usage(ExportCli::tr("export-pcap needs IN.jsonl and OUT.pcap, got: '%1'")
                         .arg(positional.join(QLatin1Char(' '))),
            ExitUsage);
    if (positional.at(0).isEmpty() || positional.at(1).isEmpty())
        return usage(ExportCli::tr("export-pcap needs non-empty file names"), ExitUsage);
    Parsed<ExportPcapOptions> result;
    result.options = ExportPcapOptions {positional.at(0), positional.at(1)};
    return result;
}

int runExportPcap(const ExportPcapOptions &options)
{
    Recording recording;
    QString error;
    if (!readRecordingFile(options.input, &recording, &error)) {
        printError(error);
        return ExitFailure;
    }
    for (const RecordProblem &problem : recording.problems)
        printError(ExportCli::tr("%1 line %2: %3").arg(options.input).arg(problem.line).arg(problem.message));
    if (recording.events.isEmpty() && !recording.problems.isEmpty()) {
        printError(ExportCli::tr("%1 holds no readable record").arg(options.input));
        return ExitFailure;
    }
    QSaveFile file(options.output);
    if (!file.open(QIODevice::WriteOnly)) {
        printError(ExportCli::tr("cannot write %1: %2").arg(options.output, file.errorString()));
        return ExitFailure;
    }
    PcapSummary summary;
    if (!writePcap(recording, &file, &summary, &error)) {
        printError(error);
        return ExitFailure;
    }
    if (!file.commit()) {
        printError(ExportCli::tr("cannot write %1: %2").arg(options.output, file.errorString()));
        return ExitFailure;
    }
    for (const QString &line : summary.skipped)
        printError(ExportCli::tr("not exported: %1").arg(line));
    return ExitOk;
}

} // namespace sockpit::cli
