#include "bindings/external_agent.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sim/agent_set.h"

namespace ftz::bindings {

ClientOrderId ExternalAgent::Place(sim::OrderEntry& entry, InstrumentId instrument, Side side,
                                   Price price, Qty qty, TimeInForce tif) {
  Command c = NewLimit(participant(), instrument, side, price, qty, NextClientId());
  c.tif = tif;
  c.stp = StpMode::kCancelNewest;  // never trades with itself
  open_.push_back({c.client_id, instrument, side, price, qty});
  entry.Submit(c);  // a reject, a fill or an IOC's cancel forgets it again
  return c.client_id;
}

bool ExternalAgent::Replace(sim::OrderEntry& entry, ClientOrderId client_id, Price price, Qty qty) {
  OpenOrder* o = FindOpen(client_id);
  if (o == nullptr) return false;
  Command c;
  c.kind = CommandKind::kReplace;
  c.participant = participant();
  c.instrument = o->instrument;
  c.side = o->side;
  c.client_id = client_id;
  c.price = price;
  c.qty = qty;
  replaced_ = *o;
  o->price = price;
  o->leaves = qty;
  entry.Submit(c);
  replaced_ = {};
  return true;
}

bool ExternalAgent::Cancel(sim::OrderEntry& entry, ClientOrderId client_id) {
  const OpenOrder* o = FindOpen(client_id);
  if (o == nullptr) return false;
  Command c;
  c.kind = CommandKind::kCancel;
  c.participant = participant();
  c.instrument = o->instrument;
  c.client_id = client_id;
  entry.Submit(c);
  return true;
}

const ExternalAgent::OpenOrder* ExternalAgent::Find(ClientOrderId client_id) const {
  for (const OpenOrder& o : open_) {
    if (o.client_id == client_id) return &o;
  }
  return nullptr;
}

ExternalAgent::OpenOrder* ExternalAgent::FindOpen(ClientOrderId client_id) {
  return const_cast<OpenOrder*>(std::as_const(*this).Find(client_id));
}

void ExternalAgent::Forget(ClientOrderId client_id) {
  std::erase_if(open_, [&](const OpenOrder& o) { return o.client_id == client_id; });
}

void ExternalAgent::Grow(InstrumentId id) {
  if (id >= position_.size()) {
    position_.resize(id + 1, 0);
    cash_.resize(id + 1, 0);
  }
}

void ExternalAgent::OnFill(const sim::Fill& fill) {
  Grow(fill.instrument);
  const Money notional = fill.price * fill.qty;
  if (fill.side == Side::kBuy) {
    position_[fill.instrument] += fill.qty;
    cash_[fill.instrument] -= notional;
  } else {
    position_[fill.instrument] -= fill.qty;
    cash_[fill.instrument] += notional - fill.duty + fill.top_up;
  }
  if (OpenOrder* o = FindOpen(fill.client_id)) {
    o->leaves = fill.leaves;
    if (fill.leaves == 0) Forget(fill.client_id);
  }
}

void ExternalAgent::OnOrderGone(ClientOrderId client_id, bool) { Forget(client_id); }

void ExternalAgent::OnRequoteRefused(ClientOrderId client_id, Price) {
  // The order stands as it was before the replace.
  if (OpenOrder* o = FindOpen(client_id); o != nullptr && client_id == replaced_.client_id) {
    *o = replaced_;
  }
}

absl::StatusOr<ExternalAgent*> TakeOver(sim::AgentSet& set, const std::string& name) {
  for (std::unique_ptr<sim::Agent>& agent : set.agents) {
    if (agent->name() != name) continue;
    auto external =
        std::make_unique<ExternalAgent>(agent->name(), agent->participant(), agent->instruments());
    for (std::vector<sim::UnitTrader*>& group : set.by_group) {  // shocks no longer reach it
      std::erase_if(group, [&](const sim::UnitTrader* t) { return t == agent.get(); });
    }
    ExternalAgent* raw = external.get();
    agent = std::move(external);
    return raw;
  }
  std::vector<std::string> names;
  for (const auto& agent : set.agents) names.push_back(agent->name());
  return absl::InvalidArgumentError(absl::StrCat("no agent \"", name, "\" in the scenario; its ",
                                                 names.size(),
                                                 " agents: ", absl::StrJoin(names, ", ")));
}

}  // namespace ftz::bindings
