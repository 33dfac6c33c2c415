"""Position and cash per instrument, accumulated from fills.

Units are the exchange's: lots and tick-lots (an Instrument converts them to units and
currency). Cash counts what changed hands at the fills: a buy pays price * qty, a sell
receives its net proceeds (price * qty - duty). Price-support top-ups are accrued, not
paid at the fill, so they are kept apart in `top_up`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ftz import wire
from ftz.orders import Fill


@dataclass(slots=True)
class Position:
    instrument_id: int
    symbol: str = ""
    qty: int = 0  # net lots: bought - sold
    bought: int = 0  # lots
    sold: int = 0  # lots
    cash: int = 0  # tick-lots: sells' net proceeds - buys' cost
    duty: int = 0  # tick-lots of tariff withheld on our sells
    top_up: int = 0  # tick-lots of price support accrued on our sells
    trades: int = 0  # fills

    def add(self, fill: Fill) -> None:
        """Books one fill."""
        notional = fill.price * fill.qty
        self.trades += 1
        if fill.side == wire.BUY:
            self.qty += fill.qty
            self.bought += fill.qty
            self.cash -= notional
        else:
            self.qty -= fill.qty
            self.sold += fill.qty
            self.cash += notional - fill.duty
            self.duty += fill.duty
            self.top_up += fill.top_up

    def value(self, mark: int) -> int:
        """Cash plus the position marked at `mark` ticks, in tick-lots."""
        return self.cash + self.qty * mark
