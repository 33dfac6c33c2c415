#include "gateway/logon_guard.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ftz::gw {

using std::chrono::milliseconds;

LogonGuard::LogonGuard(const Exchange& exchange, std::shared_ptr<const Credentials> credentials,
                       bool demo_tokens, LogonBackoff backoff)
    : exchange_(exchange),
      credentials_(std::move(credentials)),
      demo_tokens_(demo_tokens),
      backoff_(backoff) {}

absl::StatusOr<ParticipantId> LogonGuard::Authenticate(const std::string& participant,
                                                       const std::string& token) const {
  if (credentials_) {
    // Checked first, whether or not the market knows the name: the same time either way.
    const bool ok = credentials_->Check(participant, token);
    std::optional<ParticipantId> p = exchange_.FindParticipant(participant);
    if (!ok || !p) return absl::PermissionDeniedError("unknown participant or wrong token");
    return *p;
  }
  if (demo_tokens_) return exchange_.Authenticate(participant, token);
  return absl::PermissionDeniedError("the server has no credentials (ftz serve --credentials)");
}

absl::StatusOr<ParticipantId> LogonGuard::Check(const std::string& address,
                                                const std::string& participant,
                                                const std::string& token, Clock::time_point now) {
  auto it = by_address_.find(address);
  if (it != by_address_.end() && now < it->second.until) {
    ++failures_;
    const auto left = std::chrono::duration_cast<milliseconds>(it->second.until - now).count() + 1;
    return absl::ResourceExhaustedError(absl::StrCat(it->second.failures,
                                                     " failed logons in a row from ", address,
                                                     ": logons refused for ", left, " ms more"));
  }
  absl::StatusOr<ParticipantId> who = Authenticate(participant, token);
  if (who.ok()) {
    if (it != by_address_.end()) by_address_.erase(it);
    return who;
  }
  ++failures_;
  if (it == by_address_.end()) {
    if (by_address_.size() >= backoff_.max_addresses) Forget(now);
    it = by_address_.emplace(address, Record{}).first;
  } else if (now - it->second.last > 2 * milliseconds(backoff_.max_backoff_ms)) {
    it->second = Record{};  // a quiet spell: a fresh start
  }
  Record& r = it->second;
  r.last = now;
  if (++r.failures >= backoff_.free_failures) {
    const uint32_t doublings = std::min<uint32_t>(r.failures - backoff_.free_failures, 20);
    const uint64_t ms =
        std::min<uint64_t>(uint64_t{backoff_.backoff_ms} << doublings, backoff_.max_backoff_ms);
    r.until = now + milliseconds(ms);
  }
  return who.status();
}

void LogonGuard::Forget(Clock::time_point now) {
  const auto quiet = 2 * milliseconds(backoff_.max_backoff_ms);
  absl::erase_if(by_address_, [&](const auto& kv) { return now - kv.second.last > quiet; });
  if (by_address_.size() < backoff_.max_addresses) return;
  // Still full of recent failures (many addresses at once): the oldest goes.
  auto oldest = by_address_.begin();
  for (auto it = by_address_.begin(); it != by_address_.end(); ++it) {
    if (it->second.last < oldest->second.last) oldest = it;
  }
  by_address_.erase(oldest);
}

}  // namespace ftz::gw
