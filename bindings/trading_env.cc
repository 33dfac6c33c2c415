#include "bindings/trading_env.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace ftz::bindings {

namespace {

absl::Status BadConfig(const std::string& field, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("environment config: ", field, ": ", problem));
}

const config::Instrument* FindInstrument(const scenario::Scenario& s, const std::string& symbol) {
  for (const config::Instrument& i : s.market().instruments()) {
    if (i.symbol() == symbol) return &i;
  }
  return nullptr;
}

}  // namespace

TradingEnv::TradingEnv(const scenario::Scenario& scenario, EnvConfig config)
    : scenario_(scenario), config_(std::move(config)) {}

absl::StatusOr<std::unique_ptr<TradingEnv>> TradingEnv::Create(const scenario::Scenario& scenario,
                                                               EnvConfig config) {
  std::unique_ptr<TradingEnv> env(new TradingEnv(scenario, std::move(config)));
  const EnvConfig& c = env->config_;
  const config::Instrument* ins = FindInstrument(scenario, c.instrument);
  if (ins == nullptr) {
    return BadConfig("instrument",
                     absl::StrCat("no instrument \"", c.instrument, "\" in the market"));
  }
  if (c.periods < 1 || c.periods > scenario.periods()) {
    return BadConfig("periods", absl::StrCat(c.periods, " is outside 1..", scenario.periods(),
                                             " (the scenario's periods)"));
  }
  if (c.start_period > scenario.periods() - c.periods) {
    return BadConfig("start_period",
                     absl::StrCat(c.start_period, " is outside 0..", scenario.periods() - c.periods,
                                  " (the scenario's ", scenario.periods(), " periods less the ",
                                  c.periods, " of an episode)"));
  }
  if (c.depth < 1) return BadConfig("depth", "must be at least 1");
  if (c.offsets.empty()) return BadConfig("offsets", "needs at least one quote level");
  if (c.step_bps < 1) return BadConfig("step_bps", "must be at least 1");
  if (c.quote_qty < 1) return BadConfig("quote_qty", "must be at least 1");
  if (c.max_position < c.quote_qty) {
    return BadConfig("max_position",
                     absl::StrCat(c.max_position, " is below quote_qty ", c.quote_qty));
  }
  env->learner_name_ = c.agent;
  if (c.agent.empty()) {
    scenario::LiquidityGroup& g = *env->scenario_.add_liquidity();
    g.set_name("learner");
    g.set_instrument(c.instrument);
    g.set_jurisdiction(c.jurisdiction);
    g.set_count(1);
    g.set_size(ins->lot_size());  // its liquidity provider is replaced: never used
    env->learner_name_ = "learner-1";
    if (absl::Status st = sim::NormalizeScenario(env->scenario_, "environment config"); !st.ok()) {
      return st;
    }
  }
  if (absl::Status st = env->Build(1); !st.ok()) return st;
  env->instrument_rules_ = env->sim_->market().rules().instruments[env->instrument_];
  env->Layout();
  env->sim_.reset();
  env->learner_ = nullptr;
  return env;
}

absl::Status TradingEnv::Build(uint64_t seed) {
  sim_.reset();
  learner_ = nullptr;
  ExternalAgent* learner = nullptr;
  uint64_t agents = 0;
  sim::RunOptions options;
  options.edit_agents = [&](sim::AgentSet& set, const MarketRules&) -> absl::Status {
    absl::StatusOr<ExternalAgent*> taken = TakeOver(set, learner_name_);
    if (!taken.ok()) return taken.status();
    learner = *taken;
    agents = set.agents.size();
    return absl::OkStatus();
  };
  absl::StatusOr<std::unique_ptr<sim::Simulation>> sim =
      sim::MakeSimulation(scenario_, seed, options);
  if (!sim.ok()) return sim.status();
  sim_ = *std::move(sim);
  learner_ = learner;
  instrument_ = *sim_->market().FindInstrument(config_.instrument);
  sim_->set_trade_tape(false);
  sim_->set_observer([this](const EventBuffer& events) { Record(events); });
  per_step_ = config_.activations_per_step > 0 ? config_.activations_per_step : agents;
  return absl::OkStatus();
}

void TradingEnv::Layout() {
  const double inf = std::numeric_limits<double>::infinity();
  const double max_price = static_cast<double>(instrument().spec.max_price);
  const double position = static_cast<double>(config_.max_position);
  auto add = [&](const std::string& name, double low, double high) {
    names_.push_back(name);
    low_.push_back(low);
    high_.push_back(high);
  };
  auto add_series = [&](const std::string& name, uint32_t n, double low, double high) {
    for (uint32_t k = 0; k < n; ++k) add(absl::StrCat(name, "_", k), low, high);
  };
  add_series("bid_price", config_.depth, 0, max_price);
  add_series("bid_qty", config_.depth, 0, inf);
  add_series("ask_price", config_.depth, 0, max_price);
  add_series("ask_qty", config_.depth, 0, inf);
  add_series("trade_price", config_.trades, 0, max_price);
  add_series("trade_qty", config_.trades, -inf, inf);
  add("floor", 0, max_price);
  add("stockpile_bid_qty", 0, inf);
  add("mark", 0, max_price);
  add("position", -position, position);
  add("cash", -inf, inf);
  add("own_bid_price", 0, max_price);
  add("own_bid_qty", 0, static_cast<double>(config_.quote_qty));
  add("own_ask_price", 0, max_price);
  add("own_ask_qty", 0, static_cast<double>(config_.quote_qty));
  add("period", 0, config_.periods - 1);
  add("elapsed", 0, 1);
}

void TradingEnv::Reset(uint64_t seed, double* observation) {
  if (absl::Status st = Build(seed); !st.ok()) {
    throw std::runtime_error(std::string(st.message()));  // Create built one: not expected
  }
  working_[0] = working_[1] = 0;
  trades_.assign(config_.trades, {0, 0});
  trades_next_ = trades_seen_ = 0;
  periods_done_ = 0;
  steps_ = 0;
  pnl_ = 0;
  done_ = false;
  for (uint32_t p = 0; p < config_.start_period; ++p) {  // the learner idle: no quotes yet
    sim_->StartPeriod();
    while (sim_->Activate()) {
    }
    sim_->FinishPeriod();
  }
  sim_->StartPeriod();
  Observe(Mark(), observation);
}

double TradingEnv::Step(int bid, int ask, double* observation) {
  const double mark = Mark();
  Act(Side::kBuy, bid, mark);
  Act(Side::kSell, ask, mark);
  Advance();
  ++steps_;
  const double now = Mark();
  const double pnl = static_cast<double>(cash()) + static_cast<double>(position()) * now;
  const double reward = pnl - pnl_;
  pnl_ = pnl;
  Observe(now, observation);
  return reward;
}

void TradingEnv::Act(Side side, int choice, double mark) {
  ClientOrderId& working = working_[static_cast<int>(side)];
  const ExternalAgent::OpenOrder* open = working != 0 ? learner_->Find(working) : nullptr;
  if (open == nullptr) working = 0;
  if (choice == 0) return;  // keep
  const Qty qty = config_.quote_qty;
  const Qty after = position() + (side == Side::kBuy ? qty : -qty);
  if (choice == 1 || std::abs(after) > config_.max_position) {
    if (open != nullptr) learner_->Cancel(*sim_, working);
    working = 0;
    return;
  }
  const InstrumentRules& ins = instrument();
  const int64_t offset = config_.offsets[choice - 2];
  const Price step =
      std::max<Price>(1, std::llround(mark * static_cast<double>(config_.step_bps) / 10000));
  Price price = side == Side::kBuy ? static_cast<Price>(std::floor(mark)) - offset * step
                                   : static_cast<Price>(std::ceil(mark)) + offset * step;
  if (side == Side::kSell) price = std::max(price, sim_->market().policy().floor(instrument_));
  price = std::clamp(price, ins.spec.min_price, ins.spec.max_price);
  if (open != nullptr) {
    if (open->price != price) learner_->Replace(*sim_, working, price, qty);
    return;
  }
  working = learner_->Place(*sim_, instrument_, side, price, qty);
}

void TradingEnv::Advance() {
  uint64_t left = per_step_;
  while (left > 0 && !done_) {
    if (sim_->Activate()) {
      --left;
    } else {
      RollPeriod();
    }
  }
  if (!done_ && sim_->elapsed() >= 1.0) RollPeriod();
}

void TradingEnv::RollPeriod() {
  sim_->FinishPeriod();  // DAY orders, the learner's quotes among them, expire
  ++periods_done_;
  if (periods_done_ >= config_.periods || sim_->finished()) {
    done_ = true;
  } else {
    sim_->StartPeriod();
  }
}

void TradingEnv::Record(const EventBuffer& events) {
  if (trades_.empty()) return;
  for (const Event& e : events) {
    if (e.kind != EventKind::kTrade || e.instrument != instrument_) continue;
    const Qty signed_qty = e.trade.aggressor == Side::kBuy ? e.trade.qty : -e.trade.qty;
    trades_[trades_next_] = {e.trade.price, signed_qty};
    trades_next_ = (trades_next_ + 1) % trades_.size();
    ++trades_seen_;
  }
}

Price TradingEnv::BestOfOthers(const PriceLadder& ladder) const {
  const ExternalAgent::OpenOrder* own = learner_->Find(working_[static_cast<int>(ladder.side())]);
  Price best = 0;
  ladder.ForEachLevel([&](Price price, const PriceLevel& level) {
    const Qty mine = own != nullptr && own->price == price ? own->leaves : 0;
    if (level.qty > mine) {
      best = price;
      return false;
    }
    return true;
  });
  return best;
}

double TradingEnv::Mark() const {
  const OrderBook& book = sim_->market().engine().book(instrument_);
  Price mark = sim_->views()[instrument_].last_price;
  if (const Price bid = BestOfOthers(book.bids()); bid > 0) mark = std::max(mark, bid);
  if (const Price ask = BestOfOthers(book.asks()); ask > 0) mark = std::min(mark, ask);
  return static_cast<double>(mark);
}

Qty TradingEnv::StockpileBid() const {
  const Market& market = sim_->market();
  const Price floor = market.policy().floor(instrument_);
  if (!market.rules().stockpile || floor <= 0) return 0;
  const PriceLevel* level = market.engine().book(instrument_).bids().Find(floor);
  Qty qty = 0;
  if (level == nullptr) return 0;
  const OrderPool& pool = market.engine().pool();
  for (OrderHandle h = level->head; h != kNoOrder; h = pool[h].next) {
    if (pool[h].participant == *market.rules().stockpile) qty += pool[h].leaves;
  }
  return qty;
}

void TradingEnv::Observe(double mark, double* out) const {
  const OrderBook& book = sim_->market().engine().book(instrument_);
  const uint32_t depth = config_.depth;
  auto levels = [&](const PriceLadder& ladder, double* prices, double* qtys) {
    uint32_t k = 0;
    ladder.ForEachLevel([&](Price price, const PriceLevel& level) {
      prices[k] = static_cast<double>(price);
      qtys[k] = static_cast<double>(level.qty);
      return ++k < depth;
    });
    std::fill(prices + k, prices + depth, 0.0);
    std::fill(qtys + k, qtys + depth, 0.0);
  };
  levels(book.bids(), out, out + depth);
  levels(book.asks(), out + 2 * depth, out + 3 * depth);
  out += 4 * depth;
  const size_t n = trades_.size();
  for (size_t j = 0; j < n; ++j) {  // most recent first
    const bool seen = j < trades_seen_;
    const auto& [price, qty] = trades_[(trades_next_ + n - 1 - j) % n];
    out[j] = seen ? static_cast<double>(price) : 0;
    out[n + j] = seen ? static_cast<double>(qty) : 0;
  }
  out += 2 * n;
  auto own = [&](Side side, double* price, double* qty) {
    const ExternalAgent::OpenOrder* o = learner_->Find(working_[static_cast<int>(side)]);
    *price = o != nullptr ? static_cast<double>(o->price) : 0;
    *qty = o != nullptr ? static_cast<double>(o->leaves) : 0;
  };
  *out++ = static_cast<double>(sim_->market().policy().floor(instrument_));
  *out++ = static_cast<double>(StockpileBid());
  *out++ = mark;
  *out++ = static_cast<double>(position());
  *out++ = static_cast<double>(cash());
  own(Side::kBuy, out, out + 1);
  own(Side::kSell, out + 2, out + 3);
  out += 4;
  *out++ = std::min(periods_done_, config_.periods - 1);
  *out++ = done_ ? 1.0 : sim_->elapsed();
}

}  // namespace ftz::bindings
