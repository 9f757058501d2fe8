#!/usr/bin/env python3
"""The window's benchmarks: Sockpit's GUI against socat, iperf3 and Packet Sender, in one run.

run(build_dir, repo_dir, quick=False) returns one dict per measured figure with the keys figure,
sockpit, peer_name, peer, ratio, target, met (bool or None) and note. Standalone:

    python3 tests/bench/gui/gui_benchmarks.py BUILD_DIR [--quick] [--json]

needs sockpit, sockpit_guibench, sockpit_barewindow and sockpit_mapwait in BUILD_DIR (a Release build
with -DSOCKPIT_BUILD_BENCHMARKS=ON), socat, iperf3, Xvfb, packetsender (with xset, which it runs to
find the display) and tshark. All traffic stays on 127.0.0.1 and every step has a time limit.
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

GIB = 1 << 30
STALL_TARGET_MS = 50.0


def _find(build_dir, name):
    for sub in ("tests/bench/gui", "tests/bench", "app", "."):
        path = os.path.join(build_dir, sub, name)
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    for root, _dirs, files in os.walk(build_dir):
        if name in files:
            return os.path.join(root, name)
    raise FileNotFoundError(f"{name} not found under {build_dir}")


def _pairs(line):
    """Parses one 'key=value key=value' line."""
    out = {}
    for item in line.split():
        if "=" in item:
            key, value = item.split("=", 1)
            out[key] = value
    return out


def _guibench(binary, args, timeout):
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run([binary] + args, capture_output=True, text=True, timeout=timeout, env=env)
    lines = [l for l in proc.stdout.splitlines() if "=" in l]
    if not lines:
        raise RuntimeError(f"{' '.join(args[:1])} printed nothing (exit {proc.returncode}): "
                           f"{proc.stderr.strip()[-400:]}")
    return _pairs(lines[-1])


def _row(figure, sockpit, peer_name=None, peer=None, ratio=None, target="", met=None, note=""):
    return {"figure": figure, "sockpit": sockpit, "peer_name": peer_name, "peer": peer,
            "ratio": ratio, "target": target, "met": met, "note": note}


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- 1: a 1 GiB TCP stream into the window --------------------------------------------------------

def bench_tcp_stream(guibench, quick):
    size = (64 << 20) if quick else GIB
    peer = f"socat -u OPEN:/dev/zero,readbytes={size} TCP:127.0.0.1:{{port}}"
    r = _guibench(guibench, ["tcp-recv", "--bytes", str(size), "--peer-cmd", peer,
                             "--timeout", "240"], timeout=300)
    label = "1 GiB" if size == GIB else f"{size >> 20} MiB"
    stall = float(r["stall_ms"])
    rss = float(r["peak_rss_mb"])
    note = (f"{r['mib_per_s']} MiB/s over {r['seconds']} s, hex view, {r['rows']} rows kept; "
            f"max tick gap {r['max_gap_ms']} ms, main thread on CPU {r.get('max_gap_cpu_ms', '?')} ms and waiting for a core {r.get('max_gap_wait_ms', '?')} ms of it")
    return [
        _row(f"1 TCP {label} from socat: bytes counted", int(r["received"]), "expected", size,
             target="== sent", met=int(r["received"]) == size, note=note),
        _row("1 TCP stream: longest main-thread stall (ms, gap - 10 ms)", stall,
             target=f"<= {STALL_TARGET_MS:g}", met=stall <= STALL_TARGET_MS),
        _row("1 TCP stream: peak RSS (MB, VmHWM)", rss, target="<= 300", met=rss <= 300.0),
    ]


# --- 2: 1,000,000 UDP datagrams of 64 bytes, against iperf3's server ------------------------------

def _listening(port):
    """Whether something listens on TCP port `port` (from /proc/net/tcp, without connecting)."""
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":
                return True
    return False


def _iperf3(rate_bps, count, size):
    port = _free_port()
    server = subprocess.Popen(["iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not _listening(port) and time.monotonic() < deadline:
            time.sleep(0.02)
        out = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-u", "-l", str(size),
                              "-b", str(int(rate_bps)), "-n", str(count * size), "--json"],
                             capture_output=True, text=True, timeout=120)
        return json.loads(out.stdout)["end"]["sum"]
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def bench_udp(guibench, quick):
    count = 200000 if quick else 1000000
    size = 64
    peer = f"{guibench} udp-send 127.0.0.1 {{port}} {count} {size}"
    r = _guibench(guibench, ["udp-recv", "--count", str(count), "--size", str(size),
                             "--peer-cmd", peer, "--timeout", "120"], timeout=180)
    rate = float(r.get("sender_bits_per_s", "0"))
    loss = float(r["loss_fraction"])
    stall = float(r["stall_ms"])
    ip = _iperf3(rate, count, size)
    ip_loss = float(ip["lost_percent"]) / 100.0
    ratio = None if ip_loss == 0 else round(loss / ip_loss, 2)
    note = (f"sender {r.get('sender_pps', '?')} datagrams/s ({rate / 1e6:.0f} Mbit/s); "
            f"Sockpit socket's kernel drops {r['kernel_drops']}, received {r['received']}; "
            f"iperf3 -b {rate / 1e6:.0f}M: {ip.get('packets')} datagrams, {ip.get('lost_packets')} lost")
    return [
        _row(f"2 UDP {count:,} x {size} B: loss fraction", loss, "iperf3 -s", round(ip_loss, 4), ratio,
             target="<= iperf3's", met=loss <= ip_loss, note=note),
        _row("2 UDP flood: longest main-thread stall (ms)", stall, target=f"<= {STALL_TARGET_MS:g}",
             met=stall <= STALL_TARGET_MS,
             note=f"max tick gap {r['max_gap_ms']} ms, main thread on CPU {r.get('max_gap_cpu_ms', '?')} ms and waiting for a core {r.get('max_gap_wait_ms', '?')} ms of it"),
    ]


# --- 3 and 4: window shown after launch, and its idle RSS, against Packet Sender ------------------

class Xvfb:
    def __init__(self):
        self.proc = None
        self.display = None

    def __enter__(self):
        for n in range(97, 140):
            if os.path.exists(f"/tmp/.X11-unix/X{n}") or os.path.exists(f"/tmp/.X{n}-lock"):
                continue
            # -noreset: by default the server starts afresh each time its last client leaves, which
            # is after every launch here, and refuses (resets) a connection made meanwhile.
            self.proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1440x900x24", "-nolisten", "tcp",
                                          "-noreset"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                    self.display = f":{n}"
                    return self
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        raise RuntimeError("could not start Xvfb")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _launch(mapwait, cmd, display, name, home):
    """Seconds from exec until the X server maps a window named `name` (sockpit_mapwait listens for the
    map itself), seconds until that window's first paint shows on the screen (None when it was not
    seen), and VmRSS in MB after a 2 s settle; (None, None, None) when no such window shows."""
    env = dict(os.environ, DISPLAY=display, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"))
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run([mapwait, "--timeout", "30", "--settle", "2", name, *cmd], env=env,
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        return None, None, None
    r = _pairs(out.stdout.strip())
    painted = float(r.get("painted_ms", -1))
    return float(r["mapped_ms"]) / 1000.0, (painted / 1000.0 if painted >= 0 else None), float(r["rss_mb"])


def _ms(times):
    return [round(t * 1000) for t in times]


def bench_launch(sockpit, quick):
    runs = 3 if quick else 11
    # The reference the same Qt gives at least: a QMainWindow with a QTableView (barewindow.cpp).
    build_dir = os.path.dirname(os.path.dirname(sockpit))
    bare = _find(build_dir, "sockpit_barewindow")
    mapwait = _find(build_dir, "sockpit_mapwait")
    windows = (("sockpit", [sockpit], "Sockpit"), ("packetsender", ["packetsender"], "Packet Sender"),
               ("bare", [bare], "Bare Window"))
    mapped = {key: [] for key, _cmd, _name in windows}
    painted = {key: [] for key, _cmd, _name in windows}
    rss = {key: [] for key, _cmd, _name in windows}
    with Xvfb() as x, tempfile.TemporaryDirectory(prefix="guibench-home-") as home:
        # One untimed launch of each first, so all start with warm page caches and settings written.
        for _key, cmd, name in windows:
            _launch(mapwait, cmd, x.display, name, home)
        for _ in range(runs):  # interleaved, so load from others on the machine hits all alike
            for key, cmd, name in windows:
                shown, drawn, resident = _launch(mapwait, cmd, x.display, name, home)
                if shown is not None:
                    mapped[key].append(shown)
                    if resident >= 0:  # -1: the program was gone when its memory was read
                        rss[key].append(resident)
                if drawn is not None:
                    painted[key].append(drawn)
    rows = []
    sp_t, ps_t, bw_t = mapped["sockpit"], mapped["packetsender"], mapped["bare"]
    if sp_t and ps_t:
        a, b = statistics.median(sp_t) * 1000, statistics.median(ps_t) * 1000
        rows.append(_row("3 Window shown after launch, Xvfb (ms, median)", round(a), "Packet Sender",
                         round(b), round(a / b, 2), "<= 0.5x", a / b <= 0.5,
                         f"{len(sp_t)}/{len(ps_t)} runs; sockpit {_ms(sp_t)}, packetsender {_ms(ps_t)}"))
        a, b = statistics.median(rss["sockpit"]), statistics.median(rss["packetsender"])
        rows.append(_row("4 Idle RSS of the window (MB, VmRSS after 2 s)", round(a, 1), "Packet Sender",
                         round(b, 1), round(a / b, 2), "<= 1.0x", a / b <= 1.0))
    else:
        rows.append(_row("3/4 Window launch", None, "Packet Sender", None, None, "", None,
                         f"a window did not show: sockpit {len(sp_t)}, packetsender {len(ps_t)} runs"))
    if sp_t and bw_t:
        a, b = statistics.median(sp_t) * 1000, statistics.median(bw_t) * 1000
        rows.append(_row("3 Window shown after launch, against a bare window (ms, median)", round(a),
                         "QMainWindow + QTableView", round(b), round(a / b, 2), "<= 1.15x", a / b <= 1.15,
                         f"bare window {_ms(bw_t)}"))
    # The map is when the window is on the screen; the first paint is when what it shows can be seen.
    # Reported beside the map, with no target of its own.
    for key, peer_name in (("packetsender", "Packet Sender"), ("bare", "QMainWindow + QTableView")):
        if painted["sockpit"] and painted[key]:
            a, b = statistics.median(painted["sockpit"]) * 1000, statistics.median(painted[key]) * 1000
            rows.append(_row(f"3 Window first painted after launch, against {peer_name} (ms, median)",
                             round(a), peer_name, round(b), round(a / b, 2), "", None,
                             f"sockpit {_ms(painted['sockpit'])}, {key} {_ms(painted[key])}"))
    return rows


# --- 5: a log of 1,000,000 rows ------------------------------------------------------------------

def bench_log(guibench, quick):
    rows = 200000 if quick else 1000000
    r = _guibench(guibench, ["log-fill", "--rows", str(rows)], timeout=300)
    mem = float(r["rows_mb"])
    filt = float(r["filter_ms"])
    note = (f"capacity {r['capacity']} (set on the model, as View > Log Capacity does), "
            f"RSS {r['rss_before_mb']} -> {r['rss_after_mb']} MB, filled in {r['fill_seconds']} s, "
            f"longest stall while filling {r['fill_max_gap_ms']} ms (gap)")
    rows_out = [
        _row(f"5 Log of {rows:,} rows: memory over the idle window (MB)", mem, target="<= 250",
             met=mem <= 250.0, note=note),
        _row(f"5 Text filter over {rows:,} rows (ms)", filt, target="<= 200", met=filt <= 200.0,
             note=f"text view, median of 5; filter '{r['filter']}' matched {r['matched']} rows; "
                  f"slowest {r['filter_max_ms']} ms; clearing it {r['clear_filter_ms']} ms"),
    ]
    # The same in the hex view, where every payload is rendered to be searched.
    h = _guibench(guibench, ["log-fill", "--rows", str(rows), "--mode", "hex", "--filter", "37 38 39",
                             "--filter-runs", "3"],
                  timeout=300)
    filt = float(h["filter_ms"])
    rows_out.append(_row(f"5 Text filter over {rows:,} rows, hex view (ms)", filt, target="<= 200",
                         met=filt <= 200.0,
                         note=f"median of 3; filter '37 38 39' matched {h['matched']} rows"))
    return rows_out


# --- 6: painting the plot of values ------------------------------------------------------------

def bench_plot(guibench, quick):
    r = _guibench(guibench, ["plot-paint", "--points", "100000", "--series", "2", "--width", "1200",
                             "--height", "400", "--runs", "5" if quick else "21"], timeout=120)
    plot = float(r["plot_ms"])
    polyline = float(r["polyline_ms"])
    return [_row("6 Plot of values, 2 x 100,000 points, 1200x400: one paint (ms, median)", plot,
                 "drawPolyline", polyline, plot / polyline, "< 16 ms", plot < 16.0,
                 f"median of {r['runs']} paints into an image; the reference draws the same points "
                 "undecimated with a 1-pixel cosmetic pen")]


# --- 7: opening a large recording -------------------------------------------------------------

def write_recording(path, size):
    """A TCP server's conversation in the record format, about `size` bytes: 50 clients at a time,
    each accepted, asking 'GET /item/NNNNNN' with a header or two and answered with a body of 40 to
    400 bytes, 20 exchanges, then closed. Returns the number of events."""
    session = "tcp-server 127.0.0.1:9000"
    local = "127.0.0.1:9000"
    t = 1764000000 * 1000000
    written = 0
    events = 0
    conn = 0
    item = 0
    open_conns = {}  # conn -> exchanges left

    def stamp(us):
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(us // 1000000)) + f".{us % 1000000:06d}Z"

    with open(path, "w", encoding="ascii") as out:
        lines = []
        while written < size:
            while len(open_conns) < 50:
                conn += 1
                open_conns[conn] = 20
                t += 37
                lines.append(f'{{"t":"{stamp(t)}","session":"{session}","conn":{conn},"dir":"info",'
                             f'"event":"accept","peer":"127.0.0.1:{20000 + conn % 40000}",'
                             f'"local":"{local}","text":"accepted"}}\n')
            for c in list(open_conns):
                peer = f"127.0.0.1:{20000 + c % 40000}"
                item += 1
                request = (f"GET /item/{item % 1000000:06d} HTTP/1.1\r\nHost: device.local\r\n"
                           + ("Accept: */*\r\n" if item % 3 else "") + "\r\n").encode()
                body = (f"item {item} " * 60)[: 40 + (item * 7919) % 360].encode()
                for direction, payload in (("in", request), ("out", body)):
                    t += 53
                    lines.append(f'{{"t":"{stamp(t)}","session":"{session}","conn":{c},"dir":"{direction}",'
                                 f'"peer":"{peer}","local":"{local}","len":{len(payload)},'
                                 f'"hex":"{payload.hex()}"}}\n')
                open_conns[c] -= 1
                if open_conns[c] == 0:
                    del open_conns[c]
                    t += 41
                    lines.append(f'{{"t":"{stamp(t)}","session":"{session}","conn":{c},"dir":"info",'
                                 f'"event":"close","peer":"{peer}","local":"{local}","text":"closed"}}\n')
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)
            events += len(lines)
            lines = []
    return events


def _run_measured(cmd, timeout):
    """Runs cmd with its output thrown away; returns (seconds, peak RSS in MiB, exit status)."""
    start = time.monotonic()
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                return time.monotonic() - start, usage.ru_maxrss / 1024, proc.returncode
            if time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                raise RuntimeError(f"{cmd[0]} took more than {timeout} s")
            time.sleep(0.05)


def bench_recording(binaries, quick):
    guibench, sockpit = binaries
    size = (64 << 20) if quick else GIB
    with tempfile.TemporaryDirectory(prefix="sockpit-recording-") as tmp:
        jsonl = os.path.join(tmp, "conversation.jsonl")
        pcap = os.path.join(tmp, "conversation.pcap")
        events = write_recording(jsonl, size)
        export_s, _rss, status = _run_measured([sockpit, "export-pcap", jsonl, pcap], 1800)
        if status != 0:
            raise RuntimeError(f"export-pcap exited with {status}")
        file_mb = os.path.getsize(jsonl) / 1e6
        # Both read from the page cache: each file is read once before it is measured.
        for path in (jsonl, pcap):
            with open(path, "rb") as f:
                while f.read(1 << 24):
                    pass
        tshark_s, tshark_mb, status = _run_measured(["tshark", "-n", "-r", pcap], 3600)
        if status != 0:
            raise RuntimeError(f"tshark exited with {status}")
        r = _guibench(guibench, ["recording-open", "--file", jsonl, "--filter", "item/00007"], timeout=3600)
    open_s = float(r["open_ms"]) / 1000
    rss = float(r["rss_mb"])
    filt = float(r["filter_ms"])
    ratio = open_s / tshark_s
    note = (f"{events:,} events in {file_mb:.0f} MB of JSON Lines ({os.path.basename(jsonl)}, "
            f"written by the benchmark); tshark -n -r on the same conversation exported by "
            f"sockpit export-pcap ({export_s:.1f} s); tshark's peak RSS {tshark_mb:.0f} MiB; "
            f"longest stall while reading {r['max_gap_ms']} ms")
    return [
        _row(f"7 Opening a {file_mb:.0f} MB recording (s)", round(open_s, 2), "tshark", round(tshark_s, 2),
             round(ratio, 2), "<= 1.0x", ratio <= 1.0, note),
        _row(f"7 Memory of the opened recording (MiB over the idle window)", rss, target="<= 0.3x the file",
             met=float(r["rss_per_file"]) <= 0.3,
             note=f"{float(r['rss_per_file']):.3f}x the file; peak RSS {r['peak_rss_mb']} MiB; "
                  f"{r['rows']} rows; Resend read {r['resend_rows']} payloads again in {r['resend_ms']} ms"),
        _row(f"7 Text filter over the opened recording (ms)", filt, target="<= 1000", met=filt <= 1000.0,
             note=f"median of 5, slowest {r['filter_max_ms']} ms; '{r['filter']}' matched {r['matched']} rows"),
    ]


def run(build_dir, repo_dir=None, quick=False):
    guibench = _find(build_dir, "sockpit_guibench")
    sockpit = _find(build_dir, "sockpit")
    rows = []
    for name, bench, arg in (("tcp", bench_tcp_stream, guibench), ("udp", bench_udp, guibench),
                             ("launch", bench_launch, sockpit), ("log", bench_log, guibench),
                             ("plot", bench_plot, guibench),
                             ("recording", bench_recording, (guibench, sockpit))):
        try:
            rows.extend(bench(arg, quick))
        except Exception as error:  # one failing benchmark must not hide the others
            rows.append(_row(f"{name}: failed", None, note=str(error)[:300]))
    return rows


def _fmt(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def print_table(rows, out=sys.stdout):
    head = ["figure", "sockpit", "peer", "ratio", "target", "met", "note"]
    out.write("| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n")
    for r in rows:
        peer = "-" if r["peer_name"] is None else f"{_fmt(r['peer'])} ({r['peer_name']})"
        cells = [r["figure"], _fmt(r["sockpit"]), peer, _fmt(r["ratio"]), r["target"], _fmt(r["met"]),
                 r["note"]]
        out.write("| " + " | ".join(str(c) for c in cells) + " |\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))))))
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer launches")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--only", choices=["tcp", "udp", "launch", "log", "plot", "recording"],
                        help="one benchmark")
    args = parser.parse_args()
    for tool in ("socat", "iperf3", "Xvfb", "packetsender", "tshark"):
        if shutil.which(tool) is None:
            print(f"warning: {tool} is not installed", file=sys.stderr)
    if args.only:
        guibench = _find(args.build_dir, "sockpit_guibench")
        sockpit = _find(args.build_dir, "sockpit")
        bench = {"tcp": bench_tcp_stream, "udp": bench_udp, "launch": bench_launch, "log": bench_log,
                 "plot": bench_plot, "recording": bench_recording}
        arg = {"launch": sockpit, "recording": (guibench, sockpit)}.get(args.only, guibench)
        rows = bench[args.only](arg, args.quick)
    else:
        rows = run(args.build_dir, args.repo, args.quick)
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print_table(rows)
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
