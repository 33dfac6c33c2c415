"""A subscribed instrument: its Book, kept current by the client, and its updates as
they arrive, to iterate over or to receive by callback.

    sub = await client.subscribe("NDPR-OX")
    sub.book.best_bid()
    async for update in sub:          # wire.LevelUpdate, Trade, FloorUpdate, ...
        ...
    sub.on_update(lambda book, update: ...)

Each update is delivered after the book has applied it. A BookSnapshot is delivered
when the book was (re)built from one: at the start, after a gap, after a reconnect.
"""

from __future__ import annotations

import asyncio
import logging
from typing import AsyncIterator, Callable, Union

from ftz import wire
from ftz.book import Book, Update

log = logging.getLogger("ftz")

Event = Union[Update, wire.BookSnapshot]
Callback = Callable[[Book, Event], None]

_END = object()


class Subscription:
    def __init__(self, book: Book):
        self.book = book
        self.symbol = book.symbol
        self._callbacks: list[Callback] = []
        self._queues: list[asyncio.Queue[object]] = []
        self._ready: asyncio.Future[Subscription] = asyncio.get_running_loop().create_future()
        self.active = True
        self.gaps = 0  # updates found missing, each followed by a fresh snapshot

    def on_update(self, callback: Callback) -> None:
        """Calls callback(book, update) for every update from now on."""
        self._callbacks.append(callback)

    def ready(self) -> asyncio.Future[Subscription]:
        """Resolves when the first complete snapshot is in (raises SubscribeRejected)."""
        return self._ready

    def __aiter__(self) -> AsyncIterator[Event]:
        """Every update from now on, until unsubscribed or the client closes. Each
        iterator has its own unbounded queue: keep up, or use a callback."""
        queue: asyncio.Queue[object] = asyncio.Queue()
        self._queues.append(queue)
        return self._iterate(queue)

    async def _iterate(self, queue: asyncio.Queue[object]) -> AsyncIterator[Event]:
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    return
                yield item  # type: ignore[misc]
        finally:
            self._queues.remove(queue)

    # --- the client's side ------------------------------------------------------------

    def publish(self, event: Event) -> None:
        if isinstance(event, wire.BookSnapshot) and not self._ready.done():
            self._ready.set_result(self)
        for queue in self._queues:
            queue.put_nowait(event)
        for callback in self._callbacks:
            try:
                callback(self.book, event)
            except Exception:  # a user's bug must not stop the session
                log.exception("update callback for %s failed", self.symbol)

    def fail(self, error: Exception) -> None:
        if not self._ready.done():
            self._ready.set_exception(error)
        self.end()

    def end(self) -> None:
        self.active = False
        for queue in self._queues:
            queue.put_nowait(_END)
