"""asyncio client for the ftz-market exchange (docs/python.md, docs/protocol.md).

    import asyncio, ftz
    async def main():
        async with ftz.Client("jp-buyer", "jp-buyer") as client:
            order = await client.buy("NDPR-OX", qty=2, price=11500)
            print(order.state, client.position("NDPR-OX"))
    asyncio.run(main())
"""

from ftz import wire
from ftz.book import Book, Level
from ftz.client import Client, connect
from ftz.errors import (AdminRejected, CancelRejected, FtzError, LogonRejected,
                        MassCancelRejected, OrderRejected, ProtocolError, Rejected,
                        ReplaceRejected, SessionClosed, SubscribeRejected)
from ftz.instruments import Instrument
from ftz.orders import Fill, Order, OrderState
from ftz.positions import Position
from ftz.subscription import Subscription
from ftz.sync import SyncClient
from ftz.tracker import OrderTracker

BUY, SELL = wire.BUY, wire.SELL

__all__ = ["AdminRejected", "Book", "BUY", "CancelRejected", "Client", "Fill", "FtzError",
           "Instrument", "Level", "LogonRejected", "MassCancelRejected", "Order",
           "OrderRejected", "OrderState", "OrderTracker", "Position", "ProtocolError",
           "Rejected", "ReplaceRejected", "SELL", "SessionClosed", "SubscribeRejected",
           "Subscription", "SyncClient", "connect", "wire"]
