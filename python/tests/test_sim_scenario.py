"""Simulator runs in process (run_scenario), and Python callables in the place of
scenario agents (bindings/scenario_bindings.cc, external_agent.cc)."""

from __future__ import annotations

import csv
import math
import os
import subprocess
from pathlib import Path

import pytest

sim = pytest.importorskip("ftz.sim", reason="the extension is not built (scripts/bootstrap.sh release)")
from ftz.sim import AgentTurn, Scenario, run_scenario  # noqa: E402

FTZ = Path(os.environ.get("FTZ_BUILD_DIR", Path(__file__).resolve().parents[2] / "build" / "release"),
           "apps", "ftz")
DEALER = "gb-liquidity-1"  # the default scenario's NDPR-OX liquidity provider


@pytest.fixture(scope="module")
def short() -> Scenario:
    """The default scenario cut to 3 periods of 40 rounds."""
    return Scenario.default().merged("periods: 3 steps_per_period: 40")


def same(a: object, b: object) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def test_a_run_is_determined_by_its_seed(short):
    first, again, other = (run_scenario(short, seed=s) for s in (7, 7, 8))
    assert first.state_hash == again.state_hash and first.periods == again.periods
    assert first.state_hash != other.state_hash
    assert first.seed == 7 and first.variant == "policy" and first.orders > 1_000
    assert len(first.periods) == 3 * 4  # 3 periods x the 4 instruments the agents trade
    assert first.row("NDPR-OX")["volume_total"] > 0
    assert run_scenario(short, seed=7, baseline=True).variant == "baseline"


def test_in_process_equals_the_command_line(short, tmp_path):
    if not FTZ.exists():
        pytest.skip(f"{FTZ} is not built")
    path = tmp_path / "short.txtpb"
    path.write_text(short.text)
    subprocess.run([str(FTZ), "sim", str(path), "--seed", "7", "--out", str(tmp_path / "out"),
                    "--quiet"], check=True, capture_output=True)
    result = run_scenario(Scenario.load(path), seed=7)

    def policy_rows(name: str) -> list[dict[str, str]]:
        with open(tmp_path / "out" / name, newline="") as f:
            return [r for r in csv.DictReader(f) if r["variant"] == "policy"]

    (run,) = policy_rows("run.csv")
    assert int(run["state_hash"]) == result.state_hash and int(run["orders"]) == result.orders
    for name, ours in (("periods.csv", result.periods), ("summary.csv", result.summary)):
        theirs = policy_rows(name)
        assert len(theirs) == len(ours), name
        for t, o in zip(theirs, ours):
            for key, value in o.items():
                if key == "deadweight_loss":  # filled in by the paired run only
                    continue
                parsed = sim.scenario._cell(t[key])
                assert same(parsed, value), (name, key, t[key], value)


def test_a_python_agent_takes_an_agents_place(short):
    seen: list[tuple[int, float]] = []

    def dealer(turn: AgentTurn) -> None:
        seen.append((turn.period, turn.elapsed))
        assert turn.name == DEALER and turn.instruments == [short_ox]
        mid = turn.view()["last_price"]
        for order in turn.open_orders():
            turn.cancel(order["client_id"])
        assert turn.open_orders() == []
        spread = turn.uniform(20, 60)  # from the agent's own seeded stream
        turn.buy(mid - spread, 1)
        turn.sell(mid + spread, 1)

    short_ox = sim.Market.default().instrument_id("NDPR-OX")
    result = run_scenario(short, seed=3, agents={DEALER: dealer})
    assert len(seen) == 3 * 40  # once a round
    assert [p for p, _ in seen[:40]] == [0] * 40 and seen[40][0] == 1
    bought = sum(t["qty"] for t in result.trades if t["buyer"] == DEALER)
    sold = sum(t["qty"] for t in result.trades if t["seller"] == DEALER)
    assert bought > 0 and sold > 0  # its quotes traded
    again = run_scenario(short, seed=3, agents={DEALER: dealer})
    assert again.state_hash == result.state_hash  # its random numbers come from the seed
    assert run_scenario(short, seed=3).state_hash != result.state_hash


def test_a_python_agent_keeps_its_position_and_cash(short):
    books: list[tuple[int, int]] = []

    def taker(turn: AgentTurn) -> None:
        bids, asks = turn.book()
        if len(asks) and turn.position() < 5:
            turn.buy(int(asks["price"][0]), 1, tif=sim.TimeInForce.IOC)  # takes the best ask
        books.append((turn.position(), turn.cash()))

    result = run_scenario(short, seed=4, agents={DEALER: taker})
    ours = [t for t in result.trades if DEALER in (t["buyer"], t["seller"])]
    position, cash = books[-1]
    lots = sum(t["qty"] if t["buyer"] == DEALER else -t["qty"] for t in ours) / 1000  # kg -> t
    paid = sum(t["price"] * t["qty"] for t in ours if t["buyer"] == DEALER)  # USD
    assert position == lots == 5
    assert cash == pytest.approx(-paid / 10)  # tick-lots of USD 10


def test_a_turn_is_valid_only_during_its_call(short):
    kept: list[AgentTurn] = []
    run_scenario(short.merged("periods: 1"), agents={DEALER: kept.append})
    with pytest.raises(RuntimeError, match="valid only during"):
        kept[0].buy(11_500, 1)


def test_an_agents_exception_ends_the_run():
    class Boom(Exception):
        pass

    def boom(turn: AgentTurn) -> None:
        raise Boom("from the agent")

    with pytest.raises(Boom, match="from the agent"):
        run_scenario(Scenario.default().merged("periods: 1 steps_per_period: 5"),
                     agents={DEALER: boom})


def test_bad_input_is_named(short):
    with pytest.raises(sim.ConfigError, match='no agent "nobody-1" in the scenario; its 52 agents: '
                                              "member-miner-1, "):
        run_scenario(short, agents={"nobody-1": print})
    with pytest.raises(TypeError, match="not callable"):
        run_scenario(short, agents={DEALER: 3})

    def bad_price(turn: AgentTurn) -> None:
        turn.buy(0, 1)

    with pytest.raises(ValueError, match=r"price 0 is outside the price band 1\.\.500000"):
        run_scenario(short, agents={DEALER: bad_price})


def test_a_scenario_that_fails_to_load_names_the_file_field_and_problem(tmp_path: Path):
    bad = tmp_path / "bad.txtpb"
    bad.write_text('name: "bad" periods: 2 steps_per_period: 5\n'
                   'sellers { name: "m" instrument: "GOLD" jurisdiction: "AU" count: 1 }\n')
    with pytest.raises(sim.ConfigError, match=r'bad\.txtpb: line 2: sellers\[0\] \(m\)\.instrument: '
                                              r'unknown symbol "GOLD"') as raised:
        Scenario.load(bad)
    if FTZ.exists():  # the command line says the same
        cli = subprocess.run([str(FTZ), "sim", str(bad), "--quiet"], capture_output=True,
                             text=True, timeout=60)
        assert cli.returncode != 0 and str(raised.value) in cli.stderr, cli.stderr
    with pytest.raises(sim.ConfigError, match=r"<merged>: line 1:"):
        Scenario.default().merged("periodz: 2")
