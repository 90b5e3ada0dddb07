#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace kompass::resources {

// One file built into the binary: its path relative to the project root ("data/frameworks/x.yaml").
struct Entry {
  std::string_view path;
  std::string_view bytes;
};

// The bytes of the embedded file at `path`, or nullopt.
std::optional<std::string_view> find(std::string_view path);

// Every embedded file whose path starts with `prefix`, ordered by path.
std::vector<Entry> under(std::string_view prefix);

namespace detail {
// The generated table of every embedded file.
const std::vector<Entry>& entries();
} // namespace detail

} // namespace kompass::resources
