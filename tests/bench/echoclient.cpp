// Echo round-trip latency client for the Sockpit benchmarks (tests/bench/run_benchmarks.py).
//
//   echoclient HOST PORT [COUNT=10000] [SIZE=32] [WARMUP=200] [TIMEOUT_MS=60000]
//
// Opens ONE TCP connection with TCP_NODELAY, then does WARMUP untimed and COUNT timed sequential
// round trips: write SIZE bytes, read until SIZE bytes came back (and check they are the same).
// Prints one line: "count=N p50_us=.. p99_us=.. min_us=.. max_us=.. mean_us=..". Exit 1 on any error,
// short read, wrong bytes, or when the whole run exceeds TIMEOUT_MS.
#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using Clock = std::chrono::steady_clock;

static int connectTo(const char *host, const char *port)
{
    addrinfo hints {};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res)
        return -1;
    int fd = socket(res->ai_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: echoclient HOST PORT [COUNT] [SIZE] [WARMUP] [TIMEOUT_MS]\n");
        return 2;
    }
    const long count = argc > 3 ? std::atol(argv[3]) : 10000;
    const long size = argc > 4 ? std::atol(argv[4]) : 32;
    const long warmup = argc > 5 ? std::atol(argv[5]) : 200;
    const long timeoutMs = argc > 6 ? std::atol(argv[6]) : 60000;
    const int fd = connectTo(argv[1], argv[2]);
    if (fd < 0) {
        std::perror("echoclient: connect");
        return 1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    std::vector<char> out(size), in(size);
    std::vector<double> us;
    us.reserve(count);
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    for (long i = 0; i < warmup + count; ++i) {
        for (long j = 0; j < size; ++j)
            out[j] = char('a' + (i + j) % 26);
        const auto t0 = Clock::now();
        if (write(fd, out.data(), size) != size) {
            std::perror("echoclient: write");
            return 1;
        }
        long got = 0;
        while (got < size) {
            const int left
                = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
            pollfd p {fd, POLLIN, 0};
            if (left <= 0 || poll(&p, 1, left) <= 0) {
                std::fprintf(stderr, "echoclient: timed out after %ld round trips\n", i);
                return 1;
            }
            const ssize_t n = read(fd, in.data() + got, size - got);
            if (n <= 0) {
                std::fprintf(stderr, "echoclient: connection closed after %ld round trips\n", i);
                return 1;
            }
            got += n;
        }
        const auto t1 = Clock::now();
        if (std::memcmp(in.data(), out.data(), size) != 0) {
            std::fprintf(stderr, "echoclient: wrong bytes echoed in round trip %ld\n", i);
            return 1;
        }
        if (i >= warmup)
            us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    close(fd);
    std::sort(us.begin(), us.end());
    auto pct = [&](double p) { return us[std::min(us.size() - 1, size_t(p * us.size()))]; };
    double sum = 0;
    for (double v : us)
        sum += v;
    std::printf("count=%zu p50_us=%.1f p99_us=%.1f min_us=%.1f max_us=%.1f mean_us=%.1f\n", us.size(),
        pct(0.50), pct(0.99), us.front(), us.back(), sum / us.size());
    return 0;
}
