#include "sim/sweep.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "market_config/market_config.h"
#include "sim/csv.h"
#include "sim/format.h"
#include "sim/progress.h"
#include "sim/report_html.h"
#include "sim/text_table.h"

namespace ftz::sim {

namespace pb = google::protobuf;

// ---------------------------------------------------------------------------------
// Overrides

namespace {

struct Segment {
  std::string name;
  bool has_key = false;
  std::string key;  // inside [...]
};

absl::StatusOr<std::vector<Segment>> SplitPath(const std::string& path) {
  std::vector<Segment> out;
  Segment cur;
  bool in_key = false;
  bool after_key = false;
  for (char c : path) {
    if (in_key) {
      if (c == ']') {
        in_key = false;
        after_key = true;
      } else {
        cur.key += c;
      }
      continue;
    }
    if (c == '.') {
      if (cur.name.empty()) return absl::InvalidArgumentError("empty path segment");
      out.push_back(std::move(cur));
      cur = Segment();
      after_key = false;
    } else if (c == '[') {
      if (cur.name.empty() || cur.has_key) return absl::InvalidArgumentError("misplaced '['");
      cur.has_key = true;
      in_key = true;
    } else if (after_key) {
      return absl::InvalidArgumentError("expected '.' after ']'");
    } else {
      cur.name += c;
    }
  }
  if (in_key) return absl::InvalidArgumentError("missing ']'");
  if (cur.name.empty()) return absl::InvalidArgumentError("empty path segment");
  out.push_back(std::move(cur));
  return out;
}

std::string FieldList(const pb::Descriptor* d) {
  std::vector<std::string> names;
  for (int i = 0; i < d->field_count(); ++i) names.push_back(d->field(i)->name());
  return absl::StrJoin(names, ", ");
}

// The symbols an instrument path may start with: the scenario's market, or the default.
std::vector<std::string> InstrumentSymbols(const scenario::Scenario& s) {
  std::vector<std::string> out;
  if (s.market().instruments_size() > 0) {
    for (const auto& i : s.market().instruments()) out.push_back(i.symbol());
    return out;
  }
  absl::StatusOr<config::Market> m = ParseMarketConfig(DefaultMarketText(), "<default market>");
  if (m.ok()) {
    for (const auto& i : m->instruments()) out.push_back(i.symbol());
  }
  return out;
}

// Rewrites the instrument shorthand to a full path.
std::string ExpandShorthand(const scenario::Scenario& s, const std::string& path) {
  std::string best;
  for (const std::string& sym : InstrumentSymbols(s)) {
    if (sym.empty()) continue;
    if ((path == sym || (path.size() > sym.size() && path.compare(0, sym.size(), sym) == 0 &&
                         path[sym.size()] == '.')) &&
        sym.size() > best.size()) {
      best = sym;
    }
  }
  if (best.empty()) return path;
  return absl::StrCat("market.instruments[", best, "]", path.substr(best.size()));
}

absl::Status EnsureMarket(scenario::Scenario* s) {
  if (s->market().instruments_size() > 0) return absl::OkStatus();
  absl::StatusOr<config::Market> m = ParseMarketConfig(DefaultMarketText(), "<default market>");
  if (!m.ok()) return m.status();
  config::Market merged = *m;
  merged.MergeFrom(s->market());  // keep anything already set on the empty market
  *s->mutable_market() = std::move(merged);
  return absl::OkStatus();
}

// Finds the element of repeated message field `f` of `msg` named by `key`: an index, or
// the value of the element's `name` or `symbol` field.
absl::StatusOr<int> FindElement(const pb::Message& msg, const pb::FieldDescriptor* f,
                                const std::string& key) {
  const pb::Reflection* r = msg.GetReflection();
  const int n = r->FieldSize(msg, f);
  int index = 0;
  if (absl::SimpleAtoi(key, &index)) {
    if (index < 0 || index >= n) {
      return absl::OutOfRangeError(
          absl::StrCat("index ", index, " out of range (", f->name(), " has ", n, " elements)"));
    }
    return index;
  }
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    const pb::Message& e = r->GetRepeatedMessage(msg, f, i);
    for (const char* kf : {"name", "symbol"}) {
      const pb::FieldDescriptor* nf = e.GetDescriptor()->FindFieldByName(kf);
      if (!nf || nf->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING || nf->is_repeated())
        continue;
      const std::string v = e.GetReflection()->GetString(e, nf);
      if (v == key) return i;
      names.push_back(v);
      break;
    }
  }
  return absl::NotFoundError(
      absl::StrCat("no element \"", key, "\" in ", f->name(), " (",
                   names.empty() ? "it is empty" : absl::StrJoin(names, ", "), ")"));
}

absl::Status SetScalar(pb::Message* msg, const pb::FieldDescriptor* f, int index,
                       const std::string& raw) {
  const pb::Reflection* r = msg->GetReflection();
  const std::string v(absl::StripAsciiWhitespace(raw));
  const bool rep = index >= 0;
  auto bad = [&](const char* what) {
    return absl::InvalidArgumentError(absl::StrCat("\"", raw, "\" is not ", what));
  };
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT: {
      double d = 0;
      if (!absl::SimpleAtod(v, &d) || !std::isfinite(d)) return bad("a number");
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE) {
        rep ? r->SetRepeatedDouble(msg, f, index, d) : r->SetDouble(msg, f, d);
      } else {
        rep ? r->SetRepeatedFloat(msg, f, index, static_cast<float>(d))
            : r->SetFloat(msg, f, static_cast<float>(d));
      }
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_INT32: {
      int32_t x = 0;
      if (!absl::SimpleAtoi(v, &x)) return bad("a 32-bit integer");
      rep ? r->SetRepeatedInt32(msg, f, index, x) : r->SetInt32(msg, f, x);
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_INT64: {
      int64_t x = 0;
      if (!absl::SimpleAtoi(v, &x)) return bad("an integer");
      rep ? r->SetRepeatedInt64(msg, f, index, x) : r->SetInt64(msg, f, x);
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t x = 0;
      if (!absl::SimpleAtoi(v, &x)) return bad("a non-negative 32-bit integer");
      rep ? r->SetRepeatedUInt32(msg, f, index, x) : r->SetUInt32(msg, f, x);
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t x = 0;
      if (!absl::SimpleAtoi(v, &x)) return bad("a non-negative integer");
      rep ? r->SetRepeatedUInt64(msg, f, index, x) : r->SetUInt64(msg, f, x);
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
      bool b = false;
      if (!absl::SimpleAtob(v, &b)) return bad("true or false");
      rep ? r->SetRepeatedBool(msg, f, index, b) : r->SetBool(msg, f, b);
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_STRING:
      rep ? r->SetRepeatedString(msg, f, index, raw) : r->SetString(msg, f, raw);
      return absl::OkStatus();
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumDescriptor* e = f->enum_type();
      const pb::EnumValueDescriptor* ev = e->FindValueByName(v);
      int number = 0;
      if (!ev && absl::SimpleAtoi(v, &number)) ev = e->FindValueByNumber(number);
      if (!ev) {
        std::vector<std::string> names;
        for (int i = 0; i < e->value_count(); ++i) names.push_back(e->value(i)->name());
        return absl::InvalidArgumentError(
            absl::StrCat("\"", raw, "\" is not one of ", absl::StrJoin(names, ", ")));
      }
      rep ? r->SetRepeatedEnum(msg, f, index, ev) : r->SetEnum(msg, f, ev);
      return absl::OkStatus();
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return absl::InvalidArgumentError("is a message, not a value");
}

std::string GetScalar(const pb::Message& msg, const pb::FieldDescriptor* f, int index) {
  const pb::Reflection* r = msg.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return CsvNumber(rep ? r->GetRepeatedDouble(msg, f, index) : r->GetDouble(msg, f));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return CsvNumber(
          static_cast<double>(rep ? r->GetRepeatedFloat(msg, f, index) : r->GetFloat(msg, f)));
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(msg, f, index) : r->GetInt32(msg, f));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(msg, f, index) : r->GetInt64(msg, f));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(msg, f, index) : r->GetUInt32(msg, f));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(msg, f, index) : r->GetUInt64(msg, f));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(msg, f, index) : r->GetBool(msg, f)) ? "true" : "false";
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(msg, f, index) : r->GetString(msg, f);
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(msg, f, index) : r->GetEnum(msg, f))->name();
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

// Resolves `path` on `s` to the message holding the last field, the field and the index
// (-1 unless repeated). Creates intermediate messages as needed.
struct Target {
  pb::Message* msg = nullptr;
  const pb::FieldDescriptor* field = nullptr;
  int index = -1;
};

absl::StatusOr<Target> Resolve(scenario::Scenario* s, const std::string& path) {
  if (path.empty()) return absl::InvalidArgumentError("empty override path");
  const std::string full = ExpandShorthand(*s, path);
  auto fail = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat("override path \"", path, "\": ", what));
  };
  absl::StatusOr<std::vector<Segment>> segs = SplitPath(full);
  if (!segs.ok()) return fail(std::string(segs.status().message()));
  if ((*segs)[0].name == "market") {
    absl::Status st = EnsureMarket(s);
    if (!st.ok()) return st;
  }
  pb::Message* msg = s;
  for (size_t i = 0; i < segs->size(); ++i) {
    const Segment& seg = (*segs)[i];
    const pb::Descriptor* d = msg->GetDescriptor();
    const pb::FieldDescriptor* f = d->FindFieldByName(seg.name);
    if (!f) {
      std::string hint = absl::StrCat(" (fields: ", FieldList(d), ")");
      if (i == 0) {
        hint = absl::StrCat(" (scenario fields: ", FieldList(d), "; or an instrument symbol: ",
                            absl::StrJoin(InstrumentSymbols(*s), ", "), ")");
      }
      return fail(absl::StrCat("unknown field \"", seg.name, "\" in ", d->name(), hint));
    }
    const bool last = i + 1 == segs->size();
    int index = -1;
    if (f->is_repeated()) {
      if (!seg.has_key) {
        return fail(absl::StrCat(seg.name, " is repeated: pick an element with ", seg.name,
                                 "[INDEX] or ", seg.name, "[NAME]"));
      }
      if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
        absl::StatusOr<int> k = FindElement(*msg, f, seg.key);
        if (!k.ok()) return fail(std::string(k.status().message()));
        index = *k;
      } else {
        if (!absl::SimpleAtoi(seg.key, &index) || index < 0 ||
            index >= msg->GetReflection()->FieldSize(*msg, f)) {
          return fail(absl::StrCat("no element ", seg.key, " in ", seg.name));
        }
      }
    } else if (seg.has_key) {
      return fail(absl::StrCat(seg.name, " is not repeated: no [", seg.key, "]"));
    }
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last) {
        return fail(absl::StrCat(seg.name, " is a message (", f->message_type()->name(),
                                 "); name one of its fields: ", FieldList(f->message_type())));
      }
      const pb::Reflection* r = msg->GetReflection();
      msg = index >= 0 ? r->MutableRepeatedMessage(msg, f, index) : r->MutableMessage(msg, f);
      continue;
    }
    if (!last) {
      return fail(absl::StrCat(seg.name, " is a value, not a message: nothing after it"));
    }
    return Target{msg, f, index};
  }
  return fail("incomplete path");
}

}  // namespace

absl::Status ApplyOverride(scenario::Scenario* scenario, const std::string& path,
                           const std::string& value) {
  scenario::Scenario copy = *scenario;  // leave the scenario untouched on error
  absl::StatusOr<Target> t = Resolve(&copy, path);
  if (!t.ok()) return t.status();
  absl::Status s = SetScalar(t->msg, t->field, t->index, value);
  if (!s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("override ", path, "=", value, ": ", s.message()));
  }
  *scenario = std::move(copy);
  return absl::OkStatus();
}

absl::StatusOr<std::string> GetOverride(const scenario::Scenario& scenario,
                                        const std::string& path) {
  scenario::Scenario copy = scenario;
  absl::StatusOr<Target> t = Resolve(&copy, path);
  if (!t.ok()) return t.status();
  return GetScalar(*t->msg, t->field, t->index);
}

// ---------------------------------------------------------------------------------
// The grid

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
  std::set<std::string> distinct(p.values.begin(), p.values.end());
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

namespace {
size_t ComboCount(const SweepSpec& spec) {
  size_t n = 1;
  for (const SweepParam& p : spec.params) n *= p.values.size();
  return n;
}

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
}  // namespace

size_t GridSize(const SweepSpec& spec) { return ComboCount(spec) * spec.seeds.size(); }

std::vector<SweepCell> ExpandGrid(const SweepSpec& spec) { return ShardCells(spec, 0, 1); }

std::vector<SweepCell> ShardCells(const SweepSpec& spec, size_t shard, size_t shards) {
  std::vector<SweepCell> out;
  if (shards == 0) return out;
  const size_t n = GridSize(spec);
  for (size_t i = shard; i < n; i += shards) out.push_back(CellAt(spec, i));
  return out;
}

absl::Status ParseShard(const std::string& text, size_t* shard, size_t* shards) {
  std::vector<std::string> parts = absl::StrSplit(text, '/');
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

// ---------------------------------------------------------------------------------
// Rows, CSV, merge

namespace {

CsvRow RowsHeader(const SweepSpec& spec) {
  CsvRow h = {"cell"};
  for (const SweepParam& p : spec.params) h.push_back(p.path);
  h.push_back("seed");
  h.push_back("symbol");
  for (const char* variant : {"policy", "baseline"}) {
    for (const Outcome& o : SummaryOutcomes()) h.push_back(absl::StrCat(variant, "_", o.key));
  }
  return h;
}

CsvRow RowFields(const SweepRow& r) {
  CsvRow f = {absl::StrCat(r.cell)};
  for (const std::string& v : r.values) f.push_back(v);
  f.push_back(absl::StrCat(r.seed));
  f.push_back(r.symbol);
  for (const RunSummary* s : {&r.policy, &r.baseline}) {
    for (const Outcome& o : SummaryOutcomes()) f.push_back(CsvNumber(s->*o.member));
  }
  return f;
}

bool SameSpec(const SweepSpec& a, const SweepSpec& b) {
  if (a.seeds != b.seeds || a.params.size() != b.params.size()) return false;
  for (size_t i = 0; i < a.params.size(); ++i) {
    if (a.params[i].path != b.params[i].path || a.params[i].values != b.params[i].values)
      return false;
  }
  return true;
}

std::string SpecText(const SweepSpec& s) {
  std::vector<std::string> parts;
  for (const SweepParam& p : s.params)
    parts.push_back(absl::StrCat(p.path, "=", absl::StrJoin(p.values, ",")));
  parts.push_back(absl::StrCat(s.seeds.size(), " seeds"));
  return absl::StrJoin(parts, " ");
}

// The combination index of a row's values, or -1 if a value is not in the spec.
int64_t ComboOf(const SweepSpec& spec, const std::vector<std::string>& values) {
  if (values.size() != spec.params.size()) return -1;
  int64_t combo = 0;
  for (size_t k = 0; k < spec.params.size(); ++k) {
    const auto& vs = spec.params[k].values;
    auto it = std::find(vs.begin(), vs.end(), values[k]);
    if (it == vs.end()) return -1;
    combo = combo * static_cast<int64_t>(vs.size()) + (it - vs.begin());
  }
  return combo;
}

}  // namespace

std::string SweepRowsCsv(const SweepRows& rows, bool with_meta) {
  std::string out;
  if (with_meta) {
    auto meta = [&](CsvRow r) {
      out += '#';
      AppendCsvRow(&out, r);
    };
    meta({"ftz-sweep", "1"});
    meta({"scenario", rows.scenario});
    meta({"shard", absl::StrCat(rows.shard), absl::StrCat(rows.shards)});
    for (const SweepParam& p : rows.spec.params) {
      CsvRow r = {"param", p.path};
      r.insert(r.end(), p.values.begin(), p.values.end());
      meta(r);
    }
    CsvRow seeds = {"seeds"};
    for (uint64_t s : rows.spec.seeds) seeds.push_back(absl::StrCat(s));
    meta(seeds);
    for (const auto& [sym, info] : rows.infos) {
      meta({"instrument", sym, info.product, info.unit, info.currency});
    }
  }
  AppendCsvRow(&out, RowsHeader(rows.spec));
  for (const SweepRow& r : rows.rows) AppendCsvRow(&out, RowFields(r));
  return out;
}

absl::StatusOr<SweepRows> ParseSweepRowsCsv(const std::string& text, const std::string& origin) {
  SweepRows rows;
  auto fail = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", what));
  };
  // Comment block.
  size_t pos = 0;
  bool have_meta = false, have_seeds = false;
  while (pos < text.size() && text[pos] == '#') {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    absl::StatusOr<std::vector<CsvRow>> line =
        ParseCsv(std::string_view(text).substr(pos + 1, end - pos - 1));
    pos = end + 1;
    if (!line.ok()) return fail(std::string(line.status().message()));
    if (line->empty() || (*line)[0].empty()) continue;
    const CsvRow& m = (*line)[0];
    const std::string& key = m[0];
    if (key == "ftz-sweep") {
      have_meta = true;
    } else if (key == "scenario" && m.size() >= 2) {
      rows.scenario = m[1];
    } else if (key == "shard" && m.size() >= 3) {
      uint64_t i = 0, n = 0;
      if (!absl::SimpleAtoi(m[1], &i) || !absl::SimpleAtoi(m[2], &n) || n == 0 || i >= n) {
        return fail("bad #shard line");
      }
      rows.shard = i;
      rows.shards = n;
    } else if (key == "param" && m.size() >= 3) {
      rows.spec.params.push_back({m[1], CsvRow(m.begin() + 2, m.end())});
    } else if (key == "seeds") {
      have_seeds = true;
      for (size_t i = 1; i < m.size(); ++i) {
        uint64_t s = 0;
        if (!absl::SimpleAtoi(m[i], &s)) return fail(absl::StrCat("bad seed \"", m[i], "\""));
        rows.spec.seeds.push_back(s);
      }
    } else if (key == "instrument" && m.size() >= 5) {
      rows.infos[m[1]] = InstrumentInfo{m[1], m[2], m[3], m[4]};
    }
  }
  absl::StatusOr<std::vector<CsvRow>> table =
      ParseCsv(std::string_view(text).substr(std::min(pos, text.size())));
  if (!table.ok()) return fail(std::string(table.status().message()));
  if (table->empty()) return fail("no header row");
  const CsvRow& header = (*table)[0];
  // Header: cell, params..., seed, symbol, outcomes.
  auto seed_at = std::find(header.begin(), header.end(), "seed");
  if (header.empty() || header[0] != "cell" || seed_at == header.end() ||
      seed_at + 1 == header.end() || *(seed_at + 1) != "symbol") {
    return fail("not a sweep file (expected columns cell, <params>, seed, symbol, ...)");
  }
  const size_t nparams = static_cast<size_t>(seed_at - header.begin()) - 1;
  if (have_meta) {
    if (rows.spec.params.size() != nparams) return fail("#param lines do not match the header");
    for (size_t k = 0; k < nparams; ++k) {
      if (rows.spec.params[k].path != header[1 + k])
        return fail("#param lines do not match the header");
    }
  } else {
    for (size_t k = 0; k < nparams; ++k) rows.spec.params.push_back({header[1 + k], {}});
  }
  const CsvRow expected = RowsHeader(rows.spec);
  if (header != expected) {
    return fail(absl::StrCat("unexpected columns; expected: ", absl::StrJoin(expected, ",")));
  }
  std::set<uint64_t> seen_seeds;
  for (size_t r = 1; r < table->size(); ++r) {
    const CsvRow& f = (*table)[r];
    auto rfail = [&](const std::string& what) {
      return fail(absl::StrCat("row ", r + 1, ": ", what));
    };
    if (f.size() != header.size()) return rfail("wrong number of fields");
    SweepRow row;
    uint64_t cell = 0;
    if (!absl::SimpleAtoi(f[0], &cell)) return rfail("bad cell");
    row.cell = cell;
    row.values.assign(f.begin() + 1, f.begin() + 1 + static_cast<ptrdiff_t>(nparams));
    if (!absl::SimpleAtoi(f[1 + nparams], &row.seed)) return rfail("bad seed");
    row.symbol = f[2 + nparams];
    row.policy.symbol = row.baseline.symbol = row.symbol;
    size_t col = 3 + nparams;
    for (RunSummary* s : {&row.policy, &row.baseline}) {
      for (const Outcome& o : SummaryOutcomes()) {
        absl::StatusOr<double> v = ParseCsvDouble(f[col]);
        if (!v.ok()) return rfail(absl::StrCat(header[col], ": ", v.status().message()));
        s->*o.member = *v;
        ++col;
      }
    }
    if (!have_meta) {
      for (size_t k = 0; k < nparams; ++k) {
        auto& vs = rows.spec.params[k].values;
        if (std::find(vs.begin(), vs.end(), row.values[k]) == vs.end()) vs.push_back(row.values[k]);
      }
      if (seen_seeds.insert(row.seed).second) rows.spec.seeds.push_back(row.seed);
    } else {
      if (ComboOf(rows.spec, row.values) < 0)
        return rfail("parameter values not in the #param lines");
      if (std::find(rows.spec.seeds.begin(), rows.spec.seeds.end(), row.seed) ==
          rows.spec.seeds.end()) {
        return rfail("seed not in the #seeds line");
      }
    }
    rows.rows.push_back(std::move(row));
  }
  if (have_meta && !have_seeds) return fail("no #seeds line");
  if (!have_meta) {
    // Without the comment block the grid is what the rows show, in the order the cells
    // appear: check that it reproduces the cell indices.
    for (const SweepRow& row : rows.rows) {
      const int64_t combo = ComboOf(rows.spec, row.values);
      const size_t s = std::find(rows.spec.seeds.begin(), rows.spec.seeds.end(), row.seed) -
                       rows.spec.seeds.begin();
      if (combo < 0 || static_cast<size_t>(combo) * rows.spec.seeds.size() + s != row.cell) {
        return fail("cell numbers do not match a grid (a partial file without its # header?)");
      }
    }
  }
  return rows;
}

absl::StatusOr<SweepRows> MergeShards(const std::vector<SweepRows>& shards) {
  if (shards.empty()) return absl::InvalidArgumentError("no shard files to merge");
  SweepRows out;
  out.spec = shards[0].spec;
  out.scenario = shards[0].scenario;
  std::map<size_t, std::vector<const SweepRow*>> by_cell;
  for (size_t i = 0; i < shards.size(); ++i) {
    const SweepRows& s = shards[i];
    if (!SameSpec(s.spec, out.spec)) {
      return absl::InvalidArgumentError(absl::StrCat("shard ", i + 1, " is from a different grid (",
                                                     SpecText(s.spec), " vs ", SpecText(out.spec),
                                                     ")"));
    }
    for (const auto& [sym, info] : s.infos) out.infos.emplace(sym, info);
    std::map<size_t, std::vector<const SweepRow*>> mine;
    for (const SweepRow& r : s.rows) mine[r.cell].push_back(&r);
    for (auto& [cell, rows] : mine) {
      auto it = by_cell.find(cell);
      if (it == by_cell.end()) {
        by_cell.emplace(cell, rows);
        continue;
      }
      // The same cell twice (overlapping shards, or a shard given twice): must agree.
      bool same = it->second.size() == rows.size();
      for (size_t k = 0; same && k < rows.size(); ++k)
        same = RowFields(*rows[k]) == RowFields(*it->second[k]);
      if (!same) {
        return absl::InvalidArgumentError(absl::StrCat(
            "cell ", cell, " appears twice with different results (shard ", i + 1, ")"));
      }
    }
  }
  for (const auto& [cell, rows] : by_cell) {
    for (const SweepRow* r : rows) out.rows.push_back(*r);
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Aggregation

SweepAggregate Aggregate(const SweepRows& rows) {
  SweepAggregate agg;
  agg.spec = rows.spec;
  agg.scenario = rows.scenario;
  agg.infos = rows.infos;
  agg.cells_expected = GridSize(rows.spec);
  std::set<size_t> cells;
  bool has_all = false;
  for (const SweepRow& r : rows.rows) {
    cells.insert(r.cell);
    if (r.symbol == "ALL") {
      has_all = true;
    } else if (std::find(agg.symbols.begin(), agg.symbols.end(), r.symbol) == agg.symbols.end()) {
      agg.symbols.push_back(r.symbol);
    }
  }
  if (has_all) agg.symbols.push_back("ALL");
  agg.cells_present = cells.size();

  const size_t nout = SummaryOutcomes().size();
  struct Acc {
    std::vector<std::vector<double>> policy, baseline;
  };
  std::map<std::pair<int64_t, size_t>, Acc> acc;  // (combo, symbol index)
  std::map<int64_t, std::vector<std::string>> combo_values;
  for (const SweepRow& r : rows.rows) {
    const int64_t combo = ComboOf(rows.spec, r.values);
    const size_t si =
        std::find(agg.symbols.begin(), agg.symbols.end(), r.symbol) - agg.symbols.begin();
    combo_values.emplace(combo, r.values);
    Acc& a = acc[{combo, si}];
    a.policy.resize(nout);
    a.baseline.resize(nout);
    for (size_t k = 0; k < nout; ++k) {
      a.policy[k].push_back(r.policy.*SummaryOutcomes()[k].member);
      a.baseline[k].push_back(r.baseline.*SummaryOutcomes()[k].member);
    }
  }
  for (const auto& [key, a] : acc) {
    SweepGroup g;
    g.values = combo_values[key.first];
    g.symbol = agg.symbols[key.second];
    for (size_t k = 0; k < nout; ++k) {
      g.policy.push_back(MeanAndCi95(a.policy[k]));
      g.baseline.push_back(MeanAndCi95(a.baseline[k]));
    }
    agg.groups.push_back(std::move(g));
  }
  return agg;
}

std::string SweepSummaryCsv(const SweepAggregate& agg) {
  std::string out;
  CsvRow h;
  for (const SweepParam& p : agg.spec.params) h.push_back(p.path);
  for (const char* c : {"symbol", "variant", "outcome", "n", "mean", "sd", "ci_lo", "ci_hi"})
    h.push_back(c);
  AppendCsvRow(&out, h);
  for (const SweepGroup& g : agg.groups) {
    for (const char* variant : {"policy", "baseline"}) {
      const bool pol = variant[0] == 'p';
      for (size_t k = 0; k < SummaryOutcomes().size(); ++k) {
        const Outcome& o = SummaryOutcomes()[k];
        if (!pol && o.policy_only) continue;
        const MeanCi& m = pol ? g.policy[k] : g.baseline[k];
        CsvRow r = g.values;
        r.push_back(g.symbol);
        r.push_back(variant);
        r.push_back(o.key);
        r.push_back(absl::StrCat(m.n));
        r.push_back(CsvNumber(m.mean));
        r.push_back(CsvNumber(m.sd));
        r.push_back(CsvNumber(m.lo()));
        r.push_back(CsvNumber(m.hi()));
        AppendCsvRow(&out, r);
      }
    }
  }
  return out;
}

std::string FormatMeanCi(OutcomeKind kind, const MeanCi& m) {
  if (m.n == 0 || !std::isfinite(m.mean)) return "n/a";
  const bool ci = std::isfinite(m.half);
  if (kind == OutcomeKind::kShare) {
    return ci ? absl::StrFormat("%.1f%% \u00b1 %.1f%%", m.mean * 100, m.half * 100)
              : FormatPercent(m.mean);
  }
  const double a = std::max(std::fabs(m.mean), ci ? m.half : 0.0);
  if (a >= 1e6) {
    const double scale = a >= 1e12 ? 1e12 : a >= 1e9 ? 1e9 : 1e6;
    const char* suffix = a >= 1e12 ? "T" : a >= 1e9 ? "B" : "M";
    const int d = a / scale >= 100 ? 1 : 2;
    std::string s = absl::StrFormat("%.*f%s", d, m.mean / scale, suffix);
    if (ci) absl::StrAppend(&s, " \u00b1 ", absl::StrFormat("%.*f%s", d, m.half / scale, suffix));
    return s;
  }
  const int d = a < 1e3 ? 2 : a < 1e5 ? 1 : 0;
  std::string s = FormatGrouped(m.mean, d);
  if (ci) absl::StrAppend(&s, " \u00b1 ", FormatGrouped(m.half, d));
  return s;
}

std::string FormatSweepTable(const SweepAggregate& agg) {
  static const char* kKeys[] = {"vwap",       "volume",         "unsold", "stockpile_spend",
                                "efficiency", "deadweight_loss"};
  std::string out =
      absl::StrCat("Sweep of ", agg.scenario.empty() ? "(unnamed scenario)" : agg.scenario, ": ",
                   agg.cells_present, " of ", agg.cells_expected, " cells; policy means over ",
                   agg.spec.seeds.size(), " seeds \u00b1 95% CI half-width\n");
  // Parameters with one value are fixed overrides: said once, not repeated in columns.
  std::vector<size_t> varying;
  std::vector<std::string> fixed;
  for (size_t k = 0; k < agg.spec.params.size(); ++k) {
    const SweepParam& p = agg.spec.params[k];
    if (p.values.size() > 1) {
      varying.push_back(k);
    } else {
      fixed.push_back(absl::StrCat(p.path, "=", p.values.empty() ? "" : p.values[0]));
    }
  }
  if (!fixed.empty()) absl::StrAppend(&out, "Fixed: ", absl::StrJoin(fixed, ", "), "\n");
  for (const std::string& sym : agg.symbols) {
    const bool all = sym == "ALL";
    auto it = agg.infos.find(sym);
    const InstrumentInfo* info = it == agg.infos.end() || all ? nullptr : &it->second;
    std::vector<std::string> headers;
    std::vector<TextTable::Align> align;
    for (size_t k : varying) {
      headers.push_back(agg.spec.params[k].path);
      align.push_back(TextTable::kRight);
    }
    headers.push_back("n");
    align.push_back(TextTable::kRight);
    std::vector<size_t> cols;
    for (const char* key : kKeys) {
      const Outcome* o = FindOutcome(key);
      const size_t k = static_cast<size_t>(o - SummaryOutcomes().data());
      if (all && o->per_instrument_only) continue;
      cols.push_back(k);
      std::string label = o->label;
      if (std::string(key) == "unsold") label = "Unsold";
      if (std::string(key) == "efficiency") label = "Efficiency";
      if (std::string(key) == "deadweight_loss") label = "DWL";
      headers.push_back(absl::StrCat(label, " (", OutcomeUnit(o->kind, info), ")"));
      align.push_back(TextTable::kRight);
    }
    TextTable table(headers, align);
    for (const SweepGroup& g : agg.groups) {
      if (g.symbol != sym) continue;
      std::vector<std::string> row;
      for (size_t k : varying) row.push_back(g.values[k]);
      row.push_back(absl::StrCat(g.policy.empty() ? 0 : g.policy[0].n));
      for (size_t k : cols) {
        const Outcome& o = SummaryOutcomes()[k];
        const MeanCi& m = g.policy[k];
        row.push_back(FormatMeanCi(o.kind, m));
      }
      table.AddRow(std::move(row));
    }
    std::string title = all ? "ALL instruments" : sym;
    if (info && !info->product.empty()) absl::StrAppend(&title, "  \u2014 ", info->product);
    absl::StrAppend(&out, "\n", title, "\n", table.Render(2));
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Running

absl::StatusOr<SweepRows> RunSweep(const scenario::Scenario& base, const SweepSpec& spec,
                                   const PairedRunFn& run, const SweepOptions& options) {
  if (spec.seeds.empty()) return absl::InvalidArgumentError("no seeds (--seeds N)");
  if (options.shards == 0 || options.shard >= options.shards) {
    return absl::InvalidArgumentError("bad shard");
  }
  // Build and check every combination's scenario first.
  const size_t ncombos = ComboCount(spec);
  std::vector<scenario::Scenario> scenarios;
  scenarios.reserve(ncombos);
  for (size_t c = 0; c < ncombos; ++c) {
    const SweepCell cell = CellAt(spec, c * spec.seeds.size());
    scenario::Scenario s = base;
    for (size_t k = 0; k < spec.params.size(); ++k) {
      absl::Status st = ApplyOverride(&s, spec.params[k].path, cell.values[k]);
      if (!st.ok()) return st;
    }
    scenarios.push_back(std::move(s));
  }

  SweepRows out;
  out.spec = spec;
  out.scenario = base.name();
  scenario::Scenario with_market = base;
  if (with_market.market().instruments_size() == 0) (void)EnsureMarket(&with_market);
  out.infos = InstrumentInfosFromMarket(with_market.market());
  out.shard = options.shard;
  out.shards = options.shards;

  const std::vector<SweepCell> cells = ShardCells(spec, options.shard, options.shards);
  std::vector<std::vector<SweepRow>> results(cells.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  absl::Status error;
  size_t error_cell = 0;
  const std::string label = options.shards > 1
                                ? absl::StrCat("sweep shard ", options.shard, "/", options.shards)
                                : "sweep";
  ProgressBar bar(label, cells.size(), "cells", options.progress);

  // Fractions of the cells in flight, one slot per worker, for a smoothly moving bar.
  std::mutex partial_mu;
  std::vector<double> partial;
  auto set_partial = [&](size_t w, double f) {
    std::lock_guard<std::mutex> lock(partial_mu);
    partial[w] = f;
    double sum = 0;
    for (double x : partial) sum += x;
    bar.SetPartial(sum);
  };
  auto worker = [&](size_t w) {
    for (;;) {
      const size_t i = next.fetch_add(1);
      if (i >= cells.size() || failed.load()) return;
      const SweepCell& cell = cells[i];
      absl::StatusOr<PairedResult> r =
          run(scenarios[cell.combo], cell.seed, [&, w](uint32_t done, uint32_t total) {
            if (total > 0) set_partial(w, std::min(1.0, static_cast<double>(done) / total));
          });
      set_partial(w, 0);
      if (!r.ok()) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!failed.exchange(true) || cell.index < error_cell) {
          error = r.status();
          error_cell = cell.index;
        }
        return;
      }
      std::vector<SweepRow>& rows = results[i];
      for (const RunSummary& p : r->policy.summary) {
        SweepRow row;
        row.cell = cell.index;
        row.values = cell.values;
        row.seed = cell.seed;
        row.symbol = p.symbol;
        row.policy = p;
        row.baseline.symbol = p.symbol;
        for (const RunSummary& b : r->baseline.summary) {
          if (b.symbol == p.symbol) row.baseline = b;
        }
        rows.push_back(std::move(row));
      }
      bar.Add(1);
    }
  };
  const size_t jobs = std::max<size_t>(
      1, std::min<size_t>(cells.size(), options.jobs > 0
                                            ? static_cast<size_t>(options.jobs)
                                            : std::max(1u, std::thread::hardware_concurrency())));
  partial.assign(jobs, 0);
  std::vector<std::thread> threads;
  for (size_t t = 1; t < jobs; ++t) threads.emplace_back(worker, t);
  worker(0);
  for (std::thread& t : threads) t.join();
  bar.Finish();
  if (failed.load()) {
    const SweepCell c = CellAt(spec, error_cell);
    std::vector<std::string> desc;
    for (size_t k = 0; k < spec.params.size(); ++k)
      desc.push_back(absl::StrCat(spec.params[k].path, "=", c.values[k]));
    desc.push_back(absl::StrCat("seed ", c.seed));
    return absl::Status(
        error.code(),
        absl::StrCat("cell ", error_cell, " (", absl::StrJoin(desc, ", "), "): ", error.message()));
  }
  for (auto& rs : results) {
    for (SweepRow& r : rs) out.rows.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> WriteSweepOutputs(const SweepRows& rows,
                                                           const std::string& dir,
                                                           const std::string& command) {
  const SweepAggregate agg = Aggregate(rows);
  auto path = [&](const char* name) {
    return dir.empty() ? std::string(name) : absl::StrCat(dir, "/", name);
  };
  std::vector<std::string> written;
  const std::pair<const char*, std::string> files[] = {
      {"sweep.csv", SweepRowsCsv(rows, false)},
      {"sweep_summary.csv", SweepSummaryCsv(agg)},
      {"sweep.html",
       RenderSweepReportHtml(agg, SweepReportOptions{.title = "", .command = command})},
  };
  for (const auto& [name, text] : files) {
    absl::Status s = WriteTextFile(path(name), text);
    if (!s.ok()) return s;
    written.push_back(path(name));
  }
  return written;
}

}  // namespace ftz::sim
