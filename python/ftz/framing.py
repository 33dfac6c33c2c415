"""Frames on the TCP stream: a base-128 varint32 length, then that many bytes of one
protobuf envelope (protobuf's "delimited" format, docs/protocol.md section 1)."""

from __future__ import annotations

MAX_FRAME_BYTES = 65536  # LogonAck.max_frame_bytes: the server never sends a bigger body


class FramingError(Exception):
    """The byte stream is not a sequence of frames (bad or oversized length prefix)."""


def _encode_varint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


# Varints of every value below 2**14 (1 or 2 bytes), and 14-bit groups with both
# continuation bits set: a 64-bit id takes at most 5 table lookups, not 10 shifts.
_SMALL = [_encode_varint(n) for n in range(1 << 14)]
_GROUPS = [bytes(((n & 0x7F) | 0x80, (n >> 7) | 0x80)) for n in range(1 << 14)]


def encode_varint(n: int) -> bytes:
    """The base-128 varint of a non-negative int, low group first."""
    if n < 16384:
        return _SMALL[n]
    parts = []
    while n >= 16384:
        parts.append(_GROUPS[n & 0x3FFF])
        n >>= 14
    parts.append(_SMALL[n])
    return b"".join(parts)


length_prefix = encode_varint  # the varint length prefix of an n-byte frame body


def encode_frame(body: bytes) -> bytes:
    """One frame: length prefix and body."""
    return length_prefix(len(body)) + body


def split_frames(data: bytes, max_frame: int = MAX_FRAME_BYTES) -> tuple[list[bytes], int]:
    """The complete frame bodies at the start of data, and how many bytes they took.

    Bytes after the last complete frame (a partial prefix or body) are left for the
    caller to keep and prepend to the next read. Raises FramingError for a prefix longer
    than 5 bytes or a length over max_frame.
    """
    frames: list[bytes] = []
    pos, end = 0, len(data)
    while pos < end:
        length = data[pos]
        start = pos + 1
        if length & 0x80:  # more than one byte of prefix
            length &= 0x7F
            shift = 7
            while True:
                if start == end:
                    return frames, pos  # the prefix is not all here yet
                byte = data[start]
                start += 1
                length |= (byte & 0x7F) << shift
                if not byte & 0x80:
                    break
                shift += 7
                if shift > 28:
                    raise FramingError("length prefix longer than a varint32")
        if length > max_frame:
            raise FramingError(f"frame of {length} bytes is over the {max_frame}-byte maximum")
        stop = start + length
        if stop > end:
            break
        frames.append(data[start:stop])
        pos = stop
    return frames, pos
