#include <gtest/gtest.h>

#include "unit/scoring/scoring_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass::scoring::testing;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "scoring";

class ScoringFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScoringFixture, ProducesExpectedOutput) {
  try {
    auto outcome = run_fixture(GetParam());
    EXPECT_EQ(outcome.expected, outcome.actual) << "fixture " << GetParam().string();
  } catch (const FixtureError& error) {
    FAIL() << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Data, ScoringFixture, ::testing::ValuesIn(fixture_files(k_fixture_dir)),
                         [](const ::testing::TestParamInfo<fs::path>& info) { return fixture_name(info.param); });

// Guards against a moved or empty fixture folder silently running no cases.
TEST(ScoringFixtures, FolderHasFixtures) { EXPECT_FALSE(fixture_files(k_fixture_dir).empty()) << k_fixture_dir; }

} // namespace
