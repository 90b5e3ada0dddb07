#include "resources/assets.hpp"

#include "resources/resources.hpp"

#include <array>
#include <cstdint>
#include <unordered_map>
#include <utility>

namespace kompass::resources {

namespace {

constexpr std::size_t k_url_hash_length = 12;

// "static/vendor/htmx.min.js" → "/static/vendor/htmx.min.<hash>.js": the hash goes before the last extension
// of the file name (or at its end when it has none).
std::string hashed_url(std::string_view path, std::string_view hash) {
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  const bool has_extension = dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1);
  const auto stem_end = has_extension ? dot : path.size();
  std::string url;
  url.reserve(path.size() + hash.size() + 2);
  url += '/';
  url += path.substr(0, stem_end);
  url += '.';
  url += hash;
  url += path.substr(stem_end);
  return url;
}

struct Catalogue {
  std::vector<Asset> assets;
  std::unordered_map<std::string_view, const Asset*> by_url;
  std::unordered_map<std::string_view, const Asset*> by_path;
};

const Catalogue& catalogue() {
  static const Catalogue k_catalogue = [] {
    Catalogue built;
    for (const auto& entry : under("static/")) {
      const auto hash = content_hash(entry.bytes);
      built.assets.push_back(Asset{.path = entry.path,
                                   .url = hashed_url(entry.path, std::string_view(hash).substr(0, k_url_hash_length)),
                                   .bytes = entry.bytes,
                                   .content_type = content_type_for(entry.path),
                                   .etag = "\"" + hash + "\""});
    }
    // The vector is complete: its elements no longer move, so the maps may point into it.
    for (const auto& asset : built.assets) {
      built.by_url.emplace(asset.url, &asset);
      built.by_path.emplace(asset.path, &asset);
    }
    return built;
  }();
  return k_catalogue;
}

} // namespace

std::string content_hash(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i) {
    hex[static_cast<std::size_t>(i)] = k_digits[hash & 0xfU];
    hash >>= 4U;
  }
  return hex;
}

std::string content_type_for(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 13> k_types{{
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [extension, type] : k_types) {
    if (path.ends_with(extension)) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

const std::vector<Asset>& assets() { return catalogue().assets; }

const Asset* asset_by_url(std::string_view url) {
  const auto& by_url = catalogue().by_url;
  const auto found = by_url.find(url);
  return found == by_url.end() ? nullptr : found->second;
}

std::string asset_url(std::string_view path) {
  const auto& by_path = catalogue().by_path;
  const auto found = by_path.find(path);
  return found == by_path.end() ? std::string() : found->second->url;
}

} // namespace kompass::resources
