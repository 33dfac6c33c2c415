"""The protocol's messages and enums, generated from proto/ftz_wire.proto.

    from ftz import wire
    wire.BUY, wire.EXEC_FILL, wire.RejectReason.Name(wire.BELOW_FLOOR)
    wire.NewOrder(client_order_id=1, symbol="NDPR-OX", side=wire.SELL, price=12000, qty=5)

Field meanings are in docs/protocol.md. The generated module, `ftz/ftz_wire_pb2.py`
(with its type stub), is made by `protoc` when the package is built (`pip install`); in
a source checkout, `python build_backend/ftz_build.py` makes it (the tests do so by
themselves).
"""

try:
    from ftz.ftz_wire_pb2 import *  # noqa: F401,F403  (the whole generated namespace)
    from ftz.ftz_wire_pb2 import DESCRIPTOR  # noqa: F401
except ImportError as e:  # pragma: no cover - depends on how ftz was installed
    raise ImportError(
        "ftz's wire module is missing or does not match the protobuf runtime: install the "
        "package (pip install ./python), or in a source checkout run "
        f"`python python/build_backend/ftz_build.py` ({e})") from e
