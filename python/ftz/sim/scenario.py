"""Scenarios and simulator runs in process, with some agents replaced by Python callables.

    from ftz.sim import Scenario, run_scenario
    scenario = Scenario.default().merged("periods: 5")
    def dealer(turn):                           # called on each of its activations
        last = turn.view()["last_price"]
        for order in turn.open_orders():
            turn.cancel(order["client_id"])
        turn.buy(last - 50, 1)
        turn.sell(last + 50, 1)
    result = run_scenario(scenario, seed=7, agents={"gb-liquidity-1": dealer})
    print(result.row("NDPR-OX")["vwap"], result.state_hash)

An agent callable gets an AgentTurn (valid only during the call): the period and the
share of it gone, market views and books, its position, cash and open orders, buy/sell/
replace/cancel, and random numbers from its own seeded stream, so that a run is
deterministic for its seed. It takes the replaced agent's name, participant and
instruments; its account in the welfare tables is the market makers'.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any, Callable, Mapping

from ftz.sim.native import native

AgentTurn = native.AgentTurn
AgentFn = Callable[[Any], None]  # called with an AgentTurn
Row = dict[str, Any]


class Scenario:
    """A scenario (proto/scenario.proto), checked: its market compiles and its agents
    build. ConfigError (a ValueError) names the origin, the field and the problem."""

    def __init__(self, native_scenario: Any):
        self._native = native_scenario

    @classmethod
    def default(cls) -> Scenario:
        """The embedded default scenario (sim/default_scenario.txtpb): 250 periods."""
        return cls(native.Scenario.default())

    @classmethod
    def from_text(cls, text: str, origin: str = "<text>") -> Scenario:
        return cls(native.Scenario.from_text(text, origin))

    @classmethod
    def load(cls, path: str | PathLike[str]) -> Scenario:
        return cls.from_text(Path(path).read_text(encoding="utf-8"), str(path))

    def merged(self, text: str, origin: str = "<merged>") -> Scenario:
        """A copy with scenario fields in text format merged in: fields set there replace
        these, repeated ones are added (merged("periods: 5 steps_per_period: 50"))."""
        return Scenario(self._native.merged(text, origin))

    @property
    def name(self) -> str:
        return self._native.name

    @property
    def periods(self) -> int:
        return self._native.periods

    @property
    def seed(self) -> int:
        return self._native.seed

    @property
    def steps_per_period(self) -> int:
        """Activation rounds per period (every agent once a round), unless
        activations_per_period is set."""
        return self._native.steps_per_period

    @property
    def activations_per_period(self) -> int:
        """Activations per period, one agent drawn at random for each; 0: rounds instead."""
        return self._native.activations_per_period

    @property
    def agents(self) -> list[str]:
        """The agents' names (GROUP-1, GROUP-2 ...), in the driver's order."""
        return self._native.agents

    @property
    def text(self) -> str:
        """The scenario in text format, its market written out."""
        return self._native.text


@dataclass(frozen=True)
class RunResult:
    """What a run produced: the rows of the CSV files `ftz sim --out` writes
    (sim/report/report_csv.h; docs/methodology.md defines every figure). Numbers are
    ints or floats, a figure that does not apply is NaN."""
    scenario: str
    variant: str
    seed: int
    orders: int
    wall_seconds: float
    state_hash: int
    summary: list[Row]  # per instrument, chain of several, and "ALL"
    periods: list[Row]  # per period and instrument
    welfare: list[Row]  # per period and chain
    trades: list[Row]
    events: list[Row]

    def row(self, symbol: str) -> Row:
        """The summary row of an instrument, a chain ("NDPR-CONC>NDPR-OX") or "ALL"."""
        for r in self.summary:
            if r["symbol"] == symbol:
                return r
        raise KeyError(f"no summary row {symbol!r}; rows: {[r['symbol'] for r in self.summary]}")


def _cell(text: str) -> Any:
    if text == "":
        return math.nan
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _rows(text: str, keep_variant: bool = False) -> list[Row]:
    """A CSV text's rows (without the `variant` column unless kept)."""
    return [{k: _cell(v) for k, v in raw.items() if keep_variant or k != "variant"}
            for raw in csv.DictReader(io.StringIO(text))]


def run_scenario(scenario: Scenario | None = None, *, seed: int = 0,
                 agents: Mapping[str, AgentFn] | None = None,
                 baseline: bool = False) -> RunResult:
    """Runs a scenario (default: the embedded one) in process; seed 0 is its own seed.

    `agents` replaces scenario agents by name ("gb-liquidity-1") with Python callables,
    each called with an AgentTurn on the replaced agent's activations; ConfigError
    names the agents there are when one is unknown. `baseline` runs the no-policy
    baseline. An exception raised by an agent ends the run and propagates.
    """
    scenario = scenario or Scenario.default()
    csvs = native.run_scenario(scenario._native, seed, dict(agents or {}), baseline)
    (run,) = _rows(csvs["run"], keep_variant=True)
    return RunResult(scenario=str(run["scenario"]), variant=run["variant"], seed=run["seed"],
                     orders=run["orders"], wall_seconds=run["wall_seconds"],
                     state_hash=run["state_hash"], summary=_rows(csvs["summary"]),
                     periods=_rows(csvs["periods"]), welfare=_rows(csvs["welfare"]),
                     trades=_rows(csvs["trades"]), events=_rows(csvs["events"]))
