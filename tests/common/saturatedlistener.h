#pragma once

#include <QtGlobal>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sockpit::test {

// A loopback port where a connect attempt stays pending: a listener with backlog 0 that never accepts,
// its queue filled, so Linux drops further SYNs (no RST) until the caller gives up. Port 0: failed.
class SaturatedListener
{
public:
    SaturatedListener()
    {
        m_fds[0] = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto *raw = reinterpret_cast<sockaddr *>(&address);
        if (::bind(m_fds[0], raw, sizeof address) != 0 || ::listen(m_fds[0], 0) != 0
            || ::getsockname(m_fds[0], raw, &length) != 0)
            return;
        for (int i = 1; i < 3; ++i) {
            m_fds[i] = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
            ::connect(m_fds[i], raw, sizeof address);
        }
        port = ntohs(address.sin_port);
    }
    ~SaturatedListener()
    {
        for (int fd : m_fds)
            ::close(fd);
    }
    SaturatedListener(const SaturatedListener &) = delete;
    SaturatedListener &operator=(const SaturatedListener &) = delete;

    quint16 port = 0;

private:
    int m_fds[3] = {-1, -1, -1};
};

} // namespace sockpit::test
