<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Cli</name>
    <message>
        <location filename="../../app/clioptions.cpp" line="43"/>
        <source>%1 needs a whole number from %2 to %3, not &apos;%4&apos;</source>
        <translation>%1 需要一个 %2 到 %3 之间的整数，而不是“%4”</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="57"/>
        <source>--bind needs an IP address of this machine (such as 0.0.0.0, 127.0.0.1 or ::), not &apos;%1&apos;</source>
        <translation>--bind 需要本机的 IP 地址（如 0.0.0.0、127.0.0.1 或 ::），而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="79"/>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="80"/>
        <source>Use UDP instead of TCP.</source>
        <translation>使用 UDP 而非 TCP。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="82"/>
        <source>Record every event to FILE (JSON Lines if it ends in .jsonl, else text).</source>
        <translation>将每个事件记录到 FILE（以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="83"/>
        <location filename="../../app/clioptions.cpp" line="141"/>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="85"/>
        <source>Report every connection step on standard error.</source>
        <translation>在标准错误输出上报告每个连接步骤。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="95"/>
        <location filename="../../app/clioptions.cpp" line="238"/>
        <source>Listen on ADDR only (default: all IPv4 interfaces; :: for IPv6 too).</source>
        <translation>只在 ADDR 上监听（默认：所有 IPv4 接口；用 :: 则同时包括 IPv6）。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="95"/>
        <location filename="../../app/clioptions.cpp" line="238"/>
        <source>ADDR</source>
        <translation>ADDR</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="96"/>
        <source>Send each received chunk back to its sender.</source>
        <translation>把收到的每块数据发回给发送方。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="98"/>
        <source>Accept at most N clients at once; refuse the others.</source>
        <translation>最多同时接受 N 个客户端，拒绝其余的。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="98"/>
        <location filename="../../app/clioptions.cpp" line="148"/>
        <location filename="../../app/clioptions.cpp" line="150"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="109"/>
        <source>listen needs a PORT (0 lets the system pick one)</source>
        <translation>listen 需要一个 PORT（0 表示由系统选择）</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="110"/>
        <source>listen takes one PORT, got: %1</source>
        <translation>listen 只接受一个 PORT，收到的是：%1</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="118"/>
        <location filename="../../app/clioptions.cpp" line="173"/>
        <location filename="../../app/clioptions.cpp" line="264"/>
        <source>--record needs a file name</source>
        <translation>--record 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="139"/>
        <source>Send TEXT (UTF-8 as typed; hex with --hex) instead of standard input.</source>
        <translation>发送 TEXT（按输入的 UTF-8 文本；加 --hex 时为十六进制），而不是标准输入。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="139"/>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="141"/>
        <source>Send the contents of FILE instead of standard input.</source>
        <translation>发送 FILE 的内容，而不是标准输入。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="143"/>
        <source>TEXT of --send is hex: &apos;48 65 6c&apos;, &apos;48656c&apos; or &apos;0x48,0x65&apos;.</source>
        <translation>--send 的 TEXT 为十六进制：&apos;48 65 6c&apos;、&apos;48656c&apos; 或 &apos;0x48,0x65&apos;。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="145"/>
        <source>After the input ended, exit once nothing has arrived for MS milliseconds.</source>
        <translation>输入结束后，若 MS 毫秒内没有收到数据则退出。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="145"/>
        <location filename="../../app/clioptions.cpp" line="147"/>
        <location filename="../../app/clioptions.cpp" line="152"/>
        <location filename="../../app/clioptions.cpp" line="240"/>
        <source>MS</source>
        <translation>MS</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="147"/>
        <source>Give up connecting after MS milliseconds (default 10000).</source>
        <translation>连接超过 MS 毫秒后放弃（默认 10000）。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="148"/>
        <source>Send from local port N.</source>
        <translation>从本地端口 N 发送。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="150"/>
        <source>Send the --send/--send-file payload N times.</source>
        <translation>将 --send/--send-file 的数据发送 N 次。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="152"/>
        <source>Milliseconds between repeats, fractions allowed (0: as fast as possible).</source>
        <translation>每次重复之间的毫秒数，可以是小数（0：尽可能快）。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="163"/>
        <source>connect needs HOST and PORT, got: &apos;%1&apos;</source>
        <translation>connect 需要 HOST 和 PORT，收到的是：“%1”</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="178"/>
        <source>use either --send or --send-file, not both</source>
        <translation>--send 和 --send-file 只能使用其中一个</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="180"/>
        <source>--hex applies to the TEXT of --send</source>
        <translation>--hex 只作用于 --send 的 TEXT</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="186"/>
        <source>--send: %1</source>
        <translation>--send：%1</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="192"/>
        <source>--send-file needs a file name</source>
        <translation>--send-file 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="210"/>
        <source>--local-port: %1</source>
        <translation>--local-port：%1</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="213"/>
        <source>--repeat needs --send or --send-file</source>
        <translation>--repeat 需要配合 --send 或 --send-file 使用</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="220"/>
        <source>--interval needs --repeat</source>
        <translation>--interval 需要配合 --repeat 使用</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="226"/>
        <source>--interval needs a number of milliseconds (0 or more), not &apos;%1&apos;</source>
        <translation>--interval 需要一个毫秒数（0 或更大），而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="240"/>
        <source>Give up connecting to the target after MS milliseconds (default 10000).</source>
        <translation>在 MS 毫秒后放弃连接目标（默认 10000）。</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="251"/>
        <source>relay needs PORT, HOST and PORT (listen here, forward there), got: &apos;%1&apos;</source>
        <translation>relay 需要 PORT、HOST 和 PORT（在此监听，转发到那里），实际得到：&apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="282"/>
        <source>Usage: sockpit [--mode tcp-server|tcp-client|udp] [--bind ADDR] [--port N] [--host HOST] [--start] [--record FILE]
       sockpit listen  [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE]
       sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE]
       sockpit relay   [--udp] [--bind ADDR] PORT HOST PORT [--record FILE]

Talk over plain sockets: a TCP server, a TCP client or a UDP socket.
Without a command, sockpit opens its window; the flags pre-fill (and with --start, start) a session.
The commands listen and connect need no display: received bytes go to standard output unchanged,
diagnostics to standard error. relay forwards a port to HOST:PORT and records both directions.
&apos;sockpit COMMAND --help&apos; tells more.

Options:
  -h, --help       Show this help.
  --version        Show the version.
  --mode MODE      Window: tcp-server, tcp-client or udp.
  --bind ADDR      Window: local address.
  --port N         Window: local port (server, UDP) or remote port (client).
  --host HOST      Window: remote host (client, UDP target).
  --start          Window: start the session at once.
  --record FILE    Record every event to FILE (JSON Lines if it ends in .jsonl, else text).

Exit status: 0 success, 1 the system refused or failed, 2 invalid arguments.
</source>
        <translation>用法：sockpit [--mode tcp-server|tcp-client|udp] [--bind ADDR] [--port N] [--host HOST] [--start] [--record FILE]
      sockpit listen  [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE]
      sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                      [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE]
      sockpit relay   [--udp] [--bind ADDR] PORT HOST PORT [--record FILE]

通过普通套接字通信：TCP 服务器、TCP 客户端或 UDP 套接字。
不带命令时，sockpit 打开窗口；各选项预先填好会话设置（加上 --start 则直接启动会话）。
listen 和 connect 命令不需要显示器：接收到的字节原样写到标准输出，诊断信息写到标准错误输出。
relay 把一个端口转发到 HOST:PORT，并记录两个方向的数据。
&apos;sockpit 命令 --help&apos; 可查看详细说明。

选项：
  -h, --help       显示此帮助。
  --version        显示版本。
  --mode MODE      窗口：tcp-server、tcp-client 或 udp。
  --bind ADDR      窗口：本地地址。
  --port N         窗口：本地端口（服务器、UDP）或远程端口（客户端）。
  --host HOST      窗口：远程主机（客户端、UDP 目标）。
  --start          窗口：立即启动会话。
  --record FILE    将每个事件记录到 FILE（以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。

退出状态：0 成功，1 系统拒绝或失败，2 参数无效。
</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="357"/>
        <source>Usage: sockpit relay [--udp] [--bind ADDR] PORT HOST PORT [--timeout MS] [--record FILE] [-v]

Listens on the first PORT (0: the system picks one; &apos;listening on ADDR:PORT&apos; goes to standard
error) and forwards every connection (UDP: every sender&apos;s datagrams) to HOST:PORT, and the
answers back. Put it between a device and its server to watch what they say: --record FILE
keeps both directions, each event naming both peers (&apos;--record /dev/stdout&apos; shows them as
text). Runs until SIGINT or SIGTERM.

  --udp              Relay UDP datagrams instead of TCP connections.
  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).
  --timeout MS       Give up connecting to HOST:PORT for a client after MS milliseconds
                     (default 10000); that client is closed, the relay goes on.
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every connection step, and the byte totals at the end, on standard error.
</source>
        <translation>用法：sockpit relay [--udp] [--bind ADDR] PORT HOST PORT [--timeout MS] [--record FILE] [-v]

在第一个 PORT 上监听（0：由系统选择端口；&apos;listening on ADDR:PORT&apos; 写到标准错误输出），
把每个连接（UDP：每个发送方的数据报）转发到 HOST:PORT，并把回复送回。把它放在设备和服务器之间，
就能看到双方说了什么：--record FILE 记录两个方向的数据，每个事件都写明双方地址
（&apos;--record /dev/stdout&apos; 以文本形式显示）。一直运行到收到 SIGINT 或 SIGTERM 为止。

  --udp              中继 UDP 数据报而非 TCP 连接。
  --bind ADDR        只在 ADDR 上监听（默认 0.0.0.0；:: 表示同时监听 IPv6 和 IPv4）。
  --timeout MS       为某个客户端连接 HOST:PORT 时，MS 毫秒后放弃（默认 10000）；
                     该客户端被关闭，中继继续运行。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个连接步骤，并在结束时报告字节总数。
</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="312"/>
        <source>Usage: sockpit listen [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE] [-v]

Listens on PORT (0: the system picks one) and prints &apos;listening on ADDR:PORT&apos; to standard error.
Received bytes go to standard output; standard input goes to every connected client (UDP: to the
most recent sender). Runs until SIGINT or SIGTERM; the end of standard input does not stop it.

  --udp              Use UDP instead of TCP.
  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).
  --echo             Send each received chunk back to its sender.
  --max-clients N    Accept at most N clients at once; further ones are closed and logged as refused.
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every connection step, and the byte totals at the end, on standard error.
</source>
        <translation>用法：sockpit listen [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE] [-v]

在 PORT 上监听（0：由系统选择端口），并在标准错误输出上打印 &apos;listening on ADDR:PORT&apos;。
接收到的字节写到标准输出；标准输入发给每个已连接的客户端（UDP：发给最近的发送方）。
一直运行到收到 SIGINT 或 SIGTERM 为止；标准输入结束不会使其停止。

  --udp              使用 UDP 而非 TCP。
  --bind ADDR        只在 ADDR 上监听（默认 0.0.0.0；:: 表示同时监听 IPv6 和 IPv4）。
  --echo             把收到的每块数据发回给发送方。
  --max-clients N    最多同时接受 N 个客户端；超出的连接会被关闭，并记为已拒绝。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个连接步骤，并在结束时报告字节总数。
</translation>
    </message>
    <message>
        <location filename="../../app/clioptions.cpp" line="331"/>
        <source>Usage: sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE] [-v]

Connects to HOST:PORT and sends --send TEXT, else --send-file FILE, else standard input. When the
input ends, a TCP connection shuts down its sending side and keeps receiving. Received bytes go to
standard output. Exits when the peer closes, or once nothing has arrived for --wait MS after the
input ended (UDP: 2000 ms by default).

  --udp              Use UDP instead of TCP.
  --send TEXT        Send TEXT (UTF-8 as typed) instead of standard input.
  --hex              TEXT of --send is hex: &apos;48 65 6c&apos;, &apos;48656c&apos; or &apos;0x48,0x65&apos;.
  --send-file FILE   Send the contents of FILE instead of standard input.
  --wait MS          After the input ended, exit once nothing has arrived for MS milliseconds.
  --timeout MS       Give up connecting after MS milliseconds (default 10000).
  --local-port N     Send from local port N.
  --repeat N         Send the payload N times ...
  --interval MS      ... MS milliseconds apart, fractions allowed (0: as fast as possible).
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every connection step, and the byte totals at the end, on standard error.
</source>
        <translation>用法：sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                      [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE] [-v]

连接到 HOST:PORT，发送 --send 的 TEXT；没有时发送 --send-file 的 FILE 的内容，否则发送标准输入。
输入结束时，TCP 连接会关闭自己的发送方向并继续接收。接收到的字节写到标准输出。
对端关闭连接时退出，或者在输入结束后 --wait MS 毫秒内没有收到数据时退出（UDP：默认 2000 ms）。

  --udp              使用 UDP 而非 TCP。
  --send TEXT        发送 TEXT（按输入的 UTF-8 文本），而不是标准输入。
  --hex              --send 的 TEXT 为十六进制：&apos;48 65 6c&apos;、&apos;48656c&apos; 或 &apos;0x48,0x65&apos;。
  --send-file FILE   发送 FILE 的内容，而不是标准输入。
  --wait MS          输入结束后，若 MS 毫秒内没有收到数据则退出。
  --timeout MS       连接超过 MS 毫秒后放弃（默认 10000）。
  --local-port N     从本地端口 N 发送。
  --repeat N         将数据发送 N 次，
  --interval MS      每次间隔 MS 毫秒，可以是小数（0：尽可能快）。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个连接步骤，并在结束时报告字节总数。
</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../app/main.cpp" line="50"/>
        <source>Try &apos;%1 --help&apos;.
</source>
        <translation>请尝试 &apos;%1 --help&apos;。
</translation>
    </message>
    <message>
        <location filename="../../app/main.cpp" line="106"/>
        <source>sockpit: there is no display to open the window on (DISPLAY is not set).
The headless commands need none: &apos;sockpit listen PORT&apos; and &apos;sockpit connect HOST PORT&apos; (see &apos;sockpit --help&apos;).
</source>
        <translation>sockpit：没有可以打开窗口的显示器（未设置 DISPLAY）。
无界面命令不需要显示器：&apos;sockpit listen PORT&apos; 和 &apos;sockpit connect HOST PORT&apos;（参见 &apos;sockpit --help&apos;）。
</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../core/sessioncore.cpp" line="269"/>
        <source>not sent: no datagram has arrived yet, so there is no sender to answer</source>
        <translation>未发送：还没有收到任何数据报，没有可以回复的发送方</translation>
    </message>
    <message>
        <location filename="../../core/sessioncore.cpp" line="283"/>
        <source>not sent: %1 bytes are still waiting for this peer to read</source>
        <translation>未发送：仍有 %1 字节在等待该对端读取</translation>
    </message>
    <message>
        <location filename="../../core/sessioncore.cpp" line="298"/>
        <source>not sent: connection %1 is closed</source>
        <translation>未发送：连接 %1 已关闭</translation>
    </message>
    <message>
        <location filename="../../core/sessioncore.cpp" line="299"/>
        <source>not sent: nobody is connected</source>
        <translation>未发送：当前没有任何连接</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="235"/>
        <source>Close Tab</source>
        <translation>关闭标签页</translation>
    </message>
</context>
<context>
    <name>RawCapture</name>
    <message>
        <location filename="../../core/rawcapture.cpp" line="26"/>
        <source>cannot open &apos;%1&apos;: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../core/rawcapture.cpp" line="64"/>
        <source>saving received bytes stopped: %1</source>
        <translation>保存接收数据已停止：%1</translation>
    </message>
</context>
<context>
    <name>WindowCli</name>
    <message>
        <location filename="../../app/windowoptions.cpp" line="29"/>
        <source>Session mode.</source>
        <translation>会话模式。</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="31"/>
        <source>Local address.</source>
        <translation>本地地址。</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="32"/>
        <source>Port.</source>
        <translation>端口。</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="34"/>
        <source>Remote host.</source>
        <translation>远程主机。</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="35"/>
        <source>Start at once.</source>
        <translation>立即启动。</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="37"/>
        <source>Record to FILE.</source>
        <translation>记录到 FILE。</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="41"/>
        <source>unknown command &apos;%1&apos; (commands: listen, connect)</source>
        <translation>未知命令“%1”（可用命令：listen、connect）</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="54"/>
        <source>--mode must be tcp-server, tcp-client or udp, not &apos;%1&apos;</source>
        <translation>--mode 必须是 tcp-server、tcp-client 或 udp，而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="59"/>
        <source>--bind needs an IP address, not &apos;%1&apos;</source>
        <translation>--bind 需要一个 IP 地址，而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="68"/>
        <source>--host: %1</source>
        <translation>--host：%1</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="74"/>
        <source>--port: %1</source>
        <translation>--port：%1</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="86"/>
        <source>--start with --mode tcp-client needs --host and --port</source>
        <translation>--start 与 --mode tcp-client 一起使用时需要 --host 和 --port</translation>
    </message>
    <message>
        <location filename="../../app/windowoptions.cpp" line="89"/>
        <source>--record needs a file name</source>
        <translation>--record 需要一个文件名</translation>
    </message>
</context>
<context>
    <name>sockpit::Endpoint</name>
    <message>
        <location filename="../../core/endpoint.cpp" line="142"/>
        <source>port is empty</source>
        <translation>端口为空</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="145"/>
        <source>&apos;%1&apos; is not a port number</source>
        <translation>“%1”不是端口号</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="154"/>
        <source>port must be a number from 0 to 65535 (not %1)</source>
        <translation>端口必须是 0 到 65535 之间的数字（而不是 %1）</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="155"/>
        <source>port must be a number from 1 to 65535 (not %1)</source>
        <translation>端口必须是 1 到 65535 之间的数字（而不是 %1）</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="166"/>
        <source>host is empty</source>
        <translation>主机为空</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="170"/>
        <location filename="../../core/endpoint.cpp" line="200"/>
        <source>&apos;%1&apos; is not a valid IPv6 address</source>
        <translation>“%1”不是有效的 IPv6 地址</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="175"/>
        <source>&apos;%1&apos; is not a valid IPv4 address</source>
        <translation>“%1”不是有效的 IPv4 地址</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="179"/>
        <source>&apos;%1&apos; is not a hostname or address</source>
        <translation>“%1”不是主机名或地址</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="186"/>
        <source>address is empty: write host:port</source>
        <translation>地址为空：请按“主机:端口”的格式填写</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="195"/>
        <source>&apos;%1&apos; has no closing &apos;]&apos;</source>
        <translation>“%1”缺少右方括号“]”</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="204"/>
        <source>&apos;%1&apos; has no port: write [address]:port</source>
        <translation>“%1”没有端口：请按“[地址]:端口”的格式填写</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="212"/>
        <source>&apos;%1&apos; has no port: write host:port</source>
        <translation>“%1”没有端口：请按“主机:端口”的格式填写</translation>
    </message>
    <message>
        <location filename="../../core/endpoint.cpp" line="218"/>
        <source>&apos;%1&apos;: write IPv6 addresses in brackets, like [::1]:9000</source>
        <translation>“%1”：IPv6 地址请写在方括号内，如 [::1]:9000</translation>
    </message>
</context>
<context>
    <name>sockpit::Framing</name>
    <message>
        <location filename="../../core/framer.cpp" line="23"/>
        <source>the longest message must be 1 to 16,777,216 bytes</source>
        <translation>最长消息必须为 1 到 16,777,216 字节</translation>
    </message>
    <message>
        <location filename="../../core/framer.cpp" line="29"/>
        <source>the delimiter is empty: give at least one byte</source>
        <translation>分隔符为空：请至少给出一个字节</translation>
    </message>
    <message>
        <location filename="../../core/framer.cpp" line="31"/>
        <source>the delimiter is longer than 64 bytes</source>
        <translation>分隔符超过 64 字节</translation>
    </message>
    <message>
        <location filename="../../core/framer.cpp" line="35"/>
        <source>the length header must be 1, 2 or 4 bytes</source>
        <translation>长度头必须为 1、2 或 4 字节</translation>
    </message>
    <message>
        <location filename="../../core/framer.cpp" line="37"/>
        <source>the longest message must be longer than the length header</source>
        <translation>最长消息必须比长度头更长</translation>
    </message>
    <message>
        <location filename="../../core/framer.cpp" line="41"/>
        <source>the message length must be at least 1 and at most the longest message</source>
        <translation>消息长度必须至少为 1，且不超过最长消息</translation>
    </message>
    <message>
        <location filename="../../core/framer.cpp" line="45"/>
        <source>the idle gap must be 1 to 3,600,000 ms</source>
        <translation>空闲间隔必须为 1 到 3,600,000 毫秒</translation>
    </message>
</context>
<context>
    <name>sockpit::InputPump</name>
    <message>
        <location filename="../../core/inputpump.cpp" line="69"/>
        <source>could not send everything: the connection is closed</source>
        <translation>未能全部发送：连接已关闭</translation>
    </message>
    <message>
        <location filename="../../core/inputpump.cpp" line="103"/>
        <location filename="../../core/inputpump.cpp" line="109"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
</context>
<context>
    <name>sockpit::PayloadEncoder</name>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="119"/>
        <source>%1 at position %2 cannot be encoded in %3</source>
        <translation>第 %2 个位置的 %1 无法用 %3 编码</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="151"/>
        <source>a lone &apos;\&apos; ends the text (position %1): write \\ for a backslash</source>
        <translation>文本以单独的“\”结尾（第 %1 个位置）：反斜杠请写成 \\</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="171"/>
        <source>&apos;%1&apos; at position %2: \x needs exactly two hex digits, like \x0d</source>
        <translation>第 %2 个位置的“%1”：\x 后面必须正好是两个十六进制数字，如 \x0d</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="192"/>
        <source>&apos;%1&apos; at position %2: write \u{...} with the 1 to 6 hex digits of a Unicode character, like \u{20ac}</source>
        <translation>第 %2 个位置的“%1”：请用 \u{...} 写出 Unicode 字符的 1 到 6 位十六进制数字，如 \u{20ac}</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="201"/>
        <source>unknown escape &apos;\%1&apos; at position %2</source>
        <translation>第 %2 个位置有未知的转义序列“\%1”</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="244"/>
        <source>invalid hex digit %1 at position %2</source>
        <translation>第 %2 个位置有无效的十六进制数字 %1</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="253"/>
        <source>&apos;%1&apos; at position %2 has no hex digits</source>
        <translation>第 %2 个位置的“%1”不含十六进制数字</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="257"/>
        <source>&apos;%1&apos; at position %2 has an odd number of hex digits: write each byte as two digits</source>
        <translation>第 %2 个位置的“%1”有奇数个十六进制数字：每个字节请写成两位</translation>
    </message>
    <message>
        <location filename="../../core/payloadencoder.cpp" line="274"/>
        <source>unknown text encoding &apos;%1&apos;</source>
        <translation>未知的文本编码“%1”</translation>
    </message>
</context>
<context>
    <name>sockpit::Recorder</name>
    <message>
        <location filename="../../core/recorder.cpp" line="57"/>
        <source>cannot open &apos;%1&apos;: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/recorder.cpp" line="211"/>
        <source>%n event(s) not recorded (%1 bytes): the disk could not keep up</source>
        <translation>
            <numerusform>%n 个事件未被记录（%1 字节）：磁盘写入速度跟不上</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/recorder.cpp" line="293"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
</context>
<context>
    <name>sockpit::Session</name>
    <message>
        <location filename="../../core/sessioncore.cpp" line="42"/>
        <source>recording stopped: %1</source>
        <translation>记录已停止：%1</translation>
    </message>
    <message>
        <location filename="../../core/session.cpp" line="126"/>
        <source>not sent: the session is not running</source>
        <translation>未发送：会话未在运行</translation>
    </message>
</context>
<context>
    <name>sockpit::TcpConnection</name>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="62"/>
        <source>upstream %1: %2</source>
        <translation>上游 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="166"/>
        <source>message longer than %1 bytes: shown in pieces of that size</source>
        <translation>消息超过 %1 字节：按该大小分段显示</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="195"/>
        <source>not sent: the connection is closed</source>
        <translation>未发送：连接已关闭</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="196"/>
        <source>not sent: the sending side is already shut down</source>
        <translation>未发送：发送方向已经关闭</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="212"/>
        <source>not relayed: the other side of the relay is closed</source>
        <translation>未转发：中继的另一端已关闭</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="303"/>
        <source>peer finished sending (FIN received)</source>
        <translation>对端已发送完毕（收到 FIN）</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="307"/>
        <location filename="../../core/tcpconnection.cpp" line="340"/>
        <source>closed: both sides finished</source>
        <translation>已关闭：双方都已结束</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="338"/>
        <source>sent FIN: this side has finished sending</source>
        <translation>已发送 FIN：本端发送完毕</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="342"/>
        <location filename="../../core/tcpconnection.cpp" line="356"/>
        <source>closed: the other side of the relay closed</source>
        <translation>已关闭：中继的另一端已关闭</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="365"/>
        <source>closed by this side</source>
        <translation>已由本端关闭</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="371"/>
        <source>connection reset by peer</source>
        <translation>连接被对端重置</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="373"/>
        <source>connection timed out</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="375"/>
        <source>connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnection.cpp" line="399"/>
        <source>(%1 bytes were not sent)</source>
        <translation>（%1 字节未发送）</translation>
    </message>
</context>
<context>
    <name>sockpit::TcpConnector</name>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="68"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机“%1”</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="75"/>
        <source>resolved %1 to %2</source>
        <translation>已将 %1 解析为 %2</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="103"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="143"/>
        <source>connected to %1 from %2</source>
        <translation>已从 %2 连接到 %1</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="162"/>
        <source>relaying %1 to %2 (from %3)</source>
        <translation>正在把 %1 中继到 %2（从 %3 发出）</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="177"/>
        <source>connecting to %1 timed out after %2 ms</source>
        <translation>连接 %1 超时（%2 ms）</translation>
    </message>
    <message>
        <location filename="../../core/tcpconnector.cpp" line="194"/>
        <source>%1; closing the connection from %2</source>
        <translation>%1；关闭来自 %2 的连接</translation>
    </message>
</context>
<context>
    <name>sockpit::TcpListener</name>
    <message>
        <location filename="../../core/tcplistener.cpp" line="28"/>
        <source>%1 is already in use</source>
        <translation>%1 已被占用</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="30"/>
        <source>cannot use %1: the address is not on this machine</source>
        <translation>无法使用 %1：该地址不属于本机</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="32"/>
        <source>cannot use %1: permission denied (ports below 1024 need privileges)</source>
        <translation>无法使用 %1：权限不足（1024 以下的端口需要特权）</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="35"/>
        <source>connection refused by %1</source>
        <translation>%1 拒绝了连接</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="37"/>
        <source>connecting to %1 timed out</source>
        <translation>连接 %1 超时</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="39"/>
        <source>%1: network is unreachable</source>
        <translation>%1：网络不可达</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="41"/>
        <source>%1: host is unreachable</source>
        <translation>%1：主机不可达</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="43"/>
        <source>connection reset by %1</source>
        <translation>连接被 %1 重置</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="99"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="104"/>
        <source>resolved %1 to %2</source>
        <translation>已将 %1 解析为 %2</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="122"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="125"/>
        <source>listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="154"/>
        <source>stopped listening on %1</source>
        <translation>已停止监听 %1</translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="172"/>
        <source>cannot accept more connections: %1</source>
        <translation>无法接受更多连接：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/tcplistener.cpp" line="186"/>
        <source>refused: %n client(s) already connected (the maximum)</source>
        <translation>
            <numerusform>已拒绝：已有 %n 个客户端连接（已达上限）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/tcplistener.cpp" line="192"/>
        <source>accepted connection from %1</source>
        <translation>已接受来自 %1 的连接</translation>
    </message>
</context>
<context>
    <name>sockpit::TextEncodings</name>
    <message>
        <location filename="../../core/textencodings.cpp" line="19"/>
        <source>Unicode</source>
        <translation>Unicode</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="20"/>
        <source>Unicode, little endian</source>
        <translation>Unicode，小端序</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="21"/>
        <source>Unicode, big endian</source>
        <translation>Unicode，大端序</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="22"/>
        <source>Latin-1, Western European</source>
        <translation>Latin-1，西欧</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="23"/>
        <source>Latin-9, Western European with euro</source>
        <translation>Latin-9，西欧（含欧元符号）</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="24"/>
        <source>Western European, Windows</source>
        <translation>西欧，Windows</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="25"/>
        <source>Central European, Windows</source>
        <translation>中欧，Windows</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="26"/>
        <source>Latin-2, Central European</source>
        <translation>Latin-2，中欧</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="27"/>
        <source>Cyrillic, Windows</source>
        <translation>西里尔文，Windows</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="28"/>
        <source>Cyrillic, Russian</source>
        <translation>西里尔文，俄语</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="29"/>
        <location filename="../../core/textencodings.cpp" line="30"/>
        <location filename="../../core/textencodings.cpp" line="31"/>
        <source>Chinese, Simplified</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="32"/>
        <source>Chinese, Traditional</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="33"/>
        <location filename="../../core/textencodings.cpp" line="34"/>
        <source>Japanese</source>
        <translation>日文</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="35"/>
        <source>Korean</source>
        <translation>韩文</translation>
    </message>
    <message>
        <location filename="../../core/textencodings.cpp" line="70"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>sockpit::UdpChannel</name>
    <message>
        <location filename="../../core/udpchannel.cpp" line="73"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机“%1”</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="121"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="183"/>
        <source>receiving failed: %1</source>
        <translation>接收失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="204"/>
        <source>datagram of %1 bytes truncated</source>
        <translation>%1 字节的数据报被截断</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="227"/>
        <source>not sent: peer %1 is no longer known</source>
        <translation>未发送：对端 %1 已不存在</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="243"/>
        <source>not sent: no destination (set a remote host, or wait for a datagram)</source>
        <translation>未发送：没有目标地址（请设置远程主机，或等待对方发来数据报）</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="256"/>
        <source>not sent: %1 bytes already wait for the network</source>
        <translation>未发送：已有 %1 字节在等待网络发送</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="286"/>
        <source>sending %1 bytes to %2 failed: %3</source>
        <translation>向 %2 发送 %1 字节失败：%3</translation>
    </message>
    <message>
        <location filename="../../core/udpchannel.cpp" line="329"/>
        <source>socket closed</source>
        <translation>套接字已关闭</translation>
    </message>
</context>
<context>
    <name>sockpit::UdpRelay</name>
    <message>
        <location filename="../../core/udprelay.cpp" line="72"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="100"/>
        <source>bound to %1, relaying to %2</source>
        <translation>已绑定到 %1，中继到 %2</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="130"/>
        <source>cannot open a socket to %1 for %2: %3</source>
        <translation>无法为 %2 打开到 %1 的套接字：%3</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="151"/>
        <source>relaying datagrams from %1 to %2 (from %3)</source>
        <translation>正在把来自 %1 的数据报中继到 %2（从 %3 发出）</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="193"/>
        <source>receiving failed: %1</source>
        <translation>接收失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="217"/>
        <location filename="../../core/udprelay.cpp" line="274"/>
        <source>not relayed to %1: %2</source>
        <translation>未转发到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="238"/>
        <source>upstream %1: nothing is listening there (port unreachable)</source>
        <translation>上游 %1：该端口没有程序在监听（端口不可达）</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="246"/>
        <source>receiving from %1 failed: %2</source>
        <translation>从 %1 接收失败：%2</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="297"/>
        <source>not sent: no sender is known to this relay</source>
        <translation>未发送：此中继还不知道任何发送方</translation>
    </message>
    <message>
        <location filename="../../core/udprelay.cpp" line="331"/>
        <source>socket closed</source>
        <translation>套接字已关闭</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::ConnectCommand</name>
    <message>
        <location filename="../../app/connectcommand.cpp" line="26"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../app/connectcommand.cpp" line="28"/>
        <source>permission denied or not a file</source>
        <translation>权限不足，或者不是文件</translation>
    </message>
    <message>
        <location filename="../../app/connectcommand.cpp" line="28"/>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::HeadlessCommand</name>
    <message>
        <location filename="../../app/headlesscommand.cpp" line="104"/>
        <source>totals: received %1 bytes (%2 chunks), sent %3 bytes (%4 chunks)</source>
        <translation>合计：接收 %1 字节（%2 块），发送 %3 字节（%4 块）</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::ListenCommand</name>
    <message>
        <location filename="../../app/listencommand.cpp" line="28"/>
        <source>listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::RelayCommand</name>
    <message>
        <location filename="../../app/relaycommand.cpp" line="30"/>
        <source>listening on %1, relaying to %2</source>
        <translation>正在 %1 上监听，中继到 %2</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::Composer</name>
    <message>
        <location filename="../../ui/composer.cpp" line="222"/>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="263"/>
        <source>Message… (Ctrl+Enter sends)</source>
        <translation>消息…（按 Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="264"/>
        <source>Ctrl+Enter sends; Ctrl+Up and Ctrl+Down recall earlier messages</source>
        <translation>Ctrl+Enter 发送；Ctrl+Up 和 Ctrl+Down 调出之前发送过的消息</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="266"/>
        <source>Text: the characters, encoded in the chosen encoding</source>
        <translation>文本：字符按所选编码转换为字节</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="267"/>
        <source>Hex: byte values, written as 48 65 6c, 48656c or 0x48,0x65</source>
        <translation>十六进制：字节值，写作 48 65 6c、48656c 或 0x48,0x65</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="268"/>
        <source>Escapes: text with \r \n \t \\ and \xNN for one raw byte</source>
        <translation>转义：文本中可以使用 \r \n \t \\，\xNN 表示一个原始字节</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="269"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="271"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="273"/>
        <source>Escapes</source>
        <translation>转义</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="275"/>
        <source>How the message is read:
%1
%2
%3</source>
        <translation>消息的解析方式：
%1
%2
%3</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="280"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="281"/>
        <source>LF</source>
        <translation>LF</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="282"/>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="284"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="285"/>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>发送消息 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="286"/>
        <source>Send file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="287"/>
        <source>Choose a file and send its contents unchanged</source>
        <translation>选择一个文件，原样发送其内容</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="314"/>
        <source>Not used in Hex mode: hex gives the bytes themselves</source>
        <translation>十六进制模式下不使用：十六进制直接给出字节</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="315"/>
        <source>The encoding that turns the text into bytes (\xNN escapes are raw bytes and are not encoded)</source>
        <translation>把文本转换为字节所用的编码（\xNN 转义是原始字节，不经过编码）</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="317"/>
        <source>Not added in Hex mode: hex spells out every byte</source>
        <translation>十六进制模式下不添加：十六进制已写明每个字节</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="318"/>
        <source>Appended to each message in Text and Escapes mode</source>
        <translation>在文本和转义模式下追加到每条消息末尾</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LanguageManager</name>
    <message>
        <location filename="../../ui/languagemanager.cpp" line="90"/>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LocalAddressBox</name>
    <message>
        <location filename="../../ui/localaddressbox.cpp" line="35"/>
        <source>local address is empty: choose one from the list</source>
        <translation>本地地址为空：请从列表中选择</translation>
    </message>
    <message>
        <location filename="../../ui/localaddressbox.cpp" line="41"/>
        <source>&apos;%1&apos; is not an IP address: choose one from the list or type one like 192.168.1.10</source>
        <translation>“%1”不是 IP 地址：请从列表中选择，或输入类似 192.168.1.10 的地址</translation>
    </message>
    <message>
        <location filename="../../ui/localaddressbox.cpp" line="71"/>
        <source>All interfaces (0.0.0.0)</source>
        <translation>所有网络接口 (0.0.0.0)</translation>
    </message>
    <message>
        <location filename="../../ui/localaddressbox.cpp" line="72"/>
        <source>All interfaces, IPv4 and IPv6 (::)</source>
        <translation>所有网络接口，IPv4 和 IPv6 (::)</translation>
    </message>
    <message>
        <location filename="../../ui/localaddressbox.cpp" line="73"/>
        <source>Loopback (127.0.0.1)</source>
        <translation>本机回环 (127.0.0.1)</translation>
    </message>
    <message>
        <location filename="../../ui/localaddressbox.cpp" line="74"/>
        <source>Loopback IPv6 (::1)</source>
        <translation>本机回环 IPv6 (::1)</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogModel</name>
    <message>
        <location filename="../../ui/logmodel.cpp" line="173"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="175"/>
        <source>Dir</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="177"/>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="179"/>
        <source>Len</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="181"/>
        <source>Payload</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="387"/>
        <source>in</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="389"/>
        <source>out</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="391"/>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="395"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/logmodel.cpp" line="405"/>
        <source>%1 older row(s) were dropped from the view (the recording has everything)</source>
        <translation>
            <numerusform>视图中已丢弃 %1 行旧记录（文件记录中保留了全部内容）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/logmodel.cpp" line="406"/>
        <source>%1 older row(s) were dropped from the view (record to a file to keep everything)</source>
        <translation>
            <numerusform>视图中已丢弃 %1 行旧记录（记录到文件可保留全部内容）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/logmodel.cpp" line="412"/>
        <source>%1 event(s) arrived too fast to be displayed (the counters include them)</source>
        <translation>
            <numerusform>%1 个事件到达太快，未能显示（计数中已包含）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="431"/>
        <source>connection #%1</source>
        <translation>连接 #%1</translation>
    </message>
    <message>
        <location filename="../../ui/logmodel.cpp" line="434"/>
        <source>%1 of %2 bytes shown</source>
        <translation>显示了 %2 字节中的 %1 字节</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogSaver</name>
    <message>
        <location filename="../../ui/logsaver.cpp" line="88"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/logsaver.cpp" line="128"/>
        <source>Text (*.txt *.log)</source>
        <translation>文本 (*.txt *.log)</translation>
    </message>
    <message>
        <location filename="../../ui/logsaver.cpp" line="129"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/logsaver.cpp" line="130"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/logsaver.cpp" line="132"/>
        <location filename="../../ui/logsaver.cpp" line="150"/>
        <source>Save log</source>
        <translation>保存日志</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogView</name>
    <message>
        <location filename="../../ui/logview.cpp" line="185"/>
        <source>Filter payload, peer, message…</source>
        <translation>筛选数据、对端、消息…</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="187"/>
        <source>Shows only the rows whose payload (as displayed), peer or message contains this text</source>
        <translation>只显示数据（按显示内容）、对端或消息中包含此文本的行</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="188"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="189"/>
        <source>In</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="190"/>
        <source>Out</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="191"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="192"/>
        <source>Which rows to show: received, sent, or connection events</source>
        <translation>显示哪些行：接收、发送或连接事件</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="193"/>
        <source>Peer…</source>
        <translation>对端…</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="194"/>
        <source>Shows only the rows of peers whose address contains this text</source>
        <translation>只显示地址中包含此文本的对端的行</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="195"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="196"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="197"/>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="198"/>
        <source>How payload bytes are decoded for display</source>
        <translation>数据字节的显示方式</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="201"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="202"/>
        <source>Copy the selected rows as tab-separated text</source>
        <translation>把所选行复制为以制表符分隔的文本</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="203"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="204"/>
        <source>Save the rows passing the filter as text, CSV or JSON Lines</source>
        <translation>把筛选后的行保存为文本、CSV 或 JSON Lines</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="205"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="206"/>
        <source>Remove every row from the view (a recording is not affected)</source>
        <translation>清除视图中的所有行（不影响文件记录）</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="207"/>
        <source>Show microseconds</source>
        <translation>显示微秒</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="208"/>
        <source>Resume following</source>
        <translation>继续跟随</translation>
    </message>
    <message>
        <location filename="../../ui/logview.cpp" line="209"/>
        <source>Scroll to the newest row and keep it in view</source>
        <translation>滚动到最新一行并保持显示</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="205"/>
        <source>Sockpit</source>
        <translation>Sockpit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="206"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="207"/>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="208"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="209"/>
        <source>New &amp;Tab</source>
        <translation>新建标签页(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="210"/>
        <source>Open another session in a new tab (%1)</source>
        <translation>在新标签页中打开另一个会话 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="212"/>
        <source>New &amp;Window</source>
        <translation>新建窗口(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="213"/>
        <source>&amp;Close Tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="252"/>
        <source>Save Received &amp;Bytes…</source>
        <translation>保存接收的字节(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="215"/>
        <source>Save the bytes received from now on (from the selected client, or from all) to a file, exactly as they arrive</source>
        <translation>把从现在起接收到的字节（来自所选客户端或全部客户端）原样保存到文件</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="217"/>
        <source>&amp;Save Log As…</source>
        <translation>日志另存为(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="218"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="219"/>
        <source>Shut Down &amp;Sending (Half-close)</source>
        <translation>关闭发送（半关闭）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="220"/>
        <source>Send FIN: the peer sees the end of the data; receiving goes on</source>
        <translation>发送 FIN：对端会看到数据结束，本端继续接收</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="221"/>
        <source>&amp;Rename Tab…</source>
        <translation>重命名标签页(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="222"/>
        <source>&amp;About Sockpit</source>
        <translation>关于 Sockpit(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="223"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="224"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="227"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="228"/>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="228"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="228"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="247"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="247"/>
        <source>S&amp;tart</source>
        <translation>启动(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="250"/>
        <source>Stop &amp;Recording</source>
        <translation>停止记录(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="250"/>
        <source>&amp;Record to File…</source>
        <translation>记录到文件(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="252"/>
        <source>Stop Saving Received &amp;Bytes</source>
        <translation>停止保存接收的字节(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="288"/>
        <source>Rename Tab</source>
        <translation>重命名标签页</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="288"/>
        <source>Name (empty: automatic):</source>
        <translation>名称（留空则自动命名）：</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="303"/>
        <location filename="../../ui/mainwindow.cpp" line="309"/>
        <source>Record to File</source>
        <translation>记录到文件</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="304"/>
        <source>JSON Lines (*.jsonl);;Text (*.txt *.log)</source>
        <translation>JSON Lines (*.jsonl);;文本 (*.txt *.log)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="333"/>
        <location filename="../../ui/mainwindow.cpp" line="338"/>
        <source>Save Received Bytes</source>
        <translation>保存接收的字节</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="344"/>
        <source>About Sockpit</source>
        <translation>关于 Sockpit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="345"/>
        <source>Sockpit %1

Talk over plain sockets: TCP server, TCP client and UDP, with every byte in a timestamped log.</source>
        <translation>Sockpit %1

通过普通套接字通信：TCP 服务器、TCP 客户端和 UDP，每个字节都记录在带时间戳的日志中。</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PeerListModel</name>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="125"/>
        <source>%1 (half-closed)</source>
        <translation>%1（半关闭）</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="143"/>
        <source>%1 (local end %2)</source>
        <translation>%1（本端 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="145"/>
        <source>The peer has finished sending (half-close); it can still receive.</source>
        <translation>对端已发送完毕（半关闭），仍可接收数据。</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="151"/>
        <source>%1 bytes received</source>
        <translation>已接收 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="153"/>
        <source>%1 bytes sent</source>
        <translation>已发送 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="156"/>
        <source>%1 bytes waiting to be sent</source>
        <translation>%1 字节等待发送</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="157"/>
        <source>Nothing waiting to be sent</source>
        <translation>没有等待发送的数据</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="211"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="213"/>
        <source>Since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="215"/>
        <source>In</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="217"/>
        <source>Out</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="219"/>
        <source>Queued</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="224"/>
        <source>The peer&apos;s address and port</source>
        <translation>对端的地址和端口</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="226"/>
        <source>When the connection opened (local time)</source>
        <translation>连接建立的时间（本地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="228"/>
        <source>Bytes received from the peer</source>
        <translation>从对端接收的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="230"/>
        <source>Bytes sent to the peer</source>
        <translation>发送给对端的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistmodel.cpp" line="232"/>
        <source>Bytes waiting to be sent: a peer that does not read makes this grow</source>
        <translation>等待发送的字节数：对端不读取时会不断增长</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PeerListView</name>
    <message numerus="yes">
        <location filename="../../ui/peerlistview.cpp" line="114"/>
        <source>Peers (%n)</source>
        <translation>
            <numerusform>对端 (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/peerlistview.cpp" line="114"/>
        <source>Clients (%n)</source>
        <translation>
            <numerusform>客户端 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/peerlistview.cpp" line="119"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../../ui/peerlistview.cpp" line="120"/>
        <source>Close the connections of the selected clients</source>
        <translation>断开所选客户端的连接</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::RepeatSender</name>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="130"/>
        <source>Repeat every</source>
        <translation>定时发送，间隔</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="131"/>
        <source>Send the message again and again at this interval, the first one at once; uncheck to stop. Each message is the text as it is at that moment.</source>
        <translation>按此间隔反复发送消息，第一条立即发送；取消勾选即停止。每次发送的是当时输入框中的文本。</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="133"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="134"/>
        <source>Time between two messages, in milliseconds</source>
        <translation>两条消息之间的间隔，单位为毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="135"/>
        <source>times</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="136"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="137"/>
        <source>How many messages to send; 0 repeats until stopped</source>
        <translation>要发送的消息条数；0 表示一直发送，直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="159"/>
        <source>%1 of %2 sent</source>
        <translation>已发送 %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/repeatsender.cpp" line="160"/>
        <source>%1 sent</source>
        <translation>已发送 %1</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionOptionsPopup</name>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="173"/>
        <source>Delimiter: %1</source>
        <translation>分隔符：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="204"/>
        <source>Messages: %1</source>
        <translation>消息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="306"/>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="307"/>
        <location filename="../../ui/sessionoptionspopup.cpp" line="341"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="308"/>
        <source>How long to wait for the server to accept before giving up</source>
        <translation>等待服务器接受连接的最长时间，超时则放弃</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="309"/>
        <source>Reconnect automatically after a drop</source>
        <translation>断线后自动重连</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="310"/>
        <source>When the connection is lost, try again, waiting longer after each failure</source>
        <translation>连接断开后自动重试，每次失败后等待更长时间</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="311"/>
        <source>Send small writes at once (TCP_NODELAY)</source>
        <translation>小数据立即发送（TCP_NODELAY）</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="312"/>
        <source>Off: the system may hold small writes back to join them into fewer packets</source>
        <translation>关闭时：系统可能暂缓发送小数据，把它们合并成较少的数据包</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="313"/>
        <source>Keepalive probes (SO_KEEPALIVE)</source>
        <translation>保活探测（SO_KEEPALIVE）</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="314"/>
        <source>Lets the system notice a peer that vanished without closing</source>
        <translation>让系统发现未关闭连接就消失的对端</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="315"/>
        <source>Echo: send everything received back to its sender</source>
        <translation>回显：把收到的所有数据发回给发送方</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="316"/>
        <source>Max clients</source>
        <translation>最大客户端数</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="317"/>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="318"/>
        <source>Further clients are accepted and closed at once (0 = unlimited)</source>
        <translation>超出数量的客户端会在接受后立即关闭（0 = 不限）</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="319"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="320"/>
        <source>How received bytes are split into the messages the log and the recording show; TCP itself only delivers chunks</source>
        <translation>接收到的字节如何切分成日志和记录中显示的消息；TCP 本身只传送数据块</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="322"/>
        <source>Chunks as they arrive</source>
        <translation>按到达的数据块</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="322"/>
        <source>Lines ending in LF</source>
        <translation>以 LF 结尾的行</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="323"/>
        <source>Lines ending in CR LF</source>
        <translation>以 CR LF 结尾的行</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="323"/>
        <source>Ending with a delimiter</source>
        <translation>以分隔符结尾</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="323"/>
        <location filename="../../ui/sessionoptionspopup.cpp" line="330"/>
        <source>Length header</source>
        <translation>长度头</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="323"/>
        <source>Fixed length</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="324"/>
        <location filename="../../ui/sessionoptionspopup.cpp" line="340"/>
        <source>Idle gap</source>
        <translation>空闲间隔</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="327"/>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="328"/>
        <source>e.g. \r\n or ## or \x7e</source>
        <translation>例如 \r\n、## 或 \x7e</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="329"/>
        <source>The bytes that end a message, as text with escapes: \r \n \t \xNN</source>
        <translation>结束一条消息的字节，以带转义的文本书写：\r \n \t \xNN</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="331"/>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="331"/>
        <source>2 bytes</source>
        <translation>2 字节</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="331"/>
        <source>4 bytes</source>
        <translation>4 字节</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="334"/>
        <source>Big endian</source>
        <translation>大端序</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="335"/>
        <source>Most significant byte first (network byte order); off: little endian</source>
        <translation>高位字节在前（网络字节序）；关闭则为小端序</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="336"/>
        <source>Counts the header</source>
        <translation>长度包含头部</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="337"/>
        <source>On: the length includes the header&apos;s own bytes</source>
        <translation>开启：长度值包含头部自身的字节</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="338"/>
        <source>Message length</source>
        <translation>消息长度</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="339"/>
        <location filename="../../ui/sessionoptionspopup.cpp" line="344"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="342"/>
        <source>A message ends when nothing more arrives for this long</source>
        <translation>超过这段时间没有新数据到达，即视为一条消息结束</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="343"/>
        <source>Longest message</source>
        <translation>最长消息</translation>
    </message>
    <message>
        <location filename="../../ui/sessionoptionspopup.cpp" line="345"/>
        <source>A longer message is shown in pieces of this size, and the log says so</source>
        <translation>更长的消息按此大小分段显示，日志中会注明</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionSettingsBar</name>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="137"/>
        <source>TCP server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="138"/>
        <source>TCP client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="139"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="140"/>
        <source>TCP relay</source>
        <translation>TCP 中继</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="141"/>
        <source>UDP relay</source>
        <translation>UDP 中继</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="142"/>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="143"/>
        <location filename="../../ui/sessionsettingsbar.cpp" line="145"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="144"/>
        <location filename="../../ui/sessionsettingsbar.cpp" line="260"/>
        <source>Source port</source>
        <translation>源端口</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="146"/>
        <source>0 = any</source>
        <translation>0 = 任意</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="147"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="148"/>
        <location filename="../../ui/sessionsettingsbar.cpp" line="261"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="149"/>
        <source>Shut down sending</source>
        <translation>关闭发送</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="150"/>
        <source>Half-close: tell the server you have finished sending (TCP FIN) and keep receiving its reply</source>
        <translation>半关闭：告诉服务器你已发送完毕（TCP FIN），并继续接收它的回复</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="152"/>
        <source>TCP server: wait for clients. TCP client: connect to a server. UDP: send and receive datagrams. Relay: listen here, pass everything on to the target and log both directions</source>
        <translation>TCP 服务器：等待客户端连接。TCP 客户端：连接到服务器。UDP：收发数据报。中继：在此监听，把一切转发给目标，并记录两个方向</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="155"/>
        <source>Timeouts, socket options, echo, client limits and how received data is split into messages</source>
        <translation>超时、套接字选项、回显、客户端数量限制，以及接收数据如何切分成消息</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="157"/>
        <source>The local address: all interfaces, loopback only, or one address of this machine (you may type an IP address)</source>
        <translation>本地地址：所有网络接口、仅本机回环，或本机的某个地址（也可以直接输入 IP 地址）</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="159"/>
        <source>The port to listen on or bind to; 0 lets the system pick one</source>
        <translation>要监听或绑定的端口；0 表示由系统选择</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="160"/>
        <source>The local port to connect from; leave empty to let the system pick</source>
        <translation>发起连接所用的本地端口；留空则由系统选择</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="161"/>
        <source>A host name or an IP address</source>
        <translation>主机名或 IP 地址</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="162"/>
        <source>The remote port, 1 to 65535</source>
        <translation>远程端口，1 到 65535</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="172"/>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="172"/>
        <source>Remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="172"/>
        <source>Forward to</source>
        <translation>转发到</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="173"/>
        <source>default target (optional)</source>
        <translation>默认目标（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="173"/>
        <source>host or address</source>
        <translation>主机或地址</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="174"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="211"/>
        <source>port is empty</source>
        <translation>端口为空</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="221"/>
        <source>enter the host to connect to</source>
        <translation>请输入要连接的主机</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="230"/>
        <source>enter the host to forward to</source>
        <translation>请输入要转发到的主机</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="240"/>
        <source>enter the target host too, or clear the target port</source>
        <translation>请同时输入目标主机，或清空目标端口</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="259"/>
        <source>Local address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="259"/>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="260"/>
        <source>Remote host</source>
        <translation>远程主机</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="260"/>
        <source>Remote port</source>
        <translation>远程端口</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="267"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="294"/>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="295"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="296"/>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="297"/>
        <source>Bind</source>
        <translation>绑定</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="301"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="301"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="343"/>
        <source>Other machines can connect, unless a firewall blocks the port.</source>
        <translation>其他机器可以连接，除非防火墙拦截了该端口。</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="344"/>
        <source>Loopback only: only this machine can connect.</source>
        <translation>仅本机回环：只有本机可以连接。</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="345"/>
        <source>Other machines can connect to this address only.</source>
        <translation>其他机器只能通过此地址连接。</translation>
    </message>
    <message>
        <location filename="../../ui/sessionsettingsbar.cpp" line="347"/>
        <source>Reachable at %1. %2</source>
        <translation>可通过 %1 访问。%2</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionTab</name>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="172"/>
        <source>recording every event to %1</source>
        <translation>正在将所有事件记录到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="200"/>
        <source>saving every received byte to %1</source>
        <translation>正在把接收的每个字节保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="201"/>
        <source>saving the bytes received on connection %1 to %2</source>
        <translation>正在把连接 %1 上接收的字节保存到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="211"/>
        <source>stopped saving received bytes (%1 bytes saved)</source>
        <translation>已停止保存接收的字节（已保存 %1 字节）</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="221"/>
        <source>TCP server :%1</source>
        <translation>TCP 服务器 :%1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="224"/>
        <source>TCP client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="225"/>
        <source>TCP client %1</source>
        <translation>TCP 客户端 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="227"/>
        <source>UDP :%1</source>
        <translation>UDP :%1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="230"/>
        <source>Relay :%1 → %2</source>
        <translation>中继 :%1 → %2</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="248"/>
        <source>↓ %1 msgs %2 (%3/s)</source>
        <translation>↓ %1 条 %2 (%3/s)</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="251"/>
        <source>↑ %1 msgs %2 (%3/s)</source>
        <translation>↑ %1 条 %2 (%3/s)</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="255"/>
        <source>%1 waiting to be sent</source>
        <translation>%1 等待发送</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sessiontab.cpp" line="258"/>
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n 个客户端</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="261"/>
        <source>recording %1</source>
        <translation>正在记录到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="263"/>
        <source>last error: %1</source>
        <translation>最近的错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="296"/>
        <source>not sent: no client is selected</source>
        <translation>未发送：没有选中客户端</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="306"/>
        <source>a file is still being sent; wait for it to finish</source>
        <translation>仍有文件正在发送，请等待发送完成</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="315"/>
        <source>not sent: select a client to send the file to</source>
        <translation>未发送：请选择要接收文件的客户端</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="316"/>
        <source>not sent: a file goes to one client or to all, not to several selected ones</source>
        <translation>未发送：文件只能发给一个客户端或全部客户端，不能发给选中的多个客户端</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="326"/>
        <source>sent the file %1</source>
        <translation>已发送文件 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="327"/>
        <source>sending the file %1</source>
        <translation>正在发送文件 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="340"/>
        <source>Send to:</source>
        <translation>发送到：</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="366"/>
        <source>reconnecting in %1 s</source>
        <translation>%1 秒后重新连接</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="426"/>
        <source>All clients</source>
        <translation>所有客户端</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="427"/>
        <source>Selected clients (%1)</source>
        <translation>所选客户端 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="429"/>
        <location filename="../../ui/sessiontab.cpp" line="434"/>
        <source>Most recent sender</source>
        <translation>最近的发送方</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="435"/>
        <source>Target %1</source>
        <translation>目标 %1</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="430"/>
        <location filename="../../ui/sessiontab.cpp" line="436"/>
        <source>Selected peers (%1)</source>
        <translation>所选对端 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/sessiontab.cpp" line="438"/>
        <source>The server</source>
        <translation>服务器</translation>
    </message>
</context>
</TS>
