#include "sim/report/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace ftz::sim {

ProgressBar::ProgressBar(std::string label, uint64_t total, std::string unit, bool enabled,
                         std::FILE* out)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      enabled_(enabled),
      tty_(isatty(fileno(out)) != 0),
      out_(out),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

std::string ProgressBar::FormatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return "--:--";
  const int64_t t = static_cast<int64_t>(s + 0.5);
  if (t >= 3600) return absl::StrFormat("%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
  return absl::StrFormat("%d:%02d", t / 60, t % 60);
}

std::string ProgressBar::Render(const std::string& label, uint64_t done, uint64_t total,
                                const std::string& unit, double elapsed_s, bool bar,
                                double partial) {
  const double progressed = static_cast<double>(done) + std::max(0.0, partial);
  const double frac = total ? std::min(1.0, progressed / static_cast<double>(total)) : 0;
  std::string s = label;
  if (bar) {
    constexpr int kWidth = 24;
    const int full = static_cast<int>(frac * kWidth);
    s += "  [";
    for (int i = 0; i < kWidth; ++i) s += i < full ? "\u2588" : "\u2591";
    s += "]";
  }
  s += absl::StrFormat("  %d/%d %s  %3.0f%%  elapsed %s", done, total, unit, frac * 100,
                       FormatDuration(elapsed_s));
  if (progressed > 0 && done < total && elapsed_s >= 1) {
    const double eta =
        elapsed_s / progressed * std::max(0.0, static_cast<double>(total) - progressed);
    s += "  ETA " + FormatDuration(eta);
  }
  return s;
}

void ProgressBar::Set(uint64_t done, uint64_t total) {
  std::lock_guard<std::mutex> lock(mu_);
  if (total) total_ = total;
  done_ = done;
  DrawLocked(false);
}

void ProgressBar::Add(uint64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  done_ += n;
  if (total_ && done_ >= total_) partial_ = 0;
  DrawLocked(false);
}

void ProgressBar::SetPartial(double partial) {
  std::lock_guard<std::mutex> lock(mu_);
  partial_ = partial;
  DrawLocked(false);
}

void ProgressBar::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  DrawLocked(true);
  if (tty_) std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressBar::DrawLocked(bool force) {
  if (!enabled_ || (finished_ && !force)) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  const bool complete = total_ && done_ >= total_;
  if (!force) {
    if (tty_ && drawn_ && since < 0.1 && !complete) return;
    if (!tty_ && (since < 5.0 || complete)) return;  // the final line comes from Finish
  }
  last_draw_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::string line = Render(label_, done_, total_, unit_, elapsed, tty_, partial_);
  if (tty_) {
    std::fprintf(out_, "\r%s\x1b[K", line.c_str());
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

}  // namespace ftz::sim
