// A journal directory's layout:
//
//   journal-<seq, 20 digits>.wal    a segment: inputs from <seq> on (header first)
//   snapshot-<seq, 20 digits>.snap  the state after input <seq> (header, one snapshot)
//
// A snapshot is written to a temporary name, synced and renamed; the journal rolls over
// to a new segment at each snapshot, so the segment after snapshot S starts at S + 1.
// Nothing is deleted: the whole history stays replayable from input 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "journal/fsync_mode.h"
#include "proto/ftz_journal.pb.h"

namespace ftz::journal {

struct JournalFile {
  uint64_t seq = 0;
  std::string path;
};

struct DirectoryListing {
  std::vector<JournalFile> segments;   // by seq
  std::vector<JournalFile> snapshots;  // by seq
};

std::string SegmentPath(const std::string& dir, uint64_t first_seq);
std::string SnapshotPath(const std::string& dir, uint64_t last_seq);

// Creates the directory when missing and checks that it can be written.
absl::Status PrepareDirectory(const std::string& dir);
// Lists the journal's files (others are ignored). Errors name the directory.
absl::StatusOr<DirectoryListing> ListDirectory(const std::string& dir);

// Writes `snapshot` durably as SnapshotPath(dir, header.seq()).
absl::Status WriteSnapshotFile(const std::string& dir, const FileHeader& header,
                               const Snapshot& snapshot, FsyncMode mode);
// Reads a snapshot file: its header and snapshot, or an error naming the file.
absl::Status ReadSnapshotFile(const std::string& path, FileHeader* header, Snapshot* snapshot);

// FNV-1a 64 of a market config's text: the fingerprint journal headers carry.
uint64_t Fingerprint(const std::string& text);

}  // namespace ftz::journal
