// "What happened": the findings of a paired run in plain sentences, written from its
// numbers (nothing hard-coded): the change in surplus by account and in efficiency
// against the baseline; per instrument, how often the floor bound and how much traded at
// it, the CfD and tariffs, the change in price and volume, the stockpile's purchases and
// when it filled or ran out of budget, and the shocks; and what the baseline removed
// and kept.
#pragma once

#include <string>
#include <vector>

#include "sim/report/summary_table.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

struct Findings {
  std::string overall;  // surplus by account, efficiency and deadweight loss, all chains
  struct Item {
    std::string symbol;  // the instrument
    std::string title;   // "NDPR-OX (NdPr oxide)"
    std::string text;    // its sentences
  };
  std::vector<Item> instruments;
  std::string baseline;  // what the baseline removed and what it kept
};

// Plain text (not escaped). Money in the instruments' currency, quantities in their
// units, via `infos`.
Findings FindingsOf(const PairedResult& paired, const InstrumentInfos& infos);

// Formats shared with the report's tables: "USD 1.58B"; with a sign, "+USD 466M" and
// "\u2212USD 657M"; a price "USD 123.01/kg" (cents below 1,000 unless whole); a quantity "41.8M
// kg".
std::string MoneyText(const std::string& currency, double v);
std::string SignedMoneyText(const std::string& currency, double v);
std::string PriceText(const std::string& currency, const std::string& unit, double v);
std::string QuantityText(const std::string& unit, double v);

}  // namespace ftz::sim::report
