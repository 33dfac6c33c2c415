#include "sim/report/welfare_accounts.h"

#include "sim/report/colors.h"

namespace ftz::sim::report {

const std::vector<WelfareAccount>& WelfareAccounts() {
  static const auto* list = new std::vector<WelfareAccount>{
      {"buyers", "Final buyers", &ChainPeriod::buyers, &RunSummary::buyers, colors::kBuyers},
      {"producers", "Primary producers", &ChainPeriod::producers, &RunSummary::producers,
       colors::kProducers},
      {"intermediaries", "Refiners", &ChainPeriod::intermediaries, &RunSummary::intermediaries,
       colors::kRefiners},
      {"market_makers", "Market makers", &ChainPeriod::market_makers, &RunSummary::market_makers,
       colors::kMarketMakers},
      {"government", "Government", &ChainPeriod::government, &RunSummary::government,
       colors::kGovernment},
      {"total_surplus", "Total surplus", &ChainPeriod::total_surplus, &RunSummary::total_surplus,
       colors::kTotal},
  };
  return *list;
}

}  // namespace ftz::sim::report
