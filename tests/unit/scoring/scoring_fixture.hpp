#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace kompass::scoring::testing {

// A fixture file that cannot be read or parsed; the message starts with "FILE:LINE: ".
struct FixtureError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What one fixture file expects and what the scoring functions actually produced, as text lines.
struct FixtureOutcome {
  std::string expected;
  std::string actual;
};

// Every *.test file directly under `directory`, sorted by name; empty when the directory does not exist.
std::vector<std::filesystem::path> fixture_files(const std::filesystem::path& directory);

// The gtest-safe name of a fixture: its file stem with every character other than [A-Za-z0-9_] as '_'.
std::string fixture_name(const std::filesystem::path& file);

// A fixture of input lines, then a "---" line, then the expected output lines. Blank lines and lines starting
// with '#' are skipped on both sides; each input line keeps its line number for messages.
struct LinesFixture {
  std::vector<std::pair<int, std::string>> input;
  std::string expected;
};

// Reads such a fixture; throws FixtureError when it cannot be read or has no separator.
LinesFixture read_lines_fixture(const std::filesystem::path& file);

// A figure with three decimals, as the fixtures print them (-0.000 is 0.000).
std::string fixed3(double value);

// Reads a fixture (format in tests/data/scoring/README.md), runs the scoring function its mode names and
// prints the result; throws FixtureError for a malformed fixture.
FixtureOutcome run_fixture(const std::filesystem::path& file);

} // namespace kompass::scoring::testing
