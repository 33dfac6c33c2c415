"""The events of a batch of commands, as NumPy arrays in the core's Event layout
(vocabulary/event.h): no conversion per event.

`Events.records` holds every event (EVENT_DTYPE: `kind`, `instrument`, and the payload's
bytes). `Events.of(kind)` reads the events of one kind with that kind's fields, named as
in event.h with nested order references flattened: a TRADE has trade_id, aggressor,
price, qty, maker_order_id, maker_client_id, maker_participant, taker_..., maker_leaves,
taker_leaves, duty, top_up; an ACCEPTED order has order_id, client_id, participant,
side, type, tif, price, qty (EVENT_DTYPES lists every kind's).
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from ftz.sim.native import native
from ftz.sim.vocabulary import EventKind

EVENT_DTYPE: np.dtype = native.EVENT_DTYPE
EVENT_DTYPES: dict[EventKind, np.dtype] = {EventKind(k): d for k, d in native.EVENT_DTYPES.items()}


class Events:
    """Events in the order the engine emitted them, and which command each came from.

    The arrays view memory the market hands over with them; they stay valid as long as
    they are referenced (the market reuses a buffer only once nothing views it).
    """

    def __init__(self, records: np.ndarray, offsets: np.ndarray):
        self.records = records  # EVENT_DTYPE
        self.offsets = offsets  # command i's events: records[offsets[i]:offsets[i + 1]]

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        counts = np.bincount(self.kind, minlength=len(EventKind))
        told = ", ".join(f"{k.name} {counts[k]}" for k in EventKind if counts[k])
        return f"Events({len(self)} from {self.commands} commands: {told})"

    @property
    def commands(self) -> int:
        """How many commands the events came from."""
        return len(self.offsets) - 1

    @property
    def kind(self) -> np.ndarray:
        return self.records["kind"]

    @property
    def instrument(self) -> np.ndarray:
        return self.records["instrument"]

    @property
    def command(self) -> np.ndarray:
        """For each event, the index of the command (in the batch) that caused it."""
        return np.repeat(np.arange(self.commands), np.diff(self.offsets).astype(np.int64))

    def of(self, kind: EventKind) -> np.ndarray:
        """The events of one kind, with its fields (EVENT_DTYPES[kind]); a copy."""
        # View, then select: a copy of EVENT_DTYPE records would keep only kind and instrument.
        return self.records.view(EVENT_DTYPES[EventKind(kind)])[self.kind == kind]

    def for_command(self, i: int) -> Events:
        """The events command i caused."""
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        return Events(self.records[start:end], self.offsets[i:i + 2] - self.offsets[i])

    def __iter__(self) -> Iterator[np.void]:
        """Each event as a record of its own kind's fields (slow: for reading, not bulk)."""
        for i, kind in enumerate(self.kind):
            yield self.records[i:i + 1].view(EVENT_DTYPES[EventKind(kind)])[0]
