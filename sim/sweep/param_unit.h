// The unit of a swept parameter, for axis labels and table headers: "USD/kg" for
// NDPR-OX.floor.hard.price, "USD" for a stockpile budget, "kg" for a seller group's
// capacity on an instrument traded in kg.
#pragma once

#include <string>

#include "proto/scenario.pb.h"
#include "sim/report/summary_table.h"

namespace ftz::sim {

// The unit of the field at override path `path` (sim/sweep/override_path.h) on `base`,
// from the instrument the field is under (its InstrumentInfo in `infos`) and the field's
// name, which follows the config's naming: a price is `price`, `*_price`, `floor`,
// `*_strike`, `tick_size` or `*_cost`, or a Schedule's `first`/`last` (costs and values
// per unit); money is `budget` or `*_budget`; a quantity is `capacity`, `demand`, `size`,
// `lot_size` or `period_cap`. "" when the path names no such field or no instrument (rates,
// counts, periods, ...): a header then shows the path alone.
std::string ParamUnit(const scenario::Scenario& base, const std::string& path,
                      const InstrumentInfos& infos);

}  // namespace ftz::sim
