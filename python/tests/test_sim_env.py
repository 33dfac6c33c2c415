"""TradingEnv: gymnasium's reset/step API on the simulator (bindings/trading_env.cc,
python/ftz/sim/env.py)."""

from __future__ import annotations

import numpy as np
import pytest

sim = pytest.importorskip("ftz.sim", reason="the extension is not built (scripts/bootstrap.sh release)")
from ftz.sim import Box, MultiDiscrete, Scenario, TradingEnv  # noqa: E402

ROUNDS = 20  # rounds per period in these tests (the default scenario has 200)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario.default().merged(f"steps_per_period: {ROUNDS}")


@pytest.fixture
def env(scenario) -> TradingEnv:
    return TradingEnv(scenario, periods=2)


def rollout(env: TradingEnv, seed: int, actions: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Observations (the reset's first) and rewards of an episode played from `actions`."""
    obs, _ = env.reset(seed=seed)
    seen, rewards = [obs], []
    for a in actions:
        obs, reward, done, truncated, info = env.step(a)
        seen.append(obs)
        rewards.append(reward)
        assert not truncated and info == {}
        if done:
            break
    return np.array(seen), np.array(rewards)


def random_actions(env: TradingEnv, n: int, seed: int) -> list[np.ndarray]:
    env.action_space.seed(seed)
    return [env.action_space.sample() for _ in range(n)]


def test_spaces_and_names(env):
    n = 2 + len(env.config.offsets)
    assert isinstance(env.action_space, MultiDiscrete) and env.action_space.nvec.tolist() == [n, n]
    assert isinstance(env.observation_space, Box)
    assert env.observation_space.shape == (len(env.observation_names),) == (4 * 5 + 2 * 5 + 11,)
    assert env.observation_names[:2] == ("bid_price_0", "bid_price_1")
    assert env.observation_names[-2:] == ("period", "elapsed")
    obs, info = env.reset(seed=1)
    assert obs.dtype == np.float64 and obs in env.observation_space and info == {}
    assert env.action_space.sample() in env.action_space
    assert np.array([n, 0]) not in env.action_space


def test_the_same_seed_and_actions_give_the_same_observations(env, scenario):
    actions = random_actions(env, 2 * ROUNDS, seed=5)
    obs_a, rewards_a = rollout(env, 42, actions)
    other = TradingEnv(scenario, periods=2)
    obs_b, rewards_b = rollout(other, 42, actions)
    assert np.array_equal(obs_a, obs_b) and np.array_equal(rewards_a, rewards_b)
    assert env.state_hash() == other.state_hash()
    obs_c, _ = rollout(env, 43, actions)
    assert not np.array_equal(obs_a, obs_c)
    obs_d, _ = rollout(env, 42, random_actions(env, 2 * ROUNDS, seed=6))
    assert not np.array_equal(obs_a, obs_d)


def test_reset_without_a_seed_continues_the_seeded_sequence(scenario):
    a, b = TradingEnv(scenario), TradingEnv(scenario)
    a.reset(seed=9)
    b.reset(seed=9)
    assert np.array_equal(a.reset()[0], b.reset()[0])
    x, y = (e.step([2, 2])[0] for e in (a, b))
    assert np.array_equal(x, y)


def test_an_episode_is_its_periods_of_rounds(env):
    env.reset(seed=3)
    steps, done = 0, False
    periods = []
    while not done:
        obs, _, done, _, _ = env.step(env.action_space.sample())
        periods.append(env.observation(obs)["period"])
        steps += 1
    assert steps == 2 * ROUNDS == env.steps
    assert periods[ROUNDS - 2] == 0 and periods[ROUNDS - 1] == 1  # rolled at the step's end
    assert env.observation(obs)["elapsed"] == 1.0
    with pytest.raises(RuntimeError, match="the episode is over"):
        env.step([0, 0])


def test_rewards_add_up_to_the_mark_to_market_pnl(env):
    env.reset(seed=4)
    env.action_space.seed(4)
    total, done, traded = 0.0, False, False
    while not done:
        obs, reward, done, _, _ = env.step(env.action_space.sample())
        total += reward
        o = env.observation(obs)
        assert abs(o["position"]) <= env.config.max_position
        assert env.pnl == pytest.approx(o["cash"] + o["position"] * o["mark"])
        traded |= o["position"] != 0
    assert traded and total == pytest.approx(env.pnl)


def test_quotes_rest_at_the_chosen_levels(env):
    obs, _ = env.reset(seed=6)
    for _ in range(5):  # let the book fill
        obs, *_ = env.step([0, 0])
    before = env.observation(obs)
    mark = before["mark"]
    step = max(1, round(mark * env.config.step_bps / 10_000))
    k = 3  # the quote level offsets[1] = 1 step from the mark
    obs, *_ = env.step([k, k])
    after = env.observation(obs)
    offset = env.config.offsets[k - 2]
    for side, price in (("bid", np.floor(mark) - offset * step), ("ask", np.ceil(mark) + offset * step)):
        if after[f"own_{side}_qty"]:  # unless filled within the step
            assert after[f"own_{side}_price"] == price
            assert price in [after[f"{side}_price_{i}"] for i in range(5)]  # in the book
    obs, *_ = env.step([1, 1])
    cancelled = env.observation(obs)
    assert cancelled["own_bid_qty"] == cancelled["own_ask_qty"] == 0


def test_actions_outside_the_space_name_the_allowed_range(env):
    env.reset(seed=1)
    for bad, where in (([6, 0], r"action\[0\] \(bid\) is 6, outside 0\.\.5"),
                       ((0, -1), r"action\[1\] \(ask\) is -1, outside 0\.\.5"),
                       (np.array([1, 2, 3]), r"2 integers \(bid, ask\), each in 0\.\.5"),
                       ([0.5, 1], r"2 integers \(bid, ask\), each in 0\.\.5"),
                       (7, r"2 integers")):
        with pytest.raises(ValueError, match=where):
            env.step(bad)
    assert env.steps == 0  # nothing ran
    env.step(np.array([2, 3], dtype=np.int32))  # any integer type will do


def test_taking_an_agents_place(scenario):
    env = TradingEnv(scenario, agent="gb-liquidity-1")
    obs, _ = env.reset(seed=2)
    for _ in range(ROUNDS):
        obs, _, done, _, _ = env.step([2, 2])
    assert done


def test_starting_later_is_the_same_as_idling_through_the_periods_before(scenario):
    """reset() with start_period=1 runs period 0 with the learner idle: the same market as
    an episode from period 0 whose first period's actions all keep (no quote)."""
    idle = TradingEnv(scenario, periods=2)
    obs, _ = idle.reset(seed=8)
    for _ in range(ROUNDS):
        obs, *_ = idle.step([0, 0])
    later = TradingEnv(scenario, start_period=1)
    start, _ = later.reset(seed=8)
    assert later.state_hash() == idle.state_hash()
    a, b = idle.observation(obs), later.observation(start)
    assert (a.pop("period"), b.pop("period")) == (1, 0)  # the episode's own count
    assert a == b
    actions = random_actions(later, ROUNDS, seed=2)
    assert np.array_equal(rollout(later, 8, actions)[0][1:], rollout_from(idle, 8, actions))


def rollout_from(env: TradingEnv, seed: int, actions: list[np.ndarray]) -> np.ndarray:
    """The observations after each of `actions`, played after a first period of keeps,
    without the period entry's offset (for comparison with start_period=1)."""
    env.reset(seed=seed)
    for _ in range(ROUNDS):
        env.step([0, 0])
    seen = []
    for a in actions:
        obs, *_ = env.step(a)
        seen.append(obs)
    out = np.array(seen)
    out[:, env.observation_names.index("period")] -= 1
    return out


def test_a_config_outside_its_range_is_named(scenario):
    with pytest.raises(sim.ConfigError, match='instrument: no instrument "GOLD"'):
        TradingEnv(scenario, instrument="GOLD")
    with pytest.raises(sim.ConfigError, match=r"periods: 300 is outside 1\.\.250"):
        TradingEnv(scenario, periods=300)
    with pytest.raises(sim.ConfigError, match='no agent "nobody-1"'):
        TradingEnv(scenario, agent="nobody-1")
    with pytest.raises(sim.ConfigError, match=r"start_period: 250 is outside 0\.\.249"):
        TradingEnv(scenario, start_period=250)
    with pytest.raises(sim.ConfigError, match="max_position: 0 is below quote_qty 1"):
        TradingEnv(scenario, max_position=0)
