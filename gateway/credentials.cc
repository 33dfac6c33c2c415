#include "gateway/credentials.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace ftz::gw {

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  const size_t n = a.size() > b.size() ? a.size() : b.size();
  // Different lengths differ, but every byte is still read: the loop runs to the
  // longer length, comparing a missing byte as 0 against the other's.
  volatile unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = diff | static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

absl::StatusOr<Credentials> Credentials::Parse(absl::string_view text, const std::string& name) {
  Credentials c;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> f =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (f.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ":", line_no, ": expected `participant token`"));
    }
    if (!c.tokens_.emplace(std::string(f[0]), std::string(f[1])).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ":", line_no, ": participant ", f[0], " listed twice"));
    }
  }
  if (c.tokens_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": no credentials in the file"));
  }
  return c;
}

absl::StatusOr<Credentials> Credentials::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the credentials file"));
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

bool Credentials::Check(const std::string& participant, absl::string_view token) const {
  static const std::string kDummy(32, '\x5a');
  auto it = tokens_.find(participant);
  const bool known = it != tokens_.end();
  const bool equal = ConstantTimeEquals(known ? absl::string_view(it->second) : kDummy, token);
  return known && equal;
}

}  // namespace ftz::gw
