#include "tests/hostile/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace ftz::hostile {

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) {
    error_ = "pipe failed";
    return;
  }
  std::vector<std::string> argv_s = {binary, "serve", "--port=0"};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  // The first line: "ftz serve: listening on 127.0.0.1:PORT".
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[256];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<size_t>(n));
  }
  // The rest of its output goes nowhere (the pipe stays open so it never blocks).
  if (fcntl(out[0], F_SETFL, O_NONBLOCK) == 0) {
    std::thread([fd = out[0]] {
      char buf[4096];
      for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 1000) < 0) break;
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) break;
      }
      close(fd);
    }).detach();
  }
  // Only the first line: the banner that follows it (read in the same chunk) has colons.
  const size_t eol = line.find('\n');
  const size_t colon = eol == std::string::npos ? std::string::npos : line.rfind(':', eol);
  uint32_t port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(line.substr(colon + 1, eol - colon - 1), &port)) {
    error_ = absl::StrCat("ftz serve did not start: \"", line, "\"");
    return;
  }
  port_ = static_cast<uint16_t>(port);
}

ServerProcess::~ServerProcess() { Stop(); }

bool ServerProcess::alive() const {
  if (pid_ <= 0) return false;
  int status = 0;
  return waitpid(pid_, &status, WNOHANG) == 0;
}

uint64_t ServerProcess::Status(const char* field) const {
  std::ifstream in(absl::StrCat("/proc/", pid_, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) != 0) continue;
    uint64_t kb = 0;
    std::string v = line.substr(std::strlen(field));
    v = v.substr(0, v.find("kB"));
    const size_t b = v.find_first_not_of(" \t");
    if (b != std::string::npos &&
        absl::SimpleAtoi(v.substr(b, v.find_last_not_of(" \t") - b + 1), &kb)) {
      return kb * 1024;
    }
  }
  return 0;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 1000; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      pid_ = -1;
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  exit_code_ = -1;
  return exit_code_;
}

}  // namespace ftz::hostile
