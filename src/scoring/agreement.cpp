#include "scoring/agreement.hpp"

#include <cmath>
#include <cstdlib>

namespace kompass::scoring {

namespace {

double scaled(int points, int max) { return max > 0 ? static_cast<double>(points) / max : 0.0; }

} // namespace

Agreement agreement(const std::vector<ScorePair>& pairs) {
  Agreement result;
  result.count = static_cast<int>(pairs.size());
  if (pairs.empty()) {
    return result;
  }
  int same = 0;
  double absolute = 0;
  double observed = 0;
  for (const auto& pair : pairs) {
    same += pair.first == pair.second ? 1 : 0;
    absolute += std::abs(pair.first - pair.second);
    const double difference = scaled(pair.first, pair.max) - scaled(pair.second, pair.max);
    observed += difference * difference;
  }
  const double n = static_cast<double>(pairs.size());
  result.exact_rate = same / n;
  result.mean_absolute_difference = absolute / n;
  // With quadratic weights, the disagreement expected from the two evaluators' own distributions is the mean
  // over every (one evaluator's score, the other's score) combination.
  double expected = 0;
  for (const auto& mine : pairs) {
    for (const auto& theirs : pairs) {
      const double difference = scaled(mine.first, mine.max) - scaled(theirs.second, theirs.max);
      expected += difference * difference;
    }
  }
  expected /= n * n;
  observed /= n;
  if (expected > 1e-12) {
    result.kappa = 1.0 - observed / expected;
  }
  return result;
}

KappaLevel kappa_level(const std::optional<double>& kappa) {
  if (!kappa) {
    return KappaLevel::undefined;
  }
  // Compared with a little slack, so that a kappa computed as 0.2000000001 reads as the 0.20 it is.
  constexpr double k_slack = 1e-9;
  const double value = *kappa;
  if (value < -k_slack) {
    return KappaLevel::poor;
  }
  if (value <= 0.20 + k_slack) {
    return KappaLevel::slight;
  }
  if (value <= 0.40 + k_slack) {
    return KappaLevel::fair;
  }
  if (value <= 0.60 + k_slack) {
    return KappaLevel::moderate;
  }
  if (value <= 0.80 + k_slack) {
    return KappaLevel::substantial;
  }
  return KappaLevel::almost_perfect;
}

const char* to_string(KappaLevel level) {
  switch (level) {
  case KappaLevel::undefined:
    return "undefined";
  case KappaLevel::poor:
    return "poor";
  case KappaLevel::slight:
    return "slight";
  case KappaLevel::fair:
    return "fair";
  case KappaLevel::moderate:
    return "moderate";
  case KappaLevel::substantial:
    return "substantial";
  case KappaLevel::almost_perfect:
    return "almost_perfect";
  }
  return "undefined";
}

} // namespace kompass::scoring
