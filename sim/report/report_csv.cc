#include "sim/report/report_csv.h"

#include <cstdint>
#include <map>
#include <string_view>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "sim/report/csv.h"
#include "sim/report/summary_table.h"

namespace ftz::sim {
namespace {

// A column of a struct T: its name and the member it reads and writes.
template <typename T>
struct Column {
  const char* name;
  std::variant<double T::*, uint32_t T::*, uint64_t T::*, int64_t T::*, std::string T::*> member;
};

template <typename T>
std::string Get(const T& row, const Column<T>& c) {
  return std::visit(
      [&](auto m) -> std::string {
        using V = std::remove_cvref_t<decltype(row.*m)>;
        if constexpr (std::is_same_v<V, std::string>) {
          return row.*m;
        } else if constexpr (std::is_same_v<V, double>) {
          return CsvNumber(row.*m);
        } else if constexpr (std::is_same_v<V, int64_t>) {
          return CsvNumber(row.*m);
        } else {
          return CsvNumber(static_cast<uint64_t>(row.*m));
        }
      },
      c.member);
}

template <typename T>
absl::Status Set(T& row, const Column<T>& c, const std::string& text) {
  return std::visit(
      [&](auto m) -> absl::Status {
        using V = std::remove_cvref_t<decltype(row.*m)>;
        if constexpr (std::is_same_v<V, std::string>) {
          row.*m = text;
        } else if constexpr (std::is_same_v<V, double>) {
          absl::StatusOr<double> v = ParseCsvDouble(text);
          if (!v.ok()) return v.status();
          row.*m = *v;
        } else if constexpr (std::is_same_v<V, int64_t>) {
          absl::StatusOr<int64_t> v = ParseCsvInt(text);
          if (!v.ok()) return v.status();
          row.*m = *v;
        } else {
          absl::StatusOr<uint64_t> v = ParseCsvUint(text);
          if (!v.ok()) return v.status();
          if (*v > std::numeric_limits<V>::max()) {
            return absl::InvalidArgumentError(absl::StrCat("out of range: ", text));
          }
          row.*m = static_cast<V>(*v);
        }
        return absl::OkStatus();
      },
      c.member);
}

using P = PeriodMetrics;
const std::vector<Column<P>>& PeriodColumns() {
  static const auto* cols = new std::vector<Column<P>>{
      {"period", &P::period},
      {"symbol", &P::symbol},
      {"floor", &P::floor},
      {"support_strike", &P::support_strike},
      {"tariff_rate", &P::tariff_rate},
      {"vwap", &P::vwap},
      {"open", &P::open},
      {"close", &P::close},
      {"high", &P::high},
      {"low", &P::low},
      {"ce_price", &P::ce_price},
      {"volume", &P::volume},
      {"volume_at_floor", &P::volume_at_floor},
      {"share_at_floor", &P::share_at_floor},
      {"member_supply", &P::member_supply},
      {"non_member_supply", &P::non_member_supply},
      {"ce_quantity", &P::ce_quantity},
      {"stockpile_bought", &P::stockpile_bought},
      {"stockpile_sold", &P::stockpile_sold},
      {"unsold_end", &P::unsold_end},
      {"stockpile_inventory_end", &P::stockpile_inventory_end},
      {"stockpile_spend", &P::stockpile_spend},
      {"stockpile_proceeds", &P::stockpile_proceeds},
      {"top_ups", &P::top_ups},
      {"duties", &P::duties},
      {"stockpile_budget_left_end", &P::stockpile_budget_left_end},
      {"buyers", &P::buyers},
      {"producers", &P::producers},
      {"market_makers", &P::market_makers},
      {"government", &P::government},
      {"orders", &P::orders},
      {"rejects", &P::rejects},
  };
  return *cols;
}

using W = ChainPeriod;
const std::vector<Column<W>>& ChainColumns() {
  static const auto* cols = new std::vector<Column<W>>{
      {"period", &W::period},
      {"chain", &W::chain},
      {"buyers", &W::buyers},
      {"producers", &W::producers},
      {"intermediaries", &W::intermediaries},
      {"market_makers", &W::market_makers},
      {"government", &W::government},
      {"total_surplus", &W::total_surplus},
      {"max_gains", &W::max_gains},
      {"efficiency", &W::efficiency},
  };
  return *cols;
}

using T = TradeRecord;
const std::vector<Column<T>>& TradeColumns() {
  static const auto* cols = new std::vector<Column<T>>{
      {"period", &T::period}, {"trade_id", &T::trade_id}, {"symbol", &T::symbol},
      {"price", &T::price},   {"qty", &T::qty},           {"buyer", &T::buyer},
      {"seller", &T::seller}, {"duty", &T::duty},         {"top_up", &T::top_up},
  };
  return *cols;
}

using E = RunEvent;
const std::vector<Column<E>>& EventColumns() {
  static const auto* cols = new std::vector<Column<E>>{
      {"period", &E::period}, {"symbol", &E::symbol}, {"kind", &E::kind}, {"text", &E::text}};
  return *cols;
}

using S = RunSummary;
const std::vector<Column<S>>& SummaryColumns() {
  static const auto* cols = [] {
    auto* c = new std::vector<Column<S>>{{"symbol", &S::symbol}, {"scope", &S::scope}};
    for (const Outcome& o : SummaryOutcomes()) c->push_back({o.key, o.member});
    return c;
  }();
  return *cols;
}

using R = RunResult;
const std::vector<Column<R>>& RunColumns() {
  static const auto* cols = new std::vector<Column<R>>{
      {"variant", &R::variant}, {"scenario", &R::scenario},         {"seed", &R::seed},
      {"orders", &R::orders},   {"wall_seconds", &R::wall_seconds}, {"state_hash", &R::state_hash},
  };
  return *cols;
}

template <typename Row>
CsvRow Header(const std::vector<Column<Row>>& cols, bool with_variant) {
  CsvRow h;
  if (with_variant) h.push_back("variant");
  for (const auto& c : cols) h.push_back(c.name);
  return h;
}

template <typename Row, typename RowsOf>
std::string Table(const std::vector<const RunResult*>& runs, const std::vector<Column<Row>>& cols,
                  RowsOf rows_of) {
  std::string out;
  AppendCsvRow(&out, Header(cols, true));
  CsvRow fields;
  for (const RunResult* run : runs) {
    for (const Row& row : rows_of(*run)) {
      fields.clear();
      fields.push_back(run->variant);
      for (const auto& c : cols) fields.push_back(Get(row, c));
      AppendCsvRow(&out, fields);
    }
  }
  return out;
}

// Parses `text` as a table with the given columns (any order, extra columns ignored,
// every known column required) and calls add(variant, row).
template <typename Row, typename Add>
absl::Status ReadTable(const std::string& text, const std::string& source,
                       const std::vector<Column<Row>>& cols, bool with_variant, Add add) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(text);
  if (!rows.ok())
    return absl::InvalidArgumentError(absl::StrCat(source, ": ", rows.status().message()));
  if (rows->empty()) return absl::InvalidArgumentError(absl::StrCat(source, ": no header"));
  const CsvRow& header = (*rows)[0];
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < header.size(); ++i) index[header[i]] = i;
  std::vector<size_t> at;
  for (const auto& c : cols) {
    auto it = index.find(c.name);
    if (it == index.end()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": no column \"", c.name, "\""));
    }
    at.push_back(it->second);
  }
  size_t variant_at = 0;
  if (with_variant) {
    auto it = index.find("variant");
    if (it == index.end()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": no column \"variant\""));
    }
    variant_at = it->second;
  }
  for (size_t r = 1; r < rows->size(); ++r) {
    const CsvRow& fields = (*rows)[r];
    if (fields.size() != header.size()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": row ", r + 1, ": ", fields.size(),
                                                     " fields, the header has ", header.size()));
    }
    Row row{};
    for (size_t k = 0; k < cols.size(); ++k) {
      absl::Status s = Set(row, cols[k], fields[at[k]]);
      if (!s.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, ": row ", r + 1, ", column ", cols[k].name, ": ", s.message()));
      }
    }
    absl::Status s = add(with_variant ? fields[variant_at] : std::string(), std::move(row));
    if (!s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(source, ": row ", r + 1, ": ", s.message()));
    }
  }
  return absl::OkStatus();
}

std::string JoinPath(const std::string& dir, const char* name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

}  // namespace

std::string RunCsv(const std::vector<const RunResult*>& runs) {
  std::string out;
  AppendCsvRow(&out, Header(RunColumns(), false));
  for (const RunResult* run : runs) {
    CsvRow fields;
    for (const auto& c : RunColumns()) fields.push_back(Get(*run, c));
    AppendCsvRow(&out, fields);
  }
  return out;
}

std::string PeriodsCsv(const std::vector<const RunResult*>& runs) {
  return Table(
      runs, PeriodColumns(), [](const RunResult& r) -> const auto& { return r.periods; });
}
std::string TradesCsv(const std::vector<const RunResult*>& runs) {
  return Table(
      runs, TradeColumns(), [](const RunResult& r) -> const auto& { return r.trades; });
}
std::string ChainsCsv(const std::vector<const RunResult*>& runs) {
  return Table(
      runs, ChainColumns(), [](const RunResult& r) -> const auto& { return r.chains; });
}
std::string EventsCsv(const std::vector<const RunResult*>& runs) {
  return Table(
      runs, EventColumns(), [](const RunResult& r) -> const auto& { return r.events; });
}
std::string SummaryCsv(const std::vector<const RunResult*>& runs) {
  return Table(
      runs, SummaryColumns(), [](const RunResult& r) -> const auto& { return r.summary; });
}

std::vector<std::string> RunCsvFileNames() {
  return {"run.csv", "periods.csv", "welfare.csv", "trades.csv", "events.csv", "summary.csv"};
}

absl::Status WriteRunCsvFiles(const std::vector<const RunResult*>& runs, const std::string& dir) {
  const std::pair<const char*, std::string> files[] = {
      {"run.csv", RunCsv(runs)},        {"periods.csv", PeriodsCsv(runs)},
      {"welfare.csv", ChainsCsv(runs)}, {"trades.csv", TradesCsv(runs)},
      {"events.csv", EventsCsv(runs)},  {"summary.csv", SummaryCsv(runs)},
  };
  for (const auto& [name, text] : files) {
    absl::Status s = WriteTextFile(JoinPath(dir, name), text);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status WriteRunCsvFiles(const RunResult& run, const std::string& dir) {
  return WriteRunCsvFiles(std::vector<const RunResult*>{&run}, dir);
}

absl::Status WritePairedCsvFiles(const PairedResult& paired, const std::string& dir) {
  return WriteRunCsvFiles(std::vector<const RunResult*>{&paired.policy, &paired.baseline}, dir);
}

absl::StatusOr<std::vector<RunResult>> ParseRunCsv(
    const std::string& run_csv, const std::string& periods_csv, const std::string& welfare_csv,
    const std::string& trades_csv, const std::string& events_csv, const std::string& summary_csv,
    const std::string& dir) {
  std::vector<RunResult> runs;
  std::map<std::string, size_t> by_variant;
  absl::Status s = ReadTable(
      run_csv, JoinPath(dir, "run.csv"), RunColumns(), false,
      [&](const std::string&, RunResult run) -> absl::Status {
        if (by_variant.count(run.variant)) {
          return absl::InvalidArgumentError(absl::StrCat("variant \"", run.variant, "\" twice"));
        }
        by_variant[run.variant] = runs.size();
        runs.push_back(std::move(run));
        return absl::OkStatus();
      });
  if (!s.ok()) return s;
  auto run_of = [&](const std::string& variant) -> RunResult* {
    auto it = by_variant.find(variant);
    return it == by_variant.end() ? nullptr : &runs[it->second];
  };
  auto unknown = [](const std::string& v) {
    return absl::InvalidArgumentError(absl::StrCat("variant \"", v, "\" is not in run.csv"));
  };
  s = ReadTable(periods_csv, JoinPath(dir, "periods.csv"), PeriodColumns(), true,
                [&](const std::string& v, PeriodMetrics row) -> absl::Status {
                  RunResult* run = run_of(v);
                  if (!run) return unknown(v);
                  run->periods.push_back(std::move(row));
                  return absl::OkStatus();
                });
  if (!s.ok()) return s;
  s = ReadTable(welfare_csv, JoinPath(dir, "welfare.csv"), ChainColumns(), true,
                [&](const std::string& v, ChainPeriod row) -> absl::Status {
                  RunResult* run = run_of(v);
                  if (!run) return unknown(v);
                  // The chain's instruments are in its name, input first.
                  bool known = false;
                  for (const ChainInfo& c : run->chain_infos) known |= c.name == row.chain;
                  if (!known) {
                    run->chain_infos.push_back(
                        {row.chain, absl::StrSplit(row.chain, '>', absl::SkipEmpty())});
                  }
                  run->chains.push_back(std::move(row));
                  return absl::OkStatus();
                });
  if (!s.ok()) return s;
  s = ReadTable(trades_csv, JoinPath(dir, "trades.csv"), TradeColumns(), true,
                [&](const std::string& v, TradeRecord row) -> absl::Status {
                  RunResult* run = run_of(v);
                  if (!run) return unknown(v);
                  run->trades.push_back(std::move(row));
                  return absl::OkStatus();
                });
  if (!s.ok()) return s;
  s = ReadTable(events_csv, JoinPath(dir, "events.csv"), EventColumns(), true,
                [&](const std::string& v, RunEvent row) -> absl::Status {
                  RunResult* run = run_of(v);
                  if (!run) return unknown(v);
                  run->events.push_back(std::move(row));
                  return absl::OkStatus();
                });
  if (!s.ok()) return s;
  s = ReadTable(summary_csv, JoinPath(dir, "summary.csv"), SummaryColumns(), true,
                [&](const std::string& v, RunSummary row) -> absl::Status {
                  RunResult* run = run_of(v);
                  if (!run) return unknown(v);
                  run->summary.push_back(std::move(row));
                  return absl::OkStatus();
                });
  if (!s.ok()) return s;
  return runs;
}

absl::StatusOr<std::vector<RunResult>> ReadRunCsvFiles(const std::string& dir) {
  const std::vector<std::string> names = RunCsvFileNames();
  std::vector<std::string> texts(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    absl::StatusOr<std::string> t = ReadTextFile(JoinPath(dir, names[i].c_str()));
    if (!t.ok()) return t.status();
    texts[i] = std::move(*t);
  }
  return ParseRunCsv(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], dir);
}

}  // namespace ftz::sim
