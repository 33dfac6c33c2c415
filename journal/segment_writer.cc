#include "journal/segment_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "journal/record_io.h"

namespace ftz::journal {

absl::Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return absl::UnavailableError(absl::StrCat(dir, ": cannot open: ", std::strerror(errno)));
  const int rc = ::fsync(fd);
  const int e = errno;
  ::close(fd);
  if (rc != 0) return absl::UnavailableError(absl::StrCat(dir, ": fsync: ", std::strerror(e)));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SegmentWriter>> SegmentWriter::Create(const std::string& path,
                                                                     const FileHeader& header,
                                                                     FsyncMode mode) {
  // Under a file-size limit (RLIMIT_FSIZE) a write past it raises SIGXFSZ, whose default
  // action kills the process; ignored, the write fails with EFBIG, which is handled.
  std::signal(SIGXFSZ, SIG_IGN);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot create the journal segment: ", std::strerror(errno)));
  }
  std::unique_ptr<SegmentWriter> w(new SegmentWriter(path, fd, mode));
  Record r;
  *r.mutable_header() = header;
  w->Add(r);
  if (absl::Status s = w->Write(); !s.ok()) {
    ::unlink(path.c_str());
    return s;
  }
  if (mode != FsyncMode::kNone) {
    absl::StatusOr<std::shared_ptr<const FileSync>> handle = FileSync::Duplicate(fd, path);
    if (!handle.ok()) return handle.status();
    w->sync_handle_ = *std::move(handle);
    if (absl::Status s = w->Sync(); !s.ok()) return s;
    const std::string dir = std::filesystem::path(path).parent_path().string();
    if (absl::Status s = SyncDirectory(dir.empty() ? "." : dir); !s.ok()) return s;
  }
  return w;
}

SegmentWriter::~SegmentWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void SegmentWriter::Add(const Record& record) { AppendRecord(record, &buffer_); }

absl::Status SegmentWriter::Write() {
  if (broken_) return absl::UnavailableError(broken_reason_);
  size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    const int e = n < 0 ? errno : ENOSPC;
    const size_t wanted = buffer_.size();
    buffer_.clear();
    // Take nothing: cut what got through off again.
    if (::ftruncate(fd_, static_cast<off_t>(written_)) != 0 ||
        ::lseek(fd_, static_cast<off_t>(written_), SEEK_SET) < 0) {
      broken_ = true;
      broken_reason_ =
          absl::StrFormat("%s: write failed at offset %d (%s) and truncating back failed (%s)",
                          path_, written_, std::strerror(e), std::strerror(errno));
      return absl::UnavailableError(broken_reason_);
    }
    const std::string why = absl::StrFormat("%s: cannot append %d bytes at offset %d: %s", path_,
                                            wanted, written_, std::strerror(e));
    if (e == ENOSPC || e == EFBIG || e == EDQUOT) return absl::ResourceExhaustedError(why);
    return absl::UnavailableError(why);
  }
  written_ += buffer_.size();
  buffer_.clear();
  return absl::OkStatus();
}

absl::Status SegmentWriter::Sync() {
  if (broken_) return absl::UnavailableError(broken_reason_);
  if (mode_ == FsyncMode::kNone) return absl::OkStatus();
  if (::fdatasync(fd_) != 0) {
    broken_ = true;
    broken_reason_ = absl::StrFormat("%s: fdatasync failed at size %d: %s", path_, written_,
                                     std::strerror(errno));
    return absl::UnavailableError(broken_reason_);
  }
  return absl::OkStatus();
}

}  // namespace ftz::journal
