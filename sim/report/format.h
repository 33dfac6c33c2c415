// Human-readable numbers for tables and plot labels (CSV files keep full precision).
#pragma once

#include <string>

namespace ftz::sim {

// Thousands separators and `decimals` decimals: 1234567.891 -> "1,234,567.89".
std::string FormatGrouped(double x, int decimals);
// Compact with a suffix: 950 -> "950", 12345 -> "12.3k", 4.56e6 -> "4.56M", 7.8e9 ->
// "7.80B", 1.2e12 -> "1.20T"; three significant digits. NaN -> "n/a".
std::string FormatCompact(double x);
// A table value: grouped, with decimals chosen by magnitude (2 below 1,000, 1 below
// 100,000, none above; 4 significant digits for |x| < 1); compact from 1e9. NaN -> "n/a".
std::string FormatValue(double x);
// A share 0..1 as a percentage: 0.1234 -> "12.3%".
std::string FormatPercent(double share, int decimals = 1);
// A signed change: "+1,234.50", "-12.3%".
std::string FormatSigned(double x);
std::string FormatSignedPercent(double share, int decimals = 1);

}  // namespace ftz::sim
