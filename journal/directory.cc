#include "journal/directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "journal/record_io.h"
#include "journal/segment_writer.h"

namespace ftz::journal {
namespace fs = std::filesystem;
namespace {

bool ParseName(const std::string& name, const std::string& prefix, const std::string& suffix,
               uint64_t* seq) {
  if (name.size() != prefix.size() + 20 + suffix.size()) return false;
  if (name.compare(0, prefix.size(), prefix) != 0) return false;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  return absl::SimpleAtoi(name.substr(prefix.size(), 20), seq);
}

}  // namespace

std::string SegmentPath(const std::string& dir, uint64_t first_seq) {
  return absl::StrFormat("%s/journal-%020d.wal", dir, first_seq);
}

std::string SnapshotPath(const std::string& dir, uint64_t last_seq) {
  return absl::StrFormat("%s/snapshot-%020d.snap", dir, last_seq);
}

absl::Status PrepareDirectory(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat(dir, ": cannot create the journal directory: ", ec.message()));
  if (!fs::is_directory(dir, ec)) {
    return absl::FailedPreconditionError(absl::StrCat(dir, ": not a directory"));
  }
  if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
    return absl::PermissionDeniedError(absl::StrCat(
        dir, ": the journal directory is not readable and writable: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<DirectoryListing> ListDirectory(const std::string& dir) {
  DirectoryListing out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec)
    return absl::UnavailableError(
        absl::StrCat(dir, ": cannot list the journal directory: ", ec.message()));
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) return absl::UnavailableError(absl::StrCat(dir, ": ", ec.message()));
    const std::string name = it->path().filename().string();
    uint64_t seq = 0;
    if (ParseName(name, "journal-", ".wal", &seq)) {
      out.segments.push_back({seq, it->path().string()});
    } else if (ParseName(name, "snapshot-", ".snap", &seq)) {
      out.snapshots.push_back({seq, it->path().string()});
    }
  }
  auto by_seq = [](const JournalFile& a, const JournalFile& b) { return a.seq < b.seq; };
  std::sort(out.segments.begin(), out.segments.end(), by_seq);
  std::sort(out.snapshots.begin(), out.snapshots.end(), by_seq);
  return out;
}

absl::Status WriteSnapshotFile(const std::string& dir, const FileHeader& header,
                               const Snapshot& snapshot, FsyncMode mode) {
  const std::string path = SnapshotPath(dir, header.seq());
  const std::string tmp = path + ".tmp";
  std::string bytes;
  Record r;
  *r.mutable_header() = header;
  AppendRecord(r, &bytes);
  r.Clear();
  *r.mutable_snapshot() = snapshot;
  AppendRecord(r, &bytes);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return absl::UnavailableError(absl::StrCat(tmp, ": cannot create: ", std::strerror(errno)));
  size_t done = 0;
  int err = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      err = n < 0 ? errno : ENOSPC;
      break;
    }
  }
  if (err == 0 && mode != FsyncMode::kNone && ::fdatasync(fd) != 0) err = errno;
  ::close(fd);
  if (err != 0) {
    ::unlink(tmp.c_str());
    const std::string why = absl::StrCat(tmp, ": cannot write the snapshot: ", std::strerror(err));
    if (err == ENOSPC || err == EFBIG || err == EDQUOT) return absl::ResourceExhaustedError(why);
    return absl::UnavailableError(why);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat(path, ": cannot rename: ", std::strerror(errno)));
  }
  if (mode != FsyncMode::kNone) return SyncDirectory(dir);
  return absl::OkStatus();
}

absl::Status ReadSnapshotFile(const std::string& path, FileHeader* header, Snapshot* snapshot) {
  absl::StatusOr<RecordReader> reader = RecordReader::Open(path);
  if (!reader.ok()) return reader.status();
  Record r;
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<RecordReader::Step> step = reader->Next(&r);
    if (!step.ok()) return step.status();
    if (*step != RecordReader::Step::kRecord) {
      return absl::DataLossError(absl::StrFormat(
          "%s: incomplete snapshot at offset %d (%s)", path, reader->record_offset(),
          *step == RecordReader::Step::kTorn ? reader->torn_reason() : "the file ends early"));
    }
    if (i == 0 && !r.has_header()) {
      return absl::DataLossError(
          absl::StrCat(path, ": offset 0: the first record is not a header"));
    }
    if (i == 0) *header = r.header();
    if (i == 1 && !r.has_snapshot()) {
      return absl::DataLossError(absl::StrFormat("%s: offset %d: the record is not a snapshot",
                                                 path, reader->record_offset()));
    }
    if (i == 1) *snapshot = std::move(*r.mutable_snapshot());
  }
  return absl::OkStatus();
}

uint64_t Fingerprint(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace ftz::journal
