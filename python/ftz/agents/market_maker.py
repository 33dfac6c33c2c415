"""A market maker that respects the floor.

A market maker earns the spread by standing ready to buy and to sell. Under a hard
floor the exchange rejects orders priced below it, and when the floor rises it cancels
the resting orders the new floor leaves below (CANCEL_FLOOR_RAISED); a maker that
ignores the floor collects rejects and silently stops quoting. This one prices off the
rest of the market, not its own quotes: its fair value is the midpoint of the best bid
and ask of others (else the last trade, else `anchor`), it quotes `half_spread` ticks
either side, shifted against its inventory by `skew` ticks per lot held (long: both
quotes lower, to sell more and buy less), and it clamps both quotes to the floor, the
ask at least a tick above the bid. Quotes are post-only, so it never takes liquidity.
It requotes whenever the book, the floor or its position changes, using replace (a
smaller size at the same price keeps its place in the queue), stops bidding at
+max_position lots and stops offering at -max_position.
"""

from __future__ import annotations

import asyncio
import logging

import ftz
from ftz import wire
from ftz.book import Book

log = logging.getLogger("ftz.agents.market_maker")


class FloorMarketMaker:
    """Quotes a bid and an ask on one instrument, never below its floor."""

    def __init__(self, client: ftz.Client, *, symbol: str = "NDPR-OX", size: int = 5,
                 half_spread: int = 50, skew: int = 2, max_position: int = 50,
                 anchor: int = 0, origin: str = ""):
        """Prices in ticks, sizes in lots; anchor 0: floor + 4 x half_spread."""
        self.client = client
        self.symbol = symbol
        self.size = size
        self.half_spread = half_spread
        self.skew = skew
        self.max_position = max_position
        self.anchor = anchor
        self.origin = origin
        self.quotes: dict[int, ftz.Order | None] = {wire.BUY: None, wire.SELL: None}
        self._changed = asyncio.Event()

    async def run(self) -> None:
        """Quotes until cancelled, then withdraws its quotes."""
        sub = await self.client.subscribe(self.symbol, on_update=lambda b, u: self._changed.set())
        try:
            while True:
                self._changed.clear()  # what changes while we requote wakes the next turn
                try:
                    await self.requote(sub.book)
                except ftz.SessionClosed:
                    await self.client.wait_logged_on()  # a reconnecting client; then requote
                    continue
                await self._changed.wait()
        finally:
            if self.client.logged_on:
                await self.client.mass_cancel(self.symbol)

    def targets(self, book: Book) -> dict[int, int | None]:
        """The price to quote on each side (None: do not quote it)."""
        own = {o.price: o.leaves_qty for o in self.quotes.values() if o and o.state.is_open}
        bid, ask = book.best_of_others(wire.BUY, own), book.best_of_others(wire.SELL, own)
        if bid and ask:
            fair = (bid.price + ask.price) // 2
        elif book.last_trade_price:
            fair = book.last_trade_price
        else:
            fair = self.anchor or book.floor + 4 * self.half_spread
        position = self.client.tracker.position(book.instrument_id).qty
        shift = self.skew * position
        buy = max(fair - self.half_spread - shift, book.floor)
        sell = max(fair + self.half_spread - shift, book.floor, buy + 1)
        if ask:
            buy = min(buy, ask.price - 1)  # post-only: never cross the others' offer
        if bid:
            sell = max(sell, bid.price + 1)
        return {wire.BUY: buy if position < self.max_position else None,
                wire.SELL: sell if position > -self.max_position else None}

    async def requote(self, book: Book) -> None:
        if not book.ready:
            return
        for side, price in self.targets(book).items():
            quote = self.quotes[side]
            live = quote if quote is not None and quote.state.is_open else None
            try:
                if price is None:
                    if live:
                        await self.client.cancel(live)
                elif live is None:
                    self.quotes[side] = await self.client.new_order(
                        self.symbol, side, self.size, price, post_only=True, origin=self.origin)
                elif (live.price, live.leaves_qty) != (price, self.size):
                    await self.client.replace(live, price, self.size)
            except ftz.Rejected as e:  # e.g. filled meanwhile (UNKNOWN_ORDER): the fill
                # changes the book, which brings the next turn
                log.info("%s %s quote at %s: %s", self.symbol, wire.Side.Name(side), price, e)


if __name__ == "__main__":
    from ftz.agents.cli import main
    main(FloorMarketMaker, participant="gb-mm")
