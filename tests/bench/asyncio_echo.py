#!/usr/bin/env python3
"""Reference echo server for the Sockpit benchmarks: plain asyncio, one thread.

    asyncio_echo.py HOST PORT

Echoes every chunk back to its sender. Prints "listening on HOST:PORT" to stderr once it accepts
connections. The backlog is socket.SOMAXCONN, the same backlog `sockpit listen` uses, so neither server
gets an advantage from the kernel's accept queue. Stops on SIGINT/SIGTERM.
"""
import asyncio
import signal
import socket
import sys


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)

    def eof_received(self):
        return False  # close when the client half-closes


async def main(host, port):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Echo, host, port, backlog=socket.SOMAXCONN, reuse_address=True)
    addr = server.sockets[0].getsockname()
    print(f"listening on {addr[0]}:{addr[1]}", file=sys.stderr, flush=True)
    stop = loop.create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set_result, None)
    await stop
    server.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
