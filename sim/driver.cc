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
  next_ = 0;
  const AgentContext ctx{entry, views, period};
  for (size_t i = 0; i < set_.agents.size(); ++i) {
    set_.agents[i]->OnPeriodStart(ctx, agent_rngs_[i]);
  }
}

void Driver::RunSteps(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views) {
  while (Activate(period, entry, views)) {
  }
}

uint64_t Driver::activations_per_period() const {
  if (const uint32_t n = scenario_.activations_per_period(); n > 0) return n;
  return uint64_t{scenario_.steps_per_period()} * set_.agents.size();
}

bool Driver::Activate(uint32_t period, OrderEntry& entry, const std::vector<MarketView>& views) {
  if (next_ >= activations_per_period()) return false;
  AgentContext ctx{entry, views, period};
  const uint64_t k = next_++;
  if (const uint32_t n = scenario_.activations_per_period(); n > 0) {
    ctx.elapsed = static_cast<double>(k) / n;
    const size_t i = rng_.Below(set_.agents.size());
    set_.agents[i]->Act(ctx, agent_rngs_[i]);
    return true;
  }
  // Rounds: a fresh random order at the start of each, then every agent in it once.
  const size_t agents = order_.size();
  const uint64_t step = k / agents;
  const size_t position = k % agents;
  ctx.elapsed = static_cast<double>(step) / scenario_.steps_per_period();
  if (position == 0) {
    for (size_t i = 0; i < agents; ++i) order_[i] = i;
    for (size_t i = agents; i > 1; --i) std::swap(order_[i - 1], order_[rng_.Below(i)]);
  }
  const size_t i = order_[position];
  set_.agents[i]->Act(ctx, agent_rngs_[i]);
  return true;
}

}  // namespace ftz::sim
