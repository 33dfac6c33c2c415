"""Heartbeats keep a quiet session alive; silence ends it, on either side."""

import asyncio
import time

import ftz
from ftz import OrderState, wire
from ftz.framing import encode_frame
from ftz.session import Session

INTERVAL_MS = 100


async def resting(port: int, symbol: str, price: int) -> int:
    """The quantity resting at a bid price, from a fresh server snapshot."""
    async with ftz.Client("admin", "admin", port=port) as observer:
        level = (await observer.snapshot(symbol)).bids.get(price)
        return level.qty if level else 0


async def test_a_quiet_session_outlives_three_heartbeat_intervals(builtin):
    client = await ftz.connect("p1", "secret", port=builtin.port, heartbeat_ms=INTERVAL_MS)
    assert client.logon_ack.heartbeat_interval_ms == INTERVAL_MS
    order = await client.buy("NDPR", qty=3, price=10000)  # cancel-on-disconnect would remove it
    await asyncio.sleep(10 * INTERVAL_MS / 1000)  # we send nothing of our own
    assert client.logged_on and client.logons == 1 and client.last_error is None
    assert order.state is OrderState.NEW
    assert await resting(builtin.port, "NDPR", 10000) == 3
    await client.close()


async def test_without_heartbeats_the_server_logs_the_session_out(builtin):
    """The control for the test above: the same quiet session, with heartbeats off."""
    ended: asyncio.Future = asyncio.get_running_loop().create_future()
    got: list[wire.ServerMessage] = []
    loop = asyncio.get_running_loop()
    _, session = await loop.create_connection(
        lambda: Session(got.append, lambda s, e: ended.set_result(e)), "127.0.0.1", builtin.port)
    logon = wire.ClientMessage(logon=wire.Logon(protocol_version=1, participant="p1", token="secret",
                                                heartbeat_interval_ms=INTERVAL_MS))
    session.send(logon)  # and then nothing: no start_heartbeats()
    started = time.monotonic()
    error = await asyncio.wait_for(ended, 5)
    assert got[-1].logout.reason == wire.LOGOUT_HEARTBEAT_TIMEOUT
    assert error.reason == wire.LOGOUT_HEARTBEAT_TIMEOUT
    assert 3 * INTERVAL_MS / 1000 <= time.monotonic() - started < 2


def test_the_sync_client_keeps_the_session_up_while_the_caller_blocks(builtin):
    with ftz.SyncClient("p2", "secret", port=builtin.port, heartbeat_ms=INTERVAL_MS) as c:
        order = c.sell("NDPR", qty=2, price=12000)
        time.sleep(10 * INTERVAL_MS / 1000)  # a notebook cell that sits there
        assert c.client.logged_on and c.client.logons == 1
        assert order.state is OrderState.NEW
        assert c.snapshot("NDPR").asks[12000].qty == 2


async def test_the_client_drops_a_server_that_went_silent():
    """A server that acknowledges the logon and then says nothing, not even heartbeats."""
    async def silent_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(100)
        ack = wire.ServerMessage(seq=1, logon_ack=wire.LogonAck(protocol_version=1,
                                                                 heartbeat_interval_ms=INTERVAL_MS))
        writer.write(encode_frame(ack.SerializeToString()))
        await reader.read()  # until the client gives up
        writer.close()

    server = await asyncio.start_server(silent_server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = await ftz.connect("p1", "secret", port=port)
    started = time.monotonic()
    while client.logged_on:
        await asyncio.sleep(0.01)
    assert "nothing from the server for 3 heartbeat intervals" in str(client.last_error)
    assert 3 * INTERVAL_MS / 1000 <= time.monotonic() - started < 1.5
    server.close()
