#include "gateway/group_sync.h"

#include <algorithm>
#include <utility>

namespace ftz::gw {

GroupSync::GroupSync(std::function<void(ReportBatch&)> publish,
                     std::function<void(const absl::Status&)> fatal)
    : publish_(std::move(publish)), fatal_(std::move(fatal)), thread_([this] { Run(); }) {}

GroupSync::~GroupSync() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void GroupSync::Hand(ReportBatch& batch, std::shared_ptr<const journal::FileSync> unsynced) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    wake = waiting_.empty();
    if (waiting_.empty()) {
      std::swap(waiting_, batch);
    } else {
      waiting_.Append(batch);
    }
    if (unsynced && std::find(to_sync_.begin(), to_sync_.end(), unsynced) == to_sync_.end()) {
      to_sync_.push_back(std::move(unsynced));
    }
  }
  batch.clear();
  if (wake) cv_.notify_one();
}

void GroupSync::Run() {
  ReportBatch batch;
  std::vector<std::shared_ptr<const journal::FileSync>> files;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !waiting_.empty() || stop_; });
      if (waiting_.empty()) return;  // stopping, and everything is published
      std::swap(batch, waiting_);
      std::swap(files, to_sync_);
    }
    for (const auto& f : files) {
      if (absl::Status s = f->Sync(); !s.ok()) fatal_(s);
    }
    files.clear();
    publish_(batch);
    batch.clear();
  }
}

}  // namespace ftz::gw
