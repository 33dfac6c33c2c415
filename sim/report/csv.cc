#include "sim/report/csv.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace ftz::sim {

std::string CsvField(std::string_view s) {
  const bool needs_quotes = s.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!needs_quotes) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void AppendCsvRow(std::string* out, const CsvRow& row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) *out += ',';
    *out += CsvField(row[i]);
  }
  *out += '\n';
}

std::string CsvNumber(double x) {
  if (std::isnan(x)) return "";  // not applicable: an empty cell (NaN in pandas and R)
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";  // also -0
  // The shortest representation that round-trips; plain decimals in the usual range of
  // prices, quantities and money (spreadsheets read them best), exponents outside it.
  char buf[512];
  const double a = std::fabs(x);
  const bool fixed = a >= 1e-6 && a < 1e16;
  auto [end, ec] = fixed ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                         : std::to_chars(buf, buf + sizeof buf, x);
  if (ec != std::errc()) return absl::StrCat(x);
  return std::string(buf, end);
}

std::string CsvNumber(int64_t x) { return std::to_string(x); }
std::string CsvNumber(uint64_t x) { return std::to_string(x); }

absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view text, bool skip_comments) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  size_t i = 0;
  int line = 1;
  bool row_started = false;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
  };
  auto end_row = [&] {
    end_field();
    rows.push_back(std::move(row));
    row.clear();
    row_started = false;
  };
  while (i < text.size()) {
    if (!row_started && skip_comments && text[i] == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      ++i;
      ++line;
      continue;
    }
    if (!row_started &&
        (text[i] == '\n' || (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))) {
      // Blank line: skipped.
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    row_started = true;
    if (text[i] == '"' && field.empty()) {
      const int start_line = line;
      ++i;
      for (;;) {
        if (i >= text.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("line ", start_line, ": unterminated quoted field"));
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line, ": text after a closing quote"));
      }
    }
    if (i >= text.size()) break;
    const char c = text[i];
    if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      end_row();
      i += c == '\r' ? 2 : 1;
      ++line;
    } else if (c == '"') {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line, ": quote inside an unquoted field"));
    } else {
      field += c;
      ++i;
    }
  }
  if (row_started) end_row();
  return rows;
}

absl::StatusOr<double> ParseCsvDouble(std::string_view s) {
  if (s.empty() || s == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  double x = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    return absl::InvalidArgumentError(absl::StrCat("not a number: \"", std::string(s), "\""));
  }
  return x;
}

absl::StatusOr<int64_t> ParseCsvInt(std::string_view s) {
  int64_t x = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    return absl::InvalidArgumentError(absl::StrCat("not an integer: \"", std::string(s), "\""));
  }
  return x;
}

absl::StatusOr<uint64_t> ParseCsvUint(std::string_view s) {
  uint64_t x = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a non-negative integer: \"", std::string(s), "\""));
  }
  return x;
}

absl::Status WriteTextFile(const std::string& path, std::string_view text) {
  std::error_code ec;
  const std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) {
    return absl::InternalError(
        absl::StrCat(p.parent_path().string(), ": cannot create directory: ", ec.message()));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::InternalError(absl::StrCat(path, ": cannot open for writing"));
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return absl::InternalError(absl::StrCat(path, ": write failed"));
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace ftz::sim
