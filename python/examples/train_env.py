"""Tabular Q-learning on TradingEnv, against the random policy (NumPy only).

    /usr/bin/python3 python/examples/train_env.py              # 300 training episodes
    /usr/bin/python3 python/examples/train_env.py --episodes 40 --eval 20   # CI's short run

The learner sees a coarse state: its position (five buckets of max_position) and the
time of day (four quarters of the period); it chooses one of the (bid, ask) action pairs
(6 x 6 with the default four quote levels) by epsilon-greedy Q-learning (undiscounted:
the episode is one trading day). It is then evaluated greedily, and the random policy
(action_space.sample()) on the same evaluation seeds, which no training episode used.

Metric: the episode's return, the sum of the rewards = the learner's mark-to-market P&L
at the end of the day, in USD. Printed: each policy's mean with a 95% confidence
interval, and the mean of the per-seed differences (learner - random) with its own 95%
interval; the learner measurably beats random when that interval lies above zero.
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ftz.sim import TradingEnv

Policy = Callable[[np.ndarray], np.ndarray]
TRAIN_SEEDS = 1_000   # episode seeds: training 1000, 1001, ...
EVAL_SEEDS = 900_000  # evaluation 900000, 900001, ... (never trained on)


class QLearner:
    """Epsilon-greedy tabular Q-learning over (position bucket, time bucket) states."""

    POSITION_BUCKETS = 5
    TIME_BUCKETS = 4

    def __init__(self, env: TradingEnv, alpha: float = 0.1, epsilon: float = 0.2, seed: int = 0):
        names = env.observation_names
        self.position = names.index("position")
        self.elapsed = names.index("elapsed")
        self.max_position = env.config.max_position
        self.choices = int(env.action_space.nvec[0])
        states = self.POSITION_BUCKETS * self.TIME_BUCKETS
        self.q = np.zeros((states, self.choices * self.choices))
        self.alpha, self.epsilon = alpha, epsilon
        self.rng = np.random.default_rng(seed)

    def state(self, obs: np.ndarray) -> int:
        share = obs[self.position] / self.max_position  # in [-1, 1]
        p = min(int((share + 1) / 2 * self.POSITION_BUCKETS), self.POSITION_BUCKETS - 1)
        t = min(int(obs[self.elapsed] * self.TIME_BUCKETS), self.TIME_BUCKETS - 1)
        return p * self.TIME_BUCKETS + t

    def action(self, index: int) -> np.ndarray:
        return np.array(divmod(index, self.choices), dtype=np.int64)  # (bid, ask)

    def choose(self, state: int, explore: bool) -> int:
        if explore and self.rng.random() < self.epsilon:
            return int(self.rng.integers(self.q.shape[1]))
        row = self.q[state]
        return int(self.rng.choice(np.flatnonzero(row == row.max())))  # ties at random

    def learn(self, state: int, action: int, reward: float, next_state: int, done: bool) -> None:
        target = reward + (0.0 if done else self.q[next_state].max())
        self.q[state, action] += self.alpha * (target - self.q[state, action])

    def greedy(self) -> Policy:
        return lambda obs: self.action(self.choose(self.state(obs), explore=False))


def train(env: TradingEnv, episodes: int, seed: int = 0) -> QLearner:
    learner = QLearner(env, seed=seed)
    scale = env.money_per_tick_lot  # rewards in USD
    for episode in range(episodes):
        obs, _ = env.reset(seed=TRAIN_SEEDS + episode)
        state, done = learner.state(obs), False
        while not done:
            a = learner.choose(state, explore=True)
            obs, reward, done, _, _ = env.step(learner.action(a))
            next_state = learner.state(obs)
            learner.learn(state, a, reward * scale, next_state, done)
            state = next_state
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


def compare(episodes: int, evaluation: int, seed: int = 0) -> dict[str, Estimate]:
    """Trains, evaluates the learner and the random policy on the same seeds."""
    env = TradingEnv()
    learner = train(env, episodes, seed)
    learned = evaluate(env, learner.greedy(), evaluation)
    random = evaluate(env, lambda obs: env.action_space.sample(), evaluation)
    return {"learner": estimate(learned), "random": estimate(random),
            "learner - random": estimate(learned - random)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=300, help="training episodes")
    parser.add_argument("--eval", type=int, default=30, help="evaluation episodes per policy")
    parser.add_argument("--seed", type=int, default=0, help="the learner's exploration seed")
    args = parser.parse_args()
    start = time.perf_counter()
    results = compare(args.episodes, args.eval, args.seed)
    print(f"{args.episodes} training episodes, {args.eval} evaluation seeds, "
          f"{time.perf_counter() - start:.1f} s")
    print("episode return, USD (mark-to-market P&L at the end of the day), mean [95% CI]:")
    for name, e in results.items():
        print(f"  {name:17s} {e.mean:12,.0f}  [{e.low:12,.0f}, {e.high:12,.0f}]")
    verdict = "beats" if results["learner - random"].low > 0 else "does not measurably beat"
    print(f"the learner {verdict} the random policy")


if __name__ == "__main__":
    main()
