"""The exchange and the simulator in process: the C++ market and simulator through a
Python extension (bindings/), a gymnasium-style trading environment on them
(docs/python.md, "In process").

    from ftz.sim import Market, new_orders, Side
    market = Market.default()
    events = market.submit(new_orders(market.participant_id("gb-mm"),
                                      market.instrument_id("NDPR-OX"), Side.BUY, 11500, 5))

Needs NumPy and the built extension (scripts/bootstrap.sh release builds it).
"""

from ftz.sim.commands import (COMMAND_DTYPE, cancels, commands, end_period, jurisdiction,
                              mass_cancels, new_orders, replaces, set_floor, set_tariff)
from ftz.sim.env import EnvConfig, TradingEnv
from ftz.sim.events import EVENT_DTYPE, EVENT_DTYPES, Events
from ftz.sim.market import LEVEL_DTYPE, ORDER_DTYPE, Book, Market
from ftz.sim.native import native as _native
from ftz.sim.scenario import AgentTurn, RunResult, Scenario, run_scenario
from ftz.sim.spaces import Box, MultiDiscrete
from ftz.sim.vocabulary import (CancelReason, CommandKind, EventKind, FloorChangeCause, OrderType,
                                RejectReason, Side, StpMode, TimeInForce)

ConfigError = _native.ConfigError  # a ValueError: the file (origin), the field, the problem

__all__ = ["AgentTurn", "Book", "Box", "COMMAND_DTYPE", "CancelReason", "CommandKind",
           "ConfigError", "EVENT_DTYPE", "EVENT_DTYPES", "EnvConfig", "EventKind", "Events",
           "FloorChangeCause", "LEVEL_DTYPE", "Market", "MultiDiscrete", "ORDER_DTYPE",
           "OrderType", "RejectReason", "RunResult", "Scenario", "Side", "StpMode",
           "TimeInForce", "TradingEnv", "cancels", "commands", "end_period", "jurisdiction",
           "mass_cancels", "new_orders", "replaces", "run_scenario", "set_floor", "set_tariff"]
