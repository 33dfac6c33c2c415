"""Fixtures: real `ftz serve` processes on free ports, and `async def` tests.

Each test that asks for a server gets its own (it starts in a fraction of a second), so
tests never share a book or a participant. `serve(*flags)` starts one with extra flags;
`market` is the default FTZ market, `builtin` the test market (p1..p300, token
"secret"). A server must stop gracefully (exit 0 on SIGTERM) when the test ends.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("FTZ_BUILD_DIR", ROOT / "build" / "release"))
FTZ = BUILD / "apps" / "ftz"
TEST_TIMEOUT = 120.0  # seconds an async test may take


@dataclass
class Server:
    port: int
    process: subprocess.Popen[str]


def pytest_configure(config: pytest.Config) -> None:
    """With FTZ_REQUIRE_NATIVE=1 (scripts/test.sh), a missing or broken extension stops
    the run instead of skipping the in-process tests (test_sim_*.py skip without it)."""
    if os.environ.get("FTZ_REQUIRE_NATIVE") == "1":
        try:
            import ftz.sim  # noqa: F401
        except ImportError as e:
            raise pytest.UsageError(f"FTZ_REQUIRE_NATIVE=1 but ftz.sim does not import: {e}")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    if not FTZ.exists():
        pytest.skip(f"{FTZ} is not built (scripts/bootstrap.sh release)")
    servers: list[Server] = []

    def start(*flags: str) -> Server:
        # Each server its own journal (ftz serve journals by default, in ./ftz-journal).
        journal = f"--journal_dir={tmp_path / f'journal-{len(servers)}'}"
        process = subprocess.Popen([str(FTZ), "serve", "--port=0", journal, *flags],
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"listening on [\d.]+:(\d+)", line)
        if not match:
            process.kill()
            raise RuntimeError(f"ftz serve did not start: {line!r}")
        server = Server(int(match.group(1)), process)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.process.terminate()
    for server in servers:
        assert server.process.wait(timeout=10) == 0, "ftz serve did not stop gracefully"


@pytest.fixture
def market(serve: Callable[..., Server]) -> Server:
    """ftz serve with the default FTZ market (floor_policy/default_market.txtpb)."""
    return serve()


@pytest.fixture
def builtin(serve: Callable[..., Server]) -> Server:
    """ftz serve --builtin_market: p1..p300 (token "secret"), NDPR, LI2CO3, COBALT, GALLIUM."""
    return serve("--builtin_market")


@pytest.fixture
def source_env() -> dict[str, str]:
    """The environment for a subprocess that imports ftz from this source tree."""
    return dict(os.environ, PYTHONPATH=os.environ["FTZ_PYTHON_DIR"])


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Runs `async def` tests in a fresh event loop, with a timeout."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(asyncio.wait_for(pyfuncitem.obj(**kwargs), TEST_TIMEOUT))
    return True
