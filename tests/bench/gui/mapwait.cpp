// sockpit_mapwait: how long a program takes to put its window on the screen, measured by the X server's
// own notice rather than by polling. It listens on the root window for MapNotify, starts the program,
// and takes the time of the first map of a top-level window whose WM_NAME contains NAME.
//
// A mapped window is not yet a drawn one: a Qt window has no background of its own, so until the
// program draws, the screen shows what was there before. So it then reads three rows of the screen
// across the window (at a quarter, half and three quarters of its height, from its left edge to its
// right) about every half millisecond, and takes the time the first of them differs from the same
// pixels read before the program started: the first paint. It then lets the program settle, reads its
// resident memory, and ends it.
//
//     sockpit_mapwait [--timeout SECONDS] [--settle SECONDS] NAME PROGRAM [ARGS...]
//
// Prints one line, "mapped_ms=41.3 painted_ms=44.0 rss_mb=45.2", and exits 0 (painted_ms=-1 when
// nothing was drawn within the timeout); exits 1 (with a reason on standard error) when the display
// cannot be reached, the program cannot start, ends, or shows no such window in time. The program's
// standard output and error go to /dev/null. DISPLAY names the display.

#include <xcb/xcb.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

double nowMs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

std::string windowName(xcb_connection_t *connection, xcb_window_t window)
{
    const xcb_get_property_cookie_t cookie
        = xcb_get_property(connection, 0, window, XCB_ATOM_WM_NAME, XCB_GET_PROPERTY_TYPE_ANY, 0, 1024);
    std::unique_ptr<xcb_get_property_reply_t, decltype(&free)> reply(
        xcb_get_property_reply(connection, cookie, nullptr), &free);
    if (!reply)
        return {};
    return std::string(static_cast<const char *>(xcb_get_property_value(reply.get())),
        size_t(xcb_get_property_value_length(reply.get())));
}

double residentMb(pid_t pid)
{
    const std::string path = "/proc/" + std::to_string(pid) + "/status";
    FILE *file = std::fopen(path.c_str(), "r");
    if (!file)
        return -1;
    char line[256];
    double kb = -1;
    while (std::fgets(line, sizeof line, file)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0) {
            kb = std::strtod(line + 6, nullptr);
            break;
        }
    }
    std::fclose(file);
    return kb < 0 ? -1 : kb / 1024.0;
}

// The screen's pixels in rows y0..y0+height of the root window, or empty when they cannot be read.
std::string screenRows(
    xcb_connection_t *connection, xcb_window_t root, int y, uint16_t width, uint16_t height)
{
    const xcb_get_image_cookie_t cookie = xcb_get_image(
        connection, XCB_IMAGE_FORMAT_Z_PIXMAP, root, 0, int16_t(y), width, height, 0x00ffffffu);
    std::unique_ptr<xcb_get_image_reply_t, decltype(&free)> reply(
        xcb_get_image_reply(connection, cookie, nullptr), &free);
    if (!reply)
        return {};
    return std::string(reinterpret_cast<const char *>(xcb_get_image_data(reply.get())),
        size_t(xcb_get_image_data_length(reply.get())));
}

// Where the first paint is looked for: three rows of the screen, a quarter, half and three quarters down
// the window, each from the window's left edge to its right (clipped to the screen).
struct WatchedRows
{
    std::vector<int> rows;
    int left = 0;
    int right = 0; // one past the last column
};

WatchedRows watchedRows(xcb_connection_t *connection, xcb_window_t window, const xcb_screen_t *screen)
{
    WatchedRows watched;
    std::unique_ptr<xcb_get_geometry_reply_t, decltype(&free)> geometry(
        xcb_get_geometry_reply(connection, xcb_get_geometry(connection, window), nullptr), &free);
    if (!geometry)
        return watched;
    std::unique_ptr<xcb_translate_coordinates_reply_t, decltype(&free)> origin(
        xcb_translate_coordinates_reply(
            connection, xcb_translate_coordinates(connection, window, screen->root, 0, 0), nullptr),
        &free);
    if (!origin)
        return watched;
    watched.left = origin->dst_x < 0 ? 0 : origin->dst_x;
    watched.right = origin->dst_x + geometry->width;
    if (watched.right > screen->width_in_pixels)
        watched.right = screen->width_in_pixels;
    for (int quarter = 1; quarter <= 3 && watched.left < watched.right; ++quarter) {
        const int y = origin->dst_y + geometry->height * quarter / 4;
        if (y >= 0 && y < screen->height_in_pixels)
            watched.rows.push_back(y);
    }
    return watched;
}

void endChild(pid_t pid)
{
    kill(pid, SIGTERM);
    for (int i = 0; i < 500; ++i) { // 5 s, then SIGKILL
        if (waitpid(pid, nullptr, WNOHANG) == pid)
            return;
        usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}

int usage()
{
    std::fprintf(
        stderr, "usage: sockpit_mapwait [--timeout SECONDS] [--settle SECONDS] NAME PROGRAM [ARGS...]\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    double timeoutMs = 30000;
    double settleS = 2.0;
    int arg = 1;
    while (arg + 1 < argc && std::strncmp(argv[arg], "--", 2) == 0) {
        if (std::strcmp(argv[arg], "--timeout") == 0)
            timeoutMs = std::atof(argv[arg + 1]) * 1000;
        else if (std::strcmp(argv[arg], "--settle") == 0)
            settleS = std::atof(argv[arg + 1]);
        else
            return usage();
        arg += 2;
    }
    if (argc - arg < 2)
        return usage();
    const std::string wanted = argv[arg];
    char **program = argv + arg + 1;

    xcb_connection_t *connection = xcb_connect(nullptr, nullptr);
    if (const int error = xcb_connection_has_error(connection)) {
        std::fprintf(stderr, "sockpit_mapwait: cannot open the display (xcb error %d, %s)\n", error,
            std::strerror(errno));
        return 1;
    }
    const xcb_screen_t *screen = xcb_setup_roots_iterator(xcb_get_setup(connection)).data;
    const uint32_t mask = XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY;
    // Checked, so that the subscription is in place before the program starts.
    if (std::unique_ptr<xcb_generic_error_t, decltype(&free)> error(
            xcb_request_check(connection,
                xcb_change_window_attributes_checked(connection, screen->root, XCB_CW_EVENT_MASK, &mask)),
            &free);
        error) {
        std::fprintf(stderr, "sockpit_mapwait: cannot watch the root window\n");
        return 1;
    }

    // The screen before the program starts, to tell its first paint from what was there.
    const uint16_t screenWidth = screen->width_in_pixels;
    const std::string before = screenRows(connection, screen->root, 0, screenWidth, screen->height_in_pixels);
    const size_t rowBytes = before.size() / screen->height_in_pixels;
    if (before.empty() || rowBytes == 0) {
        std::fprintf(stderr, "sockpit_mapwait: cannot read the screen\n");
        return 1;
    }

    const double start = nowMs();
    const pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "sockpit_mapwait: fork: %s\n", std::strerror(errno));
        return 1;
    }
    if (pid == 0) {
        const int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(xcb_get_file_descriptor(connection));
        execvp(program[0], program);
        _exit(127);
    }

    double mapped = -1;
    xcb_window_t shown = XCB_WINDOW_NONE;
    const int fd = xcb_get_file_descriptor(connection);
    while (mapped < 0) {
        while (xcb_generic_event_t *event = xcb_poll_for_event(connection)) {
            if ((event->response_type & 0x7f) == XCB_MAP_NOTIFY) {
                const double at = nowMs();
                const auto *map = reinterpret_cast<xcb_map_notify_event_t *>(event);
                if (mapped < 0 && windowName(connection, map->window).find(wanted) != std::string::npos) {
                    mapped = at - start;
                    shown = map->window;
                }
            }
            free(event);
        }
        if (mapped >= 0)
            break;
        if (xcb_connection_has_error(connection)) {
            std::fprintf(stderr, "sockpit_mapwait: the display connection broke\n");
            endChild(pid);
            return 1;
        }
        if (waitpid(pid, nullptr, WNOHANG) == pid) {
            std::fprintf(
                stderr, "sockpit_mapwait: %s ended before showing '%s'\n", program[0], wanted.c_str());
            return 1;
        }
        const double left = timeoutMs - (nowMs() - start);
        if (left <= 0) {
            std::fprintf(
                stderr, "sockpit_mapwait: no window '%s' within %.0f s\n", wanted.c_str(), timeoutMs / 1000);
            endChild(pid);
            return 1;
        }
        pollfd waitFor {fd, POLLIN, 0};
        poll(&waitFor, 1, int(left < 100 ? left : 100)); // wakes now and then to see if the program ended
    }

    double painted = -1;
    const WatchedRows watched = watchedRows(connection, shown, screen);
    const size_t pixelBytes = rowBytes / screenWidth;
    const size_t from = size_t(watched.left) * pixelBytes;
    const size_t length = size_t(watched.right - watched.left) * pixelBytes;
    while (painted < 0 && nowMs() - start < timeoutMs && !watched.rows.empty()) {
        for (int y : watched.rows) {
            const std::string now = screenRows(connection, screen->root, y, screenWidth, 1);
            if (now.size() < from + length)
                break;
            if (now.compare(from, length, before, size_t(y) * rowBytes + from, length) != 0) {
                painted = nowMs() - start;
                break;
            }
        }
        if (painted >= 0)
            break;
        if (waitpid(pid, nullptr, WNOHANG) == pid) {
            std::fprintf(stderr, "sockpit_mapwait: %s ended before it painted its window\n", program[0]);
            return 1;
        }
        usleep(500);
    }

    if (settleS > 0)
        usleep(useconds_t(settleS * 1e6));
    const double rss = residentMb(pid);
    endChild(pid);
    xcb_disconnect(connection);
    std::printf("mapped_ms=%.1f painted_ms=%.1f rss_mb=%.1f\n", mapped, painted, rss);
    return 0;
}
