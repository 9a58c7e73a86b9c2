"""An SMTP sink for the benchmarks: accepts and discards mail on a loopback port, counting it.

Run as its own process. It prints `ready <port>` once it accepts connections, then answers
one command per line on stdin with one JSON line on stdout:

    stats  -> {"messages", "recipients", "distinct", "bytes", "first", "last", "cpu"}: first and
              last accepted message (time.time()), CPU seconds of this process since the reset
    reset  -> the same, then zeroes every counter
    quit   -> stops the server and exits (so does end of input)
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._zero()

    def _zero(self) -> None:
        self.messages = self.recipients = self.bytes = 0
        self.addresses: set[str] = set()
        self.first: float | None = None
        self.last: float | None = None
        self.cpu_at_zero = time.process_time()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802 - aiosmtpd hook name
        now = time.time()
        with self.lock:
            if self.first is None:
                self.first = now
            self.last = now
            self.messages += 1
            self.recipients += len(envelope.rcpt_tos)
            self.addresses.update(envelope.rcpt_tos)
            self.bytes += len(envelope.original_content or b"")
        return "250 OK"

    def snapshot(self, reset: bool) -> dict:
        with self.lock:
            figures = {
                "messages": self.messages,
                "recipients": self.recipients,
                "distinct": len(self.addresses),
                "bytes": self.bytes,
                "first": self.first,
                "last": self.last,
                "cpu": time.process_time() - self.cpu_at_zero,
            }
            if reset:
                self._zero()
        return figures


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    handler = CountingHandler()
    controller = Controller(
        handler, hostname="127.0.0.1", port=_free_port(), data_size_limit=10_000_000
    )
    controller.start()
    print(f"ready {controller.port}", flush=True)
    try:
        for line in sys.stdin:
            command = line.strip()
            if command == "quit":
                break
            if command in {"stats", "reset"}:
                print(json.dumps(handler.snapshot(reset=command == "reset")), flush=True)
            else:
                print(json.dumps({"error": f"unknown command {command!r}"}), flush=True)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
