"""ftz.sim.Market: the engine with the floor policy in process, commands in NumPy
batches, events back as arrays (bindings/market_bindings.cc)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

sim = pytest.importorskip("ftz.sim", reason="the extension is not built (scripts/bootstrap.sh release)")
from ftz.sim import (CancelReason, CommandKind, EventKind, Events, Market, RejectReason, Side,  # noqa: E402
                     TimeInForce, cancels, commands, end_period, new_orders, replaces, set_floor)
from ftz.sim.native import native  # noqa: E402
from ftz.sim.vocabulary import ENUMS  # noqa: E402

FTZ = Path(os.environ.get("FTZ_BUILD_DIR", Path(__file__).resolve().parents[2] / "build" / "release"),
           "apps", "ftz")


@pytest.fixture
def market() -> Market:
    return Market.default()


def ids(market: Market) -> tuple[int, int, int, int]:
    """NDPR-OX and three of its traders: a market maker, a buyer, a refiner (seller)."""
    return (market.instrument_id("NDPR-OX"), market.participant_id("gb-mm"),
            market.participant_id("jp-buyer"), market.participant_id("us-refiner"))


def random_flow(market: Market, n: int, seed: int) -> np.ndarray:
    """n random orders, cancels and replaces on NDPR-OX above its floor (110.00)."""
    ox, mm, buyer, seller = ids(market)
    rng = np.random.default_rng(seed)
    side = rng.integers(0, 2, n)
    who = np.where(rng.random(n) < 0.5, mm, np.where(side == Side.BUY, buyer, seller))
    price = 11_500 + np.where(side == Side.BUY, -1, 1) * rng.integers(-20, 60, n)
    batch = new_orders(who, ox, side, price, rng.integers(1, 10, n), client_id=np.arange(1, n + 1),
                       tif=rng.choice([TimeInForce.GTC, TimeInForce.DAY, TimeInForce.IOC], n))
    roll = rng.random(n)
    earlier = np.maximum(1, (np.arange(n) * rng.random(n)).astype(np.int64))
    drop = roll < 0.15
    batch[drop] = cancels(who[drop], ox, client_id=earlier[drop])
    move = (roll >= 0.15) & (roll < 0.35)
    batch[move] = replaces(who[move], ox, price[move], rng.integers(1, 10, int(move.sum())),
                           client_id=earlier[move])
    return batch


def test_the_python_enums_are_the_cores():
    native_names = native.ENUMS
    for enum in ENUMS:
        assert {m.name: m.value for m in enum} == native_names[enum.__name__], enum.__name__


def test_record_layouts_follow_the_structs():
    assert sim.COMMAND_DTYPE.itemsize == 64
    assert sim.EVENT_DTYPE.names == ("kind", "instrument", "payload")
    assert set(sim.EVENT_DTYPES) == set(EventKind)
    trade = sim.EVENT_DTYPES[EventKind.TRADE]
    assert trade.itemsize == sim.EVENT_DTYPE.itemsize
    assert {"trade_id", "price", "qty", "maker_order_id", "taker_participant", "duty",
            "top_up"} <= set(trade.names)


def test_a_first_fill(market):
    ox, mm, buyer, _ = ids(market)
    quotes = market.submit(new_orders(mm, ox, [Side.BUY, Side.SELL], [11_500, 11_600], 5,
                                      client_id=[1, 2]))
    assert quotes.commands == 2 and list(quotes.offsets) == [0, 2, 4]
    accepted = quotes.of(EventKind.ACCEPTED)
    assert list(accepted["client_id"]) == [1, 2] and list(accepted["price"]) == [11_500, 11_600]
    bids, asks = market.book(ox)
    assert (bids["price"][0], bids["qty"][0]) == (11_500, 5)
    assert (bids["price"][1], asks["price"][0]) == (11_000, 11_600)  # the stockpile bids the floor

    taken = market.submit(new_orders(buyer, ox, Side.BUY, 11_650, 2, client_id=7))
    (trade,) = taken.of(EventKind.TRADE)
    assert (trade["price"], trade["qty"], trade["aggressor"]) == (11_600, 2, Side.BUY)
    assert (trade["maker_participant"], trade["maker_client_id"], trade["maker_leaves"]) == (mm, 2, 3)
    assert (trade["taker_participant"], trade["taker_client_id"]) == (buyer, 7)
    assert market.ledger(ox)["volume"] == 2 and market.ledger(ox)["buyer_paid"] == 2 * 11_600
    assert market.book(ox).asks["qty"][0] == 3


def test_a_batch_is_the_same_as_its_commands_one_by_one():
    one, many = Market.default(), Market.default()
    flow = random_flow(one, 3_000, seed=11)
    batch = one.submit(flow)
    singles = [many.submit(flow[i:i + 1]) for i in range(len(flow))]
    assert one.state_hash() == many.state_hash()
    assert len(batch) == sum(len(s) for s in singles)
    for kind in EventKind:
        joined = np.concatenate([s.of(kind) for s in singles])
        assert np.array_equal(batch.of(kind), joined), kind.name
    assert np.array_equal(batch.command, np.repeat(np.arange(len(flow)),
                                                   [len(s) for s in singles]))
    for i in (0, 17, 2_999):
        assert np.array_equal(batch.for_command(i).of(EventKind.LEVEL), singles[i].of(EventKind.LEVEL))
    one.validate()
    assert one.resting_orders() > 100  # the flow built a book


def test_event_arrays_stay_valid_after_later_submits(market):
    first = market.submit(random_flow(market, 500, seed=1))
    kept = first.records.tobytes()
    copied = first.records.copy()
    for seed in range(2, 8):  # the market reuses a buffer only once nothing views it
        market.submit(random_flow(market, 500, seed=seed))
    assert first.records.tobytes() == kept
    for kind in EventKind:  # a copy keeps every kind's fields
        assert np.array_equal(Events(copied, first.offsets).of(kind), first.of(kind))


def test_the_same_commands_give_the_same_events_and_hash():
    a, b = Market.default(), Market.default()
    flow = random_flow(a, 2_000, seed=5)
    ea, eb = a.submit(flow), b.submit(flow)
    assert a.state_hash() == b.state_hash()
    assert all(np.array_equal(ea.of(k), eb.of(k)) for k in EventKind)
    c = Market.default()
    c.submit(random_flow(c, 2_000, seed=6))
    assert c.state_hash() != a.state_hash()


def test_rejects_carry_the_reason_and_the_exchanges_text(market):
    ox, _, _, seller = ids(market)
    events = market.submit(new_orders(seller, ox, Side.SELL, 10_000, 1))
    (reject,) = events.of(EventKind.REJECTED)
    assert reject["reason"] == RejectReason.BELOW_FLOOR and reject["command"] == CommandKind.NEW
    assert reject["limit"] == 11_000
    assert "floor 110.00" in market.describe_reject(reject)


def test_policy_commands_floor_raise_and_period_end(market):
    ox, mm, _, _ = ids(market)
    market.submit(new_orders(mm, ox, Side.SELL, [11_200, 11_800], 1, client_id=[1, 2],
                             tif=[TimeInForce.GTC, TimeInForce.DAY]))
    raised = market.submit(set_floor(ox, 11_500))
    (change,) = raised.of(EventKind.FLOOR_CHANGED)
    assert (change["old_floor"], change["new_floor"]) == (11_000, 11_500)
    (cancelled,) = raised.of(EventKind.CANCELLED)[raised.of(EventKind.CANCELLED)["participant"] == mm]
    assert (cancelled["client_id"], cancelled["reason"]) == (1, CancelReason.FLOOR_RAISED)
    assert market.floor(ox) == 11_500
    closed = market.submit(end_period())
    expired = closed.of(EventKind.EXPIRED)
    assert list(expired[expired["participant"] == mm]["client_id"]) == [2]
    assert market.period == 1 and len(closed.of(EventKind.PERIOD_CLOSED)) > 0


def test_a_command_out_of_range_is_refused_before_anything_runs(market):
    batch = commands(4)
    before = market.state_hash()
    batch["kind"][2] = 12
    with pytest.raises(ValueError, match=r"commands\[2\]\.kind is 12, outside 0\.\.8"):
        market.submit(batch)
    batch["kind"][2] = CommandKind.NEW
    batch["tif"][3] = 9
    with pytest.raises(ValueError, match=r"commands\[3\]\.tif is 9, outside 0\.\.3"):
        market.submit(batch)
    batch["tif"][3] = 0
    batch.view(np.uint8).reshape(4, 64)[1, sim.COMMAND_DTYPE.fields["post_only"][1]] = 2
    with pytest.raises(ValueError, match=r"commands\[1\]\.post_only is 2, not 0 or 1"):
        market.submit(batch)
    assert market.state_hash() == before
    with pytest.raises(TypeError, match="COMMAND_DTYPE"):
        market.submit(np.zeros(3, dtype=np.int64))
    with pytest.raises(TypeError, match="COMMAND_DTYPE"):
        market.submit(commands(6)[::2])  # not contiguous


def test_instruments_by_id_or_symbol(market):
    ox = market.instrument_id("NDPR-OX")
    assert market.floor("NDPR-OX") == market.floor(ox) == 11_000
    assert market.instruments()[ox]["tick_size"] == 0.01
    with pytest.raises(ValueError, match="unknown instrument \"GOLD\"; the market has: NDPR-CONC, NDPR-OX"):
        market.book("GOLD")
    with pytest.raises(ValueError, match=r"instrument 99 is outside 0\.\.4"):
        market.book(99)
    with pytest.raises(ValueError, match="unknown participant"):
        market.participant_id("nobody")


def test_a_config_that_fails_to_load_names_the_file_field_and_problem(tmp_path):
    bad = tmp_path / "bad.txtpb"
    bad.write_text('name: "x"\ninstruments { symbol: "X" tick_size: -1 lot_size: 1 }\n')
    with pytest.raises(sim.ConfigError, match=r"bad\.txtpb: line 2: instruments\[0\] \(X\)\."
                                              r"tick_size: must be above zero") as raised:
        Market.load(bad)
    assert isinstance(raised.value, ValueError)
    if FTZ.exists():  # the command line says the same
        cli = subprocess.run([str(FTZ), "serve", "--config", str(bad), "--port", "0"],
                             capture_output=True, text=True, timeout=30)
        assert cli.returncode != 0 and str(raised.value) in cli.stderr, cli.stderr
    with pytest.raises(sim.ConfigError, match=r"typo\.txtpb: line 1:"):
        Market.from_text("instrumentz {}", "typo.txtpb")
    with pytest.raises(FileNotFoundError):
        Market.load(tmp_path / "missing.txtpb")
