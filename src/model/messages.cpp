#include "model/messages.hpp"

#include "resources/resources.hpp"

namespace kompass::model {
namespace {

struct Catalogues {
  std::map<std::string, std::string> swedish;
  std::map<std::string, std::string> english;
};

// Each data/messages/*.tsv holds one module's messages as "key<TAB>Swedish<TAB>English" lines after a
// header line; "\n" in a text stands for a line break. Keeping both languages on one line keeps them in step.
std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

Catalogues load() {
  Catalogues catalogues;
  for (const auto& entry : resources::under("data/messages/")) {
    std::string_view rest = entry.bytes;
    bool header = true;
    while (!rest.empty()) {
      auto end = rest.find('\n');
      std::string_view line = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
      if (header) {
        header = false;
        continue;
      }
      if (line.empty() || line.front() == '#') {
        continue;
      }
      auto first = line.find('\t');
      auto second = first == std::string_view::npos ? first : line.find('\t', first + 1);
      if (second == std::string_view::npos) {
        continue; // a malformed line shows up as a missing key in the catalogue test
      }
      std::string key(line.substr(0, first));
      catalogues.swedish[key] = unescape(line.substr(first + 1, second - first - 1));
      catalogues.english[key] = unescape(line.substr(second + 1));
    }
  }
  return catalogues;
}

const Catalogues& catalogues() {
  static const Catalogues k_catalogues = load();
  return k_catalogues;
}

std::string substitute(std::string_view text, const std::map<std::string, std::string>& args,
                       const std::map<std::string, std::string>& table) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      auto close = text.find('}', i);
      if (close != std::string_view::npos) {
        std::string name(text.substr(i + 1, close - i - 1));
        // {name@prefix} shows the catalogue text of prefix + value (an enum's localised name), when there is one.
        std::string prefix;
        if (auto at = name.find('@'); at != std::string::npos) {
          prefix = name.substr(at + 1);
          name = name.substr(0, at);
        }
        if (auto it = args.find(name); it != args.end()) {
          auto localised = prefix.empty() ? table.end() : table.find(prefix + it->second);
          out += localised != table.end() ? localised->second : it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

void capitalise_first(std::string& text) {
  if (text[0] >= 'a' && text[0] <= 'z') {
    text[0] = static_cast<char>(text[0] - 'a' + 'A');
  } else if (text.size() > 1 && text[0] == '\xC3' && text[1] >= '\xA0' && text[1] <= '\xBE' && text[1] != '\xB7') {
    text[1] = static_cast<char>(text[1] - 0x20); // Latin-1 lower-case letters (å ä ö æ ø é …) in UTF-8
  }
}

} // namespace

UiLanguage choose_ui_language(std::string_view explicit_choice, std::string_view lang_env) {
  if (!explicit_choice.empty()) {
    return explicit_choice.starts_with("en") ? UiLanguage::en : UiLanguage::sv;
  }
  return lang_env.starts_with("en") ? UiLanguage::en : UiLanguage::sv;
}

std::map<std::string, std::string> catalogue(UiLanguage language) {
  return language == UiLanguage::en ? catalogues().english : catalogues().swedish;
}

std::string message(UiLanguage language, std::string_view code, const std::map<std::string, std::string>& args) {
  const auto& table = language == UiLanguage::en ? catalogues().english : catalogues().swedish;
  if (auto it = table.find(std::string(code)); it != table.end()) {
    std::string text = substitute(it->second, args, table);
    // A text that opens with {where} ("{where}källan …") starts its sentence with the place it names;
    // when it gives nothing, the next word begins the sentence and takes a capital.
    auto where = args.find("where");
    if (it->second.starts_with("{where}") && (where == args.end() || where->second.empty()) && !text.empty()) {
      capitalise_first(text);
    }
    return text;
  }
  std::string out(code);
  for (const auto& [name, value] : args) {
    out += " " + name + "=" + value;
  }
  return out;
}

std::string render(UiLanguage language, const Error& error) { return message(language, error.code, error.args); }

} // namespace kompass::model
