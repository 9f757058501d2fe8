#pragma once

#include "hostlookup.h"
#include "iochannel.h"
#include "posixsocket.h"
#include "sessionref.h"

#include <QHash>
#include <QHostAddress>

#include <memory>

class QSocketNotifier;
class QTimer;

namespace sockpit {

struct ConnectionStats;

namespace icmp {
struct Packet;
}

// An ICMP echo ("ping") session on an I/O thread: sends echo requests to one IPv4 host (count,
// interval, payload size from the session's configuration), reports each reply with its IPv4 and ICMP
// headers decoded and its round-trip time, and each request that got none within the timeout. Uses a
// raw socket (root or CAP_NET_RAW); where that is not allowed, a ping socket (SOCK_DGRAM, IPPROTO_ICMP,
// if net.ipv4.ping_group_range lets this process), which delivers no IP header.
class IcmpChannel final : public IoChannel
{
    Q_OBJECT
public:
    IcmpChannel(std::shared_ptr<SessionCore> core, ConnId id, QObject *parent);
    ~IcmpChannel() override;

    void start();
    // Sends one echo request with `bytes` as its payload (the composer's text, say).
    void sendBytes(const QByteArray &bytes, const SendTarget &target) override;
    void closeNow() override;

private:
    SessionRef m_core; // declared first: it goes last, after everything that may still use it
    void onResolved(const QList<QHostAddress> &addresses);
    void openSocket();
    void sendNext();
    void sendEcho(const QByteArray &payload);
    void onReadable();
    void handlePacket(const icmp::Packet &packet, const QByteArray &bytes);
    void onTimeout(quint16 sequence);
    void finishIfDone();
    QString summary() const;

    const ConnId m_id;
    std::shared_ptr<ConnectionStats> m_stats;
    int m_fd = -1;
    bool m_rawSocket = true; // false: a ping socket (no IP header, the kernel chooses the id)
    HostLookup m_lookup;
    QSocketNotifier *m_readNotifier = nullptr;
    QTimer *m_sendTimer = nullptr;
    QHostAddress m_target;
    QString m_peer;
    quint16 m_id16 = 0;
    quint16 m_nextSequence = 1;
    int m_sent = 0;
    int m_received = 0;
    int m_timedOut = 0;
    qint64 m_rttMinUs = 0;
    qint64 m_rttMaxUs = 0;
    qint64 m_rttSumUs = 0;
    QHash<quint16, qint64> m_outstanding; // sequence -> send time (steady clock, µs)
    bool m_closed = false;
};

} // namespace sockpit
