#include "sim/report/summary_table.h"

#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "sim/report/format.h"
#include "sim/report/text_table.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

TEST(Format, Numbers) {
  EXPECT_EQ(FormatGrouped(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(FormatGrouped(-1234.5, 0), "-1,234");  // rounds half to even
  EXPECT_EQ(FormatGrouped(-0.001, 2), "0.00");
  EXPECT_EQ(FormatCompact(950), "950");
  EXPECT_EQ(FormatCompact(12345), "12.3k");
  EXPECT_EQ(FormatCompact(4.56e6), "4.56M");
  EXPECT_EQ(FormatCompact(-7.8e9), "-7.80B");
  EXPECT_EQ(FormatValue(112.346), "112.35");
  EXPECT_EQ(FormatValue(1234567), "1,234,567");
  EXPECT_EQ(FormatPercent(0.1234), "12.3%");
  EXPECT_EQ(FormatSigned(14.3), "+14.30");
  EXPECT_EQ(FormatSigned(-2500), "-2,500.0");
  EXPECT_EQ(FormatSignedPercent(0.146), "+14.6%");
}

TEST(Comparison, SameDecimalsAcrossARow) {
  const Outcome& volume = *FindOutcome("volume_total");
  double b = 16276;
  ComparisonCells c = FormatComparison(volume, 522792, &b);
  EXPECT_EQ(c.policy, "522,792");
  EXPECT_EQ(c.baseline, "16,276");
  EXPECT_EQ(c.change, "+506,516");
  EXPECT_EQ(c.change_pct, "+3112.0%");
  b = 103.05;
  c = FormatComparison(*FindOutcome("vwap"), 129.56, &b);
  EXPECT_EQ(c.policy, "129.56");
  EXPECT_EQ(c.change, "+26.51");
  b = 0.879;
  c = FormatComparison(*FindOutcome("efficiency"), 0.614, &b);
  EXPECT_EQ(c.policy, "61.4%");
  EXPECT_EQ(c.change, "-26.5 pp");
  EXPECT_EQ(c.change_pct, "");
  c = FormatComparison(*FindOutcome("deadweight_loss"), 1234.5, nullptr);
  EXPECT_EQ(c.policy, "1,234.5");
  EXPECT_EQ(c.baseline, "\u2014");
  EXPECT_EQ(c.change, "");
}

TEST(TextTable, AlignsColumns) {
  TextTable t({"name", "value"}, {TextTable::kLeft, TextTable::kRight});
  t.AddRow({"a", "1"});
  t.AddRow({"longer name", "1,234.50"});
  const std::string out = t.Render();
  std::vector<std::string> lines = absl::StrSplit(out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  // Right-aligned values end in the same column.
  EXPECT_EQ(DisplayWidth(lines[2]), DisplayWidth(lines[3]));
  EXPECT_EQ(lines[2].substr(lines[2].size() - 1), "1");
  EXPECT_EQ(lines[0].rfind("value"), lines[0].size() - 5);
}

TEST(SummaryTable, ShowsEveryInstrumentWithUnitsAndChanges) {
  PairedResult paired = testing::SyntheticPaired(5, 30);
  InstrumentInfos infos;
  infos["NDPR-OX"] = {"NDPR-OX", "NdPr oxide", "kg", "USD"};
  infos["LI2CO3"] = {"LI2CO3", "Lithium carbonate", "t", "USD"};
  const std::string table = FormatSummaryTable(paired, infos);
  for (const char* s : {"NDPR-OX", "NdPr oxide", "LI2CO3", "All chains", "USD/kg", "USD/t", "VWAP",
                        "Deadweight loss", "Allocative efficiency", "pp", "change %",
                        "The baseline removes: hard floors", ", total", ", end"}) {
    EXPECT_NE(table.find(s), std::string::npos) << s << "\n" << table;
  }
  // The VWAP line of NDPR-OX carries policy, baseline and their difference.
  const RunSummary& p = paired.policy.summary[0];
  const RunSummary& b = paired.baseline.summary[0];
  const Outcome* vwap = FindOutcome("vwap");
  ASSERT_NE(vwap, nullptr);
  const ComparisonCells c = FormatComparison(*vwap, p.vwap, &b.vwap);
  const size_t line = table.find("  VWAP");
  ASSERT_NE(line, std::string::npos);
  const std::string vwap_line = table.substr(line, table.find('\n', line) - line);
  for (const std::string& cell : {c.policy, c.baseline, c.change, c.change_pct}) {
    EXPECT_NE(vwap_line.find(cell), std::string::npos) << cell << " in " << vwap_line;
  }
  EXPECT_EQ(c.change.front(), p.vwap > b.vwap ? '+' : '-');
  // No VWAP or volume rows for ALL (prices and quantities of different instruments do
  // not add up); money rows there.
  const size_t all = table.find("All chains");
  EXPECT_EQ(table.find("VWAP", all), std::string::npos);
  EXPECT_EQ(table.find("Volume", all), std::string::npos);
  EXPECT_NE(table.find("Total surplus", all), std::string::npos);
}

TEST(SummaryTable, RowsLineUp) {
  const std::string table = FormatSummaryTable(testing::SyntheticPaired(9, 10));
  std::vector<std::string> lines = absl::StrSplit(table, '\n', absl::SkipEmpty());
  // Every data row with a "change %" value ends at the same display column.
  size_t width = 0;
  for (const std::string& l : lines) {
    if (l.size() < 2 || l.back() != '%' || l.find("  VWAP") == std::string::npos) continue;
    if (width == 0) width = DisplayWidth(l);
    EXPECT_EQ(DisplayWidth(l), width) << l;
  }
  EXPECT_GT(width, 0u);
}

}  // namespace
}  // namespace ftz::sim
