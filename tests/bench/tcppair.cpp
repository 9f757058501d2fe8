// The least a program can do to move a file over TCP, for the Sockpit benchmarks
// (tests/bench/run_benchmarks.py --only bulkparts): what the kernel's loopback allows, without a framework.
//
//   tcppair receive PORT        binds 127.0.0.1:PORT (0: the system picks; "port=N" goes to stderr),
//                               takes one connection, reads it in 256 KiB pieces until the sender's
//                               FIN, closes, and prints "received=N"
//   tcppair send PORT FILE      connects to 127.0.0.1:PORT, sends FILE with sendfile() (blocking),
//                               half-closes, and waits for the receiver to close
#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

sockaddr_in loopback(int port)
{
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

int fail(const char *what)
{
    std::fprintf(stderr, "tcppair: %s: %s\n", what, std::strerror(errno));
    return 1;
}

int receive(int port)
{
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0)
        return fail("socket");
    const int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr = loopback(port);
    socklen_t length = sizeof addr;
    if (bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(listener, 1) != 0
        || getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &length) != 0)
        return fail("cannot listen");
    std::fprintf(stderr, "port=%d\n", ntohs(addr.sin_port));
    std::fflush(stderr);
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0)
        return fail("accept");
    std::vector<char> buffer(256 * 1024);
    long long total = 0;
    for (;;) {
        const ssize_t n = recv(fd, buffer.data(), buffer.size(), 0);
        if (n > 0) {
            total += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail("recv");
        break;
    }
    close(fd);
    close(listener);
    std::printf("received=%lld\n", total);
    return 0;
}

int sendFile(int port, const char *path)
{
    const int file = open(path, O_RDONLY | O_CLOEXEC);
    struct stat info
    {
    };
    if (file < 0 || fstat(file, &info) != 0)
        return fail(path);
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return fail("socket");
    const sockaddr_in addr = loopback(port);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0)
        return fail("connect");
    off_t offset = 0;
    while (offset < info.st_size) {
        const ssize_t n = sendfile(fd, file, &offset, size_t(info.st_size - offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail("sendfile");
    }
    shutdown(fd, SHUT_WR);
    char byte;
    for (;;) { // until the receiver closes
        const ssize_t n = recv(fd, &byte, 1, 0);
        if (n == 0 || (n < 0 && errno != EINTR))
            break;
    }
    close(fd);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 3 && std::strcmp(argv[1], "receive") == 0)
        return receive(std::atoi(argv[2]));
    if (argc >= 4 && std::strcmp(argv[1], "send") == 0)
        return sendFile(std::atoi(argv[2]), argv[3]);
    std::fprintf(stderr, "usage: tcppair receive PORT | tcppair send PORT FILE\n");
    return 2;
}
