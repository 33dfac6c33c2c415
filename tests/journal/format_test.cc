// The journal's file format: CRC32C, framing, torn last records and corruption found
// at the exact offset, segment writes that fail on a full disk and take nothing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "journal/crc32c.h"
#include "journal/directory.h"
#include "journal/record_io.h"
#include "journal/segment_writer.h"

namespace ftz::journal {
namespace {

namespace fs = std::filesystem;

std::string TempDir(const std::string& name) {
  const fs::path p =
      fs::temp_directory_path() / ("ftz-jfmt-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

Record Inputs(uint64_t first, int n) {
  Record r;
  InputBatch* b = r.mutable_inputs();
  b->set_first_seq(first);
  for (int i = 0; i < n; ++i) {
    b->add_kind(INPUT_COMMAND);
    b->add_price(1000 + i);
  }
  return r;
}

// Writes a header and three batches; returns the offsets of the four records.
std::vector<uint64_t> WriteFile(const std::string& path) {
  std::string bytes;
  std::vector<uint64_t> offsets;
  Record h;
  h.mutable_header()->set_format_version(1);
  h.mutable_header()->set_kind(FileHeader::SEGMENT);
  h.mutable_header()->set_seq(1);
  offsets.push_back(bytes.size());
  AppendRecord(h, &bytes);
  for (int i = 0; i < 3; ++i) {
    offsets.push_back(bytes.size());
    AppendRecord(Inputs(1 + 10 * i, 10), &bytes);
  }
  std::ofstream(path, std::ios::binary) << bytes;
  return offsets;
}

int CountRecords(RecordReader& reader, RecordReader::Step* last) {
  Record r;
  int n = 0;
  for (;;) {
    absl::StatusOr<RecordReader::Step> s = reader.Next(&r);
    EXPECT_TRUE(s.ok()) << s.status();
    if (!s.ok() || *s != RecordReader::Step::kRecord) {
      if (s.ok()) *last = *s;
      return n;
    }
    ++n;
  }
}

TEST(Crc32c, KnownValue) {
  // The CRC32C check value (RFC 3720, iSCSI).
  EXPECT_EQ(Crc32c("123456789", 9), 0xE3069283u);
  EXPECT_EQ(Crc32cTable("123456789", 9), 0xE3069283u);
}

// The crc32 instruction against Boost.CRC's table on every length up to 300 at every
// alignment up to 8, over random bytes.
TEST(Crc32c, InstructionEqualsTable) {
  if (!HasCrc32cInstruction()) GTEST_SKIP() << "this CPU has no SSE4.2 crc32 instruction";
  std::mt19937_64 rng(12345);
  std::vector<unsigned char> bytes(320);
  for (auto& b : bytes) b = static_cast<unsigned char>(rng());
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t n = 0; n <= 300; ++n) {
      ASSERT_EQ(Crc32cInstruction(bytes.data() + offset, n), Crc32cTable(bytes.data() + offset, n))
          << "offset " << offset << " length " << n;
    }
  }
}

TEST(RecordIo, ReadsBackWhatWasWritten) {
  const std::string path = TempDir("rt") + "/journal-00000000000000000001.wal";
  WriteFile(path);
  absl::StatusOr<RecordReader> reader = RecordReader::Open(path);
  ASSERT_TRUE(reader.ok());
  RecordReader::Step last{};
  EXPECT_EQ(CountRecords(*reader, &last), 4);
  EXPECT_EQ(last, RecordReader::Step::kEnd);
}

TEST(RecordIo, TornLastRecordIsReportedNotAnError) {
  const std::string path = TempDir("torn") + "/journal-00000000000000000001.wal";
  const std::vector<uint64_t> offsets = WriteFile(path);
  fs::resize_file(path, fs::file_size(path) - 3);  // the last write cut short
  absl::StatusOr<RecordReader> reader = RecordReader::Open(path);
  ASSERT_TRUE(reader.ok());
  RecordReader::Step last{};
  EXPECT_EQ(CountRecords(*reader, &last), 3);
  EXPECT_EQ(last, RecordReader::Step::kTorn);
  EXPECT_EQ(reader->record_offset(), offsets[3]);
  EXPECT_EQ(reader->good_end(), offsets[3]);
}

TEST(RecordIo, CorruptionInTheMiddleNamesFileAndOffset) {
  const std::string path = TempDir("flip") + "/journal-00000000000000000001.wal";
  const std::vector<uint64_t> offsets = WriteFile(path);
  // Flip one payload byte of the second batch (not the last record).
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offsets[2] + kRecordHeaderBytes + 5));
    char c = 0;
    f.seekg(static_cast<std::streamoff>(offsets[2] + kRecordHeaderBytes + 5));
    f.read(&c, 1);
    c ^= 0x40;
    f.seekp(static_cast<std::streamoff>(offsets[2] + kRecordHeaderBytes + 5));
    f.write(&c, 1);
  }
  absl::StatusOr<RecordReader> reader = RecordReader::Open(path);
  ASSERT_TRUE(reader.ok());
  Record r;
  ASSERT_EQ(*reader->Next(&r), RecordReader::Step::kRecord);
  ASSERT_EQ(*reader->Next(&r), RecordReader::Step::kRecord);
  absl::StatusOr<RecordReader::Step> s = reader->Next(&r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kDataLoss);
  const std::string msg(s.status().message());
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_NE(msg.find("offset " + std::to_string(offsets[2])), std::string::npos) << msg;
  EXPECT_NE(msg.find("checksum"), std::string::npos) << msg;
}

TEST(RecordIo, ImpossibleLengthIsCorruption) {
  const std::string path = TempDir("len") + "/journal-00000000000000000001.wal";
  const std::vector<uint64_t> offsets = WriteFile(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offsets[1] + 3));
    f.put(static_cast<char>(0x7f));  // length over 1 GiB
  }
  absl::StatusOr<RecordReader> reader = RecordReader::Open(path);
  ASSERT_TRUE(reader.ok());
  Record r;
  ASSERT_EQ(*reader->Next(&r), RecordReader::Step::kRecord);
  absl::StatusOr<RecordReader::Step> s = reader->Next(&r);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.status().message()).find("offset " + std::to_string(offsets[1])),
            std::string::npos);
}

// Under a file-size limit (a full disk), a write fails with a clear error, takes
// nothing (the file keeps its last good size) and a later smaller write still works.
TEST(SegmentWriter, FullDiskTakesNothing) {
  const std::string dir = TempDir("full");
  const std::string path = SegmentPath(dir, 1);
  const pid_t pid = ::fork();
  if (pid == 0) {
    rlimit lim{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &lim);
    FileHeader h;
    h.set_format_version(1);
    h.set_kind(FileHeader::SEGMENT);
    h.set_seq(1);
    auto w = SegmentWriter::Create(path, h, FsyncMode::kBatch);
    if (!w.ok()) ::_exit(10);
    (*w)->Add(Inputs(1, 10));
    if (!(*w)->Write().ok()) ::_exit(11);
    const uint64_t good = (*w)->size();
    (*w)->Add(Inputs(11, 2000));  // far over the limit
    absl::Status s = (*w)->Write();
    if (s.ok() || s.code() != absl::StatusCode::kResourceExhausted) ::_exit(12);
    if (std::string(s.message()).find(path) == std::string::npos) ::_exit(13);
    if (fs::file_size(path) != good || (*w)->size() != good) ::_exit(14);
    (*w)->Add(Inputs(11, 5));
    if (!(*w)->Write().ok() || !(*w)->Sync().ok()) ::_exit(15);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the writer was killed (SIGXFSZ?)";
  ASSERT_EQ(WEXITSTATUS(status), 0);
  absl::StatusOr<RecordReader> reader = RecordReader::Open(path);
  ASSERT_TRUE(reader.ok());
  RecordReader::Step last{};
  EXPECT_EQ(CountRecords(*reader, &last), 3);  // header, 10 inputs, 5 inputs
  EXPECT_EQ(last, RecordReader::Step::kEnd);
}

TEST(Directory, ListsByName) {
  const std::string dir = TempDir("ls");
  std::ofstream(SegmentPath(dir, 1)) << "";
  std::ofstream(SegmentPath(dir, 501)) << "";
  std::ofstream(SnapshotPath(dir, 500)) << "";
  std::ofstream(dir + "/notes.txt") << "";
  absl::StatusOr<DirectoryListing> l = ListDirectory(dir);
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(l->segments.size(), 2u);
  EXPECT_EQ(l->segments[1].seq, 501u);
  ASSERT_EQ(l->snapshots.size(), 1u);
  EXPECT_EQ(l->snapshots[0].seq, 500u);
}

TEST(Directory, UnusableDirectoryIsAClearError) {
  const std::string dir = TempDir("file");
  std::ofstream(dir + "/plain") << "x";
  absl::Status s = PrepareDirectory(dir + "/plain");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find(dir + "/plain"), std::string::npos) << s;
}

}  // namespace
}  // namespace ftz::journal
