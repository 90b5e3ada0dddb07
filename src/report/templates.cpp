#include "report/templates.hpp"

#include <filesystem>
#include <fstream>

#include "resources/resources.hpp"

namespace kompass::report {
namespace fs = std::filesystem;
using model::ErrorKind;

namespace {

constexpr std::string_view k_builtin_prefix = "templates/report/";

} // namespace

std::vector<std::string_view> split_fields(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

Result<TemplateSet> load_template_files(std::string_view builtin_prefix,
                                        const std::optional<std::string>& override_folder) {
  TemplateSet set;
  for (const auto& entry : resources::under(builtin_prefix)) {
    set.files[std::string(entry.path.substr(builtin_prefix.size()))] = std::string(entry.bytes);
  }
  if (!override_folder) {
    return set;
  }
  std::error_code ec;
  if (!fs::is_directory(*override_folder, ec)) {
    return model::fail(ErrorKind::bad_input, "templates_folder_missing", {{"folder", *override_folder}}, "--templates");
  }
  for (const auto& entry : fs::directory_iterator(*override_folder, ec)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      return model::fail(ErrorKind::bad_input, "file_unreadable", {{"file", entry.path().string()}},
                         entry.path().string());
    }
    set.files[entry.path().filename().string()] = std::move(bytes);
  }
  return set;
}

Result<TemplateSet> load_templates(const std::optional<std::string>& override_folder) {
  return load_template_files(k_builtin_prefix, override_folder);
}

namespace {

std::string inline_partials_at(const TemplateSet& templates, const std::string& text, int depth) {
  constexpr int k_max_depth = 8;
  constexpr std::string_view k_open = "{{>";
  std::string out;
  std::size_t at = 0;
  while (true) {
    auto start = text.find(k_open, at);
    auto close = start == std::string::npos ? std::string::npos : text.find("}}", start);
    if (close == std::string::npos) {
      out.append(text, at, std::string::npos);
      return out;
    }
    out.append(text, at, start - at);
    std::string name = text.substr(start + k_open.size(), close - start - k_open.size());
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    auto partial = templates.files.find(name + ".mustache");
    if (partial != templates.files.end() && depth < k_max_depth) {
      out += inline_partials_at(templates, partial->second, depth + 1);
    }
    at = close + 2;
  }
}

} // namespace

std::string inline_partials(const TemplateSet& templates, const std::string& text) {
  return inline_partials_at(templates, text, 0);
}

Result<Labels> load_labels(const TemplateSet& templates, Language language) {
  auto file = templates.files.find("labels.tsv");
  if (file == templates.files.end()) {
    return model::fail(ErrorKind::bad_input, "labels_malformed", {{"line", "1"}, {"file", "labels.tsv"}}, "labels.tsv");
  }
  std::size_t column = language == Language::sv ? 1 : language == Language::nb ? 2 : 3;
  Labels labels;
  int number = 0;
  for (auto line : split_fields(file->second, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (number == 1 || line.empty() || line.front() == '#') {
      continue;
    }
    auto fields = split_fields(line, '\t');
    if (fields.size() != 4 || fields[0].empty() || fields[column].empty()) {
      return model::fail(ErrorKind::bad_input, "labels_malformed",
                         {{"line", std::to_string(number)}, {"file", "labels.tsv"}},
                         "labels.tsv:" + std::to_string(number));
    }
    labels[std::string(fields[0])] = std::string(fields[column]);
  }
  return labels;
}

std::string label_text(const Labels& labels, const std::string& key, const std::map<std::string, std::string>& args) {
  auto it = labels.find(key);
  return it == labels.end() ? key : fill(it->second, args);
}

std::string fill(const std::string& text, const std::map<std::string, std::string>& args) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      auto close = text.find('}', i);
      if (close != std::string::npos) {
        if (auto it = args.find(text.substr(i + 1, close - i - 1)); it != args.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

} // namespace kompass::report
