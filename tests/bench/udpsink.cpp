// UDP receiving end for the Sockpit benchmarks (tests/bench/run_benchmarks.py).
//
//   udpsink PORT WINDOW_MS IDLE_MS [TIMEOUT_MS=60000]
//
// Binds 127.0.0.1:PORT (0: the system picks; the port is printed to stderr as "port=N") with a large
// receive buffer and counts datagrams. Counting starts at the first datagram. With WINDOW_MS > 0 it
// counts the datagrams that arrive within WINDOW_MS of the first one and then stops (a fixed window,
// for paced sending); with WINDOW_MS = 0 it counts until nothing has arrived for IDLE_MS.
// Also reads the kernel's drop counter for its socket (SO_RXQ_OVFL).
// Prints one line: "received=N bytes=B span_ms=S kernel_drops=D".
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using Clock = std::chrono::steady_clock;

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: udpsink PORT WINDOW_MS IDLE_MS [TIMEOUT_MS]\n");
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const long windowMs = std::atol(argv[2]);
    const long idleMs = std::atol(argv[3]);
    const long timeoutMs = argc > 4 ? std::atol(argv[4]) : 60000;

    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int buf = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf) == 0
        || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        std::perror("udpsink: bind");
        return 1;
    }
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
    std::fprintf(stderr, "port=%d\n", ntohs(addr.sin_port));
    std::fflush(stderr);

    long long received = 0, bytes = 0;
    unsigned drops = 0;
    const auto start = Clock::now();
    Clock::time_point first {}, last {};
    char data[65536];
    char control[CMSG_SPACE(sizeof(unsigned))];
    for (;;) {
        const auto now = Clock::now();
        long waitMs;
        if (received == 0) {
            waitMs = timeoutMs
                - long(std::chrono::duration_cast<std::chrono::milliseconds>(now - start).count());
        } else if (windowMs > 0) {
            waitMs
                = windowMs - long(std::chrono::duration_cast<std::chrono::milliseconds>(now - first).count());
        } else {
            waitMs = idleMs - long(std::chrono::duration_cast<std::chrono::milliseconds>(now - last).count());
        }
        if (waitMs <= 0)
            break;
        pollfd p {fd, POLLIN, 0};
        if (poll(&p, 1, int(waitMs)) <= 0)
            continue;
        for (;;) {
            iovec iov {data, sizeof data};
            msghdr msg {};
            msg.msg_iov = &iov;
            msg.msg_iovlen = 1;
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            const ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
            if (n < 0)
                break;
            const auto t = Clock::now();
            if (received == 0)
                first = t;
            if (windowMs > 0 && t - first > std::chrono::milliseconds(windowMs))
                break;
            last = t;
            ++received;
            bytes += n;
            for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
                if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL)
                    std::memcpy(&drops, CMSG_DATA(c), sizeof drops);
            }
        }
    }
    const double spanMs = received ? std::chrono::duration<double, std::milli>(last - first).count() : 0.0;
    std::printf("received=%lld bytes=%lld span_ms=%.1f kernel_drops=%u\n", received, bytes, spanMs, drops);
    return 0;
}
