// The run report's tables: the outcomes of one summary row (policy, baseline, change),
// welfare by chain and for all chains, and the markets at a glance. Labels and units
// come from sim/summary_table.h.
#pragma once

#include <string>

#include "sim/report/summary_table.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

// Every outcome that applies to the row (SummaryOutcomes(), Applies()) and is not zero in
// both runs (a note counts those): label, unit, policy, baseline, change, change %.
// `info` gives the units (null: generic ones).
std::string OutcomeTable(const RunSummary& policy, const RunSummary* baseline,
                         const InstrumentInfo* info);

// One block per chain and one for all chains: the policy, the baseline and the change in
// the five accounts, total surplus, maximum gains, efficiency and deadweight loss.
std::string WelfareTable(const PairedResult& paired, const std::string& currency);

// One row per instrument: VWAP and volume against the baseline, how often the floor
// bound, unsold supply, stockpile purchases, duties and top-ups; linked to its section.
std::string MarketsTable(const PairedResult& paired, const InstrumentInfos& infos);

}  // namespace ftz::sim::report
