"""Typed errors. Every request the exchange refuses raises a `Rejected` subclass that
carries the exchange's reason code; every way a session ends raises `SessionClosed`."""

from __future__ import annotations

from ftz import wire


class FtzError(Exception):
    """Base class of the client's errors."""


class ProtocolError(FtzError):
    """The byte stream broke the protocol: a bad frame, or a jump in the session's seq."""


class SessionClosed(FtzError):
    """The session is over (or was never up): requests in flight get this.

    `reason` is the server's LogoutReason when it sent a Logout, None when the
    connection dropped or was never made. `text` says more.
    """

    def __init__(self, reason: int | None, text: str = ""):
        self.reason = reason
        self.text = text
        name = "connection lost" if reason is None else wire.LogoutReason.Name(reason)
        super().__init__(f"{name}: {text}" if text else name)


class LogonRejected(SessionClosed):
    """The server refused the logon (bad credentials, already logged on, version)."""


class Rejected(FtzError):
    """The exchange refused a request.

    `reason` is the RejectReason code (wire.BELOW_FLOOR, ...), `reason_name` its name,
    `text` the exchange's human-readable explanation (with the violated limit), and
    `report` the ExecutionReport that carried the reject, when there was one.
    """

    def __init__(self, reason: int, text: str = "", report: wire.ExecutionReport | None = None):
        self.reason = reason
        self.text = text
        self.report = report
        super().__init__(f"{self.reason_name}: {text}" if text else self.reason_name)

    @property
    def reason_name(self) -> str:
        try:
            return str(wire.RejectReason.Name(self.reason))
        except ValueError:
            return f"REJECT_{self.reason}"


class OrderRejected(Rejected):
    """A new order was rejected (EXEC_REJECTED, request REQUEST_NEW_ORDER)."""


class CancelRejected(Rejected):
    """A cancel was rejected, e.g. UNKNOWN_ORDER when the order had already left the book."""


class ReplaceRejected(Rejected):
    """A replace was rejected; the order is unchanged."""


class MassCancelRejected(Rejected):
    """A mass cancel was refused (MassCancelAck with a reason)."""


class SubscribeRejected(Rejected):
    """A subscription was refused (SubscribeReject), e.g. UNKNOWN_INSTRUMENT."""


class AdminRejected(Rejected):
    """An admin request was refused (AdminAck.ok false), e.g. NOT_ADMIN."""
