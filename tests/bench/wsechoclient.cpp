// WebSocket echo round-trip latency client for the Sockpit benchmarks (tests/bench/run_benchmarks.py).
//
//   wsechoclient HOST PORT [COUNT=10000] [SIZE=32] [WARMUP=200] [TIMEOUT_MS=60000]
//
// Opens ONE TCP connection with TCP_NODELAY, upgrades it to WebSocket (path "/"), then does WARMUP
// untimed and COUNT timed sequential round trips: send a masked text message of SIZE bytes, read
// frames until one whole message came back (and check it is the same). The same client measures every
// server, so the figures compare the servers. Prints one line: "count=N p50_us=.. p99_us=.. min_us=..
// max_us=.. mean_us=..". Exit 1 on any error, wrong bytes, or when the run exceeds TIMEOUT_MS.
#include "websocketcodec.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using Clock = std::chrono::steady_clock;
using namespace sockpit;

namespace {

int connectTo(const char *host, const char *port)
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

bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

// Reads what is there (waiting until `deadline`); false on an error, the end, or the deadline.
bool readSome(int fd, Clock::time_point deadline, QByteArray *into)
{
    const int left
        = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    pollfd p {fd, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, left) <= 0)
        return false;
    char buffer[65536];
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0)
        return false;
    into->append(buffer, n);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: wsechoclient HOST PORT [COUNT] [SIZE] [WARMUP] [TIMEOUT_MS]\n");
        return 2;
    }
    const long count = argc > 3 ? std::atol(argv[3]) : 10000;
    const long size = argc > 4 ? std::atol(argv[4]) : 32;
    const long warmup = argc > 5 ? std::atol(argv[5]) : 200;
    const long timeoutMs = argc > 6 ? std::atol(argv[6]) : 60000;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    const int fd = connectTo(argv[1], argv[2]);
    if (fd < 0) {
        std::perror("wsechoclient: connect");
        return 1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    ws::ClientHandshake handshake(
        QString::fromLocal8Bit(argv[1]), quint16(std::atoi(argv[2])), QStringLiteral("/"));
    if (!writeAll(fd, handshake.request())) {
        std::perror("wsechoclient: write");
        return 1;
    }
    QByteArray buffer;
    QByteArray rest;
    for (;;) {
        const ws::ClientHandshake::Status status = handshake.feed(buffer, &rest);
        buffer.clear();
        if (status == ws::ClientHandshake::Status::Done)
            break;
        if (status == ws::ClientHandshake::Status::Failed) {
            std::fprintf(stderr, "wsechoclient: %s\n", qPrintable(handshake.error()));
            return 1;
        }
        if (!readSome(fd, deadline, &buffer)) {
            std::fprintf(stderr, "wsechoclient: no WebSocket answer\n");
            return 1;
        }
    }

    ws::FrameReader reader(ws::FrameReader::Role::Client);
    std::vector<ws::FrameReader::Item> items;
    if (!rest.isEmpty())
        reader.feed(rest.constData(), rest.size(), &items);
    QByteArray out(int(size), 'a');
    std::vector<double> us;
    us.reserve(size_t(count));
    for (long i = 0; i < warmup + count; ++i) {
        for (long j = 0; j < size; ++j)
            out[int(j)] = char('a' + (i + j) % 26);
        const auto t0 = Clock::now();
        if (!writeAll(fd, ws::encodeFrame(ws::Opcode::Text, out, true, ws::newMaskKey()))) {
            std::perror("wsechoclient: write");
            return 1;
        }
        while (items.empty()) {
            buffer.clear();
            if (!readSome(fd, deadline, &buffer)) {
                std::fprintf(stderr, "wsechoclient: no answer after %ld round trips\n", i);
                return 1;
            }
            reader.feed(buffer.constData(), buffer.size(), &items);
        }
        const auto t1 = Clock::now();
        const ws::FrameReader::Item item = items.front();
        items.erase(items.begin());
        if (item.kind != ws::FrameReader::Item::Kind::Text || item.payload != out) {
            std::fprintf(stderr, "wsechoclient: wrong answer in round trip %ld\n", i);
            return 1;
        }
        if (i >= warmup)
            us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    writeAll(fd,
        ws::encodeFrame(
            ws::Opcode::Close, ws::closePayload(ws::CloseCode::Normal, {}), true, ws::newMaskKey()));
    close(fd);
    std::sort(us.begin(), us.end());
    auto pct = [&](double p) { return us[std::min(us.size() - 1, size_t(p * double(us.size())))]; };
    double sum = 0;
    for (double v : us)
        sum += v;
    std::printf("count=%zu p50_us=%.1f p99_us=%.1f min_us=%.1f max_us=%.1f mean_us=%.1f\n", us.size(),
        pct(0.50), pct(0.99), us.front(), us.back(), sum / double(us.size()));
    return 0;
}
