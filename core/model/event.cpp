#include "event.h"

#include <chrono>

namespace sockpit {

qint64 nowMicroseconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

const char *directionName(Direction dir)
{
    switch (dir) {
    case Direction::In:
        return "in";
    case Direction::Out:
        return "out";
    case Direction::Info:
        return "info";
    case Direction::Error:
        return "error";
    }
    return "info";
}

const char *eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::None:
        return "";
    case EventKind::Bind:
        return "bind";
    case EventKind::Listen:
        return "listen";
    case EventKind::Accept:
        return "accept";
    case EventKind::Connect:
        return "connect";
    case EventKind::Resolve:
        return "resolve";
    case EventKind::HalfClose:
        return "half-close";
    case EventKind::ShutdownWrite:
        return "shutdown";
    case EventKind::Close:
        return "close";
    case EventKind::Reset:
        return "reset";
    case EventKind::Cut:
        return "cut";
    case EventKind::Refused:
        return "refused";
    case EventKind::Timeout:
        return "timeout";
    case EventKind::Dropped:
        return "dropped";
    case EventKind::Stop:
        return "stop";
    case EventKind::Tls:
        return "tls";
    case EventKind::Checksum:
        return "checksum";
    case EventKind::WebSocket:
        return "websocket";
    case EventKind::Error:
        return "error";
    case EventKind::Join:
        return "join";
    case EventKind::Leave:
        return "leave";
    case EventKind::Reply:
        return "reply";
    }
    return "error";
}

} // namespace sockpit
