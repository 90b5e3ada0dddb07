#pragma once

#include <filesystem>

#include "unit/scoring/scoring_fixture.hpp"

namespace kompass::scoring::testing {

// Reads a ranking fixture (format in tests/data/ranking/README.md), runs distribute() and competition_ranks()
// on its values and prints the results; throws FixtureError for a malformed fixture.
FixtureOutcome run_ranking_fixture(const std::filesystem::path& file);

} // namespace kompass::scoring::testing
