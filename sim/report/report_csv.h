// CSV files of simulation runs, for spreadsheets, pandas and R.
//
// Layout: one set of files per run directory, with a leading `variant` column
// ("policy" or "baseline") so a paired run's two variants sit in the same file and can
// be compared with a filter or a pivot:
//
//   run.csv      variant, scenario, seed, orders, wall_seconds, state_hash
//   periods.csv  variant + every PeriodMetrics field (sim/run_result.h), one row per
//                period and instrument, in the run's order
//   welfare.csv  variant + every ChainPeriod field: the accounts, maximum gains and
//                efficiency per period and chain
//   trades.csv   variant + every TradeRecord field
//   events.csv   variant + every RunEvent field: shocks, the stockpile full or out of budget
//   summary.csv  variant, symbol, scope + every summary outcome (SummaryOutcomes()), one
//                row per instrument, chain of several instruments, and "ALL"
//
// Column names are the struct field names (flows per period plain, stocks "_end";
// summaries: "_total" over the run). Numbers are the shortest decimal that reads back as
// the same double (so nothing is lost); an empty cell is a figure that does not apply;
// text is quoted per RFC 4180.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sim/results/run_result.h"

namespace ftz::sim {

// The texts of the files for the given runs (in order).
std::string RunCsv(const std::vector<const RunResult*>& runs);
std::string PeriodsCsv(const std::vector<const RunResult*>& runs);
std::string ChainsCsv(const std::vector<const RunResult*>& runs);
std::string EventsCsv(const std::vector<const RunResult*>& runs);
std::string TradesCsv(const std::vector<const RunResult*>& runs);
std::string SummaryCsv(const std::vector<const RunResult*>& runs);

// Writes the five files under `dir` (created if missing). The paired form writes the policy rows
// first, then the baseline's.
absl::Status WriteRunCsvFiles(const std::vector<const RunResult*>& runs, const std::string& dir);
absl::Status WriteRunCsvFiles(const RunResult& run, const std::string& dir);
absl::Status WritePairedCsvFiles(const PairedResult& paired, const std::string& dir);

// The names of the files written, for printing.
std::vector<std::string> RunCsvFileNames();

// Reads the files back into one RunResult per variant, in order of first appearance in
// run.csv. Errors name the file, the line and the column.
absl::StatusOr<std::vector<RunResult>> ReadRunCsvFiles(const std::string& dir);
// The same from texts (run, periods, welfare, trades, events, summary); `dir` only names
// the source.
absl::StatusOr<std::vector<RunResult>> ParseRunCsv(
    const std::string& run_csv, const std::string& periods_csv, const std::string& welfare_csv,
    const std::string& trades_csv, const std::string& events_csv, const std::string& summary_csv,
    const std::string& dir = "");

}  // namespace ftz::sim
