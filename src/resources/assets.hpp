#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kompass::resources {

// A static file served to browsers: its URL carries a hash of its bytes so it can be cached for ever.
struct Asset {
  std::string_view path;    // "static/kompass.css"
  std::string url;          // "/static/kompass.3f9a1c2b4d5e.css"
  std::string_view bytes;   // the embedded bytes
  std::string content_type; // "text/css; charset=utf-8"
  std::string etag;         // "\"3f9a1c2b4d5e6f70\"" (quoted, the whole 64-bit hash)
};

// Every embedded file under static/, ordered by path, each with its hashed URL; computed once.
const std::vector<Asset>& assets();

// The asset served at `url` (a hashed URL such as "/static/kompass.3f9a1c2b4d5e.css"), or nullptr.
const Asset* asset_by_url(std::string_view url);

// The hashed URL of the asset at `path` ("static/kompass.css"), for templates; empty when unknown.
std::string asset_url(std::string_view path);

// The content type served for a file name, by its extension ("application/octet-stream" when unknown).
std::string content_type_for(std::string_view path);

// FNV-1a (64 bits) of `bytes` as 16 lowercase hex digits; URLs carry its first 12.
std::string content_hash(std::string_view bytes);

} // namespace kompass::resources
