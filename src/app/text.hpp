#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace kompass::app {

// `when` as ISO 8601 UTC to the second: "2026-11-28T04:56:16Z" (sessions, accounts, the access log).
std::string iso_utc(std::chrono::system_clock::time_point when);

// Today's date in the machine's time zone as YYYY-MM-DD (a report's date when the evaluation has none).
std::string today_iso();

// Folds a name to lowercase ASCII for readable ids: "Örebro" → "orebro", "Røros" → "roros",
// "Upplands Väsby" → "upplands-vasby"; anything not a letter or digit becomes a single '-'; a name with no
// letter or digit at all becomes "kommun".
std::string fold_to_ascii_id(std::string_view name);

// How names are ordered for display.
enum class Collation { swedish, norwegian };

// Sorts `items` by `key(item)` in the given language's alphabetical order (Swedish: å ä ö after z).
template <typename T, typename Key>
void sort_by_collation(std::vector<T>& items, Key key, Collation collation);

// Compares two UTF-8 strings by the language's collation: negative, zero or positive.
int collate(std::string_view a, std::string_view b, Collation collation);

template <typename T, typename Key>
void sort_by_collation(std::vector<T>& items, Key key, Collation collation) {
  std::stable_sort(items.begin(), items.end(),
                   [&](const T& a, const T& b) { return collate(key(a), key(b), collation) < 0; });
}

// True when `bytes` are strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

// True when `text` is a date as YYYY, YYYY-MM or YYYY-MM-DD (or empty).
bool is_partial_iso_date(std::string_view text);

} // namespace kompass::app
