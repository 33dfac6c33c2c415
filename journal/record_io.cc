#include "journal/record_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "journal/crc32c.h"

namespace ftz::journal {
namespace {

void PutU32(uint32_t v, char* p) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t GetU32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace

void AppendRecord(const Record& record, std::string* out) {
  const size_t at = out->size();
  const size_t n = record.ByteSizeLong();
  out->resize(at + kRecordHeaderBytes + n);
  char* payload = out->data() + at + kRecordHeaderBytes;
  record.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(payload));
  PutU32(static_cast<uint32_t>(n), out->data() + at);
  PutU32(Crc32c(payload, n), out->data() + at + 4);
}

absl::StatusOr<RecordReader> RecordReader::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int e = errno;
    ::close(fd);
    return absl::UnavailableError(absl::StrCat(path, ": cannot stat: ", std::strerror(e)));
  }
  const auto size = static_cast<size_t>(st.st_size);
  const uint8_t* data = nullptr;
  if (size > 0) {
    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      const int e = errno;
      ::close(fd);
      return absl::UnavailableError(absl::StrCat(path, ": cannot map: ", std::strerror(e)));
    }
    ::madvise(m, size, MADV_SEQUENTIAL);
    data = static_cast<const uint8_t*>(m);
  }
  ::close(fd);
  return RecordReader(path, data, size);
}

RecordReader::RecordReader(RecordReader&& o) noexcept
    : path_(std::move(o.path_)),
      data_(o.data_),
      size_(o.size_),
      pos_(o.pos_),
      record_offset_(o.record_offset_),
      torn_reason_(std::move(o.torn_reason_)) {
  o.data_ = nullptr;
  o.size_ = 0;
}

RecordReader::~RecordReader() {
  if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
}

absl::StatusOr<RecordReader::Step> RecordReader::Next(Record* record) {
  record_offset_ = pos_;
  if (pos_ == size_) return Step::kEnd;
  auto corrupt = [&](const std::string& why) {
    return absl::DataLossError(
        absl::StrFormat("%s: corrupt record at offset %d: %s", path_, record_offset_, why));
  };
  if (size_ - pos_ < kRecordHeaderBytes) {
    torn_reason_ = absl::StrFormat("%d bytes, less than a record header", size_ - pos_);
    return Step::kTorn;
  }
  const uint32_t n = GetU32(data_ + pos_);
  const uint32_t crc = GetU32(data_ + pos_ + 4);
  if (n > kMaxRecordBytes) return corrupt(absl::StrFormat("length %d over the limit", n));
  const size_t end = pos_ + kRecordHeaderBytes + n;
  if (end > size_) {
    torn_reason_ =
        absl::StrFormat("record of %d bytes cut short at %d", n, size_ - pos_ - kRecordHeaderBytes);
    return Step::kTorn;
  }
  const uint8_t* payload = data_ + pos_ + kRecordHeaderBytes;
  if (Crc32c(payload, n) != crc) {
    if (end == size_) {
      torn_reason_ = "checksum mismatch in the last record";
      return Step::kTorn;
    }
    return corrupt(
        absl::StrFormat("checksum mismatch (stored %08x, computed %08x)", crc, Crc32c(payload, n)));
  }
  if (!record->ParseFromArray(payload, static_cast<int>(n)) ||
      record->body_case() == Record::BODY_NOT_SET) {
    return corrupt("the payload does not parse as a journal record");
  }
  pos_ = end;
  return Step::kRecord;
}

}  // namespace ftz::journal
