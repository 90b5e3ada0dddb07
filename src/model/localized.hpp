#pragma once

#include <map>
#include <string>

namespace kompass::model {

// A text in several languages keyed by language code ("sv", "nb", "da", "en"); the framework's first
// language is the primary one and the fallback for any language without its own text.
struct LocalizedText {
  std::map<std::string, std::string> texts;

  // The text in `language`, else in `fallback`, else any text, else an empty string.
  const std::string& in(const std::string& language, const std::string& fallback = "sv") const;
  bool operator==(const LocalizedText&) const = default;
};

} // namespace kompass::model
