"""Box and MultiDiscrete with gymnasium's semantics (gymnasium.spaces), so that code
written for gymnasium runs on TradingEnv without gymnasium installed: `shape`, `dtype`,
`seed()`, `sample()`, `contains()` (and `in`), `np_random`."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


class Space:
    """What Box and MultiDiscrete share: a shape, a dtype and a seedable generator."""

    def __init__(self, shape: tuple[int, ...], dtype: npt.DTypeLike, seed: int | None = None):
        self.shape = shape
        self.dtype = np.dtype(dtype)
        self._np_random: np.random.Generator | None = None
        if seed is not None:
            self.seed(seed)

    @property
    def np_random(self) -> np.random.Generator:
        """The generator sample() draws from (seeded from entropy unless seed() was called)."""
        if self._np_random is None:
            self.seed()
        assert self._np_random is not None
        return self._np_random

    def seed(self, seed: int | None = None) -> list[int]:
        """Seeds sample(); returns the seed used (drawn from entropy when None)."""
        sequence = np.random.SeedSequence(seed)
        self._np_random = np.random.Generator(np.random.PCG64(sequence))
        return [int(sequence.entropy)]  # type: ignore[arg-type]

    def sample(self) -> np.ndarray:
        raise NotImplementedError

    def contains(self, x: Any) -> bool:
        raise NotImplementedError

    def __contains__(self, x: Any) -> bool:
        return self.contains(x)


class Box(Space):
    """Real vectors with per-entry bounds `low` and `high` (either may be infinite)."""

    def __init__(self, low: npt.ArrayLike, high: npt.ArrayLike, shape: tuple[int, ...] | None = None,
                 dtype: npt.DTypeLike = np.float64, seed: int | None = None):
        dtype = np.dtype(dtype)
        low_a, high_a = np.asarray(low, dtype=dtype), np.asarray(high, dtype=dtype)
        shape = shape or np.broadcast_shapes(low_a.shape, high_a.shape)
        super().__init__(tuple(shape), dtype, seed)
        self.low = np.broadcast_to(low_a, self.shape).copy()
        self.high = np.broadcast_to(high_a, self.shape).copy()
        if np.any(self.low > self.high):
            raise ValueError("Box: low must not exceed high")

    def is_bounded(self, manner: str = "both") -> bool:
        below, above = bool(np.all(np.isfinite(self.low))), bool(np.all(np.isfinite(self.high)))
        return {"both": below and above, "below": below, "above": above}[manner]

    def sample(self) -> np.ndarray:
        """As gymnasium's: uniform where bounded on both sides, shifted exponential where
        bounded on one, normal where unbounded."""
        rng = self.np_random
        low, high = self.low, self.high
        below, above = np.isfinite(low), np.isfinite(high)
        out = np.empty(self.shape, dtype=np.float64)
        both = below & above
        out[both] = rng.uniform(low[both], high[both])
        only_low = below & ~above
        out[only_low] = low[only_low] + rng.exponential(size=int(only_low.sum()))
        only_high = ~below & above
        out[only_high] = high[only_high] - rng.exponential(size=int(only_high.sum()))
        neither = ~below & ~above
        out[neither] = rng.normal(size=int(neither.sum()))
        return out.astype(self.dtype)

    def contains(self, x: Any) -> bool:
        x = np.asarray(x)
        return bool(x.shape == self.shape and np.can_cast(x.dtype, self.dtype)
                    and np.all(x >= self.low) and np.all(x <= self.high))

    def __repr__(self) -> str:
        return f"Box({self.low.min()}, {self.high.max()}, {self.shape}, {self.dtype})"

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Box) and self.shape == other.shape and self.dtype == other.dtype
                and np.array_equal(self.low, other.low) and np.array_equal(self.high, other.high))


class MultiDiscrete(Space):
    """Vectors of integers, entry i in [0, nvec[i])."""

    def __init__(self, nvec: npt.ArrayLike, dtype: npt.DTypeLike = np.int64,
                 seed: int | None = None):
        self.nvec = np.asarray(nvec, dtype=dtype)
        if np.any(self.nvec < 1):
            raise ValueError("MultiDiscrete: every entry of nvec must be at least 1")
        super().__init__(self.nvec.shape, dtype, seed)

    def sample(self) -> np.ndarray:
        return (self.np_random.random(self.nvec.shape) * self.nvec).astype(self.dtype)

    def contains(self, x: Any) -> bool:
        x = np.asarray(x)
        return bool(x.shape == self.shape and x.dtype.kind in "iu"
                    and np.all(x >= 0) and np.all(x < self.nvec))

    def __repr__(self) -> str:
        return f"MultiDiscrete({self.nvec.tolist()})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MultiDiscrete) and np.array_equal(self.nvec, other.nvec)
