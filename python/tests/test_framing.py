"""Frames and the hand-written NewOrder bytes, against protobuf's own encoding."""

import random

import pytest

from ftz import wire
from ftz.encoding import new_order_message
from ftz.framing import FramingError, encode_frame, encode_varint, split_frames


def test_varints_match_protobuf():
    from google.protobuf.internal.encoder import _VarintBytes
    rng = random.Random(1)
    values = [0, 1, 127, 128, 16383, 16384, 2**32 - 1, 2**63 - 1]
    values += [rng.getrandbits(rng.randint(1, 63)) for _ in range(2000)]
    for v in values:
        assert encode_varint(v) == _VarintBytes(v)


def test_a_stream_cut_anywhere_gives_back_its_frames():
    rng = random.Random(2)
    bodies = [bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 1, 50, 127, 128, 300, 20000])))
              for _ in range(200)]
    stream = b"".join(encode_frame(b) for b in bodies)
    got, rest = [], b""
    pos = 0
    while pos < len(stream):
        step = rng.randint(1, 5000)
        data = rest + stream[pos:pos + step]
        pos += step
        frames, used = split_frames(data)
        got += frames
        rest = data[used:]
    assert got == bodies and rest == b""


def test_oversized_and_malformed_prefixes_are_refused():
    with pytest.raises(FramingError, match="over the 65536-byte maximum"):
        split_frames(encode_varint(65537) + b"x")
    with pytest.raises(FramingError, match="longer than a varint32"):
        split_frames(b"\xff\xff\xff\xff\xff\x01")
    assert split_frames(b"\x80") == ([], 0)  # incomplete prefix: wait for more


def test_new_order_bytes_equal_protobufs():
    rng = random.Random(3)
    for _ in range(3000):
        fields = dict(
            client_order_id=rng.choice([0, 1, rng.getrandbits(64)]),
            symbol=rng.choice(["", "NDPR", "NDPR-OX", "Ω" * 3]),
            side=rng.choice([wire.BUY, wire.SELL]),
            price=rng.choice([0, 1, 11000, -5, rng.randint(-2**63, 2**63 - 1)]),
            qty=rng.choice([0, 1, 100000, -1]),
            type=rng.choice([wire.LIMIT, wire.MARKET]),
            tif=rng.choice([wire.GTC, wire.DAY, wire.IOC, wire.FOK]),
            stp=rng.choice(range(4)),
            post_only=rng.random() < 0.5,
            origin=rng.choice(["", "AU", "CN"]))
        expected = wire.ClientMessage(new_order=wire.NewOrder(**fields)).SerializeToString()
        ours = new_order_message(fields["client_order_id"], fields["symbol"], fields["side"],
                                 fields["price"], fields["qty"], fields["type"], fields["tif"],
                                 fields["stp"], fields["post_only"], fields["origin"])
        assert ours == expected, fields
