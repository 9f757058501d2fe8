#pragma once

#include "recordreader.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QString>
#include <QStringList>

namespace sockpit {

// What an export wrote, and what it had to leave out (events without addresses, say).
struct PcapSummary
{
    qint64 packets = 0;
    qint64 tcpConnections = 0;
    qint64 udpDatagrams = 0;
    QStringList skipped; // one line per event that could not be turned into packets
};

// Writes a recording as a classic pcap file (LINKTYPE_RAW: IPv4 or IPv6 packets without a link
// header) that Wireshark and tshark show as the recorded conversations:
// - TCP (sessions whose name does not start with "udp"): per connection a three-way handshake at its
//   accept/connect event (or before its first packet when the recording has none), the payload in
//   segments of at most MaxTcpSegment bytes with consistent sequence and acknowledgement numbers, each
//   segment acknowledged by the other side, FIN for a half-close or shutdown, the missing FINs and a
//   last ACK at close, RST at reset;
// - UDP: one datagram per in/out event.
// "in" goes from the event's peer to its local address, "out" the other way. IP, TCP and UDP checksums
// are correct. Times are the events' times. A relay's upstream leg ("upstream") is not written: its
// events export as the conversation between the peer and the local address they name.
bool writePcap(const Recording &recording, QIODevice *device, PcapSummary *summary, QString *error);

constexpr int MaxTcpSegment = 65495; // the largest TCP payload an IPv4 packet can carry

} // namespace sockpit
