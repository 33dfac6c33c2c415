"""Reconnecting mid-session: what today's server lets the client keep, and what waits
for the server's journal (resend from a report sequence number, order status)."""

from __future__ import annotations

import asyncio

import pytest

import ftz
from ftz import OrderState, wire
from support import wait_until


class Proxy:
    """A TCP relay to the server that the test can cut, as a network failure would."""

    def __init__(self, server_port: int):
        self.server_port = server_port
        self.refuse = False  # drop new connections at once (the network is still down)
        self.drop_up = False  # lose what the client sends
        self.drop_down = False  # lose what the server sends
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        return self._server.sockets[0].getsockname()[1]

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        if self.refuse:
            client_w.transport.abort()
            return
        server_r, server_w = await asyncio.open_connection("127.0.0.1", self.server_port)
        self._writers += [client_w, server_w]

        async def pump(r: asyncio.StreamReader, w: asyncio.StreamWriter, up: bool) -> None:
            while data := await r.read(65536):
                if not (self.drop_up if up else self.drop_down):
                    w.write(data)
            w.transport.abort()

        await asyncio.gather(pump(client_r, server_w, True), pump(server_r, client_w, False),
                             return_exceptions=True)

    def cut(self) -> None:
        for w in self._writers:
            w.transport.abort()
        self._writers.clear()

    def close(self) -> None:
        self.cut()
        self._server.close()


def resting(book: ftz.Book) -> dict[tuple[int, int], int]:
    return {**{(wire.BUY, p): lv.qty for p, lv in book.bids.items()},
            **{(wire.SELL, p): lv.qty for p, lv in book.asks.items()}}


async def test_a_reconnect_loses_nothing_when_orders_rest_on(builtin):
    proxy = Proxy(builtin.port)
    port = await proxy.start()
    mm = await ftz.connect("p1", "secret", port=port, reconnect=True, cancel_on_disconnect=False,
                           heartbeat_ms=200)
    taker = await ftz.connect("p2", "secret", port=builtin.port)
    observer = await ftz.connect("p3", "secret", port=builtin.port)
    bids = await asyncio.gather(*(mm.buy("NDPR", 10, 1000 - i) for i in range(5)))
    asks = await asyncio.gather(*(mm.sell("NDPR", 10, 1010 + i) for i in range(5)))
    await (await taker.buy("NDPR", 4, 1010)).done()  # a partial fill before the drop
    sub = await mm.subscribe("NDPR")
    await wait_until(lambda: asks[0].cum_qty == 4)
    before = {o.client_order_id: (o.state, o.leaves_qty, o.cum_qty) for o in bids + asks}
    position = mm.tracker.position(asks[0].instrument_id)
    held = (position.qty, position.cash)

    proxy.cut()  # the network fails mid-session
    await wait_until(lambda: not mm.logged_on)
    await mm.wait_logged_on(timeout=5)
    assert mm.logons == 2

    # Nothing was lost: the same orders, the same position, and the server agrees.
    assert {o.client_order_id: (o.state, o.leaves_qty, o.cum_qty) for o in bids + asks} == before
    assert (position.qty, position.cash) == held
    truth = await observer.snapshot("NDPR")
    assert resting(truth) == {(o.side, o.price): o.leaves_qty for o in mm.tracker.open_orders()}
    await wait_until(lambda: sub.book.ready and sub.book.md_seq >= truth.md_seq)
    assert sub.book.same_levels(truth)  # resubscribed: a fresh snapshot

    # The orders keep working across sessions: fills reach the new session, cancels work.
    await (await taker.buy("NDPR", 8, 1011)).done()
    await wait_until(lambda: asks[0].state is OrderState.FILLED and asks[1].cum_qty == 2)
    assert position.qty == held[0] - 8
    assert (await mm.cancel(bids[0])).state is OrderState.CANCELLED
    assert len(mm.tracker.open_orders()) == 8  # 4 bids, 4 asks
    assert await mm.mass_cancel() == 8 and mm.tracker.open_orders() == []
    for c in (mm, taker, observer):
        await c.close()
    proxy.close()


async def test_with_cancel_on_disconnect_resting_orders_are_gone_after_a_drop(builtin):
    proxy = Proxy(builtin.port)
    port = await proxy.start()
    mm = await ftz.connect("p1", "secret", port=port, reconnect=True, heartbeat_ms=200)
    observer = await ftz.connect("p3", "secret", port=builtin.port)
    orders = await asyncio.gather(*(mm.buy("NDPR", 5, 1000 - i) for i in range(3)))
    proxy.refuse = True  # stays down for a while
    proxy.cut()
    await wait_until(lambda: not mm.logged_on)
    assert all(o.state is OrderState.CANCELLED and o.cancel_reason == wire.CANCEL_DISCONNECT
               for o in orders)
    assert mm.tracker.open_orders() == []
    server_view = None
    while server_view != {}:  # the server cancels them too, once it has seen the drop
        server_view = resting(await observer.snapshot("NDPR"))
    with pytest.raises(ftz.SessionClosed):
        mm.buy("NDPR", 1, 1000)  # no session: refused at once, not queued
    proxy.refuse = False
    await mm.wait_logged_on(timeout=5)
    assert (await mm.buy("NDPR", 1, 1000)).state is OrderState.NEW
    for c in (mm, observer):
        await c.close()
    proxy.close()


async def test_orders_in_flight_at_a_drop_become_unknown(builtin):
    proxy = Proxy(builtin.port)
    port = await proxy.start()
    mm = await ftz.connect("p1", "secret", port=port, reconnect=True, cancel_on_disconnect=False)
    proxy.refuse = True
    order = mm.buy("NDPR", 1, 1000)
    proxy.cut()  # before the order's acknowledgement could arrive
    with pytest.raises(ftz.SessionClosed):
        await order
    assert order.state is OrderState.UNKNOWN
    assert mm.tracker.orders([OrderState.UNKNOWN]) == [order]
    proxy.refuse = False
    await mm.wait_logged_on(timeout=5)
    await mm.close()
    proxy.close()


async def test_reports_sent_while_disconnected_are_replayed_at_logon(builtin):
    proxy = Proxy(builtin.port)
    port = await proxy.start()
    mm = await ftz.connect("p1", "secret", port=port, reconnect=True, cancel_on_disconnect=False)
    taker = await ftz.connect("p2", "secret", port=builtin.port)
    ask = await mm.sell("NDPR", 10, 1010)
    proxy.refuse = True
    proxy.cut()
    await wait_until(lambda: not mm.logged_on)
    await (await taker.buy("NDPR", 6, 1010)).done()  # fills our order while we are away
    proxy.refuse = False
    await mm.wait_logged_on(timeout=5)
    await wait_until(lambda: ask.cum_qty == 6)  # the fill, replayed after the resend point
    assert mm.tracker.position(ask.instrument_id).qty == -6
    for c in (mm, taker):
        await c.close()
    proxy.close()


async def lose_the_session_with(proxy: Proxy, client: ftz.Client, order: ftz.Order) -> None:
    """Cuts the connection while `order` is unanswered and reconnects after the client
    noticed: the order is UNKNOWN in between."""
    proxy.refuse = True
    proxy.cut()
    await wait_until(lambda: not client.logged_on)
    assert order.state is OrderState.UNKNOWN
    proxy.refuse = proxy.drop_up = proxy.drop_down = False
    await client.wait_logged_on(timeout=5)


async def test_an_order_whose_ack_was_lost_is_resolved_new_by_order_status(builtin):
    proxy = Proxy(builtin.port)
    port = await proxy.start()
    mm = await ftz.connect("p1", "secret", port=port, reconnect=True, cancel_on_disconnect=False)
    observer = await ftz.connect("p3", "secret", port=builtin.port)
    book = await observer.subscribe("NDPR")
    proxy.drop_down = True  # the exchange gets the order; its acknowledgement is lost
    order = mm.buy("NDPR", 3, 1000)
    await wait_until(lambda: 1000 in book.book.bids)  # it rests on the exchange
    await lose_the_session_with(proxy, mm, order)
    await wait_until(lambda: order.state is not OrderState.UNKNOWN)
    assert order.state is OrderState.NEW and order.order_id != 0 and order.leaves_qty == 3
    await mm.cancel(order)  # the resolved order is a live handle
    for c in (mm, observer):
        await c.close()
    proxy.close()


async def test_an_order_that_never_arrived_is_resolved_rejected(builtin):
    proxy = Proxy(builtin.port)
    port = await proxy.start()
    mm = await ftz.connect("p1", "secret", port=port, reconnect=True, cancel_on_disconnect=False)
    proxy.drop_up = True  # the order is lost on the way
    order = mm.buy("NDPR", 1, 1000)
    await asyncio.sleep(0.05)
    await lose_the_session_with(proxy, mm, order)
    await wait_until(lambda: order.state is not OrderState.UNKNOWN)
    assert order.state is OrderState.REJECTED
    assert mm.tracker.orders([OrderState.UNKNOWN]) == []
    await mm.close()
    proxy.close()


async def test_the_end_of_a_session_is_reported_and_ends_the_iterators(builtin):
    client = await ftz.connect("p1", "secret", port=builtin.port)
    sub = await client.subscribe("NDPR")
    order = await client.buy("NDPR", 1, 1000)
    seen: list[object] = []

    async def follow() -> None:
        async for update in sub:
            seen.append(update)

    follower = asyncio.create_task(follow())
    await asyncio.sleep(0.05)
    builtin.process.terminate()  # ftz serve shuts down: Logout(SERVER_SHUTDOWN) to everyone
    await asyncio.wait_for(follower, 5)  # the iterator ended
    assert isinstance(client.last_error, ftz.SessionClosed)
    assert client.last_error.reason == wire.LOGOUT_SERVER_SHUTDOWN
    assert order.state is OrderState.CANCELLED and order.cancel_reason == wire.CANCEL_DISCONNECT
    with pytest.raises(ftz.SessionClosed) as e:
        client.buy("NDPR", 1, 1000)
    assert e.value.reason == wire.LOGOUT_SERVER_SHUTDOWN
