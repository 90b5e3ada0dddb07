#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kompass::e2e {

// Where the runner finds the binary under test and what $ROOT and $DATA stand for.
struct RunnerConfig {
  // The kompass binary to run.
  std::string binary;
  // The project root ($ROOT).
  std::filesystem::path root;
  // The test data folder ($DATA).
  std::filesystem::path data;
  // Keeps each case's temporary directory (for debugging) instead of removing it.
  bool keep_temporary = false;
};

// Runs a case script in a fresh temporary directory and returns one message per failed check, each naming the
// script, the step's line, the command and a diff of expected and actual; empty when the case passes.
std::vector<std::string> run_case_text(const std::string& text, const std::string& display_name,
                                       const RunnerConfig& config);

// Reads a case file and runs it with run_case_text, naming it by its path relative to config.root.
std::vector<std::string> run_case_file(const std::filesystem::path& file, const RunnerConfig& config);

} // namespace kompass::e2e
