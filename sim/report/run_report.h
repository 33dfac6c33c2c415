// The sections of the run report (RenderRunReportHtml in sim/report_html.h puts them
// together): the page start, "What happened" (the findings), the overview (key figures,
// welfare by chain, the markets), and one section per chain with its instruments'
// charts and tables and the chain's welfare.
#pragma once

#include <string>
#include <vector>

#include "sim/report/report_html.h"
#include "sim/results/run_result.h"

namespace ftz::sim::report {

// From <!DOCTYPE html> to <main>: title, description, the run's facts, the contents.
std::string RunReportStart(const PairedResult& paired, const RunReportOptions& options);

// The findings in sentences (sim/report/findings.h) and where the definitions are.
std::string FindingsSection(const PairedResult& paired, const InstrumentInfos& infos);

// Key figures over all chains, the welfare table and the markets table.
std::string OverviewSection(const PairedResult& paired, const InstrumentInfos& infos);

// Per instrument of the chain: its charts, notes on charts left out, its outcomes table;
// then the chain's welfare charts and table (one table when the chain is one instrument).
std::string ChainSection(const PairedResult& paired, const ChainInfo& chain,
                         const InstrumentInfos& infos);

// The chains to report, in the run's order; an instrument in no chain (results from
// before chains existed) as a chain by itself.
std::vector<ChainInfo> ReportChains(const RunResult& run);

// The section id of a chain: its instrument's Anchor for one instrument, else
// "chain-" and the name with every character but letters and digits as '-'.
std::string ChainAnchor(const ChainInfo& chain);

}  // namespace ftz::sim::report
