#include "sim/refiner.h"

#include <algorithm>
#include <cmath>

#include "sim/unit_trader.h"

namespace ftz::sim {

Refiner::Refiner(std::string name, ParticipantId participant, RefinerParams params)
    : Agent(std::move(name), participant), p_(params) {}

void Refiner::OnPeriodStart(const AgentContext& ctx, Rng&) {
  const MarketView& out = ctx.views[p_.output];
  const Price expected = std::max(out.last_price, out.floor);
  const Qty output_lots =
      static_cast<Qty>(std::ceil(p_.input_capacity * p_.output_per_input - 1e-9));
  processing_ =
      LinearSchedule(std::max<Qty>(output_lots, 1), p_.processing_first, p_.processing_last);
  // Value of the k-th input lot: its output at the expected price, less processing,
  // back in input ticks.
  input_values_.clear();
  for (Qty k = 0; k < p_.input_capacity; ++k) {
    const size_t at =
        std::min(processing_.size() - 1, static_cast<size_t>(std::floor(k * p_.output_per_input)));
    const double margin = static_cast<double>(expected - processing_[at]);
    input_values_.push_back(
        std::max<Price>(0, static_cast<Price>(std::floor(margin / p_.input_to_output_price))));
  }
  next_input_ = 0;
  made_ = 0;
  buy_ = {};
  sell_ = {};
}

void Refiner::QuoteOn(const AgentContext& ctx, InstrumentId instrument, Side side, Price price,
                      WorkingOrder& w) {
  price = std::clamp(price, ctx.views[instrument].min_price, ctx.views[instrument].max_price);
  Quote(ctx.entry, w, instrument, side, price, 1, p_.origin);
}

void Refiner::Act(const AgentContext& ctx, Rng& rng) {
  const bool stocked_up = p_.max_inventory_periods > 0 &&
                          static_cast<double>(output_costs_.size()) >
                              p_.max_inventory_periods * p_.input_capacity * p_.output_per_input;
  if (next_input_ < input_values_.size() && !stocked_up) {
    const MarketView& in = ctx.views[p_.input];
    const Price value = input_values_[next_input_];
    const Price lo = std::max({in.quote_low, in.floor, in.min_price});
    if (value >= lo) {
      QuoteOn(ctx, p_.input, Side::kBuy,
              rng.Uniform(RangeEnd(value, lo, p_.urgent, ctx.elapsed), value), buy_);
    }
  }
  if (!output_costs_.empty()) {
    const MarketView& out = ctx.views[p_.output];
    const Price lo = std::max({output_costs_.front(), out.floor, out.min_price});
    const Price hi = RangeEnd(lo, std::max(lo, out.quote_high), p_.urgent, ctx.elapsed);
    QuoteOn(ctx, p_.output, Side::kSell, rng.Uniform(lo, hi), sell_);
  }
}

void Refiner::OnFill(const Fill& fill) {
  if (fill.instrument == p_.input && fill.side == Side::kBuy) {
    for (Qty k = 0; k < fill.qty && next_input_ < input_values_.size(); ++k, ++next_input_) {
      // Refine at once. Processing is paid as the output is made, fractions of a lot
      // included, at the step of the schedule the period's throughput has reached; whole
      // output lots join the inventory at their book cost: the input cost per output lot
      // (the dearest input in it) plus that step.
      const Price step = processing_[std::min(static_cast<size_t>(made_), processing_.size() - 1)];
      output_stats_.cost_incurred += ProcessingCost(made_, made_ + p_.output_per_input);
      made_ += p_.output_per_input;
      const Price input_cost = static_cast<Price>(
          std::llround(static_cast<double>(fill.price) * p_.input_to_output_price));
      output_fraction_ += p_.output_per_input;
      fraction_input_cost_ = std::max(fraction_input_cost_, input_cost);
      while (output_fraction_ >= 1 - 1e-9) {
        output_fraction_ -= 1;
        const Price book = fraction_input_cost_ + step;
        output_costs_.insert(std::upper_bound(output_costs_.begin(), output_costs_.end(), book),
                             book);
      }
      if (output_fraction_ < 1e-9) fraction_input_cost_ = 0;
    }
    if (fill.client_id == buy_.id && fill.leaves == 0) buy_ = {};
  } else if (fill.instrument == p_.output && fill.side == Side::kSell) {
    const Qty sold = std::min<Qty>(fill.qty, static_cast<Qty>(output_costs_.size()));
    output_costs_.erase(output_costs_.begin(), output_costs_.begin() + sold);
    if (fill.client_id == sell_.id && fill.leaves == 0) sell_ = {};
  }
}

double Refiner::ProcessingCost(double from, double to) const {
  double cost = 0;
  for (double at = from; at < to;) {
    const size_t k = std::min(static_cast<size_t>(at), processing_.size() - 1);
    const double step_end = k + 1 < processing_.size() ? static_cast<double>(k + 1) : to;
    const double upto = std::min(to, step_end);
    cost += (upto - at) * static_cast<double>(processing_[k]);
    at = upto;
  }
  return cost;
}

void Refiner::OnOrderGone(ClientOrderId client_id, bool) {
  if (client_id == buy_.id) buy_ = {};
  if (client_id == sell_.id) sell_ = {};
}

void Refiner::Describe(PeriodEconomy& economy) const {
  RefinerEconomy r;
  r.input = p_.input;
  r.output = p_.output;
  r.output_per_input = p_.output_per_input;
  r.input_capacity = static_cast<double>(input_values_.size() - next_input_);
  r.processing = processing_;  // at the period start: nothing made yet
  economy.refiners.push_back(std::move(r));
}

double Refiner::Held(InstrumentId instrument) const {
  if (instrument != p_.output) return 0;
  return static_cast<double>(output_costs_.size()) + output_fraction_;
}

AgentPeriodStats Refiner::TakeStats(InstrumentId instrument, Price threshold) {
  AgentPeriodStats s;
  if (instrument == p_.output) {
    s = output_stats_;
    for (Price c : output_costs_) {
      if (c <= threshold) ++s.unsold_willing;
    }
    output_stats_ = {};
  }
  return s;
}

}  // namespace ftz::sim
