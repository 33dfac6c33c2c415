#include "journal/file_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace ftz::journal {

absl::StatusOr<std::shared_ptr<const FileSync>> FileSync::Duplicate(int fd, std::string path) {
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    return absl::UnavailableError(
        absl::StrCat(path, ": cannot duplicate the descriptor: ", std::strerror(errno)));
  }
  return std::shared_ptr<const FileSync>(new FileSync(copy, std::move(path)));
}

FileSync::~FileSync() { ::close(fd_); }

absl::Status FileSync::Sync() const {
  if (::fdatasync(fd_) != 0) {
    return absl::UnavailableError(
        absl::StrCat(path_, ": fdatasync failed: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace ftz::journal
