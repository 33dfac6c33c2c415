#include "sim/sweep/grid.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace ftz::sim {

std::string ParamLabel(const SweepParam& param) {
  return param.unit.empty() ? param.path : absl::StrCat(param.path, " (", param.unit, ")");
}

absl::StatusOr<SweepParam> ParseSweepParam(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--param \"", text,
                     "\": expected PATH=v1,v2,... (e.g. NDPR-OX.floor.hard.price=100,110,120)"));
  }
  SweepParam p;
  p.path = std::string(absl::StripAsciiWhitespace(text.substr(0, eq)));
  for (absl::string_view v : absl::StrSplit(text.substr(eq + 1), ',')) {
    v = absl::StripAsciiWhitespace(v);
    if (v.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("--param \"", text, "\": empty value"));
    }
    p.values.emplace_back(v);
  }
  const std::set<std::string> distinct(p.values.begin(), p.values.end());
  if (distinct.size() != p.values.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--param \"", text, "\": a value appears twice"));
  }
  return p;
}

std::vector<uint64_t> SeedRange(uint64_t n, uint64_t base) {
  std::vector<uint64_t> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(base + i);
  return out;
}

size_t ComboCount(const SweepSpec& spec) {
  size_t n = 1;
  for (const SweepParam& p : spec.params) n *= p.values.size();
  return n;
}

size_t GridSize(const SweepSpec& spec) { return ComboCount(spec) * spec.seeds.size(); }

SweepCell CellAt(const SweepSpec& spec, size_t index) {
  SweepCell c;
  c.index = index;
  const size_t nseeds = spec.seeds.size();
  c.seed = spec.seeds[index % nseeds];
  size_t combo = index / nseeds;
  c.combo = combo;
  c.values.resize(spec.params.size());
  for (size_t k = spec.params.size(); k-- > 0;) {
    const size_t n = spec.params[k].values.size();
    c.values[k] = spec.params[k].values[combo % n];
    combo /= n;
  }
  return c;
}

std::vector<SweepCell> ExpandGrid(const SweepSpec& spec) { return ShardCells(spec, 0, 1); }

std::vector<SweepCell> ShardCells(const SweepSpec& spec, size_t shard, size_t shards) {
  std::vector<SweepCell> out;
  if (shards == 0) return out;
  const size_t n = GridSize(spec);
  for (size_t i = shard; i < n; i += shards) out.push_back(CellAt(spec, i));
  return out;
}

absl::Status ParseShard(const std::string& text, size_t* shard, size_t* shards) {
  const std::vector<std::string> parts = absl::StrSplit(text, '/');
  uint64_t i = 0, n = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &i) || !absl::SimpleAtoi(parts[1], &n) ||
      n == 0 || i >= n) {
    return absl::InvalidArgumentError(
        absl::StrCat("--shard \"", text, "\": expected i/N with 0 <= i < N (e.g. 0/4)"));
  }
  *shard = i;
  *shards = n;
  return absl::OkStatus();
}

int64_t ComboOf(const SweepSpec& spec, const std::vector<std::string>& values) {
  if (values.size() != spec.params.size()) return -1;
  int64_t combo = 0;
  for (size_t k = 0; k < spec.params.size(); ++k) {
    const std::vector<std::string>& vs = spec.params[k].values;
    const auto it = std::find(vs.begin(), vs.end(), values[k]);
    if (it == vs.end()) return -1;
    combo = combo * static_cast<int64_t>(vs.size()) + (it - vs.begin());
  }
  return combo;
}

bool SameGrid(const SweepSpec& a, const SweepSpec& b) {
  if (a.seeds != b.seeds || a.params.size() != b.params.size()) return false;
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (a.params[i].path != b.params[i].path || a.params[i].values != b.params[i].values)
      return false;
  }
  return true;
}

std::string GridText(const SweepSpec& spec) {
  std::vector<std::string> parts;
  for (const SweepParam& p : spec.params)
    parts.push_back(absl::StrCat(p.path, "=", absl::StrJoin(p.values, ",")));
  parts.push_back(absl::StrCat(spec.seeds.size(), " seeds"));
  return absl::StrJoin(parts, " ");
}

std::string CellText(const SweepSpec& spec, size_t index) {
  const SweepCell c = CellAt(spec, index);
  std::vector<std::string> parts;
  for (size_t k = 0; k < spec.params.size(); ++k)
    parts.push_back(absl::StrCat(spec.params[k].path, "=", c.values[k]));
  parts.push_back(absl::StrCat("seed ", c.seed));
  return absl::StrCat("cell ", index, " (", absl::StrJoin(parts, ", "), ")");
}

std::string CellListText(const SweepSpec& spec, const std::vector<size_t>& cells,
                         size_t max_listed) {
  std::vector<std::string> listed;
  for (size_t i = 0; i < cells.size() && i < max_listed; ++i)
    listed.push_back(CellText(spec, cells[i]));
  std::string out = absl::StrJoin(listed, ", ");
  if (cells.size() > listed.size())
    absl::StrAppend(&out, " and ", cells.size() - listed.size(), " more");
  return out;
}

}  // namespace ftz::sim
