"""A buyer that uses the stockpile's bid as its reference price.

Under a backstopped floor the strategic stockpile stands ready to buy at the floor, so
no seller ever has to take less: the stockpile's bid is the price the market cannot
fall through, and the natural reference for a buyer. Sellers hit the best bid first,
so to get material ahead of the stockpile a buyer only has to bid above it: this one
rests a bid `premium` ticks over the reference for what it still needs, and takes
offers outright (IOC) when they are at most `take_premium` over it, never paying more
than `limit`. The reference follows the floor (a FloorUpdate moves the stockpile's bid
with it). When the stockpile stops bidding (its budget or capacity used up:
StockpileState.bid_qty is 0 and nobody else bids at the floor), nothing defends the
floor any more and the buyer bids at the floor itself. It stops once it holds `target`
lots.
"""

from __future__ import annotations

import logging

import ftz
from ftz import wire
from ftz.book import Book

log = logging.getLogger("ftz.agents.stockpile_buyer")


def stockpile_bid(book: Book, own: dict[int, int]) -> int | None:
    """The stockpile's bid price (the floor), or None when it is not bidding.

    Snapshots do not carry the stockpile's state, so until its first StockpileState
    the bid is recognised in the book: someone other than us bidding at the floor.
    """
    if not book.floor:
        return None
    if book.stockpile is not None:
        return book.floor if book.stockpile.bid_qty > 0 else None
    level = book.bids.get(book.floor)
    return book.floor if level and level.qty > own.get(book.floor, 0) else None


class StockpileReferenceBuyer:
    """Buys `target` lots, bidding just above the stockpile's bid at the floor."""

    def __init__(self, client: ftz.Client, *, symbol: str = "NDPR-OX", target: int = 20,
                 premium: int = 100, take_premium: int = 500, limit: int = 13000):
        """Prices in ticks (NDPR-OX: USD 0.01/kg), quantities in lots."""
        self.client = client
        self.symbol = symbol
        self.target = target
        self.premium = premium
        self.take_premium = take_premium
        self.limit = limit
        self.bid: ftz.Order | None = None

    def bought(self, book: Book) -> int:
        return self.client.tracker.position(book.instrument_id).bought

    async def run(self) -> None:
        """Buys until it holds the target (returns), or until cancelled."""
        sub = await self.client.subscribe(self.symbol)
        try:
            await self.act(sub.book)
            async for _ in sub:  # every change of the book, our own fills included
                if self.bought(sub.book) >= self.target:
                    break
                try:
                    await self.act(sub.book)
                except ftz.SessionClosed:
                    await self.client.wait_logged_on()
        finally:
            if self.bid is not None and self.bid.state.is_open and self.client.logged_on:
                await self.client.cancel(self.bid)

    async def act(self, book: Book) -> None:
        if not book.ready:
            return
        own = {self.bid.price: self.bid.leaves_qty} if self.bid and self.bid.state.is_open else {}
        reference = stockpile_bid(book, own)
        if reference is None and not book.floor:
            return  # no floor and no stockpile: nothing to price off
        bid_price = min(self.limit, reference + self.premium if reference else book.floor)
        take_limit = min(self.limit, (reference or book.floor) + self.take_premium)
        ask = book.best_ask()
        need = self.target - self.bought(book)
        if ask is not None and ask.price <= take_limit and need > 0:
            taken = await self.client.buy(self.symbol, min(need, ask.qty), ask.price, tif=wire.IOC)
            await taken.done()
            need = self.target - self.bought(book)
        await self.rest(bid_price, need)

    async def rest(self, price: int, qty: int) -> None:
        """One resting bid for what is still needed, at `price`."""
        live = self.bid if self.bid is not None and self.bid.state.is_open else None
        try:
            if qty <= 0:
                if live:
                    await self.client.cancel(live)
            elif live is None:
                self.bid = await self.client.buy(self.symbol, qty, price)
            elif (live.price, live.leaves_qty) != (price, qty):
                await self.client.replace(live, price, qty)
        except ftz.Rejected as e:  # e.g. filled meanwhile: the next update brings a new turn
            log.info("%s bid %s x %s: %s", self.symbol, qty, price, e)


if __name__ == "__main__":
    from ftz.agents.cli import main
    main(StockpileReferenceBuyer, participant="jp-buyer")
