"""Acknowledged orders per second from one asyncio session, pipelined, beside the C++
client's figure (ftz-loadgen) against the same server in the same run.

The workload is ftz-loadgen's (bench/loadgen/README.md): 1-lot limit orders on one
instrument, alternately buy and sell at one price, so every second order trades with
the one before; each order gets EXEC_NEW and a fill. Up to --window orders are in
flight; an order counts when its acknowledgement (EXEC_NEW) has been applied by the
client (order state, fills, position), and the figure is counted orders over the
measured seconds. By default it starts `ftz serve --builtin_market` on a free port with
default flags, measures Python, then runs ftz-loadgen with one session and the same
window against it. With --market default it runs the default FTZ market instead
(gb-mm trading NDPR-OX at USD 120/kg, under the floor policy); ftz-loadgen cannot log
on there (its participants are p1..pN), so that run has the Python figure only.

    /usr/bin/python3 python/bench/throughput.py [--build build/release] [--window 256]
        [--duration 5] [--market builtin|default] [--port P  (a running server; no loadgen)]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import subprocess
import sys
import time
from collections import deque

# From the source checkout: python/ftz, with its wire module generated when missing (as
# python/conftest.py does for the tests).
PYTHON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, PYTHON_DIR)
sys.path.insert(0, os.path.join(PYTHON_DIR, "build_backend"))
import ftz_build  # noqa: E402

ftz_build.generate_wire(ftz_build.ROOT / "ftz")
import ftz  # noqa: E402


async def measure(port: int, participant: str, token: str, symbol: str, price: int, window: int,
                  duration: float, warmup: float) -> tuple[int, float, float, ftz.Client]:
    """Acknowledged orders, seconds and this process's CPU seconds over the measured
    interval (after the warmup), and the client."""
    client = ftz.Client(participant, token, port=port, fill_history=1000)
    await client.connect()
    inflight: deque[ftz.Order] = deque()
    side: int = ftz.BUY
    count = 0
    start = time.perf_counter()
    measuring_from = start + warmup
    end = measuring_from + duration
    counted_from, cpu_from = None, 0.0
    while True:
        while len(inflight) < window:
            inflight.append(client.new_order(symbol, side, 1, price))
            side ^= 1
        await inflight.popleft()
        now = time.perf_counter()
        if counted_from is None:
            if now >= measuring_from:
                counted_from, count, cpu_from = now, 0, time.process_time()
        else:
            count += 1
            if now >= end:
                break
    elapsed = time.perf_counter() - counted_from
    cpu = time.process_time() - cpu_from
    for order in inflight:
        await order
    await client.close()
    return count, elapsed, cpu, client


MARKETS = {  # participant, token, symbol, price (ticks), ftz serve flags
    "builtin": ("p1", "secret", "NDPR", 10000, ["--builtin_market"]),
    "default": ("gb-mm", "gb-mm", "NDPR-OX", 12000, []),
}


def start_server(ftz_binary: str, flags: list[str]) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen([ftz_binary, "serve", "--port=0", "--demo_tokens", *flags],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r":(\d+)$", line.strip())
    if not match:
        proc.kill()
        raise RuntimeError(f"ftz serve said: {line!r}")
    return proc, int(match.group(1))


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.+)", out)
        cpus = re.search(r"^CPU\(s\):\s*(\d+)", out, re.M)
        return f"{model.group(1) if model else '?'}, {cpus.group(1) if cpus else '?'} CPUs"
    except OSError:
        return platform.processor() or "?"


def main() -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", default=os.environ.get("FTZ_BUILD_DIR", os.path.join(root, "build", "release")))
    p.add_argument("--port", type=int, default=0, help="a running server of --market; 0: start one")
    p.add_argument("--market", choices=sorted(MARKETS), default="builtin")
    p.add_argument("--window", type=int, default=256)
    p.add_argument("--duration", type=float, default=5.0)
    p.add_argument("--warmup", type=float, default=1.0)
    args = p.parse_args()
    participant, token, symbol, price, flags = MARKETS[args.market]

    server, port = (None, args.port) if args.port else start_server(
        os.path.join(args.build, "apps", "ftz"), flags)
    try:
        print(f"cpu: {cpu_model()}; load average {os.getloadavg()[0]:.2f}; python "
              f"{platform.python_version()}; protobuf {_protobuf_backend()}")
        print(f"server: ftz serve {' '.join(flags)} on port {port} (default flags); "
              f"{participant} trades {symbol} at {price}")
        count, elapsed, cpu, client = asyncio.run(measure(port, participant, token, symbol, price,
                                                          args.window, args.duration, args.warmup))
        position = client.position(symbol)
        print(f"python asyncio, 1 session x window {args.window}: {count} orders acknowledged in "
              f"{elapsed:.2f} s = {count / elapsed:,.0f} orders/s "
              f"(client CPU {cpu * 1e6 / max(count, 1):.1f} us/order, {cpu / elapsed:.0%} of a core; "
              f"{position.trades} fills tracked, net position {position.qty})")
        if server is not None and args.market == "builtin":
            loadgen = os.path.join(args.build, "bench", "loadgen", "ftz-loadgen")
            cmd = [loadgen, f"--port={port}", "--sessions=1", f"--window={args.window}",
                   f"--duration_ms={int(args.duration * 1000)}", f"--warmup_ms={int(args.warmup * 1000)}",
                   "--first_participant=2", f"--symbol={symbol}", f"--price={price}"]
            print("c++ ftz-loadgen:", " ".join(os.path.relpath(c, root) if c == loadgen else c for c in cmd))
            out = subprocess.run(cmd, capture_output=True, text=True)
            print("  " + (out.stdout + out.stderr).strip().replace("\n", "\n  "))
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)


def _protobuf_backend() -> str:
    from google.protobuf.internal import api_implementation
    import google.protobuf
    return f"{google.protobuf.__version__} {api_implementation.Type()}"


if __name__ == "__main__":
    main()
