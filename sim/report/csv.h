// Minimal RFC 4180 CSV: quoting on write, a parser that handles quoted fields with
// commas, quotes and line breaks, and numbers that round-trip exactly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace ftz::sim {

using CsvRow = std::vector<std::string>;

// A field, quoted ("..." with "" for a quote) when it contains a comma, a quote, a line
// break, or leading or trailing spaces; otherwise as is.
std::string CsvField(std::string_view s);
// Appends the row's fields joined by commas and "\n".
void AppendCsvRow(std::string* out, const CsvRow& row);

// The shortest decimal that reads back as the same double ("0.1", "1e+20"); "nan",
// "inf" and "-inf" for non-finite values.
std::string CsvNumber(double x);
std::string CsvNumber(int64_t x);
std::string CsvNumber(uint64_t x);

// Parses a whole CSV text into rows. Accepts "\n" and "\r\n". Lines starting with '#'
// outside quotes are skipped when `skip_comments`. Fails on an unterminated quote or
// a quote in the middle of an unquoted field.
absl::StatusOr<std::vector<CsvRow>> ParseCsv(std::string_view text, bool skip_comments = false);

// Parses numbers written by CsvNumber (and any decimal); errors name the text.
absl::StatusOr<double> ParseCsvDouble(std::string_view s);
absl::StatusOr<int64_t> ParseCsvInt(std::string_view s);
absl::StatusOr<uint64_t> ParseCsvUint(std::string_view s);

// File helpers (create parent directories on write).
absl::Status WriteTextFile(const std::string& path, std::string_view text);
absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace ftz::sim
