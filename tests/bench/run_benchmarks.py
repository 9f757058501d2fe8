#!/usr/bin/env python3
"""Sockpit benchmarks: Sockpit and the tools people use today, side by side in the same run.

    tests/bench/run_benchmarks.py [--quick] [--only NAME ...] [--markdown FILE] [--no-install] [--no-build]

Installs the peers it needs (socat, ncat, iperf3, Packet Sender, Xvfb; needs root when something is
missing), builds Sockpit in Release with the benchmark tools (build-bench/), runs every benchmark and
prints one table: each figure for Sockpit, the same figure for the peer measured in the same run, their
ratio (always Sockpit / peer) and the target. All traffic stays on 127.0.0.1; every step has a time limit.
Benchmarks are not tests: ctest does not run them. docs/benchmarks.md holds the figures of a real run.

NAME is one of: bulk, bulkparts, unixbulk, relay, echo, wsecho, clients, chat, udprate, udprecv, udppaced, start, gui (the
window figures, tests/bench/gui).
"""
import argparse
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = {  # command -> Debian package
    "socat": "socat",
    "ncat": "ncat",
    "iperf3": "iperf3",
    "packetsender": "packetsender",
    "Xvfb": "xvfb",
    "xset": "x11-xserver-utils",
    "cmake": "cmake",
    "ninja": "ninja-build",
}
# Python modules of Debian's python3 (/usr/bin/python3) -> Debian package
PYTHON_PEERS = {"websockets": "python3-websockets"}
PAYLOAD32 = "0123456789abcdef0123456789abcdef"
BENCHMARKS = ["bulk", "bulkparts", "unixbulk", "relay", "echo", "wsecho", "clients", "chat", "udprate", "udprecv", "udppaced",
              "start", "gui"]


def log(text):
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------
# Setup


def install_peers():
    missing = sorted({pkg for cmd, pkg in PEERS.items() if shutil.which(cmd) is None}
                     | {pkg for module, pkg in PYTHON_PEERS.items()
                        if subprocess.run(["/usr/bin/python3", "-c", f"import {module}"],
                                          stderr=subprocess.DEVNULL).returncode != 0})
    if not missing:
        return
    log("installing " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    cmd = sudo + ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)


def build(build_dir):
    log(f"building Sockpit (Release) and the benchmark tools in {build_dir}")
    subprocess.run(["cmake", "-S", REPO, "-B", build_dir, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DSOCKPIT_BUILD_TESTS=OFF", "-DSOCKPIT_BUILD_BENCHMARKS=ON"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir], check=True, stdout=subprocess.DEVNULL)


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # inherited by every process started here


# ---------------------------------------------------------------------------------------------------
# Processes


class Proc:
    """A process whose standard error is collected line by line, so readiness lines can be awaited."""

    def __init__(self, args, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL):
        self.args = args
        self.p = subprocess.Popen(args, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, text=True,
                                  errors="replace")
        self.lines = []
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.p.stderr:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.lines.append(None)  # end of output
            self.cond.notify_all()

    def wait_line(self, pattern, timeout=15):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if line is None:
                        raise RuntimeError(f"{self.args[0]} ended before printing /{pattern}/: {self.text()}")
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"{self.args[0]} did not print /{pattern}/ in {timeout} s: {self.text()}")
                self.cond.wait(left)

    def text(self):
        return "\n".join(line for line in self.lines if line is not None)

    def stop(self, timeout=15):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.reader.join(5)
        return self.p.returncode


def sockpit(build_dir):
    return os.path.join(build_dir, "app", "sockpit")


def tool(build_dir, name):
    return os.path.join(build_dir, "tests", "bench", f"sockpit_bench_{name}")


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def _until_exit(p, timeout):
    """Waits for p to end, returning the moment it does. Popen.wait(timeout) polls, sleeping up to
    50 ms between looks, which added up to 50 ms to every run timed until a process ends (before
    6 December, for the commands run without captured output). Here the wait blocks in waitpid();
    a timer kills p if it runs past `timeout`."""
    expired = threading.Event()

    def kill():
        expired.set()
        p.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        p.wait()
    finally:
        timer.cancel()
    if expired.is_set():
        raise subprocess.TimeoutExpired(p.args, timeout)
    return p.returncode


def run_to_exit(args, timeout, capture=False, **kwargs):
    """subprocess.run(args, check=True) for a run that is timed: it returns as soon as the process
    ends (see _until_exit). With capture, returns its standard output as text."""
    if capture:
        kwargs.update(stdout=subprocess.PIPE, text=True)
    p = subprocess.Popen(args, **kwargs)
    out = None
    if capture:
        reader = threading.Thread(target=lambda: setattr(p, "captured", p.stdout.read()))
        reader.start()
    status = _until_exit(p, timeout)
    if capture:
        reader.join()
        out = p.captured
        p.stdout.close()
    if status != 0:
        raise subprocess.CalledProcessError(status, args, out)
    return out


def wait_exit(proc, timeout):
    """A started Proc's end, waited for as run_to_exit() waits."""
    return _until_exit(proc.p, timeout)


def start_sockpit_listen(build_dir, *extra):
    proc = Proc([sockpit(build_dir), "listen", "--bind", "127.0.0.1", *extra, "0"])
    port = int(proc.wait_line(r"listening on [^ ]*:(\d+)").group(1))
    return proc, port


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def kv(text):
    return {k: float(v) for k, v in re.findall(r"(\w+)=(-?[\d.]+)", text)}


def run_tool(args, timeout):
    out = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {out.stderr.strip()}")
    return kv(out.stdout)


def row(figure, value, peer_name, peer, unit, target, met, note=""):
    ratio = value / peer if peer else None
    return {"figure": figure, "sockpit": value, "peer_name": peer_name, "peer": peer, "unit": unit,
            "ratio": ratio, "target": target, "met": met, "note": note}


# ---------------------------------------------------------------------------------------------------
# Benchmarks


def start_iperf_server(port):
    """`iperf3 -s -1` on 127.0.0.1:port, once the kernel lists the port as listening (state 0A)."""
    server = Proc(["iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", str(port)])
    deadline = time.monotonic() + 10
    while not any(f"0100007F:{port:04X} 00000000:0000 0A" in l for l in open("/proc/net/tcp")):
        if time.monotonic() > deadline:
            raise RuntimeError("iperf3 server did not start")
        time.sleep(0.02)
    return server


def bench_bulk(build_dir, quick):
    """TCP bulk: one file from the page cache to a receiver that writes to /dev/null."""
    size = (256 if quick else 1024) << 20
    runs = 1 if quick else 3
    path = bulk_file(size)
    mib = size / (1 << 20)

    def sockpit_once():
        listener, port = start_sockpit_listen(build_dir, "-v")
        t0 = time.monotonic()
        run_to_exit([sockpit(build_dir), "connect", "127.0.0.1", str(port), "--send-file", path], 120,
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        elapsed = time.monotonic() - t0
        listener.stop()
        got = int(listener.wait_line(r"totals: received (\d+) bytes").group(1))
        if got != size:
            raise RuntimeError(f"sockpit listen received {got} of {size} bytes")
        return mib / elapsed

    def socat_once():
        port = free_port()
        receiver = Proc(["socat", "-d", "-d", "-u", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr",
                         "OPEN:/dev/null"])
        receiver.wait_line(r"listening on")
        t0 = time.monotonic()
        run_to_exit(["socat", "-u", f"FILE:{path}", f"TCP:127.0.0.1:{port}"], 120, stdin=subprocess.DEVNULL)
        wait_exit(receiver, 120)
        elapsed = time.monotonic() - t0
        receiver.stop()
        return mib / elapsed

    def iperf_once():
        port = free_port()
        server = start_iperf_server(port)
        # Timed like Sockpit: the sending process from start to exit (iperf3's client exits once its
        # server has received everything). Its own figure, which leaves out start-up and the
        # exchange of results, goes into the note.
        t0 = time.monotonic()
        out = run_to_exit(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-n", str(size), "-J"], 120,
                          capture=True)
        elapsed = time.monotonic() - t0
        server.stop()
        bps = float(re.search(r'"sum_received":\s*{[^}]*"bits_per_second":\s*([\d.e+]+)', out, re.S).group(1))
        return mib / elapsed, bps / 8 / (1 << 20)

    s, c, i, own = [], [], [], []
    for _ in range(runs):  # interleaved, so a change in machine load hits all three alike
        s.append(sockpit_once())
        c.append(socat_once())
        wall, reported = iperf_once()
        i.append(wall)
        own.append(reported)
    s, c, i, own = statistics.median(s), statistics.median(c), statistics.median(i), statistics.median(own)
    return [
        row(f"TCP bulk, {mib:.0f} MiB file to /dev/null (MiB/s, median of {runs})", s, "socat", c, "MiB/s",
            "≥ 1.0×", s >= c),
        row("TCP bulk against iperf3 memory to memory, both timed start to exit", s, "iperf3", i, "MiB/s",
            "≥ 1.0×", s >= i, f"iperf3's own figure (without start-up): {own:,.0f} MiB/s"),
    ]


def bench_bulkparts(build_dir, quick):
    """Where the TCP bulk time goes: the same 1 GiB from the page cache, each end either Sockpit or the
    least a program can do (tests/bench/tcppair.cpp: sendfile() into a blocking socket, recv() into
    256 KiB), and iperf3 memory to memory, all timed from starting the sender until it exits,
    interleaved. Sockpit's end in a pair shows its own cost against the plain end it replaces."""
    size = (256 if quick else 1024) << 20
    runs = 3 if quick else 9
    path = bulk_file(size)
    mib = size / (1 << 20)
    pair = tool(build_dir, "tcppair")

    def receiver(kind):
        if kind == "sockpit":
            proc, port = start_sockpit_listen(build_dir, "-v")
            return proc, port
        proc = Proc([pair, "receive", "0"], stdout=subprocess.PIPE)
        return proc, int(proc.wait_line(r"port=(\d+)").group(1))

    def received(kind, proc):
        if kind == "sockpit":
            proc.stop()
            return int(proc.wait_line(r"totals: received (\d+) bytes").group(1))
        proc.p.wait(60)
        out = proc.p.stdout.read()
        proc.stop()
        return int(re.search(r"received=(\d+)", out).group(1))

    def once(sender, receiving):
        proc, port = receiver(receiving)
        args = ([sockpit(build_dir), "connect", "127.0.0.1", str(port), "--send-file", path] if sender == "sockpit"
                else [pair, "send", str(port), path])
        try:
            t0 = time.monotonic()
            run_to_exit(args, 120, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            elapsed = time.monotonic() - t0
            got = received(receiving, proc)
        finally:
            proc.stop()  # a receiver left behind by a failed run (stop() of an ended one does nothing)
        if got != size:
            raise RuntimeError(f"{receiving} received {got} of {size} bytes from {sender}")
        return elapsed

    def iperf_once():
        port = free_port()
        server = start_iperf_server(port)
        t0 = time.monotonic()
        run_to_exit(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-n", str(size)], 120, stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL)
        elapsed = time.monotonic() - t0
        server.stop()
        return elapsed

    pairs = [("sockpit", "sockpit"), ("sockpit", "plain"), ("plain", "sockpit"), ("plain", "plain")]
    times = {p: [] for p in pairs}
    iperf = []
    for _ in range(runs):  # interleaved, so a change in machine load hits every pair alike
        for p in pairs:
            times[p].append(once(*p))
        iperf.append(iperf_once())
    ref = mib / statistics.median(iperf)
    rows = []
    for (sender, receiving), values in times.items():
        rate = mib / statistics.median(values)
        rows.append(row(f"TCP bulk parts: {sender} sender into {receiving} receiver (MiB/s, median of {runs})",
                        rate, "iperf3", ref, "MiB/s", "report", None,
                        f"{min(values):.3f} to {max(values):.3f} s"))
    return rows


def bench_unixbulk(build_dir, quick):
    """Unix stream bulk: one file from the page cache through a Unix socket to a receiver writing
    /dev/null, Sockpit at both ends against socat at both ends (256 KiB buffers, as in the relay)."""
    size = (256 if quick else 1024) << 20
    runs = 1 if quick else 3
    path = bulk_file(size)
    mib = size / (1 << 20)
    workdir = tempfile.mkdtemp(prefix="sockpit-bench-unix-")
    sock = os.path.join(workdir, "bulk.sock")

    def sockpit_once():
        listener = Proc([sockpit(build_dir), "listen", "-v", "--unix", sock])
        listener.wait_line(r"listening on")
        t0 = time.monotonic()
        run_to_exit([sockpit(build_dir), "connect", "--unix", sock, "--send-file", path], 120,
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        elapsed = time.monotonic() - t0
        listener.stop()
        got = int(listener.wait_line(r"totals: received (\d+) bytes").group(1))
        if got != size:
            raise RuntimeError(f"sockpit listen --unix received {got} of {size} bytes")
        return mib / elapsed

    def socat_once(*options):
        receiver = Proc(["socat", "-d", "-d", *options, "-u", f"UNIX-LISTEN:{sock},unlink-early", "OPEN:/dev/null"])
        receiver.wait_line(r"listening on")
        t0 = time.monotonic()
        run_to_exit(["socat", *options, "-u", f"FILE:{path}", f"UNIX-CONNECT:{sock}"], 120, stdin=subprocess.DEVNULL)
        wait_exit(receiver, 120)
        elapsed = time.monotonic() - t0
        receiver.stop()
        return mib / elapsed

    s, c, b = [], [], []
    try:
        for _ in range(runs):  # interleaved, so a change in machine load hits all alike
            s.append(sockpit_once())
            c.append(socat_once())
            b.append(socat_once("-b", str(256 << 10)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    s, c, b = statistics.median(s), statistics.median(c), statistics.median(b)
    return [
        row(f"Unix stream bulk, {mib:.0f} MiB file to /dev/null (MiB/s, median of {runs})", s, "socat", c,
            "MiB/s", "report", None),
        row("Unix stream bulk: the same against socat with 256 KiB buffers", s, "socat -b 262144", b, "MiB/s",
            "report", None),
    ]


def bulk_file(size):
    """A file of `size` random bytes, read once so that it is in the page cache."""
    path = f"/tmp/sockpit-bench-{size >> 20}m.bin"
    if not os.path.exists(path) or os.path.getsize(path) != size:
        with open("/dev/urandom", "rb") as src, open(path, "wb") as dst:
            for _ in range(size >> 20):
                dst.write(src.read(1 << 20))
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass
    return path


def bench_relay(build_dir, quick):
    """TCP relay: the same file from socat, through a relay in the middle, to socat writing /dev/null.

    The two ends use 256 KiB buffers (socat -b), so that they are not what limits the rate: with
    socat's default 8 KiB they cap it near 500 MiB/s whatever is in the middle. The same ends
    connected to each other directly show the most any relay could reach with them."""
    size = (256 if quick else 1024) << 20
    runs = 1 if quick else 3
    path = bulk_file(size)
    mib = size / (1 << 20)
    ends = ["-b", str(256 << 10)]

    def through(start_middle):
        receiver_port = free_port()
        receiver = Proc(["socat", "-d", "-d", *ends, "-u", f"TCP-LISTEN:{receiver_port},bind=127.0.0.1,reuseaddr",
                         "OPEN:/dev/null"])
        receiver.wait_line(r"listening on")
        middle, middle_port = start_middle(receiver_port)
        t0 = time.monotonic()
        run_to_exit(["socat", *ends, "-u", f"FILE:{path}", f"TCP:127.0.0.1:{middle_port}"], 120,
                    stdin=subprocess.DEVNULL)
        wait_exit(receiver, 120)  # the receiver ends when the relayed FIN arrives, after the last byte
        elapsed = time.monotonic() - t0
        if middle:
            middle.stop()
        receiver.stop()
        return middle, mib / elapsed

    def sockpit_middle(receiver_port):
        proc = Proc([sockpit(build_dir), "relay", "-v", "--bind", "127.0.0.1", "0", "127.0.0.1",
                     str(receiver_port)])
        return proc, int(proc.wait_line(r"listening on [^ ]*:(\d+)").group(1))

    def socat_middle(receiver_port, *options):
        port = free_port()
        proc = Proc(["socat", "-d", "-d", *options, f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr",
                     f"TCP:127.0.0.1:{receiver_port}"])
        proc.wait_line(r"listening on")
        return proc, port

    def no_middle(receiver_port):
        # The sender connects to the receiver itself: what the two ends manage with nothing to
        # wait for, the most any relay could reach with these ends on this machine.
        return None, receiver_port

    s, c, b, d = [], [], [], []
    for _ in range(runs):  # interleaved, so a change in machine load hits all alike
        middle, rate = through(sockpit_middle)
        got = int(middle.wait_line(r"totals: received (\d+) bytes").group(1))
        if got != size:
            raise RuntimeError(f"sockpit relay passed {got} of {size} bytes")
        s.append(rate)
        c.append(through(socat_middle)[1])
        b.append(through(lambda port: socat_middle(port, *ends))[1])
        d.append(through(no_middle)[1])
    s, c, b, d = statistics.median(s), statistics.median(c), statistics.median(b), statistics.median(d)
    return [row(f"TCP relay in the middle, {mib:.0f} MiB file (MiB/s, median of {runs})", s, "socat", c, "MiB/s",
                "≥ 2.0×", s >= 2 * c),
            row("TCP relay: the same against socat with 256 KiB buffers in the middle", s, "socat -b 262144", b,
                "MiB/s", "report", None),
            row("TCP relay: the same against no middle at all (the ends connected directly)", s, "no relay", d,
                "MiB/s", "report", None, f"no relay is {d / c:.2f}× socat in the middle: the most a relay can be here")]


def bench_echo(build_dir, quick):
    """Echo round trip, 32 bytes, 10,000 times on one connection with TCP_NODELAY."""
    count = 2000 if quick else 10000
    results = {}
    servers = {
        "sockpit": lambda: start_sockpit_listen(build_dir, "--echo"),
    }

    def ncat():
        port = free_port()
        p = Proc(["ncat", "-v", "-l", "127.0.0.1", str(port), "--keep-open", "--exec", "/bin/cat"])
        p.wait_line(r"Listening on")
        return p, port

    def socat():
        port = free_port()
        p = Proc(["socat", "-d", "-d", f"TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork", "EXEC:/bin/cat"])
        p.wait_line(r"listening on")
        return p, port

    servers["ncat"] = ncat
    servers["socat"] = socat
    for name, start in servers.items():
        proc, port = start()
        try:
            results[name] = run_tool([tool(build_dir, "echoclient"), "127.0.0.1", str(port), str(count), "32"],
                                     timeout=120)
        finally:
            proc.stop()
    s = results["sockpit"]
    rows = []
    for peer in ("ncat", "socat"):
        p = results[peer]
        rows.append(row(f"Echo round trip p50, 32 B × {count} (µs)", s["p50_us"], peer, p["p50_us"], "µs",
                        "report", None))
        target = "≤ 1.0×" if peer == "ncat" else "report"
        rows.append(row(f"Echo round trip p99, 32 B × {count} (µs)", s["p99_us"], peer, p["p99_us"], "µs", target,
                        s["p99_us"] <= p["p99_us"] if peer == "ncat" else None))
    return rows


def bench_wsecho(build_dir, quick):
    """WebSocket echo round trip, 32-byte text messages, 10,000 times on one connection, against
    `sockpit listen --websocket --echo` and Python's websockets server, measured by the same client."""
    count = 2000 if quick else 10000

    def python_server():
        port = free_port()
        p = Proc(["/usr/bin/python3", os.path.join(REPO, "tests", "bench", "websockets_echo.py"), "127.0.0.1",
                  str(port)])
        p.wait_line(r"listening on")
        return p, port

    servers = {"sockpit": lambda: start_sockpit_listen(build_dir, "--websocket", "--echo"),
               "websockets (Python)": python_server}
    results = {}
    for name, start in servers.items():
        proc, port = start()
        try:
            results[name] = run_tool([tool(build_dir, "wsechoclient"), "127.0.0.1", str(port), str(count), "32"],
                                     timeout=120)
        finally:
            proc.stop()
    s, p = results["sockpit"], results["websockets (Python)"]
    return [
        row(f"WebSocket echo round trip p50, 32 B × {count} (µs)", s["p50_us"], "websockets (Python)", p["p50_us"],
            "µs", "≤ 1.0×", s["p50_us"] <= p["p50_us"]),
        row(f"WebSocket echo round trip p99, 32 B × {count} (µs)", s["p99_us"], "websockets (Python)", p["p99_us"],
            "µs", "report", None),
    ]


class Sampler:
    """Samples a process's thread count and resident memory every 20 ms."""

    def __init__(self, pid):
        self.pid, self.threads, self.stop_flag = pid, 0, False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop_flag:
            try:
                self.threads = max(self.threads, status_kb(self.pid, "Threads"))
            except OSError:
                return
            time.sleep(0.02)

    def finish(self):
        self.stop_flag = True
        self.thread.join()
        return self.threads, status_kb(self.pid, "VmHWM") / 1024


def bench_clients(build_dir, quick):
    """10,000 concurrent TCP clients (another process) each echoing 64 bytes."""
    n = 2000 if quick else 10000
    results = {}
    for name in ("sockpit", "asyncio"):
        if name == "sockpit":
            proc, port = start_sockpit_listen(build_dir, "--echo")
        else:
            port = free_port()
            proc = Proc([sys.executable, os.path.join(REPO, "tests", "bench", "asyncio_echo.py"), "127.0.0.1",
                         str(port)])
            proc.wait_line(r"listening on")
        sampler = Sampler(proc.p.pid)
        try:
            out = run_tool([tool(build_dir, "manyclients"), "127.0.0.1", str(port), str(n), "64", "60000"],
                           timeout=120)
        finally:
            threads, rss = sampler.finish()
            proc.stop()
        out["threads"], out["rss_mb"] = threads, rss
        results[name] = out
    s, p = results["sockpit"], results["asyncio"]
    cores = os.cpu_count()
    return [
        row(f"{n} clients echoed (count)", s["echoed"], "asyncio", p["echoed"], "clients", f"all {n}",
            s["echoed"] == n),
        row(f"{n} clients: connect to last echo (ms)", s["total_ms"], "asyncio", p["total_ms"], "ms", "≤ 1.0×",
            s["total_ms"] <= p["total_ms"]),
        row(f"{n} clients: server threads (max)", s["threads"], "asyncio", p["threads"], "threads",
            f"≤ {cores + 4} (cores + 4)", s["threads"] <= cores + 4),
        row(f"{n} clients: server peak RSS (MB)", s["rss_mb"], "asyncio", p["rss_mb"], "MB", "≤ 150 MB",
            s["rss_mb"] <= 150),
    ]


def bench_chat(build_dir, quick):
    """Chat room: 100 clients each say 100 lines at once; time until every client heard all the others."""
    clients, lines = (20, 50) if quick else (100, 100)
    runs = 1 if quick else 5  # ncat alone took 8.6 to 14.9 s over three runs on a shared 2-core machine
    expected = clients * (clients - 1) * lines

    def sockpit_room():
        return start_sockpit_listen(build_dir, "--chat")

    def ncat_room():
        port = free_port()
        # ncat's default connection limit is 100; the room needs one slot per client.
        p = Proc(["ncat", "-v", "-l", "127.0.0.1", str(port), "--chat", "--max-conns", str(clients + 10)])
        p.wait_line(r"Listening on")
        return p, port

    def once(start):
        proc, port = start()
        try:
            # chatclients exits 1 when a line was lost, duplicated, reordered or garbled: that is a result
            # to report, not a reason to drop the other server's figures.
            out = subprocess.run([tool(build_dir, "chatclients"), "127.0.0.1", str(port), str(clients), str(lines),
                                  "120000"], capture_output=True, text=True, timeout=150)
        finally:
            proc.stop()
        res = kv(out.stdout)
        if "delivered" not in res:
            raise RuntimeError(f"chatclients printed no result: {out.stderr.strip()[:300]}")
        res["ok"] = out.returncode == 0
        res["why"] = out.stderr.strip().splitlines()[0][:120] if out.stderr.strip() else ""
        return res

    got = {"sockpit": [], "ncat": []}
    for _ in range(runs):  # interleaved, so a change in machine load hits both alike
        got["sockpit"].append(once(sockpit_room))
        got["ncat"].append(once(ncat_room))
    s = statistics.median(r["elapsed_s"] for r in got["sockpit"])
    n = statistics.median(r["elapsed_s"] for r in got["ncat"])
    s_ok = all(r["ok"] for r in got["sockpit"])
    n_ok = all(r["ok"] for r in got["ncat"])

    label = {"sockpit": "Sockpit", "ncat": "ncat"}

    def runs_note(name):
        return (f"{label[name]} " + ", ".join(f"{r['elapsed_s']:.2f}" for r in got[name]) + " s, generator CPU "
                + ", ".join(f"{r['client_cpu_s']:.2f}" for r in got[name]) + " s")

    def lost_note(name):
        bad = [r for r in got[name] if not r["ok"]]
        if not bad:
            return ""
        faults = ("missing", "duplicate", "out_of_order", "corrupt", "own", "name_mismatch")
        found = ", ".join(f"{k} {r[k]:.0f}" for r in bad for k in faults if r.get(k))
        return f"; {label[name]}: {len(bad)} of {runs} runs failed: {found or 'no counts'}" + (
            f" ({bad[0]['why']})" if bad[0]["why"] else "")

    return [
        row(f"Chat room, {clients} clients × {lines} lines: until all heard (s, median of {runs})", s,
            "ncat --chat", n, "s", "≤ 1.0×", s_ok and s <= n, f"{runs_note('sockpit')}; {runs_note('ncat')}"),
        row(f"Chat room: lines delivered, each run (of {expected:,}; intact, once, in order)",
            min(r["delivered"] for r in got["sockpit"]), "ncat --chat", min(r["delivered"] for r in got["ncat"]),
            "lines", f"all {expected:,}", s_ok,
            f"fewest over the runs; ncat {'lost none' if n_ok else 'LOST LINES'}"
            + lost_note("sockpit") + lost_note("ncat")),
    ]


def udp_sink(build_dir, window_ms, idle_ms):
    sink = Proc([tool(build_dir, "udpsink"), "0", str(window_ms), str(idle_ms), "60000"], stdout=subprocess.PIPE)
    port = int(sink.wait_line(r"port=(\d+)").group(1))
    return sink, port


def sink_result(sink, timeout):
    sink.p.wait(timeout)
    out = kv(sink.p.stdout.read())
    sink.stop()
    return out


def packetsender_args(port, num, rate, usdelay=None):
    args = ["packetsender", "-q", "-u", "--num", str(num), "--rate", str(rate)]
    if usdelay is not None:
        args += ["--usdelay", str(usdelay)]
    return args + ["127.0.0.1", str(port), " ".join(f"{b:02x}" for b in PAYLOAD32.encode())]


def bench_udprate(build_dir, quick):
    """UDP send rate, 32-byte datagrams, as fast as possible (datagrams per second at the sender)."""
    n = 50000 if quick else 300000
    runs = 1 if quick else 3

    def to_sink(name):
        sink, port = udp_sink(build_dir, 0, 2000)
        if name == "sockpit":
            args = [sockpit(build_dir), "connect", "--udp", "127.0.0.1", str(port), "--send", PAYLOAD32,
                    "--repeat", str(n), "--interval", "0", "--wait", "0"]
        else:
            args = packetsender_args(port, n, 0, 0)
        t0 = time.monotonic()
        run_to_exit(args, 300, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        rate = n / (time.monotonic() - t0)
        return rate, sink_result(sink, 30).get("received", 0)

    def iperf():
        # Timed like the others, start to exit; its own figure leaves out start-up and results.
        port = free_port()
        server = start_iperf_server(port)
        t0 = time.monotonic()
        out = run_to_exit(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-u", "-l", "32", "-b", "0",
                           "-n", str(32 * n), "-J"], 120, capture=True)
        elapsed = time.monotonic() - t0
        server.stop()
        total = re.search(r'"sum":\s*{[^}]*?"seconds":\s*([\d.e+]+)[^}]*?"packets":\s*(\d+)', out, re.S)
        packets = int(total.group(2))
        return packets / elapsed, packets / float(total.group(1))

    s, p, i, own, got = [], [], [], [], {"sockpit": [], "packetsender": []}
    for _ in range(runs):  # interleaved, so a change in machine load hits all alike
        rate, received = to_sink("sockpit")
        s.append(rate)
        got["sockpit"].append(received)
        rate, received = to_sink("packetsender")
        p.append(rate)
        got["packetsender"].append(received)
        wall, reported = iperf()
        i.append(wall)
        own.append(reported)
    s, p, i, own = (statistics.median(v) for v in (s, p, i, own))
    note = (f"received at the sink: Sockpit {min(got['sockpit']):.0f}, Packet Sender {min(got['packetsender']):.0f}"
            " (fewest over the runs; loopback drops when the sink falls behind)")
    return [row(f"UDP send rate, 32 B × {n} (datagrams/s, median of {runs})", s, "Packet Sender", p, "/s", "≥ 1.5×",
                s >= 1.5 * p, note),
            row("UDP send rate against iperf3 -u -l 32 -b 0, both timed start to exit", s, "iperf3", i, "/s",
                "≥ 1.0×", s >= i, f"iperf3's own figure (without start-up): {own:,.0f}/s")]


def udp_rx_queue(port):
    """Bytes waiting in the receive queue of the UDP socket bound to 127.0.0.1:port (/proc/net/udp)."""
    with open("/proc/net/udp") as f:
        for line in f:
            fields = line.split()
            if fields[1] == f"0100007F:{port:04X}":
                return int(fields[4].split(":")[1], 16)
    return 0


def bench_udprecv(build_dir, quick):
    """UDP receive under a flood: headless `listen --udp` against iperf3's server at the same offered load.

    iperf3 goes first, as fast as its client sends (-b 0); Sockpit's sender is then paced to the rate
    iperf3 reached, so both receivers face the same load."""
    n = 200000 if quick else 1000000
    size = 64

    port = free_port()
    server = start_iperf_server(port)
    t0 = time.monotonic()
    out = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-u", "-l", str(size), "-b", "0",
                          "-n", str(n * size), "-J"], capture_output=True, text=True, timeout=120, check=True).stdout
    server.stop()
    total = re.search(r'"sum":\s*{[^}]*?"seconds":\s*([\d.e+]+)[^}]*?"lost_packets":\s*(\d+)[^}]*?"packets":\s*(\d+)',
                      out, re.S)
    seconds, lost, packets = float(total.group(1)), int(total.group(2)), int(total.group(3))
    iperf_rate = packets / seconds
    iperf_loss = lost / packets if packets else 0

    port = free_port(socket.SOCK_DGRAM)
    listener = Proc([sockpit(build_dir), "listen", "--udp", "--bind", "127.0.0.1", "-v", str(port)])
    listener.wait_line(r"listening on")
    t0 = time.monotonic()
    run_to_exit([sockpit(build_dir), "connect", "--udp", "127.0.0.1", str(port), "--send", "x" * size,
                 "--repeat", str(n), "--interval", f"{1000 / iperf_rate:.6f}", "--wait", "0"], 120,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    rate = n / (time.monotonic() - t0)
    deadline = time.monotonic() + 10  # until the listener has read what is still queued
    while udp_rx_queue(port) > 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    listener.stop()
    received = int(listener.wait_line(r"totals: received \d+ bytes \((\d+) chunks\)").group(1))
    drops = re.search(r"the system dropped (\d+) datagrams", listener.text())
    drops = int(drops.group(1)) if drops else 0
    loss = (n - received) / n
    note = (f"iperf3 -b 0 sent {packets:,} at {iperf_rate:,.0f}/s and lost {lost:,}; sockpit connect paced "
            f"to that rate sent {n:,} at {rate:,.0f}/s; the listener received {received:,} and reported "
            f"{drops:,} dropped by its socket (the rest of a loss is dropped before a socket, in the "
            f"loopback's backlog)")
    return [row(f"UDP receive under a flood, {n:,} × {size} B: loss fraction", loss, "iperf3 -s", iperf_loss, "",
                "≤ iperf3's", loss <= iperf_loss, note)]


def bench_udppaced(build_dir, quick):
    """Paced UDP sending at 100, 1,000 and 10,000 per second, counted at the receiver over 10 s."""
    window_s = 3 if quick else 10
    rows = []
    for rate in (100, 1000, 10000):
        got = {}
        for name in ("sockpit", "packetsender"):
            sink, port = udp_sink(build_dir, window_s * 1000, 0)
            n = rate * (window_s + 5)
            if name == "sockpit":
                args = [sockpit(build_dir), "connect", "--udp", "127.0.0.1", str(port), "--send", PAYLOAD32,
                        "--repeat", str(n), "--interval", repr(1000 / rate), "--wait", "0"]
            else:
                args = packetsender_args(port, n, rate)
            sender = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            out = sink_result(sink, window_s + 30)
            sender.kill()
            sender.wait()
            # The window holds the first datagram and every one within window_s of it: rate × window + 1.
            got[name] = (out.get("received", 0) - 1) / window_s
        s, p = got["sockpit"], got["packetsender"]
        rows.append(row(f"UDP paced at {rate}/s, counted over {window_s} s (/s)", s, "Packet Sender", p, "/s",
                        "within 2% of requested", abs(s - rate) <= 0.02 * rate,
                        f"Sockpit {100 * (s - rate) / rate:+.2f}%, Packet Sender {100 * (p - rate) / rate:+.2f}%"))
    return rows


def bench_start(build_dir, quick):
    """A command's start: a client refused by a closed port on 127.0.0.1, from exec to exit. What a
    script that runs `sockpit connect` many times pays each time, and part of every timed command.
    Also each process's CPU time (user + system), from the kernel's accounting (wait4). Not its peak
    RSS: a child's peak counts the copy of this Python process it was forked as."""
    runs = 5 if quick else 21
    port = free_port()  # bound and closed again: nothing listens there
    commands = {
        "sockpit": [sockpit(build_dir), "connect", "127.0.0.1", str(port)],
        "socat": ["socat", "-u", "/dev/null", f"TCP:127.0.0.1:{port}"],
        "iperf3": ["iperf3", "-c", "127.0.0.1", "-p", str(port)],
    }
    wall = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for _ in range(runs):  # interleaved
        for name, args in commands.items():
            t0 = time.monotonic()
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall[name].append((time.monotonic() - t0) * 1000)
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu[name].append((usage.ru_utime + usage.ru_stime) * 1000)
            if proc.returncode == 0:
                raise RuntimeError(f"{name} connected to port {port}, which should be closed")
    med = {name: statistics.median(values) for name, values in wall.items()}
    note = (f"median of {runs}; sockpit {min(wall['sockpit']):.1f} to {max(wall['sockpit']):.1f} ms; "
            f"CPU time (median): sockpit {statistics.median(cpu['sockpit']):.1f} ms, socat "
            f"{statistics.median(cpu['socat']):.1f} ms")
    return [
        row("A command's start: connect refused, exec to exit (ms)", med["sockpit"], "socat", med["socat"], "ms",
            "report", None, note),
        row("A command's start, against iperf3 (ms)", med["sockpit"], "iperf3", med["iperf3"], "ms", "report", None,
            f"CPU time (median): iperf3 {statistics.median(cpu['iperf3']):.1f} ms"),
    ]


def bench_gui(build_dir, quick):
    sys.path.insert(0, os.path.join(REPO, "tests", "bench", "gui"))
    try:
        import gui_benchmarks  # tests/bench/gui: the window's figures
    except ImportError as e:
        raise RuntimeError(f"tests/bench/gui is not available: {e}")
    return gui_benchmarks.run(build_dir, REPO, quick=quick)


# ---------------------------------------------------------------------------------------------------
# Report


def fmt(v):
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"


def table(rows, markdown):
    head = ["figure", "Sockpit", "peer", "peer value", "ratio", "target", "met", "note"]
    body = []
    for r in rows:
        ratio = "—" if r.get("ratio") is None else f"{r['ratio']:.2f}×"
        met = {True: "yes", False: "NO", None: "—"}[r.get("met")]
        body.append([r["figure"], fmt(r.get("sockpit")), r.get("peer_name") or "—", fmt(r.get("peer")), ratio,
                     r.get("target", ""), met, r.get("note", "")])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(str(c)) for c in col) for col in zip(head, *body)]
    widths[-1] = 0
    out = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths)).rstrip()]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip() for cells in body]
    return "\n".join(out)


def machine():
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}, "
            f"load average {load[0]:.2f} at start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(REPO, "build-bench"))
    parser.add_argument("--quick", action="store_true", help="smaller sizes and counts (a smoke run)")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=BENCHMARKS)
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown to FILE")
    parser.add_argument("--no-install", action="store_true")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    if not args.no_install:
        install_peers()
    if not args.no_build:
        build(args.build_dir)
    raise_fd_limit()
    info = machine()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = []
    for name in args.only:
        log(f"running {name}")
        t0 = time.monotonic()
        try:
            rows += globals()[f"bench_{name}"](args.build_dir, args.quick)
        except Exception as e:  # one failed benchmark must not hide the others
            rows.append({"figure": f"{name}: FAILED", "met": False, "note": str(e).replace("\n", " ")[:300]})
        log(f"{name} took {time.monotonic() - t0:.0f} s")
    print(f"Sockpit benchmarks, {started}; {info}")
    print(table(rows, markdown=False))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(f"Run {started}; {info}.\n\n{table(rows, markdown=True)}\n")
    return 0 if all(r.get("met") is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
