#include "sim/sweep/merge.h"

#include <bit>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/message_differencer.h"

namespace ftz::sim {
namespace {

// Bit for bit, so that NaN equals NaN and 0 differs from -0.
bool SameSummary(const RunSummary& a, const RunSummary& b) {
  if (a.symbol != b.symbol) return false;
  for (const Outcome& o : SummaryOutcomes()) {
    if (std::bit_cast<uint64_t>(a.*o.member) != std::bit_cast<uint64_t>(b.*o.member)) return false;
  }
  return true;
}

bool SameRows(const std::vector<const SweepRow*>& a, const std::vector<const SweepRow*>& b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k) {
    if (!SameSummary(a[k]->policy, b[k]->policy) || !SameSummary(a[k]->baseline, b[k]->baseline))
      return false;
  }
  return true;
}

// "no file for shard 1/4 (6 cells); absent from the files given: cell 3 (...)".
std::string MissingText(const std::vector<ShardInput>& shards, const SweepSpec& spec,
                        const std::vector<size_t>& missing) {
  std::set<size_t> counts, given;
  for (const ShardInput& s : shards) {
    counts.insert(s.rows.shards);
    given.insert(s.rows.shard);
  }
  std::vector<std::string> parts;
  std::vector<size_t> absent = missing;
  if (counts.size() == 1) {
    // One way of sharding: name the shards without a file, then the cells missing from
    // the files that were given (a truncated or partial shard).
    const size_t n = *counts.begin();
    std::map<size_t, size_t> unfiled;  // shard -> its missing cells
    absent.clear();
    for (size_t cell : missing) {
      if (given.count(cell % n)) {
        absent.push_back(cell);
      } else {
        ++unfiled[cell % n];
      }
    }
    for (const auto& [shard, cells] : unfiled) {
      parts.push_back(absl::StrCat("no file for shard ", shard, "/", n, " (", cells, " cells)"));
    }
  }
  if (!absent.empty()) {
    parts.push_back(absl::StrCat("absent from the files given: ", CellListText(spec, absent, 5)));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace

std::vector<size_t> MissingCells(const SweepRows& rows) {
  std::set<size_t> present;
  for (const SweepRow& r : rows.rows) present.insert(r.cell);
  std::vector<size_t> missing;
  for (size_t cell = 0; cell < GridSize(rows.spec); ++cell) {
    if (!present.count(cell)) missing.push_back(cell);
  }
  return missing;
}

absl::StatusOr<SweepRows> MergeShards(const std::vector<ShardInput>& shards,
                                      const MergeOptions& options) {
  if (shards.empty()) return absl::InvalidArgumentError("no shard files to merge");
  const SweepRows& first = shards[0].rows;
  SweepRows out;
  out.spec = first.spec;
  out.scenario = first.scenario;
  out.base_scenario = first.base_scenario;
  struct Source {
    std::string name;
    std::vector<const SweepRow*> rows;
  };
  std::map<size_t, Source> by_cell;
  for (const ShardInput& shard : shards) {
    const SweepRows& s = shard.rows;
    if (!SameGrid(s.spec, out.spec)) {
      return absl::InvalidArgumentError(absl::StrCat(shard.name, " is from a different grid (",
                                                     GridText(s.spec), ") than ", shards[0].name,
                                                     " (", GridText(out.spec), ")"));
    }
    if (!google::protobuf::util::MessageDifferencer::Equals(s.base_scenario, out.base_scenario)) {
      return absl::InvalidArgumentError(absl::StrCat(shard.name, " ran on a different scenario (\"",
                                                     s.scenario, "\") than ", shards[0].name,
                                                     " (\"", out.scenario, "\")"));
    }
    for (const auto& [sym, info] : s.infos) out.infos.emplace(sym, info);
    std::map<size_t, std::vector<const SweepRow*>> mine;
    for (const SweepRow& r : s.rows) mine[r.cell].push_back(&r);
    for (auto& [cell, rows] : mine) {
      const auto [it, added] = by_cell.emplace(cell, Source{shard.name, rows});
      if (!added && !SameRows(it->second.rows, rows)) {
        return absl::InvalidArgumentError(absl::StrCat(CellText(out.spec, cell), " is in ",
                                                       it->second.name, " and in ", shard.name,
                                                       " with different results"));
      }
    }
  }
  for (const auto& [cell, source] : by_cell) {
    for (const SweepRow* r : source.rows) out.rows.push_back(*r);
  }
  const std::vector<size_t> missing = MissingCells(out);
  if (!missing.empty() && !options.allow_missing) {
    return absl::FailedPreconditionError(
        absl::StrCat("missing ", missing.size(), " of ", GridSize(out.spec),
                     " cells: ", MissingText(shards, out.spec, missing),
                     ". Give every shard file, or --allow_missing to merge the cells present"));
  }
  return out;
}

}  // namespace ftz::sim
