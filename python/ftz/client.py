"""A blocking client: connect, log on, send orders, receive reports and market data.

Frames are a varint32 length prefix and then the protobuf bytes of a ClientMessage
(to the server) or a ServerMessage (from it), as protobuf's delimited helpers write them.

    from ftz import Client, wire
    c = Client("127.0.0.1", 9470)
    c.logon("gb-mm", "gb-mm")
    c.new_order(1, "NDPR-OX", wire.BUY, price=11500, qty=2)
    report = c.wait_for(lambda m: m.HasField("execution"))
"""

import socket
import time

from ftz.wire import pb as wire

MAX_FRAME = 64 * 1024


class ProtocolError(Exception):
    """The server broke the framing or the sequence, or closed the session."""


def _varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


class Client:
    def __init__(self, host="127.0.0.1", port=9470, timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        self.last_seq = 0
        self.logon_ack = None

    # --- sending ---
    def send(self, message):
        body = message.SerializeToString()
        self.sock.sendall(_varint(len(body)) + body)

    def send_raw(self, data):
        self.sock.sendall(data)

    def logon(self, participant, token, heartbeat_ms=0, cancel_on_disconnect=True):
        m = wire.ClientMessage()
        m.logon.protocol_version = wire.PROTOCOL_VERSION_CURRENT
        m.logon.participant = participant
        m.logon.token = token
        m.logon.heartbeat_interval_ms = heartbeat_ms
        m.logon.disable_cancel_on_disconnect = not cancel_on_disconnect
        self.send(m)
        reply = self.receive()
        if reply.HasField("logout"):
            raise ProtocolError(f"logon refused: {wire.LogoutReason.Name(reply.logout.reason)} "
                                f"{reply.logout.text}")
        self.logon_ack = reply.logon_ack
        return reply.logon_ack

    def new_order(self, client_order_id, symbol, side, price, qty, tif=None, origin="",
                  order_type=None, post_only=False):
        m = wire.ClientMessage()
        o = m.new_order
        o.client_order_id = client_order_id
        o.symbol = symbol
        o.side = side
        o.price = price
        o.qty = qty
        o.tif = wire.GTC if tif is None else tif
        if order_type is not None:
            o.type = order_type
        o.post_only = post_only
        o.origin = origin
        self.send(m)

    def cancel(self, client_order_id, order_id=0):
        m = wire.ClientMessage()
        m.cancel.client_order_id = client_order_id
        m.cancel.order_id = order_id
        self.send(m)

    def replace(self, client_order_id, price, qty, order_id=0):
        m = wire.ClientMessage()
        m.replace.client_order_id = client_order_id
        m.replace.order_id = order_id
        m.replace.price = price
        m.replace.qty = qty
        self.send(m)

    def subscribe(self, symbol):
        m = wire.ClientMessage()
        m.subscribe.symbol = symbol
        self.send(m)

    # --- receiving ---
    def _read_frame(self, deadline):
        while True:
            length, shift, i = 0, 0, 0
            while i < len(self.buffer):
                byte = self.buffer[i]
                length |= (byte & 0x7F) << shift
                i += 1
                if not byte & 0x80:
                    break
                shift += 7
                if shift > 28:
                    raise ProtocolError("bad length prefix")
            else:
                i = None
            if i is not None:
                if length > MAX_FRAME:
                    raise ProtocolError(f"frame of {length} bytes")
                if len(self.buffer) >= i + length:
                    frame = self.buffer[i:i + length]
                    self.buffer = self.buffer[i + length:]
                    return frame
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message in time")
            self.sock.settimeout(left)
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ProtocolError("the server closed the connection")
            self.buffer += chunk

    def receive(self, timeout=5.0):
        """The next ServerMessage; checks the per-session sequence number."""
        m = wire.ServerMessage()
        m.ParseFromString(self._read_frame(time.monotonic() + timeout))
        if m.seq != self.last_seq + 1:
            raise ProtocolError(f"sequence gap: {self.last_seq} then {m.seq}")
        self.last_seq = m.seq
        return m

    def wait_for(self, predicate, timeout=5.0):
        """Receives until predicate(message) holds; returns that message."""
        deadline = time.monotonic() + timeout
        while True:
            m = self.receive(max(0.0, deadline - time.monotonic()))
            if predicate(m):
                return m

    def close(self):
        self.sock.close()
