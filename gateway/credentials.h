// Logon credentials: each participant's secret token, from a file of its own (not the
// market config, which is shared and versioned). Tokens are compared in constant time.
//
// File format: one `participant token` pair per line, separated by whitespace; blank
// lines and lines starting with '#' are ignored. A participant listed twice, a line
// that is not a pair, or an empty file is an error naming the line.
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace ftz::gw {

class Credentials {
 public:
  static absl::StatusOr<Credentials> Parse(absl::string_view text, const std::string& name);
  static absl::StatusOr<Credentials> Load(const std::string& path);

  // Whether `token` is the participant's. Takes the same time whatever the token and
  // whether the participant is listed (a dummy is compared instead), for tokens of the
  // same length: no timing tells how much of a guess was right.
  bool Check(const std::string& participant, absl::string_view token) const;
  size_t size() const { return tokens_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> tokens_;
};

// Constant-time equality: reads every byte of both (up to the longer), branch-free.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace ftz::gw
