// Many-concurrent-clients load generator for the Sockpit benchmarks (tests/bench/run_benchmarks.py).
//
//   manyclients HOST PORT [CLIENTS=10000] [SIZE=64] [TIMEOUT_MS=60000] [IN_FLIGHT=1000]
//
// Starts CLIENTS non-blocking TCP connections (one epoll loop, one thread), at most IN_FLIGHT of them
// between their connect() and their echo at a time. Each client, once connected, sends SIZE bytes (distinct
// per client) and reads SIZE bytes back, checking they are the same. Every connection stays open until all
// clients are done (so the server holds CLIENTS connections at the same time), then all are closed with an
// RST (SO_LINGER 0, so no TIME_WAIT is left behind). Time is measured from the first connect() to the last
// completed echo (or the timeout). Prints: "clients=N echoed=E failed=F total_ms=T connected_ms=C". Exit 0
// when the run finished (even with failures), 1 on a setup error.
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using Clock = std::chrono::steady_clock;

struct Client
{
    int fd = -1;
    int state = 0; // 0 connecting, 1 waiting for echo, 2 done, 3 failed
    int got = 0;
    char buf[256];
};

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: manyclients HOST PORT [CLIENTS] [SIZE] [TIMEOUT_MS]\n");
        return 2;
    }
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(std::atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
        std::fprintf(stderr, "manyclients: HOST must be an IPv4 address\n");
        return 1;
    }
    const int n = argc > 3 ? std::atoi(argv[3]) : 10000;
    const int size = argc > 4 ? std::atoi(argv[4]) : 64;
    const long timeoutMs = argc > 5 ? std::atol(argv[5]) : 60000;
    const int window = argc > 6 ? std::max(1, std::atoi(argv[6])) : 1000;
    if (size <= 0 || size > 256) {
        std::fprintf(stderr, "manyclients: SIZE must be 1..256\n");
        return 1;
    }
    auto payload = [size](int i, char *p) {
        std::snprintf(p, size + 1, "%0*d", size, i); // digits of the client number, zero-padded
    };

    const int ep = epoll_create1(0);
    std::vector<Client> clients(n);
    int done = 0, failed = 0, connected = 0;
    // Clients started and not yet echoed or failed; see startMore().
    int started = 0, pending = 0;
    const auto t0 = Clock::now();
    double connectedMs = -1;
    auto fail = [&](int i) {
        if (clients[i].state < 2) {
            clients[i].state = 3;
            ++failed;
            --pending;
            epoll_ctl(ep, EPOLL_CTL_DEL, clients[i].fd, nullptr);
        }
    };
    auto sendPayload = [&](int i) {
        char p[257];
        payload(i, p);
        if (write(clients[i].fd, p, size) != size)
            fail(i);
        else
            clients[i].state = 1;
    };
    // At most `window` clients between connect() and their echo: 10,000 at once overflow the kernel's
    // queues (the SYN backlog, then the accept queue of SOMAXCONN) for any server, and the run then
    // measures TCP's 1 s and 3 s SYN retransmission timers instead of the server. A client that got its
    // echo stays connected, so at the end all of them are open at once.
    auto startMore = [&] {
        while (started < n && pending < window) {
            const int i = started++;
            const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (fd < 0) {
                std::perror("manyclients: socket (raise ulimit -n?)");
                std::exit(1);
            }
            clients[i].fd = fd;
            epoll_event ev {};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.u32 = uint32_t(i);
            ++pending;
            if (connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
                clients[i].state = 3;
                ++failed;
                --pending;
                continue;
            }
            epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
    };
    startMore();
    std::vector<epoll_event> evs(1024);
    while (done + failed < n) {
        const long left = timeoutMs
            - long(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count());
        if (left <= 0)
            break;
        const int k = epoll_wait(ep, evs.data(), int(evs.size()), int(left));
        for (int e = 0; e < k; ++e) {
            const int i = int(evs[e].data.u32);
            Client &c = clients[i];
            if (c.state == 0) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    fail(i);
                    continue;
                }
                if (++connected == n)
                    connectedMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                epoll_event ev {};
                ev.events = EPOLLIN;
                ev.data.u32 = uint32_t(i);
                epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
                sendPayload(i);
                continue;
            }
            if (c.state != 1)
                continue;
            const ssize_t r = read(c.fd, c.buf + c.got, sizeof c.buf - c.got);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN)
                    continue;
                fail(i);
                continue;
            }
            c.got += int(r);
            if (c.got >= size) {
                char p[257];
                payload(i, p);
                if (c.got != size || std::memcmp(c.buf, p, size) != 0) {
                    fail(i);
                    continue;
                }
                c.state = 2;
                ++done;
                --pending;
                epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
            }
        }
        startMore();
    }
    const double totalMs = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    for (Client &c : clients) {
        if (c.fd >= 0) {
            linger l {1, 0};
            setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
            close(c.fd);
        }
    }
    std::printf("clients=%d echoed=%d failed=%d total_ms=%.1f connected_ms=%.1f\n", n, done, failed, totalMs,
        connectedMs);
    return 0;
}
