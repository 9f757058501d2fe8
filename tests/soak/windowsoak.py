#!/usr/bin/env python3
"""Soak of one window process: mixed load for many minutes, then its memory, descriptors and record.

`sockpit_guibench soak` (built with the benchmarks) opens one window, offscreen, with a TCP server that
echoes and records to a JSON Lines file, a UDP session, and a TCP relay whose target is that server.
This script puts the load on it for --minutes:

- --clients TCP clients (1,000) on the server, each saying a line of 16 to 200 bytes about once a second
  (some hold "PING", which the window's log filter looks for), reading its echo and comparing it; each
  client leaves after 5 to 60 s and a new one connects in its place;
- --relay-clients (250) doing the same through the relay: enough for the relay tab's log to be full
  (100,000 rows) within the first minutes, like the other two;
- a UDP flood of --udp-rate datagrams of 64 bytes a second (20,000) into the UDP session;
- the window filters the server's log every minute and clears the filter again.

Then it stops the load and checks:

- RSS at the end of the load is within 5 % of RSS after the first --baseline-minutes (5);
- once every client has gone, the window's open descriptors are back to their count before the load;
- the record holds exactly the bytes the server counted, both ways, and those are exactly what the
  clients sent (directly and through the relay) and had echoed back;
- every echo came back equal to what was sent, and no client was refused or reset.

    tests/soak/windowsoak.py --guibench build-bench/tests/bench/gui/sockpit_guibench --minutes 30

Prints the window's samples as they come and a summary; exit status 0 when every check passed, 1
otherwise, 2 for bad arguments. Traffic stays on 127.0.0.1.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import statistics
import sys
import tempfile
import time


def parse_pairs(line):
    return dict(pair.split("=", 1) for pair in line.split() if "=" in pair)


class Load:
    def __init__(self, args):
        self.args = args
        self.stop = asyncio.Event()
        self.sent = {"server": 0, "relay": 0}
        self.echoed = {"server": 0, "relay": 0}
        self.connections = {"server": 0, "relay": 0}
        self.faults = []
        self.udp_sent = 0
        self.udp_refused = 0

    async def client(self, name, port, rng):
        await asyncio.sleep(rng.uniform(0, 5))  # the first connections spread over 5 s
        while not self.stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError as e:
                self.faults.append(f"{name}: connect: {e}")
                await asyncio.sleep(1)
                continue
            self.connections[name] += 1
            leave_at = time.monotonic() + rng.uniform(5, 60)
            try:
                seq = 0
                while not self.stop.is_set() and time.monotonic() < leave_at:
                    head = b"PING " if rng.random() < 0.1 else b"line "
                    body = head + b"%d %d " % (id(writer) & 0xFFFF, seq)
                    size = rng.randint(max(16, len(body) + 1), 200)
                    line = body + bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in
                                        range(size - len(body) - 1)) + b"\n"
                    writer.write(line)
                    await writer.drain()
                    self.sent[name] += len(line)
                    back = await asyncio.wait_for(reader.readexactly(len(line)), 30)
                    self.echoed[name] += len(back)
                    if back != line:
                        self.faults.append(f"{name}: echo differs: sent {line[:40]!r}, got {back[:40]!r}")
                    seq += 1
                    try:
                        await asyncio.wait_for(self.stop.wait(), rng.uniform(0.5, 1.5))
                    except asyncio.TimeoutError:
                        pass
            except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as e:
                self.faults.append(f"{name}: {type(e).__name__}: {e}")
            finally:
                writer.close()
                try:
                    await writer.wait_closed()
                except OSError:
                    pass
            await asyncio.sleep(rng.uniform(0, 0.5))

    async def udp_flood(self, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setblocking(False)
        sock.connect(("127.0.0.1", port))
        tick = 0.005
        start = time.monotonic()
        while not self.stop.is_set():
            due = int((time.monotonic() - start) * self.args.udp_rate)
            while self.udp_sent + self.udp_refused < due:
                payload = b"%016d" % self.udp_sent
                try:
                    sock.send(payload + b"u" * (64 - len(payload)))
                    self.udp_sent += 1
                except BlockingIOError:
                    self.udp_refused += 1
            await asyncio.sleep(tick)
        sock.close()


def record_totals(path):
    """Bytes of the record's data events, in and out, and any line whose hex and len disagree."""
    totals = {"in": 0, "out": 0}
    mismatches = 0
    lines = 0
    with open(path, "rb") as f:
        for raw in f:
            lines += 1
            event = json.loads(raw)
            if "hex" in event:
                n = len(event["hex"]) // 2
                if n != event["len"]:
                    mismatches += 1
                totals[event["dir"]] += n
    return totals, mismatches, lines


async def main_async(args):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    workdir = tempfile.mkdtemp(prefix="windowsoak-")
    record = os.path.join(workdir, "server.jsonl")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = await asyncio.create_subprocess_exec(
        *args.prefix.split(), args.guibench, "soak", "--record", record, "--sample-every", str(args.sample_every),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        env=env)
    ready = {}
    while ready.get("event") != "ready":  # a --prefix tool may print lines of its own first
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        if not line:
            print("the window did not start")
            return 1
        ready = parse_pairs(line.decode())
    print("window ready:", ready, flush=True)
    samples = []
    lines = {}

    async def read_window():
        while True:
            line = await proc.stdout.readline()
            if not line:
                return
            text = line.decode().strip()
            pairs = parse_pairs(text)
            if pairs.get("event") == "sample":
                samples.append(pairs)
                print(text, flush=True)
            elif pairs.get("event") in ("idle", "end"):
                lines[pairs["event"]] = pairs
                print(text, flush=True)

    reader = asyncio.create_task(read_window())
    load = Load(args)
    rng = random.Random(args.seed)
    tasks = [asyncio.create_task(load.client("server", int(ready["server"]), random.Random(rng.random())))
             for _ in range(args.clients)]
    tasks += [asyncio.create_task(load.client("relay", int(ready["relay"]), random.Random(rng.random())))
              for _ in range(args.relay_clients)]
    tasks.append(asyncio.create_task(load.udp_flood(int(ready["udp"]))))
    started = time.monotonic()
    await asyncio.sleep(args.minutes * 60)
    load.stop.set()
    await asyncio.gather(*tasks)
    load_seconds = time.monotonic() - started
    last_load_sample = samples[-1] if samples else None
    proc.stdin.write(b"stop\n")
    await proc.stdin.drain()
    status = await asyncio.wait_for(proc.wait(), 120)
    await reader

    checks = []

    def check(ok, text):
        checks.append(ok)
        print(("PASS " if ok else "FAIL ") + text)

    print()
    print(f"load ran {load_seconds:.0f} s: {sum(load.connections.values())} TCP connections "
          f"({load.connections['server']} direct, {load.connections['relay']} through the relay), "
          f"{load.sent['server'] + load.sent['relay']} bytes sent, {load.udp_sent} datagrams "
          f"({load.udp_refused} refused by the sender's own socket)")
    check(status == 0, f"the window process exited with status {status}")
    check(not load.faults, f"{len(load.faults)} client faults" + (f", first: {load.faults[0]}" if load.faults
                                                                   else ""))
    baseline_s = args.baseline_minutes * 60
    base = next((s for s in samples if float(s["t"]) >= baseline_s), None)
    if base and last_load_sample:
        # A log still filling at the reference point grows RSS by design: say so.
        filling = [key for key in ("rows", "udp_rows", "relay_rows") if int(base.get(key, 0)) < 100000]
        if filling:
            print(f"WARN at {float(base['t']):.0f} s these logs were not full yet: "
                  + ", ".join(f"{key}={base[key]}" for key in filling))
        a, b = int(base["rss_kb"]), int(last_load_sample["rss_kb"])
        check(abs(b - a) <= 0.05 * a,
              f"RSS {a / 1024:.1f} MB at {float(base['t']):.0f} s, {b / 1024:.1f} MB at "
              f"{float(last_load_sample['t']):.0f} s ({(b - a) / a * 100:+.1f} %, bound ±5 %)")
    else:
        check(False, "too few samples to compare RSS")
    idle = lines.get("idle", {})
    check(idle and idle["fds"] == idle["fds_at_start"],
          f"descriptors after the load {idle.get('fds')}, before it {idle.get('fds_at_start')} "
          f"(back after {idle.get('waited_ms')} ms)")
    end = lines.get("end", {})
    totals, mismatches, record_lines = record_totals(record)
    sent = load.sent["server"] + load.sent["relay"]
    echoed = load.echoed["server"] + load.echoed["relay"]
    server_in, server_out = int(end.get("server_in", -1)), int(end.get("server_out", -1))
    check(totals["in"] == server_in == sent,
          f"received: record {totals['in']}, server's count {server_in}, clients sent {sent}")
    check(totals["out"] == server_out == echoed,
          f"sent back: record {totals['out']}, server's count {server_out}, clients read {echoed}")
    check(mismatches == 0, f"{record_lines} record lines, {mismatches} whose hex and len disagree")
    udp_msgs, udp_drops = int(end.get("udp_msgs", 0)), int(end.get("udp_drops", 0))
    print(f"INFO UDP: sent {load.udp_sent}, received {udp_msgs}, dropped by the socket {udp_drops}, "
          f"not accounted for {load.udp_sent - udp_msgs - udp_drops}")
    if samples:
        stalls = [float(s["stall_ms"]) for s in samples]
        own = [float(s["own_stall_ms"]) for s in samples]
        filters = [float(s["filter_ms"]) for s in samples if float(s["filter_ms"]) >= 0]
        print(f"INFO longest main-thread stall per {args.sample_every} s: median "
              f"{statistics.median(stalls):.1f} ms, max {max(stalls):.1f} ms (without waits for a core: max "
              f"{max(own):.1f} ms)")
        if filters:
            print(f"INFO log filter over {samples[-1]['rows']} rows: median {statistics.median(filters):.1f} ms, "
                  f"max {max(filters):.1f} ms")
        print(f"INFO peak RSS {int(end.get('peak_rss_kb', 0)) / 1024:.1f} MB; record "
              f"{os.path.getsize(record) / 1e6:.0f} MB at {record}")
    ok = all(checks)
    if ok and not args.keep:
        os.remove(record)
        os.rmdir(workdir)
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guibench", required=True, help="path of sockpit_guibench")
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--baseline-minutes", type=float, default=5,
                        help="RSS after this long is the reference for the end")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--relay-clients", type=int, default=250)
    parser.add_argument("--udp-rate", type=int, default=20000, help="datagrams a second")
    parser.add_argument("--sample-every", type=int, default=10, help="seconds between the window's samples")
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument("--keep", action="store_true", help="keep the record even when every check passed")
    parser.add_argument("--prefix", default="", help="a command to run the window under, such as heaptrack")
    args = parser.parse_args()
    if not os.access(args.guibench, os.X_OK) or args.minutes <= 0 or args.baseline_minutes >= args.minutes:
        parser.error("--guibench must be executable and --baseline-minutes shorter than --minutes")
    sys.exit(asyncio.run(main_async(args)))


if __name__ == "__main__":
    main()
