#pragma once

#include <optional>
#include <vector>

namespace kompass::scoring {

// One question scored independently by two evaluators: each one's whole points and the question's maximum.
struct ScorePair {
  int first = 0;
  int second = 0;
  int max = 0;
};

// How well two evaluators agree over the questions both scored. Every figure is nullopt without a question.
struct Agreement {
  int count = 0;
  std::optional<double> exact_rate;               // the share of questions given the same points, 0..1
  std::optional<double> mean_absolute_difference; // in points
  // Cohen's kappa with quadratic weights, each question's points taken on its own scale (points / max, so
  // 0..max are its categories): 1 − observed / expected disagreement, where expected pairs every score of
  // one evaluator with every score of the other. nullopt ("ej definierad") when expected disagreement is 0,
  // that is when neither evaluator's scores vary.
  std::optional<double> kappa;
};

// The agreement statistics of `pairs`. A pair whose max is not positive counts as agreeing (nothing to
// disagree on) and adds no weight to kappa.
Agreement agreement(const std::vector<ScorePair>& pairs);

// The customary reading of a kappa (Landis & Koch 1977): below 0 poor, up to 0.20 slight, 0.40 fair,
// 0.60 moderate, 0.80 substantial, above that almost perfect; undefined without a kappa.
enum class KappaLevel { undefined, poor, slight, fair, moderate, substantial, almost_perfect };

KappaLevel kappa_level(const std::optional<double>& kappa);

// "undefined", "poor", "slight", "fair", "moderate", "substantial", "almost_perfect".
const char* to_string(KappaLevel level);

} // namespace kompass::scoring
