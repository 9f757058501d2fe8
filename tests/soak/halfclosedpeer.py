#!/usr/bin/env python3
"""`sockpit connect` against a peer that half-closes at once, many times over, checked byte for byte.

Each run listens on 127.0.0.1, starts `sockpit connect 127.0.0.1 PORT -v`, shuts down its own sending
side as soon as it accepts (what `ncat -l --recv-only` does), and writes the input to connect's
standard input. The run passes when the peer receives every byte of the input, in order, then connect's
FIN, and connect exits 0 with no "not sent" line on standard error.

The race it looks for needs the peer's FIN to be read while the last bytes are still on their way to
the I/O thread, so it shows best on the sanitizer build with the CPUs kept busy:

    python3 -c "while True: pass" &    # one per core
    tests/soak/halfclosedpeer.py --sockpit build-sanitize/app/sockpit --runs 1000

Exit status 0 when every run passed, 1 when any failed (the first failures' standard error is shown),
2 for bad arguments. Traffic stays on 127.0.0.1; each run is bounded by --timeout.
"""

import argparse
import os
import socket
import subprocess
import sys
import threading
import time


def one_run(sockpit, data, timeout):
    """Returns None when the run passed, or what went wrong."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(timeout)
        port = listener.getsockname()[1]
        # Standard output and error are read once connect has exited: the peer sends nothing, and the
        # few lines of -v fit in a pipe. (Threads reading them as they come change the timing enough
        # to hide the race.)
        with subprocess.Popen(
            [sockpit, "connect", "127.0.0.1", str(port), "-v"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,  # like a pipeline's: what connect receives goes there
            stderr=subprocess.PIPE,
        ) as process:
            try:
                return check(process, listener, data, timeout)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()


def check(process, listener, data, timeout):
    try:
        peer, _ = listener.accept()
    except socket.timeout:
        return "connect never arrived"
    errors = []
    received = bytearray()
    with peer:
        peer.shutdown(socket.SHUT_WR)

        def feed():
            try:
                process.stdin.write(data)
                process.stdin.close()
            except BrokenPipeError:
                errors.append("connect closed its standard input early")

        writer = threading.Thread(target=feed)
        writer.start()
        peer.settimeout(timeout)
        try:
            while True:
                chunk = peer.recv(1 << 16)
                if not chunk:
                    break
                received += chunk
        except (socket.timeout, ConnectionError) as error:
            errors.append(f"peer's read ended with {error!r}")
        try:
            status = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            status = process.wait()
            errors.append("connect did not exit")
        writer.join(timeout)
    process.stdout.read()
    stderr = process.stderr.read().decode(errors="replace")
    if status != 0:
        errors.append(f"connect exited {status}")
    if received != data:
        errors.append(f"peer received {len(received)} of {len(data)} bytes")
    if "not sent" in stderr:
        errors.append("connect refused some of its input")
    if errors:
        return "; ".join(errors) + "\n" + stderr
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sockpit", required=True, help="the sockpit program to run")
    parser.add_argument("--runs", type=int, default=300, help="how many launches (default 300)")
    parser.add_argument("--bytes", type=int, default=1 << 20, help="input size (default 1 MiB)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds any one step may take")
    parser.add_argument("--show", type=int, default=3, help="failures whose stderr is printed")
    args = parser.parse_args()
    if args.runs < 1 or args.bytes < 1 or args.timeout <= 0:
        parser.error("--runs, --bytes and --timeout must be positive")
    if not os.access(args.sockpit, os.X_OK):
        parser.error(f"{args.sockpit}: not an executable program")

    data = bytes((i * 7) & 0xFF for i in range(args.bytes))
    failures = 0
    started = time.monotonic()
    for run in range(1, args.runs + 1):
        problem = one_run(args.sockpit, data, args.timeout)
        if problem is None:
            continue
        failures += 1
        if failures <= args.show:
            print(f"--- run {run} failed: {problem}", flush=True)
    seconds = time.monotonic() - started
    print(f"runs {args.runs}, failures {failures}, {seconds:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
