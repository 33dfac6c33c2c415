"""Batches of commands as NumPy arrays of COMMAND_DTYPE, the layout of the core's
Command struct (vocabulary/command.h): Market.submit hands their bytes to the engine.

Each builder broadcasts its arguments (scalars or arrays) to one length and returns a
new array; join batches with numpy.concatenate. Fields a kind does not use stay 0.
Prices are ticks, quantities lots.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ftz.sim.native import native
from ftz.sim.vocabulary import CommandKind, OrderType, Side, StpMode, TimeInForce

COMMAND_DTYPE: np.dtype = native.COMMAND_DTYPE

ArrayLike = npt.ArrayLike


def commands(n: int) -> np.ndarray:
    """n commands, all fields 0 (a GTC limit buy of nothing, which the engine rejects)."""
    return np.zeros(n, dtype=COMMAND_DTYPE)


def _batch(kind: CommandKind, **fields: ArrayLike) -> np.ndarray:
    columns = np.broadcast_arrays(*(np.asarray(v) for v in fields.values()))
    out = commands(columns[0].size)
    out["kind"] = kind
    for name, column in zip(fields, columns):
        out[name] = column.reshape(-1)
    return out


def new_orders(participant: ArrayLike, instrument: ArrayLike, side: ArrayLike, price: ArrayLike,
               qty: ArrayLike, *, client_id: ArrayLike = 0, tif: ArrayLike = TimeInForce.GTC,
               order_type: ArrayLike = OrderType.LIMIT, stp: ArrayLike = StpMode.NONE,
               post_only: ArrayLike = False, origin: ArrayLike = 0) -> np.ndarray:
    """New orders. `origin` is a sell's declared origin, a packed ISO code (jurisdiction());
    0 means the seller's own."""
    return _batch(CommandKind.NEW, participant=participant, instrument=instrument, side=side,
                  price=price, qty=qty, client_id=client_id, tif=tif, type=order_type, stp=stp,
                  post_only=post_only, origin=origin)


def cancels(participant: ArrayLike, instrument: ArrayLike, *, order_id: ArrayLike = 0,
            client_id: ArrayLike = 0) -> np.ndarray:
    """Cancels of resting orders named by order id, or by client id when order_id is 0."""
    return _batch(CommandKind.CANCEL, participant=participant, instrument=instrument,
                  order_id=order_id, client_id=client_id)


def replaces(participant: ArrayLike, instrument: ArrayLike, price: ArrayLike, qty: ArrayLike, *,
             order_id: ArrayLike = 0, client_id: ArrayLike = 0) -> np.ndarray:
    """Replaces: the named order's new price and open (leaves) quantity."""
    return _batch(CommandKind.REPLACE, participant=participant, instrument=instrument,
                  price=price, qty=qty, order_id=order_id, client_id=client_id)


def mass_cancels(participant: ArrayLike, *, instrument: int | None = None,
                 side: Side | None = None) -> np.ndarray:
    """Cancels of all the participant's orders, optionally of one instrument or side."""
    return _batch(CommandKind.MASS_CANCEL, participant=participant,
                  instrument=0 if instrument is None else instrument,
                  filter_instrument=instrument is not None,
                  side=Side.BUY if side is None else side, filter_side=side is not None)


def end_period() -> np.ndarray:
    """END_PERIOD: DAY orders expire, the policy closes its period, the stockpile re-bids."""
    return _batch(CommandKind.END_PERIOD, instrument=0)


def set_floor(instrument: int, price: int) -> np.ndarray:
    """An admin command: the instrument's hard floor becomes `price` ticks (0 removes it)."""
    return _batch(CommandKind.SET_FLOOR, instrument=instrument, price=price)


def set_tariff(instrument: int, bps: int) -> np.ndarray:
    """An admin command: the non-member ad valorem tariff becomes `bps` basis points."""
    return _batch(CommandKind.SET_TARIFF, instrument=instrument, qty=bps)


def jurisdiction(code: str) -> int:
    """A packed ISO 3166 alpha-2 code ("US" -> ord('U') << 8 | ord('S')), as `origin` takes."""
    if len(code) != 2 or not code.isascii():
        raise ValueError(f"a jurisdiction is two ASCII letters (ISO 3166 alpha-2), not {code!r}")
    return ord(code[0]) << 8 | ord(code[1])
