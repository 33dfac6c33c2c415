"""Runs an agent from the command line: the connection flags, plus one flag per keyword
parameter of the agent's constructor (its default gives the flag's type)."""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
from typing import Any, Callable, Protocol

from ftz.client import Client


class Agent(Protocol):
    async def run(self) -> None: ...


def main(agent: Callable[..., Agent], participant: str, argv: list[str] | None = None) -> None:
    """`python -m ftz.agents.<name> [--port 9470] [--participant P] [--<param> V] ...`."""
    parser = argparse.ArgumentParser(description=inspect.getdoc(agent),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9470)
    parser.add_argument("--participant", default=participant)
    parser.add_argument("--token", default=None, help="default: the participant's name, "
                        "as in the default market")
    params = [p for p in inspect.signature(agent).parameters.values()
              if p.kind is p.KEYWORD_ONLY]
    for p in params:
        kind: Any = type(p.default) if p.default is not None else str
        parser.add_argument(f"--{p.name}", type=kind, default=p.default)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    async def run() -> None:
        async with Client(args.participant, args.token or args.participant, args.host,
                          args.port, reconnect=True) as client:
            await agent(client, **{p.name: getattr(args, p.name) for p in params}).run()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
