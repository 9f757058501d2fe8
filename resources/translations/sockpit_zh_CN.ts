<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutoReply</name>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="49"/>
        <source>odd number of hex digits at position %1</source>
        <translation>第 %1 个位置的十六进制数字个数为奇数</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="62"/>
        <source>&apos;%1&apos; at position %2 is not a hex byte or ??</source>
        <translation>第 %2 个位置的 &apos;%1&apos; 不是十六进制字节，也不是 ??</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="72"/>
        <source>the hex pattern is empty</source>
        <translation>十六进制匹配模式为空</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="133"/>
        <source>not valid JSON at offset %1: %2</source>
        <translation>偏移 %1 处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="134"/>
        <source>expected an object with a &quot;rules&quot; array</source>
        <translation>应为包含 &quot;rules&quot; 数组的对象</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="142"/>
        <source>rule %1: %2</source>
        <translation>规则 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="146"/>
        <source>not an object</source>
        <translation>不是对象</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="152"/>
        <source>&quot;match&quot; is exact, prefix, contains, regex or hex, not &apos;%1&apos;</source>
        <translation>&quot;match&quot; 应为 exact、prefix、contains、regex 或 hex，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="154"/>
        <source>&quot;pattern&quot; is missing</source>
        <translation>缺少 &quot;pattern&quot;</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="159"/>
        <source>&quot;replyKind&quot; is text or hex, not &apos;%1&apos;</source>
        <translation>&quot;replyKind&quot; 只能是 text 或 hex，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="163"/>
        <source>&quot;delayMs&quot; is a whole number of milliseconds</source>
        <translation>&quot;delayMs&quot; 必须是整数毫秒数</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="195"/>
        <source>auto-reply rule %1: %2</source>
        <translation>自动回复规则 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="213"/>
        <source>the delay must be 0 to %1 ms, not %2</source>
        <translation>延迟必须为 0 到 %1 ms，而不是 %2</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="222"/>
        <source>pattern: %1</source>
        <translation>匹配模式：%1</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="226"/>
        <source>the pattern is empty</source>
        <translation>匹配模式为空</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="235"/>
        <source>regular expression: %1 at position %2</source>
        <translation>正则表达式：%1（第 %2 个位置）</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="244"/>
        <source>hex pattern: %1</source>
        <translation>十六进制匹配模式：%1</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="253"/>
        <source>reply: %1</source>
        <translation>回复：%1</translation>
    </message>
    <message>
        <location filename="../../core/message/autoreply.cpp" line="257"/>
        <source>the reply is empty</source>
        <translation>回复为空</translation>
    </message>
</context>
<context>
    <name>Checksum</name>
    <message>
        <location filename="../../core/message/checksum.cpp" line="184"/>
        <source>No checksum</source>
        <translation>无校验</translation>
    </message>
    <message>
        <location filename="../../core/message/checksum.cpp" line="186"/>
        <source>Sum (8-bit)</source>
        <translation>累加和（8 位）</translation>
    </message>
    <message>
        <location filename="../../core/message/checksum.cpp" line="188"/>
        <source>XOR (8-bit)</source>
        <translation>XOR（8 位）</translation>
    </message>
    <message>
        <location filename="../../core/message/checksum.cpp" line="214"/>
        <source>unknown checksum &apos;%1&apos; (known: %2)</source>
        <translation>未知的校验方式 &apos;%1&apos;（支持：%2）</translation>
    </message>
    <message>
        <location filename="../../core/message/checksum.cpp" line="225"/>
        <source>the byte order after &apos;:&apos; is &apos;le&apos; or &apos;be&apos;, not &apos;%1&apos;</source>
        <translation>&apos;:&apos; 后面的字节序应为 &apos;le&apos; 或 &apos;be&apos;，而不是 &apos;%1&apos;</translation>
    </message>
</context>
<context>
    <name>ChecksumCheck</name>
    <message>
        <location filename="../../core/message/checksumcheck.cpp" line="72"/>
        <source>bad checksum: the message is too short for a %1 value</source>
        <translation>校验错误：消息太短，放不下 %1 校验值</translation>
    </message>
    <message>
        <location filename="../../core/message/checksumcheck.cpp" line="75"/>
        <source>%1 %2 ok</source>
        <translation>%1 %2 正确</translation>
    </message>
    <message>
        <location filename="../../core/message/checksumcheck.cpp" line="76"/>
        <source>bad checksum: %1 of the message is %2, it carries %3</source>
        <translation>校验错误：消息的 %1 应为 %2，实际携带 %3</translation>
    </message>
    <message>
        <location filename="../../core/message/checksumcheck.cpp" line="91"/>
        <source>&apos;%1&apos; is not FIRST or FIRST,LAST: the bytes before the covered ones and after the check value (0 to 65535)</source>
        <translation>&apos;%1&apos; 不是 FIRST 或 FIRST,LAST：校验范围之前和校验值之后的字节数（0 到 65535）</translation>
    </message>
    <message>
        <location filename="../../core/message/checksumcheck.cpp" line="106"/>
        <source> skipping %1,%2</source>
        <translation>，跳过 %1,%2</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="20"/>
        <source>%1 needs a whole number from %2 to %3, not &apos;%4&apos;</source>
        <translation>%1 需要一个 %2 到 %3 之间的整数，而不是“%4”</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="34"/>
        <source>--bind needs an IP address of this machine (such as 0.0.0.0, 127.0.0.1 or ::), not &apos;%1&apos;</source>
        <translation>--bind 需要本机的 IP 地址（如 0.0.0.0、127.0.0.1 或 ::），而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="48"/>
        <source>--iface applies to UDP multicast: add --udp</source>
        <translation>--iface 仅适用于 UDP 组播：请加上 --udp</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="52"/>
        <source>--iface needs a network interface name or number (such as lo or 1), not &apos;%1&apos;</source>
        <translation>--iface 需要网络接口名称或编号（如 lo 或 1），而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="73"/>
        <location filename="../../app/options/pingoptions.cpp" line="17"/>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="74"/>
        <source>Use UDP instead of TCP.</source>
        <translation>使用 UDP 而非 TCP。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="76"/>
        <location filename="../../app/options/pingoptions.cpp" line="23"/>
        <source>Record every event to FILE (JSON Lines if it ends in .jsonl, else text).</source>
        <translation>将每个事件记录到 FILE（以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="29"/>
        <location filename="../../app/options/connectoptions.cpp" line="52"/>
        <location filename="../../app/options/listenoptions.cpp" line="36"/>
        <location filename="../../app/options/optionparsing.cpp" line="77"/>
        <location filename="../../app/options/optionparsing.cpp" line="188"/>
        <location filename="../../app/options/optionparsing.cpp" line="189"/>
        <location filename="../../app/options/optionparsing.cpp" line="193"/>
        <location filename="../../app/options/pingoptions.cpp" line="24"/>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="79"/>
        <source>Report every connection step on standard error.</source>
        <translation>在标准错误输出上报告每个连接步骤。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="81"/>
        <source>Print every byte received and sent as a hex dump on standard error.</source>
        <translation>在标准错误输出上以十六进制转储打印每个接收和发送的字节。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="87"/>
        <source>Use a Unix domain socket at PATH (@name: an abstract name) instead of TCP; with --udp, a datagram socket.</source>
        <translation>使用 PATH 处的 Unix 域套接字（@name：抽象名称）代替 TCP；配合 --udp 时为数据报套接字。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="97"/>
        <location filename="../../app/options/optionparsing.cpp" line="130"/>
        <location filename="../../app/options/optionparsing.cpp" line="164"/>
        <source>--%1 does not apply to a Unix socket (--unix)</source>
        <translation>--%1 不适用于 Unix 套接字（--unix）</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="104"/>
        <source>%1 --unix needs a PATH (or @name)</source>
        <translation>%1 --unix 需要一个 PATH（或 @name）</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="105"/>
        <source>%1 --unix takes one PATH, got: %2</source>
        <translation>%1 --unix 只接受一个 PATH，实际得到：%2</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="116"/>
        <source>TCP_NODELAY: on (the default) sends each piece at once, off lets TCP gather small pieces (Nagle).</source>
        <translation>TCP_NODELAY：on（默认）每段数据立即发送，off 允许 TCP 合并小段数据（Nagle 算法）。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="118"/>
        <source>on|off</source>
        <translation>on|off</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="119"/>
        <source>SO_KEEPALIVE: TCP probes idle connections.</source>
        <translation>SO_KEEPALIVE：TCP 探测空闲的连接。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="134"/>
        <location filename="../../app/options/optionparsing.cpp" line="168"/>
        <source>--%1 applies to TCP: leave out --udp</source>
        <translation>--%1 仅适用于 TCP：请去掉 --udp</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="141"/>
        <source>--nodelay takes on or off, not &apos;%1&apos;</source>
        <translation>--nodelay 取值为 on 或 off，而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="153"/>
        <source>Connect through a SOCKS5 or HTTP proxy: socks5://[USER:PASSWORD@]HOST:PORT or http://[USER:PASSWORD@]HOST:PORT.</source>
        <translation>通过 SOCKS5 或 HTTP 代理连接：socks5://[USER:PASSWORD@]HOST:PORT 或 http://[USER:PASSWORD@]HOST:PORT。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="155"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="175"/>
        <source>--proxy: %1</source>
        <translation>--proxy：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="186"/>
        <source>TLS: the server&apos;s certificate (PEM; default: a self-signed one made for this run).</source>
        <translation>TLS：服务器的证书（PEM；默认：为本次运行生成的自签名证书）。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="187"/>
        <source>TLS: a client certificate to present (PEM).</source>
        <translation>TLS：要出示的客户端证书（PEM）。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="189"/>
        <source>TLS: the private key of --cert (PEM).</source>
        <translation>TLS：--cert 的私钥（PEM）。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="191"/>
        <source>TLS: require client certificates issued by the CAs in FILE.</source>
        <translation>TLS：要求客户端证书由 FILE 中的 CA 颁发。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="192"/>
        <source>TLS: trust the CAs in FILE instead of the system&apos;s.</source>
        <translation>TLS：信任 FILE 中的 CA，而不是系统的 CA。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="194"/>
        <source>TLS: do not verify the server&apos;s certificate.</source>
        <translation>TLS：不验证服务器的证书。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="203"/>
        <source>--%1 needs --tls</source>
        <translation>--%1 需要配合 --tls 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="184"/>
        <source>Use TLS (with --udp: DTLS).</source>
        <translation>使用 TLS（与 --udp 一起：DTLS）。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="212"/>
        <source>--%1 needs a file name</source>
        <translation>--%1 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="222"/>
        <source>--key needs --cert</source>
        <translation>--key 需要配合 --cert 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="226"/>
        <source>--cert needs --key</source>
        <translation>--cert 需要配合 --key 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="230"/>
        <source>--insecure applies to connect: a server checks client certificates only with --ca</source>
        <translation>--insecure 只用于 connect：服务器仅在指定 --ca 时才检查客户端证书</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="234"/>
        <source>use either --ca or --insecure, not both</source>
        <translation>--ca 和 --insecure 只能使用其中一个</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="243"/>
        <source>TCP: split received bytes into the messages the recording shows: raw, lines, lines:crlf, delim:TEXT, length:SIZE[:be|:le][:incl], fixed:N or idle:MS.</source>
        <translation>TCP：把接收的字节切分为记录中显示的消息：raw、lines、lines:crlf、delim:TEXT、length:SIZE[:be|:le][:incl]、fixed:N 或 idle:MS。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="245"/>
        <source>SPEC</source>
        <translation>SPEC</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="247"/>
        <source>With --framing: cut a longer message into pieces of N bytes (default 65536).</source>
        <translation>配合 --framing：把更长的消息切成 N 字节的片段（默认 65536）。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="254"/>
        <source>Check the check value at the end of each received message (chunk, --framing message, or datagram); report each bad one.</source>
        <translation>检查每条接收消息（数据块、--framing 消息或数据报）末尾的校验值；报告每条校验错误的消息。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="258"/>
        <source>With --check: bytes before the covered ones and after the check value.</source>
        <translation>配合 --check：校验范围之前和校验值之后要跳过的字节数。</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="259"/>
        <source>FIRST[,LAST]</source>
        <translation>FIRST[,LAST]</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="264"/>
        <source>                       raw              each read as it arrived (the default)
                       lines            a message ends with LF (a CR before it stays in it)
                       lines:crlf       a message ends with CR LF
                       delim:TEXT       a message ends with TEXT, written with escapes
                                        \r \n \t \\ \xNN: delim:\r\n, delim:## or delim:\x7e
                       length:SIZE[:be|:le][:incl]
                                        a SIZE-byte (1, 2 or 4) length header, then that many
                                        bytes; big endian unless :le; with :incl the length
                                        counts the header too
                       fixed:N          every N bytes
                       idle:MS          a message ends when nothing arrives for MS milliseconds
</source>
        <translation>                       raw              每次读取到的数据作为一条（默认）
                       lines            消息以 LF 结尾（LF 前的 CR 保留在消息中）
                       lines:crlf       消息以 CR LF 结尾
                       delim:TEXT       消息以 TEXT 结尾，TEXT 可使用转义
                                        \r \n \t \\ \xNN：delim:\r\n、delim:## 或 delim:\x7e
                       length:SIZE[:be|:le][:incl]
                                        SIZE 字节（1、2 或 4）的长度头，后跟相应数量的字节；
                                        默认大端，:le 为小端；带 :incl 时长度包含长度头本身
                       fixed:N          每 N 个字节为一条
                       idle:MS          MS 毫秒内没有新数据到达时，消息结束
</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="283"/>
        <source>raw, lines, lines:crlf, delim:TEXT, length:SIZE[:be|:le][:incl], fixed:N or idle:MS</source>
        <translation>raw、lines、lines:crlf、delim:TEXT、length:SIZE[:be|:le][:incl]、fixed:N 或 idle:MS</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="310"/>
        <source>&apos;%1&apos;: lines ends with LF (lines) or CR LF (lines:crlf)</source>
        <translation>&apos;%1&apos;：行以 LF（lines）或 CR LF（lines:crlf）结尾</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="317"/>
        <source>&apos;%1&apos;: the delimiter: %2</source>
        <translation>&apos;%1&apos;：分隔符：%2</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="321"/>
        <source>&apos;%1&apos;: delim needs the bytes that end a message, such as delim:\r\n or delim:\x7e</source>
        <translation>&apos;%1&apos;：delim 需要给出结束一条消息的字节，例如 delim:\r\n 或 delim:\x7e</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="335"/>
        <source>&apos;%1&apos;: the length header is 1, 2 or 4 bytes: length:1, length:2 or length:4</source>
        <translation>&apos;%1&apos;：长度头为 1、2 或 4 字节：length:1、length:2 或 length:4</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="352"/>
        <source>&apos;%1&apos;: after the header size come be or le (byte order, default be) and incl (the length counts the header), not &apos;%2&apos;</source>
        <translation>&apos;%1&apos;：长度头大小之后可跟 be 或 le（字节序，默认 be）以及 incl（长度包含长度头本身），而不是 &apos;%2&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="376"/>
        <source>&apos;%1&apos; is not a framing: use %2</source>
        <translation>&apos;%1&apos; 不是可用的分帧方式：请使用 %2</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="387"/>
        <source>--%1 applies to TCP: each UDP datagram is a message already</source>
        <translation>--%1 仅适用于 TCP：每个 UDP 数据报本身就是一条消息</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="393"/>
        <source>--framing %1</source>
        <translation>--framing %1</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="398"/>
        <source>--max-frame needs --framing other than raw: raw chunks are never cut</source>
        <translation>--max-frame 需要 raw 以外的 --framing：原始数据块从不切分</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="409"/>
        <source>--framing %1: %2 (--max-frame is %3 bytes)</source>
        <translation>--framing %1：%2（--max-frame 为 %3 字节）</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="445"/>
        <source>--check-skip needs --check NAME</source>
        <translation>--check-skip 需要配合 --check NAME 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="450"/>
        <source>--check: %1</source>
        <translation>--check：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="455"/>
        <source>--check: name a checksum (known: %1)</source>
        <translation>--check：请指定一种校验方式（支持：%1）</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="459"/>
        <source>--check-skip: %1</source>
        <translation>--check-skip：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="479"/>
        <source>&apos;%1&apos; is not a WebSocket URL such as ws://HOST:PORT/PATH or wss://HOST/PATH</source>
        <translation>“%1”不是 WebSocket 地址，应形如 ws://HOST:PORT/PATH 或 wss://HOST/PATH</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="483"/>
        <source>the WebSocket URL &apos;%1&apos; has no host</source>
        <translation>WebSocket 地址“%1”没有主机</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="487"/>
        <source>the WebSocket URL &apos;%1&apos; may not hold a user name or a #fragment</source>
        <translation>WebSocket 地址“%1”不能带用户名或 #片段</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="493"/>
        <source>the WebSocket URL &apos;%1&apos; has no valid port</source>
        <translation>WebSocket 地址“%1”的端口无效</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="24"/>
        <location filename="../../app/options/relayoptions.cpp" line="19"/>
        <source>Listen on ADDR only (default: all IPv4 interfaces; :: for IPv6 too).</source>
        <translation>只在 ADDR 上监听（默认：所有 IPv4 接口；用 :: 则同时包括 IPv6）。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="24"/>
        <location filename="../../app/options/relayoptions.cpp" line="19"/>
        <source>ADDR</source>
        <translation>ADDR</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="25"/>
        <source>Send each received chunk back to its sender.</source>
        <translation>把收到的每块数据发回给发送方。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="27"/>
        <source>Accept at most N clients at once; refuse the others.</source>
        <translation>最多同时接受 N 个客户端，拒绝其余的。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="40"/>
        <source>Run a chat room: each line a client says goes to the others.</source>
        <translation>运行聊天室：客户端说的每一行都会转给其他客户端。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="42"/>
        <source>Speak WebSocket (RFC 6455) with every client: ws://, or wss:// with --tls.</source>
        <translation>与每个客户端使用 WebSocket（RFC 6455）通信：ws://，加 --tls 则为 wss://。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="44"/>
        <source>With --chat: the name standard input talks as.</source>
        <translation>与 --chat 一起使用：标准输入发言时使用的名字。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="111"/>
        <source>--join does not apply with --tls: DTLS runs a session with each peer, not with a group</source>
        <translation>--join 不能与 --tls 同时使用：DTLS 与每个对端各建一个会话，而不是与组播组</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="120"/>
        <source>--name applies to a chat room: add --chat</source>
        <translation>--name 用于聊天室：请加上 --chat</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="125"/>
        <source>--name &apos;%1&apos;: %2</source>
        <translation>--name “%1”：%2</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="132"/>
        <source>--chat needs TCP: leave out --udp</source>
        <translation>--chat 需要 TCP：请去掉 --udp</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="133"/>
        <source>--chat needs a stream socket: leave out --udp</source>
        <translation>--chat 需要流式套接字：请去掉 --udp</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="136"/>
        <source>--chat and --echo cannot be combined: a room passes each line to the others</source>
        <translation>--chat 与 --echo 不能同时使用：聊天室会把每一行转给其他人</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="142"/>
        <source>--chat splits lines: --framing can only be lines (the room ends its lines with LF) or lines:crlf (CR LF)</source>
        <translation>--chat 按行拆分：--framing 只能是 lines（聊天室以 LF 结束每行）或 lines:crlf（CR LF）</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="149"/>
        <source>--websocket needs TCP: leave out --udp</source>
        <translation>--websocket 需要 TCP：请去掉 --udp</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="151"/>
        <source>--websocket and --chat cannot be combined</source>
        <translation>--websocket 不能与 --chat 同时使用</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="154"/>
        <source>--framing does not apply with --websocket: each WebSocket message is a message already</source>
        <translation>--framing 不能与 --websocket 同时使用：每条 WebSocket 消息本身就是一条消息</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="168"/>
        <source>Usage: sockpit listen [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE] [-v] [-x]
       sockpit listen --unix [--udp] PATH [--echo] [--max-clients N] [--record FILE] [-v] [-x]
                      [--join GROUP]... [--iface NAME]
                      [--tls [--cert FILE --key FILE] [--ca FILE]] [--websocket]
                      [--rules FILE] [--framing SPEC [--max-frame N]] [--chat [--name NAME]]
                      [--check NAME[:le|:be] [--check-skip FIRST[,LAST]]]

Listens on PORT (0: the system picks one) and prints &apos;listening on ADDR:PORT&apos; to standard error;
with --unix, on the Unix socket PATH (&apos;listening on PATH&apos;).
Received bytes go to standard output; standard input goes to every connected client (UDP: to the
most recent sender). Runs until SIGINT or SIGTERM; the end of standard input does not stop it.

  --udp              Use UDP instead of TCP (with --unix: a datagram socket).
  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather
                     small pieces (Nagle&apos;s algorithm).
  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the
                     peer is gone.
  -U, --unix         PATH is a Unix domain socket: a file (a socket file nobody listens on any
                     more is replaced, and the file is removed at the end) or @name, an
                     abstract name. Clients are shown by their process: &apos;pid 4242, uid 1000&apos;.
  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).
  --echo             Send each received chunk back to its sender.
  --max-clients N    Accept at most N clients at once; further ones are closed and logged as refused.
  --join GROUP       UDP: join multicast GROUP (repeatable); an IPv6 group without --bind listens on ::.
  --iface NAME       UDP: join on, and send multicast by, interface NAME (a name or a number).
  --rules FILE       Answer each received message (chunk, --framing message, or datagram) that
                     matches a rule of FILE, a JSON file as the window&apos;s rules editor exports it.
  --framing SPEC     TCP: split received bytes into the messages --record writes and --rules
                     answers (standard output still gets the bytes unchanged). SPEC is one of:
%1  --max-frame N      With --framing: a longer message is recorded in pieces of N bytes, each
                     marked (default 65536).
  --check NAME       Check the check value at the end of each received message (chunk, --framing
                     message, or datagram), NAME[:le|:be] as for --checksum; each bad one is
                     reported on standard error (and recorded), and the count at the end.
  --check-skip FIRST[,LAST]
                     With --check: FIRST bytes before the covered ones and LAST bytes after the
                     check value are left out (a --framing delimiter always is).
  --chat             TCP: run a chat room. Each line a client sends (LF or CR LF) goes to every
                     other client as &apos;&lt;NAME&gt; text&apos;; clients start as userN and rename with
                     &apos;/nick NAME&apos;; &apos;/who&apos; lists who is there; joins, leaves and renames are
                     announced as &apos;* ...&apos; lines; a newcomer gets the last 20 lines said. Standard
                     input talks to the room. A client that stops reading is disconnected once
                     1 MiB waits for it. With --framing lines:crlf the room ends lines with CR LF.
  --name NAME        With --chat: the name standard input talks as (default host).
  --websocket        TCP: speak WebSocket (RFC 6455) with every client, any path (with --tls:
                     wss). Each message received goes to standard output with a line end after
                     it; each line of standard input is one message, text when it is UTF-8 and
                     binary otherwise. Pings are answered; handshakes and close codes are logged.
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every connection step, and the byte totals at the end, on standard error.
  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:
                     a &apos;&lt;&apos; (received) or &apos;&gt;&apos; (sent) line with the time, connection and peer,
                     then 16 bytes a line with their offset and ASCII.
  --tls              Serve TLS (with --udp: DTLS). Without --cert/--key a self-signed certificate is
                     made for this run and its SHA-256 fingerprint printed to standard error.
  --cert FILE        The server&apos;s certificate (PEM or DER; a PEM file may add its chain).
  --key FILE         The private key of --cert (unencrypted RSA or EC, PEM or DER).
  --ca FILE          Ask clients for a certificate and accept only those the CAs in FILE issued.
</source>
        <translation>用法：sockpit listen [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE] [-v] [-x]
       sockpit listen --unix [--udp] PATH [--echo] [--max-clients N] [--record FILE] [-v] [-x]
                      [--join GROUP]... [--iface NAME]
                      [--tls [--cert FILE --key FILE] [--ca FILE]] [--websocket]
                      [--rules FILE] [--framing SPEC [--max-frame N]] [--chat [--name NAME]]
                      [--check NAME[:le|:be] [--check-skip FIRST[,LAST]]]

在 PORT 上监听（0：由系统选择），并向标准错误输出打印 &apos;listening on ADDR:PORT&apos;；
使用 --unix 时，在 Unix 套接字 PATH 上监听（&apos;listening on PATH&apos;）。
接收的字节写到标准输出；标准输入的内容发送给每个已连接的客户端（UDP：发送给
最近的发送方）。一直运行，直到收到 SIGINT 或 SIGTERM；标准输入结束不会使其停止。

  --udp              使用 UDP 而非 TCP（配合 --unix：数据报套接字）。
  --nodelay on|off   TCP_NODELAY：on（默认）每段数据立即发送；off 允许 TCP 合并小段数据
                     （Nagle 算法）。
  --keepalive        SO_KEEPALIVE：TCP 探测长时间空闲的连接，对端消失后结束连接。
  -U, --unix         PATH 是 Unix 域套接字：一个文件（已无人监听的残留套接字文件会被替换，
                     结束时删除该文件）或 @name（抽象名称）。客户端按其进程显示：
                     &apos;pid 4242, uid 1000&apos;。
  --bind ADDR        只在 ADDR 上监听（默认 0.0.0.0；用 :: 则同时监听 IPv6 和 IPv4）。
  --echo             把收到的每块数据发回给发送方。
  --max-clients N    最多同时接受 N 个客户端；超出的连接会被关闭，并在日志中记为已拒绝。
  --join GROUP       UDP：加入组播组 GROUP（可重复使用）；未指定 --bind 时，IPv6 组在 :: 上监听。
  --iface NAME       UDP：通过网络接口 NAME（名称或编号）加入组播组并发送组播。
  --rules FILE       对接收到的每条消息（数据块、--framing 切分出的消息或数据报），若匹配 FILE 中的
                     某条规则则自动回复；FILE 是窗口中的规则编辑器导出的 JSON 文件。
  --framing SPEC     TCP：把接收的字节切分为 --record 写入、--rules 应答的消息
                     （标准输出仍原样得到这些字节）。SPEC 为以下之一：
%1  --max-frame N      配合 --framing：更长的消息按 N 字节分段记录，每段都有标记（默认 65536）。
  --check NAME       检查每条接收消息（数据块、--framing 消息或数据报）末尾的校验值，
                     NAME[:le|:be] 与 --checksum 相同；每条校验错误的消息都在标准错误输出上
                     报告（并记录），结束时报告错误条数。
  --check-skip FIRST[,LAST]
                     配合 --check：跳过校验范围之前的 FIRST 个字节和校验值之后的 LAST 个字节
                     （--framing 的分隔符总是不计入）。
  --chat             TCP：运行聊天室。客户端发送的每一行（LF 或 CR LF）都以 &apos;&lt;NAME&gt; text&apos; 的形式
                     转给其他每个客户端；客户端起初名为 userN，可用 &apos;/nick NAME&apos; 改名；
                     &apos;/who&apos; 列出在场的人；加入、离开和改名以 &apos;* ...&apos; 行通告；新来者先收到最近说过的
                     20 行。标准输入向聊天室发言。不读取的客户端在等待它的数据超过 1 MiB 时被断开。
                     使用 --framing lines:crlf 时，聊天室以 CR LF 结束每行。
  --name NAME        配合 --chat：标准输入发言时使用的名字（默认 host）。
  --websocket        TCP：与每个客户端使用 WebSocket（RFC 6455）通信，接受任意路径（配合 --tls：
                     wss）。收到的每条消息写到标准输出，其后加一个换行；标准输入的每一行是一条
                     消息，是 UTF-8 时为文本消息，否则为二进制消息。自动回复 ping；握手和关闭代码
                     都记入日志。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个连接步骤，并在结束时报告字节总数。
  -x, --hex-dump     同时在标准错误输出上以十六进制转储打印每个接收和发送的字节：先是一行以
                     &apos;&lt;&apos;（接收）或 &apos;&gt;&apos;（发送）开头，含时间、连接和对端，然后每行 16 个字节，
                     带偏移量和 ASCII。
  --tls              提供 TLS 服务（与 --udp 一起：DTLS）。未指定 --cert/--key 时，为本次运行生成一个自签名证书，
                     并将其 SHA-256 指纹打印到标准错误输出。
  --cert FILE        服务器的证书（PEM 或 DER；PEM 文件可附带证书链）。
  --key FILE         --cert 的私钥（未加密的 RSA 或 EC，PEM 或 DER）。
  --ca FILE          要求客户端提供证书，只接受由 FILE 中的 CA 签发的证书。
</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="36"/>
        <location filename="../../app/options/connectoptions.cpp" line="38"/>
        <location filename="../../app/options/listenoptions.cpp" line="27"/>
        <location filename="../../app/options/optionparsing.cpp" line="248"/>
        <location filename="../../app/options/pingoptions.cpp" line="18"/>
        <location filename="../../app/options/pingoptions.cpp" line="20"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="29"/>
        <source>UDP: join multicast GROUP (repeatable).</source>
        <translation>UDP：加入组播组 GROUP（可重复使用）。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="29"/>
        <source>GROUP</source>
        <translation>GROUP</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="31"/>
        <source>UDP: the network interface (name or number) for multicast.</source>
        <translation>UDP：用于组播的网络接口（名称或编号）。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="43"/>
        <location filename="../../app/options/connectoptions.cpp" line="48"/>
        <location filename="../../app/options/listenoptions.cpp" line="31"/>
        <location filename="../../app/options/listenoptions.cpp" line="44"/>
        <location filename="../../app/options/optionparsing.cpp" line="256"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="50"/>
        <location filename="../../app/options/listenoptions.cpp" line="34"/>
        <source>Answer matching messages with the auto-reply rules in FILE (JSON, as the window exports them).</source>
        <translation>用 FILE 中的自动回复规则（JSON，与窗口导出的格式相同）回复匹配的消息。</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="60"/>
        <source>listen needs a PORT (0 lets the system pick one)</source>
        <translation>listen 需要一个 PORT（0 表示由系统选择）</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="61"/>
        <source>listen takes one PORT, got: %1</source>
        <translation>listen 只接受一个 PORT，收到的是：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="104"/>
        <location filename="../../app/options/listenoptions.cpp" line="74"/>
        <location filename="../../app/options/pingoptions.cpp" line="47"/>
        <location filename="../../app/options/relayoptions.cpp" line="49"/>
        <location filename="../../app/options/runoptions.cpp" line="74"/>
        <source>--record needs a file name</source>
        <translation>--record 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="90"/>
        <source>--join applies to UDP: add --udp</source>
        <translation>--join 仅适用于 UDP：请加上 --udp</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="94"/>
        <source>--join needs a multicast group address (224.0.0.0/4 or ff00::/8), not &apos;%1&apos;</source>
        <translation>--join 需要一个组播组地址（224.0.0.0/4 或 ff00::/8），而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/listenoptions.cpp" line="105"/>
        <source>--join: an IPv6 group needs an IPv6 --bind address (such as ::), not &apos;%1&apos;</source>
        <translation>--join：IPv6 组需要 IPv6 的 --bind 地址（如 ::），而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="424"/>
        <source>--rules needs a file name</source>
        <translation>--rules 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="429"/>
        <source>--rules: cannot read &apos;%1&apos;: %2</source>
        <translation>--rules：无法读取 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../app/options/optionparsing.cpp" line="434"/>
        <source>--rules: %1: %2</source>
        <translation>--rules：%1：%2</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="25"/>
        <source>Send TEXT (UTF-8 as typed; hex with --hex; macros such as {counter} and {time}) instead of standard input.</source>
        <translation>发送 TEXT（按输入的 UTF-8 文本；加 --hex 时为十六进制；可使用 {counter}、{time} 等宏），而不是标准输入。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="27"/>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="29"/>
        <source>Send the contents of FILE instead of standard input.</source>
        <translation>发送 FILE 的内容，而不是标准输入。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="31"/>
        <source>TEXT of --send is hex: &apos;48 65 6c&apos;, &apos;48656c&apos; or &apos;0x48,0x65&apos;.</source>
        <translation>--send 的 TEXT 为十六进制：&apos;48 65 6c&apos;、&apos;48656c&apos; 或 &apos;0x48,0x65&apos;。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="33"/>
        <source>After the input ended, exit once nothing has arrived for MS milliseconds.</source>
        <translation>输入结束后，若 MS 毫秒内没有收到数据则退出。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="33"/>
        <location filename="../../app/options/connectoptions.cpp" line="35"/>
        <location filename="../../app/options/connectoptions.cpp" line="40"/>
        <location filename="../../app/options/pingoptions.cpp" line="19"/>
        <location filename="../../app/options/pingoptions.cpp" line="21"/>
        <location filename="../../app/options/relayoptions.cpp" line="21"/>
        <location filename="../../app/options/runoptions.cpp" line="22"/>
        <source>MS</source>
        <translation>MS</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="35"/>
        <location filename="../../app/options/runoptions.cpp" line="22"/>
        <source>Give up connecting after MS milliseconds (default 10000).</source>
        <translation>连接超过 MS 毫秒后放弃（默认 10000）。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="36"/>
        <source>Send from local port N.</source>
        <translation>从本地端口 N 发送。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="38"/>
        <source>Send the --send/--send-file payload N times.</source>
        <translation>将 --send/--send-file 的数据发送 N 次。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="40"/>
        <source>Milliseconds between repeats, fractions allowed (0: as fast as possible).</source>
        <translation>每次重复之间的毫秒数，可以是小数（0：尽可能快）。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="42"/>
        <source>UDP: the network interface (name or number) multicast datagrams leave by.</source>
        <translation>UDP：组播数据报发出所用的网络接口（名称或编号）。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="46"/>
        <source>Append a check value to the payload: crc16-modbus, crc16-ibm3740, crc16-xmodem, crc16-kermit, crc32, sum8 or xor8, optionally with :le or :be.</source>
        <translation>在数据末尾追加校验值：crc16-modbus、crc16-ibm3740、crc16-xmodem、crc16-kermit、crc32、sum8 或 xor8，可加 :le 或 :be。</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="76"/>
        <source>--tls does not go with a WebSocket URL: wss:// is WebSocket over TLS</source>
        <translation>--tls 不能与 WebSocket 地址同时使用：wss:// 就是基于 TLS 的 WebSocket</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="80"/>
        <location filename="../../app/options/runoptions.cpp" line="49"/>
        <source>--%1 does not apply to WebSocket (a ws:// or wss:// URL): each WebSocket message is a message already</source>
        <translation>--%1 不适用于 WebSocket（ws:// 或 wss:// 地址）：每条 WebSocket 消息本身就是一条消息</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="87"/>
        <source>connect needs HOST and PORT, got: &apos;%1&apos;</source>
        <translation>connect 需要 HOST 和 PORT，收到的是：“%1”</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="111"/>
        <source>use either --send or --send-file, not both</source>
        <translation>--send 和 --send-file 只能使用其中一个</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="113"/>
        <source>--hex applies to the TEXT of --send</source>
        <translation>--hex 只作用于 --send 的 TEXT</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="122"/>
        <location filename="../../app/options/connectoptions.cpp" line="131"/>
        <source>--send: %1</source>
        <translation>--send：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="137"/>
        <source>--checksum: %1</source>
        <translation>--checksum：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="140"/>
        <source>--checksum needs --send or --send-file</source>
        <translation>--checksum 需要配合 --send 或 --send-file 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="147"/>
        <source>--send-file needs a file name</source>
        <translation>--send-file 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="165"/>
        <source>--local-port: %1</source>
        <translation>--local-port：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="168"/>
        <source>--repeat needs --send or --send-file</source>
        <translation>--repeat 需要配合 --send 或 --send-file 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="175"/>
        <source>--interval needs --repeat</source>
        <translation>--interval 需要配合 --repeat 使用</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="181"/>
        <source>--interval needs a number of milliseconds (0 or more), not &apos;%1&apos;</source>
        <translation>--interval 需要一个毫秒数（0 或更大），而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/options/connectoptions.cpp" line="200"/>
        <source>Usage: sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE] [-v]
                       [--iface NAME]
                       [--tls [--ca FILE | --insecure] [--cert FILE --key FILE]]
                       [--checksum NAME[:le|:be]] [--rules FILE]
                       [--framing SPEC [--max-frame N]]
                       [--check NAME[:le|:be] [--check-skip FIRST[,LAST]]]
       sockpit connect --unix [--udp] PATH [--send TEXT | --send-file FILE] ...
       sockpit connect ws://HOST[:PORT][/PATH] | wss://HOST[:PORT][/PATH] [--send TEXT] ...

Connects to HOST:PORT and sends --send TEXT, else --send-file FILE, else standard input. When the
input ends, a TCP connection shuts down its sending side and keeps receiving. Received bytes go to
standard output. Exits when the peer closes, or once nothing has arrived for --wait MS after the
input ended (UDP: 2000 ms by default). UDP sockets may always send to broadcast addresses.
With a ws:// or wss:// URL (wss: over TLS, with the TLS flags) it speaks WebSocket: each line of
standard input (or --send TEXT) is one message, text when it is UTF-8 and binary otherwise, and
each message received is written with a line end after it. WebSocket has no half-close: once
nothing has arrived for --wait MS (1000 by default) after the input ended, it closes with code 1000.

  --udp              Use UDP instead of TCP (with --unix: a datagram socket).
  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather
                     small pieces (Nagle&apos;s algorithm).
  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the
                     peer is gone.
  --proxy URL        Connect through a proxy, which resolves HOST itself: socks5://HOST:PORT
                     (SOCKS5) or http://HOST:PORT (HTTP CONNECT), with USER:PASSWORD@ before
                     HOST when it asks for them.
  -U, --unix         Connect to the Unix domain socket PATH (@name: an abstract name) instead
                     of HOST PORT. With --udp, datagrams go to PATH from an abstract name the
                     system picks, so answers can come back.
  --send TEXT        Send TEXT (UTF-8 as typed) instead of standard input. Macros are expanded
                     for each send: {counter} (1, 2, ...), {time}, {time:FORMAT}, {random:N},
                     {hex:HEX}; other braces are sent as typed.
  --hex              TEXT of --send is hex: &apos;48 65 6c&apos;, &apos;48656c&apos; or &apos;0x48,0x65&apos;.
  --send-file FILE   Send the contents of FILE instead of standard input.
  --wait MS          After the input ended, exit once nothing has arrived for MS milliseconds.
  --timeout MS       Give up connecting after MS milliseconds (default 10000).
  --local-port N     Send from local port N.
  --repeat N         Send the payload N times ...
  --interval MS      ... MS milliseconds apart, fractions allowed (0: as fast as possible).
  --iface NAME       UDP: multicast datagrams leave by interface NAME (a name or a number).
  --checksum NAME    Append a check value to the --send/--send-file payload: crc16-modbus,
                     crc16-ibm3740 (alias crc16-ccitt-false), crc16-xmodem, crc16-kermit,
                     crc32, sum8 or xor8; &apos;:le&apos; or &apos;:be&apos; picks the byte order (default: low
                     byte first for crc16-modbus, high byte first for the others).
  --rules FILE       Answer each received message (chunk, --framing message, or datagram) that
                     matches a rule of FILE, a JSON file as the window&apos;s rules editor exports it.
  --framing SPEC     TCP: split received bytes into the messages --record writes and --rules
                     answers (standard output still gets the bytes unchanged). SPEC is one of:
%1  --max-frame N      With --framing: a longer message is recorded in pieces of N bytes, each
                     marked (default 65536).
  --check NAME       Check the check value at the end of each received message (chunk, --framing
                     message, or datagram), NAME[:le|:be] as for --checksum; each bad one is
                     reported on standard error (and recorded), and the count at the end.
  --check-skip FIRST[,LAST]
                     With --check: FIRST bytes before the covered ones and LAST bytes after the
                     check value are left out (a --framing delimiter always is).
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every connection step, and the byte totals at the end, on standard error.
  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:
                     a &apos;&lt;&apos; (received) or &apos;&gt;&apos; (sent) line with the time, connection and peer,
                     then 16 bytes a line with their offset and ASCII.
  --tls              Talk TLS, verifying the server&apos;s certificate and name against the system&apos;s
                     CAs. TLS cannot half-close: when the input ends, the connection stays open
                     until the peer closes it or --wait MS passes. With --udp: DTLS, each
                     datagram (at most 16384 bytes) a record, after a handshake within --timeout.
  --ca FILE          Trust the CAs (or self-signed certificates) in FILE instead of the system&apos;s.
  --insecure         Do not verify the server&apos;s certificate.
  --cert FILE        A client certificate to present, with --key FILE its private key.
</source>
        <translation>用法：sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE] [-v] [-x]
                       [--iface NAME]
                       [--tls [--ca FILE | --insecure] [--cert FILE --key FILE]]
                       [--checksum NAME[:le|:be]] [--rules FILE]
                       [--framing SPEC [--max-frame N]]
                       [--check NAME[:le|:be] [--check-skip FIRST[,LAST]]]
       sockpit connect --unix [--udp] PATH [--send TEXT | --send-file FILE] ...
       sockpit connect ws://HOST[:PORT][/PATH] | wss://HOST[:PORT][/PATH] [--send TEXT] ...

连接到 HOST:PORT，并发送 --send 的 TEXT；未指定时发送 --send-file 的 FILE，再否则发送标准输入。
输入结束时，TCP 连接会关闭其发送方向并继续接收。接收到的字节写到
标准输出。对端关闭时退出；或在输入结束后 --wait MS 内没有收到任何数据时退出
（UDP 默认 2000 ms）。UDP 套接字始终可以向广播地址发送。
使用 ws:// 或 wss:// 地址（wss：基于 TLS，可用 TLS 选项）时使用 WebSocket 通信：标准输入的
每一行（或 --send 的 TEXT）是一条消息，是 UTF-8 时为文本消息，否则为二进制消息；收到的每条消息
写出时其后加一个换行。WebSocket 没有半关闭：输入结束后，若 --wait MS（默认 1000）内没有收到
任何数据，则以代码 1000 关闭。

  --udp              使用 UDP 而非 TCP（配合 --unix：数据报套接字）。
  --nodelay on|off   TCP_NODELAY：on（默认）每段数据立即发送；off 允许 TCP 合并小段数据
                     （Nagle 算法）。
  --keepalive        SO_KEEPALIVE：TCP 探测长时间空闲的连接，对端消失后结束连接。
  --proxy URL        通过代理连接，由代理解析 HOST：socks5://HOST:PORT（SOCKS5）或
                     http://HOST:PORT（HTTP CONNECT）；代理要求登录时，在 HOST 前加上 USER:PASSWORD@。
  -U, --unix         连接到 Unix 域套接字 PATH（@name：抽象名称），而不是 HOST PORT。
                     配合 --udp 时，数据报从系统选定的抽象名称发往 PATH，以便回复能够返回。
  --send TEXT        发送 TEXT（按输入的 UTF-8 文本），而不是标准输入。每次发送时展开宏：
                     {counter}（1、2、...）、{time}、{time:FORMAT}、{random:N}、
                     {hex:HEX}；其他花括号按原样发送。
  --hex              --send 的 TEXT 为十六进制：&apos;48 65 6c&apos;、&apos;48656c&apos; 或 &apos;0x48,0x65&apos;。
  --send-file FILE   发送 FILE 的内容，而不是标准输入。
  --wait MS          输入结束后，若 MS 毫秒内没有收到数据则退出。
  --timeout MS       连接超过 MS 毫秒后放弃（默认 10000）。
  --local-port N     从本地端口 N 发送。
  --repeat N         将数据发送 N 次……
  --interval MS      ……每次间隔 MS 毫秒，可以是小数（0：尽可能快）。
  --iface NAME       UDP：组播数据报从网络接口 NAME（名称或编号）发出。
  --checksum NAME    在 --send/--send-file 的数据后追加校验值：crc16-modbus、
                     crc16-ibm3740（别名 crc16-ccitt-false）、crc16-xmodem、crc16-kermit、
                     crc32、sum8 或 xor8；&apos;:le&apos; 或 &apos;:be&apos; 选择字节序（默认：crc16-modbus
                     低字节在前，其他算法高字节在前）。
  --rules FILE       对接收到的每条消息（数据块、--framing 切分出的消息或数据报），若匹配 FILE 中的
                     某条规则则自动回复；FILE 是窗口中的规则编辑器导出的 JSON 文件。
  --framing SPEC     TCP：把接收的字节切分为 --record 写入、--rules 应答的消息
                     （标准输出仍原样得到这些字节）。SPEC 为以下之一：
%1  --max-frame N      配合 --framing：更长的消息按 N 字节分段记录，每段
                     都带有标记（默认 65536）。
  --check NAME       检查每条接收消息（数据块、--framing 消息或数据报）末尾的校验值，
                     NAME[:le|:be] 与 --checksum 相同；每条校验错误的消息都在标准错误输出上
                     报告（并记录），结束时报告错误条数。
  --check-skip FIRST[,LAST]
                     配合 --check：跳过校验范围之前的 FIRST 个字节和校验值之后的 LAST 个字节
                     （--framing 的分隔符总是不计入）。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个连接步骤，并在结束时报告字节总数。
  -x, --hex-dump     同时在标准错误输出上以十六进制转储打印每个接收和发送的字节：先是一行以
                     &apos;&lt;&apos;（接收）或 &apos;&gt;&apos;（发送）开头，含时间、连接和对端，然后每行 16 个字节，
                     带偏移量和 ASCII。
  --tls              使用 TLS 通信，并根据系统的 CA 验证服务器的证书和名称。
                     TLS 无法半关闭：输入结束后，连接保持打开，
                     直到对端关闭连接或经过 --wait MS。与 --udp 一起：DTLS，
                     每个数据报（至多 16384 字节）为一个记录，握手须在 --timeout 内完成。
  --ca FILE          信任 FILE 中的 CA（或自签名证书），而不是系统的 CA。
  --insecure         不验证服务器的证书。
  --cert FILE        要出示的客户端证书，--key FILE 为其私钥。
</translation>
    </message>
    <message>
        <location filename="../../app/options/relayoptions.cpp" line="21"/>
        <source>Give up connecting to the target after MS milliseconds (default 10000).</source>
        <translation>在 MS 毫秒后放弃连接目标（默认 10000）。</translation>
    </message>
    <message>
        <location filename="../../app/options/relayoptions.cpp" line="33"/>
        <source>relay needs PORT, HOST and PORT (listen here, forward there), got: &apos;%1&apos;</source>
        <translation>relay 需要 PORT、HOST 和 PORT（在此监听，转发到那里），实际得到：&apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/relayoptions.cpp" line="69"/>
        <source>Usage: sockpit relay [--udp] [--bind ADDR] PORT HOST PORT [--timeout MS] [--record FILE] [-v] [-x]
                     [--framing SPEC [--max-frame N]]

Listens on the first PORT (0: the system picks one; &apos;listening on ADDR:PORT&apos; goes to standard
error) and forwards every connection (UDP: every sender&apos;s datagrams) to HOST:PORT, and the
answers back. Put it between a device and its server to watch what they say: --record FILE
keeps both directions, each event naming both peers (&apos;--record /dev/stdout&apos; shows them as
text). Runs until SIGINT or SIGTERM.

  --udp              Relay UDP datagrams instead of TCP connections.
  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather
                     small pieces (Nagle&apos;s algorithm).
  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the
                     peer is gone.
  --bind ADDR        Listen on ADDR only (default 0.0.0.0; :: for IPv6 and IPv4).
  --timeout MS       Give up connecting to HOST:PORT for a client after MS milliseconds
                     (default 10000); that client is closed, the relay goes on.
  --framing SPEC     TCP: split received bytes into the messages --record writes, both ways
                     (the bytes are forwarded unchanged). SPEC is one of:
%1  --max-frame N      With --framing: a longer message is recorded in pieces of N bytes, each
                     marked (default 65536).
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every connection step, and the byte totals at the end, on standard error.
  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:
                     a &apos;&lt;&apos; (received) or &apos;&gt;&apos; (sent) line with the time, connection and peer,
                     then 16 bytes a line with their offset and ASCII.
</source>
        <translation>用法：sockpit relay [--udp] [--bind ADDR] PORT HOST PORT [--timeout MS] [--record FILE] [-v] [-x]
                     [--framing SPEC [--max-frame N]]

在第一个 PORT 上监听（0：由系统选择端口；&apos;listening on ADDR:PORT&apos; 写到标准错误输出），
把每个连接（UDP：每个发送方的数据报）转发到 HOST:PORT，并把回复送回。把它放在设备和服务器之间，
就能看到双方说了什么：--record FILE 记录两个方向的数据，每个事件都写明双方地址
（&apos;--record /dev/stdout&apos; 以文本形式显示）。一直运行到收到 SIGINT 或 SIGTERM 为止。

  --udp              中继 UDP 数据报而非 TCP 连接。
  --nodelay on|off   TCP_NODELAY：on（默认）每段数据立即发送；off 允许 TCP 合并小段数据
                     （Nagle 算法）。
  --keepalive        SO_KEEPALIVE：TCP 探测长时间空闲的连接，对端消失后结束连接。
  --bind ADDR        只在 ADDR 上监听（默认 0.0.0.0；:: 表示同时监听 IPv6 和 IPv4）。
  --timeout MS       为某个客户端连接 HOST:PORT 时，MS 毫秒后放弃（默认 10000）；
                     该客户端被关闭，中继继续运行。
  --framing SPEC     TCP：把两个方向接收的字节都切分为 --record 写入的消息
                     （字节仍原样转发）。SPEC 为以下之一：
%1  --max-frame N      配合 --framing：更长的消息按 N 字节分段记录，每段都有标记（默认 65536）。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个连接步骤，并在结束时报告字节总数。
  -x, --hex-dump     同时在标准错误输出上以十六进制转储打印每个接收和发送的字节：先是一行以
                     &apos;&lt;&apos;（接收）或 &apos;&gt;&apos;（发送）开头，含时间、连接和对端，然后每行 16 个字节，
                     带偏移量和 ASCII。
</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="18"/>
        <source>Send N echo requests (0: until stopped).</source>
        <translation>发送 N 个回显请求（0：直到停止）。</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="19"/>
        <source>Milliseconds between requests.</source>
        <translation>两次请求之间的毫秒数。</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="20"/>
        <source>Data bytes per request.</source>
        <translation>每个请求的数据字节数。</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="21"/>
        <source>Milliseconds to wait for each reply.</source>
        <translation>等待每个回复的毫秒数。</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="26"/>
        <source>Report every step on standard error.</source>
        <translation>在标准错误输出上报告每个步骤。</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="37"/>
        <source>ping needs one HOST, got: &apos;%1&apos;</source>
        <translation>ping 需要一个 HOST，收到的是：&apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="43"/>
        <source>ping sends ICMP over IPv4 only; &apos;%1&apos; is an IPv6 address</source>
        <translation>ping 只通过 IPv4 发送 ICMP；&apos;%1&apos; 是 IPv6 地址</translation>
    </message>
    <message>
        <location filename="../../app/options/pingoptions.cpp" line="74"/>
        <source>Usage: sockpit ping [--count N] [--interval MS] [--size N] [--timeout MS] [--record FILE] [-v] HOST

Sends ICMP echo requests to HOST (IPv4) and prints one line per reply on standard output: the
round-trip time, then the reply&apos;s IPv4 header (version, total length, TTL, source, destination)
and ICMP header (type, code, id, sequence, checksum checked). Requests without a reply in time,
and the summary, go to standard error. Needs a raw socket (root or the CAP_NET_RAW capability);
elsewhere it uses a ping socket if net.ipv4.ping_group_range allows this user&apos;s group.
Exit status: 0 when any reply came, 1 when none did or ICMP is not available, 2 invalid arguments.

  --count N          Send N requests (default 4; 0: until SIGINT or SIGTERM).
  --interval MS      Milliseconds between requests (default 1000).
  --size N           Data bytes per request, 0 to 65499 (default 56).
  --timeout MS       Milliseconds to wait for each reply (default 2000).
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Report every step on standard error.
</source>
        <translation>用法：sockpit ping [--count N] [--interval MS] [--size N] [--timeout MS] [--record FILE] [-v] HOST

向 HOST（IPv4）发送 ICMP 回显请求，并在标准输出上为每个回复打印一行：先是
往返时间，然后是回复的 IPv4 头（版本、总长度、TTL、源地址、目标地址）
和 ICMP 头（类型、代码、标识、序号、校验值及其检查结果）。未及时收到回复的请求
以及汇总信息输出到标准错误输出。需要原始套接字（root 用户或 CAP_NET_RAW 权能）；
否则，若 net.ipv4.ping_group_range 允许该用户所在的组，则使用 ping 套接字。
退出状态：0 表示收到了回复，1 表示没有收到任何回复或 ICMP 不可用，2 表示参数无效。

  --count N          发送 N 个请求（默认 4；0：一直发送，直到收到 SIGINT 或 SIGTERM）。
  --interval MS      请求之间间隔的毫秒数（默认 1000）。
  --size N           每个请求的数据字节数，0 到 65499（默认 56）。
  --timeout MS       等待每个回复的毫秒数（默认 2000）。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      在标准错误输出上报告每个步骤。
</translation>
    </message>
    <message>
        <location filename="../../app/options/runoptions.cpp" line="34"/>
        <source>run --unix needs FILE and PATH, got: &apos;%1&apos;</source>
        <translation>run --unix 需要 FILE 和 PATH，实际得到：“%1”</translation>
    </message>
    <message>
        <location filename="../../app/options/runoptions.cpp" line="46"/>
        <source>run speaks ws:// only, not wss:// (connect has TLS)</source>
        <translation>run 只支持 ws://，不支持 wss://（connect 支持 TLS）</translation>
    </message>
    <message>
        <location filename="../../app/options/runoptions.cpp" line="56"/>
        <source>run needs FILE, HOST and PORT, got: &apos;%1&apos;</source>
        <translation>run 需要 FILE、HOST 和 PORT，实际得到：&apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/runoptions.cpp" line="94"/>
        <source>Usage: sockpit run FILE [--udp] HOST PORT [--timeout MS] [--record FILE] [-v] [-x]
       sockpit run FILE --unix [--udp] PATH [--timeout MS] [--record FILE] [-v] [-x]
       sockpit run FILE ws://HOST[:PORT][/PATH] [--timeout MS] [--record FILE] [-v] [-x]

Connects to HOST:PORT (TCP, or UDP with --udp) and runs the sequence in FILE (JSON: send, expect,
delay, repeat, half-close and close steps; see &quot;Sequence format&quot; in the README). Prints one line
per step on standard output:
  ok       0.1 ms  1      send &quot;READ\r\n&quot;
  FAIL  5000.2 ms  2      expect &quot;OK&quot;: timed out after 5000 ms; arrived &quot;ERR\r\n&quot;
The first failed step ends the run. Received bytes are not printed, except with -v.
With a ws:// URL it speaks WebSocket: each send is one message, and expects read the messages
received one after another.
Exit status: 0 every step passed, 1 a step failed, the connection failed or FILE cannot be read,
2 invalid arguments or FILE is not a valid sequence.

  --udp              Use UDP instead of TCP (with --unix: a datagram socket).
  --nodelay on|off   TCP_NODELAY: on (the default) sends each piece at once; off lets TCP gather
                     small pieces (Nagle&apos;s algorithm).
  --keepalive        SO_KEEPALIVE: TCP probes a connection that stays idle, and ends it once the
                     peer is gone.
  --proxy URL        Connect through a proxy, which resolves HOST itself: socks5://HOST:PORT
                     (SOCKS5) or http://HOST:PORT (HTTP CONNECT), with USER:PASSWORD@ before
                     HOST when it asks for them.
  -U, --unix         Connect to the Unix domain socket PATH (@name: an abstract name) instead of
                     HOST PORT.
  --timeout MS       Give up connecting after MS milliseconds (default 10000).
  --record FILE      Record every event (JSON Lines if FILE ends in .jsonl, else text).
  -v, --verbose      Also print what each step sent and received, and every connection step on
                     standard error.
  -x, --hex-dump     Also print every byte received and sent as a hex dump on standard error:
                     a &apos;&lt;&apos; (received) or &apos;&gt;&apos; (sent) line with the time, connection and peer,
                     then 16 bytes a line with their offset and ASCII.
</source>
        <translation>用法：sockpit run FILE [--udp] HOST PORT [--timeout MS] [--record FILE] [-v] [-x]
       sockpit run FILE --unix [--udp] PATH [--timeout MS] [--record FILE] [-v] [-x]
       sockpit run FILE ws://HOST[:PORT][/PATH] [--timeout MS] [--record FILE] [-v] [-x]

连接到 HOST:PORT（TCP；加 --udp 时为 UDP），并运行 FILE 中的序列（JSON：send、expect、
delay、repeat、half-close 和 close 步骤；参见 README 中的 &quot;Sequence format&quot;）。每个步骤
在标准输出上打印一行：
  ok       0.1 ms  1      send &quot;READ\r\n&quot;
  FAIL  5000.2 ms  2      expect &quot;OK&quot;: 5000 ms 后超时；收到 &quot;ERR\r\n&quot;
第一个失败的步骤会结束运行。除非指定 -v，否则不打印接收的字节。
使用 ws:// 地址时使用 WebSocket 通信：每次发送为一条消息，expect 依次读取收到的消息。
退出状态：0 所有步骤都通过，1 有步骤失败、连接失败或无法读取 FILE，
2 参数无效或 FILE 不是有效的序列。

  --udp              使用 UDP 而非 TCP（配合 --unix：数据报套接字）。
  --nodelay on|off   TCP_NODELAY：on（默认）每段数据立即发送；off 允许 TCP 合并小段数据
                     （Nagle 算法）。
  --keepalive        SO_KEEPALIVE：TCP 探测长时间空闲的连接，对端消失后结束连接。
  --proxy URL        通过代理连接，由代理解析 HOST：socks5://HOST:PORT（SOCKS5）或
                     http://HOST:PORT（HTTP CONNECT）；代理要求登录时，在 HOST 前加上 USER:PASSWORD@。
  -U, --unix         连接到 Unix 域套接字 PATH（@name：抽象名称），而不是 HOST PORT。
  --timeout MS       连接超过 MS 毫秒后放弃（默认 10000）。
  --record FILE      记录每个事件（FILE 以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。
  -v, --verbose      同时打印每个步骤发送和接收的内容，并在标准错误输出上报告每个连接
                     步骤。
  -x, --hex-dump     同时在标准错误输出上以十六进制转储打印每个接收和发送的字节：先是一行以
                     &apos;&lt;&apos;（接收）或 &apos;&gt;&apos;（发送）开头，含时间、连接和对端，然后每行 16 个字节，
                     带偏移量和 ASCII。
</translation>
    </message>
    <message>
        <location filename="../../app/options/clioptions.cpp" line="14"/>
        <source>Usage: sockpit [--mode tcp-server|tcp-client|udp|icmp] [--bind ADDR] [--port N] [--host HOST] [--start] [--record FILE]
       sockpit --mode unix-server|unix-client|unix-dgram [--path PATH] [--start] [--record FILE]
       sockpit --workspace FILE [--start]
       sockpit listen  [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE]
                       [--join GROUP]... [--iface NAME] [--tls [--cert FILE --key FILE] [--ca FILE]]
                       [--rules FILE] [--framing SPEC [--max-frame N]] [--chat [--name NAME]]
       sockpit listen  --unix [--udp] PATH [--echo] [--max-clients N] [--record FILE] ...
       sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE]
                       [--iface NAME] [--tls [--ca FILE | --insecure] [--cert FILE --key FILE]]
                       [--checksum NAME[:le|:be]] [--rules FILE] [--framing SPEC [--max-frame N]]
       sockpit connect --unix [--udp] PATH [--send TEXT | --send-file FILE] ...
       sockpit relay   [--udp] [--bind ADDR] PORT HOST PORT [--record FILE]
                       [--framing SPEC [--max-frame N]]
       sockpit ping    [--count N] [--interval MS] [--size N] [--timeout MS] HOST
       sockpit run     FILE [--udp] HOST PORT [--timeout MS] [--record FILE] [-v]
       sockpit run     FILE --unix [--udp] PATH [--timeout MS] [--record FILE] [-v]
       sockpit export-pcap IN.jsonl OUT.pcap

Talk over plain sockets: a TCP server, a TCP client or a UDP socket, or their Unix domain kin.
Without a command, sockpit opens its window; the flags pre-fill (and with --start, start) a session.
The commands listen and connect need no display: received bytes go to standard output unchanged,
diagnostics to standard error. relay forwards a port to HOST:PORT and records both directions.
run connects and runs a scripted conversation (a sequence file), one line per step.
&apos;sockpit COMMAND --help&apos; tells more.

Options:
  -h, --help       Show this help.
  --version        Show the version.
  --mode MODE      Window: tcp-server, tcp-client, udp, icmp, unix-server, unix-client or
                   unix-dgram.
  --bind ADDR      Window: local address.
  --port N         Window: local port (server, UDP) or remote port (client).
  --host HOST      Window: remote host (client, UDP target, ICMP).
  --path PATH      Window, Unix modes: the socket&apos;s path, or @name (a client&apos;s: where it connects).
  --start          Window: start the session (or every tab of the workspace) at once.
  --workspace FILE Window: open the tabs a workspace file describes (File &gt; Save Workspace).
  --record FILE    Record every event to FILE (JSON Lines if it ends in .jsonl, else text).

Exit status: 0 success, 1 the system refused or failed, 2 invalid arguments.
</source>
        <translation>用法：sockpit [--mode tcp-server|tcp-client|udp|icmp] [--bind ADDR] [--port N] [--host HOST] [--start] [--record FILE]
       sockpit --mode unix-server|unix-client|unix-dgram [--path PATH] [--start] [--record FILE]
       sockpit --workspace FILE [--start]
       sockpit listen  [--udp] [--bind ADDR] PORT [--echo] [--max-clients N] [--record FILE]
                       [--join GROUP]... [--iface NAME] [--tls [--cert FILE --key FILE] [--ca FILE]]
                       [--rules FILE] [--framing SPEC [--max-frame N]] [--chat [--name NAME]]
       sockpit listen  --unix [--udp] PATH [--echo] [--max-clients N] [--record FILE] ...
       sockpit connect [--udp] HOST PORT [--send TEXT | --send-file FILE] [--hex] [--wait MS]
                       [--timeout MS] [--local-port N] [--repeat N --interval MS] [--record FILE]
                       [--iface NAME] [--tls [--ca FILE | --insecure] [--cert FILE --key FILE]]
                       [--checksum NAME[:le|:be]] [--rules FILE] [--framing SPEC [--max-frame N]]
       sockpit connect --unix [--udp] PATH [--send TEXT | --send-file FILE] ...
       sockpit relay   [--udp] [--bind ADDR] PORT HOST PORT [--record FILE]
                       [--framing SPEC [--max-frame N]]
       sockpit ping    [--count N] [--interval MS] [--size N] [--timeout MS] HOST
       sockpit run     FILE [--udp] HOST PORT [--timeout MS] [--record FILE] [-v]
       sockpit run     FILE --unix [--udp] PATH [--timeout MS] [--record FILE] [-v]
       sockpit export-pcap IN.jsonl OUT.pcap

通过普通套接字通信：TCP 服务器、TCP 客户端或 UDP 套接字，以及对应的 Unix 域套接字。
不带命令时，sockpit 打开窗口；各选项预先填好一个会话（加 --start 时还会启动它）。
listen 和 connect 命令不需要图形界面：接收的字节原样写到标准输出，
诊断信息写到标准错误输出。relay 把一个端口转发到 HOST:PORT，并记录两个方向。
run 连接后运行脚本化的对话（序列文件），每个步骤输出一行。
&apos;sockpit COMMAND --help&apos; 给出更多说明。

选项：
  -h, --help       显示此帮助。
  --version        显示版本。
  --mode MODE      窗口：tcp-server、tcp-client、udp、icmp、unix-server、unix-client 或
                   unix-dgram。
  --bind ADDR      窗口：本地地址。
  --port N         窗口：本地端口（服务器、UDP）或远程端口（客户端）。
  --host HOST      窗口：远程主机（客户端、UDP 目标、ICMP）。
  --path PATH      窗口，Unix 模式：套接字路径，或 @name（客户端：要连接的路径）。
  --start          窗口：立即启动会话（或工作区的每个标签页）。
  --workspace FILE 窗口：打开工作区文件描述的标签页（文件 &gt; 保存工作区）。
  --record FILE    将每个事件记录到 FILE（以 .jsonl 结尾时为 JSON Lines 格式，否则为文本）。

退出状态：0 成功，1 系统拒绝或操作失败，2 参数无效。
</translation>
    </message>
</context>
<context>
    <name>Expect</name>
    <message>
        <location filename="../../core/sequence/expectmatcher.cpp" line="31"/>
        <location filename="../../core/sequence/expectmatcher.cpp" line="44"/>
        <location filename="../../core/sequence/expectmatcher.cpp" line="77"/>
        <source>the pattern is empty</source>
        <translation>匹配模式为空</translation>
    </message>
    <message>
        <location filename="../../core/sequence/expectmatcher.cpp" line="40"/>
        <source>bad regular expression at offset %1: %2</source>
        <translation>偏移 %1 处的正则表达式有误：%2</translation>
    </message>
</context>
<context>
    <name>ExportCli</name>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="40"/>
        <source>Usage: sockpit export-pcap IN.jsonl OUT.pcap

Writes a JSON Lines recording (--record FILE.jsonl) as a pcap file that Wireshark and tshark open:
IPv4/IPv6 packets with TCP (handshake, sequence numbers, FIN at close) or UDP, correct checksums,
the recorded times. Lines that cannot be read are reported with their number on standard error;
the rest is still exported.

Exit status: 0 written, 1 a file cannot be read or written or holds no record, 2 invalid arguments.
</source>
        <translation>用法：sockpit export-pcap IN.jsonl OUT.pcap

把 JSON Lines 记录（--record FILE.jsonl）写成 Wireshark 和 tshark 能打开的 pcap 文件：
IPv4/IPv6 数据包，承载 TCP（握手、序列号、关闭时的 FIN）或 UDP，校验值正确，
时间为记录中的时间。无法读取的行会连同行号报告到标准错误输出；
其余内容照常导出。

退出状态：0 已写入，1 文件无法读取或写入，或不含任何记录，2 参数无效。
</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="57"/>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="64"/>
        <source>export-pcap needs IN.jsonl and OUT.pcap, got: &apos;%1&apos;</source>
        <translation>export-pcap 需要 IN.jsonl 和 OUT.pcap，收到的是：&apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="68"/>
        <source>export-pcap needs non-empty file names</source>
        <translation>export-pcap 需要非空的文件名</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="83"/>
        <source>%1 line %2: %3</source>
        <translation>%1 第 %2 行：%3</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="85"/>
        <source>%1 holds no readable record</source>
        <translation>%1 中没有可读取的记录</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="90"/>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="99"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../app/commands/exportpcapcommand.cpp" line="103"/>
        <source>not exported: %1</source>
        <translation>未导出：%1</translation>
    </message>
</context>
<context>
    <name>Generator</name>
    <message>
        <location filename="../../tls/selfsignedcertificate.cpp" line="58"/>
        <source>cannot make a self-signed certificate (%1): %2</source>
        <translation>无法生成自签名证书（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../tls/selfsignedcertificate.cpp" line="59"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>Macros</name>
    <message>
        <location filename="../../core/message/macroexpander.cpp" line="114"/>
        <source>a lone &apos;}&apos; at position %1 (write }} for one)</source>
        <translation>第 %1 个位置有单独的 &apos;}&apos;（要表示一个 } 请写成 }}）</translation>
    </message>
    <message>
        <location filename="../../core/message/macroexpander.cpp" line="132"/>
        <source>the &apos;{&apos; at position %1 is not closed (write {{ for one)</source>
        <translation>第 %1 个位置的 &apos;{&apos; 没有闭合（单个花括号请写成 {{）</translation>
    </message>
    <message>
        <location filename="../../core/message/macroexpander.cpp" line="151"/>
        <source>{random:N} at position %1 needs N from 1 to %2</source>
        <translation>第 %1 个位置的 {random:N} 需要 1 到 %2 之间的 N</translation>
    </message>
    <message>
        <location filename="../../core/message/macroexpander.cpp" line="160"/>
        <source>{hex:} at position %1: %2</source>
        <translation>第 %1 个位置的 {hex:}：%2</translation>
    </message>
    <message>
        <location filename="../../core/message/macroexpander.cpp" line="169"/>
        <source>{%1} at position %2: no earlier match captured a group of that name or number</source>
        <translation>第 %2 个位置的 {%1}：之前的匹配都没有捕获该名称或编号的分组</translation>
    </message>
    <message>
        <location filename="../../core/message/macroexpander.cpp" line="173"/>
        <source>unknown macro {%1} at position %2 (known: {counter}, {time}, {time:FORMAT}, {random:N}, {hex:HEX}; {{ and }} for braces)</source>
        <translation>第 %2 个位置有未知的宏 {%1}（可用的宏：{counter}、{time}、{time:FORMAT}、{random:N}、{hex:HEX}；用 {{ 和 }} 表示花括号）</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../app/climain.cpp" line="111"/>
        <source>sockpit: &apos;%1&apos; is not a command of this program; run &apos;sockpit&apos; for the window.
</source>
        <translation>sockpit：“%1”不是此程序的命令；运行“sockpit”打开窗口。
</translation>
    </message>
    <message>
        <location filename="../../app/climain.cpp" line="112"/>
        <location filename="../../app/commands/programentry.h" line="37"/>
        <source>Try &apos;%1 --help&apos;.
</source>
        <translation>请尝试 &apos;%1 --help&apos;。
</translation>
    </message>
    <message>
        <location filename="../../app/windowmain.cpp" line="106"/>
        <source>sockpit: cannot open the window: the display cannot be reached (%1; %2).
The headless commands need none: &apos;sockpit listen PORT&apos; and &apos;sockpit connect HOST PORT&apos; (see &apos;sockpit --help&apos;).
</source>
        <translation>sockpit：无法打开窗口：连接不到显示器（%1；%2）。
无界面命令不需要显示器：&apos;sockpit listen PORT&apos; 和 &apos;sockpit connect HOST PORT&apos;（参见 &apos;sockpit --help&apos;）。
</translation>
    </message>
    <message>
        <location filename="../../app/windowmain.cpp" line="124"/>
        <source>sockpit: --workspace: cannot read &apos;%1&apos;: %2
</source>
        <translation>sockpit: --workspace：无法读取“%1”：%2
</translation>
    </message>
    <message>
        <location filename="../../app/windowmain.cpp" line="132"/>
        <source>sockpit: --workspace: %1: %2
</source>
        <translation>sockpit: --workspace：%1：%2
</translation>
    </message>
    <message>
        <location filename="../../app/windowmain.cpp" line="171"/>
        <source>sockpit: there is no display to open the window on (DISPLAY is not set).
The headless commands need none: &apos;sockpit listen PORT&apos; and &apos;sockpit connect HOST PORT&apos; (see &apos;sockpit --help&apos;).
</source>
        <translation>sockpit：没有可以打开窗口的显示器（未设置 DISPLAY）。
无界面命令不需要显示器：&apos;sockpit listen PORT&apos; 和 &apos;sockpit connect HOST PORT&apos;（参见 &apos;sockpit --help&apos;）。
</translation>
    </message>
</context>
<context>
    <name>PcapExport</name>
    <message>
        <location filename="../../core/record/pcapexport.cpp" line="270"/>
        <location filename="../../core/record/pcapexport.cpp" line="280"/>
        <source>cannot write the pcap file: %1</source>
        <translation>无法写入 pcap 文件：%1</translation>
    </message>
    <message>
        <location filename="../../core/record/pcapexport.cpp" line="292"/>
        <source>event %1: %2</source>
        <translation>事件 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/record/pcapexport.cpp" line="302"/>
        <source>a datagram without its addresses</source>
        <translation>缺少地址信息的数据报</translation>
    </message>
    <message>
        <location filename="../../core/record/pcapexport.cpp" line="307"/>
        <source>a datagram of %1 bytes does not fit in a UDP packet</source>
        <translation>%1 字节的数据报无法放入一个 UDP 包</translation>
    </message>
    <message>
        <location filename="../../core/record/pcapexport.cpp" line="329"/>
        <source>data of connection %1 before its addresses are known</source>
        <translation>连接 %1 在其地址确定之前的数据</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../ui/compose/quicksendpreset.cpp" line="34"/>
        <source>not valid JSON at offset %1: %2</source>
        <translation>偏移 %1 处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <location filename="../../ui/compose/quicksendpreset.cpp" line="35"/>
        <source>expected an object with a &quot;presets&quot; array</source>
        <translation>应为包含 &quot;presets&quot; 数组的对象</translation>
    </message>
    <message>
        <location filename="../../ui/compose/quicksendpreset.cpp" line="43"/>
        <source>preset %1: &quot;text&quot; is missing</source>
        <translation>预设 %1：缺少 &quot;text&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/compose/quicksendpreset.cpp" line="53"/>
        <source>preset %1: &quot;mode&quot; is text or hex, not &apos;%2&apos;</source>
        <translation>预设 %1：&quot;mode&quot; 应为 text 或 hex，而不是 &apos;%2&apos;</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../core/io/sessioncore.cpp" line="227"/>
        <source>not sent: no datagram has arrived yet, so there is no sender to answer</source>
        <translation>未发送：还没有收到任何数据报，没有可以回复的发送方</translation>
    </message>
    <message>
        <location filename="../../core/io/sessioncore.cpp" line="241"/>
        <source>not sent: %1 bytes are still waiting for this peer to read</source>
        <translation>未发送：仍有 %1 字节在等待该对端读取</translation>
    </message>
    <message>
        <location filename="../../core/io/sessioncore.cpp" line="253"/>
        <source>not sent: connection %1 is closed</source>
        <translation>未发送：连接 %1 已关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/sessioncore.cpp" line="254"/>
        <source>not sent: nobody is connected</source>
        <translation>未发送：当前没有任何连接</translation>
    </message>
    <message>
        <location filename="../../core/io/filesource.cpp" line="24"/>
        <location filename="../../core/io/filesource.cpp" line="38"/>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="480"/>
        <source>Close Tab</source>
        <translation>关闭标签页</translation>
    </message>
</context>
<context>
    <name>RawCapture</name>
    <message>
        <location filename="../../core/record/rawcapture.cpp" line="28"/>
        <source>cannot open &apos;%1&apos;: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../core/record/rawcapture.cpp" line="73"/>
        <source>saving received bytes stopped: the disk could not keep up (%1 bytes waiting)</source>
        <translation>保存接收的字节已停止：磁盘跟不上（%1 字节等待写入）</translation>
    </message>
    <message>
        <location filename="../../core/record/rawcapture.cpp" line="119"/>
        <source>saving received bytes stopped: %1</source>
        <translation>保存接收数据已停止：%1</translation>
    </message>
</context>
<context>
    <name>RecordReader</name>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="121"/>
        <source>not JSON: %1 at column %2</source>
        <translation>不是 JSON：%1（第 %2 列）</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="127"/>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="132"/>
        <source>missing or invalid field &quot;%1&quot;</source>
        <translation>字段 &quot;%1&quot; 缺失或无效</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="217"/>
        <source>the last line is cut off (%1)</source>
        <translation>最后一行不完整（%1）</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="256"/>
        <source>cannot seek to byte %1: %2</source>
        <translation>无法定位到第 %1 字节：%2</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="261"/>
        <source>no line at byte %1 (the file is shorter than when it was read)</source>
        <translation>第 %1 字节处没有行（文件比读取时短）</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="271"/>
        <source>the line at byte %1 is no longer an event: %2</source>
        <translation>第 %1 字节处的行已不再是事件：%2</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="281"/>
        <source>cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/record/recordreader.cpp" line="289"/>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>SequenceFormat</name>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="67"/>
        <source>&quot;steps&quot; must be a list of steps</source>
        <translation>&quot;steps&quot; 必须是步骤列表</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="70"/>
        <source>&quot;steps&quot; is empty</source>
        <translation>&quot;steps&quot; 为空</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="87"/>
        <source>step %1: %2</source>
        <translation>步骤 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="97"/>
        <source>&quot;%1&quot; must be a whole number of milliseconds from %2 to %3</source>
        <translation>&quot;%1&quot; 必须是 %2 到 %3 之间的整数毫秒数</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="109"/>
        <source>a step must be an object such as {&quot;kind&quot;: &quot;send&quot;, ...}</source>
        <translation>步骤必须是对象，例如 {&quot;kind&quot;: &quot;send&quot;, ...}</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="113"/>
        <source>&quot;kind&quot; is missing (send, expect, delay, repeat, half-close or close)</source>
        <translation>缺少 &quot;kind&quot;（send、expect、delay、repeat、half-close 或 close）</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="125"/>
        <source>&quot;%1&quot; must be a string</source>
        <translation>&quot;%1&quot; 必须是字符串</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="132"/>
        <source>a send step needs one of &quot;text&quot;, &quot;hex&quot; or &quot;file&quot;</source>
        <translation>send 步骤需要 &quot;text&quot;、&quot;hex&quot; 或 &quot;file&quot; 之一</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="134"/>
        <source>&quot;file&quot; is empty</source>
        <translation>&quot;file&quot; 为空</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="158"/>
        <source>unknown match &quot;%1&quot; (exact, contains, regex or hex)</source>
        <translation>未知的匹配方式 &quot;%1&quot;（应为 exact、contains、regex 或 hex）</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="161"/>
        <source>an expect step needs a &quot;pattern&quot; string</source>
        <translation>expect 步骤需要 &quot;pattern&quot; 字符串</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="182"/>
        <source>&quot;count&quot; must be a whole number from 1 to %1</source>
        <translation>&quot;count&quot; 必须是 1 到 %1 之间的整数</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="193"/>
        <source>unknown kind &quot;%1&quot; (send, expect, delay, repeat, half-close or close)</source>
        <translation>未知的步骤类型 &quot;%1&quot;（应为 send、expect、delay、repeat、half-close 或 close）</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="198"/>
        <source>unknown key &quot;%1&quot; in a %2 step</source>
        <translation>%2 步骤中有未知的键 &quot;%1&quot;</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="217"/>
        <source>line %1, column %2</source>
        <translation>第 %1 行，第 %2 列</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="238"/>
        <source>%1: not valid JSON: %2</source>
        <translation>%1：不是有效的 JSON：%2</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="243"/>
        <source>a sequence is an object such as {&quot;sequence&quot;: 1, &quot;steps&quot;: [...]}</source>
        <translation>序列必须是对象，例如 {&quot;sequence&quot;: 1, &quot;steps&quot;: [...]}</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="252"/>
        <source>unknown key &quot;%1&quot; (sequence, name, timeoutMs, steps)</source>
        <translation>未知的键 &quot;%1&quot;（可用的键：sequence、name、timeoutMs、steps）</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="258"/>
        <source>&quot;sequence&quot; is the format&apos;s version and must be %1</source>
        <translation>&quot;sequence&quot; 是格式的版本号，必须为 %1</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="265"/>
        <source>&quot;name&quot; must be a string</source>
        <translation>&quot;name&quot; 必须是字符串</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="274"/>
        <source>&quot;timeoutMs&quot; must be a whole number of milliseconds from 1 to %1</source>
        <translation>&quot;timeoutMs&quot; 必须是 1 到 %1 之间的整数毫秒数</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequenceformat.cpp" line="281"/>
        <source>&quot;steps&quot; is missing</source>
        <translation>缺少 &quot;steps&quot;</translation>
    </message>
</context>
<context>
    <name>SystemCall</name>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="129"/>
        <source>recvmmsg(): read the datagrams that have arrived, each with the address it came from, several in one call</source>
        <translation>recvmmsg()：一次调用读取多个已到达的数据报，以及每个数据报的来源地址</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="132"/>
        <source>recvfrom(): read one datagram and the address it came from</source>
        <translation>recvfrom()：读取一个数据报及其来源地址</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="133"/>
        <source>recv(): read the bytes that have arrived on the connection</source>
        <translation>recv()：读取连接上已到达的字节</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="136"/>
        <source>sendto(): send one datagram to an address</source>
        <translation>sendto()：向一个地址发送一个数据报</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="137"/>
        <source>send(): queue bytes for the kernel to send on the connection</source>
        <translation>send()：把字节交给内核，由它在连接上发送</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="140"/>
        <source>socket() makes the socket; bind() gives it its local address and port</source>
        <translation>socket() 创建套接字；bind() 为它指定本地地址和端口</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="142"/>
        <source>listen(): the socket now accepts connections; SOMAXCONN is the longest queue of connections waiting to be accepted</source>
        <translation>listen()：套接字开始接受连接；SOMAXCONN 是等待被接受的连接队列的最大长度</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="146"/>
        <source>accept4(): takes the next connection from the queue as a socket of its own (non-blocking)</source>
        <translation>accept4()：从队列中取出下一个连接，作为一个独立的套接字（非阻塞）</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="149"/>
        <source>connect(): the three-way handshake with the server has completed</source>
        <translation>connect()：与服务器的三次握手已完成</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="151"/>
        <source>getaddrinfo(): looks the host name up</source>
        <translation>getaddrinfo()：解析主机名</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="153"/>
        <source>recv() returned 0: the peer sent FIN and will send no more</source>
        <translation>recv() 返回 0：对方发送了 FIN，不会再发送数据</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="155"/>
        <source>shutdown(SHUT_WR): sends FIN; the connection can still receive</source>
        <translation>shutdown(SHUT_WR)：发送 FIN；连接仍可接收</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="158"/>
        <source>close(): the socket is released</source>
        <translation>close()：释放套接字</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="160"/>
        <source>ECONNRESET from recv() or send(): the peer reset the connection (RST)</source>
        <translation>recv() 或 send() 返回 ECONNRESET：对方重置了连接（RST）</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="163"/>
        <source>accept4(), then close() at once: the client limit is reached</source>
        <translation>accept4() 后立即 close()：已达到客户端数量上限</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="164"/>
        <source>ECONNREFUSED: nothing listens on that port (the answer was RST)</source>
        <translation>ECONNREFUSED：该端口上没有程序在监听（回应为 RST）</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="166"/>
        <source>connect() got no answer in time</source>
        <translation>connect() 未在规定时间内得到回应</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="168"/>
        <source>setsockopt(): joins the multicast group</source>
        <translation>setsockopt()：加入组播组</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="170"/>
        <source>setsockopt(): leaves the multicast group</source>
        <translation>setsockopt()：离开组播组</translation>
    </message>
    <message>
        <location filename="../../ui/log/systemcall.cpp" line="172"/>
        <source>recvfrom(): read one ICMP message</source>
        <translation>recvfrom()：读取一条 ICMP 消息</translation>
    </message>
</context>
<context>
    <name>Transport</name>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="29"/>
        <source>cannot read the %1 file &apos;%2&apos;: %3</source>
        <translation>无法读取%1文件 &apos;%2&apos;：%3</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="45"/>
        <source>the %1 file &apos;%2&apos; holds no certificate (PEM or DER)</source>
        <translation>%1文件 &apos;%2&apos; 中没有证书（PEM 或 DER）</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="52"/>
        <source>key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="62"/>
        <source>the key file &apos;%1&apos; holds no private key that can be used (an unencrypted RSA or EC key, PEM or DER)</source>
        <translation>密钥文件 &apos;%1&apos; 中没有可用的私钥（需要未加密的 RSA 或 EC 密钥，PEM 或 DER 格式）</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="88"/>
        <source>certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="95"/>
        <source>the key in &apos;%1&apos; does not belong to the certificate in &apos;%2&apos;</source>
        <translation>&apos;%1&apos; 中的私钥与 &apos;%2&apos; 中的证书不匹配</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="125"/>
        <source>TLS is for a TCP server or client: this session cannot use it</source>
        <translation>TLS 仅用于 TCP 服务器或客户端：此会话无法使用</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="129"/>
        <source>TLS is not available: Qt&apos;s OpenSSL backend could not be loaded</source>
        <translation>TLS 不可用：无法加载 Qt 的 OpenSSL 后端</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="133"/>
        <source>a TLS key needs its certificate file too</source>
        <translation>TLS 私钥还需要对应的证书文件</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="134"/>
        <source>a TLS certificate needs its key file too</source>
        <translation>TLS 证书还需要对应的私钥文件</translation>
    </message>
    <message>
        <location filename="../../tls/qttlstransport.cpp" line="156"/>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
</context>
<context>
    <name>ValueField</name>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="153"/>
        <source>field %1: &quot;%2&quot; %3</source>
        <translation>字段 %1：&quot;%2&quot; %3</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="154"/>
        <source>field %1 (%2): &quot;%3&quot; %4</source>
        <translation>字段 %1（%2）：&quot;%3&quot; %4</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="158"/>
        <source>field %1: not an object</source>
        <translation>字段 %1：不是对象</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="163"/>
        <source>must be a name (text)</source>
        <translation>必须是名称（文本）</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="170"/>
        <source>must be a regular expression (text)</source>
        <translation>必须是正则表达式（文本）</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="179"/>
        <source>must be a group number from 0 to 99 or a group&apos;s name</source>
        <translation>必须是 0 到 99 之间的分组编号或分组名</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="189"/>
        <source>must be a whole number from 0 to %1</source>
        <translation>必须是 0 到 %1 之间的整数</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="195"/>
        <source>must be u8, i8, u16, i16, u32, i32, f32 or f64, not &apos;%1&apos;</source>
        <translation>必须是 u8、i8、u16、i16、u32、i32、f32 或 f64，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="199"/>
        <source>must be be or le, not &apos;%1&apos;</source>
        <translation>必须是 be 或 le，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="203"/>
        <source>must be regex or binary, not &apos;%1&apos;</source>
        <translation>必须是 regex 或 binary，而不是 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="230"/>
        <source>not valid JSON at offset %1: %2</source>
        <translation>偏移 %1 处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="236"/>
        <source>expected a list of fields</source>
        <translation>应为字段列表</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="245"/>
        <source>a field needs a name</source>
        <translation>字段需要名称</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="248"/>
        <source>the offset must be from 0 to %1</source>
        <translation>偏移必须在 0 到 %1 之间</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="252"/>
        <source>the regular expression is empty</source>
        <translation>正则表达式为空</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="255"/>
        <source>bad regular expression at position %1: %2</source>
        <translation>第 %1 个位置的正则表达式有误：%2</translation>
    </message>
    <message>
        <location filename="../../core/message/valuefield.cpp" line="260"/>
        <source>the expression has no group named &apos;%1&apos;</source>
        <translation>表达式中没有名为 &apos;%1&apos; 的分组</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/message/valuefield.cpp" line="262"/>
        <source>the expression has no group %1 (it has %n group(s))</source>
        <translation>
            <numerusform>表达式中没有分组 %1（它只有 %n 个分组）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowCli</name>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="31"/>
        <source>Session mode.</source>
        <translation>会话模式。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="33"/>
        <source>Local address.</source>
        <translation>本地地址。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="34"/>
        <source>Port.</source>
        <translation>端口。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="36"/>
        <source>Remote host.</source>
        <translation>远程主机。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="38"/>
        <source>Unix modes: the socket&apos;s path (a client&apos;s: the one to connect to).</source>
        <translation>Unix 模式：套接字的路径（客户端：要连接的路径）。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="40"/>
        <source>Start at once.</source>
        <translation>立即启动。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="42"/>
        <source>Record to FILE.</source>
        <translation>记录到 FILE。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="44"/>
        <source>Open a workspace.</source>
        <translation>打开工作区。</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="48"/>
        <source>unknown command &apos;%1&apos; (commands: listen, connect, ping)</source>
        <translation>未知命令 &apos;%1&apos;（可用命令：listen、connect、ping）</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="55"/>
        <source>--workspace needs a file name</source>
        <translation>--workspace 需要一个文件名</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="60"/>
        <source>--workspace cannot be combined with --%1</source>
        <translation>--workspace 不能与 --%1 同时使用</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="78"/>
        <source>--mode must be one of %1, not &apos;%2&apos;</source>
        <translation>--mode 必须是 %1 之一，而不是 &apos;%2&apos;</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="88"/>
        <source>--%1 does not apply to --mode %2: use --path</source>
        <translation>--%1 不适用于 --mode %2：请使用 --path</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="93"/>
        <source>--path applies to the Unix modes (unix-server, unix-client, unix-dgram)</source>
        <translation>--path 仅适用于 Unix 模式（unix-server、unix-client、unix-dgram）</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="98"/>
        <source>--path: %1</source>
        <translation>--path：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="137"/>
        <source>--start with --mode %1 needs --path</source>
        <translation>--start 配合 --mode %1 时需要 --path</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="140"/>
        <source>--start with --mode %1 needs --host and --port</source>
        <translation>--start 与 --mode %1 一起使用时需要 --host 和 --port</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="142"/>
        <source>--start with --mode %1 needs --host</source>
        <translation>--start 与 --mode %1 一起使用时需要 --host</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="106"/>
        <source>--bind needs an IP address, not &apos;%1&apos;</source>
        <translation>--bind 需要一个 IP 地址，而不是“%1”</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="115"/>
        <source>--host: %1</source>
        <translation>--host：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="122"/>
        <source>--port: %1</source>
        <translation>--port：%1</translation>
    </message>
    <message>
        <location filename="../../app/options/windowoptions.cpp" line="145"/>
        <source>--record needs a file name</source>
        <translation>--record 需要一个文件名</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="130"/>
        <source>&quot;%1&quot; %2; left at its default</source>
        <translation>“%1”%2；保留默认值</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="149"/>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="183"/>
        <source>must be a whole number from %1 to %2, not %3</source>
        <translation>必须是 %1 到 %2 之间的整数，而不是 %3</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="161"/>
        <location filename="../../ui/settings/workspace.cpp" line="197"/>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="204"/>
        <source>must be an object</source>
        <translation>必须是对象</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="237"/>
        <source>must be one of raw, delimiter, length, fixed, idle, not %1</source>
        <translation>必须是 raw、delimiter、length、fixed、idle 之一，而不是 %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="247"/>
        <source>must be bytes in hex, such as &quot;0d0a&quot;</source>
        <translation>必须是十六进制字节，例如 &quot;0d0a&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="273"/>
        <source>names a file that does not exist: %1</source>
        <translation>指向的文件不存在：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="287"/>
        <source>names no session mode: %1</source>
        <translation>不是会话模式：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="300"/>
        <source>is not an IP address: %1</source>
        <translation>不是 IP 地址：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="332"/>
        <source>must be a checksum name, such as &quot;crc16-modbus&quot;</source>
        <translation>必须是校验方式名称，例如 &quot;crc16-modbus&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="341"/>
        <location filename="../../ui/settings/workspace.cpp" line="393"/>
        <source>must be a list</source>
        <translation>必须是列表</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="348"/>
        <source>holds %1, which is not a multicast address</source>
        <translation>包含 %1，它不是组播地址</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="419"/>
        <source>not valid JSON at offset %1: %2</source>
        <translation>偏移 %1 处不是有效的 JSON：%2</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="426"/>
        <source>not a workspace: expected an object with a &quot;tabs&quot; list</source>
        <translation>不是工作区：应为带有 &quot;tabs&quot; 列表的对象</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="431"/>
        <source>a workspace of format %1, newer than this Sockpit reads (%2)</source>
        <translation>工作区格式为 %1，比本版 Sockpit 能读取的格式（%2）更新</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="442"/>
        <source>this tab is not an object; it opens with the defaults</source>
        <translation>此标签页不是对象；以默认设置打开</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="454"/>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/settings/workspace.cpp" line="469"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>sockpit::ChatRoom</name>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="47"/>
        <source>a name needs at least one character</source>
        <translation>名字至少需要一个字符</translation>
    </message>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="52"/>
        <location filename="../../core/io/chatroom.cpp" line="64"/>
        <source>a name may not hold spaces or control characters</source>
        <translation>名字不能包含空格或控制字符</translation>
    </message>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="54"/>
        <source>a name may not hold &lt; or &gt;</source>
        <translation>名字不能包含 &lt; 或 &gt;</translation>
    </message>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="70"/>
        <source>a name has at most 32 characters</source>
        <translation>名字最多 32 个字符</translation>
    </message>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="100"/>
        <source>joined the chat room as %1</source>
        <translation>以 %1 的名字加入聊天室</translation>
    </message>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="132"/>
        <source>%1 is now %2</source>
        <translation>%1 改名为 %2</translation>
    </message>
    <message>
        <location filename="../../core/io/chatroom.cpp" line="319"/>
        <source>left the chat room: %1 bytes were waiting for this client to read, more than the room keeps for one client (%2)</source>
        <translation>已移出聊天室：有 %1 字节在等待该客户端读取，超过聊天室为每个客户端保留的上限（%2）</translation>
    </message>
</context>
<context>
    <name>sockpit::Endpoint</name>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="142"/>
        <source>port is empty</source>
        <translation>端口为空</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="145"/>
        <source>&apos;%1&apos; is not a port number</source>
        <translation>“%1”不是端口号</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="154"/>
        <source>port must be a number from 0 to 65535 (not %1)</source>
        <translation>端口必须是 0 到 65535 之间的数字（而不是 %1）</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="155"/>
        <source>port must be a number from 1 to 65535 (not %1)</source>
        <translation>端口必须是 1 到 65535 之间的数字（而不是 %1）</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="166"/>
        <source>host is empty</source>
        <translation>主机为空</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="170"/>
        <location filename="../../core/model/endpoint.cpp" line="200"/>
        <source>&apos;%1&apos; is not a valid IPv6 address</source>
        <translation>“%1”不是有效的 IPv6 地址</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="175"/>
        <source>&apos;%1&apos; is not a valid IPv4 address</source>
        <translation>“%1”不是有效的 IPv4 地址</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="179"/>
        <source>&apos;%1&apos; is not a hostname or address</source>
        <translation>“%1”不是主机名或地址</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="186"/>
        <source>address is empty: write host:port</source>
        <translation>地址为空：请按“主机:端口”的格式填写</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="195"/>
        <source>&apos;%1&apos; has no closing &apos;]&apos;</source>
        <translation>“%1”缺少右方括号“]”</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="204"/>
        <source>&apos;%1&apos; has no port: write [address]:port</source>
        <translation>“%1”没有端口：请按“[地址]:端口”的格式填写</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="212"/>
        <source>&apos;%1&apos; has no port: write host:port</source>
        <translation>“%1”没有端口：请按“主机:端口”的格式填写</translation>
    </message>
    <message>
        <location filename="../../core/model/endpoint.cpp" line="218"/>
        <source>&apos;%1&apos;: write IPv6 addresses in brackets, like [::1]:9000</source>
        <translation>“%1”：IPv6 地址请写在方括号内，如 [::1]:9000</translation>
    </message>
</context>
<context>
    <name>sockpit::Framing</name>
    <message>
        <location filename="../../core/model/framing.cpp" line="21"/>
        <source>the longest message must be 1 to 16,777,216 bytes</source>
        <translation>最长消息必须为 1 到 16,777,216 字节</translation>
    </message>
    <message>
        <location filename="../../core/model/framing.cpp" line="27"/>
        <source>the delimiter is empty: give at least one byte</source>
        <translation>分隔符为空：请至少给出一个字节</translation>
    </message>
    <message>
        <location filename="../../core/model/framing.cpp" line="29"/>
        <source>the delimiter is longer than 64 bytes</source>
        <translation>分隔符超过 64 字节</translation>
    </message>
    <message>
        <location filename="../../core/model/framing.cpp" line="33"/>
        <source>the length header must be 1, 2 or 4 bytes</source>
        <translation>长度头必须为 1、2 或 4 字节</translation>
    </message>
    <message>
        <location filename="../../core/model/framing.cpp" line="35"/>
        <source>the longest message must be longer than the length header</source>
        <translation>最长消息必须比长度头更长</translation>
    </message>
    <message>
        <location filename="../../core/model/framing.cpp" line="39"/>
        <source>the message length must be at least 1 and at most the longest message</source>
        <translation>消息长度必须至少为 1，且不超过最长消息</translation>
    </message>
    <message>
        <location filename="../../core/model/framing.cpp" line="43"/>
        <source>the idle gap must be 1 to 3,600,000 ms</source>
        <translation>空闲间隔必须为 1 到 3,600,000 毫秒</translation>
    </message>
</context>
<context>
    <name>sockpit::Icmp</name>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="92"/>
        <source>%1 bytes are too short for an IPv4 header</source>
        <translation>%1 字节太短，容纳不下 IPv4 头</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="97"/>
        <source>IP version %1, not 4</source>
        <translation>IP 版本为 %1，而不是 4</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="99"/>
        <source>IPv4 header length %1 does not fit %2 bytes</source>
        <translation>IPv4 头长度 %1 超出了 %2 字节的数据</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="111"/>
        <source>%1 bytes are too short for an ICMP header</source>
        <translation>%1 字节不足以容纳 ICMP 头</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="142"/>
        <source>echo reply</source>
        <translation>回显回复</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="144"/>
        <source>destination unreachable</source>
        <translation>目标不可达</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="146"/>
        <source>echo request</source>
        <translation>回显请求</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="148"/>
        <source>time exceeded</source>
        <translation>传输超时</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="150"/>
        <source>type %1</source>
        <translation>类型 %1</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="158"/>
        <source>IPv%1 len %2 ttl %3 %4 &gt; %5 · </source>
        <translation>IPv%1 长度 %2 TTL %3 %4 &gt; %5 · </translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="165"/>
        <source>ICMP type %1 (%2) code %3 id 0x%4 seq %5 checksum %6 %7</source>
        <translation>ICMP 类型 %1（%2）代码 %3 标识 0x%4 序号 %5 校验值 %6 %7</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="171"/>
        <source>ok</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="171"/>
        <source>BAD</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="178"/>
        <source>ICMP needs a raw socket, which only root or a program with the CAP_NET_RAW capability may open (sudo setcap cap_net_raw+ep sockpit), or ping sockets, which this user&apos;s group may not open (sysctl net.ipv4.ping_group_range)</source>
        <translation>ICMP 需要原始套接字（只有 root 或具有 CAP_NET_RAW 能力的程序才能打开：sudo setcap cap_net_raw+ep sockpit），或者 ping 套接字，但当前用户所在的组无权打开（sysctl net.ipv4.ping_group_range）</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="182"/>
        <source>this system offers no ICMP sockets: %1</source>
        <translation>此系统不提供 ICMP 套接字：%1</translation>
    </message>
    <message>
        <location filename="../../core/net/icmppacket.cpp" line="183"/>
        <source>cannot open an ICMP socket: %1</source>
        <translation>无法打开 ICMP 套接字：%1</translation>
    </message>
</context>
<context>
    <name>sockpit::IcmpChannel</name>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="67"/>
        <source>ICMP echo needs a host to send to</source>
        <translation>ICMP 回显需要一个目标主机</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="76"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="87"/>
        <source>&apos;%1&apos; has no IPv4 address: ICMP echo here is IPv4 only</source>
        <translation>&apos;%1&apos; 没有 IPv4 地址：此处的 ICMP 回显仅支持 IPv4</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="104"/>
        <source>no permission for a raw socket (root or CAP_NET_RAW): using a ping socket, which shows no IP header</source>
        <translation>没有使用原始套接字的权限（需要 root 或 CAP_NET_RAW）：改用 ping 套接字，它不显示 IP 头</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="112"/>
        <source>raw ICMP socket open</source>
        <translation>原始 ICMP 套接字已打开</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="121"/>
        <source>pinging %1 with %2 data bytes</source>
        <translation>正在向 %1 发送回显请求，数据 %2 字节</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="154"/>
        <source>not sent: an echo request holds at most %1 bytes</source>
        <translation>未发送：一个回显请求最多容纳 %1 字节</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="174"/>
        <source>echo request icmp_seq=%1 not sent: %2</source>
        <translation>回显请求 icmp_seq=%1 未发送：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="201"/>
        <source>receiving failed: %1</source>
        <translation>接收失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="230"/>
        <source>%1 for icmp_seq=%2 from %3 · %4</source>
        <translation>icmp_seq=%2：来自 %3 的%1 · %4</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="248"/>
        <source>time=%1 ms</source>
        <translation>时间=%1 ms</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="250"/>
        <source>late or duplicate</source>
        <translation>迟到或重复</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="254"/>
        <source>%1 bytes from %2: icmp_seq=%3 ttl=%4 %5 · %6</source>
        <translation>来自 %2 的 %1 字节：icmp_seq=%3 ttl=%4 %5 · %6</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="269"/>
        <source>no reply to icmp_seq=%1 within %2 ms</source>
        <translation>icmp_seq=%1 在 %2 ms 内没有回复</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="286"/>
        <source>%1: %2 sent, %3 received, %4% lost</source>
        <translation>%1：已发送 %2，已接收 %3，丢失 %4%</translation>
    </message>
    <message>
        <location filename="../../core/io/icmpchannel.cpp" line="288"/>
        <source>, round trip min/avg/max %1/%2/%3 ms</source>
        <translation>，往返时间 最小/平均/最大 %1/%2/%3 ms</translation>
    </message>
</context>
<context>
    <name>sockpit::InputPump</name>
    <message>
        <location filename="../../core/session/inputpump.cpp" line="76"/>
        <location filename="../../core/session/inputpump.cpp" line="125"/>
        <location filename="../../core/session/inputpump.cpp" line="141"/>
        <source>could not send everything: the connection is closed</source>
        <translation>未能全部发送：连接已关闭</translation>
    </message>
    <message>
        <location filename="../../core/session/inputpump.cpp" line="166"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
</context>
<context>
    <name>sockpit::PayloadEncoder</name>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="119"/>
        <source>%1 at position %2 cannot be encoded in %3</source>
        <translation>第 %2 个位置的 %1 无法用 %3 编码</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="151"/>
        <source>a lone &apos;\&apos; ends the text (position %1): write \\ for a backslash</source>
        <translation>文本以单独的“\”结尾（第 %1 个位置）：反斜杠请写成 \\</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="171"/>
        <source>&apos;%1&apos; at position %2: \x needs exactly two hex digits, like \x0d</source>
        <translation>第 %2 个位置的“%1”：\x 后面必须正好是两个十六进制数字，如 \x0d</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="192"/>
        <source>&apos;%1&apos; at position %2: write \u{...} with the 1 to 6 hex digits of a Unicode character, like \u{20ac}</source>
        <translation>第 %2 个位置的“%1”：请用 \u{...} 写出 Unicode 字符的 1 到 6 位十六进制数字，如 \u{20ac}</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="201"/>
        <source>unknown escape &apos;\%1&apos; at position %2</source>
        <translation>第 %2 个位置有未知的转义序列“\%1”</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="244"/>
        <source>invalid hex digit %1 at position %2</source>
        <translation>第 %2 个位置有无效的十六进制数字 %1</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="253"/>
        <source>&apos;%1&apos; at position %2 has no hex digits</source>
        <translation>第 %2 个位置的“%1”不含十六进制数字</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="257"/>
        <source>&apos;%1&apos; at position %2 has an odd number of hex digits: write each byte as two digits</source>
        <translation>第 %2 个位置的“%1”有奇数个十六进制数字：每个字节请写成两位</translation>
    </message>
    <message>
        <location filename="../../core/message/payloadencoder.cpp" line="274"/>
        <source>unknown text encoding &apos;%1&apos;</source>
        <translation>未知的文本编码“%1”</translation>
    </message>
</context>
<context>
    <name>sockpit::ProxyHandshake</name>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="119"/>
        <location filename="../../core/net/proxyhandshake.cpp" line="147"/>
        <source>the proxy does not speak SOCKS5</source>
        <translation>代理不使用 SOCKS5 协议</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="137"/>
        <source>the proxy wants a user name and password (socks5://USER:PASSWORD@HOST:PORT)</source>
        <translation>代理要求用户名和密码（socks5://USER:PASSWORD@HOST:PORT）</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="138"/>
        <source>the proxy accepts none of the ways offered to log in</source>
        <translation>代理不接受所提供的任何登录方式</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="141"/>
        <source>the proxy refused the user name and password</source>
        <translation>代理拒绝了用户名和密码</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="150"/>
        <source>the proxy&apos;s answer is not SOCKS5 (address type %1)</source>
        <translation>代理的应答不是 SOCKS5（地址类型 %1）</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="152"/>
        <source>general failure</source>
        <translation>一般性故障</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="153"/>
        <source>not allowed by its rules</source>
        <translation>其规则不允许</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="153"/>
        <source>network unreachable</source>
        <translation>网络不可达</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="154"/>
        <source>host unreachable</source>
        <translation>主机不可达</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="154"/>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="154"/>
        <source>TTL expired</source>
        <translation>TTL 已过期</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="155"/>
        <source>command not supported</source>
        <translation>不支持该命令</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="155"/>
        <source>address type not supported</source>
        <translation>不支持该地址类型</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="157"/>
        <source>reply %1</source>
        <translation>应答 %1</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="158"/>
        <source>the proxy could not connect to %1: %2</source>
        <translation>代理无法连接到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="184"/>
        <location filename="../../core/net/proxyhandshake.cpp" line="194"/>
        <source>the proxy&apos;s answer is not HTTP</source>
        <translation>代理的应答不是 HTTP</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="202"/>
        <source>the proxy wants a user name and password (http://USER:PASSWORD@HOST:PORT): %1</source>
        <translation>代理要求用户名和密码（http://USER:PASSWORD@HOST:PORT）：%1</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="204"/>
        <source>the proxy refused the user name and password: %1</source>
        <translation>代理拒绝了用户名和密码：%1</translation>
    </message>
    <message>
        <location filename="../../core/net/proxyhandshake.cpp" line="205"/>
        <source>the proxy did not connect to %1: it answered %2</source>
        <translation>代理没有连接到 %1：它的应答是 %2</translation>
    </message>
</context>
<context>
    <name>sockpit::ProxySettings</name>
    <message>
        <location filename="../../core/model/proxysettings.cpp" line="26"/>
        <source>&apos;%1&apos; is not a proxy: write socks5://HOST:PORT or http://HOST:PORT</source>
        <translation>“%1”不是代理：请写成 socks5://HOST:PORT 或 http://HOST:PORT</translation>
    </message>
    <message>
        <location filename="../../core/model/proxysettings.cpp" line="34"/>
        <source>unknown proxy type &apos;%1&apos;: socks5 or http</source>
        <translation>未知的代理类型“%1”：可用 socks5 或 http</translation>
    </message>
    <message>
        <location filename="../../core/model/proxysettings.cpp" line="46"/>
        <source>the proxy&apos;s user name is empty: write USER:PASSWORD@ before the host</source>
        <translation>代理的用户名为空：请在主机前写上 USER:PASSWORD@</translation>
    </message>
    <message>
        <location filename="../../core/model/proxysettings.cpp" line="49"/>
        <source>the proxy&apos;s user name and password can have at most 255 bytes each</source>
        <translation>代理的用户名和密码各自最多 255 字节</translation>
    </message>
    <message>
        <location filename="../../core/model/proxysettings.cpp" line="55"/>
        <source>the proxy needs HOST:PORT, not &apos;%1&apos;%2</source>
        <translation>代理需要 HOST:PORT，而不是“%1”%2</translation>
    </message>
</context>
<context>
    <name>sockpit::Recorder</name>
    <message>
        <location filename="../../core/record/recorder.cpp" line="78"/>
        <source>cannot open &apos;%1&apos;: %2</source>
        <translation>无法打开“%1”：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/record/recorder.cpp" line="281"/>
        <source>%n event(s) not recorded (%1 bytes): the disk could not keep up</source>
        <translation>
            <numerusform>%n 个事件未被记录（%1 字节）：磁盘写入速度跟不上</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/record/recorder.cpp" line="373"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
</context>
<context>
    <name>sockpit::SequenceRunner</name>
    <message>
        <location filename="../../core/sequence/sequencerunner.cpp" line="210"/>
        <source>the connection is closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequencerunner.cpp" line="213"/>
        <source>the session did not take the bytes (no connection, or its queue is full)</source>
        <translation>会话没有接受这些字节（没有连接，或其发送队列已满）</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequencerunner.cpp" line="260"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequencerunner.cpp" line="298"/>
        <source>different bytes arrived</source>
        <translation>收到了不同的字节</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequencerunner.cpp" line="300"/>
        <source>the connection ended before a match</source>
        <translation>匹配成功之前连接已结束</translation>
    </message>
    <message>
        <location filename="../../core/sequence/sequencerunner.cpp" line="329"/>
        <source>timed out after %1 ms</source>
        <translation>%1 ms 后超时</translation>
    </message>
</context>
<context>
    <name>sockpit::Session</name>
    <message>
        <location filename="../../core/io/eventsink.cpp" line="35"/>
        <source>recording stopped: %1</source>
        <translation>记录已停止：%1</translation>
    </message>
    <message>
        <location filename="../../core/session/session.cpp" line="164"/>
        <source>there is no network interface &apos;%1&apos; on this machine</source>
        <translation>本机没有网络接口 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/session/session.cpp" line="177"/>
        <source>TLS is not available to this session</source>
        <translation>此会话无法使用 TLS</translation>
    </message>
    <message>
        <location filename="../../core/session/session.cpp" line="220"/>
        <source>not sent: the session is not running</source>
        <translation>未发送：会话未在运行</translation>
    </message>
    <message>
        <location filename="../../core/session/session.cpp" line="283"/>
        <source>multicast groups need a running UDP session</source>
        <translation>组播组需要一个正在运行的 UDP 会话</translation>
    </message>
</context>
<context>
    <name>sockpit::TcpConnection</name>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="60"/>
        <source>upstream %1: %2</source>
        <translation>上游 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/receivepipeline.cpp" line="140"/>
        <source>message longer than %1 bytes: shown in pieces of that size</source>
        <translation>消息超过 %1 字节：按该大小分段显示</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="249"/>
        <source>not sent: the connection is closed</source>
        <translation>未发送：连接已关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="250"/>
        <source>not sent: the sending side is already shut down</source>
        <translation>未发送：发送方向已经关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="272"/>
        <location filename="../../core/io/tcpconnection.cpp" line="392"/>
        <source>not sent: &apos;%1&apos; could not be read: %2</source>
        <translation>未发送：无法读取“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="273"/>
        <location filename="../../core/io/tcpconnection.cpp" line="393"/>
        <source>it became shorter</source>
        <translation>文件变短了</translation>
    </message>
    <message>
        <location filename="../../core/io/tcprelayside.cpp" line="104"/>
        <source>not relayed: the other side of the relay is closed</source>
        <translation>未转发：中继的另一端已关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="212"/>
        <source>closed: the peer did not finish closing within %1 s</source>
        <translation>已关闭：对端未在 %1 秒内完成关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="465"/>
        <source>peer finished sending (FIN received)</source>
        <translation>对端已发送完毕（收到 FIN）</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="469"/>
        <location filename="../../core/io/tcpconnection.cpp" line="514"/>
        <source>closed: both sides finished</source>
        <translation>已关闭：双方都已结束</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="512"/>
        <source>sent FIN: this side has finished sending</source>
        <translation>已发送 FIN：本端发送完毕</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="516"/>
        <location filename="../../core/io/tcprelayside.cpp" line="136"/>
        <source>closed: the other side of the relay closed</source>
        <translation>已关闭：中继的另一端已关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="525"/>
        <source>closed by this side</source>
        <translation>已由本端关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="531"/>
        <source>connection reset by peer</source>
        <translation>连接被对端重置</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="533"/>
        <source>connection timed out</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="535"/>
        <source>connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnection.cpp" line="560"/>
        <source>(%1 bytes were not sent)</source>
        <translation>（%1 字节未发送）</translation>
    </message>
</context>
<context>
    <name>sockpit::TcpConnector</name>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="70"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机“%1”</translation>
    </message>
    <message>
        <location filename="../../core/net/hostlookup.cpp" line="52"/>
        <source>resolved %1 to %2</source>
        <translation>已将 %1 解析为 %2</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="104"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="115"/>
        <source>cannot reach the proxy: %1</source>
        <translation>无法连接到代理：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="177"/>
        <source>connected to the proxy %1 (%2), asking it for %3</source>
        <translation>已连接到代理 %1（%2），正在请求它连接 %3</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="205"/>
        <location filename="../../core/io/tcpconnector.cpp" line="228"/>
        <source>the proxy %1: %2</source>
        <translation>代理 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="229"/>
        <source>the proxy %1 closed the connection before connecting to %2</source>
        <translation>代理 %1 在连接到 %2 之前关闭了连接</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="245"/>
        <source>%1 (proxy %2)</source>
        <translation>%1（代理 %2）</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="273"/>
        <source>connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="274"/>
        <source>connected to %1 from %2</source>
        <translation>已从 %2 连接到 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="297"/>
        <source>relaying %1 to %2 (from %3)</source>
        <translation>正在把 %1 中继到 %2（从 %3 发出）</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="313"/>
        <source>connecting to %1 timed out after %2 ms</source>
        <translation>连接 %1 超时（%2 ms）</translation>
    </message>
    <message>
        <location filename="../../core/io/tcpconnector.cpp" line="330"/>
        <source>%1; closing the connection from %2</source>
        <translation>%1；关闭来自 %2 的连接</translation>
    </message>
</context>
<context>
    <name>sockpit::TcpListener</name>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="23"/>
        <source>%1 is already in use</source>
        <translation>%1 已被占用</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="25"/>
        <source>cannot use %1: the address is not on this machine</source>
        <translation>无法使用 %1：该地址不属于本机</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="27"/>
        <source>cannot use %1: permission denied (ports below 1024 need privileges)</source>
        <translation>无法使用 %1：权限不足（1024 以下的端口需要特权）</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="29"/>
        <source>connection refused by %1</source>
        <translation>%1 拒绝了连接</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="31"/>
        <source>connecting to %1 timed out</source>
        <translation>连接 %1 超时</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="33"/>
        <source>%1: network is unreachable</source>
        <translation>%1：网络不可达</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="35"/>
        <source>%1: host is unreachable</source>
        <translation>%1：主机不可达</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="37"/>
        <source>connection reset by %1</source>
        <translation>连接被 %1 重置</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="47"/>
        <source>%1 is already in use: another program listens there</source>
        <translation>%1 已被占用：另一个程序正在那里监听</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="50"/>
        <source>%1 is not a socket</source>
        <translation>%1 不是套接字</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="51"/>
        <source>%1 exists and is not a socket: choose another path, or remove the file</source>
        <translation>%1 已存在且不是套接字：请换一个路径，或删除该文件</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="53"/>
        <source>there is no socket at %1</source>
        <translation>%1 处没有套接字</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="54"/>
        <source>cannot make %1: its folder does not exist</source>
        <translation>无法创建 %1：所在的文件夹不存在</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="57"/>
        <source>cannot use %1: permission denied</source>
        <translation>无法使用 %1：权限不足</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="59"/>
        <source>connection refused: nobody listens on %1</source>
        <translation>连接被拒绝：没有程序在 %1 上监听</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="61"/>
        <source>%1 is a socket of the other type (stream or datagram)</source>
        <translation>%1 是另一种类型的套接字（流式或数据报）</translation>
    </message>
    <message>
        <location filename="../../core/net/socketerror.cpp" line="63"/>
        <source>%1 takes no more connections for now: its queue of waiting clients is full</source>
        <translation>%1 暂时不再接受连接：等待中的客户端队列已满</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="55"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="78"/>
        <location filename="../../core/io/tcplistener.cpp" line="97"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="95"/>
        <source>removed %1, a socket file left behind: nobody listened on it</source>
        <translation>已删除 %1：这是残留的套接字文件，已无人在其上监听</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="103"/>
        <source>listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="130"/>
        <source>stopped listening on %1</source>
        <translation>已停止监听 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="148"/>
        <source>cannot accept more connections: %1</source>
        <translation>无法接受更多连接：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/io/tcplistener.cpp" line="163"/>
        <source>refused: %n client(s) already connected (the maximum)</source>
        <translation>
            <numerusform>已拒绝：已有 %n 个客户端连接（已达上限）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="169"/>
        <source>accepted connection from %1</source>
        <translation>已接受来自 %1 的连接</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="206"/>
        <source>an unnamed socket</source>
        <translation>未命名的套接字</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="207"/>
        <source>pid %1, uid %2</source>
        <translation>pid %1, uid %2</translation>
    </message>
    <message>
        <location filename="../../core/io/tcplistener.cpp" line="208"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>sockpit::TextEncodings</name>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="19"/>
        <source>Unicode</source>
        <translation>Unicode</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="20"/>
        <source>Unicode, little endian</source>
        <translation>Unicode，小端序</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="21"/>
        <source>Unicode, big endian</source>
        <translation>Unicode，大端序</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="22"/>
        <source>Latin-1, Western European</source>
        <translation>Latin-1，西欧</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="23"/>
        <source>Latin-9, Western European with euro</source>
        <translation>Latin-9，西欧（含欧元符号）</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="24"/>
        <source>Western European, Windows</source>
        <translation>西欧，Windows</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="25"/>
        <source>Central European, Windows</source>
        <translation>中欧，Windows</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="26"/>
        <source>Latin-2, Central European</source>
        <translation>Latin-2，中欧</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="27"/>
        <source>Cyrillic, Windows</source>
        <translation>西里尔文，Windows</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="28"/>
        <source>Cyrillic, Russian</source>
        <translation>西里尔文，俄语</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="29"/>
        <location filename="../../core/message/textencodings.cpp" line="30"/>
        <location filename="../../core/message/textencodings.cpp" line="31"/>
        <source>Chinese, Simplified</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="32"/>
        <source>Chinese, Traditional</source>
        <translation>繁体中文</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="33"/>
        <location filename="../../core/message/textencodings.cpp" line="34"/>
        <source>Japanese</source>
        <translation>日文</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="35"/>
        <source>Korean</source>
        <translation>韩文</translation>
    </message>
    <message>
        <location filename="../../core/message/textencodings.cpp" line="70"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>sockpit::UdpChannel</name>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="61"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机“%1”</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="99"/>
        <location filename="../../core/io/udpchannel.cpp" line="135"/>
        <source>bound to %1</source>
        <translation>已绑定到 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="130"/>
        <source>removed %1, a socket file left behind: nobody was bound to it</source>
        <translation>已删除 %1：这是残留的套接字文件，已无人绑定它</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="169"/>
        <source>DTLS handshake with %1 started</source>
        <translation>已开始与 %1 的 DTLS 握手</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="177"/>
        <source>DTLS handshake with %1 timed out after %2 ms: no answer from a DTLS server</source>
        <translation>与 %1 的 DTLS 握手在 %2 毫秒后超时：没有 DTLS 服务器应答</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="238"/>
        <location filename="../../core/io/udpchannel.cpp" line="293"/>
        <source>there is no network interface &apos;%1&apos; on this machine</source>
        <translation>本机没有网络接口 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="243"/>
        <source>cannot send multicast by interface %1: %2</source>
        <translation>无法通过网络接口 %1 发送组播：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="252"/>
        <location filename="../../core/io/udpchannel.cpp" line="305"/>
        <source>cannot join %1 on %2: %3</source>
        <translation>无法在 %2 上加入 %1：%3</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="254"/>
        <location filename="../../core/io/udpchannel.cpp" line="302"/>
        <source>an IPv4 socket cannot join an IPv6 group (bind to ::)</source>
        <translation>IPv4 套接字无法加入 IPv6 组（请绑定到 ::）</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="261"/>
        <location filename="../../core/io/udpchannel.cpp" line="309"/>
        <source>joined %1 on %2</source>
        <translation>已在 %2 上加入 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="285"/>
        <source>%1 is not a multicast group address</source>
        <translation>%1 不是组播组地址</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="304"/>
        <source>not a member</source>
        <translation>未加入</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="305"/>
        <source>cannot leave %1 on %2: %3</source>
        <translation>无法在 %2 上退出组 %1：%3</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="309"/>
        <source>left %1 on %2</source>
        <translation>已在 %2 上退出 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="348"/>
        <source>pid %1, uid %2</source>
        <translation>pid %1, uid %2</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="349"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="351"/>
        <source>an unnamed socket</source>
        <translation>未命名的套接字</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="372"/>
        <source>receiving failed: %1</source>
        <translation>接收失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="388"/>
        <source>datagram of %1 bytes truncated</source>
        <translation>%1 字节的数据报被截断</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="430"/>
        <source>the system dropped %1 datagrams before they could be read: the socket&apos;s receive queue was full</source>
        <translation>系统在读取前丢弃了 %1 个数据报：套接字的接收队列已满</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="504"/>
        <source>not sent: peer %1 is no longer known</source>
        <translation>未发送：对端 %1 已不存在</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="519"/>
        <source>not sent: no destination (set a remote host, or wait for a datagram)</source>
        <translation>未发送：没有目标地址（请设置远程主机，或等待对方发来数据报）</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="551"/>
        <source>not sent: the sender&apos;s socket has no name, so nothing can be sent back to it (bind it to a path)</source>
        <translation>未发送：发送方的套接字没有名称，无法向它回发数据（请将其绑定到一个路径）</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="559"/>
        <source>not sent: %1 bytes already wait for the network</source>
        <translation>未发送：已有 %1 字节在等待网络发送</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="588"/>
        <source>sending %1 bytes to %2 failed: %3</source>
        <translation>向 %2 发送 %1 字节失败：%3</translation>
    </message>
    <message>
        <location filename="../../core/io/udpchannel.cpp" line="619"/>
        <source>socket closed</source>
        <translation>套接字已关闭</translation>
    </message>
</context>
<context>
    <name>sockpit::UdpRelay</name>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="65"/>
        <source>host &apos;%1&apos; not found</source>
        <translation>找不到主机 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="85"/>
        <source>bound to %1, relaying to %2</source>
        <translation>已绑定到 %1，中继到 %2</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="115"/>
        <source>cannot open a socket to %1 for %2: %3</source>
        <translation>无法为 %2 打开到 %1 的套接字：%3</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="136"/>
        <source>relaying datagrams from %1 to %2 (from %3)</source>
        <translation>正在把来自 %1 的数据报中继到 %2（从 %3 发出）</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="174"/>
        <source>receiving failed: %1</source>
        <translation>接收失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="207"/>
        <location filename="../../core/io/udprelay.cpp" line="268"/>
        <source>not relayed to %1: %2</source>
        <translation>未转发到 %1：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="228"/>
        <source>upstream %1: nothing is listening there (port unreachable)</source>
        <translation>上游 %1：该端口没有程序在监听（端口不可达）</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="236"/>
        <source>receiving from %1 failed: %2</source>
        <translation>从 %1 接收失败：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="291"/>
        <source>not sent: no sender is known to this relay</source>
        <translation>未发送：此中继还不知道任何发送方</translation>
    </message>
    <message>
        <location filename="../../core/io/udprelay.cpp" line="313"/>
        <source>socket closed</source>
        <translation>套接字已关闭</translation>
    </message>
</context>
<context>
    <name>sockpit::UnixSocket</name>
    <message>
        <location filename="../../core/net/posixsocket.cpp" line="220"/>
        <source>a Unix socket needs a path (or @name for an abstract name)</source>
        <translation>Unix 套接字需要一个路径（抽象名称用 @name）</translation>
    </message>
    <message>
        <location filename="../../core/net/posixsocket.cpp" line="222"/>
        <source>a Unix socket path cannot hold a NUL character</source>
        <translation>Unix 套接字路径不能包含 NUL 字符</translation>
    </message>
    <message>
        <location filename="../../core/net/posixsocket.cpp" line="226"/>
        <source>the Unix socket path &apos;%1&apos; is %2 bytes long; the system allows at most %3</source>
        <translation>Unix 套接字路径“%1”长 %2 字节；系统最多允许 %3 字节</translation>
    </message>
</context>
<context>
    <name>sockpit::WebSocketLink</name>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="59"/>
        <location filename="../../core/io/websocketlink.cpp" line="216"/>
        <source>WebSocket handshake with %1 failed: %2</source>
        <translation>与 %1 的 WebSocket 握手失败：%2</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="62"/>
        <source>WebSocket open: %1</source>
        <translation>WebSocket 已打开：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="74"/>
        <source>WebSocket handshake failed: %1</source>
        <translation>WebSocket 握手失败：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="79"/>
        <source>WebSocket open: GET %1</source>
        <translation>WebSocket 已打开：GET %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/io/websocketlink.cpp" line="120"/>
        <source>ping (%n byte(s)), answered with a pong</source>
        <translation>
            <numerusform>ping（%n 字节），已回复 pong</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../core/io/websocketlink.cpp" line="126"/>
        <source>pong (%n byte(s))</source>
        <translation>
            <numerusform>pong（%n 字节）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="132"/>
        <source>WebSocket closed: the peer answered %1</source>
        <translation>WebSocket 已关闭：对端回复 %1</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="133"/>
        <source>WebSocket closed by the peer: %1</source>
        <translation>WebSocket 被对端关闭：%1</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="143"/>
        <source>WebSocket protocol error: %1; closing with %2</source>
        <translation>WebSocket 协议错误：%1；以 %2 关闭</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="218"/>
        <source>the server closed the connection before switching to WebSocket</source>
        <translation>服务器在切换到 WebSocket 之前关闭了连接</translation>
    </message>
    <message>
        <location filename="../../core/io/websocketlink.cpp" line="224"/>
        <source>the WebSocket ended without a close frame: %1</source>
        <translation>WebSocket 未收到关闭帧就结束了：%1</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::ConnectCommand</name>
    <message>
        <location filename="../../app/commands/connectcommand.cpp" line="41"/>
        <location filename="../../app/commands/connectcommand.cpp" line="51"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <location filename="../../app/commands/connectcommand.cpp" line="43"/>
        <source>permission denied or not a file</source>
        <translation>权限不足，或者不是文件</translation>
    </message>
    <message>
        <location filename="../../app/commands/connectcommand.cpp" line="43"/>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location filename="../../app/commands/connectcommand.cpp" line="162"/>
        <source>if the server&apos;s certificate could not be verified: --ca FILE trusts it (FILE holding its issuer&apos;s certificate, or the certificate itself); --insecure skips the check</source>
        <translation>如果无法验证服务器的证书：--ca FILE 可以信任它（FILE 中存放其颁发者的证书，或该证书本身）；--insecure 跳过检查</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::HeadlessCommand</name>
    <message>
        <location filename="../../app/commands/headlesscommand.cpp" line="55"/>
        <source>cannot write the hex dump to standard error: %1</source>
        <translation>无法把十六进制转储写到标准错误输出：%1</translation>
    </message>
    <message>
        <location filename="../../app/commands/headlesscommand.cpp" line="60"/>
        <source>standard error</source>
        <translation>标准错误输出</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::ListenCommand</name>
    <message>
        <location filename="../../app/commands/listencommand.cpp" line="44"/>
        <source>TLS: a self-signed certificate was made for this run, SHA-256 fingerprint %1</source>
        <translation>TLS：已为本次运行生成自签名证书，SHA-256 指纹为 %1</translation>
    </message>
</context>
<context>
    <name>sockpit::cli::RunCommand</name>
    <message>
        <location filename="../../app/commands/runcommand.cpp" line="19"/>
        <source>every step passed (steps run: %1, time: %2 ms)</source>
        <translation>所有步骤都已通过（运行的步骤数：%1，用时：%2 ms）</translation>
    </message>
    <message>
        <location filename="../../app/commands/runcommand.cpp" line="67"/>
        <location filename="../../app/commands/runcommand.cpp" line="87"/>
        <source>; arrived %1</source>
        <translation>；收到 %1</translation>
    </message>
    <message>
        <location filename="../../app/commands/runcommand.cpp" line="85"/>
        <source>step %1 (%2) failed: %3</source>
        <translation>步骤 %1（%2）失败：%3</translation>
    </message>
    <message>
        <location filename="../../app/commands/runcommand.cpp" line="100"/>
        <source>the connection ended before the sequence did</source>
        <translation>序列结束之前连接已结束</translation>
    </message>
</context>
<context>
    <name>sockpit::tls::DtlsLink</name>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="43"/>
        <location filename="../../tls/dtlslink.cpp" line="48"/>
        <source>DTLS cannot use the socket: %1</source>
        <translation>DTLS 无法使用该套接字：%1</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="81"/>
        <source>no answer</source>
        <translation>没有应答</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="114"/>
        <source>only the DTLS server %1 is answered</source>
        <translation>只应答 DTLS 服务器 %1</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="133"/>
        <source>DTLS session closed by %1</source>
        <translation>DTLS 会话已被 %1 关闭</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="141"/>
        <source>DTLS session with %1 failed: %2</source>
        <translation>与 %1 的 DTLS 会话失败：%2</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="151"/>
        <source>not a DTLS handshake</source>
        <translation>不是 DTLS 握手</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="153"/>
        <source>%1 DTLS peers already (the most kept)</source>
        <translation>已有 %1 个 DTLS 对端（已达上限）</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="211"/>
        <source>DTLS handshake with %1 done: %2, cipher %3</source>
        <translation>与 %1 的 DTLS 握手完成：%2，加密套件 %3</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="220"/>
        <source>DTLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 DTLS 握手失败：%2</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="223"/>
        <source>(certificate SHA-256 fingerprint %1)</source>
        <translation>（证书 SHA-256 指纹 %1）</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="238"/>
        <source>not sent: %1 has no DTLS session with this socket (no finished handshake)</source>
        <translation>未发送：%1 与此套接字没有 DTLS 会话（握手未完成）</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="245"/>
        <source>not sent: %1 bytes do not fit in one DTLS record (at most %2 bytes)</source>
        <translation>未发送：%1 字节放不进一个 DTLS 记录（至多 %2 字节）</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="254"/>
        <source>sending %1 bytes to %2 failed: %3</source>
        <translation>向 %2 发送 %1 字节失败：%3</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="302"/>
        <source>ignored a datagram from %1: %2</source>
        <translation>已忽略来自 %1 的数据报：%2</translation>
    </message>
    <message>
        <location filename="../../tls/dtlslink.cpp" line="303"/>
        <source>ignored %1 datagrams, the last from %2: %3</source>
        <translation>已忽略 %1 个数据报，最后一个来自 %2：%3</translation>
    </message>
</context>
<context>
    <name>sockpit::tls::TlsConnection</name>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="64"/>
        <location filename="../../tls/tlsconnection.cpp" line="165"/>
        <source>connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="114"/>
        <source>TLS handshake done: %1, cipher %2</source>
        <translation>TLS 握手完成：%1，加密套件 %2</translation>
    </message>
    <message>
        <location filename="../../tls/tlspolicy.cpp" line="64"/>
        <source>client certificate %1, SHA-256 %2</source>
        <translation>客户端证书 %1，SHA-256 %2</translation>
    </message>
    <message>
        <location filename="../../tls/tlspolicy.cpp" line="67"/>
        <source>server certificate %1, SHA-256 %2, not verified</source>
        <translation>服务器证书 %1，SHA-256 %2，未验证</translation>
    </message>
    <message>
        <location filename="../../tls/tlspolicy.cpp" line="71"/>
        <source>server certificate %1, SHA-256 %2, trusted by the user</source>
        <translation>服务器证书 %1，SHA-256 %2，已由用户信任</translation>
    </message>
    <message>
        <location filename="../../tls/tlspolicy.cpp" line="75"/>
        <source>server certificate %1, SHA-256 %2, verified</source>
        <translation>服务器证书 %1，SHA-256 %2，已验证</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="143"/>
        <source>TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="145"/>
        <source>(certificate SHA-256 fingerprint %1)</source>
        <translation>（证书 SHA-256 指纹 %1）</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="162"/>
        <source>TLS failed: %1</source>
        <translation>TLS 失败：%1</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="186"/>
        <source>the peer closed the connection</source>
        <translation>对端关闭了连接</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="188"/>
        <source>closed by the peer</source>
        <translation>已由对端关闭</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="277"/>
        <source>not sent: the connection is closed</source>
        <translation>未发送：连接已关闭</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="278"/>
        <source>not sent: the sending side is already shut down</source>
        <translation>未发送：发送方向已经关闭</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="339"/>
        <source>closed: the peer did not finish closing within %1 s</source>
        <translation>已关闭：对端未在 %1 秒内完成关闭</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="355"/>
        <source>closed: the WebSocket closing handshake is done</source>
        <translation>已关闭：WebSocket 关闭握手已完成</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="404"/>
        <source>finished sending; TLS cannot half-close, so the connection stays open until the peer closes it</source>
        <translation>发送完毕；TLS 无法半关闭，因此连接保持打开，直到对端将其关闭</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="417"/>
        <source>closed by this side</source>
        <translation>已由本端关闭</translation>
    </message>
    <message>
        <location filename="../../tls/tlsconnection.cpp" line="446"/>
        <source>(%1 bytes were not sent)</source>
        <translation>（%1 字节未发送）</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::AutoReplyEditor</name>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="134"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="134"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="134"/>
        <source>&apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="48"/>
        <source>Import auto-reply rules</source>
        <translation>导入自动回复规则</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="48"/>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="52"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="52"/>
        <source>Export auto-reply rules</source>
        <translation>导出自动回复规则</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="164"/>
        <source>Auto-reply rules</source>
        <translation>自动回复规则</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="166"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="166"/>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="166"/>
        <source>Pattern</source>
        <translation>匹配模式</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="166"/>
        <source>Reply as</source>
        <translation>回复格式</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="166"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="166"/>
        <source>Delay (ms)</source>
        <translation>延迟 (ms)</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="167"/>
        <source>Each received message (each framed message when the session splits messages, else each chunk or datagram) is answered by the first enabled rule it matches.
Exact, Prefix and Contains take text with escapes (\r \n \xNN); a regular expression is searched in the text decoded as UTF-8; Hex takes bytes, ?? for any byte.</source>
        <translation>每条接收到的消息（会话切分消息时为每条切分出的消息，否则为每个数据块或数据报）由它匹配的第一条已启用规则回复。
精确、前缀和包含匹配使用带转义的文本（\r \n \xNN）；正则表达式在按 UTF-8 解码的文本中搜索；十六进制匹配使用字节，?? 表示任意字节。</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="172"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="173"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="174"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="175"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="177"/>
        <source>Exact</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="177"/>
        <source>Prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="177"/>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="177"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="177"/>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="185"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/editors/autoreplyeditor.cpp" line="184"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::ChecksumCheckRow</name>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="102"/>
        <source>Not checked</source>
        <translation>不检查</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="104"/>
        <source>Check the check value at the end of each received message (a framed message, a datagram, or else each read): the log&apos;s Check column says ok or bad, and a bad one adds an error row</source>
        <translation>检查每条接收消息（分帧后的消息、数据报，否则为每次读取的数据）末尾的校验值：日志的“校验”列显示正确或错误，错误的消息还会增加一条错误行</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="107"/>
        <source>high byte first</source>
        <translation>高字节在前</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="108"/>
        <source>low byte first</source>
        <translation>低字节在前</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="109"/>
        <source>The order of the check value&apos;s bytes in the message</source>
        <translation>校验值在消息中的字节顺序</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="110"/>
        <source>skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="111"/>
        <source>Bytes at the start of a message the check value does not cover (a start byte)</source>
        <translation>消息开头不计入校验的字节数（如起始字节）</translation>
    </message>
    <message>
        <location filename="../../ui/session/checksumcheckrow.cpp" line="113"/>
        <source>Bytes after the check value (an end byte); a framing delimiter is always left out</source>
        <translation>校验值之后的字节数（如结束字节）；分帧分隔符总是不计入</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::CodeDialog</name>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="94"/>
        <source>C source files (*.c)</source>
        <translation>C 源文件 (*.c)</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="94"/>
        <source>Python scripts (*.py)</source>
        <translation>Python 脚本 (*.py)</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="95"/>
        <location filename="../../ui/code/codedialog.cpp" line="100"/>
        <source>Save Code</source>
        <translation>保存代码</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="110"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="121"/>
        <source>Relays and ping sessions cannot be shown as code: only TCP servers, TCP clients and UDP sockets.</source>
        <translation>中继和 ping 会话不能显示为代码：只有 TCP 服务器、TCP 客户端和 UDP 套接字可以。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="136"/>
        <source>Session as Code</source>
        <translation>会话代码</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="137"/>
        <source>This session written as a short program, the way socket lectures write them. Its first lines say how to run it and what of the session it leaves out.</source>
        <translation>把这个会话写成一段简短的程序，写法与套接字课程中的相同。程序开头几行说明如何运行它，以及它没有包含会话的哪些部分。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="139"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="140"/>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="141"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="142"/>
        <source>Copy the program shown to the clipboard</source>
        <translation>把显示的程序复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="143"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/code/codedialog.cpp" line="144"/>
        <source>Save the program shown to a file</source>
        <translation>把显示的程序保存到文件</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::CodeText</name>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="96"/>
        <source>Ends the program with the system&apos;s reason when a call failed.</source>
        <translation>调用失败时，以系统给出的原因结束程序。</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="107"/>
        <source>Reads the numeric address `text` into `address`, or ends the program.</source>
        <translation>把数字地址 `text` 读入 `address`，否则结束程序。</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="117"/>
        <source>Prints `before`, the address and port, then `after`.</source>
        <translation>打印 `before`、地址和端口，然后打印 `after`。</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="162"/>
        <source>each line at once, also into a pipe</source>
        <translation>每行立即输出，输出到管道时也是如此</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="210"/>
        <location filename="../../ui/code/pythoncode.cpp" line="49"/>
        <source>may send to a broadcast address too</source>
        <translation>也可以向广播地址发送</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="214"/>
        <location filename="../../ui/code/pythoncode.cpp" line="52"/>
        <source>IPv4 peers too, as ::ffff:a.b.c.d</source>
        <translation>也接受 IPv4 对端，显示为 ::ffff:a.b.c.d</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="230"/>
        <location filename="../../ui/code/pythoncode.cpp" line="70"/>
        <source>One client after another, until Ctrl+C.</source>
        <translation>依次服务一个又一个客户端，直到按下 Ctrl+C。</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="241"/>
        <location filename="../../ui/code/ccode.cpp" line="355"/>
        <location filename="../../ui/code/pythoncode.cpp" line="87"/>
        <location filename="../../ui/code/pythoncode.cpp" line="199"/>
        <source>echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="243"/>
        <source>0: the client finished sending</source>
        <translation>0：客户端已发送完毕</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="257"/>
        <source>IPv4 hosts as ::ffff:a.b.c.d</source>
        <translation>IPv4 主机显示为 ::ffff:a.b.c.d</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="272"/>
        <location filename="../../ui/code/pythoncode.cpp" line="110"/>
        <source>connect from this address and port</source>
        <translation>从这个地址和端口发起连接</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="282"/>
        <location filename="../../ui/code/pythoncode.cpp" line="121"/>
        <source>Done sending: the server reads the end of the data, and may close the connection once it has answered.</source>
        <translation>发送完毕：服务器读到数据结束，回答后可能关闭连接。</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="287"/>
        <source>0: the server closed the connection</source>
        <translation>0：服务器关闭了连接</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="294"/>
        <location filename="../../ui/code/pythoncode.cpp" line="175"/>
        <source>Receive what is sent to the multicast groups too.</source>
        <translation>也接收发往这些组播组的数据。</translation>
    </message>
    <message>
        <location filename="../../ui/code/ccode.cpp" line="345"/>
        <source>Every datagram, until Ctrl+C.</source>
        <translation>接收每一个数据报，直到按下 Ctrl+C。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="47"/>
        <source>serving several clients at once: this program serves one after another</source>
        <translation>同时服务多个客户端：这个程序依次服务一个又一个</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/code/codeplan.cpp" line="49"/>
        <source>the limit of %n client(s) at once</source>
        <translation>
            <numerusform>同时最多 %n 个客户端的限制</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="51"/>
        <source>TLS: this program talks plain TCP</source>
        <translation>TLS：这个程序使用普通 TCP</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="53"/>
        <source>DTLS: this program sends and receives plain datagrams</source>
        <translation>DTLS：此程序收发的是普通数据报</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="56"/>
        <source>WebSocket: this program talks plain TCP, without its handshake and frames</source>
        <translation>WebSocket：此程序使用普通 TCP 通信，没有 WebSocket 的握手和帧</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="58"/>
        <source>splitting received bytes into messages (framing): this program prints them as they arrive</source>
        <translation>把接收的字节拆分为消息（分帧）：这个程序按到达时的样子打印</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/code/codeplan.cpp" line="63"/>
        <source>%n auto-reply rule(s)</source>
        <translation>
            <numerusform>%n 条自动回复规则</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="65"/>
        <source>the chat room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="68"/>
        <source>joining IPv6 multicast groups: that needs a socket bound to an IPv6 address, such as ::</source>
        <translation>加入 IPv6 组播组：这需要绑定到 IPv6 地址（例如 ::）的套接字</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="71"/>
        <source>sending multicast by the chosen network interface</source>
        <translation>通过选定的网络接口发送组播</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="146"/>
        <source>A TCP server, set up as the Sockpit session, in Python.</source>
        <translation>一个 TCP 服务器，设置与 Sockpit 会话相同，用 Python 编写。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="147"/>
        <source>A TCP server, set up as the Sockpit session, in C (POSIX sockets).</source>
        <translation>一个 TCP 服务器，设置与 Sockpit 会话相同，用 C 编写（POSIX 套接字）。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="148"/>
        <source>It listens, serves one client after another and prints what each sends.</source>
        <translation>它监听端口，依次服务每个客户端，并打印每个客户端发来的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="150"/>
        <source>It sends every chunk it receives back to its sender (echo).</source>
        <translation>它把收到的每块数据发回给发送者（回显）。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="154"/>
        <source>A TCP client, set up as the Sockpit session, in Python.</source>
        <translation>一个 TCP 客户端，设置与 Sockpit 会话相同，用 Python 编写。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="155"/>
        <source>A TCP client, set up as the Sockpit session, in C (POSIX sockets).</source>
        <translation>一个 TCP 客户端，设置与 Sockpit 会话相同，用 C 编写（POSIX 套接字）。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="156"/>
        <source>It connects, sends MESSAGE, shuts down its sending side and prints what comes back until the server closes the connection.</source>
        <translation>它发起连接，发送 MESSAGE，关闭自己的发送方向，并打印收到的内容，直到服务器关闭连接。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="161"/>
        <source>A UDP socket, set up as the Sockpit session, in Python.</source>
        <translation>一个 UDP 套接字，设置与 Sockpit 会话相同，用 Python 编写。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="162"/>
        <source>A UDP socket, set up as the Sockpit session, in C (POSIX sockets).</source>
        <translation>一个 UDP 套接字，设置与 Sockpit 会话相同，用 C 编写（POSIX 套接字）。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="163"/>
        <source>It binds and prints every datagram it receives.</source>
        <translation>它绑定地址，并打印收到的每个数据报。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="165"/>
        <source>It joins the session&apos;s multicast groups first.</source>
        <translation>它先加入会话的组播组。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="167"/>
        <source>It sends MESSAGE to the session&apos;s default target first.</source>
        <translation>它先向会话的默认目标发送 MESSAGE。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="169"/>
        <source>It sends every datagram back to its sender (echo).</source>
        <translation>它把每个数据报发回给发送者（回显）。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="174"/>
        <source>Run it: %1</source>
        <translation>运行：%1</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="176"/>
        <source>Build and run it: %1</source>
        <translation>编译并运行：%1</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="179"/>
        <source>Its first line of output is &quot;%1&quot;.</source>
        <translation>它输出的第一行是 &quot;%1&quot;。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="185"/>
        <source>Its first line of output is &quot;%1&quot;: when PORT is 0, it tells which port the system picked.</source>
        <translation>它输出的第一行是 &quot;%1&quot;：PORT 为 0 时，这一行给出系统选定的端口。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="188"/>
        <source>Stop it with Ctrl+C.</source>
        <translation>按 Ctrl+C 停止它。</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="192"/>
        <source>the connect timeout: connect() waits as long as the system does</source>
        <translation>连接超时：connect() 等待的时间由系统决定</translation>
    </message>
    <message>
        <location filename="../../ui/code/codeplan.cpp" line="195"/>
        <source>What the session does that this program does not:</source>
        <translation>会话做了而这个程序没有做的：</translation>
    </message>
    <message>
        <location filename="../../ui/code/pythoncode.cpp" line="81"/>
        <source>the client finished sending</source>
        <translation>客户端已发送完毕</translation>
    </message>
    <message>
        <location filename="../../ui/code/pythoncode.cpp" line="113"/>
        <source>give up connecting after this many seconds</source>
        <translation>超过这么多秒仍未连上就放弃</translation>
    </message>
    <message>
        <location filename="../../ui/code/pythoncode.cpp" line="127"/>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <location filename="../../ui/code/pythoncode.cpp" line="182"/>
        <source>An IPv6 socket reaches IPv4 hosts as ::ffff:a.b.c.d.</source>
        <translation>IPv6 套接字以 ::ffff:a.b.c.d 的形式访问 IPv4 主机。</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::Composer</name>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="267"/>
        <source>Send a file</source>
        <translation>发送文件</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="318"/>
        <source>Message… (Enter sends, Shift+Enter starts a new line)</source>
        <translation>消息…（按回车发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="319"/>
        <source>Enter sends the line; Shift+Enter starts a new line; Ctrl+Up and Ctrl+Down recall earlier messages</source>
        <translation>回车发送这一行；Shift+Enter 换行；Ctrl+Up 和 Ctrl+Down 调出之前发送过的消息</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="322"/>
        <source>Message… (Ctrl+Enter sends)</source>
        <translation>消息…（按 Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="323"/>
        <source>Ctrl+Enter sends; Ctrl+Up and Ctrl+Down recall earlier messages</source>
        <translation>Ctrl+Enter 发送；Ctrl+Up 和 Ctrl+Down 调出之前发送过的消息</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="326"/>
        <source>Text: the characters, encoded in the chosen encoding</source>
        <translation>文本：字符按所选编码转换为字节</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="327"/>
        <source>Hex: byte values, written as 48 65 6c, 48656c or 0x48,0x65</source>
        <translation>十六进制：字节值，写作 48 65 6c、48656c 或 0x48,0x65</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="328"/>
        <source>Escapes: text with \r \n \t \\ and \xNN for one raw byte</source>
        <translation>转义：文本中可以使用 \r \n \t \\，\xNN 表示一个原始字节</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="329"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="331"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="333"/>
        <source>Escapes</source>
        <translation>转义</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="335"/>
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
        <location filename="../../ui/compose/composer.cpp" line="340"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="341"/>
        <source>LF</source>
        <translation>LF</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="342"/>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="346"/>
        <source>A check value appended to each message, after the line ending:
CRC-16/MODBUS (poly 8005, init FFFF, reflected)
CRC-16/IBM-3740, known as CCITT-FALSE (poly 1021, init FFFF)
CRC-16/XMODEM (poly 1021, init 0000)
CRC-16/KERMIT, the Kermit &quot;CCITT&quot; (poly 1021, init 0000, reflected)
CRC-32 as in zip and Ethernet (ISO-HDLC)
Sum: the bytes added up, modulo 256; XOR: the bytes XORed together</source>
        <translation>追加到每条消息末尾（行尾之后）的校验值：
CRC-16/MODBUS（多项式 0x8005，初值 0xFFFF，反射）
CRC-16/IBM-3740，又称 CCITT-FALSE（多项式 0x1021，初值 0xFFFF）
CRC-16/XMODEM（多项式 0x1021，初值 0x0000）
CRC-16/KERMIT，常被称为 &quot;CCITT&quot;（多项式 0x1021，初值 0x0000，反射）
CRC-32，与压缩文件和以太网所用的相同（ISO-HDLC）
累加和：各字节相加，模 256；XOR：各字节按位异或</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="353"/>
        <source>Big-endian</source>
        <translation>大端序</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="354"/>
        <source>Little-endian</source>
        <translation>小端序</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="356"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="358"/>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>发送消息 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="358"/>
        <source>Send the message (Enter)</source>
        <translation>发送消息（回车）</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="359"/>
        <source>Send file…</source>
        <translation>发送文件…</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="360"/>
        <source>Choose a file and send its contents unchanged</source>
        <translation>选择一个文件，原样发送其内容</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="387"/>
        <source>Not used in Hex mode: hex gives the bytes themselves</source>
        <translation>十六进制模式下不使用：十六进制直接给出字节</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="388"/>
        <source>The encoding that turns the text into bytes (\xNN escapes are raw bytes and are not encoded)</source>
        <translation>把文本转换为字节所用的编码（\xNN 转义是原始字节，不经过编码）</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="390"/>
        <source>Not added in Hex mode: hex spells out every byte</source>
        <translation>十六进制模式下不添加：十六进制已写明每个字节</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="391"/>
        <source>Appended to each message in Text and Escapes mode</source>
        <translation>在文本和转义模式下追加到每条消息末尾</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="394"/>
        <source>The order the check value&apos;s bytes are sent in (high byte first, or low byte first as Modbus RTU sends its CRC)</source>
        <translation>校验值各字节的发送顺序（高字节在前，或像 Modbus RTU 发送 CRC 那样低字节在前）</translation>
    </message>
    <message>
        <location filename="../../ui/compose/composer.cpp" line="396"/>
        <source>A one-byte check value has no byte order</source>
        <translation>单字节的校验值没有字节序</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::ConversationModel</name>
    <message>
        <location filename="../../ui/log/conversationmodel.cpp" line="164"/>
        <source>%1: %2</source>
        <comment>a connection step: peer, what happened</comment>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/conversationmodel.cpp" line="274"/>
        <source>%n message(s) not shown: too many at once</source>
        <translation>
            <numerusform>%n 条消息未显示：同时到达的太多</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/conversationmodel.cpp" line="328"/>
        <source>… %n more byte(s)</source>
        <translation>
            <numerusform>… 还有 %n 个字节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LanguageManager</name>
    <message>
        <location filename="../../ui/shell/languagemanager.cpp" line="40"/>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LocalAddressBox</name>
    <message>
        <location filename="../../ui/session/localaddressbox.cpp" line="35"/>
        <source>local address is empty: choose one from the list</source>
        <translation>本地地址为空：请从列表中选择</translation>
    </message>
    <message>
        <location filename="../../ui/session/localaddressbox.cpp" line="41"/>
        <source>&apos;%1&apos; is not an IP address: choose one from the list or type one like 192.168.1.10</source>
        <translation>“%1”不是 IP 地址：请从列表中选择，或输入类似 192.168.1.10 的地址</translation>
    </message>
    <message>
        <location filename="../../ui/session/localaddressbox.cpp" line="71"/>
        <source>All interfaces (0.0.0.0)</source>
        <translation>所有网络接口 (0.0.0.0)</translation>
    </message>
    <message>
        <location filename="../../ui/session/localaddressbox.cpp" line="72"/>
        <source>All interfaces, IPv4 and IPv6 (::)</source>
        <translation>所有网络接口，IPv4 和 IPv6 (::)</translation>
    </message>
    <message>
        <location filename="../../ui/session/localaddressbox.cpp" line="73"/>
        <source>Loopback (127.0.0.1)</source>
        <translation>本机回环 (127.0.0.1)</translation>
    </message>
    <message>
        <location filename="../../ui/session/localaddressbox.cpp" line="74"/>
        <source>Loopback IPv6 (::1)</source>
        <translation>本机回环 IPv6 (::1)</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogModel</name>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="132"/>
        <source>The check value this message carries is wrong; the error row after it says what it should be</source>
        <translation>这条消息携带的校验值错误；其后的错误行给出了正确的值</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="161"/>
        <source>Time since the previous message, received or sent, on the same connection</source>
        <translation>同一连接上距上一条消息（接收或发送）的时间</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="163"/>
        <source>Whether the check value at the end of a received message is right (the session&apos;s &quot;Check received&quot; option)</source>
        <translation>接收消息末尾的校验值是否正确（会话的“校验接收”选项）</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="166"/>
        <source>The system call that made the row, as a program written with sockets would make it</source>
        <translation>产生这一行的系统调用，与用套接字编写的程序所做的调用相同</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="171"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="173"/>
        <source>Δt</source>
        <translation>Δt</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="175"/>
        <source>Dir</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="177"/>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="179"/>
        <source>Len</source>
        <translation>长度</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="181"/>
        <source>Check</source>
        <translation>校验</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="183"/>
        <source>System call</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="185"/>
        <source>Payload</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="404"/>
        <source>%1.%2 ms</source>
        <translation>%1.%2 ms</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="406"/>
        <source>%1.%2 s</source>
        <translation>%1.%2 秒</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="500"/>
        <source>in</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="502"/>
        <source>out</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="504"/>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="508"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="515"/>
        <source>ok</source>
        <translation>正确</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="517"/>
        <source>bad</source>
        <translation>错误</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/logmodel.cpp" line="531"/>
        <source>%1 older row(s) were dropped from the view (the recording has everything)</source>
        <translation>
            <numerusform>视图中已丢弃 %1 行旧记录（文件记录中保留了全部内容）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/logmodel.cpp" line="532"/>
        <source>%1 older row(s) were dropped from the view (record to a file to keep everything)</source>
        <translation>
            <numerusform>视图中已丢弃 %1 行旧记录（记录到文件可保留全部内容）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/log/logmodel.cpp" line="538"/>
        <source>%1 event(s) arrived too fast to be displayed (the counters include them)</source>
        <translation>
            <numerusform>%1 个事件到达太快，未能显示（计数中已包含）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="562"/>
        <source>connection #%1</source>
        <translation>连接 #%1</translation>
    </message>
    <message>
        <location filename="../../ui/log/logmodel.cpp" line="565"/>
        <source>%1 of %2 bytes shown</source>
        <translation>显示了 %2 字节中的 %1 字节</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogSaver</name>
    <message>
        <location filename="../../ui/log/logsaver.cpp" line="88"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/log/logsaver.cpp" line="128"/>
        <source>Text (*.txt *.log)</source>
        <translation>文本 (*.txt *.log)</translation>
    </message>
    <message>
        <location filename="../../ui/log/logsaver.cpp" line="129"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/log/logsaver.cpp" line="130"/>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../ui/log/logsaver.cpp" line="132"/>
        <location filename="../../ui/log/logsaver.cpp" line="150"/>
        <source>Save log</source>
        <translation>保存日志</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::LogView</name>
    <message>
        <location filename="../../ui/log/logview.cpp" line="281"/>
        <source>Filter payload, peer, message…</source>
        <translation>筛选数据、对端、消息…</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="283"/>
        <source>Shows only the rows whose payload (as displayed), peer or message contains this text</source>
        <translation>只显示数据（按显示内容）、对端或消息中包含此文本的行</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="284"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="285"/>
        <source>In</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="286"/>
        <source>Out</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="287"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="288"/>
        <source>Bad checksum</source>
        <translation>校验错误</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="290"/>
        <source>Which rows to show: received, sent, connection events, or messages with a wrong checksum</source>
        <translation>显示哪些行：接收、发送、连接事件，或校验错误的消息</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="291"/>
        <source>Peer…</source>
        <translation>对端…</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="292"/>
        <source>Shows only the rows of peers whose address contains this text</source>
        <translation>只显示地址中包含此文本的对端的行</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="293"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="294"/>
        <source>Every event as a row: time, direction, peer, length and payload</source>
        <translation>每个事件一行：时间、方向、对端、长度和内容</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="295"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="296"/>
        <source>Messages line by line under who said them, your own on the right</source>
        <translation>按行显示消息及其发言者，自己的消息在右侧</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="297"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="298"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="299"/>
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="300"/>
        <source>How payload bytes are decoded for display</source>
        <translation>数据字节的显示方式</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="303"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="304"/>
        <source>Copy the selected rows as tab-separated text</source>
        <translation>把所选行复制为以制表符分隔的文本</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="305"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="306"/>
        <source>Save the rows passing the filter as text, CSV or JSON Lines</source>
        <translation>把筛选后的行保存为文本、CSV 或 JSON Lines</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="307"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="308"/>
        <source>Remove every row from the view (a recording is not affected)</source>
        <translation>清除视图中的所有行（不影响文件记录）</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="309"/>
        <source>Show microseconds</source>
        <translation>显示微秒</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="310"/>
        <source>Resume following</source>
        <translation>继续跟随</translation>
    </message>
    <message>
        <location filename="../../ui/log/logview.cpp" line="311"/>
        <source>Scroll to the newest row and keep it in view</source>
        <translation>滚动到最新一行并保持显示</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::MainWindow</name>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="432"/>
        <source>Sockpit</source>
        <translation>Sockpit</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="433"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="434"/>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="435"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="436"/>
        <source>New &amp;Tab</source>
        <translation>新建标签页(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="437"/>
        <source>Open another session in a new tab (%1)</source>
        <translation>在新标签页中打开另一个会话 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="439"/>
        <source>New &amp;Window</source>
        <translation>新建窗口(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="440"/>
        <source>&amp;Close Tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="497"/>
        <source>Save Received &amp;Bytes…</source>
        <translation>保存接收的字节(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="442"/>
        <source>Save the bytes received from now on (from the selected client, or from all) to a file, exactly as they arrive</source>
        <translation>把从现在起接收到的字节（来自所选客户端或全部客户端）原样保存到文件</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="231"/>
        <source>Open Recording</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="231"/>
        <source>JSON Lines (*.jsonl);;All files (*)</source>
        <translation>JSON Lines (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="246"/>
        <location filename="../../ui/shell/mainwindow.cpp" line="248"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="270"/>
        <location filename="../../ui/shell/mainwindow.cpp" line="284"/>
        <location filename="../../ui/shell/mainwindow.cpp" line="315"/>
        <source>Export as pcap</source>
        <translation>导出为 pcap</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="271"/>
        <source>Only a JSON Lines recording can be exported: record this session to a .jsonl file first (File &gt; Record to File…).</source>
        <translation>只能导出 JSON Lines 格式的记录：请先将此会话记录到 .jsonl 文件（文件 &gt; 记录到文件…）。</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="284"/>
        <source>pcap (*.pcap)</source>
        <translation>pcap (*.pcap)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="313"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="444"/>
        <source>&amp;Save Log As…</source>
        <translation>日志另存为(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="445"/>
        <source>&amp;Open Recording…</source>
        <translation>打开记录(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="446"/>
        <source>Show a JSON Lines recording in a tab of its own, to filter it and resend its messages</source>
        <translation>在单独的标签页中显示 JSON Lines 记录，以便筛选并重新发送其中的消息</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="448"/>
        <source>&amp;Export as pcap…</source>
        <translation>导出为 pcap(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="449"/>
        <source>Write the recording of this tab as a pcap file for Wireshark</source>
        <translation>把此标签页的记录导出为 pcap 文件，供 Wireshark 使用</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="450"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="451"/>
        <source>Shut Down &amp;Sending (Half-close)</source>
        <translation>关闭发送（半关闭）(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="452"/>
        <source>Send FIN: the peer sees the end of the data; receiving goes on</source>
        <translation>发送 FIN：对端会看到数据结束，本端继续接收</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="453"/>
        <source>&amp;Rename Tab…</source>
        <translation>重命名标签页(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="454"/>
        <source>Run Se&amp;quence…</source>
        <translation>运行序列(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="455"/>
        <source>Send and expect messages by a script, each step with its result and time</source>
        <translation>按脚本发送和期望消息，并显示每个步骤的结果和用时</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="456"/>
        <source>Show as &amp;Code…</source>
        <translation>显示为代码(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="457"/>
        <source>This session&apos;s settings as a short Python and C program, written the way a lecture on sockets writes them</source>
        <translation>把这个会话的设置写成简短的 Python 和 C 程序，写法与套接字课程中的相同</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="459"/>
        <source>&amp;Conversation</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="460"/>
        <source>Show the log as a conversation: lines under who said them, yours on the right (Enter then sends a line)</source>
        <translation>以对话形式显示日志：每行消息标明发言者，自己的在右侧（此时按回车发送一行）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="462"/>
        <source>&amp;Quick Send Panel</source>
        <translation>快捷发送面板(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="463"/>
        <source>Show the panel of messages sent with one click beside the composer</source>
        <translation>在输入区旁显示一键发送的消息面板</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="464"/>
        <source>S&amp;ystem Calls</source>
        <translation>系统调用(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="465"/>
        <source>Show in the log the system call behind each row: socket(), bind(), listen(), accept(), connect(), recv(), send(), shutdown(), close()</source>
        <translation>在日志中显示每一行背后的系统调用：socket()、bind()、listen()、accept()、connect()、recv()、send()、shutdown()、close()</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="467"/>
        <source>Message &amp;Inspector</source>
        <translation>消息检查器(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="468"/>
        <source>Show the selected row&apos;s whole message under the log: hex dump, text, and copying it as hex, C, Python or Base64</source>
        <translation>在日志下方显示所选行的完整消息：十六进制转储、文本，并可复制为十六进制、C、Python 或 Base64</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="470"/>
        <source>&amp;Plot of Values</source>
        <translation>数值曲线(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="471"/>
        <source>Show under the log a live plot of numbers found in the received messages (choose them with Fields…)</source>
        <translation>在日志下方实时显示从接收消息中找到的数值的曲线（用“字段…”选择数值）</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="473"/>
        <source>&amp;About Sockpit</source>
        <translation>关于 Sockpit(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="492"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="492"/>
        <source>S&amp;tart</source>
        <translation>启动(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="495"/>
        <source>Stop &amp;Recording</source>
        <translation>停止记录(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="495"/>
        <source>&amp;Record to File…</source>
        <translation>记录到文件(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="497"/>
        <source>Stop Saving Received &amp;Bytes</source>
        <translation>停止保存接收的字节(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="554"/>
        <source>Rename Tab</source>
        <translation>重命名标签页</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="555"/>
        <source>Name (empty: automatic):</source>
        <translation>名称（留空则自动命名）：</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="571"/>
        <location filename="../../ui/shell/mainwindow.cpp" line="577"/>
        <source>Record to File</source>
        <translation>记录到文件</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="572"/>
        <source>JSON Lines (*.jsonl);;Text (*.txt *.log)</source>
        <translation>JSON Lines (*.jsonl);;文本 (*.txt *.log)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="603"/>
        <location filename="../../ui/shell/mainwindow.cpp" line="608"/>
        <source>Save Received Bytes</source>
        <translation>保存接收的字节</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="615"/>
        <source>About Sockpit</source>
        <translation>关于 Sockpit</translation>
    </message>
    <message>
        <location filename="../../ui/shell/mainwindow.cpp" line="616"/>
        <source>Sockpit %1

Talk over plain sockets: TCP server, TCP client and UDP, with every byte in a timestamped log.</source>
        <translation>Sockpit %1

通过普通套接字通信：TCP 服务器、TCP 客户端和 UDP，每个字节都记录在带时间戳的日志中。</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::MessageInspector</name>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="190"/>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="190"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="297"/>
        <source>First %1 of %2 bytes kept; record the session to keep everything.</source>
        <translation>只保留了 %2 字节中的前 %1 字节；要保留全部内容，请记录会话。</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="362"/>
        <location filename="../../ui/log/messageinspector.cpp" line="399"/>
        <source>Showing %1 of %2 bytes as text.</source>
        <translation>以文本显示了 %2 字节中的 %1 字节。</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="381"/>
        <source>Select a row of the log to see its whole message here.</source>
        <translation>在日志中选择一行，即可在此查看其完整消息。</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="384"/>
        <source>Copy As</source>
        <translation>复制为</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="385"/>
        <source>Copy the whole message in a format to paste elsewhere</source>
        <translation>把整条消息复制为某种格式，以便粘贴到别处</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="386"/>
        <source>&amp;Hex</source>
        <translation>十六进制(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="387"/>
        <source>&amp;C Array</source>
        <translation>C 数组(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="388"/>
        <source>&amp;Python Bytes</source>
        <translation>Python 字节串(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="389"/>
        <source>&amp;Base64</source>
        <translation>Base64(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="390"/>
        <source>&amp;Escaped Text</source>
        <translation>转义文本(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="391"/>
        <source>Frame header</source>
        <translation>帧头</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="392"/>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="393"/>
        <source>Checksum</source>
        <translation>校验值</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="394"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="395"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/log/messageinspector.cpp" line="396"/>
        <source>Show More</source>
        <translation>显示更多</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::MulticastPanel</name>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="115"/>
        <source>enter a multicast group, such as 239.1.2.3 or ff12::1234</source>
        <translation>请输入组播组，如 239.1.2.3 或 ff12::1234</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="117"/>
        <source>&apos;%1&apos; is not a multicast group address (224.0.0.0/4 or ff00::/8)</source>
        <translation>&apos;%1&apos; 不是组播组地址（224.0.0.0/4 或 ff00::/8）</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="157"/>
        <source>group, e.g. 239.1.2.3</source>
        <translation>组地址，例如 239.1.2.3</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="158"/>
        <source>Default interface</source>
        <translation>默认网络接口</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="159"/>
        <source>The interface groups are joined on and multicast datagrams leave by</source>
        <translation>加入组播组和发出组播数据报所用的网络接口</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="160"/>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="161"/>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/session/multicastpanel.cpp" line="162"/>
        <source>The session&apos;s multicast groups: joined at start, or at once while it runs</source>
        <translation>会话的组播组：启动时加入，运行中则立即加入</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PeerListModel</name>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="125"/>
        <source>%1 (half-closed)</source>
        <translation>%1（半关闭）</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="143"/>
        <source>%1 (local end %2)</source>
        <translation>%1（本端 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="145"/>
        <source>The peer has finished sending (half-close); it can still receive.</source>
        <translation>对端已发送完毕（半关闭），仍可接收数据。</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="151"/>
        <source>%1 bytes received</source>
        <translation>已接收 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="153"/>
        <source>%1 bytes sent</source>
        <translation>已发送 %1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="156"/>
        <source>%1 bytes waiting to be sent</source>
        <translation>%1 字节等待发送</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="157"/>
        <source>Nothing waiting to be sent</source>
        <translation>没有等待发送的数据</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="211"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="213"/>
        <source>Since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="215"/>
        <source>In</source>
        <translation>接收</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="217"/>
        <source>Out</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="219"/>
        <source>Queued</source>
        <translation>待发送</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="224"/>
        <source>The peer&apos;s address and port</source>
        <translation>对端的地址和端口</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="226"/>
        <source>When the connection opened (local time)</source>
        <translation>连接建立的时间（本地时间）</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="228"/>
        <source>Bytes received from the peer</source>
        <translation>从对端接收的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="230"/>
        <source>Bytes sent to the peer</source>
        <translation>发送给对端的字节数</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistmodel.cpp" line="232"/>
        <source>Bytes waiting to be sent: a peer that does not read makes this grow</source>
        <translation>等待发送的字节数：对端不读取时会不断增长</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PeerListView</name>
    <message numerus="yes">
        <location filename="../../ui/session/peerlistview.cpp" line="146"/>
        <source>Peers (%n)</source>
        <translation>
            <numerusform>对端 (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/peerlistview.cpp" line="145"/>
        <source>Clients (%n)</source>
        <translation>
            <numerusform>客户端 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistview.cpp" line="151"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../../ui/session/peerlistview.cpp" line="152"/>
        <source>Close the connections of the selected clients</source>
        <translation>断开所选客户端的连接</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PlotPane</name>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="136"/>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="144"/>
        <location filename="../../ui/plot/plotpane.cpp" line="150"/>
        <source>Export values as CSV</source>
        <translation>将数值导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="145"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="162"/>
        <source>Fields…</source>
        <translation>字段…</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="163"/>
        <source>Choose the values to plot: a regular expression&apos;s group in each received message&apos;s text, or a binary number at a byte offset</source>
        <translation>选择要绘制曲线的数值：每条接收消息文本中正则表达式的某个分组，或某个字节偏移处的二进制数</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="165"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="166"/>
        <source>Stop the view from moving while points still arrive; drag to pan</source>
        <translation>让视图停止移动，数据点仍会继续到达；拖动可平移</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="167"/>
        <source>Show All</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="168"/>
        <source>Undo the zoom and show every point (or double-click the plot); the mouse wheel zooms the time axis</source>
        <translation>取消缩放，显示所有点（也可双击曲线）；鼠标滚轮可缩放时间轴</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="170"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="171"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="172"/>
        <source>Save the points as CSV: the time (UTC, with microseconds) and one column per field</source>
        <translation>将数据点保存为 CSV：时间（UTC，精确到微秒），每个字段一列</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="180"/>
        <source>No fields yet: press Fields… to choose the values to plot.</source>
        <translation>尚无字段：点击“字段…”选择要绘制曲线的数值。</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotpane.cpp" line="182"/>
        <source>Values are read from each received message as the window gets it: whole, or only its first %1 bytes while many large messages arrive at once.</source>
        <translation>数值从窗口收到的每条接收消息中读取：通常是整条消息；大量大消息同时到达时，只读取其前 %1 字节。</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PlotWidget</name>
    <message>
        <location filename="../../ui/plot/plotwidget.cpp" line="232"/>
        <source>No values yet</source>
        <translation>尚无数值</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotwidget.cpp" line="299"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../ui/plot/plotwidget.cpp" line="372"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::PresetPanel</name>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="43"/>
        <source>Preset %1</source>
        <translation>预设 %1</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="117"/>
        <location filename="../../ui/compose/presetpanel.cpp" line="213"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="124"/>
        <location filename="../../ui/compose/presetpanel.cpp" line="215"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="125"/>
        <location filename="../../ui/compose/presetpanel.cpp" line="216"/>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="129"/>
        <source>Macros: {counter}, {time}, {time:HH:mm:ss.zzz}, {random:N} random bytes, {hex:AA 55}; {{ and }} for braces. Text takes escapes such as \r\n.</source>
        <translation>宏：{counter}、{time}、{time:HH:mm:ss.zzz}、{random:N} 个随机字节、{hex:AA 55}；花括号请写成 {{ 和 }}。文本可使用 \r\n 等转义。</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="157"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="166"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="166"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="166"/>
        <source>&apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="50"/>
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="50"/>
        <location filename="../../ui/compose/presetpanel.cpp" line="54"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="54"/>
        <source>Export presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="201"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="201"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="201"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="202"/>
        <source>Messages you send often, one click each. Add one, or import a set; {counter} and {time} in a message change with each send.</source>
        <translation>常用的消息，一键发送。点击“添加”新建一条，或导入一组；消息中的 {counter} 和 {time} 每次发送都会变化。</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="204"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="205"/>
        <source>Add a preset; double-click a name or message to edit it</source>
        <translation>添加预设；双击名称或消息即可编辑</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="206"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="207"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="208"/>
        <source>Add the presets of a JSON file</source>
        <translation>添加 JSON 文件中的预设</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="209"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/compose/presetpanel.cpp" line="210"/>
        <source>Save the presets to a JSON file</source>
        <translation>把预设保存到 JSON 文件</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::RecordingTab</name>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="135"/>
        <location filename="../../ui/session/recordingtab.cpp" line="339"/>
        <source>cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="147"/>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="191"/>
        <source>line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="214"/>
        <source>Recording %1</source>
        <translation>正在记录到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="221"/>
        <source>… and %1 more</source>
        <translation>… 还有 %1 项</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="230"/>
        <source>1 event</source>
        <translation>1 个事件</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="230"/>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="231"/>
        <source>%1: reading… %2</source>
        <translation>%1：正在读取… %2</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="231"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="233"/>
        <source>; 1 line could not be read</source>
        <translation>；1 行无法读取</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="234"/>
        <source>; %1 lines could not be read</source>
        <translation>；%1 行无法读取</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="242"/>
        <source>Resend: sending %1 of %2 rows, waiting for the peer to read</source>
        <translation>重新发送：正在发送第 %1 行，共 %2 行，等待对方读取</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="244"/>
        <source>Resend: sending %1 of %2 rows</source>
        <translation>重新发送：正在发送第 %1 行，共 %2 行</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="239"/>
        <source>Resend: checking %1 of %2 rows</source>
        <translation>重新发送：正在检查第 %1 行，共 %2 行</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="246"/>
        <source>Resend: %1</source>
        <translation>重新发送：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="275"/>
        <source>(no running session)</source>
        <translation>（没有正在运行的会话）</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="325"/>
        <source>stopped; %1 sent</source>
        <translation>已停止；已发送 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="348"/>
        <source>the session stopped; %1 sent</source>
        <translation>会话已停止；已发送 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="360"/>
        <source>a selected row is no longer in the log</source>
        <translation>某个选中的行已不在日志中</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="368"/>
        <source>row %1 was sent to no one (see the session&apos;s log)</source>
        <translation>第 %1 行没有发送给任何人（见会话的日志）</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="374"/>
        <source>%1; %2 sent before it</source>
        <translation>%1；在此之前已发送 %2 条</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="415"/>
        <source>row %1 is not one of the recording&apos;s events</source>
        <translation>第 %1 行不是该记录中的事件</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="426"/>
        <source>the line at byte %1 holds another event now</source>
        <translation>第 %1 字节处的行现在是另一个事件</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="441"/>
        <source>Stop Resending</source>
        <translation>停止重新发送</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="442"/>
        <source>Stop sending the selected rows; what was sent stays sent</source>
        <translation>停止发送选中的行；已发送的内容不会撤回</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="452"/>
        <source>Resend to:</source>
        <translation>重发到：</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="444"/>
        <source>Resend Selected</source>
        <translation>重新发送所选</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="91"/>
        <source>the log was cleared; %1 sent</source>
        <translation>日志已清空；已发送 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="113"/>
        <source>another file was opened; %1 sent</source>
        <translation>打开了另一个文件；已发送 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="445"/>
        <source>Send the bytes of the selected rows again, oldest first, to the chosen running session (to its current send target)</source>
        <translation>把所选行的字节按从旧到新的顺序重新发送到所选的运行中会话（发往其当前发送目标）</translation>
    </message>
    <message>
        <location filename="../../ui/session/recordingtab.cpp" line="453"/>
        <source>Lines of the file that could not be read; the other lines are shown</source>
        <translation>文件中无法读取的行；其他行照常显示</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::RepeatSender</name>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="130"/>
        <source>Repeat every</source>
        <translation>定时发送，间隔</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="131"/>
        <source>Send the message again and again at this interval, the first one at once; uncheck to stop. Each message is the text as it is at that moment.</source>
        <translation>按此间隔反复发送消息，第一条立即发送；取消勾选即停止。每次发送的是当时输入框中的文本。</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="133"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="134"/>
        <source>Time between two messages, in milliseconds</source>
        <translation>两条消息之间的间隔，单位为毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="135"/>
        <source>times</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="136"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="137"/>
        <source>How many messages to send; 0 repeats until stopped</source>
        <translation>要发送的消息条数；0 表示一直发送，直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="159"/>
        <source>%1 of %2 sent</source>
        <translation>已发送 %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/compose/repeatsender.cpp" line="160"/>
        <source>%1 sent</source>
        <translation>已发送 %1</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SendTargetBox</name>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="30"/>
        <location filename="../../ui/session/sendtargetbox.cpp" line="103"/>
        <source>Send to:</source>
        <translation>发送到：</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="86"/>
        <source>All clients</source>
        <translation>所有客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="88"/>
        <source>Target %1</source>
        <translation>目标 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="90"/>
        <source>Most recent sender</source>
        <translation>最近的发送方</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="92"/>
        <source>An echo request</source>
        <translation>回显请求</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="92"/>
        <source>The server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="94"/>
        <source>Selected clients (%1)</source>
        <translation>所选客户端 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sendtargetbox.cpp" line="95"/>
        <source>Selected peers (%1)</source>
        <translation>所选对端 (%1)</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SequenceDialog</name>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="118"/>
        <source>Not a valid sequence: %1</source>
        <translation>不是有效的序列：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="125"/>
        <source>Start the session first: a sequence runs on its connection.</source>
        <translation>请先启动会话：序列在会话的连接上运行。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="130"/>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="147"/>
        <source>arrived %1</source>
        <translation>收到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="149"/>
        <source>sent %1</source>
        <translation>发送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="150"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="150"/>
        <source>FAIL</source>
        <translation>FAIL</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="170"/>
        <source>Every step passed.</source>
        <translation>所有步骤都已通过。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="172"/>
        <source>Step %1 failed.</source>
        <translation>步骤 %1 失败。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="174"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="189"/>
        <location filename="../../ui/session/sequencedialog.cpp" line="195"/>
        <source>Open Sequence</source>
        <translation>打开序列</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="189"/>
        <location filename="../../ui/session/sequencedialog.cpp" line="206"/>
        <source>Sequences (*.json);;All files (*)</source>
        <translation>序列 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="195"/>
        <source>Could not open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="204"/>
        <location filename="../../ui/session/sequencedialog.cpp" line="213"/>
        <source>Save Sequence</source>
        <translation>保存序列</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="213"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="228"/>
        <source>Run Sequence</source>
        <translation>运行序列</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="229"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="230"/>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="231"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="232"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="233"/>
        <source>Send, expect, delay, repeat, half-close and close steps, in the JSON that &apos;sockpit run&apos; reads.</source>
        <translation>send、expect、delay、repeat、half-close 和 close 步骤，采用 &apos;sockpit run&apos; 读取的 JSON 格式。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="236"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="236"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="236"/>
        <source>Time (ms)</source>
        <translation>时间 (ms)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="236"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="236"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../ui/session/sequencedialog.cpp" line="238"/>
        <source>Runs on this session&apos;s connection (a server: on every client).</source>
        <translation>在此会话的连接上运行（服务器：在每个客户端上运行）。</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionOptionsPopup</name>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="291"/>
        <source>Delimiter: %1</source>
        <translation>分隔符：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="323"/>
        <source>Messages: %1</source>
        <translation>消息：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="331"/>
        <source>Proxy: %1</source>
        <translation>代理：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="338"/>
        <source>WebSocket path: it starts with /, as in /chat?room=1</source>
        <translation>WebSocket 路径：应以 / 开头，如 /chat?room=1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="341"/>
        <source>The chat room&apos;s name cannot have spaces, &lt; or &gt;</source>
        <translation>聊天室中的名字不能包含空格、&lt; 或 &gt;</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="365"/>
        <source>Auto-reply rules… (%1 on)</source>
        <translation>自动回复规则…（已启用 %1 条）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="520"/>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="521"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="577"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="582"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="586"/>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="522"/>
        <source>How long to wait for the server to accept before giving up</source>
        <translation>等待服务器接受连接的最长时间，超时则放弃</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="523"/>
        <source>Reconnect automatically after a drop</source>
        <translation>断线后自动重连</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="524"/>
        <source>When the connection is lost, try again, waiting longer after each failure</source>
        <translation>连接断开后自动重试，每次失败后等待更长时间</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="525"/>
        <source>Send small writes at once (TCP_NODELAY)</source>
        <translation>小数据立即发送（TCP_NODELAY）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="526"/>
        <source>Off: the system may hold small writes back to join them into fewer packets</source>
        <translation>关闭时：系统可能暂缓发送小数据，把它们合并成较少的数据包</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="527"/>
        <source>Keepalive probes (SO_KEEPALIVE)</source>
        <translation>保活探测（SO_KEEPALIVE）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="528"/>
        <source>Lets the system notice a peer that vanished without closing</source>
        <translation>让系统发现未关闭连接就消失的对端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="529"/>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="530"/>
        <source>none (socks5://HOST:PORT or http://HOST:PORT)</source>
        <translation>无（socks5://HOST:PORT 或 http://HOST:PORT）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="531"/>
        <source>Connect through a SOCKS5 or HTTP proxy, which resolves the host itself: socks5://HOST:PORT or http://HOST:PORT, with USER:PASSWORD@ before HOST when it asks for them (the password is not kept between runs). Empty: connect directly</source>
        <translation>通过 SOCKS5 或 HTTP 代理连接，由代理自行解析主机名：socks5://HOST:PORT 或 http://HOST:PORT；代理要求登录时，在 HOST 前加上 USER:PASSWORD@（密码不会保存到下次运行）。留空：直接连接</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="534"/>
        <source>WebSocket (RFC 6455): each message a WebSocket message</source>
        <translation>WebSocket（RFC 6455）：每条消息为一条 WebSocket 消息</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="535"/>
        <source>Speak WebSocket on each connection after its opening handshake (with TLS: wss). What you send is one message, text when it is UTF-8, binary otherwise; pings are answered and close codes logged</source>
        <translation>每个连接在建立握手后使用 WebSocket（启用 TLS 时为 wss）。每次发送的内容为一条消息：是 UTF-8 时为文本消息，否则为二进制消息；自动回复 ping，并记录关闭代码</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="538"/>
        <source>WebSocket path</source>
        <translation>WebSocket 路径</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="540"/>
        <source>The path and query the client asks the server for, such as /chat?room=1</source>
        <translation>客户端向服务器请求的路径和查询，如 /chat?room=1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="542"/>
        <source>Echo: send everything received back to its sender</source>
        <translation>回显：把收到的所有数据发回给发送方</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="544"/>
        <source>Answer received messages that match a rule, with text or hex, after an optional delay</source>
        <translation>对匹配规则的接收消息自动回复文本或十六进制数据，可设置延迟</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="546"/>
        <source>Max clients</source>
        <translation>最大客户端数</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="547"/>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="548"/>
        <source>Further clients are accepted and closed at once (0 = unlimited)</source>
        <translation>超出数量的客户端会在接受后立即关闭（0 = 不限）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="549"/>
        <source>Chat room: pass each line a client says to every other client</source>
        <translation>聊天室：把每个客户端说的每一行转发给其他所有客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="550"/>
        <source>Clients are named user1, user2, …; each line one says goes to the others as &quot;&lt;name&gt; text&quot;, and joins and leaves are announced</source>
        <translation>客户端按加入的先后自动编号命名；每个客户端说的每一行以“&lt;名字&gt; 内容”的形式发给其他客户端，加入和离开都会通告</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="552"/>
        <source>Your name in the room</source>
        <translation>你在聊天室中的名字</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="553"/>
        <source>What you send is said to everyone under this name</source>
        <translation>你发送的内容以这个名字说给所有人</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="554"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="555"/>
        <source>Check received</source>
        <translation>校验接收</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="556"/>
        <source>How received bytes are split into the messages the log and the recording show; TCP itself only delivers chunks</source>
        <translation>接收到的字节如何切分成日志和记录中显示的消息；TCP 本身只传送数据块</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="558"/>
        <source>Chunks as they arrive</source>
        <translation>按到达的数据块</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="558"/>
        <source>Lines ending in LF</source>
        <translation>以 LF 结尾的行</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="559"/>
        <source>Lines ending in CR LF</source>
        <translation>以 CR LF 结尾的行</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="559"/>
        <source>Ending with a delimiter</source>
        <translation>以分隔符结尾</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="559"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="566"/>
        <source>Length header</source>
        <translation>长度头</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="559"/>
        <source>Fixed length</source>
        <translation>固定长度</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="560"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="576"/>
        <source>Idle gap</source>
        <translation>空闲间隔</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="563"/>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="564"/>
        <source>e.g. \r\n or ## or \x7e</source>
        <translation>例如 \r\n、## 或 \x7e</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="565"/>
        <source>The bytes that end a message, as text with escapes: \r \n \t \xNN</source>
        <translation>结束一条消息的字节，以带转义的文本书写：\r \n \t \xNN</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="567"/>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="567"/>
        <source>2 bytes</source>
        <translation>2 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="567"/>
        <source>4 bytes</source>
        <translation>4 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="570"/>
        <source>Big endian</source>
        <translation>大端序</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="571"/>
        <source>Most significant byte first (network byte order); off: little endian</source>
        <translation>高位字节在前（网络字节序）；关闭则为小端序</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="572"/>
        <source>Counts the header</source>
        <translation>长度包含头部</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="573"/>
        <source>On: the length includes the header&apos;s own bytes</source>
        <translation>开启：长度值包含头部自身的字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="574"/>
        <source>Message length</source>
        <translation>消息长度</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="575"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="584"/>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="589"/>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="578"/>
        <source>A message ends when nothing more arrives for this long</source>
        <translation>超过这段时间没有新数据到达，即视为一条消息结束</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="579"/>
        <source>Echo requests</source>
        <translation>回显请求</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="580"/>
        <source>until stopped</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="581"/>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="583"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="585"/>
        <source>Reply timeout</source>
        <translation>回复超时</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="587"/>
        <source>Multicast</source>
        <translation>组播</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="588"/>
        <source>Longest message</source>
        <translation>最长消息</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionoptionspopup.cpp" line="590"/>
        <source>A longer message is shown in pieces of this size, and the log says so</source>
        <translation>更长的消息按此大小分段显示，日志中会注明</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionSettingsBar</name>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="214"/>
        <source>TCP server</source>
        <translation>TCP 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="216"/>
        <source>TCP client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="218"/>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="220"/>
        <source>TCP relay</source>
        <translation>TCP 中继</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="222"/>
        <source>UDP relay</source>
        <translation>UDP 中继</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="224"/>
        <source>ICMP (raw)</source>
        <translation>ICMP（原始套接字）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="176"/>
        <source>Send ICMP echo requests (ping) and see each reply&apos;s headers decoded</source>
        <translation>发送 ICMP 回显请求（ping），并查看每个回复解码后的头部</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="177"/>
        <source>Not available: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="180"/>
        <source>Local</source>
        <translation>本地</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="181"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="240"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="182"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="184"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="183"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="385"/>
        <source>Source port</source>
        <translation>源端口</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="185"/>
        <source>0 = any</source>
        <translation>0 = 任意</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="186"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="187"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="386"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="188"/>
        <source>Shut down sending</source>
        <translation>关闭发送</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="189"/>
        <source>Half-close: tell the server you have finished sending (TCP FIN) and keep receiving its reply</source>
        <translation>半关闭：告诉服务器你已发送完毕（TCP FIN），并继续接收它的回复</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="191"/>
        <source>TCP server: wait for clients. TCP client: connect to a server. UDP: send and receive datagrams. Relay: listen here, pass everything on to the target and log both directions</source>
        <translation>TCP 服务器：等待客户端连接。TCP 客户端：连接到服务器。UDP：收发数据报。中继：在此监听，把一切转发给目标，并记录两个方向</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="194"/>
        <source>Timeouts, socket options, echo, client limits and how received data is split into messages</source>
        <translation>超时、套接字选项、回显、客户端数量限制，以及接收数据如何切分成消息</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="196"/>
        <source>The local address: all interfaces, loopback only, or one address of this machine (you may type an IP address)</source>
        <translation>本地地址：所有网络接口、仅本机回环，或本机的某个地址（也可以直接输入 IP 地址）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="198"/>
        <source>The port to listen on or bind to; 0 lets the system pick one</source>
        <translation>要监听或绑定的端口；0 表示由系统选择</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="199"/>
        <source>The local port to connect from; leave empty to let the system pick</source>
        <translation>发起连接所用的本地端口；留空则由系统选择</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="200"/>
        <source>A host name or an IP address</source>
        <translation>主机名或 IP 地址</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="201"/>
        <source>The Unix socket&apos;s path, such as /tmp/app.sock, or @name for a name in Linux&apos;s abstract namespace (no file)</source>
        <translation>Unix 套接字的路径，例如 /tmp/app.sock；或 @name，表示 Linux 抽象命名空间中的名称（不产生文件）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="204"/>
        <source>The remote port, 1 to 65535</source>
        <translation>远程端口，1 到 65535</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="226"/>
        <source>Unix server</source>
        <translation>Unix 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="228"/>
        <source>Unix client</source>
        <translation>Unix 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="230"/>
        <source>Unix datagrams</source>
        <translation>Unix 数据报</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="240"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="250"/>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="241"/>
        <source>a socket path (optional)</source>
        <translation>套接字路径（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="242"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="245"/>
        <source>/tmp/app.sock or @name</source>
        <translation>/tmp/app.sock 或 @name</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="244"/>
        <source>empty: a name the system picks</source>
        <translation>留空：由系统选择名称</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="253"/>
        <source>Remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="251"/>
        <source>Forward to</source>
        <translation>转发到</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="252"/>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="445"/>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="254"/>
        <source>default target (optional)</source>
        <translation>默认目标（可选）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="255"/>
        <source>IPv4 host or address</source>
        <translation>IPv4 主机或地址</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="256"/>
        <source>host or address</source>
        <translation>主机或地址</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="257"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="322"/>
        <source>port is empty</source>
        <translation>端口为空</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="359"/>
        <source>enter the host to ping</source>
        <translation>请输入要发送回显请求的主机</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="361"/>
        <source>ICMP echo here is IPv4 only</source>
        <translation>此处的 ICMP 回显仅支持 IPv4</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="342"/>
        <source>enter the host to connect to</source>
        <translation>请输入要连接的主机</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="309"/>
        <source>enter the path to listen on</source>
        <translation>请输入要监听的路径</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="311"/>
        <source>enter the path to connect to</source>
        <translation>请输入要连接的路径</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="346"/>
        <source>enter the host to forward to</source>
        <translation>请输入要转发到的主机</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="354"/>
        <source>enter the target host too, or clear the target port</source>
        <translation>请同时输入目标主机，或清空目标端口</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="384"/>
        <source>Local address</source>
        <translation>本地地址</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="384"/>
        <source>Local port</source>
        <translation>本地端口</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="385"/>
        <source>Remote host</source>
        <translation>远程主机</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="385"/>
        <source>Remote port</source>
        <translation>远程端口</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="386"/>
        <source>Local path</source>
        <translation>本地路径</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="386"/>
        <source>Remote path</source>
        <translation>远程路径</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="392"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="437"/>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="439"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="443"/>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="441"/>
        <source>Bind</source>
        <translation>绑定</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="422"/>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="422"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="502"/>
        <source>Other machines can connect, unless a firewall blocks the port.</source>
        <translation>其他机器可以连接，除非防火墙拦截了该端口。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="503"/>
        <source>Loopback only: only this machine can connect.</source>
        <translation>仅本机回环：只有本机可以连接。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="504"/>
        <source>Other machines can connect to this address only.</source>
        <translation>其他机器只能通过此地址连接。</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessionsettingsbar.cpp" line="506"/>
        <source>Reachable at %1. %2</source>
        <translation>可通过 %1 访问。%2</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::SessionTab</name>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="249"/>
        <source>echo on</source>
        <translation>回显开启</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="249"/>
        <source>echo off</source>
        <translation>回显关闭</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/sessiontab.cpp" line="251"/>
        <source>at most %n client(s)</source>
        <translation>
            <numerusform>最多 %n 个客户端</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="252"/>
        <source>no limit on clients</source>
        <translation>不限客户端数量</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="254"/>
        <source>messages split anew (from each connection&apos;s next read)</source>
        <translation>按新的方式拆分消息（从每个连接的下一次读取开始）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/sessiontab.cpp" line="256"/>
        <source>%n auto-reply rule(s)</source>
        <translation>
            <numerusform>%n 条自动回复规则</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="259"/>
        <source>checksums checked (%1)</source>
        <translation>检查校验（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="260"/>
        <source>checksums not checked</source>
        <translation>不检查校验</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="263"/>
        <source>changed while running: %1</source>
        <translation>运行中已更改：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="300"/>
        <source>recording every event to %1</source>
        <translation>正在将所有事件记录到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="328"/>
        <source>saving every received byte to %1</source>
        <translation>正在把接收的每个字节保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="329"/>
        <source>saving the bytes received on connection %1 to %2</source>
        <translation>正在把连接 %1 上接收的字节保存到 %2</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="339"/>
        <source>stopped saving received bytes (%1 bytes saved)</source>
        <translation>已停止保存接收的字节（已保存 %1 字节）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="363"/>
        <source>workspace: %1</source>
        <translation>工作区：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="374"/>
        <source>not started: the workspace&apos;s values above need a look first (then press Start)</source>
        <translation>未启动：请先检查上面工作区中的值（然后点击启动）</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="389"/>
        <source>WebSocket server :%1</source>
        <translation>WebSocket 服务器 :%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="391"/>
        <source>WebSocket client</source>
        <translation>WebSocket 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="395"/>
        <source>TCP server :%1</source>
        <translation>TCP 服务器 :%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="398"/>
        <source>TCP client</source>
        <translation>TCP 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="399"/>
        <source>TCP client %1</source>
        <translation>TCP 客户端 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="402"/>
        <source>DTLS client %1</source>
        <translation>DTLS 客户端 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="404"/>
        <source>DTLS server :%1</source>
        <translation>DTLS 服务器 :%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="405"/>
        <source>UDP :%1</source>
        <translation>UDP :%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="408"/>
        <source>Relay :%1 → %2</source>
        <translation>中继 :%1 → %2</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="412"/>
        <source>ICMP</source>
        <translation>ICMP</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="412"/>
        <source>ICMP %1</source>
        <translation>ICMP %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="414"/>
        <source>Unix server %1</source>
        <translation>Unix 服务器 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="416"/>
        <source>Unix client</source>
        <translation>Unix 客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="416"/>
        <source>Unix client %1</source>
        <translation>Unix 客户端 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="419"/>
        <source>Unix datagrams</source>
        <translation>Unix 数据报</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="419"/>
        <source>Unix datagrams %1</source>
        <translation>Unix 数据报 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="436"/>
        <source>↓ %1 msgs %2 (%3/s)</source>
        <translation>↓ %1 条 %2 (%3/s)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="439"/>
        <source>↑ %1 msgs %2 (%3/s)</source>
        <translation>↑ %1 条 %2 (%3/s)</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="443"/>
        <source>%1 waiting to be sent</source>
        <translation>%1 等待发送</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/session/sessiontab.cpp" line="445"/>
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n 个客户端</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="448"/>
        <source>recording %1</source>
        <translation>正在记录到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="450"/>
        <source>last error: %1</source>
        <translation>最近的错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="496"/>
        <source>not sent: no client is selected</source>
        <translation>未发送：没有选中客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="508"/>
        <source>a file is still being sent; wait for it to finish</source>
        <translation>仍有文件正在发送，请等待发送完成</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="517"/>
        <source>not sent: select a client to send the file to</source>
        <translation>未发送：请选择要接收文件的客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="518"/>
        <source>not sent: a file goes to one client or to all, not to several selected ones</source>
        <translation>未发送：文件只能发给一个客户端或全部客户端，不能发给选中的多个客户端</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="532"/>
        <source>sent the file %1</source>
        <translation>已发送文件 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="533"/>
        <source>sending the file %1</source>
        <translation>正在发送文件 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/sessiontab.cpp" line="583"/>
        <source>reconnecting in %1 s</source>
        <translation>%1 秒后重新连接</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::TlsOptions</name>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="29"/>
        <location filename="../../ui/session/tlsoptions.cpp" line="36"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="102"/>
        <source>Server certificate</source>
        <translation>服务器证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="103"/>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer *.der);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="106"/>
        <location filename="../../ui/session/tlsoptions.cpp" line="248"/>
        <source>Private key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="106"/>
        <source>Keys (*.pem *.key *.der);;All files (*)</source>
        <translation>私钥 (*.pem *.key *.der);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="108"/>
        <source>Trusted certificates</source>
        <translation>受信任的证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="108"/>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="186"/>
        <source>TLS: the certificate needs its private key file too</source>
        <translation>TLS：证书还需要对应的私钥文件</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="188"/>
        <source>TLS: the private key needs its certificate file too</source>
        <translation>TLS：私钥还需要对应的证书文件</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="200"/>
        <source>cannot create the folder &apos;%1&apos;</source>
        <translation>无法创建文件夹 &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="210"/>
        <source>Self-signed certificate made, SHA-256 fingerprint %1</source>
        <translation>已生成自签名证书，SHA-256 指纹 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="237"/>
        <source>DTLS (encrypted datagrams)</source>
        <translation>DTLS（加密数据报）</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="239"/>
        <source>Run the datagrams over DTLS, as openssl s_server -dtls and s_client -dtls do: without a remote host, a server of every peer that completes a handshake; with one, a client of that host. Each message is one datagram of at most 16384 bytes</source>
        <translation>以 DTLS 收发数据报，如同 openssl s_server -dtls 和 s_client -dtls：未设远程主机时，作为服务器服务每个完成握手的对端；设置后，作为该主机的客户端。每条消息为一个至多 16384 字节的数据报</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="243"/>
        <source>TLS (encrypted)</source>
        <translation>TLS（加密）</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="244"/>
        <source>Run the connections over TLS, as OpenSSL&apos;s s_server and s_client do</source>
        <translation>通过 TLS 运行连接，与 OpenSSL 的 s_server 和 s_client 相同</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="246"/>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="247"/>
        <source>empty: a new self-signed one at each start</source>
        <translation>留空：每次启动时生成新的自签名证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="249"/>
        <source>the key of the certificate</source>
        <translation>证书的密钥</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="251"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="252"/>
        <source>Generate self-signed certificate</source>
        <translation>生成自签名证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="254"/>
        <source>Make a certificate for this machine and keep it, so clients can trust it once</source>
        <translation>为本机生成一个证书并保存下来，这样客户端只需信任一次</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="255"/>
        <source>Trusted CAs</source>
        <translation>受信任的 CA</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="256"/>
        <source>empty: the system&apos;s certificates</source>
        <translation>留空：使用系统的证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="257"/>
        <source>A file of CA certificates (PEM) to trust instead of the system&apos;s</source>
        <translation>要信任的 CA 证书文件（PEM），用来代替系统的 CA 证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="258"/>
        <source>Verify the server&apos;s certificate</source>
        <translation>验证服务器的证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlsoptions.cpp" line="260"/>
        <source>Off: any certificate is accepted (the connection is encrypted, but the server is not authenticated)</source>
        <translation>关闭时：接受任何证书（连接是加密的，但不验证服务器身份）</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::TlsTrustPrompt</name>
    <message>
        <location filename="../../ui/session/tlstrustprompt.cpp" line="27"/>
        <source>TLS: a self-signed certificate was made for this start, SHA-256 fingerprint %1</source>
        <translation>TLS：已为本次启动生成自签名证书，SHA-256 指纹为 %1</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlstrustprompt.cpp" line="55"/>
        <source>Untrusted certificate</source>
        <translation>不受信任的证书</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlstrustprompt.cpp" line="59"/>
        <source>The certificate of %1:%2 could not be verified.</source>
        <translation>无法验证 %1:%2 的证书。</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlstrustprompt.cpp" line="60"/>
        <source>%1

Issued to: %2
Issued by: %3
SHA-256 fingerprint:
%4

Trust this certificate for %5 from now on? Do so only when the fingerprint is the one the server&apos;s owner gave you.</source>
        <translation>%1

颁发给：%2
颁发者：%3
SHA-256 指纹：
%4

今后是否信任 %5 的这个证书？仅当该指纹与服务器所有者提供给你的指纹一致时才这样做。</translation>
    </message>
    <message>
        <location filename="../../ui/session/tlstrustprompt.cpp" line="65"/>
        <source>Trust and Connect</source>
        <translation>信任并连接</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::ValueFieldEditor</name>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="46"/>
        <source>value %1</source>
        <translation>数值 %1</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="54"/>
        <source>Import value fields</source>
        <translation>导入数值字段</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="54"/>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="58"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="58"/>
        <source>Export value fields</source>
        <translation>导出数值字段</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="163"/>
        <source>another field has this name</source>
        <translation>已有其他字段使用此名称</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="166"/>
        <source>field %1 (%2): %3</source>
        <translation>字段 %1（%2）：%3</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="183"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="183"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取 &apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="183"/>
        <source>&apos;%1&apos;: %2</source>
        <translation>&apos;%1&apos;：%2</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="213"/>
        <source>Value fields</source>
        <translation>数值字段</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="214"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="214"/>
        <source>Found by</source>
        <translation>提取方式</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="214"/>
        <source>Regular expression</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="214"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="215"/>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="215"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="215"/>
        <source>Byte order</source>
        <translation>字节序</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="216"/>
        <source>Each received message adds a point to the plot for every field it matches.
Text: a regular expression searched in the message decoded as UTF-8 (else Latin-1); the group (a number or a group&apos;s name) holds a decimal or 0x hex number, e.g. temp=([-\d.]+).
Binary: a number of the type at the byte offset, in the byte order given. Only the first bytes of a message, those the log keeps, are read.</source>
        <translation>每条接收消息每匹配一个字段，就在曲线上为该字段添加一个点。
文本：在按 UTF-8（否则按 Latin-1）解码的消息中搜索正则表达式；分组（编号或分组名）中是十进制数或 0x 开头的十六进制数，例如 temp=([-\d.]+)。
二进制：位于字节偏移处、按给定类型和字节序读取的数。只读取消息的前若干字节，即日志保留的那部分。</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="222"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="223"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="224"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="225"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="228"/>
        <source>Text (regular expression)</source>
        <translation>文本（正则表达式）</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="229"/>
        <source>Binary</source>
        <translation>二进制</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="232"/>
        <source>Big-endian</source>
        <translation>大端序</translation>
    </message>
    <message>
        <location filename="../../ui/editors/valuefieldeditor.cpp" line="233"/>
        <source>Little-endian</source>
        <translation>小端序</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::ViewMenu</name>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="77"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="78"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="81"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="82"/>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="82"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="82"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="85"/>
        <source>Log Ca&amp;pacity</source>
        <translation>日志容量(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="89"/>
        <source>%1 rows</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location filename="../../ui/shell/viewmenu.cpp" line="90"/>
        <source>Each tab&apos;s log keeps its newest %1 rows; a recording keeps everything</source>
        <translation>每个标签页的日志保留最新的 %1 行；记录文件会保存全部内容</translation>
    </message>
</context>
<context>
    <name>sockpit::ui::WorkspaceActions</name>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="37"/>
        <source>Open &amp;Workspace…</source>
        <translation>打开工作区(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="38"/>
        <source>Open the tabs a workspace file describes, beside the ones open now</source>
        <translation>在当前已打开的标签页旁边，打开工作区文件描述的标签页</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="39"/>
        <source>Save W&amp;orkspace…</source>
        <translation>保存工作区(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="40"/>
        <source>Save this window&apos;s tabs (their settings, names and presets; not their logs) as a workspace file</source>
        <translation>把此窗口的标签页（设置、名字和预设；不含日志）保存为工作区文件</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="42"/>
        <source>Reopen Tabs at Start</source>
        <translation>启动时重新打开标签页</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="43"/>
        <source>Open the tabs this window had when it was closed, the next time Sockpit starts</source>
        <translation>下次启动 Sockpit 时，打开此窗口关闭时的标签页</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="57"/>
        <location filename="../../ui/shell/workspaceactions.cpp" line="63"/>
        <source>Open Workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="57"/>
        <source>Sockpit workspace (*.json);;All files (*)</source>
        <translation>Sockpit 工作区 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="72"/>
        <location filename="../../ui/shell/workspaceactions.cpp" line="77"/>
        <source>Save Workspace</source>
        <translation>保存工作区</translation>
    </message>
    <message>
        <location filename="../../ui/shell/workspaceactions.cpp" line="72"/>
        <source>Sockpit workspace (*.json)</source>
        <translation>Sockpit 工作区 (*.json)</translation>
    </message>
</context>
<context>
    <name>sockpit::ws</name>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="258"/>
        <source>normal closure</source>
        <translation>正常关闭</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="259"/>
        <source>going away</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="260"/>
        <source>protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="261"/>
        <source>unsupported data</source>
        <translation>不支持的数据</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="262"/>
        <source>reserved</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="263"/>
        <source>no status code</source>
        <translation>无状态码</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="264"/>
        <source>closed abnormally</source>
        <translation>异常关闭</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="265"/>
        <source>invalid data</source>
        <translation>无效数据</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="266"/>
        <source>policy violation</source>
        <translation>违反策略</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="267"/>
        <source>message too big</source>
        <translation>消息过大</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="268"/>
        <source>mandatory extension</source>
        <translation>缺少必需的扩展</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="269"/>
        <source>internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="270"/>
        <source>service restart</source>
        <translation>服务重启</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="271"/>
        <source>try again later</source>
        <translation>请稍后重试</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="272"/>
        <source>bad gateway</source>
        <translation>网关错误</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="273"/>
        <source>TLS handshake failure</source>
        <translation>TLS 握手失败</translation>
    </message>
</context>
<context>
    <name>sockpit::ws::ClientHandshake</name>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="347"/>
        <source>the server&apos;s answer is longer than %1 bytes</source>
        <translation>服务器的应答超过 %1 字节</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="354"/>
        <source>the server answered &quot;%1&quot; instead of switching to WebSocket</source>
        <translation>服务器应答“%1”，而没有切换到 WebSocket</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="357"/>
        <source>the server&apos;s answer has a malformed header line</source>
        <translation>服务器的应答中有格式错误的头部行</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="359"/>
        <source>the server&apos;s answer has no &quot;Upgrade: websocket&quot; header</source>
        <translation>服务器的应答没有“Upgrade: websocket”头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="361"/>
        <source>the server&apos;s answer has no &quot;Connection: Upgrade&quot; header</source>
        <translation>服务器的应答没有“Connection: Upgrade”头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="363"/>
        <source>the server&apos;s answer has no Sec-WebSocket-Accept header</source>
        <translation>服务器的应答没有 Sec-WebSocket-Accept 头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="365"/>
        <source>the server&apos;s Sec-WebSocket-Accept does not match the key sent</source>
        <translation>服务器的 Sec-WebSocket-Accept 与发送的密钥不符</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="370"/>
        <source>the server chose the extension &quot;%1&quot;, which was not offered</source>
        <translation>服务器选择了未提供的扩展“%1”</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="374"/>
        <source>the server chose the subprotocol &quot;%1&quot;, which was not asked for</source>
        <translation>服务器选择了未请求的子协议“%1”</translation>
    </message>
</context>
<context>
    <name>sockpit::ws::FrameReader</name>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="503"/>
        <source>a frame has reserved bits set (no extension was agreed)</source>
        <translation>帧中设置了保留位（未协商任何扩展）</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="507"/>
        <source>a frame has the unknown opcode 0x%1</source>
        <translation>帧的操作码 0x%1 未知</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="513"/>
        <source>a control frame is fragmented</source>
        <translation>控制帧被分片</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="518"/>
        <source>a control frame carries more than %1 bytes</source>
        <translation>控制帧携带超过 %1 字节</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="522"/>
        <source>a continuation frame comes with no message begun</source>
        <translation>收到续帧，但没有已开始的消息</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="525"/>
        <source>a new message begins inside a fragmented one</source>
        <translation>新消息在分片消息中间开始</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="530"/>
        <source>the client sent an unmasked frame</source>
        <translation>客户端发送了未加掩码的帧</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="534"/>
        <source>the server sent a masked frame</source>
        <translation>服务器发送了加掩码的帧</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="566"/>
        <source>a frame&apos;s 64-bit length has its top bit set</source>
        <translation>帧的 64 位长度设置了最高位</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="579"/>
        <source>a message is longer than %1 bytes</source>
        <translation>消息超过 %1 字节</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="602"/>
        <source>a close frame has a 1-byte payload</source>
        <translation>关闭帧的载荷只有 1 字节</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="611"/>
        <source>a close frame has the code %1, which no one may send</source>
        <translation>关闭帧的代码 %1 不允许发送</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="616"/>
        <source>a close frame&apos;s reason is not UTF-8</source>
        <translation>关闭帧的原因不是 UTF-8</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="636"/>
        <source>a text message is not UTF-8</source>
        <translation>文本消息不是 UTF-8</translation>
    </message>
</context>
<context>
    <name>sockpit::ws::ServerHandshake</name>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="414"/>
        <source>the request is longer than %1 bytes</source>
        <translation>请求超过 %1 字节</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="422"/>
        <location filename="../../core/net/websocketcodec.cpp" line="435"/>
        <source>not an HTTP request</source>
        <translation>不是 HTTP 请求</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="426"/>
        <source>method %1 is not allowed; a WebSocket upgrade uses GET</source>
        <translation>不允许使用方法 %1；WebSocket 升级使用 GET</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="438"/>
        <source>HTTP/%1 is too old; a WebSocket upgrade needs HTTP/1.1</source>
        <translation>HTTP/%1 太旧；WebSocket 升级需要 HTTP/1.1</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="440"/>
        <source>the request has a malformed header line</source>
        <translation>请求中有格式错误的头部行</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="442"/>
        <source>the request has no Host header</source>
        <translation>请求没有 Host 头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="444"/>
        <source>the request has no &quot;Upgrade: websocket&quot; header</source>
        <translation>请求没有“Upgrade: websocket”头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="446"/>
        <source>the request has no &quot;Connection: Upgrade&quot; header</source>
        <translation>请求没有“Connection: Upgrade”头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="449"/>
        <source>the request has no Sec-WebSocket-Key header</source>
        <translation>请求没有 Sec-WebSocket-Key 头部</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="453"/>
        <source>the Sec-WebSocket-Key is not 16 bytes in base64</source>
        <translation>Sec-WebSocket-Key 不是 base64 编码的 16 字节</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="458"/>
        <source>the request has no Sec-WebSocket-Version header; this server speaks version 13</source>
        <translation>请求没有 Sec-WebSocket-Version 头部；本服务器使用版本 13</translation>
    </message>
    <message>
        <location filename="../../core/net/websocketcodec.cpp" line="459"/>
        <source>WebSocket version %1 is not supported; this server speaks version 13</source>
        <translation>不支持 WebSocket 版本 %1；本服务器使用版本 13</translation>
    </message>
</context>
</TS>
