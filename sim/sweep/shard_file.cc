#include "sim/sweep/shard_file.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "sim/report/csv.h"

namespace ftz::sim {
namespace {

constexpr uint32_t kFormatVersion = 1;

using OutcomeMap = google::protobuf::Map<std::string, double>;

// Whether a row of `summary`'s scope carries outcome `o` (a baseline row: not the
// policy-only ones).
bool Carries(const Outcome& o, const RunSummary& summary, bool baseline) {
  return Applies(o, summary) && !(baseline && o.policy_only);
}

void PutOutcomes(const RunSummary& summary, bool baseline, OutcomeMap* out) {
  for (const Outcome& o : SummaryOutcomes()) {
    if (Carries(o, summary, baseline)) (*out)[o.key] = summary.*o.member;
  }
}

// Fills `summary` (whose scope is set) from `values`, which must hold exactly the outcome
// keys this build carries for that scope; the others stay NaN.
absl::Status GetOutcomes(const OutcomeMap& values, bool baseline, RunSummary* summary) {
  std::vector<std::string> missing;
  for (const Outcome& o : SummaryOutcomes()) {
    if (!Carries(o, *summary, baseline)) continue;
    const auto it = values.find(o.key);
    if (it == values.end()) {
      missing.push_back(o.key);
    } else {
      summary->*o.member = it->second;
    }
  }
  std::vector<std::string> unknown;
  for (const auto& [key, value] : values) {
    const Outcome* o = FindOutcome(key);
    if (o == nullptr || !Carries(*o, *summary, baseline)) unknown.push_back(key);
  }
  if (missing.empty() && unknown.empty()) return absl::OkStatus();
  std::sort(unknown.begin(), unknown.end());
  return absl::InvalidArgumentError(absl::StrCat(
      "outcomes differ from this build's (written by another version of ftz?): missing ",
      missing.empty() ? "none" : absl::StrJoin(missing, ", "), "; unknown ",
      unknown.empty() ? "none" : absl::StrJoin(unknown, ", ")));
}

}  // namespace

std::string ShardFileName(size_t shard, size_t shards) {
  return absl::StrCat("shard-", shard, "-of-", shards, ".binpb");
}

sweep::ShardFile ToShardFile(const SweepRows& rows) {
  sweep::ShardFile file;
  file.set_format_version(kFormatVersion);
  for (const SweepParam& p : rows.spec.params) {
    sweep::SweepParam* param = file.mutable_grid()->add_params();
    param->set_path(p.path);
    for (const std::string& v : p.values) param->add_values(v);
    param->set_unit(p.unit);
  }
  for (uint64_t seed : rows.spec.seeds) file.mutable_grid()->add_seeds(seed);
  file.set_shard_index(rows.shard);
  file.set_shard_count(rows.shards);
  file.set_scenario_name(rows.scenario);
  *file.mutable_base_scenario() = rows.base_scenario;
  for (const auto& [symbol, info] : rows.infos) {
    sweep::InstrumentUnits* units = file.add_instruments();
    units->set_symbol(symbol);
    units->set_product(info.product);
    units->set_unit(info.unit);
    units->set_currency(info.currency);
  }
  for (const SweepRow& r : rows.rows) {
    sweep::CellRow* row = file.add_rows();
    row->set_cell(r.cell);
    row->set_symbol(r.symbol);
    row->set_scope(r.policy.scope);
    PutOutcomes(r.policy, false, row->mutable_policy());
    PutOutcomes(r.baseline, true, row->mutable_baseline());
  }
  return file;
}

absl::StatusOr<SweepRows> FromShardFile(const sweep::ShardFile& file, const std::string& origin) {
  auto fail = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", what));
  };
  if (file.format_version() != kFormatVersion) {
    return fail(absl::StrCat("shard file format ", file.format_version(), ", expected ",
                             kFormatVersion, " (not a shard file, or from another version)"));
  }
  SweepRows rows;
  for (const sweep::SweepParam& p : file.grid().params()) {
    if (p.values().empty()) return fail(absl::StrCat("parameter ", p.path(), " has no values"));
    rows.spec.params.push_back(
        {p.path(), std::vector<std::string>(p.values().begin(), p.values().end()), p.unit()});
  }
  rows.spec.seeds.assign(file.grid().seeds().begin(), file.grid().seeds().end());
  if (rows.spec.seeds.empty()) return fail("the grid has no seeds");
  if (file.shard_count() == 0 || file.shard_index() >= file.shard_count()) {
    return fail(absl::StrCat("bad shard ", file.shard_index(), "/", file.shard_count()));
  }
  rows.shard = file.shard_index();
  rows.shards = file.shard_count();
  rows.scenario = file.scenario_name();
  rows.base_scenario = file.base_scenario();
  for (const sweep::InstrumentUnits& u : file.instruments()) {
    rows.infos[u.symbol()] = InstrumentInfo{u.symbol(), u.product(), u.unit(), u.currency()};
  }
  const size_t cells = GridSize(rows.spec);
  for (const sweep::CellRow& r : file.rows()) {
    if (r.cell() >= cells || r.cell() % rows.shards != rows.shard) {
      return fail(absl::StrCat("cell ", r.cell(), " is not in shard ", rows.shard, "/", rows.shards,
                               " of a grid of ", cells, " cells"));
    }
    const SweepCell cell = CellAt(rows.spec, r.cell());
    SweepRow row;
    row.cell = cell.index;
    row.values = cell.values;
    row.seed = cell.seed;
    row.symbol = r.symbol();
    row.policy.symbol = row.baseline.symbol = r.symbol();
    row.policy.scope = row.baseline.scope = r.scope();
    for (const auto& [values, summary] :
         {std::pair{&r.policy(), &row.policy}, std::pair{&r.baseline(), &row.baseline}}) {
      if (absl::Status s = GetOutcomes(*values, summary == &row.baseline, summary); !s.ok()) {
        return fail(absl::StrCat("cell ", r.cell(), " ", r.symbol(), ": ", s.message()));
      }
    }
    rows.rows.push_back(std::move(row));
  }
  return rows;
}

absl::Status WriteShardFile(const std::string& path, const SweepRows& rows) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    if (!ToShardFile(rows).SerializeToCodedStream(&coded))
      return absl::InternalError(absl::StrCat(path, ": cannot serialize the shard"));
  }
  const std::string aside = absl::StrCat(path, ".partial");
  if (absl::Status s = WriteTextFile(aside, bytes); !s.ok()) return s;
  std::error_code ec;
  std::filesystem::rename(aside, path, ec);
  if (ec)
    return absl::InternalError(absl::StrCat(path, ": cannot rename into place: ", ec.message()));
  return absl::OkStatus();
}

absl::StatusOr<SweepRows> ReadShardFile(const std::string& path) {
  absl::StatusOr<std::string> bytes = ReadTextFile(path);
  if (!bytes.ok()) return bytes.status();
  sweep::ShardFile file;
  if (!file.ParseFromString(*bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not a shard file (protobuf ftz.sweep.ShardFile does not parse)"));
  }
  return FromShardFile(file, path);
}

}  // namespace ftz::sim
