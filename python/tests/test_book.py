"""The book builder: unit rules, then against a real server (100k random updates, a
snapshot in parts, gaps) compared with the server's own snapshot."""

from __future__ import annotations

import asyncio
import random

import ftz
from ftz import wire
from ftz.book import Book, Level, Result
from support import random_traffic


def snapshot(md_seq: int, bids=(), asks=(), more: bool = False) -> wire.BookSnapshot:
    return wire.BookSnapshot(instrument_id=0, md_seq=md_seq, more=more,
                             bids=[wire.Level(price=p, qty=q, orders=1) for p, q in bids],
                             asks=[wire.Level(price=p, qty=q, orders=1) for p, q in asks])


def level(md_seq: int, side: int, price: int, qty: int) -> wire.LevelUpdate:
    return wire.LevelUpdate(md_seq=md_seq, side=side, price=price, qty=qty, orders=1 if qty else 0)


def test_snapshot_parts_then_updates_in_sequence():
    book = Book("X", 0)
    assert book.apply(level(1, wire.BUY, 100, 5)) is Result.WAITING  # no snapshot yet
    assert book.apply_snapshot(snapshot(7, bids=[(100, 5)], more=True)) is Result.WAITING
    assert not book.ready
    assert book.apply_snapshot(snapshot(7, bids=[(99, 1)], asks=[(102, 3), (105, 1)])) is Result.APPLIED
    assert book.ready and book.md_seq == 7
    assert book.apply(level(7, wire.BUY, 100, 0)) is Result.IGNORED  # already in the snapshot
    assert book.apply(level(8, wire.SELL, 101, 2)) is Result.APPLIED
    assert book.apply(level(9, wire.BUY, 100, 0)) is Result.APPLIED
    assert book.apply(wire.Trade(md_seq=10, trade_id=4, price=101, qty=1)) is Result.APPLIED
    assert book.levels(wire.BUY) == [Level(99, 1, 1)]
    assert book.levels(wire.SELL) == [Level(101, 2, 1), Level(102, 3, 1), Level(105, 1, 1)]
    assert book.levels(wire.SELL, 2) == book.levels(wire.SELL)[:2]
    assert book.best_ask() == Level(101, 2, 1) and book.last_trade_price == 101


def test_a_missing_update_is_a_gap_until_the_next_snapshot():
    book = Book("X", 0)
    book.apply_snapshot(snapshot(3, bids=[(100, 5)]))
    assert book.apply(level(5, wire.BUY, 100, 6)) is Result.GAP
    assert not book.ready
    assert book.apply(level(6, wire.BUY, 100, 7)) is Result.WAITING
    book.apply_snapshot(snapshot(6, bids=[(100, 7)]))
    assert book.ready and book.bids == {100: Level(100, 7, 1)}


def test_a_conflated_book_takes_skips_but_not_older_updates():
    book = Book("X", 0, conflated=True)
    book.apply_snapshot(snapshot(3, bids=[(100, 5)]))
    assert book.apply(level(5, wire.BUY, 100, 6)) is Result.APPLIED  # 4 was replaced
    assert book.apply(level(5, wire.BUY, 101, 1)) is Result.IGNORED
    assert book.apply(level(9, wire.SELL, 102, 2)) is Result.APPLIED
    assert book.ready and book.md_seq == 9
    assert book.bids == {100: Level(100, 6, 1)} and book.asks == {102: Level(102, 2, 1)}
    assert book.copy().conflated


async def test_a_conflated_subscription_ends_at_the_servers_book(builtin):
    rng = random.Random(16)
    traders = [await ftz.connect(f"p{i}", "secret", port=builtin.port) for i in (1, 2)]
    watcher = await ftz.connect("p12", "secret", port=builtin.port)
    observer = await ftz.connect("p13", "secret", port=builtin.port)
    sub = await watcher.subscribe("NDPR", conflate=True)
    assert sub.book.conflated
    await random_traffic(traders, ["NDPR"], rng, 3000, mid=10000, spread=50)
    truth = await observer.snapshot("NDPR")
    for _ in range(400):  # conflated: md_seq may pass the snapshot's without equalling it
        if sub.book.md_seq >= truth.md_seq:
            break
        await asyncio.sleep(0.005)
    assert sub.gaps == 0
    assert sub.book.same_levels(truth)
    for c in traders + [watcher, observer]:
        await c.close()


async def caught_up(subscriber: ftz.Subscription, observer: ftz.Client) -> Book:
    """A server snapshot, once the subscriber's book has reached its md_seq."""
    truth = await observer.snapshot(subscriber.symbol)
    while not subscriber.book.ready or subscriber.book.md_seq < truth.md_seq:
        await asyncio.sleep(0.005)
    assert subscriber.book.md_seq == truth.md_seq
    return truth


async def test_the_book_equals_the_servers_snapshot_after_100k_random_updates(builtin):
    rng = random.Random(14)
    traders = [await ftz.connect(f"p{i}", "secret", port=builtin.port) for i in (1, 2, 3)]
    watcher = await ftz.connect("p10", "secret", port=builtin.port)
    observer = await ftz.connect("p11", "secret", port=builtin.port)
    updates = 0

    def count(book: Book, update: object) -> None:
        nonlocal updates
        updates += not isinstance(update, wire.BookSnapshot)

    sub = await watcher.subscribe("NDPR", on_update=count)
    checks = deepest = 0
    while updates < 100_000:
        await random_traffic(traders, ["NDPR"], rng, 6000, mid=10000, spread=50)
        truth = await caught_up(sub, observer)
        assert sub.book.same_levels(truth), f"after {updates} updates"
        assert (sub.book.last_trade_id, sub.book.last_trade_price) == \
               (truth.last_trade_id, truth.last_trade_price)
        checks += 1
        deepest = max(deepest, min(len(truth.bids), len(truth.asks)))
    assert updates >= 100_000 and sub.gaps == 0 and checks >= 2
    # Books worth comparing, at least once (a mass cancel may thin the last one).
    assert deepest > 10
    for c in traders + [watcher, observer]:
        await c.close()


async def test_gaps_are_recovered_from_a_fresh_snapshot(builtin):
    rng = random.Random(15)
    traders = [await ftz.connect(f"p{i}", "secret", port=builtin.port) for i in (1, 2)]
    watcher = await ftz.connect("p10", "secret", port=builtin.port)
    observer = await ftz.connect("p11", "secret", port=builtin.port)
    sub = await watcher.subscribe("NDPR")
    session = watcher._session
    deliver = session.on_message
    seen = 0

    def lossy(m: wire.ServerMessage) -> None:  # loses one level update in 500
        nonlocal seen
        if m.HasField("level"):
            seen += 1
            if seen % 500 == 0:
                return
        deliver(m)

    session.on_message = lossy
    await random_traffic(traders, ["NDPR"], rng, 9000, mid=10000, spread=50)
    truth = await caught_up(sub, observer)
    assert sub.gaps >= 5
    assert sub.book.same_levels(truth)
    for c in traders + [watcher, observer]:
        await c.close()


async def test_a_deep_book_arrives_in_parts(builtin):
    maker = await ftz.connect("p1", "secret", port=builtin.port)
    orders = [maker.buy("NDPR", 1, 5000 - i) for i in range(1700)]
    orders += [maker.sell("NDPR", 2, 6000 + i) for i in range(1700)]
    await asyncio.gather(*orders)
    watcher = await ftz.connect("p2", "secret", port=builtin.port)
    frames = []
    deliver = watcher._session.on_message
    watcher._session.on_message = lambda m: (frames.append(m.WhichOneof("body")), deliver(m))
    published = []
    sub = await watcher.subscribe("NDPR", on_update=lambda b, u: published.append(u))
    assert frames.count("snapshot") == 3  # 3400 levels, at most 1500 a part
    assert len(published) == 1  # one publication per complete snapshot, not per part
    assert len(sub.book.bids) == 1700 and len(sub.book.asks) == 1700
    assert sub.book.best_bid() == Level(5000, 1, 1) and sub.book.best_ask() == Level(6000, 2, 1)
    truth = await ftz.connect("p3", "secret", port=builtin.port)
    assert (await truth.snapshot("NDPR")).same_levels(sub.book)
    await truth.close()
    await maker.close()
    await watcher.close()
