"""A cross-market agent: concentrate against oxide.

A refiner turns NdPr concentrate into NdPr oxide at a processing cost. Both are quoted
per kg of contained oxide in lots of one tonne, so one lot of concentrate makes one lot
of oxide, and the refiner's margin is the oxide price minus the concentrate price minus
the processing cost. This agent watches both books and, whenever the best oxide bid
exceeds the best concentrate offer by more than `processing_cost + min_margin`, buys the
concentrate (IOC at the offer) and sells as much oxide as it actually bought (IOC at
the bid), treating refining as immediate. The oxide floor matters here: the
stockpile's standing bid at the floor means the oxide leg can always be sold at the
floor at least, so concentrate is worth up to `floor - processing_cost` to a refiner
even with no other buyer. It never sells oxide it has not bought concentrate for:
unsold output (a bid that vanished between the legs) is carried as inventory and sold
on the next opportunity that still covers what it cost.
"""

from __future__ import annotations

import asyncio
import logging

import ftz
from ftz import wire
from ftz.book import Book

log = logging.getLogger("ftz.agents.refining_spread")


class RefiningSpread:
    """Buys NDPR-CONC and sells NDPR-OX while the spread covers refining."""

    def __init__(self, client: ftz.Client, *, concentrate: str = "NDPR-CONC",
                 oxide: str = "NDPR-OX", processing_cost: int = 4000, min_margin: int = 100,
                 max_lots: int = 10, max_inventory: int = 50, origin: str = "AU"):
        """Prices in ticks (USD 0.01/kg); `origin` declares the oxide's origin (FTZ rules)."""
        self.client = client
        self.concentrate, self.oxide = concentrate, oxide
        self.processing_cost = processing_cost
        self.min_margin = min_margin
        self.max_lots = max_lots
        self.max_inventory = max_inventory
        self.origin = origin
        self.cost_of_inventory: list[int] = []  # concentrate price of each unsold lot
        self._changed = asyncio.Event()

    @property
    def inventory(self) -> int:
        """Lots refined and not yet sold: concentrate bought minus oxide sold."""
        return len(self.cost_of_inventory)

    async def run(self) -> None:
        """Trades until cancelled."""
        conc = await self.client.subscribe(self.concentrate, on_update=self._wake)
        ox = await self.client.subscribe(self.oxide, on_update=self._wake)
        while True:
            self._changed.clear()
            try:
                while await self.step(conc.book, ox.book):
                    pass
            except ftz.SessionClosed:
                await self.client.wait_logged_on()
                continue
            await self._changed.wait()

    def _wake(self, book: Book, update: object) -> None:
        self._changed.set()

    async def step(self, conc: Book, ox: Book) -> bool:
        """One round trip (or one sale from inventory); False when there is none."""
        if not (conc.ready and ox.ready):
            return False
        bid = ox.best_bid()
        if bid is None:
            return False
        if self.inventory:  # sell the refined lots whose cost the bid still covers
            covered = sum(c + self.processing_cost <= bid.price for c in self.cost_of_inventory)
            return covered > 0 and await self.sell_oxide(min(covered, bid.qty), bid.price) > 0
        ask = conc.best_ask()
        if ask is None or bid.price - ask.price < self.processing_cost + self.min_margin:
            return False
        lots = min(ask.qty, bid.qty, self.max_lots, self.max_inventory)
        buy = await self.client.buy(self.concentrate, lots, ask.price, tif=wire.IOC)
        await buy.done()
        self.cost_of_inventory += [f.price for f in buy.fills for _ in range(f.qty)]
        if buy.cum_qty:
            await self.sell_oxide(buy.cum_qty, bid.price)
        return buy.cum_qty > 0

    async def sell_oxide(self, lots: int, price: int) -> int:
        """Sells up to `lots` of oxide at `price` or better (IOC); returns lots sold."""
        sell = await self.client.sell(self.oxide, lots, price, tif=wire.IOC, origin=self.origin)
        await sell.done()
        self.cost_of_inventory.sort()
        del self.cost_of_inventory[:sell.cum_qty]
        log.info("refined %d lot(s): oxide sold at %d", sell.cum_qty, price)
        return sell.cum_qty


if __name__ == "__main__":
    from ftz.agents.cli import main
    main(RefiningSpread, participant="au-miner")
