"""In-process throughput: batch submission from NumPy, and TradingEnv steps.

    /usr/bin/python3 python/bench/inproc.py [--commands 4000000] [--batch 100000] [--seconds 5]

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

Prints the CPU model (lscpu) and what it measured; tests do not time anything.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import time

import numpy as np

from ftz.sim import Market, Side, TimeInForce, TradingEnv, cancels, new_orders, replaces

MID = 9_000  # LI2CO3, USD per t, ticks of 1 (floor 7,000)
RESTING = 1_000  # per side


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


def bench_env(seconds: float) -> None:
    env = TradingEnv()
    fixed = np.array([3, 3])
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
        print(f"env ({name}): {steps:,} steps, {episodes} episodes in {elapsed:.2f} s: "
              f"{steps / elapsed:,.0f} steps/s")


def main() -> None:
    parser = argparse.ArgumentParser(description="in-process throughput")
    parser.add_argument("--commands", type=int, default=4_000_000)
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per env measurement")
    args = parser.parse_args()
    print(f"CPU: {cpu_model()}; Python {platform.python_version()}, NumPy {np.__version__}")
    bench_submit(args.commands, args.batch)
    bench_env(args.seconds)


if __name__ == "__main__":
    main()
