#include <gtest/gtest.h>

#include "scoring/ranking.hpp"
#include "unit/scoring/ranking_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass::scoring::testing;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "ranking";

class RankingFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(RankingFixture, ProducesExpectedOutput) {
  try {
    auto outcome = run_ranking_fixture(GetParam());
    EXPECT_EQ(outcome.expected, outcome.actual) << "fixture " << GetParam().string();
  } catch (const FixtureError& error) {
    FAIL() << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Data, RankingFixture, ::testing::ValuesIn(fixture_files(k_fixture_dir)),
                         [](const ::testing::TestParamInfo<fs::path>& info) { return fixture_name(info.param); });

// Guards against a moved or empty fixture folder silently running no cases.
TEST(RankingFixtures, FolderHasFixtures) { EXPECT_FALSE(fixture_files(k_fixture_dir).empty()) << k_fixture_dir; }

// The quantile at the ends and between ranks, outside the fixtures' quartiles.
TEST(Quantile, EndsAndInterpolation) {
  const std::vector<double> sorted = {10, 20, 40};
  EXPECT_DOUBLE_EQ(kompass::scoring::quantile(sorted, 0.0), 10);
  EXPECT_DOUBLE_EQ(kompass::scoring::quantile(sorted, 1.0), 40);
  EXPECT_DOUBLE_EQ(kompass::scoring::quantile(sorted, 0.9), 36);
}

} // namespace
