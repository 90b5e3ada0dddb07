#include "scoring/drift.hpp"

#include <cstdlib>
#include <map>
#include <set>

namespace kompass::scoring {

std::vector<Drift> drift(const std::vector<OwnAgainstAgreed>& pairs) {
  struct Sums {
    int count = 0;
    long long signed_sum = 0;
    long long absolute_sum = 0;
    std::set<std::string> evaluations;
  };
  std::map<std::string, Sums> by_evaluator;
  for (const auto& pair : pairs) {
    auto& sums = by_evaluator[pair.evaluator];
    ++sums.count;
    sums.signed_sum += pair.own - pair.agreed;
    sums.absolute_sum += std::abs(pair.own - pair.agreed);
    sums.evaluations.insert(pair.evaluation);
  }
  std::vector<Drift> result;
  for (const auto& [evaluator, sums] : by_evaluator) {
    const double n = static_cast<double>(sums.count);
    result.push_back({evaluator, sums.count, static_cast<int>(sums.evaluations.size()),
                      static_cast<double>(sums.signed_sum) / n, static_cast<double>(sums.absolute_sum) / n});
  }
  return result;
}

} // namespace kompass::scoring
