// When the journal forces its writes to the disk.
#pragma once

#include <optional>
#include <string>

namespace ftz::journal {

enum class FsyncMode {
  kBatch,  // one fdatasync per group-commit batch, before any of its effects are sent
  kEvery,  // one fdatasync per input (lowest throughput, no batching of durability)
  kNone,   // never: the operating system writes back (survives a process crash, not a
           // machine crash)
};

inline std::optional<FsyncMode> ParseFsyncMode(const std::string& s) {
  if (s == "batch") return FsyncMode::kBatch;
  if (s == "every") return FsyncMode::kEvery;
  if (s == "none") return FsyncMode::kNone;
  return std::nullopt;
}

inline const char* ToString(FsyncMode m) {
  switch (m) {
    case FsyncMode::kBatch:
      return "batch";
    case FsyncMode::kEvery:
      return "every";
    case FsyncMode::kNone:
      return "none";
  }
  return "?";
}

}  // namespace ftz::journal
