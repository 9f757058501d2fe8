// The batch side of a UdpChannel: many datagrams handed over at once (a sender nothing paces) go to
// the kernel in as few calls as it takes. A run of datagrams of one size to one address is one
// send with segmentation offload (UDP_SEGMENT): the kernel builds and routes one buffer and cuts it
// into the datagrams on its way; each still arrives as its own datagram, and is counted and logged
// as its own send. The rest goes by sendmmsg(), one message a datagram.

#include "udpchannel.h"

#include "sessioncore.h"

#include <cerrno>
#include <cstring>

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

namespace sockpit {

namespace {

constexpr int MaxBatch = 64; // datagrams per sendmmsg(), and per offloaded send
// The most bytes one offloaded send carries: an IPv4 datagram's limit, 65,507, less some margin.
constexpr qsizetype MaxSegmentedBytes = 65000;
// Destinations whose route refused a segment size that are remembered at once; past it the list starts
// again (each refusal costs one send that is not made).
constexpr qsizetype MaxSegmentLimits = 1024;

} // namespace

int UdpChannel::segmentRun(const SocketAddress &to, const QVector<QByteArray> &pieces, qsizetype first)
{
    const qsizetype size = pieces.at(first).size();
    if (m_segmentationOff || size <= 0 || size > MaxSegmentedBytes)
        return 1;
    if (!m_segmentLimits.isEmpty()) {
        const auto limit = m_segmentLimits.constFind(to.key());
        if (limit != m_segmentLimits.cend() && size > *limit)
            return 1;
    }
    if (!m_segmentationChecked) {
        // A kernel before 4.18 has no UDP_SEGMENT and ignores the control message: it would send the
        // whole run as one datagram. Asking for the option tells the two apart.
        m_segmentationChecked = true;
        int current = 0;
        socklen_t length = sizeof(current);
        if (::getsockopt(m_fd, SOL_UDP, UDP_SEGMENT, &current, &length) != 0) {
            m_segmentationOff = true;
            return 1;
        }
    }
    int run = 1;
    while (run < MaxBatch && first + run < pieces.size() && pieces.at(first + run).size() == size
        && (run + 1) * size <= MaxSegmentedBytes)
        ++run;
    return run;
}

int UdpChannel::sendSegmented(
    const SocketAddress &to, const QVector<QByteArray> &pieces, qsizetype first, int run)
{
    iovec vectors[MaxBatch];
    for (int i = 0; i < run; ++i) {
        const QByteArray &bytes = pieces.at(first + i);
        vectors[i] = {const_cast<char *>(bytes.constData()), size_t(bytes.size())};
    }
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(quint16))] = {};
    msghdr message {};
    message.msg_name = const_cast<sockaddr *>(to.data());
    message.msg_namelen = to.length;
    message.msg_iov = vectors;
    message.msg_iovlen = size_t(run);
    message.msg_control = control;
    message.msg_controllen = sizeof(control);
    cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof(quint16));
    const quint16 segment = quint16(pieces.at(first).size());
    std::memcpy(CMSG_DATA(header), &segment, sizeof(segment));
    for (;;) {
        if (::sendmsg(m_fd, &message, MSG_NOSIGNAL) >= 0)
            return run; // all or nothing: one buffer
        if (errno == EINTR)
            continue;
        if (errno == EMSGSIZE || errno == EINVAL) {
            // A segment too long for the route's MTU (EMSGSIZE from current kernels, EINVAL from older
            // ones): shorter ones to this destination may still go this way, and other destinations
            // have routes of their own. These go by sendmmsg(), each fragmented on its way.
            if (m_segmentLimits.size() >= MaxSegmentLimits)
                m_segmentLimits.clear();
            m_segmentLimits.insert(to.key(), segment - 1);
        } else if (errno == EIO || errno == ENOPROTOOPT || errno == EOPNOTSUPP) {
            // No checksum offload on the way (EIO), or a kernel without UDP_SEGMENT.
            m_segmentationOff = true;
        }
        // Else no room now (EAGAIN, ENOBUFS), or a failure the sends one by one meet and report.
        return 0;
    }
}

void UdpChannel::sendBatch(const QVector<QByteArray> &pieces, const SendTarget &target)
{
    SOCKPIT_ASSERT_OWN_THREAD();
    qint64 size = 0;
    for (const QByteArray &bytes : pieces)
        size += bytes.size();
    m_core->addQueued(m_stats.get(), -size);
    SocketAddress to;
    if (m_closed || !destination(target, &to))
        return;
    if (m_dtls) { // each piece a record of its own
        for (const QByteArray &bytes : pieces)
            sendDatagram(to, bytes);
        return;
    }
    const bool maySegment = to.family() == AF_INET || to.family() == AF_INET6;
    mmsghdr messages[MaxBatch];
    iovec pieceVectors[MaxBatch];
    qsizetype next = 0;
    while (next < pieces.size() && m_pending.empty() && !m_closed) {
        const int run = maySegment ? segmentRun(to, pieces, next) : 1;
        if (run > 1) {
            const int done = sendSegmented(to, pieces, next, run);
            for (int i = 0; i < done; ++i)
                sent(to, pieces.at(next + i), pieces.at(next + i).size());
            next += done;
            if (done > 0)
                continue;
            if (segmentRun(to, pieces, next) > 1)
                break; // not refused: sendDatagram() below queues the rest, or says why it failed
        }
        const int count = int(qMin<qsizetype>(MaxBatch, pieces.size() - next));
        for (int i = 0; i < count; ++i) {
            const QByteArray &bytes = pieces.at(next + i);
            pieceVectors[i] = {const_cast<char *>(bytes.constData()), size_t(bytes.size())};
            messages[i] = {};
            messages[i].msg_hdr.msg_name = const_cast<sockaddr *>(to.data());
            messages[i].msg_hdr.msg_namelen = to.length;
            messages[i].msg_hdr.msg_iov = &pieceVectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
        }
        const int done = ::sendmmsg(m_fd, messages, unsigned(count), MSG_NOSIGNAL);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            break; // the first one did not go: sendDatagram() below queues it or says why
        for (int i = 0; i < done; ++i)
            sent(to, pieces.at(next + i), qint64(messages[i].msg_len));
        next += done;
    }
    for (; next < pieces.size() && !m_closed; ++next)
        sendDatagram(to, pieces.at(next));
}

} // namespace sockpit
