#pragma once

#include "clioptions.h"

#include <QString>
#include <QStringList>

namespace sockpit::cli {

// `sockpit export-pcap IN.jsonl OUT.pcap`: a JSON Lines recording as a pcap file for Wireshark/tshark.
struct ExportPcapOptions
{
    QString input;
    QString output;
};

// `arguments` excludes the program name and the command word.
Parsed<ExportPcapOptions> parseExportPcap(const QStringList &arguments);
QString exportPcapHelp();

// Reads the recording, writes the pcap file, reports lines it could not read and events it could not
// write on standard error (the rest is still exported). ExitFailure when a file cannot be read or
// written, or when the input holds no readable record at all.
int runExportPcap(const ExportPcapOptions &options);

} // namespace sockpit::cli
