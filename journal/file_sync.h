// Makes a file's written data durable from any thread: it holds its own duplicate of
// the file's descriptor, so it may sync concurrently with the writer's write(2) calls
// and outlives the writer (a segment closed at a roll-over can still be synced).
// fdatasync covers every write that completed before the call, through any descriptor.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace ftz::journal {

class FileSync {
 public:
  // A handle on the file open as `fd` (named `path` in errors).
  static absl::StatusOr<std::shared_ptr<const FileSync>> Duplicate(int fd, std::string path);
  ~FileSync();
  FileSync(const FileSync&) = delete;
  FileSync& operator=(const FileSync&) = delete;

  absl::Status Sync() const;
  const std::string& path() const { return path_; }

 private:
  FileSync(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

}  // namespace ftz::journal
