"""`pip install ./python` into a fresh venv on Debian's Python, offline, and the
installed package trading against a real server; and an sdist that builds without
the repository around it."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent("""
    import asyncio, sys, ftz
    assert "site-packages" in ftz.__file__, ftz.__file__   # the installed copy
    async def main():
        async with ftz.Client("jp-buyer", "jp-buyer", port=int(sys.argv[1])) as c:
            order = await c.buy("NDPR-OX", qty=1, price=11500)
            print(order.state.value, ftz.wire.ExecType.Name(order.last_report.exec_type))
    asyncio.run(main())
""")


def make_venv(where: Path) -> Path:
    try:
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(where)],
                       check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as e:
        pytest.fail(f"python3 -m venv failed (Debian: apt-get install python3-venv): {e.stderr}")
    return where / "bin" / "python"


def pip_install(python: Path, target: Path) -> None:
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-input", "--no-index",
                           str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pip_install_into_a_venv_and_trade(market, tmp_path):
    python = make_venv(tmp_path / "venv")
    pip_install(python, PYTHON_DIR)
    run = subprocess.run([str(python), "-c", SCRIPT, str(market.port)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["new", "EXEC_NEW"]


IN_PROCESS = textwrap.dedent("""
    import sys
    from ftz.sim import Scenario, run_scenario
    from ftz.sim.native import native
    assert "site-packages" in native.__file__, native.__file__   # the wheel's extension
    scenario = Scenario.default().merged("periods: 2 steps_per_period: 20")
    print(run_scenario(scenario, seed=int(sys.argv[1])).state_hash)
""")


def test_the_wheel_carries_the_extension_built_beside_it(tmp_path):
    """After the C++ build, the installed package runs the simulator in process from its
    own copy of the extension, with the same result as the source tree's build."""
    sim = pytest.importorskip("ftz.sim", reason="the extension is not built")
    python = make_venv(tmp_path / "venv")
    pip_install(python, PYTHON_DIR)
    alone = {k: v for k, v in os.environ.items() if k not in ("FTZ_BUILD_DIR", "FTZ_NATIVE")}
    run = subprocess.run([str(python), "-c", IN_PROCESS, "5"], cwd=tmp_path, env=alone,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    scenario = sim.Scenario.default().merged("periods: 2 steps_per_period: 20")
    assert int(run.stdout) == sim.run_scenario(scenario, seed=5).state_hash


def test_an_sdist_carries_the_proto_and_installs_on_its_own(tmp_path):
    import ftz_build  # python/build_backend, on the path from python/conftest.py
    name = ftz_build.build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as tar:
        tar.extractall(tmp_path / "unpacked")  # our own archive
    source = next((tmp_path / "unpacked").iterdir())
    assert (source / "proto" / "ftz_wire.proto").is_file()
    assert not (source / "ftz" / "ftz_wire_pb2.py").exists()  # generated at build time
    python = make_venv(tmp_path / "venv")
    pip_install(python, source)
    run = subprocess.run([str(python), "-c", "import ftz; print(ftz.wire.SELL)"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.stdout.strip() == "1", run.stderr
