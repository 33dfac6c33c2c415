"""Instruments as the LogonAck describes them, with the conversions between the wire's
integer units (ticks, lots, tick-lots) and real prices, quantities and money."""

from __future__ import annotations

from dataclasses import dataclass

from ftz import wire


@dataclass(frozen=True, slots=True)
class Instrument:
    instrument_id: int
    symbol: str
    tick_size: float  # currency per unit per tick
    lot_size: float  # units per lot
    min_price: int  # ticks: the price band
    max_price: int
    max_qty: int  # lots per order
    floor: int  # ticks at logon (0: none); a subscribed Book follows its changes
    currency: str
    unit: str

    @classmethod
    def from_info(cls, i: wire.InstrumentInfo) -> Instrument:
        return cls(i.instrument_id, i.symbol, i.tick_size, i.lot_size, i.min_price, i.max_price,
                   i.max_qty, i.floor, i.currency, i.unit)

    def ticks(self, price: float) -> int:
        """A price in currency per unit (e.g. USD 110.00/kg) in ticks (11000)."""
        return round(price / self.tick_size)

    def price(self, ticks: int) -> float:
        """Ticks in currency per unit."""
        return ticks * self.tick_size

    def money(self, tick_lots: int) -> float:
        """Tick-lots (Position.cash, duty, top-up) in currency."""
        return tick_lots * self.tick_size * self.lot_size
