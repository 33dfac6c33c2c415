// `ftz serve` in a process of its own, for tests that measure it from outside (its RSS,
// whether it stays up) while clients in the test process attack it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ftz::hostile {

class ServerProcess {
 public:
  // Starts `ftz` (the binary at `binary`) as `ftz serve --port=0 ARGS...` and waits for
  // its listening line. port() is 0 when it did not start (error() says why).
  ServerProcess(const std::string& binary, const std::vector<std::string>& args);
  ~ServerProcess();  // Stop()s

  uint16_t port() const { return port_; }
  const std::string& error() const { return error_; }
  // Whether the process is still running.
  bool alive() const;
  // Resident set size now, and its peak so far (VmRSS, VmHWM), in bytes.
  uint64_t rss() const { return Status("VmRSS:"); }
  uint64_t peak_rss() const { return Status("VmHWM:"); }
  // SIGTERM, then waits: the exit code (-1: it did not exit by itself within 10 s).
  int Stop();

 private:
  uint64_t Status(const char* field) const;

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string error_;
  int exit_code_ = -1;
};

}  // namespace ftz::hostile
