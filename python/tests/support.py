"""Helpers for the tests that drive a server: waiting for a condition, random order flow."""

from __future__ import annotations

import asyncio
import random
from typing import Callable

import ftz
from ftz import wire


async def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Returns once condition() holds (polling every 5 ms); TimeoutError after `timeout` s."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


async def random_traffic(clients: list[ftz.Client], symbols: list[str], rng: random.Random,
                         requests: int, mid: int, spread: int = 10, burst: int = 200) -> None:
    """Random requests within `spread` ticks of `mid` from random clients (buys mostly
    below mid, sells above, some crossing): limit (mostly), IOC, FOK,
    market and post-only orders with random self-trade prevention, cancels, replaces and
    a few mass cancels. Pipelined `burst` at a time; returns when every request has been
    answered (rejects included: they are part of the test)."""
    for _ in range(requests // burst):
        pending: list[asyncio.Future[object] | ftz.Order] = []
        for _ in range(burst):
            c = rng.choice(clients)
            symbol = rng.choice(symbols)
            live = c.tracker.open_orders()
            roll = rng.random()
            if live and roll < 0.2:
                pending.append(c.cancel(rng.choice(live)))
            elif live and roll < 0.35:
                pending.append(c.replace(rng.choice(live), mid + rng.randint(-spread, spread),
                                         rng.randint(1, 9)))
            elif roll < 0.352:
                pending.append(c.mass_cancel(rng.choice(["", symbol]),
                                             rng.choice([None, wire.BUY, wire.SELL])))
            else:
                side = rng.choice([wire.BUY, wire.SELL])
                kind = rng.choice(["limit"] * 8 + ["ioc", "fok", "market", "post"])
                price = mid + (rng.randint(-spread, spread // 2) if side == wire.BUY
                               else rng.randint(-spread // 2, spread))
                pending.append(c.new_order(
                    symbol, side, rng.randint(1, 9), price,
                    order_type=wire.MARKET if kind == "market" else wire.LIMIT,
                    tif={"ioc": wire.IOC, "fok": wire.FOK}.get(kind, wire.GTC),
                    post_only=kind == "post", stp=rng.choice([0, 0, 1, 2, 3])))
        await asyncio.gather(*pending, return_exceptions=True)
