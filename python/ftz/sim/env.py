"""TradingEnv: one learner trading one mineral against a scenario's agents, with
gymnasium's reset/step API and space semantics (gymnasium itself is not needed).

    from ftz.sim import TradingEnv
    env = TradingEnv()                          # NDPR-OX in the default scenario
    obs, info = env.reset(seed=1)
    done = False
    while not done:
        obs, reward, done, truncated, info = env.step(env.action_space.sample())

The learner is a market maker of its own ("learner-1", GB) joining the scenario's
agents, or takes an agent's place (config.agent). A step applies the action, then runs
`activations_per_step` activations of the agents (default: one round, every agent once
in a random order), closing a period and opening the next when one ends; an episode is
`periods` periods, from the scenario's period `start_period` (reset runs the ones before
it, the learner idle). docs/python.md ("The trading environment") has the tables.

Action: MultiDiscrete([n, n]), (bid, ask) with n = 2 + len(offsets): 0 keeps the side's
quote as it is, 1 cancels it, 2 + k quotes `quote_qty` lots k-th level away from the
mark (bid at mark - offsets[k] steps, ask at mark + offsets[k] steps; a step is
`step_bps` of the mark, at least a tick; an ask never below the floor), placing a new
order or re-pricing the standing one. A quote that could take |position| beyond
`max_position` is not placed, and a standing one on that side is cancelled.

Reward: the change in mark-to-market P&L over the step, in tick-lots: cash + position x
mark, where mark is the last trade price held within the best bid and the best ask of
the others (the learner's own quotes left out). Cash counts buys at minus price x qty,
sells at price x qty - duty + top-up. `terminated` is True on the step that ends
the episode's last period; `truncated` is always False.

reset(seed=s) seeds everything: the same seed and the same actions give the same
observations. reset() without a seed draws the next episode's seed from the generator
the last seeded reset started (from entropy if none).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from ftz.sim.native import native
from ftz.sim.scenario import Scenario
from ftz.sim.spaces import Box, MultiDiscrete


@dataclass(frozen=True)
class EnvConfig:
    """The environment's parameters (bindings/trading_env.h: EnvConfig)."""
    instrument: str = "NDPR-OX"
    agent: str = ""            # the scenario agent whose place the learner takes; "": its own
    jurisdiction: str = "GB"   # the learner's own, when it joins (a member, to buy)
    periods: int = 1           # simulated periods (days) per episode
    start_period: int = 0      # the scenario's periods run at reset first, the learner idle
    activations_per_step: int = 0  # 0: one round (as many as there are agents)
    depth: int = 5             # book levels per side observed
    trades: int = 5            # recent trades observed
    offsets: tuple[int, ...] = field(default=(0, 1, 2, 4))  # quote levels, steps from the mark
    step_bps: int = 25         # one step, basis points of the mark (at least a tick)
    quote_qty: int = 1         # lots per quote
    max_position: int = 10     # lots; no quote may take |position| beyond it


class TradingEnv:
    """The gymnasium-style environment; see the module's docstring."""

    metadata: dict[str, Any] = {"render_modes": []}
    render_mode = None
    spec = None

    def __init__(self, scenario: Scenario | None = None, config: EnvConfig = EnvConfig(),
                 **overrides: Any):
        """`overrides` replace fields of `config` (TradingEnv(periods=5)). ConfigError (a
        ValueError) names a field outside its range."""
        self.config = replace(config, **overrides)
        self.scenario = scenario or Scenario.default()
        settings = asdict(self.config)
        settings["offsets"] = list(self.config.offsets)
        self._core = native.TradingEnvCore(self.scenario._native, **settings)
        self.observation_names: tuple[str, ...] = tuple(self._core.observation_names)
        self.observation_space = Box(self._core.observation_low, self._core.observation_high,
                                     dtype=np.float64)
        choices = self._core.choices
        self.action_space = MultiDiscrete([choices, choices])
        self._np_random: np.random.Generator | None = None

    @property
    def np_random(self) -> np.random.Generator:
        """Where reset() draws episode seeds from."""
        if self._np_random is None:
            self._np_random = np.random.default_rng()
        return self._np_random

    def reset(self, *, seed: int | None = None,
              options: dict[str, Any] | None = None) -> tuple[np.ndarray, dict[str, Any]]:
        """Starts an episode: a fresh simulation, run through the scenario's first
        `start_period` periods with the learner idle, at the start of the next. Returns
        (observation, info)."""
        if seed is not None:
            self._np_random = np.random.default_rng(seed)
        episode_seed = int(self.np_random.integers(1, 2**63))
        return self._core.reset(episode_seed)

    def step(self, action: Any) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """Applies the action and advances the market one step. Returns (observation,
        reward, terminated, truncated, info). ValueError names the allowed range of an
        action outside the action space; RuntimeError after the episode's end."""
        return self._core.step(action)

    def observation(self, obs: np.ndarray) -> dict[str, float]:
        """An observation by name, for reading and printing."""
        return dict(zip(self.observation_names, obs.tolist()))

    @property
    def pnl(self) -> float:
        """The learner's mark-to-market P&L since the reset, tick-lots."""
        return self._core.pnl

    @property
    def position(self) -> int:
        return self._core.position

    @property
    def cash(self) -> int:
        return self._core.cash

    @property
    def steps(self) -> int:
        return self._core.steps

    @property
    def money_per_tick_lot(self) -> float:
        """Currency per tick-lot (tick size x lot size): multiply a reward by it."""
        return self._core.tick_size * self._core.lot_size

    def state_hash(self) -> int:
        """The market's state hash now (equal hashes, equal books)."""
        return self._core.state_hash()

    @property
    def unwrapped(self) -> TradingEnv:
        return self

    def close(self) -> None:
        """Nothing to release (gymnasium's API)."""

    def __repr__(self) -> str:
        return f"TradingEnv({self.config.instrument} in {self.scenario.name}, {self.config})"
