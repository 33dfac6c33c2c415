"""Market: the matching engine with the floor policy, in process (bindings/).

    from ftz.sim import Market, new_orders, Side
    market = Market.default()
    ox = market.instrument_id("NDPR-OX")
    mm = market.participant_id("gb-mm")
    events = market.submit(new_orders(mm, ox, [Side.BUY, Side.SELL], [11500, 11600], 5))
    bids, asks = market.book(ox)

Units are the exchange's: prices in ticks, quantities in lots, money in tick-lots
(instruments() gives each instrument's tick and lot sizes).
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ftz.sim.events import Events
from ftz.sim.native import native

Instrument = int | str  # an id, or a symbol

LEVEL_DTYPE: np.dtype = native.LEVEL_DTYPE  # price, qty, orders
ORDER_DTYPE: np.dtype = native.ORDER_DTYPE  # order_id, client_id, participant, side, tif, price, leaves


class Book(NamedTuple):
    """The top levels of a book, best first: arrays of LEVEL_DTYPE."""
    bids: np.ndarray
    asks: np.ndarray


class Market:
    """One market; every change goes through submit(). Not thread-safe."""

    def __init__(self, native_market: Any):
        self._native = native_market

    @classmethod
    def default(cls) -> Market:
        """The embedded default market (market_config/default_market.txtpb)."""
        return cls(native.Market.default())

    @classmethod
    def from_text(cls, text: str, origin: str = "<text>") -> Market:
        """A market from config text (proto/market_config.proto, text format); ConfigError
        names `origin`, the field and the problem."""
        return cls(native.Market.from_text(text, origin))

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Market:
        """A market from a config file; ConfigError names the file, the field and the problem."""
        return cls.from_text(Path(path).read_text(encoding="utf-8"), str(path))

    def submit(self, commands: np.ndarray) -> Events:
        """Runs a batch of commands (COMMAND_DTYPE, see ftz.sim.commands) in order and
        returns their events. ValueError names a command whose field is out of range (and
        nothing of the batch has run); TypeError, an array of another dtype."""
        return Events(*self._native.submit(commands))

    def opening_events(self) -> Events:
        """The events of opening the market: the stockpile's first standing orders."""
        return Events(*self._native.opening_events())

    def book(self, instrument: Instrument, depth: int = 5) -> Book:
        return Book(*self._native.book(instrument, depth))

    def orders(self, instrument: Instrument) -> np.ndarray:
        """Every resting order in book order (ORDER_DTYPE)."""
        return self._native.orders(instrument)

    def ledger(self, instrument: Instrument, period: bool = False) -> dict[str, int]:
        """The floor policy's ledger: over the run, or the open period's (period=True)."""
        return self._native.ledger(instrument, period)

    def stockpile(self, instrument: Instrument) -> dict[str, Any] | None:
        """The stockpile's budget, inventory and purchases, or None without a backstop."""
        return self._native.stockpile(instrument)

    def floor(self, instrument: Instrument) -> int:
        """The hard floor in force, ticks (0: none)."""
        return self._native.floor(instrument)

    def tariff_bps(self, instrument: Instrument) -> int:
        return self._native.tariff_bps(instrument)

    @property
    def period(self) -> int:
        """The open period; each END_PERIOD command closes one."""
        return self._native.period

    def state_hash(self) -> int:
        """Hash of every resting order and the id counters: equal hashes, equal states."""
        return self._native.state_hash()

    def validate(self) -> None:
        """Checks every invariant of the books; RuntimeError names the first broken."""
        self._native.validate()

    def resting_orders(self) -> int:
        return self._native.resting_orders()

    def instruments(self) -> list[dict[str, Any]]:
        """By id: symbol, product, unit, currency, tick_size, lot_size, price band, floor."""
        return self._native.instruments()

    def participants(self) -> list[dict[str, Any]]:
        """By id: name, jurisdiction, member, admin."""
        return self._native.participants()

    def instrument_id(self, symbol: str) -> int:
        return self._native.instrument_id(symbol)

    def participant_id(self, name: str) -> int:
        return self._native.participant_id(name)

    def describe_reject(self, event: np.ndarray | np.void) -> str:
        """The exchange's text for a REJECTED event (a record of Events.records or of
        Events.of(REJECTED)): the rule and the numbers."""
        return self._native.describe_reject(np.asarray(event).tobytes())
