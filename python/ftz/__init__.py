"""Python client for the ftz-market exchange (see docs/protocol.md)."""

from ftz.client import Client, ProtocolError, wire

__all__ = ["Client", "ProtocolError", "wire"]
