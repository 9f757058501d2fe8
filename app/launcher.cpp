// sockpit: runs the program behind its first word, with the same arguments. The headless commands
// (listen, connect, relay, ping, run, export-pcap, --version, --help) are sockpit-cli, which links Qt
// Core and Network only; anything else opens the window, sockpit-window. A command thus starts without
// loading the window's libraries (Qt Widgets and Gui, and through them X11, fonts and OpenGL): that
// loading was most of a command's start-up time.
//
// Both programs are looked for next to this one (the build tree), then in SOCKPIT_LIBEXEC_RELATIVE
// from it (an installation: ../libexec/sockpit). No Qt here, so that this step costs almost nothing.

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#ifndef SOCKPIT_LIBEXEC_RELATIVE
#error "SOCKPIT_LIBEXEC_RELATIVE names the folder of sockpit-cli and sockpit-window, relative to sockpit's"
#endif

// Nothing from the C++ library either (no std::string): linked with --as-needed, the launcher then
// loads the C library alone.
namespace {

bool isHeadless(const char *word)
{
    static const char *const words[] = {"listen", "connect", "relay", "ping", "run", "export-pcap",
        "--version", "-V", "--help", "-h", "help"};
    for (const char *headless : words) {
        if (std::strcmp(word, headless) == 0)
            return true;
    }
    return false;
}

// The folder this program is in, from the kernel's link to it, into `folder`; else from argv[0] when
// that names a path. False when neither tells (a bare name found on PATH, and no /proc).
bool ownFolder(const char *argv0, char *folder, size_t size)
{
    const ssize_t n = ::readlink("/proc/self/exe", folder, size);
    if (n > 0 && size_t(n) < size) {
        folder[n] = 0;
    } else if (std::strchr(argv0, '/') && std::strlen(argv0) < size) {
        std::snprintf(folder, size, "%s", argv0);
    } else {
        return false;
    }
    *std::strrchr(folder, '/') = 0;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    const char *program = argc > 1 && isHeadless(argv[1]) ? "sockpit-cli" : "sockpit-window";
    static char folder[PATH_MAX];
    if (!ownFolder(argc > 0 ? argv[0] : "", folder, sizeof folder)) {
        std::fprintf(stderr, "sockpit: cannot tell which folder it runs from, to find %s\n", program);
        return 1;
    }
    static char candidates[2][2 * PATH_MAX];
    std::snprintf(candidates[0], sizeof candidates[0], "%s/%s", folder, program);
    std::snprintf(candidates[1], sizeof candidates[1], "%s/%s/%s", folder, SOCKPIT_LIBEXEC_RELATIVE, program);
    for (const char *candidate : candidates) {
        ::execv(candidate, argv);
        if (errno != ENOENT) {
            std::fprintf(stderr, "sockpit: cannot run %s: %s\n", candidate, std::strerror(errno));
            return 1;
        }
    }
    std::fprintf(
        stderr, "sockpit: %s is missing: looked for %s and %s\n", program, candidates[0], candidates[1]);
    return 1;
}
