#pragma once

// Small helpers the benchmark programs share (not part of the product).
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>

#include "model/error.hpp"
#include "model/messages.hpp"

namespace kompass::bench {

// The name the helpers below print first; each benchmark sets it at the start of main().
inline std::string g_program = "kompass_bench";

// Prints "PROGRAM: message" on standard error and exits with 2: the benchmark could not run.
[[noreturn]] inline void die(const std::string& message) {
  std::cerr << g_program << ": " << message << '\n';
  std::exit(2);
}

// An error's code and its English message.
inline std::string describe(const model::Error& error) {
  return error.code + ": " + model::message(model::UiLanguage::en, error.code, error.args);
}

// The value after option argv[i], advancing i past it; dies naming the option when none follows.
inline std::string option_value(int argc, char** argv, int& i) {
  if (i + 1 >= argc) {
    die(std::string("missing value after ") + argv[i]);
  }
  return argv[++i];
}

// This thread's CPU time in milliseconds.
inline double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1000 + static_cast<double>(now.tv_nsec) / 1e6;
}

} // namespace kompass::bench
