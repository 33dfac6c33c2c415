// The colors of the run report's charts: one per run, per policy line and per welfare
// account, the same on every chart.
#pragma once

namespace ftz::sim::report::colors {

inline constexpr char kPolicy[] = "#2f6db5";
inline constexpr char kBaseline[] = "#e8871e";
inline constexpr char kFloor[] = "#c8463d";
inline constexpr char kStrike[] = "#8064a2";
inline constexpr char kCompetitive[] = "#6b7280";
inline constexpr char kSecondary[] = "#2a9d5c";  // a second policy-run series (member supply, ...)

// Welfare accounts.
inline constexpr char kBuyers[] = "#8064a2";
inline constexpr char kProducers[] = "#2a9d5c";
inline constexpr char kRefiners[] = "#1fa3b5";
inline constexpr char kMarketMakers[] = "#b8860b";
inline constexpr char kGovernment[] = "#c8463d";
inline constexpr char kTotal[] = "#1f2937";

// Event markers.
inline constexpr char kShock[] = "#9a3412";
inline constexpr char kStockpileFull[] = "#166534";
inline constexpr char kBudgetExhausted[] = "#991b1b";

}  // namespace ftz::sim::report::colors
