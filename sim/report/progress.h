// A progress bar on stderr for long runs. On a terminal it redraws one line in place
// (\r) at most ten times a second; otherwise (a log file, a cluster job) it prints a
// line every few seconds. Thread-safe.
//
//   sweep  [███████████░░░░░░░░░░░░░]  45/270 cells  17%  elapsed 1:02  ETA 5:10
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace ftz::sim {

class ProgressBar {
 public:
  // `unit` names what is counted ("cells", "periods"). `enabled` false: silent.
  ProgressBar(std::string label, uint64_t total, std::string unit, bool enabled = true,
              std::FILE* out = stderr);
  ~ProgressBar();  // finishes if not finished

  // Sets the count done (and the total, when non-zero).
  void Set(uint64_t done, uint64_t total = 0);
  // Adds to the count done.
  void Add(uint64_t n = 1);
  // Work in progress beyond the count done, in the same units (e.g. 1.4 cells partly
  // run): moves the percentage and the ETA, not the count.
  void SetPartial(double partial);
  // Draws the final state and ends the line.
  void Finish();

  // One rendering of the bar (no \r), for tests and the non-terminal log lines.
  static std::string Render(const std::string& label, uint64_t done, uint64_t total,
                            const std::string& unit, double elapsed_s, bool bar,
                            double partial = 0);
  // "0:07", "12:34", "1:02:03".
  static std::string FormatDuration(double seconds);

 private:
  void DrawLocked(bool force);

  std::mutex mu_;
  std::string label_;
  std::string unit_;
  uint64_t total_;
  uint64_t done_ = 0;
  double partial_ = 0;
  bool enabled_;
  bool tty_;
  bool finished_ = false;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace ftz::sim
