"""NewOrder bytes without building a protobuf message: the hot path of order entry.

Setting a protobuf message's fields one by one and serializing it costs about twice
what writing the few bytes of an order directly does, and order entry is the one
message a busy agent sends at high rate. tests/test_encoding.py checks these bytes
against protobuf's serialization of the same fields.
"""

from __future__ import annotations

from ftz.framing import encode_varint

_symbols: dict[str, bytes] = {}  # symbol -> its encoded field 2


def _varint64(n: int) -> bytes:
    """An int64 / enum varint: below zero it takes ten bytes (two's complement)."""
    return encode_varint(n if n >= 0 else n + (1 << 64))


def new_order_message(client_order_id: int, symbol: str, side: int, price: int, qty: int,
                      order_type: int = 0, tif: int = 0, stp: int = 0, post_only: bool = False,
                      origin: str = "") -> bytes:
    """The serialized ClientMessage{new_order: NewOrder{...}}, byte for byte as protobuf
    writes it (fields in number order; zero values left off, as proto3 does, except
    `side`: an optional field the server requires, so BUY (0) is written too)."""
    encoded_symbol = _symbols.get(symbol)
    if encoded_symbol is None:
        raw = symbol.encode()
        encoded_symbol = _symbols[symbol] = b"\x12" + encode_varint(len(raw)) + raw if raw else b""
    parts = [b"\x08", encode_varint(client_order_id), encoded_symbol] if client_order_id else \
        [encoded_symbol]
    parts += (b"\x20", _varint64(side))  # field 4, always present
    for tag, value in ((b"\x28", order_type), (b"\x30", tif), (b"\x38", price), (b"\x40", qty),
                       (b"\x48", stp)):  # fields 5 .. 9
        if value:
            parts += (tag, _varint64(value))
    if post_only:
        parts.append(b"\x50\x01")
    if origin:
        raw = origin.encode()
        parts += (b"\x5a", encode_varint(len(raw)), raw)
    body = b"".join(parts)
    return b"\x22" + encode_varint(len(body)) + body
