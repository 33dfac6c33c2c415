#include "sim/report/csv.h"

#include <cmath>
#include <limits>
#include <random>

#include "gtest/gtest.h"

namespace ftz::sim {
namespace {

TEST(CsvField, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
}

TEST(ParseCsv, RoundTripsTrickyFields) {
  const std::vector<CsvRow> rows = {
      {"a", "b,c", "d\"e\"", ""},
      {"line\nbreak", " x ", "\r\n", "\"\""},
      {"", "", "", ""},
  };
  std::string text;
  for (const CsvRow& r : rows) AppendCsvRow(&text, r);
  absl::StatusOr<std::vector<CsvRow>> back = ParseCsv(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, rows);
}

TEST(ParseCsv, AcceptsCrlfAndSkipsComments) {
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv("#meta,1\r\na,b\r\n1,2\r\n", true);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (CsvRow{"a", "b"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"1", "2"}));
}

TEST(ParseCsv, RejectsMalformed) {
  EXPECT_FALSE(ParseCsv("a,\"unterminated\n").ok());
  EXPECT_FALSE(ParseCsv("a,b\"c\n").ok());
  EXPECT_FALSE(ParseCsv("\"closed\"junk,b\n").ok());
}

TEST(CsvNumber, ShortestAndExact) {
  EXPECT_EQ(CsvNumber(0.1), "0.1");
  EXPECT_EQ(CsvNumber(110.0), "110");
  EXPECT_EQ(CsvNumber(-0.0), "0");
  EXPECT_EQ(CsvNumber(6e9), "6000000000");
  EXPECT_EQ(CsvNumber(1e20), "1e+20");
  EXPECT_EQ(CsvNumber(1.0 / 3.0), "0.3333333333333333");
  // Not applicable: an empty cell, read back as NaN (as pandas and R read it).
  EXPECT_EQ(CsvNumber(std::numeric_limits<double>::quiet_NaN()), "");
  EXPECT_TRUE(std::isnan(*ParseCsvDouble("")));
  EXPECT_EQ(CsvNumber(-std::numeric_limits<double>::infinity()), "-inf");
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1e12, 1e12);
  for (int i = 0; i < 2000; ++i) {
    const double x = i % 2 ? u(rng) : u(rng) * 1e-15;
    absl::StatusOr<double> back = ParseCsvDouble(CsvNumber(x));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, x) << CsvNumber(x);
  }
  EXPECT_TRUE(std::isnan(*ParseCsvDouble("nan")));
  EXPECT_FALSE(ParseCsvDouble("12abc").ok());
  EXPECT_FALSE(ParseCsvInt("1.5").ok());
  EXPECT_FALSE(ParseCsvUint("-1").ok());
}

}  // namespace
}  // namespace ftz::sim
