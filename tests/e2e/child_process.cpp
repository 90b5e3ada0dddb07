#include "e2e/child_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace kompass::e2e {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

} // namespace

std::map<std::string, std::string> neutral_environment() {
  std::map<std::string, std::string> result;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string text(*entry);
    auto equals = text.find('=');
    if (equals == std::string::npos) {
      continue;
    }
    std::string name = text.substr(0, equals);
    if (name == "KOMPASS_DB" || name == "LANG" || name == "LANGUAGE" || name.rfind("LC_", 0) == 0) {
      continue;
    }
    result[name] = text.substr(equals + 1);
  }
  result["LANG"] = "C";
  return result;
}

ChildResult run_child(const std::string& program, const std::vector<std::string>& args,
                      const std::filesystem::path& directory, const std::map<std::string, std::string>& environment,
                      int timeout_seconds, const std::filesystem::path& input) {
  ChildResult result;
  const auto out_path = directory / ".child-stdout";
  const auto err_path = directory / ".child-stderr";

  // Everything the child needs is prepared before fork, so that the child only calls async-signal-safe functions.
  std::vector<std::string> argv_text{program};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& word : argv_text) {
    argv.push_back(word.data());
  }
  argv.push_back(nullptr);
  std::vector<std::string> env_text;
  for (const auto& [name, value] : environment) {
    env_text.push_back(name + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& entry : env_text) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);
  const std::string directory_text = directory.string();
  const std::string input_text = input.string();
  const std::string out_text = out_path.string();
  const std::string err_text = err_path.string();

  pid_t pid = fork();
  if (pid < 0) {
    result.start_problem = std::string("fork failed: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    int in = open(input_text.c_str(), O_RDONLY);
    int out = open(out_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_text.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 ||
        chdir(directory_text.c_str()) != 0) {
      _exit(126);
    }
    execvpe(argv[0], argv.data(), envp.data());
    // 127 is what a shell reports for a program it cannot start; the message lands in the captured stderr.
    const char message[] = "exec failed\n";
    [[maybe_unused]] auto written = write(2, message, sizeof message - 1);
    _exit(127);
  }

  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (true) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      break;
    }
    if (done < 0 && errno != EINTR) {
      result.start_problem = std::string("waitpid failed: ") + std::strerror(errno);
      return result;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
    result.exit_code = 128 + result.signal;
  }
  result.out = read_all(out_path);
  result.err = read_all(err_path);
  std::error_code ignored;
  std::filesystem::remove(out_path, ignored);
  std::filesystem::remove(err_path, ignored);
  return result;
}

std::string shell_quote(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& word : words) {
    bool plain = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                         "0123456789-_./:=,+@%") == std::string::npos;
    if (!line.empty()) {
      line += ' ';
    }
    if (plain) {
      line += word;
      continue;
    }
    line += '\'';
    for (char c : word) {
      line += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    line += '\'';
  }
  return line;
}

} // namespace kompass::e2e
