#!/usr/bin/python3
"""Reference WebSocket echo server for the Sockpit benchmarks: Python's websockets library (Debian's
python3-websockets), one thread, asyncio.

    websockets_echo.py HOST PORT

Sends every message back to its sender, as `sockpit listen --websocket --echo` does. Prints
"listening on HOST:PORT" to stderr once it accepts connections. Compression (permessage-deflate) is
off, as Sockpit offers none. Stops on SIGINT/SIGTERM.
"""
import asyncio
import signal
import sys

import websockets


async def echo(ws, path):
    async for message in ws:
        await ws.send(message)


async def main(host, port):
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with websockets.serve(echo, host, port, compression=None, max_size=None) as server:
        addr = server.sockets[0].getsockname()
        print(f"listening on {addr[0]}:{addr[1]}", file=sys.stderr, flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
