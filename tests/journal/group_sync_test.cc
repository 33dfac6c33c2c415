// GroupSync: every batch handed over is published exactly once, in the order handed
// over, including those handed over while a sync runs and those still waiting when it
// is destroyed.
#include "gateway/group_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace ftz::gw {
namespace {

std::shared_ptr<const journal::FileSync> TempFileSync() {
  char path[] = "/tmp/ftz-group-sync-XXXXXX";
  const int fd = ::mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::write(fd, "x", 1), 1);
  auto handle = journal::FileSync::Duplicate(fd, path);
  ::close(fd);
  ::unlink(path);
  EXPECT_TRUE(handle.ok()) << handle.status();
  return *handle;
}

TEST(GroupSync, PublishesEveryBatchOnceInOrder) {
  const auto a = TempFileSync();
  const auto b = TempFileSync();  // a roll-over to a second segment midway
  std::vector<uint64_t> published;
  std::vector<std::string> texts;
  int publishes = 0;
  constexpr uint64_t kBatches = 5000;
  {
    GroupSync sync(
        [&](ReportBatch& batch) {
          ++publishes;
          for (const Report& r : batch.reports) {
            published.push_back(r.request_id);
            texts.push_back(batch.text(r));
          }
        },
        [](const absl::Status& s) { FAIL() << s; });
    ReportBatch batch;
    for (uint64_t i = 1; i <= kBatches; ++i) {
      for (uint64_t k = 0; k < i % 3 + 1; ++k) {
        Report& r = batch.Add(Report::kExecution);
        r.request_id = i * 10 + k;
        r.text = batch.AddText(std::to_string(r.request_id));
      }
      sync.Hand(batch, i % 7 == 0 ? nullptr : (i < kBatches / 2 ? a : b));
      ASSERT_TRUE(batch.empty());
      if (i % 500 == 0) std::this_thread::yield();
    }
  }
  std::vector<uint64_t> expected;
  for (uint64_t i = 1; i <= kBatches; ++i) {
    for (uint64_t k = 0; k < i % 3 + 1; ++k) expected.push_back(i * 10 + k);
  }
  ASSERT_EQ(published, expected);
  for (size_t i = 0; i < published.size(); ++i) {
    ASSERT_EQ(texts[i], std::to_string(published[i]));  // texts re-based when batches join
  }
  EXPECT_GE(publishes, 1);
  EXPECT_LE(publishes, static_cast<int>(kBatches));
}

}  // namespace
}  // namespace ftz::gw
