#include "sim/sweep/param_unit.h"

#include <optional>

#include "absl/strings/match.h"
#include "sim/sweep/override_path.h"

namespace ftz::sim {
namespace {

std::optional<OutcomeKind> KindOfField(const google::protobuf::FieldDescriptor& f) {
  const std::string& n = f.name();
  const std::string& holder = f.containing_type()->name();
  if (n == "price" || absl::EndsWith(n, "_price") || n == "floor" || absl::EndsWith(n, "_strike") ||
      n == "tick_size" || absl::EndsWith(n, "_cost") || (holder == "Schedule")) {
    return OutcomeKind::kPrice;
  }
  if (n == "budget" || absl::EndsWith(n, "_budget")) return OutcomeKind::kMoney;
  if (n == "capacity" || n == "demand" || n == "size" || n == "lot_size" || n == "period_cap") {
    return OutcomeKind::kQuantity;
  }
  return std::nullopt;
}

}  // namespace

std::string ParamUnit(const scenario::Scenario& base, const std::string& path,
                      const InstrumentInfos& infos) {
  absl::StatusOr<OverrideField> field = DescribeOverride(base, path);
  if (!field.ok() || field->field == nullptr || field->instrument.empty()) return "";
  const auto info = infos.find(field->instrument);
  const std::optional<OutcomeKind> kind = KindOfField(*field->field);
  if (info == infos.end() || !kind) return "";
  return OutcomeUnit(*kind, &info->second);
}

}  // namespace ftz::sim
