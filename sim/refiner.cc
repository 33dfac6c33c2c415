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
  const MarketView& in = ctx.views[p_.input];
  const Price input_price = std::max(in.last_price, in.floor);
  planned_output_costs_.clear();
  for (Qty k = 0; k < output_lots; ++k) {
    planned_output_costs_.push_back(
        static_cast<Price>(
            std::llround(static_cast<double>(input_price) * p_.input_to_output_price)) +
        processing_[static_cast<size_t>(k)]);
  }
  next_input_ = 0;
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
    const Price lo = std::max({p_.zi_low_input, in.floor, in.min_price});
    if (value >= lo) {
      QuoteOn(ctx, p_.input, Side::kBuy,
              rng.Uniform(RangeEnd(value, lo, p_.urgent, ctx.elapsed), value), buy_);
    }
  }
  if (!output_costs_.empty()) {
    const MarketView& out = ctx.views[p_.output];
    const Price lo = std::max({output_costs_.front(), out.floor, out.min_price});
    const Price hi = RangeEnd(lo, std::max(lo, p_.zi_high_output), p_.urgent, ctx.elapsed);
    QuoteOn(ctx, p_.output, Side::kSell, rng.Uniform(lo, hi), sell_);
  }
}

void Refiner::OnFill(const Fill& fill) {
  if (fill.instrument == p_.input && fill.side == Side::kBuy) {
    for (Qty k = 0; k < fill.qty && next_input_ < input_values_.size(); ++k, ++next_input_) {
      ++input_stats_.bought;
      input_stats_.value_of_bought += input_values_[next_input_];
      input_stats_.paid += fill.price;
      // Refine at once: whole output lots join the inventory.
      const size_t at =
          std::min(processing_.size() - 1,
                   static_cast<size_t>(std::floor(next_input_ * p_.output_per_input)));
      const Price unit_cost = static_cast<Price>(std::llround(static_cast<double>(fill.price) *
                                                              p_.input_to_output_price)) +
                              processing_[at];
      output_fraction_ += p_.output_per_input;
      fraction_cost_ = std::max(fraction_cost_, unit_cost);
      while (output_fraction_ >= 1 - 1e-9) {
        output_fraction_ -= 1;
        output_costs_.insert(
            std::upper_bound(output_costs_.begin(), output_costs_.end(), fraction_cost_),
            fraction_cost_);
      }
      if (output_fraction_ < 1e-9) fraction_cost_ = 0;
    }
    if (fill.client_id == buy_.id && fill.leaves == 0) buy_ = {};
  } else if (fill.instrument == p_.output && fill.side == Side::kSell) {
    for (Qty k = 0; k < fill.qty && !output_costs_.empty(); ++k) {
      ++output_stats_.sold;
      output_stats_.cost_of_sold += output_costs_.front();
      output_costs_.erase(output_costs_.begin());
    }
    output_stats_.received_net += fill.price * fill.qty - fill.duty + fill.top_up;
    if (fill.client_id == sell_.id && fill.leaves == 0) sell_ = {};
  }
}

void Refiner::OnOrderGone(ClientOrderId client_id, bool) {
  if (client_id == buy_.id) buy_ = {};
  if (client_id == sell_.id) sell_ = {};
}

void Refiner::Schedules(InstrumentId instrument, std::vector<Price>* costs,
                        std::vector<Price>* values) const {
  if (instrument == p_.input) {
    values->insert(values->end(), input_values_.begin() + static_cast<std::ptrdiff_t>(next_input_),
                   input_values_.end());
  } else if (instrument == p_.output) {
    costs->insert(costs->end(), output_costs_.begin(), output_costs_.end());
    costs->insert(costs->end(), planned_output_costs_.begin(), planned_output_costs_.end());
  }
}

AgentPeriodStats Refiner::TakeStats(InstrumentId instrument, Price threshold) {
  AgentPeriodStats s;
  if (instrument == p_.input) {
    s = input_stats_;
    input_stats_ = {};
  } else if (instrument == p_.output) {
    s = output_stats_;
    for (Price c : output_costs_) {
      if (c <= threshold) ++s.unsold_willing;
    }
    output_stats_ = {};
  }
  return s;
}

}  // namespace ftz::sim
