// A token bucket: `rate` tokens a second, at most `burst` saved up, one token per
// admitted message. The sessions' throttles (order entry, market-data requests) are
// each one of these. Pure: the caller passes the time.
#pragma once

#include <algorithm>
#include <chrono>

namespace ftz::gw {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // Full: `burst` tokens at `now`.
  void Reset(double rate, double burst, Clock::time_point now) {
    rate_ = rate;
    burst_ = burst;
    tokens_ = burst;
    refilled_ = now;
  }

  // Refills for the time since the last call, then takes one token: false when there
  // is none (the message is refused and nothing is taken).
  bool Take(Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - refilled_).count();
    if (elapsed > 0) {
      tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
      refilled_ = now;
    }
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  double rate_ = 0;
  double burst_ = 0;
  double tokens_ = 0;
  Clock::time_point refilled_{};
};

}  // namespace ftz::gw
