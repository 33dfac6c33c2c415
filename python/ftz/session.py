"""One TCP connection to the exchange: frames in and out, the session's sequence check,
and heartbeats (docs/protocol.md section 2).

`Session` is an asyncio protocol. It hands every ServerMessage to `on_message`, in
order, and calls `on_closed(error)` once when the connection ends. Messages sent during
one turn of the event loop leave in one write at its end, so a burst of orders costs
one system call. After `start_heartbeats(interval)` it sends a Heartbeat whenever it has
sent nothing for one interval, and it gives up on a server it has heard nothing from
for three (the server sends heartbeats too), so a session that only listens stays up.
"""

from __future__ import annotations

import asyncio
import time
from typing import Callable

from google.protobuf.message import DecodeError

from ftz import wire
from ftz.errors import FtzError, ProtocolError, SessionClosed
from ftz.framing import FramingError, length_prefix, split_frames

HEARTBEAT_MISSES = 3  # intervals of silence after which either side gives up


class Session(asyncio.Protocol):
    def __init__(self, on_message: Callable[[wire.ServerMessage], None],
                 on_closed: Callable[[Session, FtzError], None]):
        self.on_message = on_message
        self._on_closed = on_closed
        self.transport: asyncio.Transport | None = None
        self.seq = 0  # of the last ServerMessage received
        self.last_message: wire.ServerMessage | None = None  # a Logout at the end
        self.logged_on = False  # set by the client once the LogonAck is in
        self._rest = b""  # an incomplete frame
        self._out: list[bytes] = []
        self._error: FtzError | None = None
        self._loop = asyncio.get_running_loop()
        self._last_sent = self._last_received = self._loop.time()
        self._interval = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self.closed = self._loop.create_future()  # resolves once the connection is gone

    # --- asyncio.Protocol -------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport  # asyncio sets TCP_NODELAY on TCP sockets

    def data_received(self, data: bytes) -> None:
        self._last_received = self._loop.time()
        if self._rest:
            data = self._rest + data
        try:
            frames, used = split_frames(data)
        except FramingError as e:
            return self.abort(ProtocolError(str(e)))
        self._rest = data[used:]
        parse, deliver, seq = wire.ServerMessage.FromString, self.on_message, self.seq
        for frame in frames:
            try:
                m = parse(frame)
            except DecodeError as e:
                return self.abort(ProtocolError(f"a frame that is no ServerMessage: {e}"))
            seq += 1
            if m.seq != seq:
                # Only a slow consumer's Logout may follow a jump (what was queued was dropped).
                if not m.HasField("logout"):
                    return self.abort(ProtocolError(f"sequence gap: {seq - 1} then {m.seq}"))
                seq = m.seq
            self.seq = seq
            self.last_message = m
            deliver(m)
            if self._error is not None:  # a handler ended the session
                return

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.transport = None
        if self._error is None:
            last = self.last_message
            if last is not None and last.HasField("logout"):  # always the server's last
                self._error = SessionClosed(last.logout.reason, last.logout.text)
            else:
                self._error = SessionClosed(None, str(exc) if exc else "the server closed the connection")
        if not self.closed.done():
            self.closed.set_result(None)
        self._on_closed(self, self._error)

    # --- sending ----------------------------------------------------------------------

    def send(self, message: wire.ClientMessage) -> None:
        """Queues one message; it is written at the end of this turn of the loop."""
        self.send_body(message.SerializeToString())

    def send_body(self, body: bytes) -> None:
        """Queues one serialized ClientMessage."""
        if not self._out:
            self._loop.call_soon(self._flush)
        self._out.append(length_prefix(len(body)))
        self._out.append(body)

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(b"".join(self._out))
            self._last_sent = self._loop.time()
        self._out.clear()

    # --- heartbeats and ending ----------------------------------------------------------

    def start_heartbeats(self, interval_s: float) -> None:
        """Keeps the session alive at the interval the LogonAck set."""
        self._interval = interval_s
        self._tick()

    def _tick(self) -> None:
        now = self._loop.time()
        if now - self._last_received > HEARTBEAT_MISSES * self._interval + 0.1:
            return self.abort(SessionClosed(None, f"nothing from the server for "
                                                  f"{HEARTBEAT_MISSES} heartbeat intervals"))
        if now - self._last_sent >= self._interval and not self._out:
            m = wire.ClientMessage()
            m.heartbeat.timestamp_ns = time.time_ns()
            self.send(m)
        # Wake four times an interval: a heartbeat leaves 1 to 1.25 intervals after the
        # last message, well inside the server's three.
        self._timer = self._loop.call_later(self._interval / 4, self._tick)

    def abort(self, error: FtzError) -> None:
        """Drops the connection at once; on_closed gets `error`."""
        if self._error is None:
            self._error = error
        if self.transport is not None:
            self.transport.abort()

    def close(self) -> None:
        """Closes after writing what is queued."""
        self._flush()
        if self.transport is not None:
            self.transport.close()
