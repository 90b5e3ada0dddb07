#pragma once

#include <optional>
#include <vector>

namespace kompass::scoring {

// The spread of a set of figures. Every figure is nullopt when the set is empty.
struct Distribution {
  int count = 0;
  std::optional<double> min;
  std::optional<double> lower_quartile; // 25th percentile
  std::optional<double> median;
  std::optional<double> upper_quartile; // 75th percentile
  std::optional<double> max;
  std::optional<double> mean;
  bool operator==(const Distribution&) const = default;
};

// The p-quantile (0 ≤ p ≤ 1) of `sorted` (ascending, not empty) by linear interpolation between the closest
// ranks, Hyndman and Fan's type 7 (the default of R and of NumPy's percentile): with h = (n − 1)·p, the value
// x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]) on 0-based positions.
double quantile(const std::vector<double>& sorted, double p);

// Count, minimum, quartiles and median (type 7, see quantile), maximum and mean of `values` in any order.
Distribution distribute(std::vector<double> values);

// The competition rank ("1224" ranking) of each value, in the order given: the highest value ranks 1, equal
// values share the best rank among them, and the next lower value ranks one more than the number of values
// above it (1, 2, 2, 4).
std::vector<int> competition_ranks(const std::vector<double>& values);

} // namespace kompass::scoring
