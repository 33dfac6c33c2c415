#include "sim/report_csv.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "sim/csv.h"
#include "tests/sim/synthetic.h"

namespace ftz::sim {
namespace {

std::string TempDir(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "/ftz_report_csv_" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

void ExpectSamePeriods(const PeriodMetrics& a, const PeriodMetrics& b) {
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.symbol, b.symbol);
  EXPECT_EQ(a.floor, b.floor);
  EXPECT_EQ(a.vwap, b.vwap);
  EXPECT_EQ(a.open, b.open);
  EXPECT_EQ(a.close, b.close);
  EXPECT_EQ(a.high, b.high);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.volume, b.volume);
  EXPECT_EQ(a.volume_at_floor, b.volume_at_floor);
  EXPECT_EQ(a.share_at_floor, b.share_at_floor);
  EXPECT_EQ(a.unsold, b.unsold);
  EXPECT_EQ(a.stockpile_bought, b.stockpile_bought);
  EXPECT_EQ(a.stockpile_inventory, b.stockpile_inventory);
  EXPECT_EQ(a.stockpile_spend, b.stockpile_spend);
  EXPECT_EQ(a.stockpile_budget_left, b.stockpile_budget_left);
  EXPECT_EQ(a.top_ups, b.top_ups);
  EXPECT_EQ(a.duties, b.duties);
  EXPECT_EQ(a.member_supply, b.member_supply);
  EXPECT_EQ(a.non_member_supply, b.non_member_supply);
  EXPECT_EQ(a.producer_surplus, b.producer_surplus);
  EXPECT_EQ(a.consumer_surplus, b.consumer_surplus);
  EXPECT_EQ(a.realized_gains, b.realized_gains);
  EXPECT_EQ(a.max_gains, b.max_gains);
  EXPECT_EQ(a.efficiency, b.efficiency);
  EXPECT_EQ(a.ce_price, b.ce_price);
  EXPECT_EQ(a.ce_quantity, b.ce_quantity);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.rejects, b.rejects);
}

void ExpectSameRun(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.scenario, b.scenario);
  EXPECT_EQ(a.variant, b.variant);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.orders, b.orders);
  EXPECT_EQ(a.wall_seconds, b.wall_seconds);
  EXPECT_EQ(a.state_hash, b.state_hash);
  ASSERT_EQ(a.periods.size(), b.periods.size());
  for (size_t i = 0; i < a.periods.size(); ++i) ExpectSamePeriods(a.periods[i], b.periods[i]);
  ASSERT_EQ(a.trades.size(), b.trades.size());
  for (size_t i = 0; i < a.trades.size(); ++i) {
    const TradeRecord &x = a.trades[i], &y = b.trades[i];
    EXPECT_EQ(x.period, y.period);
    EXPECT_EQ(x.trade_id, y.trade_id);
    EXPECT_EQ(x.symbol, y.symbol);
    EXPECT_EQ(x.price, y.price);
    EXPECT_EQ(x.qty, y.qty);
    EXPECT_EQ(x.buyer, y.buyer);
    EXPECT_EQ(x.seller, y.seller);
    EXPECT_EQ(x.duty, y.duty);
    EXPECT_EQ(x.top_up, y.top_up);
  }
  ASSERT_EQ(a.summary.size(), b.summary.size());
  for (size_t i = 0; i < a.summary.size(); ++i) {
    const RunSummary &x = a.summary[i], &y = b.summary[i];
    EXPECT_EQ(x.symbol, y.symbol);
    for (double RunSummary::*f :
         {&RunSummary::vwap, &RunSummary::volume, &RunSummary::share_at_floor, &RunSummary::unsold,
          &RunSummary::stockpile_spend, &RunSummary::stockpile_inventory, &RunSummary::top_ups,
          &RunSummary::duties, &RunSummary::producer_surplus, &RunSummary::consumer_surplus,
          &RunSummary::total_surplus, &RunSummary::efficiency, &RunSummary::deadweight_loss}) {
      EXPECT_EQ(x.*f, y.*f);
    }
  }
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
  ExpectSameRun((*back)[0], paired.policy);
  ExpectSameRun((*back)[1], paired.baseline);
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
  absl::StatusOr<std::vector<RunResult>> r =
      ParseRunCsv(RunCsv({&paired.policy}), periods, TradesCsv({&paired.policy}),
                  SummaryCsv({&paired.policy}), "d");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("d/periods.csv"), std::string::npos) << r.status();
  EXPECT_NE(r.status().message().find("period"), std::string::npos) << r.status();

  // An unknown variant in a data file.
  absl::StatusOr<std::vector<RunResult>> r2 =
      ParseRunCsv(RunCsv({&paired.policy}), PeriodsCsv({&paired.baseline}),
                  TradesCsv({&paired.policy}), SummaryCsv({&paired.policy}));
  EXPECT_FALSE(r2.ok());
}

}  // namespace
}  // namespace ftz::sim
