"""Tabular Monte Carlo control on TradingEnv, against the random policy (NumPy only).

    /usr/bin/python3 python/examples/train_env.py              # 100 training episodes
    /usr/bin/python3 python/examples/train_env.py --episodes 40 --eval 20   # CI's short run

The learner sees a coarse state: its position (five buckets of max_position) and the
time of day (four quarters of the period). It keeps one table of action values per side
of its quote, Q_bid[state, choice] and Q_ask[state, choice], and picks each side's
choice epsilon-greedily from its own table (6 + 6 values per state instead of 6 x 6
with the default four quote levels). After each training episode, every step's return
to go (the sum of the rewards from that step to the episode's end; undiscounted, the
episode is one trading day) updates the value of the choice made on each side in that
step's state, to the mean of the returns seen (every-visit Monte Carlo). Returns to go,
not one-step targets, because a quote's worth shows only as the mark moves later.

It is then evaluated greedily, and the random policy (action_space.sample()) on the
same evaluation seeds, which no training episode used. Metric: the episode's return, the
sum of the rewards = the learner's mark-to-market P&L at the end of the day, in USD.
Printed: each policy's mean with a 95% confidence interval, and the mean of the per-seed
differences (learner - random) with its own 95% interval; the learner measurably beats
random when that interval lies above zero. What it learns on the default scenario is in
docs/python.md ("A learner").
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # python/
from ftz.sim import TradingEnv  # noqa: E402

Policy = Callable[[np.ndarray], np.ndarray]
TRAIN_SEEDS = 1_000   # episode seeds: training 1000, 1001, ...
EVAL_SEEDS = 900_000  # evaluation 900000, 900001, ... (never trained on)


class MonteCarloLearner:
    """Epsilon-greedy tabular Monte Carlo control over (position bucket, time bucket)
    states, one value table per side (bid, ask)."""

    POSITION_BUCKETS = 5
    TIME_BUCKETS = 4

    def __init__(self, env: TradingEnv, epsilon: float = 0.2, seed: int = 0):
        names = env.observation_names
        self.position = names.index("position")
        self.elapsed = names.index("elapsed")
        self.max_position = env.config.max_position
        choices = int(env.action_space.nvec[0])
        states = self.POSITION_BUCKETS * self.TIME_BUCKETS
        self.q = np.zeros((2, states, choices))  # [side, state, choice]: mean return to go
        self.visits = np.zeros((2, states, choices))
        self.epsilon = epsilon
        self.rng = np.random.default_rng(seed)

    def state(self, obs: np.ndarray) -> int:
        share = obs[self.position] / self.max_position  # in [-1, 1]
        p = min(int((share + 1) / 2 * self.POSITION_BUCKETS), self.POSITION_BUCKETS - 1)
        t = min(int(obs[self.elapsed] * self.TIME_BUCKETS), self.TIME_BUCKETS - 1)
        return p * self.TIME_BUCKETS + t

    def choose(self, state: int, explore: bool) -> np.ndarray:
        """(bid, ask): each side's best choice in this state (ties at random), or with
        probability epsilon while exploring, a random one."""
        action = np.empty(2, dtype=np.int64)
        for side in range(2):
            row = self.q[side, state]
            if explore and self.rng.random() < self.epsilon:
                action[side] = self.rng.integers(len(row))
            else:
                action[side] = self.rng.choice(np.flatnonzero(row == row.max()))
        return action

    def learn(self, states: np.ndarray, actions: np.ndarray, rewards: np.ndarray) -> None:
        """One episode: states[t], actions[t] = (bid, ask) and rewards[t] of each step."""
        to_go = np.cumsum(rewards[::-1])[::-1]
        for side in range(2):
            for s, a, g in zip(states, actions[:, side], to_go):
                self.visits[side, s, a] += 1
                self.q[side, s, a] += (g - self.q[side, s, a]) / self.visits[side, s, a]

    def greedy(self) -> Policy:
        return lambda obs: self.choose(self.state(obs), explore=False)


def train(env: TradingEnv, episodes: int, seed: int = 0) -> MonteCarloLearner:
    learner = MonteCarloLearner(env, seed=seed)
    scale = env.money_per_tick_lot  # rewards in USD
    for episode in range(episodes):
        obs, _ = env.reset(seed=TRAIN_SEEDS + episode)
        states, actions, rewards, done = [], [], [], False
        while not done:
            state = learner.state(obs)
            action = learner.choose(state, explore=True)
            obs, reward, done, _, _ = env.step(action)
            states.append(state)
            actions.append(action)
            rewards.append(reward * scale)
        learner.learn(np.array(states), np.array(actions), np.array(rewards))
    return learner


def evaluate(env: TradingEnv, policy: Policy, episodes: int) -> np.ndarray:
    """Each evaluation episode's return, USD."""
    returns = np.empty(episodes)
    for k in range(episodes):
        obs, _ = env.reset(seed=EVAL_SEEDS + k)
        env.action_space.seed(EVAL_SEEDS + k)  # the random policy's draws, per seed
        total, done = 0.0, False
        while not done:
            obs, reward, done, _, _ = env.step(policy(obs))
            total += reward
        returns[k] = total * env.money_per_tick_lot
    return returns


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float  # 95% confidence interval
    high: float


def t_quantile_975(dof: int) -> float:
    """Student's t 97.5% quantile (Cornish-Fisher expansion; within 0.1% for dof >= 5)."""
    z = 1.959964
    return z + (z**3 + z) / (4 * dof) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * dof**2)


def estimate(x: np.ndarray) -> Estimate:
    """The mean of x with a 95% t interval."""
    half = t_quantile_975(len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return Estimate(float(x.mean()), float(x.mean() - half), float(x.mean() + half))


def compare(episodes: int, evaluation: int, seed: int = 0, start_period: int = 0
            ) -> tuple[dict[str, Estimate], MonteCarloLearner, TradingEnv]:
    """Trains, then evaluates the learner and the random policy on the same seeds: the
    estimates, the trained learner and its environment (episodes from `start_period`)."""
    env = TradingEnv(start_period=start_period)
    learner = train(env, episodes, seed)
    learned = evaluate(env, learner.greedy(), evaluation)
    random = evaluate(env, lambda obs: env.action_space.sample(), evaluation)
    estimates = {"learner": estimate(learned), "random": estimate(random),
                 "learner - random": estimate(learned - random)}
    return estimates, learner, env


def choice_name(env: TradingEnv, choice: int) -> str:
    """keep, cancel, or the quote level's offset from the mark in steps (+k)."""
    return ("keep", "cancel")[choice] if choice < 2 else f"+{env.config.offsets[choice - 2]}"


def greedy_table(learner: MonteCarloLearner, env: TradingEnv) -> list[str]:
    """The greedy policy, bid/ask, by position bucket (rows) and quarter of the day."""
    lines = ["greedy (bid/ask) by position bucket and quarter of the day (- never visited):"]
    width = 2 * env.config.max_position / learner.POSITION_BUCKETS
    for p in range(learner.POSITION_BUCKETS):
        low = -env.config.max_position + p * width
        cells = []
        for t in range(learner.TIME_BUCKETS):
            state = p * learner.TIME_BUCKETS + t
            if learner.visits[:, state].sum() == 0:
                cells.append("-")
                continue
            bid, ask = (int(np.argmax(learner.q[side, state])) for side in range(2))
            cells.append(f"{choice_name(env, bid)}/{choice_name(env, ask)}")
        lines.append(f"  position [{low:+.0f}, {low + width:+.0f}): " +
                     "  ".join(f"{c:13s}" for c in cells))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=100, help="training episodes")
    parser.add_argument("--eval", type=int, default=30, help="evaluation episodes per policy")
    parser.add_argument("--seed", type=int, default=0, help="the learner's exploration seed")
    parser.add_argument("--start_period", type=int, default=0,
                        help="the scenario's day the episodes trade (the days before run idle)")
    args = parser.parse_args()
    start = time.perf_counter()
    results, learner, env = compare(args.episodes, args.eval, args.seed, args.start_period)
    print(f"{args.episodes} training episodes, {args.eval} evaluation seeds, "
          f"{time.perf_counter() - start:.1f} s")
    print("episode return, USD (mark-to-market P&L at the end of the day), mean [95% CI]:")
    for name, e in results.items():
        print(f"  {name:17s} {e.mean:12,.0f}  [{e.low:12,.0f}, {e.high:12,.0f}]")
    verdict = "beats" if results["learner - random"].low > 0 else "does not measurably beat"
    print(f"the learner {verdict} the random policy")
    print("\n".join(greedy_table(learner, env)))


if __name__ == "__main__":
    main()
