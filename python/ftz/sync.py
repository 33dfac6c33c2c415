"""A blocking facade over Client, for scripts and notebooks.

    from ftz import SyncClient, BUY
    with SyncClient("jp-buyer", "jp-buyer", port=9470) as c:
        order = c.buy("NDPR-OX", qty=2, price=11500)     # returns once acknowledged
        print(order.state, c.position("NDPR-OX"))

The client runs on its own event loop in a background thread, so heartbeats go on while
your code blocks (a notebook cell left open, time.sleep, a long computation) and the
session is not logged out under you. Every method blocks until the exchange has
answered and raises the same typed errors as Client. Orders are the client's live
objects (their attributes change as reports arrive); books and positions are copies
taken when you ask.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from typing import Any, Awaitable, Callable, TypeVar

from ftz.book import Book
from ftz.client import Client
from ftz.orders import Fill, Order
from ftz.positions import Position
from ftz import wire

T = TypeVar("T")


class SyncClient:
    def __init__(self, participant: str, token: str, host: str = "127.0.0.1", port: int = 9470,
                 *, timeout: float = 5.0, **options: Any):
        """Connects and logs on; `options` are Client's (cancel_on_disconnect, ...)."""
        self.timeout = timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="ftz-client",
                                        daemon=True)
        self._thread.start()
        self.client: Client = self._on_loop(lambda: Client(participant, token, host, port,
                                                           **options))
        try:
            self._wait(self.client.connect(timeout))
        except BaseException:
            self._stop()
            raise

    def _wait(self, awaitable: Awaitable[T], timeout: float | None = None) -> T:
        async def run() -> T:
            return await awaitable
        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout or self.timeout)

    def _on_loop(self, fn: Callable[[], T]) -> T:
        async def run() -> T:
            return fn()
        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(self.timeout)

    # --- orders -----------------------------------------------------------------------

    def new_order(self, symbol: str, side: int, qty: int, price: int = 0, *, wait: bool = True,
                  **kwargs: Any) -> Order:
        """Sends an order; with wait (default) returns once it is acknowledged (raises
        OrderRejected), else at once."""
        async def send() -> Order:
            order = self.client.new_order(symbol, side, qty, price, **kwargs)
            return await order if wait else order
        return self._wait(send())

    def buy(self, symbol: str, qty: int, price: int = 0, **kwargs: Any) -> Order:
        return self.new_order(symbol, wire.BUY, qty, price, **kwargs)

    def sell(self, symbol: str, qty: int, price: int = 0, **kwargs: Any) -> Order:
        return self.new_order(symbol, wire.SELL, qty, price, **kwargs)

    def cancel(self, order: Order | int) -> Order:
        return self._wait(self._on_loop(lambda: self.client.cancel(order)))

    def replace(self, order: Order | int, price: int, qty: int) -> Order:
        return self._wait(self._on_loop(lambda: self.client.replace(order, price, qty)))

    def mass_cancel(self, symbol: str = "", side: int | None = None) -> int:
        return self._wait(self._on_loop(lambda: self.client.mass_cancel(symbol, side)))

    def wait_done(self, order: Order, timeout: float | None = None) -> Order:
        """Blocks until the order is filled, cancelled or expired."""
        return self._wait(self._on_loop(order.done), timeout)

    # --- state ------------------------------------------------------------------------

    def open_orders(self, symbol: str | None = None) -> list[Order]:
        return self._on_loop(lambda: self.client.open_orders(symbol))

    def position(self, symbol: str) -> Position:
        return self._on_loop(lambda: dataclasses.replace(self.client.position(symbol)))

    def fills(self) -> list[Fill]:
        return self._on_loop(lambda: list(self.client.tracker.fills))

    # --- market data and admin ----------------------------------------------------------

    def subscribe(self, symbol: str) -> Book:
        """Keeps the instrument's book current in the background; returns a copy now."""
        self._wait(self.client.subscribe(symbol))
        return self.book(symbol)

    def book(self, symbol: str) -> Book:
        """A copy of a subscribed instrument's book as it is now."""
        return self._on_loop(lambda: self.client.book(symbol).copy())

    def snapshot(self, symbol: str) -> Book:
        """A fresh snapshot from the exchange, without subscribing."""
        return self._wait(self.client.snapshot(symbol))

    def admin(self, **body: Any) -> wire.AdminAck:
        return self._wait(self.client.admin(**body))

    # --- ending -----------------------------------------------------------------------

    def close(self) -> None:
        """Logs out and stops the loop thread."""
        if self._thread.is_alive():
            try:
                self._wait(self.client.close())
            finally:
                self._stop()

    def _stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(self.timeout)
        self._loop.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
