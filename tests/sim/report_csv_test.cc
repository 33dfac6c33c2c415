#include "sim/report/report_csv.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "sim/report/csv.h"
#include "tests/sim/expect_same_run.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

std::string TempDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/ftz_report_csv_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(ReportCsv, PairedRoundTripIsExact) {
  const PairedResult paired = testing::SyntheticPaired(42, 40);
  const std::string dir = TempDir("paired");
  ASSERT_TRUE(WritePairedCsvFiles(paired, dir).ok());
  for (const std::string& f : RunCsvFileNames()) {
    EXPECT_TRUE(std::filesystem::exists(dir + "/" + f)) << f;
  }
  absl::StatusOr<std::vector<RunResult>> back = ReadRunCsvFiles(dir);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), 2u);
  testing::ExpectSameRun((*back)[0], paired.policy);
  testing::ExpectSameRun((*back)[1], paired.baseline);
  EXPECT_EQ((*back)[0].wall_seconds, paired.policy.wall_seconds);
  EXPECT_EQ((*back)[1].wall_seconds, paired.baseline.wall_seconds);
}

TEST(ReportCsv, HeaderAndVariantColumn) {
  const PairedResult paired = testing::SyntheticPaired(1, 2, {"NDPR-OX"});
  const std::string periods = PeriodsCsv({&paired.policy, &paired.baseline});
  absl::StatusOr<std::vector<CsvRow>> rows = ParseCsv(periods);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u + 2 * 2);
  EXPECT_EQ((*rows)[0][0], "variant");
  EXPECT_EQ((*rows)[0][1], "period");
  EXPECT_EQ((*rows)[0].back(), "rejects");
  EXPECT_EQ((*rows)[1][0], "policy");
  EXPECT_EQ((*rows)[4][0], "baseline");
  // The trade with a comma, quotes and a line break in a name is quoted.
  const std::string trades = TradesCsv({&paired.policy});
  EXPECT_NE(trades.find("\"refiner, \"\"west\"\"\nline2\""), std::string::npos) << trades;
}

TEST(ReportCsv, ReadErrorsNameFileRowAndColumn) {
  const PairedResult paired = testing::SyntheticPaired(3, 3, {"X"});
  std::string periods = PeriodsCsv({&paired.policy});
  const size_t at = periods.find("\npolicy,1,X,");
  ASSERT_NE(at, std::string::npos);
  periods.replace(at + 1, std::string("policy,1,X,").size(), "policy,one,X,");
  absl::StatusOr<std::vector<RunResult>> r = ParseRunCsv(
      RunCsv({&paired.policy}), periods, ChainsCsv({&paired.policy}), TradesCsv({&paired.policy}),
      EventsCsv({&paired.policy}), SummaryCsv({&paired.policy}), "d");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("d/periods.csv"), std::string::npos) << r.status();
  EXPECT_NE(r.status().message().find("period"), std::string::npos) << r.status();

  // An unknown variant in a data file.
  absl::StatusOr<std::vector<RunResult>> r2 = ParseRunCsv(
      RunCsv({&paired.policy}), PeriodsCsv({&paired.baseline}), ChainsCsv({&paired.policy}),
      TradesCsv({&paired.policy}), EventsCsv({&paired.policy}), SummaryCsv({&paired.policy}));
  EXPECT_FALSE(r2.ok());
}

}  // namespace
}  // namespace ftz::sim
