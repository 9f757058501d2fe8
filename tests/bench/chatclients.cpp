// Chat-room load generator for the Sockpit benchmarks (tests/bench/run_benchmarks.py).
//
//   chatclients HOST PORT [CLIENTS=100] [LINES=100] [TIMEOUT_MS=120000] [IN_FLIGHT=1]
//
// Talks to a line-based chat room (`sockpit listen --chat`): every line a client sends reaches every other
// client as "<NAME> text". One thread, one epoll loop, CLIENTS non-blocking TCP connections.
//
// 1. Connect the CLIENTS, at most 8 at a time between their connect() and their first line from the room (its
//    welcome; 500 ms after connecting for a room that greets nobody), until all are in (at most 10 s). So the
//    server holds every client before anyone talks: a newcomer is replayed recent history, and a client
//    joining late would get lines twice. Then wait until the room has been quiet for 200 ms (at most 3 s),
//    so that the join notices are not part of the timed run.
// 2. The timed run: every client says LINES lines, all clients at once. A line is 40 bytes and LF:
//    "<TAG> c=CCCC s=SSSS " and filler derived from both numbers, where TAG is unique to this run (so history
//    or notices are never counted), C the client and S the line's index. A client says its next line only
//    when fewer than IN_FLIGHT of its lines have not yet reached any other client, i.e. the server has read
//    the earlier ones; with 1, every line reaches the server in a read of its own, as when people type.
// 3. The run ends when every client has received all (CLIENTS - 1) × LINES lines of the others, or at
//    TIMEOUT_MS. Every received line that carries TAG is checked: "<NAME> " and then exactly the text that
//    was sent (else corrupt), the sender is not the receiver itself (else own), each (sender, index) once per
//    receiver (else duplicate), each sender's lines in the order said (else out_of_order), and one NAME per
//    sender at every receiver (else name_mismatch). Lines without TAG (notices) are counted as other.
//    After the run, 300 ms more are read (not timed) to catch late duplicates.
//
// Prints one line: "clients=N lines=L expected=E delivered=D missing=M duplicate=.. out_of_order=..
// corrupt=.. own=.. name_mismatch=.. other=.. welcomed=W elapsed_s=T connect_s=.. client_cpu_s=..".
// elapsed_s is from the first line said to the last line received. On a failure, what was missing goes to
// standard error. Exit 0 when every line arrived exactly once, in order and intact; 1 otherwise (a loss, an
// error, the time limit, a setup error); 2 on wrong arguments.
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <random>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kLineLength = 40; // without the LF
constexpr int kJoinWindow = 8;
constexpr auto kSilentJoin = std::chrono::milliseconds(500);

struct Client
{
    int fd = -1;
    bool connected = false;
    bool closed = false;
    Clock::time_point since; // connect() started, then: connection established
    bool wantWrite = true; // EPOLLOUT is watched (until connected, and while `out` holds bytes)
    int linesIn = 0; // complete lines received, of any kind
    int said = 0; // lines handed to the socket (or to `out`)
    int heard = 0; // of those, how many reached at least one other client
    std::string in; // a received line not yet complete
    std::string out; // bytes not yet accepted by the socket
};

struct Counts
{
    long delivered = 0, duplicate = 0, outOfOrder = 0, corrupt = 0, own = 0, nameMismatch = 0, other = 0;
};

double seconds(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

double cpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
        + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

class Room
{
public:
    Room(int clients, int lines, int inFlight, std::string tag)
        : n_(clients)
        , lines_(lines)
        , inFlight_(inFlight)
        , tag_(std::move(tag))
        , clients_(size_t(clients))
        , seen_(size_t(clients) * size_t(clients) * size_t(lines), 0)
        , last_(size_t(clients) * size_t(clients), -1)
        , got_(size_t(clients), 0)
        , firstHeard_(size_t(clients) * size_t(lines), 0)
        , names_(size_t(clients))
    {
        texts_.reserve(size_t(clients) * size_t(lines));
        for (int c = 0; c < clients; ++c) {
            for (int seq = 0; seq < lines; ++seq) {
                char head[64];
                std::snprintf(head, sizeof head, "%s c=%04d s=%04d ", tag_.c_str(), c, seq);
                std::string t = head;
                for (int k = 0; int(t.size()) < kLineLength; ++k)
                    t += char('a' + (c * 7 + seq * 13 + k) % 26);
                texts_.push_back(std::move(t));
            }
        }
    }

    // The text of line `seq` of client `c`, without the LF.
    const std::string &text(int c, int seq) const { return texts_[size_t(c) * size_t(lines_) + size_t(seq)]; }

    bool start(const sockaddr_in &addr)
    {
        addr_ = addr;
        ep_ = epoll_create1(0);
        return joinMore();
    }

    // Starts connections while fewer than kJoinWindow are between their connect() and their welcome: many
    // at once overflow a small listen backlog and then wait for TCP's SYN retransmission timer.
    bool joinMore()
    {
        while (started_ < n_ && int(joining_.size()) < kJoinWindow) {
            const int i = started_++;
            const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (fd < 0) {
                std::perror("chatclients: socket");
                return false;
            }
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            Client &c = clients_[size_t(i)];
            c.fd = fd;
            c.since = Clock::now();
            if (connect(fd, reinterpret_cast<const sockaddr *>(&addr_), sizeof addr_) != 0
                && errno != EINPROGRESS) {
                std::perror("chatclients: connect");
                return false;
            }
            epoll_event ev {};
            ev.events = EPOLLIN | EPOLLOUT;
            ev.data.u32 = uint32_t(i);
            epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev);
            joining_.push_back(i);
        }
        return true;
    }

    // A joining client is in the room once it received its first line, or (for a server that greets
    // nobody) kSilentJoin after its connection was established.
    void admit()
    {
        const auto now = Clock::now();
        const auto before = joining_.size();
        joining_.erase(std::remove_if(joining_.begin(), joining_.end(),
                           [&](int i) {
                               const Client &c = clients_[size_t(i)];
                               return c.closed || c.linesIn > 0
                                   || (c.connected && now - c.since > kSilentJoin);
                           }),
            joining_.end());
        if (joining_.size() != before && !joinMore())
            setupFailed_ = true;
    }

    bool allJoined() const { return started_ == n_ && joining_.empty(); }

    // Runs the loop until `done()` or `deadline`; returns false on the deadline.
    template<class Done> bool loop(Clock::time_point deadline, Done done)
    {
        std::vector<epoll_event> evs(256);
        while (!done()) {
            const auto left
                = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0)
                return false;
            const int k = epoll_wait(ep_, evs.data(), int(evs.size()), int(std::min<long long>(left, 50)));
            for (int e = 0; e < k; ++e)
                handle(int(evs[size_t(e)].data.u32), evs[size_t(e)].events);
            if (!joining_.empty())
                admit();
        }
        return true;
    }

    bool setupFailed() const { return setupFailed_; }
    int welcomed() const
    {
        return int(
            std::count_if(clients_.begin(), clients_.end(), [](const Client &c) { return c.linesIn > 0; }));
    }
    Clock::time_point lastInput() const { return lastInput_; }

    void startTalking()
    {
        talking_ = true;
        for (int i = 0; i < n_; ++i)
            sayMore(i);
    }

    long expectedPerClient() const { return long(n_ - 1) * lines_; }
    bool complete() const { return complete_ == n_; }
    Clock::time_point completedAt() const { return completedAt_; }
    const Counts &counts() const { return counts_; }
    bool anyClosed() const
    {
        return std::any_of(clients_.begin(), clients_.end(), [](const Client &c) { return c.closed; });
    }

    // What each receiver is missing, for standard error.
    void reportMissing() const
    {
        int shown = 0;
        for (int r = 0; r < n_; ++r) {
            if (got_[size_t(r)] == expectedPerClient())
                continue;
            std::fprintf(stderr, "chatclients: client %d received %ld of %ld lines%s; missing:", r,
                got_[size_t(r)], expectedPerClient(),
                clients_[size_t(r)].closed ? " (connection closed)" : "");
            int listed = 0;
            for (int s = 0; s < n_ && listed < 8; ++s) {
                if (s == r)
                    continue;
                for (int q = 0; q < lines_ && listed < 8; ++q) {
                    if (!seen_[index(r, s, q)]) {
                        std::fprintf(stderr, " (c=%d s=%d)", s, q);
                        ++listed;
                    }
                }
            }
            std::fprintf(stderr, "%s\n", listed == 8 ? " ..." : "");
            if (++shown == 10) {
                std::fprintf(stderr, "chatclients: (further receivers not listed)\n");
                break;
            }
        }
        for (int c = 0; c < n_; ++c) {
            const Client &cl = clients_[size_t(c)];
            if (cl.said < lines_ && shown < 20) {
                std::fprintf(stderr, "chatclients: client %d said %d of %d lines (%d reached someone)\n", c,
                    cl.said, lines_, cl.heard);
                ++shown;
            }
        }
    }

    void closeAll()
    {
        for (Client &c : clients_) {
            if (c.fd >= 0) {
                linger l {1, 0}; // RST: no TIME_WAIT left behind
                setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
                close(c.fd);
                c.fd = -1;
            }
        }
    }

private:
    size_t index(int receiver, int sender, int seq) const
    {
        return (size_t(receiver) * size_t(n_) + size_t(sender)) * size_t(lines_) + size_t(seq);
    }

    void handle(int i, uint32_t events)
    {
        Client &c = clients_[size_t(i)];
        if (c.closed)
            return;
        if (!c.connected) {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                std::fprintf(stderr, "chatclients: client %d: connect: %s\n", i, std::strerror(err));
                setupFailed_ = true;
                drop(i);
                return;
            }
            if (!(events & (EPOLLOUT | EPOLLIN)))
                return;
            c.connected = true;
            c.since = Clock::now();
            watch(i, false);
        }
        if (events & EPOLLOUT)
            flush(i);
        if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            receive(i);
    }

    void watch(int i, bool writable)
    {
        Client &c = clients_[size_t(i)];
        if (c.wantWrite == writable)
            return;
        c.wantWrite = writable;
        epoll_event ev {};
        ev.events = EPOLLIN | (writable ? EPOLLOUT : 0u);
        ev.data.u32 = uint32_t(i);
        epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
    }

    void drop(int i)
    {
        Client &c = clients_[size_t(i)];
        c.closed = true;
        epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd, nullptr);
    }

    void flush(int i)
    {
        Client &c = clients_[size_t(i)];
        while (!c.out.empty()) {
            const ssize_t w = write(c.fd, c.out.data(), c.out.size());
            if (w < 0) {
                if (errno == EAGAIN)
                    break;
                std::fprintf(stderr, "chatclients: client %d: write: %s\n", i, std::strerror(errno));
                drop(i);
                return;
            }
            c.out.erase(0, size_t(w));
        }
        watch(i, !c.out.empty());
    }

    void sayMore(int i)
    {
        Client &c = clients_[size_t(i)];
        bool added = false;
        while (talking_ && !c.closed && c.said < lines_ && c.said - c.heard < inFlight_) {
            c.out += text(i, c.said++);
            c.out += '\n';
            added = true;
        }
        if (added)
            flush(i);
    }

    void receive(int i)
    {
        Client &c = clients_[size_t(i)];
        char buf[65536];
        for (;;) {
            const ssize_t r = read(c.fd, buf, sizeof buf);
            if (r < 0 && errno == EAGAIN)
                return;
            if (r <= 0) {
                if (!c.closed)
                    std::fprintf(stderr, "chatclients: client %d: the server closed the connection\n", i);
                drop(i);
                return;
            }
            lastInput_ = Clock::now();
            size_t from = 0;
            for (size_t k = 0; k < size_t(r); ++k) {
                if (buf[k] != '\n')
                    continue;
                if (c.in.empty()) {
                    line(i, buf + from, k - from);
                } else {
                    c.in.append(buf + from, k - from);
                    line(i, c.in.data(), c.in.size());
                    c.in.clear();
                }
                from = k + 1;
            }
            c.in.append(buf + from, size_t(r) - from);
            if (size_t(r) < sizeof buf)
                return;
        }
    }

    static int digits4(const char *p)
    {
        int v = 0;
        for (int k = 0; k < 4; ++k) {
            if (p[k] < '0' || p[k] > '9')
                return -1;
            v = v * 10 + (p[k] - '0');
        }
        return v;
    }

    void line(int r, const char *p, size_t len)
    {
        if (len > 0 && p[len - 1] == '\r')
            --len;
        ++clients_[size_t(r)].linesIn;
        const std::string_view l(p, len);
        const size_t at = l.find(tag_);
        if (at == std::string_view::npos) {
            ++counts_.other;
            return;
        }
        // "<NAME> " + "TAG c=CCCC s=SSSS ..."
        const size_t close = l.find("> ");
        const std::string_view t = l.substr(at);
        const size_t fields = tag_.size();
        if (l.empty() || l[0] != '<' || close == std::string_view::npos || close + 2 != at
            || t.size() != size_t(kLineLength) || t.substr(fields, 3) != " c="
            || t.substr(fields + 7, 3) != " s=") {
            ++counts_.corrupt;
            return;
        }
        const int s = digits4(t.data() + fields + 3);
        const int q = digits4(t.data() + fields + 10);
        if (s < 0 || s >= n_ || q < 0 || q >= lines_ || t != text(s, q)) {
            ++counts_.corrupt;
            return;
        }
        if (s == r) {
            ++counts_.own;
            return;
        }
        const std::string_view name = l.substr(1, close - 1);
        std::string &known = names_[size_t(s)];
        if (known.empty())
            known = std::string(name);
        else if (known != name)
            ++counts_.nameMismatch;
        char &seen = seen_[index(r, s, q)];
        if (seen) {
            ++counts_.duplicate;
            return;
        }
        seen = 1;
        int &last = last_[size_t(r) * size_t(n_) + size_t(s)];
        if (q < last)
            ++counts_.outOfOrder;
        last = std::max(last, q);
        ++counts_.delivered;
        if (++got_[size_t(r)] == expectedPerClient()) {
            if (++complete_ == n_)
                completedAt_ = Clock::now();
        }
        // The server has read this line: its sender may say the next one.
        char &heard = firstHeard_[size_t(s) * size_t(lines_) + size_t(q)];
        if (!heard) {
            heard = 1;
            ++clients_[size_t(s)].heard;
            sayMore(s);
        }
    }

    const int n_, lines_, inFlight_;
    const std::string tag_;
    std::vector<std::string> texts_; // [client][seq]: what it says
    std::vector<Client> clients_;
    std::vector<char> seen_; // [receiver][sender][seq]
    std::vector<int> last_; // [receiver][sender]: highest seq received
    std::vector<long> got_; // [receiver]: distinct lines of others received
    std::vector<char> firstHeard_; // [sender][seq]: reached at least one other client
    std::vector<std::string> names_; // [sender]: the NAME the room gave it
    Counts counts_;
    sockaddr_in addr_ {};
    int ep_ = -1;
    int started_ = 0;
    std::vector<int> joining_; // connecting, or connected and not yet greeted
    int complete_ = 0;
    bool talking_ = false;
    bool setupFailed_ = false;
    Clock::time_point lastInput_ = Clock::now();
    Clock::time_point completedAt_ {};
};

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr,
            "usage: chatclients HOST PORT [CLIENTS=100] [LINES=100] [TIMEOUT_MS=120000] "
            "[IN_FLIGHT=1]\n");
        return 2;
    }
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(std::atoi(argv[2])));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) {
        std::fprintf(stderr, "chatclients: HOST must be an IPv4 address\n");
        return 2;
    }
    const int n = argc > 3 ? std::atoi(argv[3]) : 100;
    const int lines = argc > 4 ? std::atoi(argv[4]) : 100;
    const long timeoutMs = argc > 5 ? std::atol(argv[5]) : 120000;
    const int inFlight = argc > 6 ? std::atoi(argv[6]) : 1;
    if (n < 2 || n > 9999 || lines < 1 || lines > 9999 || timeoutMs <= 0 || inFlight < 1) {
        std::fprintf(stderr, "chatclients: CLIENTS 2..9999, LINES 1..9999, TIMEOUT_MS > 0, IN_FLIGHT >= 1\n");
        return 2;
    }
    char tag[32];
    std::snprintf(tag, sizeof tag, "run%08x", unsigned(std::random_device {}()));

    Room room(n, lines, inFlight, tag);
    const auto c0 = Clock::now();
    if (!room.start(addr))
        return 1;
    // Everyone in, then quiet: nobody talks before the server holds all clients.
    const bool joined
        = room.loop(c0 + std::chrono::seconds(10), [&] { return room.setupFailed() || room.allJoined(); });
    if (room.setupFailed() || !joined) {
        if (!joined)
            std::fprintf(
                stderr, "chatclients: only %d of %d clients were greeted within 10 s\n", room.welcomed(), n);
        room.closeAll();
        return 1;
    }
    const auto q0 = Clock::now();
    room.loop(q0 + std::chrono::seconds(3),
        [&] { return Clock::now() - room.lastInput() > std::chrono::milliseconds(200); });
    const double connectS = seconds(c0, Clock::now());

    const double cpu0 = cpuSeconds();
    const auto t0 = Clock::now();
    room.startTalking();
    const bool inTime = room.loop(
        t0 + std::chrono::milliseconds(timeoutMs), [&] { return room.complete() || room.anyClosed(); });
    const bool finished = room.complete();
    const double elapsed = seconds(t0, finished ? room.completedAt() : Clock::now());
    const double cpu = cpuSeconds() - cpu0;
    // Not timed: late duplicates or extra lines.
    room.loop(Clock::now() + std::chrono::milliseconds(300), [] { return false; });

    const Counts &k = room.counts();
    const long expected = room.expectedPerClient() * n;
    std::printf("clients=%d lines=%d expected=%ld delivered=%ld missing=%ld duplicate=%ld out_of_order=%ld "
                "corrupt=%ld own=%ld name_mismatch=%ld other=%ld welcomed=%d elapsed_s=%.3f connect_s=%.3f "
                "client_cpu_s=%.3f\n",
        n, lines, expected, k.delivered, expected - k.delivered, k.duplicate, k.outOfOrder, k.corrupt, k.own,
        k.nameMismatch, k.other, room.welcomed(), elapsed, connectS, cpu);
    std::fflush(stdout);
    const bool ok = finished && k.delivered == expected && k.duplicate == 0 && k.outOfOrder == 0
        && k.corrupt == 0 && k.own == 0 && k.nameMismatch == 0;
    if (!inTime)
        std::fprintf(stderr, "chatclients: time limit of %ld ms reached\n", timeoutMs);
    if (!ok)
        room.reportMissing();
    room.closeAll();
    return ok ? 0 : 1;
}
