#include "model/localized.hpp"

namespace kompass::model {

const std::string& LocalizedText::in(const std::string& language, const std::string& fallback) const {
  static const std::string k_empty;
  if (auto it = texts.find(language); it != texts.end() && !it->second.empty()) {
    return it->second;
  }
  if (auto it = texts.find(fallback); it != texts.end() && !it->second.empty()) {
    return it->second;
  }
  return texts.empty() ? k_empty : texts.begin()->second;
}

} // namespace kompass::model
