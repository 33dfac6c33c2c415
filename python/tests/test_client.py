"""The Python client against a real `ftz serve` (default FTZ market) on loopback."""

import os
import re
import subprocess

import pytest

from ftz import Client, ProtocolError, wire

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FTZ = os.path.join(os.environ.get("FTZ_BUILD_DIR", os.path.join(ROOT, "build", "release")),
                   "apps", "ftz")


@pytest.fixture(scope="module")
def server():
    if not os.path.exists(FTZ):
        pytest.skip(f"{FTZ} is not built")
    proc = subprocess.Popen([FTZ, "serve", "--port=0"], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    port = int(re.search(r":(\d+)", line).group(1))
    yield port
    proc.terminate()
    assert proc.wait(timeout=10) == 0  # graceful shutdown on SIGTERM


def execution(m):
    return m.HasField("execution")


def test_order_lifecycle_and_fill(server):
    seller, buyer = Client(port=server), Client(port=server)
    seller.logon("fr-refiner", "fr-refiner")
    ack = buyer.logon("us-buyer", "us-buyer")
    symbols = {i.symbol: i for i in ack.instruments}
    assert symbols["NDPR-OX"].floor == 11000  # USD 110.00/kg in ticks of 0.01

    seller.new_order(1, "NDPR-OX", wire.SELL, price=12345, qty=3)
    new = seller.wait_for(execution).execution
    assert new.exec_type == wire.EXEC_NEW and new.leaves_qty == 3

    buyer.new_order(7, "NDPR-OX", wire.BUY, price=12345, qty=2)
    reports = [buyer.wait_for(execution).execution for _ in range(2)]
    assert [r.exec_type for r in reports] == [wire.EXEC_NEW, wire.EXEC_FILL]
    assert reports[1].last_price == 12345 and reports[1].last_qty == 2

    fill = seller.wait_for(execution).execution
    assert fill.exec_type == wire.EXEC_PARTIAL_FILL and fill.leaves_qty == 1
    assert fill.trade_id == reports[1].trade_id

    seller.cancel(1)
    done = seller.wait_for(execution).execution
    assert done.exec_type == wire.EXEC_CANCELLED and done.leaves_qty == 0


def test_floor_reject_carries_reason_and_text(server):
    c = Client(port=server)
    c.logon("jp-buyer", "jp-buyer")
    c.new_order(1, "NDPR-OX", wire.BUY, price=9500, qty=1)
    r = c.wait_for(execution).execution
    assert r.exec_type == wire.EXEC_REJECTED
    assert r.reject_reason == wire.BELOW_FLOOR
    assert "below NDPR-OX floor 110.00" in r.text


def test_malformed_frame_closes_only_that_session(server):
    bad, good = Client(port=server), Client(port=server)
    bad.logon("de-buyer", "de-buyer")
    good.logon("kr-buyer", "kr-buyer")
    bad.send_raw(b"\x05\xff\xff\xff\xff\xff")  # five bytes that are no ClientMessage
    with pytest.raises(ProtocolError):
        while True:
            bad.receive(timeout=5)
    good.new_order(3, "NDPR-OX", wire.BUY, price=11000, qty=1)
    assert good.wait_for(execution).execution.exec_type == wire.EXEC_NEW
