"""The example agents against `ftz serve` on the default market."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys

import ftz
from ftz import OrderState, wire
from support import wait_until
from ftz.agents.market_maker import FloorMarketMaker
from ftz.agents.refining_spread import RefiningSpread
from ftz.agents.stockpile_buyer import StockpileReferenceBuyer


def quoted(agent: FloorMarketMaker, bid: int, ask: int) -> bool:
    b, a = agent.quotes[wire.BUY], agent.quotes[wire.SELL]
    return bool(b and a and b.state.is_open and a.state.is_open and (b.price, a.price) == (bid, ask))


async def test_the_market_maker_quotes_above_the_floor_follows_it_and_skews(market):
    mm = await ftz.connect("gb-mm", "gb-mm", port=market.port)
    admin = await ftz.connect("admin", "admin", port=market.port)
    buyer = await ftz.connect("us-buyer", "us-buyer", port=market.port)
    rejects: list[wire.ExecutionReport] = []
    mm.on_execution(lambda o, r: rejects.append(r) if r.exec_type == wire.EXEC_REJECTED else None)
    agent = FloorMarketMaker(mm, symbol="NDPR-OX", size=5, half_spread=50, skew=2)
    task = asyncio.create_task(agent.run())

    # No other offer, no trade yet: fair value is the floor (11000) + 4 half-spreads.
    await wait_until(lambda: quoted(agent, 11150, 11250))
    book = await admin.snapshot("NDPR-OX")
    assert book.bids[11150].qty == 5 and book.asks[11250].qty == 5
    first = dict(agent.quotes)

    # The floor rises above both quotes: the exchange cancels them, the maker requotes.
    await admin.admin(set_floor=wire.SetFloor(symbol="NDPR-OX", price=12000))
    await wait_until(lambda: quoted(agent, 12150, 12250))
    assert all(o.cancel_reason == wire.CANCEL_FLOOR_RAISED for o in first.values())

    # A buyer lifts the offer: short 5 lots, the maker prices off the trade (12250) and
    # skews up by 2 ticks a lot: 12250 - 50 + 10 and 12250 + 50 + 10.
    lift = await buyer.buy("NDPR-OX", 5, 12250, tif=wire.IOC)
    await lift.done()
    assert lift.cum_qty == 5
    await wait_until(lambda: quoted(agent, 12210, 12310))
    assert mm.tracker.position(lift.instrument_id).qty == -5
    book = await admin.snapshot("NDPR-OX")
    assert book.bids[12210].qty == 5 and book.asks[12310].qty == 5
    assert not any(r.reject_reason == wire.BELOW_FLOOR for r in rejects)

    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    book = await admin.snapshot("NDPR-OX")  # it withdrew its quotes
    assert 12210 not in book.bids and book.asks == {}
    for c in (mm, admin, buyer):
        await c.close()


async def test_the_buyer_bids_just_above_the_stockpile_and_follows_the_floor(market):
    client = await ftz.connect("jp-buyer", "jp-buyer", port=market.port)
    seller = await ftz.connect("fr-refiner", "fr-refiner", port=market.port)
    admin = await ftz.connect("admin", "admin", port=market.port)
    agent = StockpileReferenceBuyer(client, symbol="NDPR-OX", target=20, premium=100,
                                    take_premium=500, limit=13000)
    task = asyncio.create_task(agent.run())
    ox = client.instruments["NDPR-OX"].instrument_id
    position = client.tracker.position(ox)

    # The stockpile bids at the floor (11000): the buyer rests its 20 lots a tick... a
    # premium above, so a seller at the floor sells to it, not to the stockpile.
    await wait_until(lambda: agent.bid is not None and agent.bid.state.is_open)
    assert (agent.bid.price, agent.bid.leaves_qty) == (11100, 20)
    hit = await seller.sell("NDPR-OX", 5, 11000, tif=wire.IOC, origin="FR")
    await hit.done()
    assert hit.avg_price == 11100
    await wait_until(lambda: position.bought == 5)
    assert (await admin.snapshot("NDPR-OX")).bids[11000].qty == 1000  # the stockpile got none

    # An offer within take_premium of the reference is taken at once.
    await seller.sell("NDPR-OX", 10, 11400, origin="FR")
    await wait_until(lambda: position.bought == 15)
    await wait_until(lambda: agent.bid.leaves_qty == 5)

    # One above it is left alone ...
    far = await seller.sell("NDPR-OX", 10, 12100, origin="FR")
    await asyncio.sleep(0.3)
    assert position.bought == 15 and far.leaves_qty == 10

    # ... until the floor, and with it the stockpile's bid, rises to 11600: the same
    # offer is now within reach, and the buyer completes its 20 lots and stops.
    await admin.admin(set_floor=wire.SetFloor(symbol="NDPR-OX", price=11600))
    await asyncio.wait_for(task, 5)
    assert position.bought == 20 and position.cash == -(5 * 11100 + 10 * 11400 + 5 * 12100)
    assert client.tracker.open_orders() == []
    for c in (client, seller, admin):
        await c.close()


async def test_the_refiner_buys_concentrate_and_sells_oxide_while_the_spread_pays(market):
    refiner = await ftz.connect("au-miner", "au-miner", port=market.port)
    miner = await ftz.connect("us-miner", "us-miner", port=market.port)
    magnets = await ftz.connect("de-buyer", "de-buyer", port=market.port)
    admin = await ftz.connect("admin", "admin", port=market.port)
    cheap = await miner.sell("NDPR-CONC", 10, 6000, origin="US")  # USD 60/kg
    dear = await miner.sell("NDPR-CONC", 10, 8000, origin="US")
    oxide_bid = await magnets.buy("NDPR-OX", 5, 12000)
    agent = RefiningSpread(refiner, processing_cost=4000, min_margin=100)
    task = asyncio.create_task(agent.run())

    # 12000 - 6000 - 4000 and then, at the stockpile's bid, 11000 - 6000 - 4000 both pay;
    # 11000 - 8000 - 4000 does not.
    conc = refiner.tracker.position(cheap.instrument_id)
    ox = refiner.tracker.position(oxide_bid.instrument_id)
    await wait_until(lambda: (conc.qty, ox.qty) == (10, -10))
    await asyncio.sleep(0.3)
    assert (conc.qty, ox.qty, agent.inventory) == (10, -10, 0)
    assert conc.cash == -10 * 6000 and ox.cash == 5 * 12000 + 5 * 11000
    assert cheap.state is OrderState.FILLED and oxide_bid.state is OrderState.FILLED
    assert dear.leaves_qty == 10
    assert (await admin.snapshot("NDPR-OX")).bids[11000].qty == 995  # 5 to the stockpile

    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    for c in (refiner, miner, magnets, admin):
        await c.close()


async def test_an_agent_runs_from_the_command_line(market, source_env):
    agent = subprocess.Popen([sys.executable, "-m", "ftz.agents.market_maker",
                              f"--port={market.port}", "--size=3"], env=source_env)
    try:
        async with ftz.Client("admin", "admin", port=market.port) as admin:
            book = await admin.snapshot("NDPR-OX")
            while 11250 not in book.asks:
                assert agent.poll() is None, "the agent exited"
                await asyncio.sleep(0.05)
                book = await admin.snapshot("NDPR-OX")
            assert book.asks[11250].qty == 3 and book.bids[11150].qty == 3
            agent.send_signal(signal.SIGINT)
            assert await asyncio.to_thread(agent.wait, 10) == 0
    finally:
        if agent.poll() is None:
            agent.kill()
