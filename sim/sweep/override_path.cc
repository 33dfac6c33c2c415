#include "sim/sweep/override_path.h"

#include <cmath>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "market_config/market_config.h"

namespace ftz::sim {

namespace pb = google::protobuf;

namespace {

// One step of a path: a field name and, for a repeated field, the key inside [...].
struct Segment {
  std::string name;
  bool has_key = false;
  std::string key;
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
    } else if (c == '.') {
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

// The default market, parsed once.
const config::Market* DefaultMarket() {
  static const config::Market* market = [] {
    absl::StatusOr<config::Market> m = ParseMarketConfig(DefaultMarketText(), "<default market>");
    return m.ok() ? new config::Market(*std::move(m)) : nullptr;
  }();
  return market;
}

std::vector<std::string> InstrumentSymbols(const scenario::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& i : EffectiveMarket(s).instruments()) out.push_back(i.symbol());
  return out;
}

// Rewrites the instrument shorthand (the longest symbol that is a leading segment) to a
// full path.
std::string ExpandShorthand(const scenario::Scenario& s, const std::string& path) {
  std::string best;
  for (const std::string& sym : InstrumentSymbols(s)) {
    const bool leads = path == sym || (path.size() > sym.size() && path.starts_with(sym) &&
                                       path[sym.size()] == '.');
    if (!sym.empty() && leads && sym.size() > best.size()) best = sym;
  }
  if (best.empty()) return path;
  return absl::StrCat("market.instruments[", best, "]", path.substr(best.size()));
}

// Copies the default market into a scenario whose market has no instruments, keeping
// anything already set on it.
void EnsureMarket(scenario::Scenario* s) {
  if (s->market().instruments_size() > 0 || DefaultMarket() == nullptr) return;
  config::Market merged = *DefaultMarket();
  merged.MergeFrom(s->market());
  *s->mutable_market() = std::move(merged);
}

// The string field `name` of `m`, if it has a singular one.
const pb::FieldDescriptor* StringField(const pb::Message& m, const char* name) {
  const pb::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  if (!f || f->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING || f->is_repeated())
    return nullptr;
  return f;
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
    for (const char* key_field : {"name", "symbol"}) {
      const pb::FieldDescriptor* nf = StringField(e, key_field);
      if (!nf) continue;
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

// The instrument an element of a repeated message is about: an Instrument's `symbol`,
// an agent group's `instrument`; "" for neither.
std::string InstrumentOf(const pb::Message& element) {
  for (const char* name : {"symbol", "instrument"}) {
    if (const pb::FieldDescriptor* f = StringField(element, name))
      return element.GetReflection()->GetString(element, f);
  }
  return "";
}

// Where a path leads: the message holding the last field, the field, the element index
// (-1 unless repeated) and the instrument it is under.
struct Target {
  pb::Message* msg = nullptr;
  const pb::FieldDescriptor* field = nullptr;
  int index = -1;
  std::string instrument;
};

// Resolves `path` on `s`, creating intermediate messages (and the default market for an
// instrument path) as needed.
absl::StatusOr<Target> Resolve(scenario::Scenario* s, const std::string& path) {
  auto fail = [&](const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat("override path \"", path, "\": ", what));
  };
  if (path.empty()) return fail("empty path");
  const std::string full = ExpandShorthand(*s, path);
  absl::StatusOr<std::vector<Segment>> segs = SplitPath(full);
  if (!segs.ok()) return fail(std::string(segs.status().message()));
  if ((*segs)[0].name == "market") EnsureMarket(s);
  Target t;
  t.msg = s;
  for (size_t i = 0; i < segs->size(); ++i) {
    const Segment& seg = (*segs)[i];
    const pb::Descriptor* d = t.msg->GetDescriptor();
    const pb::FieldDescriptor* f = d->FindFieldByName(seg.name);
    if (!f) {
      std::string hint = absl::StrCat(" (fields: ", FieldList(d), ")");
      if (i == 0) {
        hint = absl::StrCat(" (scenario fields: ", FieldList(d), "; or an instrument symbol: ",
                            absl::StrJoin(InstrumentSymbols(*s), ", "), ")");
      }
      return fail(absl::StrCat("unknown field \"", seg.name, "\" in ", d->name(), hint));
    }
    const pb::Reflection* r = t.msg->GetReflection();
    const bool is_message = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    const bool last = i + 1 == segs->size();
    t.index = -1;
    if (f->is_repeated()) {
      if (!seg.has_key) {
        return fail(absl::StrCat(seg.name, " is repeated: pick an element with ", seg.name,
                                 "[INDEX] or ", seg.name, "[NAME]"));
      }
      if (is_message) {
        absl::StatusOr<int> k = FindElement(*t.msg, f, seg.key);
        if (!k.ok()) return fail(std::string(k.status().message()));
        t.index = *k;
      } else if (!absl::SimpleAtoi(seg.key, &t.index) || t.index < 0 ||
                 t.index >= r->FieldSize(*t.msg, f)) {
        return fail(absl::StrCat("no element ", seg.key, " in ", seg.name, " (it has ",
                                 r->FieldSize(*t.msg, f), ")"));
      }
    } else if (seg.has_key) {
      return fail(absl::StrCat(seg.name, " is not repeated: no [", seg.key, "]"));
    }
    if (!is_message) {
      if (!last)
        return fail(absl::StrCat(seg.name, " is a value, not a message: nothing after it"));
      t.field = f;
      return t;
    }
    if (last) {
      return fail(absl::StrCat(seg.name, " is a message (", f->message_type()->name(),
                               "); name one of its fields: ", FieldList(f->message_type())));
    }
    if (t.index >= 0) {
      t.msg = r->MutableRepeatedMessage(t.msg, f, t.index);
      if (std::string sym = InstrumentOf(*t.msg); !sym.empty()) t.instrument = std::move(sym);
    } else {
      t.msg = r->MutableMessage(t.msg, f);
    }
  }
  return fail("incomplete path");
}

// Collects TextFormat's parse errors.
class ErrorText : public pb::io::ErrorCollector {
 public:
  void AddError(int, pb::io::ColumnNumber, const std::string& message) override {
    if (!text.empty()) text += "; ";
    text += message;
  }
  std::string text;
};

std::string EnumNames(const pb::EnumDescriptor* e) {
  std::vector<std::string> names;
  for (int i = 0; i < e->value_count(); ++i) names.push_back(e->value(i)->name());
  return absl::StrJoin(names, ", ");
}

// Sets the target field to `value`: TextFormat parses it as the field's type (a string
// field takes the value as is), then checks what TextFormat lets through but a scenario
// must not have: numbers that are not finite, enum numbers without a name.
absl::Status SetValue(const Target& t, const std::string& value) {
  const pb::FieldDescriptor* f = t.field;
  const pb::Reflection* r = t.msg->GetReflection();
  const bool is_string = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING;
  const std::string text = is_string ? absl::StrCat("\"", absl::CEscape(value), "\"") : value;
  const std::string type = f->enum_type() ? absl::StrCat("one of ", EnumNames(f->enum_type()))
                                          : absl::StrCat("a ", f->type_name());
  ErrorText errors;
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  // A repeated field's value is appended; it is then moved to its index.
  if (!parser.ParseFieldValueFromString(text, f, t.msg)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", value, "\" is not ", type,
                     errors.text.empty() ? "" : absl::StrCat(" (", errors.text, ")")));
  }
  const int at = t.index >= 0 ? r->FieldSize(*t.msg, f) - 1 : -1;
  if (t.index >= 0) {
    r->SwapElements(t.msg, f, t.index, at);
    r->RemoveLast(t.msg, f);
  }
  const int i = t.index;
  double number = 0;
  if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_DOUBLE) {
    number = i >= 0 ? r->GetRepeatedDouble(*t.msg, f, i) : r->GetDouble(*t.msg, f);
  } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_FLOAT) {
    number = i >= 0 ? r->GetRepeatedFloat(*t.msg, f, i) : r->GetFloat(*t.msg, f);
  }
  if (!std::isfinite(number))
    return absl::InvalidArgumentError(absl::StrCat("\"", value, "\" is not a finite number"));
  if (f->enum_type()) {
    const int n = i >= 0 ? r->GetRepeatedEnumValue(*t.msg, f, i) : r->GetEnumValue(*t.msg, f);
    if (!f->enum_type()->FindValueByNumber(n))
      return absl::InvalidArgumentError(absl::StrCat("\"", value, "\" is not ", type));
  }
  return absl::OkStatus();
}

}  // namespace

const config::Market& EffectiveMarket(const scenario::Scenario& s) {
  if (s.market().instruments_size() > 0 || DefaultMarket() == nullptr) return s.market();
  return *DefaultMarket();
}

absl::Status ApplyOverride(scenario::Scenario* scenario, const std::string& path,
                           const std::string& value) {
  scenario::Scenario copy = *scenario;  // leave the scenario untouched on error
  absl::StatusOr<Target> t = Resolve(&copy, path);
  if (!t.ok()) return t.status();
  if (absl::Status s = SetValue(*t, value); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("override ", path, "=", value, ": ", s.message(),
                                                   "; field ", t->field->full_name()));
  }
  *scenario = std::move(copy);
  return absl::OkStatus();
}

absl::StatusOr<std::string> GetOverride(const scenario::Scenario& scenario,
                                        const std::string& path) {
  scenario::Scenario copy = scenario;
  absl::StatusOr<Target> t = Resolve(&copy, path);
  if (!t.ok()) return t.status();
  std::string out;
  pb::TextFormat::PrintFieldValueToString(*t->msg, t->field, t->index, &out);
  return out;
}

absl::StatusOr<OverrideField> DescribeOverride(const scenario::Scenario& scenario,
                                               const std::string& path) {
  scenario::Scenario copy = scenario;
  absl::StatusOr<Target> t = Resolve(&copy, path);
  if (!t.ok()) return t.status();
  return OverrideField{t->field, t->instrument};
}

}  // namespace ftz::sim
