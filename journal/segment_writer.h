// Appends records to one journal segment with group commit: Add() frames records into
// a buffer, Write() hands the buffer to the kernel in one write(2), Sync() makes what
// was written durable (fdatasync, per the fsync mode).
//
// A failed Write() (ENOSPC, EFBIG under a file-size limit, EIO) takes nothing: the file
// is truncated back to the end of the last good write, the buffer is dropped, and the
// error names the file, the offset and the cause; a later Write() may succeed (space
// freed). A failed Sync() is not retried: what the kernel failed to write back is
// gone, so the writer is broken and every later call fails (the caller stops).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "journal/file_sync.h"
#include "journal/fsync_mode.h"
#include "proto/ftz_journal.pb.h"

namespace ftz::journal {

class SegmentWriter {
 public:
  // Creates `path` (which must not exist), writes `header` as its first record and
  // makes the file and its directory entry durable (unless kNone).
  static absl::StatusOr<std::unique_ptr<SegmentWriter>> Create(const std::string& path,
                                                               const FileHeader& header,
                                                               FsyncMode mode);
  ~SegmentWriter();

  void Add(const Record& record);
  bool has_pending() const { return !buffer_.empty(); }
  absl::Status Write();
  // fdatasync unless the mode is kNone (kEvery and kBatch both sync here: the caller
  // decides how often to call it).
  absl::Status Sync();

  // For a sync thread: syncs what was written so far, concurrently with Add/Write (null
  // with FsyncMode::kNone). A failure there is as fatal as one of Sync().
  const std::shared_ptr<const FileSync>& sync_handle() const { return sync_handle_; }

  const std::string& path() const { return path_; }
  uint64_t size() const { return written_; }
  FsyncMode mode() const { return mode_; }

 private:
  SegmentWriter(std::string path, int fd, FsyncMode mode)
      : path_(std::move(path)), fd_(fd), mode_(mode) {}

  std::string path_;
  int fd_ = -1;
  FsyncMode mode_;
  std::shared_ptr<const FileSync> sync_handle_;
  std::string buffer_;
  uint64_t written_ = 0;
  bool broken_ = false;
  std::string broken_reason_;
};

// fsync of a directory (after creating or renaming a file in it).
absl::Status SyncDirectory(const std::string& dir);

}  // namespace ftz::journal
