// The logon check: who a Logon's participant and token are, and how often a source
// address may try. Pure (the caller passes the time); owned by the server's I/O thread.
//
// Tokens come from a Credentials file (compared in constant time), or, only when the
// server was started with demo tokens on (`ftz serve --demo_tokens`), from the market
// (the built-in market's "secret", the default market's names): demo only.
//
// Backoff: after `free_failures` failed logons in a row from one source address, that
// address is refused for backoff_ms, then twice as long after each further failure, up
// to max_backoff_ms, without its tokens being checked. A logon that succeeds clears
// the address's record; so does a quiet spell of twice max_backoff_ms.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "gateway/credentials.h"
#include "gateway/exchange.h"

namespace ftz::gw {

struct LogonBackoff {
  uint32_t free_failures = 5;
  uint32_t backoff_ms = 100;
  uint32_t max_backoff_ms = 5000;
  size_t max_addresses = 65536;  // records kept; the oldest quiet ones go first
};

class LogonGuard {
 public:
  using Clock = std::chrono::steady_clock;

  // `credentials` null: only demo tokens, when `demo_tokens`; neither: nobody logs on.
  LogonGuard(const Exchange& exchange, std::shared_ptr<const Credentials> credentials,
             bool demo_tokens, LogonBackoff backoff);

  // The participant, or PermissionDenied (unknown participant or wrong token) or
  // ResourceExhausted (the address is backing off: the text says for how long).
  absl::StatusOr<ParticipantId> Check(const std::string& address, const std::string& participant,
                                      const std::string& token, Clock::time_point now);
  uint64_t failures() const { return failures_; }

 private:
  struct Record {
    uint32_t failures = 0;
    Clock::time_point until{};  // refused before this
    Clock::time_point last{};   // the last failure
  };
  absl::StatusOr<ParticipantId> Authenticate(const std::string& participant,
                                             const std::string& token) const;
  void Forget(Clock::time_point now);

  const Exchange& exchange_;
  std::shared_ptr<const Credentials> credentials_;
  const bool demo_tokens_;
  const LogonBackoff backoff_;
  absl::flat_hash_map<std::string, Record> by_address_;
  uint64_t failures_ = 0;
};

}  // namespace ftz::gw
