#include <gtest/gtest.h>

#include <sstream>

#include "scoring/agreement.hpp"
#include "unit/scoring/scoring_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass::scoring;
using kompass::scoring::testing::fixed3;
using kompass::scoring::testing::fixture_files;
using kompass::scoring::testing::fixture_name;
using kompass::scoring::testing::read_lines_fixture;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "agreement";

std::string figure(const std::optional<double>& value) { return value ? fixed3(*value) : "undefined"; }

struct Case {
  std::vector<ScorePair> pairs;
  std::string expected;
};

Case read_case(const fs::path& file) {
  auto lines = read_lines_fixture(file);
  Case result{{}, lines.expected};
  for (const auto& [number, line] : lines.input) {
    std::istringstream fields(line);
    ScorePair pair;
    if (!(fields >> pair.max >> pair.first >> pair.second)) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": expected MAX FIRST SECOND");
    }
    result.pairs.push_back(pair);
  }
  return result;
}

class AgreementFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(AgreementFixture, MatchesTheHandComputedFigures) {
  Case fixture;
  try {
    fixture = read_case(GetParam());
  } catch (const std::exception& error) {
    FAIL() << error.what();
  }
  const auto result = agreement(fixture.pairs);
  const std::string actual = "count " + std::to_string(result.count) + "\nexact " + figure(result.exact_rate) +
                             "\nmad " + figure(result.mean_absolute_difference) + "\nkappa " + figure(result.kappa) +
                             "\nlevel " + to_string(kappa_level(result.kappa)) + "\n";
  EXPECT_EQ(fixture.expected, actual) << "fixture " << GetParam().string();
}

INSTANTIATE_TEST_SUITE_P(Data, AgreementFixture, ::testing::ValuesIn(fixture_files(k_fixture_dir)),
                         [](const ::testing::TestParamInfo<fs::path>& info) { return fixture_name(info.param); });

// Guards against a moved or empty fixture folder silently running no cases.
TEST(AgreementFixtures, FolderHasFixtures) { EXPECT_FALSE(fixture_files(k_fixture_dir).empty()) << k_fixture_dir; }

// The bounds of each reading, which the fixtures touch only in places.
TEST(KappaLevel, Boundaries) {
  EXPECT_EQ(kappa_level(-0.01), KappaLevel::poor);
  EXPECT_EQ(kappa_level(0.0), KappaLevel::slight);
  EXPECT_EQ(kappa_level(0.20), KappaLevel::slight);
  EXPECT_EQ(kappa_level(0.21), KappaLevel::fair);
  EXPECT_EQ(kappa_level(0.40), KappaLevel::fair);
  EXPECT_EQ(kappa_level(0.41), KappaLevel::moderate);
  EXPECT_EQ(kappa_level(0.60), KappaLevel::moderate);
  EXPECT_EQ(kappa_level(0.61), KappaLevel::substantial);
  EXPECT_EQ(kappa_level(0.80), KappaLevel::substantial);
  EXPECT_EQ(kappa_level(0.81), KappaLevel::almost_perfect);
  EXPECT_EQ(kappa_level(std::nullopt), KappaLevel::undefined);
}

} // namespace
