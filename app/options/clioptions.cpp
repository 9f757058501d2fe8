// `sockpit --help`: the usage of the window's flags and of every command. The commands' options and
// help texts are in listenoptions.cpp, connectoptions.cpp, relayoptions.cpp, pingoptions.cpp and
// runoptions.cpp (and
// exportpcapcommand.cpp), what they share in optionparsing.cpp. Checked through the built program by
// tests/app/commands/tst_cliarguments.cpp (--help, -h) and tests/app/commands/tst_manpage.cpp (against the
// man page).

#include "clioptions.h"

namespace sockpit::cli {

QString mainHelp()
{
    return Cli::tr(
        "Usage: sockpit [--mode tcp-server|tcp-client|udp|icmp] [--bind ADDR] [--port N] [--host HOST] "
        "[--start] "
        "[--record FILE]\n"
        "       sockpit --mode unix-server|unix-client|unix-dgram [--path PATH] [--start] [--record FILE]\n"
        "       sockpit --workspace FILE [--start]\n"
        "       sockpit listen  [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE]\n"
        "                       [--join GROUP]... [--iface NAME] [--tls [--cert FILE --key FILE] [--ca "
        "FILE]]\n"
        "                       [--rules FILE] [--framing SPEC [--max-frame N]] [--chat [--name NAME]]\n"
        "       sockpit listen  --unix [--udp] PATH [--echo] [--max-clients N] [--record FILE] ...\n"
        "       sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]\n"
        "                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE]\n"
        "                       [--iface NAME] [--tls [--ca FILE | --insecure] [--cert FILE --key FILE]]\n"
        "                       [--checksum NAME[:le|:be]] [--rules FILE] [--framing SPEC [--max-frame N]]\n"
        "       sockpit connect --unix [--udp] PATH [--send TEXT | --send-file FILE] ...\n"
        "       sockpit relay   [--udp] [--bind ADDR] PORT HOST PORT [--record FILE]\n"
        "                       [--framing SPEC [--max-frame N]]\n"
        "       sockpit ping    [--count N] [--interval MS] [--size N] [--timeout MS] HOST\n"
        "       sockpit run     FILE [--udp] HOST PORT [--timeout MS] [--record FILE] [-v]\n"
        "       sockpit run     FILE --unix [--udp] PATH [--timeout MS] [--record FILE] [-v]\n"
        "       sockpit export-pcap IN.jsonl OUT.pcap\n"
        "\n"
        "Talk over plain sockets: a TCP server, a TCP client or a UDP socket, or their Unix domain kin.\n"
        "Without a command, sockpit opens its window; the flags pre-fill (and with --start, start) a "
        "session.\n"
        "The commands listen and connect need no display: received bytes go to standard output unchanged,\n"
        "diagnostics to standard error. relay forwards a port to HOST:PORT and records both directions.\n"
        "run connects and runs a scripted conversation (a sequence file), one line per step.\n"
        "'sockpit COMMAND --help' tells more.\n"
        "\n"
        "Options:\n"
        "  -h, --help       Show this help.\n"
        "  --version        Show the version.\n"
        "  --mode MODE      Window: tcp-server, tcp-client, udp, icmp, unix-server, unix-client or\n"
        "                   unix-dgram.\n"
        "  --bind ADDR      Window: local address.\n"
        "  --port N         Window: local port (server, UDP) or remote port (client).\n"
        "  --host HOST      Window: remote host (client, UDP target, ICMP).\n"
        "  --path PATH      Window, Unix modes: the socket's path, or @name (a client's: where it "
        "connects).\n"
        "  --start          Window: start the session (or every tab of the workspace) at once.\n"
        "  --workspace FILE Window: open the tabs a workspace file describes (File > Save Workspace).\n"
        "  --record FILE    Record every event to FILE (JSON Lines if it ends in .jsonl, else text).\n"
        "\n"
        "Exit status: 0 success, 1 the system refused or failed, 2 invalid arguments.\n");
}

} // namespace sockpit::cli
