"""One instrument's order book, rebuilt from market data (docs/protocol.md section 5).

A `Book` starts from a snapshot (which may come in parts) and then applies the
instrument's updates in `md_seq` order: it ignores updates it already has
(`md_seq <= S`) and stops at the first missing number, reporting a GAP so that the
client asks for a new snapshot and starts again from it. Level quantities are lots,
prices ticks.
"""

from __future__ import annotations

import bisect
import enum
from typing import NamedTuple, Union

from ftz import wire

Update = Union[wire.LevelUpdate, wire.Trade, wire.FloorUpdate, wire.StockpileState,
               wire.InstrumentStatus]


class Level(NamedTuple):
    price: int  # ticks
    qty: int  # lots open at the price
    orders: int


class Result(enum.Enum):
    APPLIED = "applied"  # the book changed, or a snapshot completed
    IGNORED = "ignored"  # already included (md_seq <= the book's)
    WAITING = "waiting"  # no complete snapshot yet (a snapshot part, or after a gap)
    GAP = "gap"  # an update is missing: the book is no longer ready; get a snapshot


class Book:
    """Price levels of both sides plus the instrument's floor, status, last trade and
    stockpile state. Not ready until a complete snapshot has been applied."""

    def __init__(self, symbol: str, instrument_id: int, conflated: bool = False):
        self.symbol = symbol
        self.instrument_id = instrument_id
        # Subscribed with conflation: md_seq may skip (the states in between were
        # replaced by the server), so a skip is not a gap.
        self.conflated = conflated
        self.bids: dict[int, Level] = {}
        self.asks: dict[int, Level] = {}
        self._bid_prices: list[int] = []  # ascending, like _ask_prices
        self._ask_prices: list[int] = []
        self.md_seq = 0  # the last update included
        self.floor = 0  # ticks; 0: none
        self.halted = False
        self.last_trade_id = 0
        self.last_trade_price = 0
        # The stockpile's latest StockpileState (bid_qty at the floor, ask_qty at the
        # release price, inventory, budget_left). Snapshots do not carry it, so it is None
        # until the stockpile next changes; its bid also rests in the book at the floor.
        self.stockpile: wire.StockpileState | None = None
        self.ready = False
        self._in_snapshot = False

    # --- building ---------------------------------------------------------------------

    def apply_snapshot(self, s: wire.BookSnapshot) -> Result:
        """Takes one snapshot part: APPLIED when the snapshot is complete (the book is
        then ready at s.md_seq), WAITING while more parts follow."""
        if not self._in_snapshot:
            self._clear()
            self._in_snapshot = True
        for level in s.bids:
            self._set(self.bids, self._bid_prices, level.price, level.qty, level.orders)
        for level in s.asks:
            self._set(self.asks, self._ask_prices, level.price, level.qty, level.orders)
        self.md_seq = s.md_seq
        self.floor = s.floor
        self.halted = s.halted
        self.last_trade_id = s.last_trade_id
        self.last_trade_price = s.last_trade_price
        if s.more:
            return Result.WAITING
        self._in_snapshot = False
        self.ready = True
        return Result.APPLIED

    def apply(self, update: Update) -> Result:
        """Takes one incremental update of this instrument."""
        if not self.ready:
            return Result.WAITING
        seq = update.md_seq
        if seq <= self.md_seq:
            return Result.IGNORED
        if seq != self.md_seq + 1 and not self.conflated:
            self.ready = False
            return Result.GAP
        self.md_seq = seq
        if isinstance(update, wire.LevelUpdate):
            if update.side == wire.BUY:
                self._set(self.bids, self._bid_prices, update.price, update.qty, update.orders)
            else:
                self._set(self.asks, self._ask_prices, update.price, update.qty, update.orders)
        elif isinstance(update, wire.Trade):
            self.last_trade_id = update.trade_id
            self.last_trade_price = update.price
        elif isinstance(update, wire.FloorUpdate):
            self.floor = update.new_floor
        elif isinstance(update, wire.StockpileState):
            self.stockpile = update
        elif isinstance(update, wire.InstrumentStatus):
            self.halted = update.halted
        return Result.APPLIED

    def invalidate(self) -> None:
        """Not ready until the next complete snapshot (e.g. the session ended)."""
        self.ready = False
        self._in_snapshot = False

    def _clear(self) -> None:
        self.bids.clear()
        self.asks.clear()
        self._bid_prices.clear()
        self._ask_prices.clear()

    @staticmethod
    def _set(levels: dict[int, Level], prices: list[int], price: int, qty: int,
             orders: int) -> None:
        if qty == 0:
            if levels.pop(price, None) is not None:
                del prices[bisect.bisect_left(prices, price)]
            return
        if price not in levels:
            bisect.insort(prices, price)
        levels[price] = Level(price, qty, orders)

    # --- reading ----------------------------------------------------------------------

    def best_bid(self) -> Level | None:
        return self.bids[self._bid_prices[-1]] if self._bid_prices else None

    def best_ask(self) -> Level | None:
        return self.asks[self._ask_prices[0]] if self._ask_prices else None

    def best_of_others(self, side: int, own: dict[int, int]) -> Level | None:
        """The best level of a side once `own` quantities ({price: lots}, e.g. your own
        resting orders) are taken out: where the rest of the market stands."""
        for level in self.levels(side):
            left = level.qty - own.get(level.price, 0)
            if left > 0:
                return Level(level.price, left, level.orders)
        return None

    def mid(self) -> float | None:
        """The midpoint of the best bid and ask (ticks), None when a side is empty."""
        bid, ask = self.best_bid(), self.best_ask()
        return (bid.price + ask.price) / 2 if bid and ask else None

    def levels(self, side: int, depth: int | None = None) -> list[Level]:
        """The side's levels, best first (wire.BUY: highest bid first)."""
        if side == wire.BUY:
            prices = self._bid_prices[::-1] if depth is None else self._bid_prices[:-depth - 1:-1]
            return [self.bids[p] for p in prices]
        prices = self._ask_prices if depth is None else self._ask_prices[:depth]
        return [self.asks[p] for p in prices]

    def same_levels(self, other: Book) -> bool:
        """Whether both sides equal the other book's, level by level."""
        return self.bids == other.bids and self.asks == other.asks

    def copy(self) -> Book:
        book = Book(self.symbol, self.instrument_id, self.conflated)
        book.__dict__.update({k: v for k, v in self.__dict__.items()
                              if k not in ("bids", "asks", "_bid_prices", "_ask_prices")})
        book.bids, book.asks = dict(self.bids), dict(self.asks)
        book._bid_prices, book._ask_prices = list(self._bid_prices), list(self._ask_prices)
        return book

    def __str__(self) -> str:
        lines = [f"{self.symbol} md_seq {self.md_seq} floor {self.floor or 'none'}"
                 f"{' HALTED' if self.halted else ''}{'' if self.ready else ' (not ready)'}"]
        bids, asks = self.levels(wire.BUY, 5), self.levels(wire.SELL, 5)
        for i in range(max(len(bids), len(asks))):
            b = f"{bids[i].qty:>8} {bids[i].price:>10}" if i < len(bids) else " " * 19
            a = f"{asks[i].price:<10} {asks[i].qty:<8}" if i < len(asks) else ""
            lines.append(f"{b} | {a}")
        return "\n".join(lines)
