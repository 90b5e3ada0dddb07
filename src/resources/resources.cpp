#include "resources/resources.hpp"

#include <algorithm>

namespace kompass::resources {

std::optional<std::string_view> find(std::string_view path) {
  for (const auto& entry : detail::entries()) {
    if (entry.path == path) {
      return entry.bytes;
    }
  }
  return std::nullopt;
}

std::vector<Entry> under(std::string_view prefix) {
  std::vector<Entry> found;
  for (const auto& entry : detail::entries()) {
    if (entry.path.starts_with(prefix)) {
      found.push_back(entry);
    }
  }
  std::sort(found.begin(), found.end(), [](const Entry& a, const Entry& b) { return a.path < b.path; });
  return found;
}

} // namespace kompass::resources
