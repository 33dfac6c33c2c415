"""A participant's trading state from its execution reports: open orders, fills, and
position and cash per instrument.

The tracker only ever changes on a report (or, when a session ends, by the rules the
exchange states for that case; see `session_lost`), so it is what the exchange said,
in the order it said it. Reports for orders this tracker did not send (another process
of the same participant, an earlier session) are adopted: their fills count too.
"""

from __future__ import annotations

from collections import deque
from typing import Iterable

from ftz import wire
from ftz.orders import DONE, Fill, Order, OrderState
from ftz.positions import Position


class OrderTracker:
    def __init__(self, fill_history: int | None = None):
        """fill_history: how many fills `fills` keeps (None: all). Positions count all."""
        self.live: dict[int, Order] = {}  # by client_order_id: pending and open orders
        self.fills: deque[Fill] = deque(maxlen=fill_history)
        self.positions: dict[int, Position] = {}  # by instrument_id
        self.symbols: dict[int, str] = {}  # instrument_id -> symbol, from the LogonAck
        # The last per-participant report sequence number applied (protocol version 2);
        # None before the first numbered report. The client asks for a resend from here at
        # each logon; a resent report at or below it was applied already and is skipped.
        self.last_report_seq: int | None = None

    def track(self, order: Order) -> None:
        """Registers an order about to be sent. Its client_order_id must not be live."""
        if order.client_order_id in self.live:
            raise ValueError(f"client_order_id {order.client_order_id} is in use")
        self.live[order.client_order_id] = order

    def apply(self, r: wire.ExecutionReport) -> Order | None:
        """Applies one execution report; returns the order it is about (None for a
        rejected cancel or replace of an order no longer tracked, or a resent report that
        was applied already)."""
        seq = r.report_seq
        if seq:
            if self.last_report_seq is not None and seq <= self.last_report_seq:
                return None  # a resend of a report applied before
            self.last_report_seq = seq
        order = self.live.get(r.client_order_id)
        if order is None:
            if r.exec_type == wire.EXEC_REJECTED and r.request != wire.REQUEST_NEW_ORDER:
                return None
            order = Order(r.client_order_id, self.symbols.get(r.instrument_id, ""),
                          r.instrument_id, r.side, r.price, r.qty, state=OrderState.NEW)
            self.live[r.client_order_id] = order
        fill = order.apply(r)
        if fill is not None:
            self.fills.append(fill)
            position = self.positions.get(fill.instrument_id) or self.position(fill.instrument_id)
            position.add(fill)
        if order.state in DONE:
            del self.live[order.client_order_id]
        return order

    def session_lost(self, cancel_on_disconnect: bool) -> list[Order]:
        """The session ended. Orders never acknowledged become UNKNOWN; with
        cancel-on-disconnect, the exchange cancels every resting order, so those become
        CANCELLED (CANCEL_DISCONNECT). Returns the orders that changed; UNKNOWN ones stay
        live until a report about them arrives."""
        changed = []
        for order in list(self.live.values()):
            if order.state is OrderState.PENDING_NEW:
                order.lost(OrderState.UNKNOWN)
            elif cancel_on_disconnect and order.state.is_open:
                order.lost(OrderState.CANCELLED, wire.CANCEL_DISCONNECT)
                del self.live[order.client_order_id]
            else:
                continue
            changed.append(order)
        return changed

    def resolve_unknown(self) -> list[Order]:
        """After a logon's resend and order status: an order still UNKNOWN never reached
        the exchange (its report would have come), so it is REJECTED. Returns them."""
        changed = []
        for order in list(self.live.values()):
            if order.state is OrderState.UNKNOWN:
                order.lost(OrderState.REJECTED)
                del self.live[order.client_order_id]
                changed.append(order)
        return changed

    # --- reading ----------------------------------------------------------------------

    def position(self, instrument_id: int) -> Position:
        """The instrument's position (zero if nothing traded)."""
        p = self.positions.get(instrument_id)
        if p is None:
            p = self.positions[instrument_id] = Position(instrument_id,
                                                         self.symbols.get(instrument_id, ""))
        return p

    def open_orders(self, instrument_id: int | None = None) -> list[Order]:
        """Acknowledged orders that can still trade, oldest first."""
        return [o for o in self.live.values()
                if o.state.is_open and (instrument_id is None or o.instrument_id == instrument_id)]

    def orders(self, states: Iterable[OrderState]) -> list[Order]:
        """Live orders in any of the given states (e.g. PENDING_NEW, UNKNOWN)."""
        wanted = set(states)
        return [o for o in self.live.values() if o.state in wanted]
