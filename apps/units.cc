#include "apps/units.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ftz::cli {

namespace {

std::string UnitOf(const wire::InstrumentInfo& info) {
  return info.unit().empty() ? "unit" : info.unit();
}
std::string CurrencyOf(const wire::InstrumentInfo& info) {
  return info.currency().empty() ? "USD" : info.currency();
}

// `value` / `step` as a whole number, or an error that says what the step is.
absl::StatusOr<int64_t> Whole(double value, double step, const std::string& what) {
  const double n = value / step;
  const double rounded = std::round(n);
  if (!std::isfinite(n) || std::fabs(n - rounded) > 1e-6 * std::max(1.0, std::fabs(n))) {
    return absl::InvalidArgumentError(what);
  }
  return static_cast<int64_t>(rounded);
}

// Decimals enough to show one step ("0.01" -> 2).
int Decimals(double step) {
  int d = 0;
  while (d < 8 && std::fabs(step * std::pow(10, d) - std::round(step * std::pow(10, d))) > 1e-9) {
    ++d;
  }
  return d;
}

}  // namespace

absl::StatusOr<int64_t> PriceToTicks(const wire::InstrumentInfo& info, const std::string& text) {
  double price = 0;
  if (!absl::SimpleAtod(text, &price) || price <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--price \"", text, "\" is not a price: give ", CurrencyOf(info), " per ",
                     UnitOf(info), " (e.g. --price 115.00) or ticks with --price_ticks"));
  }
  return Whole(price, info.tick_size(),
               absl::StrFormat("--price %s is not a whole number of ticks: %s's tick is %s %s/%s",
                               text, info.symbol(), absl::StrCat(info.tick_size()),
                               CurrencyOf(info), UnitOf(info)));
}

absl::StatusOr<int64_t> UnitsToLots(const wire::InstrumentInfo& info, const std::string& text) {
  double units = 0;
  if (!absl::SimpleAtod(text, &units) || units <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--units \"", text, "\" is not a quantity in ", UnitOf(info)));
  }
  return Whole(units, info.lot_size(),
               absl::StrFormat("--units %s is not a whole number of lots: %s's lot is %s %s", text,
                               info.symbol(), absl::StrCat(info.lot_size()), UnitOf(info)));
}

std::string FormatPrice(const wire::InstrumentInfo* info, int64_t ticks) {
  if (!info || info->tick_size() <= 0) return absl::StrCat(ticks, " ticks");
  return absl::StrFormat("%.*f %s/%s (%d ticks)", Decimals(info->tick_size()),
                         static_cast<double>(ticks) * info->tick_size(), CurrencyOf(*info),
                         UnitOf(*info), ticks);
}

std::string FormatQty(const wire::InstrumentInfo* info, int64_t lots) {
  const std::string l = absl::StrCat(lots, lots == 1 ? " lot" : " lots");
  if (!info || info->lot_size() <= 0) return l;
  return absl::StrFormat("%s (%s %s)", l,
                         absl::StrCat(static_cast<double>(lots) * info->lot_size()), UnitOf(*info));
}

}  // namespace ftz::cli
