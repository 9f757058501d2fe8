#!/usr/bin/env python3
"""Session fuzzer: random peers against a running `sockpit listen`, checked byte for byte.

Each round starts one `sockpit listen` on 127.0.0.1 with a configuration picked at random (echo, a
framing, auto-reply rules, the chat room, a checksum check, or UDP echo), all recording to a JSON Lines
file, and lets a crowd of peers loose on it for a few seconds. A peer connects and then does one of:
writes in random pieces with pauses and half-closes, resets (SO_LINGER 0) in the middle, stays silent,
closes at once, reads slowly or not at all, or (UDP) sends datagrams of 0 to 65,507 bytes. Then it checks:

- the listener is still running, and after SIGTERM it exits 0 with no sanitizer report on stderr;
- its open descriptors are back to their count before the round once every peer has gone;
- the record holds, for every connection, exactly the bytes its peer wrote (a peer that reset may lose
  what was still in flight: its count may be short, never long), and its received total equals the
  `totals:` line the listener prints;
- with echo, every peer that half-closed got back exactly what it wrote;
- UDP: each recorded datagram has the size of one its sender sent, never more datagrams than were sent.

Meant for the sanitizer build (`-DSOCKPIT_SANITIZE=ON`), for minutes at a time:

    tests/soak/sessionfuzz.py --sockpit build-sanitize/app/sockpit --minutes 10

Exit status 0 when every round passed, 1 at the first failure (its listener's stderr and record are
kept and named), 2 for bad arguments. Traffic stays on 127.0.0.1. The same --seed replays the same
choices (timing still varies).
"""

import argparse
import json
import os
import random
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer")
MAX_UDP = 65507

RULES = {"rules": [
    {"match": "exact", "pattern": "PING", "replyKind": "text", "reply": "PONG\\r\\n", "delayMs": 0},
    {"match": "regex", "pattern": "^id=(\\d+)", "reply": "OK {1}\\n", "delayMs": 0},
    {"match": "hex", "pattern": "01 03 ?? ??", "replyKind": "hex", "reply": "01 83 02"},
]}

# (name, extra listen arguments, whether the peers' bytes come back unchanged)
TCP_CONFIGS = [
    ("echo", ["--echo"], True),
    ("echo, lines", ["--echo", "--framing", "lines"], True),
    ("echo, 2-byte length header, 1 KiB pieces", ["--echo", "--framing", "length:2", "--max-frame", "1024"],
     True),
    ("echo, delimiter", ["--echo", "--framing", "delim:\\r\\n"], True),
    ("echo, idle gap", ["--echo", "--framing", "idle:5"], True),
    ("echo, checksum check", ["--echo", "--check", "crc16-modbus"], True),
    ("rules", ["--rules", "{rules}"], False),
    ("rules, lines", ["--rules", "{rules}", "--framing", "lines"], False),
    ("chat", ["--chat"], False),
    ("plain", [], False),
]


class Failure(Exception):
    pass


class Listener:
    def __init__(self, sockpit, args, workdir, name):
        self.record = os.path.join(workdir, "record.jsonl")
        self.stderr_path = os.path.join(workdir, "stderr.txt")
        self.name = name
        self.stderr = open(self.stderr_path, "wb")
        cmd = [sockpit, "listen", "--bind", "127.0.0.1", "0", "-v", "--record", self.record] + args
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.stderr)
        self.port = self._wait_port()

    def _wait_port(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"listener exited at start with {self.proc.returncode}")
            with open(self.stderr_path, "rb") as f:
                for line in f.read().decode("utf-8", "replace").splitlines():
                    if "listening on 127.0.0.1:" in line:
                        return int(line.rsplit(":", 1)[1])
            time.sleep(0.02)
        raise Failure("listener printed no 'listening on' line within 30 s")

    def fds(self):
        out = []
        for fd in os.listdir(f"/proc/{self.proc.pid}/fd"):
            try:
                out.append(os.readlink(f"/proc/{self.proc.pid}/fd/{fd}"))
            except OSError:
                pass  # closed while we looked
        return sorted(out)

    def warm_up(self, udp, peers):
        """A few peers first, so threads and buffers made on first use are there before counting.
        They join `peers`, so their bytes are checked like everyone's."""
        for _ in range(4):
            p = Peer(self.port, None, udp, False)
            p.kind = "warm-up"
            if udp:
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.bind(("127.0.0.1", 0))
                    p.local_port = s.getsockname()[1]
                    s.sendto(b"warm-up", ("127.0.0.1", self.port))
                p.datagrams.append(7)
            else:
                with socket.create_connection(("127.0.0.1", self.port), timeout=30) as s:
                    p.local_port = s.getsockname()[1]
                    s.sendall(b"warm-up\n")
                    s.shutdown(socket.SHUT_WR)
                    while s.recv(65536):
                        pass
            p.sent += b"warm-up\n"[: 7 if udp else 8]
            peers.append(p)
        stable_since, last = time.monotonic(), self.fds()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and time.monotonic() - stable_since < 0.5:
            time.sleep(0.05)
            now = self.fds()
            if now != last:
                stable_since, last = time.monotonic(), now
        return last

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure("listener did not end within 60 s of SIGTERM")
        self.stderr.close()
        text = open(self.stderr_path, "rb").read().decode("utf-8", "replace")
        for mark in SANITIZER_MARKS:
            if mark in text:
                raise Failure(f"sanitizer report ({mark}) on the listener's stderr")
        if code != 0:
            raise Failure(f"listener exited with {code} after SIGTERM")
        return text


class Peer(threading.Thread):
    """One peer: a random behaviour, and what it wrote and read."""

    def __init__(self, port, rng, udp, echo):
        super().__init__(daemon=True)
        self.port, self.rng, self.udp, self.echo = port, rng, udp, echo
        self.kind = None
        self.local_port = None
        self.sent = bytearray()
        self.received = bytearray()
        self.datagrams = []  # sizes sent (UDP)
        self.reset = False
        self.cut = False  # the server closed the connection while this peer was still writing
        self.half_closed = False
        self.stop_reading = threading.Event()
        self.error = None

    def payload(self, size):
        # Mostly text-like lines (so framings and rules see messages), sometimes raw binary.
        if self.rng.random() < 0.5:
            return self.rng.randbytes(size)
        words = [b"PING", b"id=42", b"\x01\x03\x00\x01", b"hello", b"\r\n", b"\n", b"/nick x", b"/who\n"]
        out = bytearray()
        while len(out) < size:
            out += self.rng.choice(words)
        return bytes(out[:size])

    def run(self):
        try:
            if self.udp:
                self.run_udp()
            else:
                self.run_tcp()
        except Exception as e:  # reported by the round, with the peer's kind
            self.error = f"{type(e).__name__}: {e}"

    def run_udp(self):
        self.kind = "datagrams"
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        s.bind(("127.0.0.1", 0))
        self.local_port = s.getsockname()[1]
        s.setblocking(False)
        for _ in range(self.rng.randint(1, 60)):
            size = self.rng.choice([0, 1, 32, 1400, self.rng.randint(0, 9000), MAX_UDP])
            data = self.payload(size)
            try:
                s.sendto(data, ("127.0.0.1", self.port))
                self.datagrams.append(size)
                self.sent += data
            except BlockingIOError:
                pass
            if self.rng.random() < 0.2:
                time.sleep(self.rng.random() * 0.01)
            self._drain_udp(s)
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            self._drain_udp(s)
            time.sleep(0.01)
        s.close()

    def _drain_udp(self, s):
        while True:
            try:
                self.received += s.recv(65536)
            except (BlockingIOError, InterruptedError):
                return

    def run_tcp(self):
        rng = self.rng
        self.kind = rng.choice(["pieces", "pieces", "pieces", "reset", "silent", "close-at-once",
                                "slow-reader", "never-reads"])
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        self.local_port = s.getsockname()[1]
        if self.kind == "close-at-once":
            s.close()
            return
        if self.kind == "silent":
            time.sleep(rng.random() * 1.5)
            s.close()
            return
        total = {"pieces": rng.randint(0, 256 * 1024), "reset": rng.randint(1, 256 * 1024),
                 "slow-reader": rng.randint(256 * 1024, 2 * 1024 * 1024),
                 "never-reads": rng.randint(0, 512 * 1024)}[self.kind]
        data = self.payload(total)
        reader = None
        if self.kind != "never-reads":
            reader = threading.Thread(target=self._read_all, args=(s, self.kind == "slow-reader"), daemon=True)
            reader.start()
        offset = 0
        while offset < len(data):
            piece = data[offset:offset + rng.choice([1, 2, 7, 100, 1460, 4096, 65536])]
            try:
                s.sendall(piece)
            except (ConnectionResetError, BrokenPipeError) as e:
                self.cut = True
                self.error = f"{type(e).__name__}: {e}"
                self.stop_reading.set()
                if reader:
                    reader.join()
                s.close()
                return
            self.sent += piece
            offset += len(piece)
            if rng.random() < 0.05:
                time.sleep(rng.random() * 0.02)
        if self.kind == "never-reads":
            # It half-closes and leaves. Unread bytes make the kernel end with a reset, and a reset
            # may discard what the server had not read yet: counted like "reset" below.
            s.shutdown(socket.SHUT_WR)
            self.half_closed = True
            time.sleep(rng.random() * 0.5)
        if self.kind in ("reset", "never-reads"):
            self.stop_reading.set()
            if reader:
                reader.join()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.reset = True
            s.close()
            return
        s.shutdown(socket.SHUT_WR)
        self.half_closed = True
        if reader:
            reader.join(timeout=60)
            if reader.is_alive():
                raise Failure("the server never finished (no FIN within 60 s of ours)")
        s.close()

    def _read_all(self, s, slow):
        # poll() with a short timeout rather than a blocking recv(): a close() from the writing thread
        # does not end a recv() that waits in the kernel, and the socket (with its reset) would live on.
        poller = select.poll()
        poller.register(s.fileno(), select.POLLIN)
        try:
            while not self.stop_reading.is_set():
                if not poller.poll(50):
                    continue
                chunk = s.recv(512 if slow else 65536)
                if not chunk:
                    return
                self.received += chunk
                if slow:
                    time.sleep(0.001)
        except OSError:
            return


def read_record(path):
    events = []
    with open(path, "rb") as f:
        for line in f:
            events.append(json.loads(line))
    return events


def check_tcp(peers, events, stderr_text, echo, may_cut):
    accepted = {}  # conn -> peer port
    received = {}  # conn -> bytes in
    expelled = set()  # conns the chat room closed because their client stopped reading
    total_in = 0
    for e in events:
        if e.get("event") == "close" and e.get("text", "").startswith("left the chat room"):
            expelled.add(e["conn"])
        if e.get("event") == "accept":
            accepted[e["conn"]] = int(e["peer"].rsplit(":", 1)[1])
        elif e["dir"] == "in":
            received[e["conn"]] = received.get(e["conn"], 0) + e["len"]
            total_in += e["len"]
            if len(bytes.fromhex(e["hex"])) != e["len"]:
                raise Failure(f"conn {e['conn']}: len {e['len']} but {len(e['hex']) // 2} bytes of hex")
    by_port = {}
    for conn, port in accepted.items():
        by_port.setdefault(port, []).append(conn)
    for p in peers:
        if may_cut and any(c in expelled for c in by_port.get(p.local_port, [])):
            p.cut = True  # the room stopped reading it: what it wrote after that is not in the record
    checked = 0
    for p in peers:
        conns = by_port.get(p.local_port, [])
        if len(conns) != 1:
            continue  # a port the kernel reused within the round: only the totals below apply to it
        got = received.get(conns[0], 0)
        if got > len(p.sent) or (got < len(p.sent) and not p.reset and not p.cut):
            raise Failure(f"{p.kind} peer :{p.local_port} wrote {len(p.sent)} bytes, the record has {got}")
        checked += 1
        if echo and p.half_closed and p.kind != "never-reads" and bytes(p.received) != bytes(p.sent):
            raise Failure(f"{p.kind} peer :{p.local_port} wrote {len(p.sent)} bytes and got "
                          f"{len(p.received)} back, not the same bytes")
    sent_whole = sum(len(p.sent) for p in peers if not p.reset and not p.cut)
    sent_all = sum(len(p.sent) for p in peers)
    if not sent_whole <= total_in <= sent_all:
        raise Failure(f"the record has {total_in} bytes in; the peers wrote {sent_whole} "
                      f"(+{sent_all - sent_whole} before a reset)")
    check_totals(stderr_text, total_in)
    return checked


def check_udp(peers, events, stderr_text):
    by_port = {}
    total_in = 0
    for e in events:
        if e["dir"] == "in":
            port = int(e["peer"].rsplit(":", 1)[1])
            by_port.setdefault(port, []).append(e["len"])
            total_in += e["len"]
    sent_by_port = {}  # the kernel may give a later peer the port of one that has gone
    for p in peers:
        sent_by_port.setdefault(p.local_port, []).extend(p.datagrams)
    for port, sizes in sent_by_port.items():
        got = by_port.pop(port, [])
        if len(got) > len(sizes):
            raise Failure(f"port {port} sent {len(sizes)} datagrams, the record has {len(got)}")
        for size in got:
            if size not in sizes:
                raise Failure(f"port {port}: a recorded datagram of {size} bytes it never sent")
            sizes.remove(size)
    if by_port:
        raise Failure(f"datagrams from ports no peer had: {sorted(by_port)}")
    check_totals(stderr_text, total_in)
    return len(peers)


def check_totals(stderr_text, total_in):
    lines = [line for line in stderr_text.splitlines() if "totals: received " in line]
    if not lines:
        raise Failure("no 'totals:' line on stderr")
    counted = int(lines[-1].split("totals: received ", 1)[1].split()[0])
    if counted != total_in:
        raise Failure(f"the listener counted {counted} bytes received, the record has {total_in}")


def wait_fds(listener, start, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = listener.fds()
        if len(now) <= len(start):
            return
        time.sleep(0.05)
    extra = [fd for fd in now if fd not in start or now.count(fd) > start.count(fd)]
    raise Failure(f"{len(now)} descriptors open {seconds} s after the last peer left, {len(start)} before; "
                  f"new: {sorted(set(extra))}")


def run_round(args, rng, workdir, number):
    udp = rng.random() < 0.25
    if udp:
        name, extra, echo = "UDP echo", ["--udp", "--echo"], True
    else:
        name, extra, echo = rng.choice(TCP_CONFIGS)
    rules_path = os.path.join(workdir, "rules.json")
    with open(rules_path, "w") as f:
        json.dump(RULES, f)
    extra = [a.replace("{rules}", rules_path) for a in extra]
    may_cut = "--chat" in extra
    listener = Listener(args.sockpit, extra, workdir, name)
    try:
        return drive_round(args, rng, listener, udp, name, echo, may_cut, number)
    finally:
        if listener.proc.poll() is None:
            listener.proc.kill()
            listener.proc.wait()


def drive_round(args, rng, listener, udp, name, echo, may_cut, number):
    peers = []
    start_fds = listener.warm_up(udp, peers)
    deadline = time.monotonic() + args.round_seconds
    running = []
    while time.monotonic() < deadline:
        running = [p for p in running if p.is_alive()]
        while len(running) < args.peers:
            p = Peer(listener.port, random.Random(rng.getrandbits(64)), udp, echo)
            p.start()
            peers.append(p)
            running.append(p)
        time.sleep(0.01)
        if listener.proc.poll() is not None:
            raise Failure(f"listener exited with {listener.proc.returncode} during the round")
    for p in peers:
        if p.kind == "warm-up":
            continue  # never started: it ran before the round
        p.join(timeout=120)
        if p.is_alive():
            raise Failure(f"a {p.kind} peer still runs 120 s after the round ended")
    for p in peers:
        # Only the chat room may close a connection on its own (a member that stopped reading).
        if p.error and not p.reset and not (p.cut and may_cut):
            raise Failure(f"{p.kind} peer :{p.local_port}: {p.error}")
    if not udp:
        wait_fds(listener, start_fds)
    stderr_text = listener.stop()
    events = read_record(listener.record)
    checked = check_udp(peers, events, stderr_text) if udp else check_tcp(peers, events, stderr_text, echo, may_cut)
    sent = sum(len(p.sent) for p in peers)
    kinds = {}
    for p in peers:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    print(f"round {number}: {name}: {len(peers)} peers ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}),"
          f" {sent} bytes written, {checked} checked one by one: pass", flush=True)
    return len(peers), sent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockpit", default="build-sanitize/app/sockpit", help="the sockpit to drive")
    parser.add_argument("--minutes", type=float, default=10, help="how long to run (default 10)")
    parser.add_argument("--round-seconds", type=float, default=8, help="peer traffic per round (default 8)")
    parser.add_argument("--peers", type=int, default=12, help="peers at a time (default 12)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    args = parser.parse_args()
    if not os.access(args.sockpit, os.X_OK):
        parser.error(f"{args.sockpit} is not an executable: build Sockpit first or give --sockpit")
    if args.minutes <= 0 or args.round_seconds <= 0 or args.peers < 1:
        parser.error("--minutes and --round-seconds must be above 0, --peers at least 1")
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"session fuzzer: {args.sockpit}, seed {seed}, {args.minutes} minutes", flush=True)
    end = time.monotonic() + args.minutes * 60
    rounds = peers = sent = 0
    while time.monotonic() < end:
        workdir = tempfile.mkdtemp(prefix="sockpit-sessionfuzz-")
        try:
            n, b = run_round(args, rng, workdir, rounds + 1)
        except Failure as e:
            print(f"round {rounds + 1}: FAIL: {e}\n  kept: {workdir}", flush=True)
            return 1
        shutil.rmtree(workdir)
        rounds += 1
        peers += n
        sent += b
    print(f"session fuzzer: {rounds} rounds, {peers} peers, {sent} bytes written, no failure (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
