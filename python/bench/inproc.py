"""In-process throughput: batch submission from NumPy, and TradingEnv steps.

    /usr/bin/python3 python/bench/inproc.py [--commands 4000000] [--batch 100000] [--seconds 5]
                                            [--tcp_periods 2]

1. Commands/s through Market.submit: a stream generated with NumPy before timing, on
   the default market's LI2CO3 book (no concentration limit), after 2,000 resting
   orders are placed (1,000 bids, 1,000 asks of 50,000 lots, gb-mm, client ids 1..2000):
   80% replaces of those orders to a new price on their side of the book (by client id;
   the book stays uncrossed), 10% IOC orders of 1-5 lots from a buyer or a seller that
   trade at the touch, 5% new GTC orders of a third participant that rest, 5% its cancels
   of those (some already cancelled: UNKNOWN_ORDER rejects, part of the mix). Timed:
   submit() per batch, returning every event as arrays; also events/s.
2. Steps/s of TradingEnv() (NDPR-OX in the default scenario, one round of 53 agents per
   step), with the random policy (action_space.sample() each step) and with a fixed
   action, resetting at each episode's end (resets included).
3. The same simulation over TCP, in the same run: `ftz agents --periods P` (the default
   scenario's 52 agents, one gateway session each, against a real gateway on a loopback
   port, in lockstep: every activation waits for its answers, as a learner's step must)
   against run_scenario() of the same P periods and seed in process (the median of 21
   runs; the same orders, as ftz agents checks trade by trade). A step of the environment
   is one activation round (every agent once) plus the learner's action, so rounds/s over
   TCP is what an environment stepped over TCP could do at best. Both walls are the
   runs' own (after setup; the TCP one includes the 52 logons).

Prints the CPU model (lscpu) and what it measured; tests do not time anything.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # python/
from ftz.sim import (Market, Scenario, Side, TimeInForce, TradingEnv, cancels, new_orders,  # noqa: E402
                     replaces, run_scenario)

MID = 9_000  # LI2CO3, USD per t, ticks of 1 (floor 7,000)
RESTING = 1_000  # per side
IN_PROCESS_REPEATS = 21  # in-process runs of the TCP run's periods (it takes milliseconds)


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
        return f"{fields['Model name'].strip()}, {fields['CPU(s)'].strip()} CPUs"
    except (OSError, KeyError, subprocess.CalledProcessError):
        return platform.processor() or "unknown CPU"


def stream(market: Market, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(setup, measured) command arrays for the mix in the module's docstring."""
    rng = np.random.default_rng(seed)
    li = market.instrument_id("LI2CO3")
    mm, buyer, seller, maker = (market.participant_id(p)
                                for p in ("gb-mm", "jp-buyer", "au-miner", "us-refiner"))
    slot = np.arange(2 * RESTING)
    slot_side = np.where(slot < RESTING, Side.BUY, Side.SELL)

    def slot_price(sides: np.ndarray) -> np.ndarray:
        away = rng.integers(1, 400, len(sides))
        return np.where(sides == Side.BUY, MID - away, MID + away)

    setup = new_orders(mm, li, slot_side, slot_price(slot_side), 50_000, client_id=slot + 1)
    roll = rng.random(n)
    out = np.zeros(n, dtype=setup.dtype)
    moves = roll < 0.80
    target = rng.integers(0, 2 * RESTING, int(moves.sum()))
    out[moves] = replaces(mm, li, slot_price(slot_side[target]), 50_000, client_id=target + 1)
    takes = (roll >= 0.80) & (roll < 0.90)
    k = int(takes.sum())
    side = rng.integers(0, 2, k)
    out[takes] = new_orders(np.where(side == Side.BUY, buyer, seller), li, side,
                            np.where(side == Side.BUY, MID + 400, MID - 400),
                            rng.integers(1, 6, k), tif=TimeInForce.IOC)
    rests = (roll >= 0.90) & (roll < 0.95)
    k = int(rests.sum())
    side = rng.integers(0, 2, k)
    ids = np.arange(1, k + 1)
    out[rests] = new_orders(maker, li, side, slot_price(side), 1,
                            client_id=10_000_000 + ids)
    drops = roll >= 0.95
    k = int(drops.sum())
    out[drops] = cancels(maker, li, client_id=10_000_000 + rng.integers(1, max(k, 2), k))
    return setup, out


def bench_submit(n: int, batch: int) -> None:
    market = Market.default()
    setup, measured = stream(market, n, seed=1)
    market.submit(setup)
    batches = [measured[i:i + batch] for i in range(0, n, batch)]
    events = 0
    start = time.perf_counter()
    for b in batches:
        events += len(market.submit(b))
    elapsed = time.perf_counter() - start
    print(f"submit: {n:,} commands in batches of {batch:,}: {elapsed:.3f} s, "
          f"{n / elapsed / 1e6:.2f} M commands/s, {events / elapsed / 1e6:.2f} M events/s "
          f"({events / n:.2f} events per command); {market.resting_orders():,} orders rest")


def bench_env(seconds: float) -> dict[str, float]:
    """Steps/s of TradingEnv() by policy."""
    env = TradingEnv()
    fixed = np.array([3, 3])
    rates = {}
    for name, act in (("random policy", lambda: env.action_space.sample()),
                      ("fixed action", lambda: fixed)):
        env.reset(seed=1)
        env.action_space.seed(1)
        steps, episodes = 0, 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            for _ in range(1_000):
                _, _, done, _, _ = env.step(act())
                steps += 1
                if done:
                    env.reset()
                    episodes += 1
        elapsed = time.perf_counter() - start
        rates[name] = steps / elapsed
        print(f"env ({name}): {steps:,} steps, {episodes} episodes in {elapsed:.2f} s: "
              f"{steps / elapsed:,.0f} steps/s")
    return rates


def ftz_binary() -> Path:
    build = os.environ.get("FTZ_BUILD_DIR")
    root = Path(__file__).resolve().parents[2]
    return (Path(build) if build else root / "build" / "release") / "apps" / "ftz"


def bench_tcp(periods: int, env_rate: float) -> None:
    """Rounds/s of the default scenario over TCP (ftz agents) and in process."""
    scenario = Scenario.default().merged(f"periods: {periods}")
    rounds = periods * scenario.steps_per_period
    out = subprocess.run([str(ftz_binary()), "agents", "--periods", str(periods), "--quiet",
                          "--check=false"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+) agents sent (\d+) orders over TCP in ([\d.]+) s", out)
    if match is None:
        raise RuntimeError(f"unexpected output of ftz agents: {out!r}")
    agents, tcp_orders, tcp_wall = int(match[1]), int(match[2]), float(match[3])
    runs = [run_scenario(scenario, seed=scenario.seed) for _ in range(IN_PROCESS_REPEATS)]
    local = sorted(runs, key=lambda r: r.wall_seconds)[len(runs) // 2]  # the median run
    print(f"sim over TCP (ftz agents, {agents} agents, {periods} periods of "
          f"{scenario.steps_per_period} rounds): {tcp_orders:,} orders in {tcp_wall:.2f} s: "
          f"{rounds / tcp_wall:,.0f} rounds/s, {tcp_orders / tcp_wall:,.0f} orders/s")
    print(f"sim in process (run_scenario, same periods and seed, median of {len(runs)}): "
          f"{local.orders:,} orders in {local.wall_seconds * 1e3:.2f} ms: {rounds / local.wall_seconds:,.0f} rounds/s, "
          f"{local.orders / local.wall_seconds:,.0f} orders/s")
    print(f"ratios: in process / TCP {tcp_wall / local.wall_seconds:,.0f}x; environment steps/s "
          f"(random policy) / TCP rounds/s {env_rate / (rounds / tcp_wall):,.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description="in-process throughput")
    parser.add_argument("--commands", type=int, default=4_000_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per env measurement")
    parser.add_argument("--tcp_periods", type=int, default=2, help="periods run over TCP")
    args = parser.parse_args()
    print(f"CPU: {cpu_model()}; Python {platform.python_version()}, NumPy {np.__version__}")
    bench_submit(args.commands, args.batch)
    rates = bench_env(args.seconds)
    bench_tcp(args.tcp_periods, rates["random policy"])


if __name__ == "__main__":
    main()
