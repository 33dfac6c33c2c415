"""The asyncio client: one participant's session with the exchange.

    async with ftz.Client("jp-buyer", "jp-buyer", port=9470) as client:
        order = await client.buy("NDPR-OX", qty=2, price=11500)   # acknowledged
        await order.done()

What it does for you: logs on and keeps the session alive with heartbeats; sends
requests pipelined (nothing waits for an answer unless you await it); matches every
answer to its request, so an awaited order resolves to its acknowledgement or raises a
typed reject; tracks orders, fills, position and cash (`client.tracker`); keeps the
books of subscribed instruments current, recovering from gaps; and, with
`reconnect=True`, logs on again after the connection drops and resubscribes.

Everything runs on the event loop of the task that called `connect()`; the client is
not thread-safe (see ftz.sync for a blocking facade with its own loop thread).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import Any, Awaitable, Callable, Sequence

from ftz import wire
from ftz.book import Book, Result
from ftz.encoding import new_order_message
from ftz.errors import (AdminRejected, CancelRejected, FtzError, LogonRejected,
                        MassCancelRejected, ReplaceRejected, SessionClosed, SubscribeRejected)
from ftz.instruments import Instrument
from ftz.orders import Order
from ftz.positions import Position
from ftz.session import Session
from ftz.subscription import Subscription
from ftz.tracker import OrderTracker

log = logging.getLogger("ftz")

ExecutionCallback = Callable[[Order, wire.ExecutionReport], None]
LogonHook = Callable[["Client", wire.LogonAck], Awaitable[None]]

# Logon refusals that retrying cannot fix (ALREADY_LOGGED_ON can: the old session ends).
FATAL_LOGOUTS = frozenset({wire.LOGOUT_BAD_CREDENTIALS, wire.LOGOUT_UNSUPPORTED_VERSION})
_MARKET_DATA = ("level", "trade", "floor", "stockpile", "instrument_status")


class Client:
    def __init__(self, participant: str, token: str, host: str = "127.0.0.1", port: int = 9470,
                 *, heartbeat_ms: int = 0, cancel_on_disconnect: bool = True,
                 reconnect: bool = False,
                 reconnect_delays: Sequence[float] = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0),
                 fill_history: int | None = None, first_client_order_id: int | None = None):
        """Nothing happens until connect().

        heartbeat_ms: the interval to ask for (0: the server's default, 1000 ms).
        cancel_on_disconnect: the exchange cancels our resting orders whenever the
            session ends, however it ends (the protocol's default). False: they rest on.
        reconnect: after the connection drops (not after close() or a refused logon),
            connect and log on again, waiting reconnect_delays between attempts.
        fill_history: how many fills tracker.fills keeps (None: all).
        first_client_order_id: where the automatic client order ids start; by default
            the microseconds since 1970, so a restarted agent does not reuse an id that
            may still be resting (ids must be unique over the session's life).
        """
        self.participant = participant
        self.host, self.port = host, port
        self._token = token
        self.heartbeat_ms = heartbeat_ms
        self.cancel_on_disconnect = cancel_on_disconnect
        self.reconnect = reconnect
        self.reconnect_delays = tuple(reconnect_delays)
        self.tracker = OrderTracker(fill_history)
        self.logon_ack: wire.LogonAck | None = None
        self.instruments: dict[str, Instrument] = {}  # by symbol
        self.logons = 0  # successful logons (1 + reconnects)
        self.last_error: FtzError | None = None  # why the last session ended
        self._next_cid = first_client_order_id or time.time_ns() // 1000
        self._next_request_id = 1
        self._session: Session | None = None
        self._logged_on = asyncio.Event()
        self._closing = False
        self._logon_reply: asyncio.Future[wire.LogonAck] | None = None
        self._cancels: dict[int, deque[asyncio.Future[Order]]] = {}  # by client_order_id
        self._replaces: dict[int, deque[asyncio.Future[Order]]] = {}
        self._requests: dict[int, asyncio.Future[object]] = {}  # mass cancel, admin
        self._subscriptions: dict[int, Subscription] = {}  # by instrument_id
        self._snapshots: dict[int, list[tuple[Book, asyncio.Future[Book]]]] = {}
        self._execution_callbacks: list[ExecutionCallback] = []
        self._logon_hooks: list[LogonHook] = []
        self._reconnecting: asyncio.Task[None] | None = None
        self._handlers: dict[str | None, Callable[[wire.ServerMessage], None]] = {
            "execution": self._on_execution, "snapshot": self._on_snapshot,
            "mass_cancel_ack": self._on_mass_cancel_ack, "admin_ack": self._on_admin_ack,
            "subscribe_reject": self._on_subscribe_reject, "logon_ack": self._on_logon_ack,
            "logout": self._on_logout, "heartbeat": lambda m: None,
            **{kind: self._on_market_data for kind in _MARKET_DATA}}

    # --- session ----------------------------------------------------------------------

    async def connect(self, timeout: float = 5.0) -> wire.LogonAck:
        """Connects and logs on; raises LogonRejected, SessionClosed or OSError."""
        self._closing = False
        return await asyncio.wait_for(self._open(), timeout)

    async def _open(self) -> wire.LogonAck:
        loop = asyncio.get_running_loop()
        _, session = await loop.create_connection(
            lambda: Session(self._on_message, self._on_closed), self.host, self.port)
        self._session = session
        self._logon_reply = loop.create_future()
        m = wire.ClientMessage()
        logon = m.logon
        logon.protocol_version = wire.PROTOCOL_VERSION_CURRENT
        logon.participant = self.participant
        logon.token = self._token
        logon.heartbeat_interval_ms = self.heartbeat_ms
        logon.disable_cancel_on_disconnect = not self.cancel_on_disconnect
        # Reconciliation (protocol version 2): the reports after the last one applied, then
        # the open orders' status (docs/protocol.md).
        if self.tracker.last_report_seq is not None:
            logon.last_report_seq = self.tracker.last_report_seq
        logon.order_status = True
        session.send(m)
        try:
            ack = await self._logon_reply
        except BaseException:
            session.abort(SessionClosed(None, "logon abandoned"))
            raise
        session.start_heartbeats(ack.heartbeat_interval_ms / 1000)
        session.logged_on = True
        self._after_logon(ack)
        for hook in self._logon_hooks:
            try:
                await hook(self, ack)
            except Exception:  # the session is up; a hook's failure is the hook's
                log.exception("logon hook %r failed", hook)
        self._logged_on.set()
        return ack

    def _after_logon(self, ack: wire.LogonAck) -> None:
        self.logon_ack = ack
        self.logons += 1
        self.instruments = {i.symbol: Instrument.from_info(i) for i in ack.instruments}
        self.tracker.symbols = {i.instrument_id: i.symbol for i in ack.instruments}
        for sub in self._subscriptions.values():  # fresh snapshots after a reconnect
            self._send_symbol("subscribe", sub.symbol, sub.book.conflated)
        # The resent reports and the order status follow the ack; once they are in, an
        # order still UNKNOWN never reached the exchange.
        self._reconcile_left = ack.resent + ack.open_orders
        if self._reconcile_left == 0:
            self.tracker.resolve_unknown()

    def add_logon_hook(self, hook: LogonHook) -> None:
        """Runs `await hook(client, ack)` after every logon, before the client counts as
        logged on (e.g. to re-place quotes after a reconnect)."""
        self._logon_hooks.append(hook)

    def on_execution(self, callback: ExecutionCallback) -> None:
        """Calls callback(order, report) after the tracker has applied each report."""
        self._execution_callbacks.append(callback)

    @property
    def logged_on(self) -> bool:
        return self._logged_on.is_set()

    async def wait_logged_on(self, timeout: float | None = None) -> None:
        """Waits until the client is logged on (e.g. while it reconnects)."""
        await asyncio.wait_for(self._logged_on.wait(), timeout)

    async def close(self, timeout: float = 2.0) -> None:
        """Logs out (cancel-on-disconnect applies) and waits for the server's goodbye."""
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        for sub in self._subscriptions.values():
            sub.end()
        session = self._session
        if session is None:
            return
        m = wire.ClientMessage()
        m.logout.SetInParent()
        session.send(m)
        try:
            await asyncio.wait_for(asyncio.shield(session.closed), timeout)
        except asyncio.TimeoutError:
            session.abort(SessionClosed(None, "no Logout from the server"))

    async def __aenter__(self) -> Client:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _live(self) -> Session:
        if self._session is None or not self._session.logged_on:
            raise self.last_error or SessionClosed(None, "not logged on")
        return self._session

    # --- orders -----------------------------------------------------------------------

    def new_order(self, symbol: str, side: int, qty: int, price: int = 0, *,
                  order_type: int = wire.LIMIT, tif: int = wire.GTC, stp: int = wire.STP_NONE,
                  post_only: bool = False, origin: str = "",
                  client_order_id: int | None = None) -> Order:
        """Sends a NewOrder and returns its Order (PENDING_NEW) at once.

        Await the order for its acknowledgement (raises OrderRejected), or
        order.done() for its end. Prices are ticks, quantities lots. `origin` declares
        the material's origin on sells under the FTZ rules (e.g. "AU").
        """
        session = self._live()
        if client_order_id is None:
            client_order_id = self._next_cid
            self._next_cid += 1
        instrument = self.instruments.get(symbol)
        order = Order(client_order_id, symbol, instrument.instrument_id if instrument else 0,
                      side, price, qty)
        self.tracker.track(order)
        session.send_body(new_order_message(client_order_id, symbol, side, price, qty, order_type,
                                            tif, stp, post_only, origin))
        return order

    def buy(self, symbol: str, qty: int, price: int = 0, **kwargs: object) -> Order:
        """new_order(symbol, wire.BUY, qty, price, ...)."""
        return self.new_order(symbol, wire.BUY, qty, price, **kwargs)  # type: ignore[arg-type]

    def sell(self, symbol: str, qty: int, price: int = 0, **kwargs: object) -> Order:
        """new_order(symbol, wire.SELL, qty, price, ...)."""
        return self.new_order(symbol, wire.SELL, qty, price, **kwargs)  # type: ignore[arg-type]

    def cancel(self, order: Order | int) -> asyncio.Future[Order]:
        """Cancels an order (or the resting order with this client_order_id). Resolves
        to the order once EXEC_CANCELLED arrives; raises CancelRejected (e.g.
        UNKNOWN_ORDER: it had filled or was cancelled already)."""
        cid, order_id = _target(order)
        m = wire.ClientMessage()
        m.cancel.client_order_id = cid
        m.cancel.order_id = order_id
        return self._send_and_wait(m, self._cancels, cid)

    def replace(self, order: Order | int, price: int, qty: int) -> asyncio.Future[Order]:
        """New price and new open (leaves) quantity. Resolves to the order once
        EXEC_REPLACED arrives; raises ReplaceRejected."""
        cid, order_id = _target(order)
        m = wire.ClientMessage()
        r = m.replace
        r.client_order_id = cid
        r.order_id = order_id
        r.price = price
        r.qty = qty
        return self._send_and_wait(m, self._replaces, cid)

    def _send_and_wait(self, m: wire.ClientMessage, pending: dict[int, deque[asyncio.Future[Order]]],
                       cid: int) -> asyncio.Future[Order]:
        session = self._live()
        future: asyncio.Future[Order] = asyncio.get_running_loop().create_future()
        pending.setdefault(cid, deque()).append(future)
        session.send(m)
        return future

    def mass_cancel(self, symbol: str = "", side: int | None = None) -> asyncio.Future[int]:
        """Cancels our resting orders (of one instrument and/or side). Resolves to how
        many were cancelled, after their EXEC_CANCELLED reports; raises MassCancelRejected."""
        m = wire.ClientMessage()
        c = m.mass_cancel
        c.symbol = symbol
        if side is not None:
            c.filter_side = True
            c.side = side  # type: ignore[assignment]  # an int, as everywhere in this API
        return self._request(m, c)  # type: ignore[return-value]

    async def admin(self, **body: object) -> wire.AdminAck:
        """One admin request, e.g. admin(set_floor=wire.SetFloor(symbol="NDPR-OX",
        price=12000)), admin(halt=wire.Halt(symbol=...)), admin(end_period=wire.EndPeriod()),
        admin(stats=wire.StatsRequest()). Returns the AdminAck; raises AdminRejected."""
        (name, value), = body.items()
        m = wire.ClientMessage()
        field = getattr(m.admin, name)
        field.SetInParent()
        field.CopyFrom(value)
        return await self._request(m, m.admin)  # type: ignore[return-value]

    async def stats(self) -> wire.Stats:
        """The exchange's counters (admin sessions only)."""
        return (await self.admin(stats=wire.StatsRequest())).stats

    def _request(self, m: wire.ClientMessage, body: wire.MassCancel | wire.AdminRequest
                 ) -> asyncio.Future[object]:
        session = self._live()
        body.request_id = request_id = self._next_request_id
        self._next_request_id += 1
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        self._requests[request_id] = future
        session.send(m)
        return future

    # --- state ------------------------------------------------------------------------

    def position(self, symbol: str) -> Position:
        """Position and cash on an instrument, from our fills (tracker.position by id)."""
        return self.tracker.position(self.instruments[symbol].instrument_id)

    def open_orders(self, symbol: str | None = None) -> list[Order]:
        """Our acknowledged orders that can still trade, oldest first."""
        return self.tracker.open_orders(None if symbol is None
                                        else self.instruments[symbol].instrument_id)

    # --- market data ------------------------------------------------------------------

    async def subscribe(self, symbol: str, on_update: Callable[..., None] | None = None,
                        conflate: bool = False) -> Subscription:
        """Subscribes to an instrument; returns once its book is built from the first
        snapshot. Raises SubscribeRejected (UNKNOWN_INSTRUMENT). `conflate`: while this
        client is behind, the server sends the book's latest states rather than every
        update (for a current book, not every change; md_seq then skips)."""
        instrument = self.instruments.get(symbol)
        if instrument is None:
            raise SubscribeRejected(wire.UNKNOWN_INSTRUMENT, f"unknown symbol {symbol}")
        sub = self._subscriptions.get(instrument.instrument_id)
        if sub is None:
            self._live()
            sub = Subscription(Book(symbol, instrument.instrument_id, conflate))
            self._subscriptions[instrument.instrument_id] = sub
            self._send_symbol("subscribe", symbol, conflate)
        if on_update is not None:
            sub.on_update(on_update)
        return await sub.ready()

    def unsubscribe(self, symbol: str) -> None:
        """Stops the instrument's updates; its iterators end."""
        instrument = self.instruments[symbol]
        sub = self._subscriptions.pop(instrument.instrument_id, None)
        if sub is not None:
            sub.end()
            if self._session is not None:
                self._send_symbol("unsubscribe", symbol)

    def book(self, symbol: str) -> Book:
        """The book of a subscribed instrument (KeyError if not subscribed)."""
        return self._subscriptions[self.instruments[symbol].instrument_id].book

    async def snapshot(self, symbol: str) -> Book:
        """One fresh snapshot of the instrument, as a Book, without subscribing."""
        instrument = self.instruments[symbol]
        self._live()
        future: asyncio.Future[Book] = asyncio.get_running_loop().create_future()
        waiters = self._snapshots.setdefault(instrument.instrument_id, [])
        waiters.append((Book(symbol, instrument.instrument_id), future))
        self._send_symbol("snapshot_request", symbol)
        return await future

    def _send_symbol(self, kind: str, symbol: str, conflate: bool = False) -> None:
        m = wire.ClientMessage()
        getattr(m, kind).symbol = symbol
        if conflate:
            m.subscribe.conflate = True
        if self._session is not None:
            self._session.send(m)

    # --- receiving --------------------------------------------------------------------

    def _on_message(self, m: wire.ServerMessage) -> None:
        handler = self._handlers.get(m.WhichOneof("body"))
        if handler is not None:  # a newer server's new message: ignored, like new fields
            handler(m)

    def _on_logon_ack(self, m: wire.ServerMessage) -> None:
        if self._logon_reply is not None and not self._logon_reply.done():
            self._logon_reply.set_result(m.logon_ack)

    def _on_logout(self, m: wire.ServerMessage) -> None:
        if self._logon_reply is not None and not self._logon_reply.done():
            self._logon_reply.set_exception(LogonRejected(m.logout.reason, m.logout.text))

    def _on_execution(self, m: wire.ServerMessage) -> None:
        r = m.execution
        order = self.tracker.apply(r)
        if getattr(self, "_reconcile_left", 0) > 0:
            self._reconcile_left -= 1
            if self._reconcile_left == 0:
                self.tracker.resolve_unknown()
        if self._cancels or self._replaces:
            self._answer(r, order)
        if order is not None and self._execution_callbacks:
            for callback in self._execution_callbacks:
                try:
                    callback(order, r)
                except Exception:
                    log.exception("execution callback failed")

    def _answer(self, r: wire.ExecutionReport, order: Order | None) -> None:
        """Settles the cancel or replace request this report answers, if any."""
        exec_type = r.exec_type
        if exec_type == wire.EXEC_REJECTED:
            if r.request == wire.REQUEST_CANCEL:
                _resolve(self._cancels, r.client_order_id, error=CancelRejected(r.reject_reason, r.text, r))
            elif r.request == wire.REQUEST_REPLACE:
                _resolve(self._replaces, r.client_order_id, error=ReplaceRejected(r.reject_reason, r.text, r))
        elif exec_type == wire.EXEC_CANCELLED and r.cancel_reason == wire.CANCEL_USER:
            _resolve(self._cancels, r.client_order_id, order)
        elif exec_type == wire.EXEC_REPLACED:
            _resolve(self._replaces, r.client_order_id, order)

    def _on_mass_cancel_ack(self, m: wire.ServerMessage) -> None:
        a = m.mass_cancel_ack
        future = self._requests.pop(a.request_id, None)
        if future is not None and not future.done():
            if a.reason:
                future.set_exception(MassCancelRejected(a.reason))
            else:
                future.set_result(a.cancelled)

    def _on_admin_ack(self, m: wire.ServerMessage) -> None:
        a = m.admin_ack
        future = self._requests.pop(a.request_id, None)
        if future is not None and not future.done():
            if a.ok:
                future.set_result(a)
            else:
                future.set_exception(AdminRejected(a.reason, a.text))

    def _on_snapshot(self, m: wire.ServerMessage) -> None:
        s = m.snapshot
        sub = self._subscriptions.get(s.instrument_id)
        if sub is not None and sub.book.apply_snapshot(s) is Result.APPLIED:
            sub.publish(s)
        waiters = self._snapshots.get(s.instrument_id)
        if waiters:  # one-shot snapshots complete in request order
            book, future = waiters[0]
            if book.apply_snapshot(s) is Result.APPLIED:
                waiters.pop(0)
                if not future.done():
                    future.set_result(book)

    def _on_market_data(self, m: wire.ServerMessage) -> None:
        update = getattr(m, m.WhichOneof("body"))
        sub = self._subscriptions.get(update.instrument_id)
        if sub is None:
            return
        result = sub.book.apply(update)
        if result is Result.APPLIED:
            sub.publish(update)
        elif result is Result.GAP:
            sub.gaps += 1
            log.warning("%s market data gap after md_seq %d (got %d): asking for a "
                        "snapshot", sub.symbol, sub.book.md_seq, update.md_seq)
            self._send_symbol("snapshot_request", sub.symbol)

    def _on_subscribe_reject(self, m: wire.ServerMessage) -> None:
        r = m.subscribe_reject
        instrument = self.instruments.get(r.symbol)
        if instrument is not None:
            sub = self._subscriptions.pop(instrument.instrument_id, None)
            if sub is not None:
                sub.fail(SubscribeRejected(r.reason, r.text))

    # --- the end of a session ---------------------------------------------------------

    def _on_closed(self, session: Session, error: FtzError) -> None:
        if session is not self._session:
            return
        was_logged_on = session.logged_on
        self._session = None
        self._logged_on.clear()
        self.last_error = error
        if self._logon_reply is not None and not self._logon_reply.done():
            self._logon_reply.set_exception(error)
        if not was_logged_on:
            return
        cod = self.logon_ack is not None and self.logon_ack.cancel_on_disconnect
        lost = self.tracker.session_lost(cod)
        waiting: list[asyncio.Future[Any]] = [f for pending in (self._cancels, self._replaces)
                                              for futures in pending.values() for f in futures]
        waiting += self._requests.values()
        waiting += [f for w in self._snapshots.values() for _, f in w]
        for future in waiting:
            if not future.done():
                future.set_exception(error)
        self._cancels.clear()
        self._replaces.clear()
        self._requests.clear()
        self._snapshots.clear()
        level = logging.INFO if self._closing else logging.WARNING
        log.log(level, "%s's session ended: %s%s", self.participant, error,
                f"; cancel-on-disconnect cancelled {sum(o.state.is_done for o in lost)} "
                f"resting order(s)" if cod else "")
        if self.reconnect and not self._closing:
            for sub in self._subscriptions.values():
                sub.book.invalidate()  # until the snapshot the resubscription brings
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())
        else:
            for sub in self._subscriptions.values():
                sub.book.invalidate()
                sub.fail(error)  # no more updates: iterators end
            self._subscriptions.clear()

    async def _reconnect(self) -> None:
        for attempt in range(1 << 62):
            await asyncio.sleep(self.reconnect_delays[min(attempt, len(self.reconnect_delays) - 1)])
            try:
                await asyncio.wait_for(self._open(), 5.0)
                log.info("%s logged on again (attempt %d)", self.participant, attempt + 1)
                return
            except LogonRejected as e:
                if e.reason in FATAL_LOGOUTS:
                    log.error("%s cannot log on again: %s", self.participant, e)
                    return
            except (OSError, SessionClosed, asyncio.TimeoutError) as e:
                log.debug("reconnect attempt %d failed: %s", attempt + 1, e)


def _target(order: Order | int) -> tuple[int, int]:
    """(client_order_id, order_id) of a cancel or replace target."""
    if isinstance(order, Order):
        return order.client_order_id, order.order_id
    return order, 0


def _resolve(pending: dict[int, deque[asyncio.Future[Order]]], cid: int, order: Order | None = None,
             error: FtzError | None = None) -> None:
    """Settles the oldest request waiting for an answer about this client_order_id."""
    futures = pending.get(cid)
    if not futures:
        return
    future = futures.popleft()
    if not futures:
        del pending[cid]
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(order)  # type: ignore[arg-type]


async def connect(participant: str, token: str, host: str = "127.0.0.1", port: int = 9470,
                  **options: object) -> Client:
    """A logged-on Client (see Client for the options)."""
    client = Client(participant, token, host, port, **options)  # type: ignore[arg-type]
    await client.connect()
    return client
