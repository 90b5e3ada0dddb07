#include "scoring/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kompass::scoring {

double quantile(const std::vector<double>& sorted, double p) {
  double h = static_cast<double>(sorted.size() - 1) * p;
  auto below = static_cast<std::size_t>(std::floor(h));
  if (below + 1 >= sorted.size()) {
    return sorted.back();
  }
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

Distribution distribute(std::vector<double> values) {
  Distribution result;
  if (values.empty()) {
    return result;
  }
  std::sort(values.begin(), values.end());
  result.count = static_cast<int>(values.size());
  result.min = values.front();
  result.lower_quartile = quantile(values, 0.25);
  result.median = quantile(values, 0.5);
  result.upper_quartile = quantile(values, 0.75);
  result.max = values.back();
  result.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  return result;
}

std::vector<int> competition_ranks(const std::vector<double>& values) {
  std::vector<double> descending = values;
  std::sort(descending.begin(), descending.end(), std::greater<>());
  std::vector<int> ranks;
  ranks.reserve(values.size());
  for (double value : values) {
    // The rank is one more than the number of values strictly above it.
    auto above = std::lower_bound(descending.begin(), descending.end(), value, std::greater<>()) - descending.begin();
    ranks.push_back(static_cast<int>(above) + 1);
  }
  return ranks;
}

} // namespace kompass::scoring
