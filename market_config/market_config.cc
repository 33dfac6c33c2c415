#include "market_config/market_config.h"

#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "market_config/field_line.h"

namespace ftz {

namespace {

class CollectErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors.push_back(absl::StrFormat("line %d:%d: %s", line + 1, column + 1, message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }
  std::vector<std::string> errors;
};

// Collects the first problem found while compiling, with the path of the field.
class Compiler {
 public:
  explicit Compiler(std::string origin) : origin_(std::move(origin)) {}

  absl::StatusOr<MarketRules> Compile(const config::Market& m);

 private:
  bool Fail(const std::string& field, const std::string& problem) {
    if (error_.empty()) error_ = absl::StrCat(origin_, ": ", field, ": ", problem);
    return false;
  }
  bool ToTicks(const InstrumentRules& ins, double price, const std::string& field, Price* out);
  bool ToLots(const InstrumentRules& ins, double units, const std::string& field, Qty* out);
  bool ParseJurisdiction(const std::string& code, const std::string& field, Jurisdiction* out);
  bool Roles(const google::protobuf::RepeatedField<int>& roles, const std::string& field,
             RoleSet* out);
  bool CompileInstrument(const config::Instrument& in, const std::string& field,
                         InstrumentRules* out);
  bool CompileFloor(const config::FloorPolicy& f, const std::string& field, InstrumentRules* ins);

  std::string origin_;
  std::string error_;
  absl::flat_hash_set<Jurisdiction> known_;
};

bool Compiler::ToTicks(const InstrumentRules& ins, double price, const std::string& field,
                       Price* out) {
  if (!std::isfinite(price)) return Fail(field, "is not a number");
  if (price < 0) return Fail(field, absl::StrFormat("%g is below zero", price));
  const double ticks = price / ins.tick_size;
  const double rounded = std::round(ticks);
  if (std::fabs(ticks - rounded) > 1e-6 * std::max(1.0, std::fabs(ticks))) {
    return Fail(field, absl::StrFormat("%g is not a whole number of ticks (tick size %g)", price,
                                       ins.tick_size));
  }
  if (rounded > static_cast<double>(kMaxPrice)) return Fail(field, "is too large");
  *out = static_cast<Price>(rounded);
  return true;
}

bool Compiler::ToLots(const InstrumentRules& ins, double units, const std::string& field,
                      Qty* out) {
  if (!std::isfinite(units) || units < 0)
    return Fail(field, absl::StrFormat("%g is below zero", units));
  *out = static_cast<Qty>(std::floor(units / ins.lot_size + 1e-9));
  return true;
}

bool Compiler::ParseJurisdiction(const std::string& code, const std::string& field,
                                 Jurisdiction* out) {
  if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
      !std::isupper(static_cast<unsigned char>(code[1]))) {
    return Fail(field, absl::StrFormat("\"%s\" is not an ISO 3166 alpha-2 code", code));
  }
  *out = MakeJurisdiction(code[0], code[1]);
  return true;
}

bool Compiler::Roles(const google::protobuf::RepeatedField<int>& roles, const std::string& field,
                     RoleSet* out) {
  *out = 0;
  for (int r : roles) {
    if (r == config::ROLE_UNSPECIFIED) return Fail(field, "ROLE_UNSPECIFIED is not a role");
    *out |= RoleSet{1} << r;
  }
  if (*out == 0) return Fail(field, "lists no role");
  return true;
}

bool Compiler::CompileFloor(const config::FloorPolicy& f, const std::string& field,
                            InstrumentRules* ins) {
  if (f.has_hard()) {
    if (!ToTicks(*ins, f.hard().price(), field + ".hard.price", &ins->hard_floor)) return false;
    ins->sell_below = f.hard().sell_below() == config::REPRICE ? BelowFloorAction::kReprice
                                                               : BelowFloorAction::kReject;
    if (ins->hard_floor > ins->spec.max_price) {
      return Fail(field + ".hard.price", "is above the instrument's max_price");
    }
  }
  if (f.has_support()) {
    SupportRules s;
    const config::PriceSupport& p = f.support();
    if (!ToTicks(*ins, p.floor(), field + ".support.floor", &s.floor)) return false;
    if (s.floor == 0) return Fail(field + ".support.floor", "must be above zero");
    if (!ToTicks(*ins, p.upside_strike(), field + ".support.upside_strike", &s.upside_strike)) {
      return false;
    }
    if (p.upside_share() < 0 || p.upside_share() > 1) {
      return Fail(field + ".support.upside_share", "must be between 0 and 1");
    }
    s.upside_share_bps = static_cast<int64_t>(std::llround(p.upside_share() * 10000));
    ins->support = s;
  }
  if (f.has_indexed()) {
    IndexedFloorRules x;
    const config::IndexedFloor& p = f.indexed();
    if (p.ratio() <= 0) return Fail(field + ".indexed.ratio", "must be above zero");
    if (p.periods() == 0) return Fail(field + ".indexed.periods", "must be at least 1");
    x.ratio_bps = static_cast<int64_t>(std::llround(p.ratio() * 10000));
    x.periods = p.periods();
    if (!ToTicks(*ins, p.min(), field + ".indexed.min", &x.min)) return false;
    if (!ToTicks(*ins, p.max(), field + ".indexed.max", &x.max)) return false;
    if (x.max == 0) x.max = ins->spec.max_price;
    if (x.min > x.max) return Fail(field + ".indexed", "min is above max");
    ins->indexed = x;
  }
  uint32_t last_period = 0;
  for (int i = 0; i < f.schedule_size(); ++i) {
    const std::string at = absl::StrFormat("%s.schedule[%d]", field, i);
    ScheduledFloorRules s{f.schedule(i).period(), 0};
    if (!ToTicks(*ins, f.schedule(i).price(), at + ".price", &s.price)) return false;
    if (s.price > ins->spec.max_price) {
      return Fail(at + ".price", "is above the instrument's max_price");
    }
    if (i > 0 && s.period <= last_period) return Fail(at + ".period", "periods must increase");
    last_period = s.period;
    ins->schedule.push_back(s);
  }
  if (f.has_stockpile()) {
    StockpileRules s;
    const config::StockpileBackstop& p = f.stockpile();
    if (p.budget() <= 0) return Fail(field + ".stockpile.budget", "must be above zero");
    // Rounded down to whole tick-lots; the factor keeps a binary fraction of the tick-lot
    // (0.1 x 3 = 0.30000000000000004) from losing one.
    s.budget =
        static_cast<Money>(std::floor(p.budget() / (ins->tick_size * ins->lot_size) * (1 + 1e-12)));
    if (!ToLots(*ins, p.period_cap(), field + ".stockpile.period_cap", &s.period_cap)) return false;
    if (!ToLots(*ins, p.capacity(), field + ".stockpile.capacity", &s.capacity)) return false;
    if (!ToTicks(*ins, p.release_price(), field + ".stockpile.release_price", &s.release_price)) {
      return false;
    }
    if (ins->hard_floor == 0 && !ins->indexed && ins->schedule.empty()) {
      return Fail(field + ".stockpile",
                  "a stockpile backstop needs a hard, indexed or scheduled floor");
    }
    if (s.release_price != 0 && s.release_price <= ins->hard_floor) {
      return Fail(field + ".stockpile.release_price", "must be above the hard floor");
    }
    ins->stockpile = s;
  }
  return true;
}

bool Compiler::CompileInstrument(const config::Instrument& in, const std::string& field,
                                 InstrumentRules* out) {
  InstrumentRules& ins = *out;
  ins.spec.symbol = in.symbol();
  ins.product = in.product();
  ins.stage = in.stage();
  ins.unit = in.unit();
  ins.currency = in.currency().empty() ? "USD" : in.currency();
  if (in.tick_size() <= 0) return Fail(field + ".tick_size", "must be above zero");
  if (in.lot_size() <= 0) return Fail(field + ".lot_size", "must be above zero");
  ins.tick_size = in.tick_size();
  ins.lot_size = in.lot_size();
  if (in.max_price() <= 0) return Fail(field + ".max_price", "is required and must be above zero");
  if (!ToTicks(ins, in.max_price(), field + ".max_price", &ins.spec.max_price)) return false;
  if (in.min_price() != 0) {  // a negative min_price is refused, not ignored
    if (!ToTicks(ins, in.min_price(), field + ".min_price", &ins.spec.min_price)) return false;
  }
  if (ins.spec.min_price > ins.spec.max_price)
    return Fail(field + ".min_price", "is above max_price");
  if (ins.spec.max_price - ins.spec.min_price >= kMaxBandWidth) {
    return Fail(field + ".max_price",
                absl::StrFormat("the price band is wider than %d ticks", kMaxBandWidth));
  }
  if (in.max_order_lots() < 0) return Fail(field + ".max_order_lots", "is below zero");
  if (in.max_order_lots() > 0) ins.spec.max_qty = in.max_order_lots();
  if (!Roles(in.buy_roles(), field + ".buy_roles", &ins.buy_roles)) return false;
  if (!Roles(in.sell_roles(), field + ".sell_roles", &ins.sell_roles)) return false;
  if (!CompileFloor(in.floor(), field + ".floor", &ins)) return false;

  const config::OriginRule& o = in.non_member_origin();
  ins.origin_rule = static_cast<OriginRuleKind>(o.kind());
  if (o.kind() == config::OriginRule::TARIFF) {
    if (o.tariff_rate() < 0) return Fail(field + ".non_member_origin.tariff_rate", "is below zero");
    ins.tariff_bps = static_cast<int64_t>(std::llround(o.tariff_rate() * 10000));
  }
  if (o.kind() == config::OriginRule::VARIABLE_LEVY) {
    if (!ToTicks(ins, o.reference_price(), field + ".non_member_origin.reference_price",
                 &ins.reference_price)) {
      return false;
    }
    if (ins.reference_price == 0) {
      return Fail(field + ".non_member_origin.reference_price", "is required for VARIABLE_LEVY");
    }
  }
  ins.transshipment = in.transshipment() == config::REJECT_TRANSSHIPMENT
                          ? TransshipmentAction::kReject
                          : TransshipmentAction::kTreatAsNonMember;
  if (in.max_open_lots() < 0) return Fail(field + ".max_open_lots", "is below zero");
  ins.max_open_lots = in.max_open_lots();
  return true;
}

absl::StatusOr<MarketRules> Compiler::Compile(const config::Market& m) {
  MarketRules rules;
  rules.name = m.name();
  for (int i = 0; i < m.jurisdictions_size(); ++i) {
    const std::string field = absl::StrFormat("jurisdictions[%d]", i);
    JurisdictionRules j;
    if (!ParseJurisdiction(m.jurisdictions(i).code(), field + ".code", &j.code)) break;
    if (!known_.insert(j.code).second) {
      Fail(field + ".code",
           absl::StrFormat("duplicate jurisdiction %s", m.jurisdictions(i).code()));
      break;
    }
    j.name = m.jurisdictions(i).name();
    j.member = m.jurisdictions(i).ftz_member();
    rules.jurisdictions.push_back(j);
  }
  if (m.instruments_size() == 0 && error_.empty()) Fail("instruments", "the market lists none");
  absl::flat_hash_set<std::string> symbols;
  for (int i = 0; i < m.instruments_size() && error_.empty(); ++i) {
    const config::Instrument& in = m.instruments(i);
    const std::string field = absl::StrFormat("instruments[%d] (%s)", i, in.symbol());
    if (in.symbol().empty()) {
      Fail(absl::StrFormat("instruments[%d].symbol", i), "is empty");
      break;
    }
    if (!symbols.insert(in.symbol()).second) {
      Fail(field + ".symbol", absl::StrFormat("duplicate symbol %s", in.symbol()));
      break;
    }
    InstrumentRules ins;
    if (!CompileInstrument(in, field, &ins)) break;
    rules.instruments.push_back(std::move(ins));
  }
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < m.participants_size() && error_.empty(); ++i) {
    const config::Participant& in = m.participants(i);
    const std::string field = absl::StrFormat("participants[%d] (%s)", i, in.name());
    if (in.name().empty()) {
      Fail(absl::StrFormat("participants[%d].name", i), "is empty");
      break;
    }
    if (!names.insert(in.name()).second) {
      Fail(field + ".name", absl::StrFormat("duplicate participant %s", in.name()));
      break;
    }
    ParticipantRules p;
    p.name = in.name();
    if (!ParseJurisdiction(in.jurisdiction(), field + ".jurisdiction", &p.jurisdiction)) break;
    if (!known_.contains(p.jurisdiction)) {
      Fail(field + ".jurisdiction", absl::StrFormat("unknown jurisdiction %s", in.jurisdiction()));
      break;
    }
    if (!Roles(in.roles(), field + ".roles", &p.roles)) break;
    for (int k = 0; k < in.certified_origins_size(); ++k) {
      const std::string at = absl::StrFormat("%s.certified_origins[%d]", field, k);
      Jurisdiction j;
      if (!ParseJurisdiction(in.certified_origins(k), at, &j)) break;
      if (!known_.contains(j)) {
        Fail(at, absl::StrFormat("unknown jurisdiction %s", in.certified_origins(k)));
        break;
      }
      p.certified_origins.push_back(j);
    }
    if (in.token().empty()) Fail(field + ".token", "is empty");
    p.token = in.token();
    p.admin = in.admin();
    rules.participants.push_back(std::move(p));
  }
  if (!error_.empty()) return absl::InvalidArgumentError(error_);

  bool any_backstop = false;
  double budgets = 0;
  for (size_t i = 0; i < rules.instruments.size(); ++i) {
    if (!rules.instruments[i].stockpile) continue;
    any_backstop = true;
    budgets += m.instruments(static_cast<int>(i)).floor().stockpile().budget();
  }
  if (!m.stockpile_participant().empty()) {
    rules.stockpile = rules.FindParticipant(m.stockpile_participant());
    if (!rules.stockpile) {
      return absl::InvalidArgumentError(absl::StrCat(
          origin_, ": stockpile_participant: unknown participant ", m.stockpile_participant()));
    }
    if ((rules.participants[*rules.stockpile].roles & RoleBit(Role::kStockpile)) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(origin_, ": stockpile_participant: ", m.stockpile_participant(),
                       " lacks the STOCKPILE role"));
    }
  } else if (any_backstop) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin_, ": stockpile_participant: required by the stockpile backstops"));
  }
  if (m.stockpile_total_budget() > 0 && budgets > m.stockpile_total_budget() * (1 + 1e-12)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: stockpile_total_budget: the instruments' budgets add up to %g, above %g", origin_,
        budgets, m.stockpile_total_budget()));
  }
  // The stockpile may always trade the instruments it backs.
  for (InstrumentRules& ins : rules.instruments) {
    if (ins.stockpile) {
      ins.buy_roles |= RoleBit(Role::kStockpile);
      ins.sell_roles |= RoleBit(Role::kStockpile);
    }
  }
  return rules;
}

}  // namespace

absl::Status ParseTextProto(const std::string& text, const std::string& origin,
                            google::protobuf::Message* out) {
  google::protobuf::TextFormat::Parser parser;
  CollectErrors errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(text, out)) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": ", errors.errors.empty() ? "parse error" : errors.errors[0]));
  }
  return absl::OkStatus();
}

absl::StatusOr<config::Market> ParseMarketConfig(const std::string& text,
                                                 const std::string& origin) {
  config::Market market;
  if (absl::Status st = ParseTextProto(text, origin, &market); !st.ok()) return st;
  return market;
}

absl::StatusOr<MarketRules> CompileMarketRules(const config::Market& market,
                                               const std::string& origin) {
  return Compiler(origin).Compile(market);
}

absl::StatusOr<MarketRules> MarketRulesFromText(const std::string& text,
                                                const std::string& origin) {
  absl::StatusOr<config::Market> market = ParseMarketConfig(text, origin);
  if (!market.ok()) return market.status();
  absl::StatusOr<MarketRules> rules = CompileMarketRules(*market, origin);
  if (!rules.ok()) return WithFieldLine(rules.status(), origin, text, config::Market());
  return rules;
}

}  // namespace ftz
