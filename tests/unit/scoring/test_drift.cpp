#include <gtest/gtest.h>

#include <sstream>

#include "scoring/drift.hpp"
#include "unit/scoring/scoring_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass::scoring;
using kompass::scoring::testing::fixed3;
using kompass::scoring::testing::fixture_files;
using kompass::scoring::testing::fixture_name;
using kompass::scoring::testing::read_lines_fixture;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "drift";

std::string figure(double value) { return fixed3(value); }

struct Case {
  std::vector<OwnAgainstAgreed> pairs;
  std::string expected;
};

Case read_case(const fs::path& file) {
  auto lines = read_lines_fixture(file);
  Case result{{}, lines.expected};
  for (const auto& [number, line] : lines.input) {
    std::istringstream fields(line);
    OwnAgainstAgreed pair;
    if (!(fields >> pair.evaluator >> pair.evaluation >> pair.own >> pair.agreed)) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": expected EVALUATOR EVALUATION OWN AGREED");
    }
    result.pairs.push_back(pair);
  }
  return result;
}

class DriftFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(DriftFixture, MatchesTheHandComputedFigures) {
  Case fixture;
  try {
    fixture = read_case(GetParam());
  } catch (const std::exception& error) {
    FAIL() << error.what();
  }
  std::string actual;
  for (const auto& entry : drift(fixture.pairs)) {
    actual += entry.evaluator + " scores " + std::to_string(entry.scores) + " evaluations " +
              std::to_string(entry.evaluations) + " signed " + figure(entry.mean_signed) + " absolute " +
              figure(entry.mean_absolute) + "\n";
  }
  EXPECT_EQ(fixture.expected, actual) << "fixture " << GetParam().string();
}

INSTANTIATE_TEST_SUITE_P(Data, DriftFixture, ::testing::ValuesIn(fixture_files(k_fixture_dir)),
                         [](const ::testing::TestParamInfo<fs::path>& info) { return fixture_name(info.param); });

// Guards against a moved or empty fixture folder silently running no cases.
TEST(DriftFixtures, FolderHasFixtures) { EXPECT_FALSE(fixture_files(k_fixture_dir).empty()) << k_fixture_dir; }

} // namespace
