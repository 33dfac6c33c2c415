// Prices and quantities in the units people think in, for the client subcommands: a
// price in currency per unit ("115.00", USD/kg for NdPr oxide) or in ticks, a quantity
// in lots or in physical units (kg, t), converted with the instrument's tick and lot
// size from the logon, and printed both ways.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "proto/ftz_wire.pb.h"

namespace ftz::cli {

// "115.00" (currency per unit) to ticks; refused, with the tick size, when it is not a
// whole number of ticks.
absl::StatusOr<int64_t> PriceToTicks(const wire::InstrumentInfo& info, const std::string& text);
// Physical units ("2000", in kg for NdPr oxide) to lots; refused, with the lot size, when
// not a whole number of lots.
absl::StatusOr<int64_t> UnitsToLots(const wire::InstrumentInfo& info, const std::string& text);

// "115.00 USD/kg (11500 ticks)"; ticks alone without the instrument's info.
std::string FormatPrice(const wire::InstrumentInfo* info, int64_t ticks);
// "2 lots (2,000 kg)"; lots alone without the instrument's info.
std::string FormatQty(const wire::InstrumentInfo* info, int64_t lots);

}  // namespace ftz::cli
