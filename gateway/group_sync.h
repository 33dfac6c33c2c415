// Group commit off the engine thread: publishes batches of reports only once the
// journal writes they depend on are durable, while the engine goes on with the next
// batch. The engine thread hands a batch over right after writing (not syncing) its
// inputs; the sync thread takes everything handed over so far, makes the segments it
// names durable (one fdatasync covers every batch written before it) and publishes the
// batches in the order they were handed over. A batch handed over during a sync waits
// for the next one, so under load each fdatasync covers many batches and the engine
// never waits for the disk.
//
// A failed fdatasync calls `fatal` (which must not return: what the kernel could not
// write back is lost, and nothing more may be acknowledged).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gateway/report.h"
#include "journal/file_sync.h"

namespace ftz::gw {

class GroupSync {
 public:
  GroupSync(std::function<void(ReportBatch&)> publish,
            std::function<void(const absl::Status&)> fatal);
  // Publishes everything handed over (after its sync), then stops the thread.
  ~GroupSync();

  // Takes the contents of `batch` (leaving it empty), to be published once `unsynced`
  // is synced; null `unsynced`: nothing of its own to wait for, but still after every
  // batch handed over before it.
  void Hand(ReportBatch& batch, std::shared_ptr<const journal::FileSync> unsynced);

 private:
  void Run();

  std::function<void(ReportBatch&)> publish_;
  std::function<void(const absl::Status&)> fatal_;
  std::mutex mu_;
  std::condition_variable cv_;
  ReportBatch waiting_;
  std::vector<std::shared_ptr<const journal::FileSync>> to_sync_;  // distinct
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace ftz::gw
