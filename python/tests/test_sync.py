"""The blocking facade: the same results and typed errors, from plain functions."""

import pytest

import ftz
from ftz import OrderState, wire


def test_a_script_trades_without_asyncio(market):
    with ftz.SyncClient("fr-refiner", "fr-refiner", port=market.port) as seller, \
            ftz.SyncClient("us-buyer", "us-buyer", port=market.port) as buyer:
        book = buyer.subscribe("NDPR-OX")
        assert book.best_bid() == ftz.Level(11000, 1000, 1)  # the stockpile at the floor
        ask = seller.sell("NDPR-OX", qty=4, price=12000, origin="FR")
        assert ask.state is OrderState.NEW
        bid = buyer.buy("NDPR-OX", qty=3, price=12000)
        assert buyer.wait_done(bid).state is OrderState.FILLED
        assert buyer.position("NDPR-OX").qty == 3 and buyer.fills()[0].price == 12000
        assert seller.replace(ask, price=12100, qty=1).price == 12100
        assert [o.client_order_id for o in seller.open_orders("NDPR-OX")] == [ask.client_order_id]
        assert buyer.book("NDPR-OX").best_ask() == ftz.Level(12100, 1, 1)
        assert seller.cancel(ask).state is OrderState.CANCELLED
        with pytest.raises(ftz.OrderRejected) as e:
            buyer.buy("NDPR-OX", qty=1, price=10000)
        assert e.value.reason == wire.BELOW_FLOOR
        assert buyer.mass_cancel() == 0


def test_a_refused_logon_raises_and_leaves_no_thread(market):
    with pytest.raises(ftz.LogonRejected) as e:
        ftz.SyncClient("jp-buyer", "wrong", port=market.port)
    assert e.value.reason == wire.LOGOUT_BAD_CREDENTIALS
