#include "sim/driver.h"

#include <utility>

#include "sim/simulation.h"

namespace ftz::sim {

Driver::Driver(const scenario::Scenario& scenario, AgentSet& agents, uint64_t seed)
    : scenario_(scenario), set_(agents), rng_(seed), order_(agents.agents.size()) {
  for (size_t i = 0; i < set_.agents.size(); ++i) agent_rngs_.push_back(rng_.Fork(i + 1));
}

void Driver::StartPeriod(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views) {
  for (const scenario::Shock& shock : scenario_.shocks()) {
    if (shock.period() != period) continue;
    for (int g = 0; g < scenario_.sellers_size(); ++g) {
      if (scenario_.sellers(g).name() != shock.group()) continue;
      for (UnitTrader* t : set_.by_group[g]) {
        t->SetScales(
            shock.capacity_scale() > 0 || shock.cost_scale() > 0 ? shock.capacity_scale() : 1,
            shock.cost_scale() > 0 ? shock.cost_scale() : 1);
      }
    }
  }
  const AgentContext ctx{entry, views, period};
  for (size_t i = 0; i < set_.agents.size(); ++i) {
    set_.agents[i]->OnPeriodStart(ctx, agent_rngs_[i]);
  }
}

void Driver::RunSteps(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views) {
  AgentContext ctx{entry, views, period};
  if (const uint32_t n = scenario_.activations_per_period(); n > 0) {
    for (uint32_t k = 0; k < n; ++k) {
      ctx.elapsed = static_cast<double>(k) / n;
      const size_t i = rng_.Below(set_.agents.size());
      set_.agents[i]->Act(ctx, agent_rngs_[i]);
    }
    return;
  }
  for (uint32_t step = 0; step < scenario_.steps_per_period(); ++step) {
    ctx.elapsed = static_cast<double>(step) / scenario_.steps_per_period();
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    for (size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng_.Below(i)]);
    for (size_t i : order_) set_.agents[i]->Act(ctx, agent_rngs_[i]);
  }
}

}  // namespace ftz::sim
