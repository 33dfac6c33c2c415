// The gateway's Exchange over a configured market (market/market.h): the engine with
// the floor policy, participants and credentials from a market config.
#pragma once

#include <memory>

#include "gateway/exchange.h"
#include "market/market.h"

namespace ftz::gw {

std::unique_ptr<Exchange> ExchangeFromMarket(std::unique_ptr<Market> market);

}  // namespace ftz::gw
