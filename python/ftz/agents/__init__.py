"""Example agents, to read and adapt (docs/python.md explains each). Each runs against
`ftz serve` on the default market, from Python or the command line:

    python -m ftz.agents.market_maker --port 9470          # gb-mm quotes NDPR-OX
    python -m ftz.agents.stockpile_buyer --port 9470       # jp-buyer buys NDPR-OX
    python -m ftz.agents.refining_spread --port 9470       # au-miner: concentrate -> oxide
"""
