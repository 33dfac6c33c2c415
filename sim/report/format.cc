#include "sim/report/format.h"

#include <cmath>
#include <cstdio>

#include "absl/strings/str_format.h"

namespace ftz::sim {

std::string FormatGrouped(double x, int decimals) {
  if (!std::isfinite(x)) return std::isnan(x) ? "n/a" : (x > 0 ? "inf" : "-inf");
  std::string s = absl::StrFormat("%.*f", decimals, std::fabs(x));
  if (s.find_first_not_of("0.") == std::string::npos) return s;  // rounds to zero: no sign
  const size_t dot = s.find('.');
  const size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string out;
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += s[i];
  }
  out += s.substr(int_end);
  return x < 0 ? "-" + out : out;
}

std::string FormatCompact(double x) {
  if (!std::isfinite(x)) return std::isnan(x) ? "n/a" : (x > 0 ? "inf" : "-inf");
  const double a = std::fabs(x);
  struct Unit {
    double scale;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const Unit& u : kUnits) {
    if (a >= u.scale * 0.9995) {
      const double v = x / u.scale;
      const double av = std::fabs(v);
      const int decimals = av >= 99.95 ? 0 : av >= 9.995 ? 1 : 2;
      return absl::StrFormat("%.*f%s", decimals, v, u.suffix);
    }
  }
  if (a == 0) return "0";
  if (a >= 99.95) return absl::StrFormat("%.0f", x);
  if (a >= 9.995) return absl::StrFormat("%.1f", x);
  if (a >= 0.9995) return absl::StrFormat("%.2f", x);
  return absl::StrFormat("%.3g", x);
}

std::string FormatValue(double x) {
  if (!std::isfinite(x)) return std::isnan(x) ? "n/a" : (x > 0 ? "inf" : "-inf");
  const double a = std::fabs(x);
  if (a >= 1e9) return FormatCompact(x);
  if (a >= 1e5) return FormatGrouped(x, 0);
  if (a >= 1e3) return FormatGrouped(x, 1);
  if (a >= 1 || a == 0) return FormatGrouped(x, 2);
  return absl::StrFormat("%.4g", x);
}

std::string FormatPercent(double share, int decimals) {
  if (!std::isfinite(share)) return "n/a";
  return absl::StrFormat("%.*f%%", decimals, share * 100);
}

std::string FormatSigned(double x) {
  if (!std::isfinite(x)) return "n/a";
  std::string v = FormatValue(x);
  if (v.find_first_not_of("0.,") == std::string::npos) return v;
  return x > 0 ? "+" + v : v;
}

std::string FormatSignedPercent(double share, int decimals) {
  if (!std::isfinite(share)) return "n/a";
  std::string v = absl::StrFormat("%.*f", decimals, share * 100);
  if (v.find_first_not_of("-0.") == std::string::npos)
    return absl::StrFormat("%.*f%%", decimals, 0.0);
  return (share > 0 ? "+" : "") + v + "%";
}

}  // namespace ftz::sim
