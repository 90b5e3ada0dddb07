#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kompass::e2e {

// How a child process ended and what it wrote.
struct ChildResult {
  // The exit status, or 128 + the signal number when a signal ended the process.
  int exit_code = 0;
  // The signal that ended the process, 0 when it exited normally.
  int signal = 0;
  // True when the process was killed for running longer than the time limit.
  bool timed_out = false;
  // Everything written to standard output.
  std::string out;
  // Everything written to standard error.
  std::string err;
  // Why the process could not be started; empty when it was.
  std::string start_problem;
};

// Runs `program` (a path, or a name looked up in PATH) with `args` in `directory`, standard input from `input`
// (/dev/null unless given), and `environment` as its whole environment; output and error output are captured
// separately through files in `directory`.
ChildResult run_child(const std::string& program, const std::vector<std::string>& args,
                      const std::filesystem::path& directory, const std::map<std::string, std::string>& environment,
                      int timeout_seconds = 120, const std::filesystem::path& input = "/dev/null");

// This process's environment without the variables that would change kompass's choices (KOMPASS_DB, LANG,
// LANGUAGE, LC_*), and with LANG=C.
std::map<std::string, std::string> neutral_environment();

// The words of a command line, quoted for a POSIX shell where they need it, for failure messages.
std::string shell_quote(const std::vector<std::string>& words);

} // namespace kompass::e2e
