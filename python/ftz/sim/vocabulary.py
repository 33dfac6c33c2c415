"""The core's enums (vocabulary/types.h, command.h, event.h), named as the core's
ToString names them; tests/test_sim_market.py checks them against the extension."""

from __future__ import annotations

from enum import IntEnum


class CommandKind(IntEnum):
    NEW = 0
    CANCEL = 1
    REPLACE = 2
    MASS_CANCEL = 3
    END_PERIOD = 4
    SET_FLOOR = 5
    SET_TARIFF = 6
    HALT = 7
    RESUME = 8


class EventKind(IntEnum):
    ACCEPTED = 0
    REJECTED = 1
    TRADE = 2
    CANCELLED = 3
    REPLACED = 4
    EXPIRED = 5
    LEVEL = 6
    STATUS = 7
    FLOOR_CHANGED = 8
    TARIFF_CHANGED = 9
    PERIOD_CLOSED = 10
    STOCKPILE_STATE = 11
    DUTY = 12
    TOP_UP = 13
    STOCKPILE_BUY = 14
    STOCKPILE_RELEASE = 15
    BUDGET_EXHAUSTED = 16
    TRANSSHIPMENT = 17


class Side(IntEnum):
    BUY = 0
    SELL = 1


class OrderType(IntEnum):
    LIMIT = 0
    MARKET = 1


class TimeInForce(IntEnum):
    GTC = 0
    DAY = 1
    IOC = 2
    FOK = 3


class StpMode(IntEnum):
    NONE = 0
    CANCEL_NEWEST = 1
    CANCEL_OLDEST = 2
    CANCEL_BOTH = 3


class RejectReason(IntEnum):
    NONE = 0
    BELOW_FLOOR = 1
    NOT_MEMBER = 2
    ROLE_NOT_ALLOWED = 3
    ORIGIN_NOT_ALLOWED = 4
    BAD_PRICE = 5
    BAD_QUANTITY = 6
    UNKNOWN_INSTRUMENT = 7
    UNKNOWN_ORDER = 8
    NOT_YOUR_ORDER = 9
    DUPLICATE_CLIENT_ID = 10
    THROTTLED = 11
    HALTED = 12
    RISK_LIMIT = 13
    POST_ONLY_WOULD_CROSS = 14
    FOK_NOT_FILLABLE = 15
    BAD_COMMAND = 16
    TRANSSHIPMENT = 17
    UNKNOWN_PARTICIPANT = 18


class CancelReason(IntEnum):
    USER = 0
    MASS_CANCEL = 1
    UNFILLED = 2
    SELF_TRADE = 3
    FLOOR_RAISED = 4
    DISCONNECT = 5
    EXPIRED = 6
    HALTED = 7
    POLICY = 8


class FloorChangeCause(IntEnum):
    ADMIN = 1
    INDEXED = 2
    SCHEDULED = 3


ENUMS: tuple[type[IntEnum], ...] = (CommandKind, EventKind, Side, OrderType, TimeInForce, StpMode,
                                    RejectReason, CancelReason, FloorChangeCause)
