#pragma once

#include <string>
#include <vector>

namespace kompass::scoring {

// One score an evaluator gave on their own beside the agreed score of the same question (or area) of an
// evaluation, in whole points.
struct OwnAgainstAgreed {
  std::string evaluator;
  std::string evaluation;
  int own = 0;
  int agreed = 0;
};

// How far one evaluator's own scores lie from the agreed ones: the mean of own − agreed (positive: scores
// higher than agreed, "generous"), the mean of |own − agreed|, over `scores` pairs from `evaluations`
// evaluations.
struct Drift {
  std::string evaluator;
  int scores = 0;
  int evaluations = 0;
  double mean_signed = 0.0;
  double mean_absolute = 0.0;
  bool operator==(const Drift&) const = default;
};

// Each evaluator's drift over `pairs`, one entry per evaluator named in them, ordered by name (byte order).
std::vector<Drift> drift(const std::vector<OwnAgainstAgreed>& pairs);

} // namespace kompass::scoring
