"""One order's state, as its execution reports tell it (docs/protocol.md section 4).

An `Order` is created when the client sends it (state PENDING_NEW) and then follows its
reports: EXEC_NEW makes it NEW, fills make it PARTIALLY_FILLED or FILLED, and
EXEC_CANCELLED / EXEC_EXPIRED / EXEC_REJECTED end it. Quantities and prices are taken
from each report, never computed, so the order always says what the exchange last said.

    order = client.buy("NDPR-OX", qty=5, price=11500)   # sent; PENDING_NEW
    await order                  # its acknowledgement: NEW, or raises OrderRejected
    await order.done()           # FILLED, CANCELLED or EXPIRED
"""

from __future__ import annotations

import asyncio
import enum
from typing import Any, Generator, NamedTuple

from ftz import wire
from ftz.errors import FtzError, OrderRejected, SessionClosed


class OrderState(enum.Enum):
    PENDING_NEW = "pending_new"  # sent, not acknowledged yet
    NEW = "new"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    EXPIRED = "expired"
    # Sent, then the session ended before its acknowledgement arrived: the exchange may
    # or may not have it. Resolving this needs the server's order-status request.
    UNKNOWN = "unknown"

    __hash__ = object.__hash__  # members are singletons; Enum's own hash is slow Python

    @property
    def is_open(self) -> bool:
        """Acknowledged and resting (it can still trade)."""
        return self in (OrderState.NEW, OrderState.PARTIALLY_FILLED)

    @property
    def is_done(self) -> bool:
        """Finished: no more reports will come for it."""
        return self in DONE


DONE = frozenset({OrderState.FILLED, OrderState.CANCELLED, OrderState.REJECTED,
                  OrderState.EXPIRED})

STATE_OF_STATUS = {
    wire.STATUS_NEW: OrderState.NEW,
    wire.STATUS_PARTIALLY_FILLED: OrderState.PARTIALLY_FILLED,
    wire.STATUS_FILLED: OrderState.FILLED,
    wire.STATUS_CANCELLED: OrderState.CANCELLED,
    wire.STATUS_REJECTED: OrderState.REJECTED,
    wire.STATUS_EXPIRED: OrderState.EXPIRED,
}

FILL_TYPES = (wire.EXEC_PARTIAL_FILL, wire.EXEC_FILL)
_REJECTED, _CANCELLED, _EXPIRED = wire.EXEC_REJECTED, wire.EXEC_CANCELLED, wire.EXEC_EXPIRED
_REQUEST_NEW_ORDER = wire.REQUEST_NEW_ORDER
_BUY = wire.BUY


class Fill(NamedTuple):
    """One fill of one of our orders (an EXEC_PARTIAL_FILL or EXEC_FILL report).

    Money is in tick-lots: `duty` is the tariff withheld from a seller, `net_proceeds`
    what a seller receives (price * qty - duty; 0 for a buy), `top_up` a price-support
    payment accrued to a seller.
    """

    client_order_id: int
    order_id: int
    instrument_id: int
    side: int
    price: int
    qty: int
    trade_id: int
    aggressor: bool
    duty: int = 0
    net_proceeds: int = 0
    top_up: int = 0



class Order:
    """A live view of one order. Awaiting it waits for its acknowledgement."""

    __slots__ = ("client_order_id", "order_id", "symbol", "instrument_id", "side", "price",
                 "qty", "leaves_qty", "cum_qty", "state", "fills", "reject", "cancel_reason",
                 "last_report", "_acked", "_finished")

    def __init__(self, client_order_id: int, symbol: str, instrument_id: int, side: int,
                 price: int, qty: int, state: OrderState = OrderState.PENDING_NEW):
        self.client_order_id = client_order_id
        self.order_id = 0  # the exchange's id, from the acknowledgement on
        self.symbol = symbol
        self.instrument_id = instrument_id
        self.side = side
        self.price = price  # ticks; 0 for a market order
        self.qty = qty  # total: cum_qty + leaves_qty
        self.leaves_qty = qty if state is OrderState.PENDING_NEW else 0
        self.cum_qty = 0
        self.state = state
        self.fills: list[Fill] = []
        self.reject: OrderRejected | None = None  # set when the order was rejected
        self.cancel_reason: int | None = None  # wire.CancelReason, once cancelled/expired
        self.last_report: wire.ExecutionReport | None = None
        self._acked: asyncio.Future[Order] | None = None  # made only when awaited
        self._finished: asyncio.Future[Order] | None = None

    @property
    def is_buy(self) -> bool:
        return self.side == wire.BUY

    @property
    def avg_price(self) -> float:
        """The quantity-weighted price of the fills seen (0.0 without fills)."""
        qty = sum(f.qty for f in self.fills)
        return sum(f.price * f.qty for f in self.fills) / qty if qty else 0.0

    def apply(self, r: wire.ExecutionReport) -> Fill | None:
        """Takes one of the order's execution reports; returns its Fill, if it is one.

        A rejected cancel or replace (request != REQUEST_NEW_ORDER) reports the order's
        unchanged state, so it changes nothing here; the client raises it to the caller.
        """
        exec_type = r.exec_type
        if exec_type == _REJECTED and r.request != _REQUEST_NEW_ORDER:
            return None
        self.last_report = r
        order_id = r.order_id
        if order_id:
            self.order_id = order_id
        if not self.instrument_id:  # sent with a symbol the LogonAck did not list
            self.instrument_id = r.instrument_id
        self.state = STATE_OF_STATUS[r.status]
        self.price = r.price
        self.qty = r.qty
        self.leaves_qty = r.leaves_qty
        self.cum_qty = r.cum_qty
        fill = None
        if exec_type in FILL_TYPES:
            if self.side == _BUY:  # duty, net proceeds and top-up are the seller's
                fill = Fill(self.client_order_id, self.order_id, self.instrument_id, _BUY,
                            r.last_price, r.last_qty, r.trade_id, r.aggressor)
            else:
                fill = Fill(self.client_order_id, self.order_id, self.instrument_id, self.side,
                            r.last_price, r.last_qty, r.trade_id, r.aggressor, r.duty,
                            r.net_proceeds, r.top_up)
            self.fills.append(fill)
        elif exec_type == _REJECTED:
            self.reject = OrderRejected(r.reject_reason, r.text, r)
            self.state = OrderState.REJECTED
            self.leaves_qty = 0
        elif exec_type == _CANCELLED or exec_type == _EXPIRED:
            self.cancel_reason = r.cancel_reason
        if self._acked is not None or self._finished is not None:
            self._wake()
        return fill

    def lost(self, state: OrderState, cancel_reason: int | None = None) -> None:
        """The session ended: this order is now UNKNOWN (sent, never acknowledged) or
        CANCELLED by cancel-on-disconnect. No report says so; the client decides."""
        self.state = state
        if state is OrderState.CANCELLED:
            self.leaves_qty = 0
            self.cancel_reason = cancel_reason
        self._wake()

    def _wake(self) -> None:
        state = self.state
        if self._acked is not None and not self._acked.done() and state is not OrderState.PENDING_NEW:
            _settle(self._acked, self, self._failure())
        if self._finished is not None and not self._finished.done() and (
                state.is_done or state is OrderState.UNKNOWN):
            _settle(self._finished, self, self._failure())

    def _failure(self) -> FtzError | None:
        if self.reject is not None:
            return self.reject
        if self.state is OrderState.UNKNOWN:
            return SessionClosed(None, f"order {self.client_order_id} sent, never acknowledged")
        return None

    def acknowledged(self) -> asyncio.Future[Order]:
        """Resolves to this order once the exchange acknowledged it (EXEC_NEW or any
        later state); raises OrderRejected, or SessionClosed if the state is UNKNOWN."""
        if self._acked is None:
            self._acked = asyncio.get_running_loop().create_future()
            if self.state is not OrderState.PENDING_NEW:
                _settle(self._acked, self, self._failure())
        return self._acked

    def done(self) -> asyncio.Future[Order]:
        """Resolves to this order once it is FILLED, CANCELLED or EXPIRED; raises as
        acknowledged() does."""
        if self._finished is None:
            self._finished = asyncio.get_running_loop().create_future()
            if self.state.is_done or self.state is OrderState.UNKNOWN:
                _settle(self._finished, self, self._failure())
        return self._finished

    def __await__(self) -> Generator[Any, None, Order]:
        if self.state is not OrderState.PENDING_NEW:  # answered already: no future needed
            error = self._failure()
            if error is not None:
                raise error
            return self
        return (yield from self.acknowledged().__await__())

    def __repr__(self) -> str:
        side = "BUY" if self.side == wire.BUY else "SELL"
        return (f"Order({self.client_order_id} {self.symbol} {side} {self.qty}@{self.price} "
                f"{self.state.value} leaves={self.leaves_qty} cum={self.cum_qty} "
                f"order_id={self.order_id})")


def _settle(future: asyncio.Future[Order], order: Order, error: FtzError | None) -> None:
    if error is None:
        future.set_result(order)
    else:
        future.set_exception(error)
