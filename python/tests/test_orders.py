"""Orders resolve to typed results, and the client's tracking equals the server's view."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import pytest

import ftz
from ftz import OrderState, wire
from support import random_traffic


async def test_an_order_resolves_to_its_acknowledgement_and_then_its_fills(market):
    async with ftz.Client("fr-refiner", "fr-refiner", port=market.port) as seller, \
            ftz.Client("us-buyer", "us-buyer", port=market.port) as buyer:
        ask = await seller.sell("NDPR-OX", qty=3, price=12345, origin="FR")
        assert ask.state is OrderState.NEW and ask.order_id > 0 and ask.leaves_qty == 3
        bid = await buyer.buy("NDPR-OX", qty=2, price=12400)
        await bid.done()
        assert bid.state is OrderState.FILLED and bid.fills[0].price == 12345  # the maker's price
        while ask.cum_qty < 2:
            await asyncio.sleep(0.001)
        assert ask.state is OrderState.PARTIALLY_FILLED and ask.leaves_qty == 1
        assert ask.fills[0].trade_id == bid.fills[0].trade_id
        ox = seller.instruments["NDPR-OX"]
        assert seller.tracker.position(ox.instrument_id).qty == -2
        assert buyer.tracker.position(ox.instrument_id).cash == -2 * 12345
        assert ox.money(buyer.tracker.position(ox.instrument_id).cash) == pytest.approx(-246_900)

        replaced = await seller.replace(ask, price=12345, qty=1)
        assert replaced is ask and ask.last_report.priority_kept
        cancelled = await seller.cancel(ask)
        assert cancelled.state is OrderState.CANCELLED and cancelled.cancel_reason == wire.CANCEL_USER
        with pytest.raises(ftz.CancelRejected) as e:
            await seller.cancel(ask)
        assert e.value.reason == wire.UNKNOWN_ORDER
        with pytest.raises(ftz.ReplaceRejected) as e:
            await seller.replace(ask, price=12000, qty=1)
        assert e.value.reason == wire.UNKNOWN_ORDER


async def test_rejects_are_typed_and_carry_the_reason(market):
    async with ftz.Client("jp-buyer", "jp-buyer", port=market.port) as c:
        with pytest.raises(ftz.OrderRejected) as e:
            await c.buy("NDPR-OX", qty=1, price=9500)
        assert e.value.reason == wire.BELOW_FLOOR and e.value.reason_name == "BELOW_FLOOR"
        assert "below NDPR-OX floor 110.00" in e.value.text
        order = c.tracker.orders([OrderState.REJECTED])
        assert order == []  # a rejected order is finished: no longer live
        with pytest.raises(ftz.OrderRejected) as e:
            await c.sell("NDPR-OX", qty=1, price=12000)  # a buyer may not sell oxide
        assert e.value.reason == wire.ROLE_NOT_ALLOWED
        with pytest.raises(ftz.OrderRejected) as e:
            await c.buy("NDPR-OX", qty=1, price=11000, tif=wire.FOK)
        assert e.value.reason == wire.FOK_NOT_FILLABLE
        first = await c.buy("NDPR-OX", qty=1, price=11001)
        with pytest.raises(ValueError):
            c.buy("NDPR-OX", qty=1, price=11001, client_order_id=first.client_order_id)
        await c.cancel(first)
        with pytest.raises(ftz.OrderRejected) as e:  # ids are unique over the session's life
            await c.buy("NDPR-OX", qty=1, price=11001, client_order_id=first.client_order_id)
        assert e.value.reason == wire.DUPLICATE_CLIENT_ID
        with pytest.raises(ftz.AdminRejected) as e:
            await c.stats()
        assert e.value.reason == wire.NOT_ADMIN
        with pytest.raises(ftz.SubscribeRejected):
            await c.subscribe("NOPE")


async def test_an_ioc_remainder_is_cancelled_and_sells_pay_duty(market):
    async with ftz.Client("cn-exporter", "cn-exporter", port=market.port) as seller, \
            ftz.Client("jp-buyer", "jp-buyer", port=market.port) as buyer:
        ask = await seller.sell("LI2CO3", qty=4, price=9000, origin="CN")  # non-member
        assert ask.price == 11250  # rests at its landed price: 9000 net + the 25% tariff
        ioc = await buyer.buy("LI2CO3", qty=10, price=11250, tif=wire.IOC)
        await ioc.done()
        assert (ioc.state, ioc.cum_qty, ioc.cancel_reason) == \
               (OrderState.CANCELLED, 4, wire.CANCEL_UNFILLED)
        await ask.done()
        fill = ask.fills[0]
        assert (fill.qty, fill.price, fill.duty, fill.net_proceeds) == (4, 11250, 4 * 2250, 4 * 9000)
        position = seller.tracker.position(ask.instrument_id)
        assert (position.qty, position.cash, position.duty) == (-4, 4 * 9000, 4 * 2250)
        assert buyer.tracker.position(ask.instrument_id).cash == -4 * 11250


async def test_mass_cancel_answers_after_its_cancels(market):
    async with ftz.Client("gb-mm", "gb-mm", port=market.port) as mm:
        await asyncio.gather(*(mm.buy("COBALT", 1, 18100 + i) for i in range(5)),
                             *(mm.sell("COBALT", 1, 20000 + i) for i in range(3)))
        assert await mm.mass_cancel("COBALT", side=wire.SELL) == 3
        assert len(mm.tracker.open_orders()) == 5  # the reports came before the ack
        assert await mm.mass_cancel() == 5
        assert mm.tracker.open_orders() == []
        with pytest.raises(ftz.MassCancelRejected) as e:
            await mm.mass_cancel("NOPE")
        assert e.value.reason == wire.UNKNOWN_INSTRUMENT


async def test_tracking_equals_the_servers_view_after_a_random_session(builtin):
    rng = random.Random(2026)
    clients = [await ftz.connect(f"p{i}", "secret", port=builtin.port) for i in (1, 2, 3)]
    admin = await ftz.connect("admin", "admin", port=builtin.port)
    trades: list[wire.Trade] = []
    for symbol in ("NDPR", "COBALT"):
        await admin.subscribe(symbol, on_update=lambda book, u: trades.append(u)
                              if isinstance(u, wire.Trade) else None)
    await random_traffic(clients, ["NDPR", "NDPR", "COBALT"], rng, 6000, mid=1000)
    await asyncio.sleep(0.05)  # the last fills of makers follow their takers' answers

    # 1. Resting orders: the server's books, level by level, are our open orders summed.
    for symbol in ("NDPR", "COBALT"):
        book = await admin.snapshot(symbol)
        ours: dict[tuple[int, int], list[int]] = {}
        for c in clients:
            for o in c.tracker.open_orders(book.instrument_id):
                level = ours.setdefault((o.side, o.price), [0, 0])
                level[0] += o.leaves_qty
                level[1] += 1
        server = {(wire.BUY, p): [lv.qty, lv.orders] for p, lv in book.bids.items()}
        server.update({(wire.SELL, p): [lv.qty, lv.orders] for p, lv in book.asks.items()})
        assert ours == server, symbol
    stats = await admin.stats()
    assert stats.resting_orders == sum(len(c.tracker.open_orders()) for c in clients) > 20

    # 2. Fills: every trade has a buy fill and a sell fill among us, same price and size.
    fills = [f for c in clients for f in c.tracker.fills]
    by_trade: dict[int, list[ftz.Fill]] = {}
    for f in fills:
        by_trade.setdefault(f.trade_id, []).append(f)
    assert len(by_trade) == len(trades) == stats.trades > 300
    for t in trades:
        buy, sell = sorted(by_trade[t.trade_id], key=lambda f: f.side)
        assert (buy.side, sell.side, buy.price, sell.price, buy.qty, sell.qty) == \
               (wire.BUY, wire.SELL, t.price, t.price, t.qty, t.qty)

    # 3. Positions and cash balance to zero between us, and match the fills.
    for iid in {f.instrument_id for f in fills}:
        positions = [c.tracker.position(iid) for c in clients]
        assert sum(p.qty for p in positions) == 0 and sum(p.cash for p in positions) == 0
        assert sum(p.bought for p in positions) == sum(t.qty for t in trades if t.instrument_id == iid)
    assert stats.volume == sum(t.qty for t in trades)

    # 4. Each order's quantities: cum is the sum of its fills; open ones still rest.
    cancelled: Counter[int] = Counter()
    for c in clients:
        before = {o.client_order_id: o.leaves_qty for o in c.tracker.open_orders()}
        for o in c.tracker.open_orders():
            assert o.cum_qty == sum(f.qty for f in o.fills) and o.qty == o.cum_qty + o.leaves_qty
        reports: dict[int, wire.ExecutionReport] = {}
        c.on_execution(lambda order, r, reports=reports: reports.__setitem__(r.client_order_id, r))
        cancelled[c.participant] = await c.mass_cancel()
        assert cancelled[c.participant] == len(before)
        assert {cid: r.qty - r.cum_qty for cid, r in reports.items()} == before
    assert (await admin.stats()).resting_orders == 0
    for c in clients + [admin]:
        await c.close()
