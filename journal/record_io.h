// Journal records on disk: uint32 LE length N | uint32 LE CRC32C of the payload | N
// bytes of one ftz.journal.Record. AppendRecord frames one; RecordReader walks a file.
//
// A file ends cleanly at a record boundary. A last record that is cut short, or whose
// checksum fails and that reaches the end of the file, is a torn write (a crash in the
// middle of an append): reported as such, with its offset. Anything else that does not
// check out (a bad checksum, a length past the limit, a payload that does not parse,
// followed by more data) is corruption: an error naming the file, the offset and why.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "proto/ftz_journal.pb.h"

namespace ftz::journal {

constexpr size_t kRecordHeaderBytes = 8;
// No record is larger (a snapshot of a very large book is the biggest).
constexpr uint32_t kMaxRecordBytes = uint32_t{1} << 30;

// Serializes `record` framed onto the end of `out`.
void AppendRecord(const Record& record, std::string* out);

class RecordReader {
 public:
  // Maps the whole file (read-only).
  static absl::StatusOr<RecordReader> Open(const std::string& path);
  RecordReader(RecordReader&& other) noexcept;
  RecordReader& operator=(RecordReader&&) = delete;
  ~RecordReader();

  enum class Step { kRecord, kEnd, kTorn };
  // The next record into `record` (kRecord); kEnd at a clean end; kTorn when the rest of
  // the file is a torn last record (torn_offset(), torn_reason()). Corruption: an error.
  absl::StatusOr<Step> Next(Record* record);

  const std::string& path() const { return path_; }
  // Offset of the record Next() returned last (or of the torn one), and of the end of
  // the last good record.
  uint64_t record_offset() const { return record_offset_; }
  uint64_t good_end() const { return pos_; }
  uint64_t size() const { return size_; }
  const std::string& torn_reason() const { return torn_reason_; }

 private:
  RecordReader(std::string path, const uint8_t* data, size_t size)
      : path_(std::move(path)), data_(data), size_(size) {}

  std::string path_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  size_t record_offset_ = 0;
  std::string torn_reason_;
};

}  // namespace ftz::journal
