#include "unit/scoring/ranking_fixture.hpp"

#include <charconv>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "scoring/ranking.hpp"

namespace kompass::scoring::testing {
namespace {

namespace fs = std::filesystem;

// Shortest exact-enough text: 66.25, 20, 483.7777778.
std::string number(const std::optional<double>& value) {
  if (!value) {
    return "none";
  }
  std::ostringstream out;
  out << std::setprecision(10) << *value;
  return out.str();
}

} // namespace

FixtureOutcome run_ranking_fixture(const fs::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw FixtureError(file.string() + ":0: cannot read the fixture");
  }
  std::optional<std::vector<double>> values;
  std::string expected;
  bool expecting = false;
  std::string line;
  for (int number_of_line = 1; std::getline(in, line); ++number_of_line) {
    if (expecting) {
      expected += line + "\n";
      continue;
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word == "expect") {
      expecting = true;
    } else if (word == "values" && !values) {
      values.emplace();
      while (words >> word) {
        double value = 0;
        auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
        if (ec != std::errc{} || end != word.data() + word.size()) {
          throw FixtureError(file.string() + ":" + std::to_string(number_of_line) + ": not a number: " + word);
        }
        values->push_back(value);
      }
    } else {
      throw FixtureError(file.string() + ":" + std::to_string(number_of_line) + ": unexpected line: " + line);
    }
  }
  if (!values || !expecting) {
    throw FixtureError(file.string() + ":0: a fixture needs one 'values' line and an 'expect' line");
  }
  while (expected.size() >= 2 && expected.ends_with("\n\n")) {
    expected.pop_back();
  }
  auto distribution = distribute(*values);
  std::string actual = "count: " + std::to_string(distribution.count) + "\n";
  actual += "min: " + number(distribution.min) + "\n";
  actual += "lower quartile: " + number(distribution.lower_quartile) + "\n";
  actual += "median: " + number(distribution.median) + "\n";
  actual += "upper quartile: " + number(distribution.upper_quartile) + "\n";
  actual += "max: " + number(distribution.max) + "\n";
  actual += "mean: " + number(distribution.mean) + "\n";
  actual += "ranks:";
  for (int rank : competition_ranks(*values)) {
    actual += " " + std::to_string(rank);
  }
  actual += "\n";
  return {expected, actual};
}

} // namespace kompass::scoring::testing
