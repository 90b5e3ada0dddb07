#include "frameworks/framework_file.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <optional>
#include <utility>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "resources/resources.hpp"

namespace kompass::frameworks {
namespace {

using Args = std::map<std::string, std::string>;

constexpr std::string_view k_format = "kompass-framework/1";
constexpr std::string_view k_shipped_dir = "data/frameworks/";

// yaml-cpp's English parser messages that have a Swedish/English catalogue text of their own; any other
// parser message is shown as given inside the generic yaml_syntax text.
const std::map<std::string, std::string>& syntax_codes() {
  static const std::map<std::string, std::string> k_codes = {
      {YAML::ErrorMsg::END_OF_MAP, "framework_yaml_end_of_map"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "framework_yaml_end_of_map_flow"},
      {YAML::ErrorMsg::END_OF_SEQ, "framework_yaml_end_of_seq"},
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "framework_yaml_end_of_seq_flow"},
      {YAML::ErrorMsg::EOF_IN_SCALAR, "framework_yaml_eof_in_scalar"},
      {YAML::ErrorMsg::MAP_VALUE, "framework_yaml_map_value"},
      {YAML::ErrorMsg::MAP_KEY, "framework_yaml_map_key"},
      {YAML::ErrorMsg::BLOCK_ENTRY, "framework_yaml_block_entry"},
      {YAML::ErrorMsg::TAB_IN_INDENTATION, "framework_yaml_tab_in_indentation"},
      {YAML::ErrorMsg::UNKNOWN_ANCHOR, "framework_yaml_unknown_anchor"},
  };
  return k_codes;
}

struct Position {
  int line = 0;
  int column = 0;
};

// Turns yaml-cpp's marks (0-based, columns in bytes) into 1-based lines and columns in characters, as
// editors count them, so that a position after "å" or "ö" still points at the right place.
class Positions {
public:
  explicit Positions(std::string_view text) : m_text(text) {
    if (m_text.starts_with("\xEF\xBB\xBF")) {
      m_text.remove_prefix(3); // yaml-cpp does not count the byte order mark
    }
    m_line_starts.push_back(0);
    for (std::size_t i = 0; i < m_text.size(); ++i) {
      if (m_text[i] == '\n') {
        m_line_starts.push_back(i + 1);
      }
    }
  }

  Position at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0 || mark.column < 0) {
      return {};
    }
    auto line = static_cast<std::size_t>(mark.line);
    if (line >= m_line_starts.size()) {
      return {mark.line + 1, mark.column + 1};
    }
    std::string_view prefix = m_text.substr(m_line_starts[line], static_cast<std::size_t>(mark.column));
    int characters = static_cast<int>(std::count_if(
        prefix.begin(), prefix.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    return {mark.line + 1, characters + 1};
  }

private:
  std::string_view m_text;
  std::vector<std::size_t> m_line_starts;
};

bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

// How a value appears in a message: quoted scalars keep their quotes so that "10" is told apart from 10.
std::string shown(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Scalar:
    return is_plain(node) ? node.Scalar() : "\"" + node.Scalar() + "\"";
  case YAML::NodeType::Sequence:
    return "[…]";
  case YAML::NodeType::Map:
    return "{…}";
  default:
    return "null";
  }
}

bool is_framework_id(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_language_code(std::string_view text) {
  return text.size() >= 2 && text.size() <= 3 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// A part of a structured id: a positive number without leading zeros.
bool is_ordinal(std::string_view text) {
  return !text.empty() && text.front() != '0' &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True when `id` is `parent` + "." + a positive number.
bool is_child_id(std::string_view id, std::string_view parent) {
  return id.size() > parent.size() + 1 && id.starts_with(parent) && id[parent.size()] == '.' &&
         is_ordinal(id.substr(parent.size() + 1));
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) {
      out += separator;
    }
    out += part;
  }
  return out;
}

// One key of a mapping with its value; the key node is kept for positions.
struct Field {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

// The known keys of one mapping, first occurrence of each.
struct Fields {
  YAML::Node map;
  std::string path;
  std::vector<Field> entries;

  const Field* find(std::string_view key) const {
    for (const auto& entry : entries) {
      if (entry.key == key) {
        return &entry;
      }
    }
    return nullptr;
  }
};

class Reader {
public:
  explicit Reader(std::string_view text) : m_positions(text) {}
  Position position_of(const YAML::Mark& mark) const { return m_positions.at(mark); }
  std::optional<model::Framework> read(const YAML::Node& root);
  void report(Position position, std::string code, Args args, std::string field);
  std::vector<Diagnostic> take_diagnostics();

private:
  void report_at(const YAML::Node& node, std::string code, Args args, const std::string& field) {
    report(position_of(node.Mark()), std::move(code), std::move(args), field);
  }

  Fields fields(const YAML::Node& map, const std::string& path, std::initializer_list<std::string_view> known);
  void require(const Fields& fields, std::initializer_list<std::string_view> keys);
  std::optional<std::string> text(const Field& field, const std::string& path);
  std::optional<int> number(const Field& field, const std::string& path, std::optional<int> min);
  std::optional<model::LocalizedText> localized(const Field& field, const std::string& path);
  std::optional<std::vector<YAML::Node>> items(const Field& field, const std::string& path);

  // Reads every item of `list` with `read_child(item, path, index)` into `children` and, when all are valid,
  // checks that their max_points add up to the parent's (reported at `max_field` with `sum_code`, `args` plus
  // sum and max). Returns whether every child was valid and the sum held.
  template <typename Child, typename ReadChild>
  bool read_children(const std::vector<YAML::Node>& list, const std::string& list_path, ReadChild&& read_child,
                     std::vector<Child>& children, const std::optional<int>& max_points, const Field* max_field,
                     const std::string& max_path, std::string sum_code, Args args) {
    bool all_valid = true;
    int sum = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto child = read_child(list[i], list_path + "[" + std::to_string(i) + "]", i);
      if (child) {
        sum += child->max_points;
        children.push_back(std::move(*child));
      } else {
        all_valid = false;
      }
    }
    if (all_valid && max_points && sum != *max_points) {
      args["sum"] = std::to_string(sum);
      args["max"] = std::to_string(*max_points);
      report_at(max_field->value, std::move(sum_code), std::move(args), max_path);
      return false;
    }
    return all_valid;
  }

  void read_languages(const Field& field);
  void read_aliases(const Field& field, const std::string& id, const Field* id_field, model::Framework& out);
  std::optional<model::EarlierEditionRule> read_rule(const Field& field);
  void read_areas(const Field& field, const std::optional<int>& max_points, const Field* max_field,
                  model::Framework& out);
  std::optional<model::Area> read_area(const YAML::Node& node, const std::string& path, std::size_t index);
  std::optional<model::SubArea> read_sub_area(const YAML::Node& node, const std::string& path,
                                              const std::optional<int>& area_number);
  std::optional<model::Question> read_question(const YAML::Node& node, const std::string& path,
                                               const std::optional<std::string>& sub_area_id);

  Positions m_positions;
  std::vector<Diagnostic> m_diagnostics;
  std::vector<std::string> m_languages;
  bool m_languages_known = false;
  std::optional<model::FrameworkLevel> m_level;
  std::map<int, int> m_area_lines;
  std::map<std::string, int> m_sub_area_lines;
  std::map<std::string, int> m_question_lines;
};

void Reader::report(Position position, std::string code, Args args, std::string field) {
  m_diagnostics.push_back(
      Diagnostic{position.line, position.column,
                 model::make_error(model::ErrorKind::bad_input, std::move(code), std::move(args), std::move(field))});
}

std::vector<Diagnostic> Reader::take_diagnostics() {
  // Checks run in dependency order (languages and level first), so document order is restored here; the
  // sort is stable so problems at one position keep the order they were found in.
  std::stable_sort(m_diagnostics.begin(), m_diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return std::move(m_diagnostics);
}

Fields Reader::fields(const YAML::Node& map, const std::string& path, std::initializer_list<std::string_view> known) {
  Fields out{map, path, {}};
  std::map<std::string, int> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : shown(it->first);
    std::string field = path.empty() ? key : path + "." + key;
    Position position = position_of(it->first.Mark());
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      report(position, "framework_unknown_key", {{"key", key}}, field);
      continue;
    }
    if (auto first = seen.find(key); first != seen.end()) {
      report(position, "framework_duplicate_key", {{"key", key}, {"first_line", std::to_string(first->second)}}, field);
      continue;
    }
    seen.emplace(key, position.line);
    out.entries.push_back(Field{key, it->first, it->second});
  }
  return out;
}

void Reader::require(const Fields& fields, std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    if (fields.find(key) == nullptr) {
      std::string name(key);
      report_at(fields.map, "framework_missing_key", {{"key", name}},
                fields.path.empty() ? name : fields.path + "." + name);
    }
  }
}

std::optional<std::string> Reader::text(const Field& field, const std::string& path) {
  if (field.value.IsNull() || (field.value.IsScalar() && field.value.Scalar().empty())) {
    report_at(field.key_node, "framework_empty_value", {{"key", field.key}}, path);
    return std::nullopt;
  }
  if (!field.value.IsScalar()) {
    report_at(field.value, "framework_expected_text", {{"key", field.key}}, path);
    return std::nullopt;
  }
  return field.value.Scalar();
}

std::optional<int> Reader::number(const Field& field, const std::string& path, std::optional<int> min) {
  if (field.value.IsNull()) {
    report_at(field.key_node, "framework_empty_value", {{"key", field.key}}, path);
    return std::nullopt;
  }
  std::optional<int> value;
  if (field.value.IsScalar() && (is_plain(field.value) || field.value.Tag() == "tag:yaml.org,2002:int")) {
    const std::string& digits = field.value.Scalar();
    int parsed = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
    if (error == std::errc{} && end == digits.data() + digits.size()) {
      value = parsed;
    }
  }
  if (!value || (min && *value < *min)) {
    if (min) {
      report_at(field.value, "framework_whole_number",
                {{"key", field.key}, {"min", std::to_string(*min)}, {"value", shown(field.value)}}, path);
    } else {
      report_at(field.value, "framework_integer", {{"key", field.key}, {"value", shown(field.value)}}, path);
    }
    return std::nullopt;
  }
  return value;
}

std::optional<model::LocalizedText> Reader::localized(const Field& field, const std::string& path) {
  if (field.value.IsNull()) {
    report_at(field.key_node, "framework_empty_value", {{"key", field.key}}, path);
    return std::nullopt;
  }
  if (!field.value.IsMap()) {
    report_at(field.value, "framework_expected_localized", {{"key", field.key}}, path);
    return std::nullopt;
  }
  model::LocalizedText out;
  bool valid = true;
  std::map<std::string, int> seen;
  for (auto it = field.value.begin(); it != field.value.end(); ++it) {
    std::string language = it->first.IsScalar() ? it->first.Scalar() : shown(it->first);
    std::string where = path + "." + language;
    Position position = position_of(it->first.Mark());
    if (auto first = seen.find(language); first != seen.end()) {
      report(position, "framework_duplicate_key", {{"key", language}, {"first_line", std::to_string(first->second)}},
             where);
      valid = false;
      continue;
    }
    seen.emplace(language, position.line);
    if (m_languages_known && std::find(m_languages.begin(), m_languages.end(), language) == m_languages.end()) {
      report(position, "framework_language_not_declared",
             {{"language", language}, {"languages", join(m_languages, ", ")}}, where);
      valid = false;
      continue;
    }
    // A copy: the iterator hands out a proxy whose nodes die with the expression.
    const YAML::Node value = it->second;
    if (value.IsNull()) {
      continue; // an empty secondary text counts as absent; a missing primary text is reported below
    }
    if (!value.IsScalar()) {
      report_at(value, "framework_expected_text", {{"key", field.key + "." + language}}, where);
      valid = false;
      continue;
    }
    if (!value.Scalar().empty()) {
      out.texts[language] = value.Scalar();
    }
  }
  if (m_languages_known && !out.texts.contains(m_languages.front())) {
    report_at(field.value, "framework_missing_primary_text", {{"key", field.key}, {"language", m_languages.front()}},
              path);
    valid = false;
  }
  if (!valid) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<YAML::Node>> Reader::items(const Field& field, const std::string& path) {
  if (field.value.IsNull()) {
    report_at(field.key_node, "framework_empty_value", {{"key", field.key}}, path);
    return std::nullopt;
  }
  if (!field.value.IsSequence()) {
    report_at(field.value, "framework_expected_list", {{"key", field.key}}, path);
    return std::nullopt;
  }
  std::vector<YAML::Node> out;
  for (const auto& item : field.value) {
    out.push_back(item);
  }
  return out;
}

void Reader::read_languages(const Field& field) {
  auto list = items(field, "languages");
  if (!list) {
    return;
  }
  if (list->empty()) {
    report_at(field.value, "framework_no_languages", {}, "languages");
    return;
  }
  bool valid = true;
  std::map<std::string, int> seen;
  std::vector<std::string> languages;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const YAML::Node& item = (*list)[i];
    std::string where = "languages[" + std::to_string(i) + "]";
    if (!item.IsScalar() || !is_language_code(item.Scalar())) {
      report_at(item, "framework_bad_language", {{"value", shown(item)}}, where);
      valid = false;
      continue;
    }
    Position position = position_of(item.Mark());
    if (auto first = seen.find(item.Scalar()); first != seen.end()) {
      report(position, "framework_duplicate_language",
             {{"language", item.Scalar()}, {"first_line", std::to_string(first->second)}}, where);
      valid = false;
      continue;
    }
    seen.emplace(item.Scalar(), position.line);
    languages.push_back(item.Scalar());
  }
  // Texts are only checked against a list that is wholly valid, so one bad code does not flag every title.
  if (valid) {
    m_languages = std::move(languages);
    m_languages_known = true;
  }
}

void Reader::read_aliases(const Field& field, const std::string& id, const Field* id_field, model::Framework& out) {
  auto list = items(field, "aliases");
  if (!list) {
    return;
  }
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const YAML::Node& item = (*list)[i];
    std::string where = "aliases[" + std::to_string(i) + "]";
    if (!item.IsScalar() || !is_framework_id(item.Scalar())) {
      report_at(item, "framework_bad_id", {{"key", "aliases"}, {"value", shown(item)}}, where);
      continue;
    }
    Position position = position_of(item.Mark());
    if (!id.empty() && item.Scalar() == id) {
      report(position, "framework_alias_is_id",
             {{"value", id}, {"first_line", std::to_string(position_of(id_field->value.Mark()).line)}}, where);
      continue;
    }
    if (auto first = seen.find(item.Scalar()); first != seen.end()) {
      report(position, "framework_duplicate_alias",
             {{"value", item.Scalar()}, {"first_line", std::to_string(first->second)}}, where);
      continue;
    }
    seen.emplace(item.Scalar(), position.line);
    out.aliases.push_back(item.Scalar());
  }
}

std::optional<model::EarlierEditionRule> Reader::read_rule(const Field& field) {
  const std::string path = "earlier_edition_rule";
  if (!field.value.IsMap()) {
    report_at(field.value.IsNull() ? field.key_node : field.value,
              field.value.IsNull() ? "framework_empty_value" : "framework_expected_mapping", {{"key", field.key}},
              path);
    return std::nullopt;
  }
  Fields rule = fields(field.value, path, {"before_year", "add_min", "add_max"});
  require(rule, {"before_year", "add_min", "add_max"});
  std::optional<int> before_year;
  std::optional<int> add_min;
  std::optional<int> add_max;
  if (const Field* f = rule.find("before_year")) {
    before_year = number(*f, path + ".before_year", 0);
  }
  if (const Field* f = rule.find("add_min")) {
    add_min = number(*f, path + ".add_min", std::nullopt);
  }
  if (const Field* f = rule.find("add_max")) {
    add_max = number(*f, path + ".add_max", std::nullopt);
  }
  if (add_min && add_max && *add_min > *add_max) {
    report_at(rule.find("add_min")->value, "framework_add_min_above_add_max",
              {{"add_min", std::to_string(*add_min)}, {"add_max", std::to_string(*add_max)}}, path + ".add_min");
    return std::nullopt;
  }
  if (!before_year || !add_min || !add_max) {
    return std::nullopt;
  }
  return model::EarlierEditionRule{*before_year, *add_min, *add_max};
}

std::optional<model::Framework> Reader::read(const YAML::Node& root) {
  if (root.IsNull()) {
    report({1, 1}, "framework_empty_document", {}, "");
    return std::nullopt;
  }
  if (!root.IsMap()) {
    report_at(root, "framework_not_a_mapping", {}, "");
    return std::nullopt;
  }
  Fields top = fields(root, "",
                      {"format", "id", "version", "year", "aliases", "languages", "title", "max_points", "level",
                       "provenance", "earlier_edition_rule", "areas"});
  require(top, {"format", "id", "version", "year", "languages", "title", "max_points", "level", "provenance", "areas"});

  model::Framework out;
  // languages and level decide how texts and areas are checked, so they are read before the rest.
  if (const Field* f = top.find("languages")) {
    read_languages(*f);
    out.languages = m_languages;
  }
  if (const Field* f = top.find("level")) {
    if (auto level = text(*f, "level")) {
      if (*level == "question") {
        m_level = model::FrameworkLevel::question;
      } else if (*level == "area") {
        m_level = model::FrameworkLevel::area;
      } else {
        report_at(f->value, "framework_bad_level", {{"value", shown(f->value)}}, "level");
      }
    }
    out.level = m_level.value_or(model::FrameworkLevel::question);
  }
  if (const Field* f = top.find("format")) {
    if (auto format = text(*f, "format"); format && *format != k_format) {
      report_at(f->value, "framework_wrong_format", {{"value", shown(f->value)}}, "format");
    }
  }
  const Field* id_field = top.find("id");
  if (id_field) {
    if (auto id = text(*id_field, "id")) {
      if (is_framework_id(*id)) {
        out.id = *id;
      } else {
        report_at(id_field->value, "framework_bad_id", {{"key", "id"}, {"value", shown(id_field->value)}}, "id");
      }
    }
  }
  if (const Field* f = top.find("version")) {
    // Any scalar is text here: an unquoted 2010.1 keeps its spelling as written.
    out.version = text(*f, "version").value_or("");
  }
  if (const Field* f = top.find("year")) {
    out.year = number(*f, "year", 1).value_or(0);
  }
  if (const Field* f = top.find("aliases")) {
    read_aliases(*f, out.id, id_field, out);
  }
  if (const Field* f = top.find("title")) {
    out.title = localized(*f, "title").value_or(model::LocalizedText{});
  }
  std::optional<int> max_points;
  const Field* max_field = top.find("max_points");
  if (max_field) {
    max_points = number(*max_field, "max_points", 0);
    out.max_points = max_points.value_or(0);
  }
  if (const Field* f = top.find("provenance")) {
    out.provenance = text(*f, "provenance").value_or("");
  }
  if (const Field* f = top.find("earlier_edition_rule")) {
    out.earlier_edition_rule = read_rule(*f);
  }
  if (const Field* f = top.find("areas")) {
    read_areas(*f, max_points, max_field, out);
  }
  if (!m_diagnostics.empty()) {
    return std::nullopt;
  }
  return out;
}

void Reader::read_areas(const Field& field, const std::optional<int>& max_points, const Field* max_field,
                        model::Framework& out) {
  auto list = items(field, "areas");
  if (!list) {
    return;
  }
  if (list->empty()) {
    report_at(field.value, "framework_no_areas", {}, "areas");
    return;
  }
  auto read_one = [this](const YAML::Node& node, const std::string& path, std::size_t index) {
    return read_area(node, path, index);
  };
  read_children(*list, "areas", read_one, out.areas, max_points, max_field, "max_points", "framework_areas_sum", {});
}

std::optional<model::Area> Reader::read_area(const YAML::Node& node, const std::string& path, std::size_t index) {
  if (!node.IsMap()) {
    report_at(node, "framework_expected_mapping_item", {{"key", "areas"}}, path);
    return std::nullopt;
  }
  Fields area = fields(node, path, {"number", "title", "max_points", "subareas"});
  require(area, {"number", "title", "max_points"});
  model::Area out;
  bool valid = true;

  std::optional<int> number;
  std::string label = std::to_string(index + 1);
  if (const Field* f = area.find("number")) {
    number = this->number(*f, path + ".number", 1);
    if (f->value.IsScalar()) {
      label = f->value.Scalar();
    }
    if (number) {
      Position position = position_of(f->value.Mark());
      if (auto first = m_area_lines.find(*number); first != m_area_lines.end()) {
        report(position, "framework_duplicate_area_number",
               {{"id", label}, {"first_line", std::to_string(first->second)}}, path + ".number");
        valid = false;
      } else {
        m_area_lines.emplace(*number, position.line);
      }
    }
  }
  valid = valid && number.has_value();
  out.number = number.value_or(0);

  if (const Field* f = area.find("title")) {
    auto title = localized(*f, path + ".title");
    valid = valid && title.has_value();
    out.title = title.value_or(model::LocalizedText{});
  } else {
    valid = false;
  }

  std::optional<int> max_points;
  const Field* max_field = area.find("max_points");
  if (max_field) {
    max_points = this->number(*max_field, path + ".max_points", 0);
  }
  valid = valid && max_points.has_value();
  out.max_points = max_points.value_or(0);

  const Field* sub_field = area.find("subareas");
  if (sub_field && m_level == model::FrameworkLevel::area) {
    report_at(sub_field->key_node, "framework_sub_areas_not_allowed", {{"area", label}}, path + ".subareas");
    return std::nullopt;
  }
  if (!sub_field) {
    if (m_level == model::FrameworkLevel::question) {
      report_at(node, "framework_sub_areas_required", {{"area", label}}, path + ".subareas");
      return std::nullopt;
    }
    return valid ? std::optional(out) : std::nullopt;
  }
  auto list = items(*sub_field, path + ".subareas");
  if (!list) {
    return std::nullopt;
  }
  if (list->empty()) {
    if (m_level == model::FrameworkLevel::question) {
      report_at(sub_field->value, "framework_sub_areas_required", {{"area", label}}, path + ".subareas");
    }
    return std::nullopt;
  }
  auto read_one = [this, &number](const YAML::Node& item, const std::string& item_path, std::size_t) {
    return read_sub_area(item, item_path, number);
  };
  bool children_valid = read_children(*list, path + ".subareas", read_one, out.sub_areas, max_points, max_field,
                                      path + ".max_points", "framework_sub_areas_sum", {{"area", label}});
  return valid && children_valid ? std::optional(out) : std::nullopt;
}

std::optional<model::SubArea> Reader::read_sub_area(const YAML::Node& node, const std::string& path,
                                                    const std::optional<int>& area_number) {
  if (!node.IsMap()) {
    report_at(node, "framework_expected_mapping_item", {{"key", "subareas"}}, path);
    return std::nullopt;
  }
  Fields sub_area = fields(node, path, {"id", "title", "max_points", "questions"});
  require(sub_area, {"id", "title", "max_points", "questions"});
  model::SubArea out;
  bool valid = true;

  // Questions are checked against their sub-area's id only when that id is itself well formed.
  std::optional<std::string> parent_id;
  if (const Field* f = sub_area.find("id")) {
    if (auto id = text(*f, path + ".id")) {
      out.id = *id;
      bool structured = true;
      if (area_number && !is_child_id(*id, std::to_string(*area_number))) {
        report_at(f->value, "framework_sub_area_id_structure", {{"id", *id}, {"area", std::to_string(*area_number)}},
                  path + ".id");
        structured = false;
      }
      Position position = position_of(f->value.Mark());
      if (auto first = m_sub_area_lines.find(*id); first != m_sub_area_lines.end()) {
        report(position, "framework_duplicate_sub_area_id",
               {{"id", *id}, {"first_line", std::to_string(first->second)}}, path + ".id");
        valid = false;
      } else {
        m_sub_area_lines.emplace(*id, position.line);
      }
      if (structured && area_number) {
        parent_id = *id;
      }
      valid = valid && structured;
    } else {
      valid = false;
    }
  } else {
    valid = false;
  }

  if (const Field* f = sub_area.find("title")) {
    auto title = localized(*f, path + ".title");
    valid = valid && title.has_value();
    out.title = title.value_or(model::LocalizedText{});
  } else {
    valid = false;
  }

  std::optional<int> max_points;
  const Field* max_field = sub_area.find("max_points");
  if (max_field) {
    max_points = number(*max_field, path + ".max_points", 0);
  }
  valid = valid && max_points.has_value();
  out.max_points = max_points.value_or(0);

  const Field* questions_field = sub_area.find("questions");
  if (!questions_field) {
    return std::nullopt;
  }
  auto list = items(*questions_field, path + ".questions");
  if (!list) {
    return std::nullopt;
  }
  std::string label = out.id.empty() ? path : out.id;
  if (list->empty()) {
    report_at(questions_field->value, "framework_questions_required", {{"sub_area", label}}, path + ".questions");
    return std::nullopt;
  }
  auto read_one = [this, &parent_id](const YAML::Node& item, const std::string& item_path, std::size_t) {
    return read_question(item, item_path, parent_id);
  };
  bool children_valid = read_children(*list, path + ".questions", read_one, out.questions, max_points, max_field,
                                      path + ".max_points", "framework_questions_sum", {{"sub_area", label}});
  return valid && children_valid ? std::optional(out) : std::nullopt;
}

std::optional<model::Question> Reader::read_question(const YAML::Node& node, const std::string& path,
                                                     const std::optional<std::string>& sub_area_id) {
  if (!node.IsMap()) {
    report_at(node, "framework_expected_mapping_item", {{"key", "questions"}}, path);
    return std::nullopt;
  }
  Fields question = fields(node, path, {"id", "text", "max_points", "basis", "guidance"});
  require(question, {"id", "text", "max_points", "basis", "guidance"});
  model::Question out;
  bool valid = question.find("id") && question.find("text") && question.find("max_points") && question.find("basis") &&
               question.find("guidance");

  if (const Field* f = question.find("id")) {
    if (auto id = text(*f, path + ".id")) {
      out.id = *id;
      if (sub_area_id && !is_child_id(*id, *sub_area_id)) {
        report_at(f->value, "framework_question_id_structure", {{"id", *id}, {"sub_area", *sub_area_id}}, path + ".id");
        valid = false;
      }
      Position position = position_of(f->value.Mark());
      if (auto first = m_question_lines.find(*id); first != m_question_lines.end()) {
        report(position, "framework_duplicate_question_id",
               {{"id", *id}, {"first_line", std::to_string(first->second)}}, path + ".id");
        valid = false;
      } else {
        m_question_lines.emplace(*id, position.line);
      }
    } else {
      valid = false;
    }
  }
  if (const Field* f = question.find("text")) {
    auto text = localized(*f, path + ".text");
    valid = valid && text.has_value();
    out.text = text.value_or(model::LocalizedText{});
  }
  if (const Field* f = question.find("max_points")) {
    auto max_points = number(*f, path + ".max_points", 0);
    valid = valid && max_points.has_value();
    out.max_points = max_points.value_or(0);
  }
  if (const Field* f = question.find("basis")) {
    auto basis = text(*f, path + ".basis");
    valid = valid && basis.has_value();
    out.basis = basis.value_or("");
  }
  if (const Field* f = question.find("guidance")) {
    std::string where = path + ".guidance";
    if (!f->value.IsMap()) {
      report_at(f->value.IsNull() ? f->key_node : f->value,
                f->value.IsNull() ? "framework_empty_value" : "framework_expected_mapping", {{"key", "guidance"}},
                where);
      valid = false;
    } else {
      Fields guidance = fields(f->value, where, {"full", "partial", "none"});
      require(guidance, {"full", "partial", "none"});
      std::pair<std::string_view, std::string*> parts[] = {
          {"full", &out.guidance.full}, {"partial", &out.guidance.partial}, {"none", &out.guidance.none}};
      for (auto& [key, target] : parts) {
        const Field* part = guidance.find(key);
        auto value = part ? text(*part, where + "." + std::string(key)) : std::nullopt;
        valid = valid && value.has_value();
        *target = value.value_or("");
      }
    }
  }
  return valid ? std::optional(out) : std::nullopt;
}

// The canonical form hashed by content_hash: every field in a fixed order, each string length-prefixed so
// that no two different values serialize alike.
class Canonical {
public:
  void add(std::string_view text) {
    m_out += std::to_string(text.size());
    m_out += ':';
    m_out += text;
  }
  void add(int value) { add(std::to_string(value)); }
  void add(const model::LocalizedText& text) {
    add(static_cast<int>(text.texts.size()));
    for (const auto& [language, value] : text.texts) {
      add(language);
      add(value);
    }
  }
  const std::string& bytes() const { return m_out; }

private:
  std::string m_out;
};

} // namespace

tl::expected<model::Framework, std::vector<Diagnostic>> parse_framework(std::string_view yaml_text) {
  Reader reader(yaml_text);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml_text));
  } catch (const YAML::DeepRecursion& error) {
    // yaml-cpp gives this exception the unrelated text "bad file", so it gets a message of its own.
    reader.report(reader.position_of(error.mark), "framework_yaml_too_deep", {}, "");
    return tl::unexpected(reader.take_diagnostics());
  } catch (const YAML::Exception& error) {
    Position position = reader.position_of(error.mark);
    auto known = syntax_codes().find(error.msg);
    if (known != syntax_codes().end()) {
      reader.report(position, known->second, {}, "");
    } else {
      reader.report(position, "framework_yaml_syntax", {{"detail", error.msg}}, "");
    }
    return tl::unexpected(reader.take_diagnostics());
  }
  if (documents.empty()) {
    reader.report({1, 1}, "framework_empty_document", {}, "");
    return tl::unexpected(reader.take_diagnostics());
  }
  std::optional<model::Framework> framework;
  try {
    framework = reader.read(documents.front());
  } catch (const YAML::Exception& error) {
    // Reading only walks nodes that exist, so this is a yaml-cpp surprise; report it rather than crash.
    reader.report(reader.position_of(error.mark), "framework_yaml_syntax", {{"detail", error.msg}}, "");
    framework.reset();
  }
  for (std::size_t i = 1; i < documents.size(); ++i) {
    reader.report(reader.position_of(documents[i].Mark()), "framework_several_documents", {}, "");
    framework.reset();
  }
  auto diagnostics = reader.take_diagnostics();
  if (!framework || !diagnostics.empty()) {
    return tl::unexpected(std::move(diagnostics));
  }
  return std::move(*framework);
}

std::string content_hash(const model::Framework& framework) {
  Canonical canonical;
  canonical.add(k_format);
  canonical.add(framework.id);
  canonical.add(framework.version);
  canonical.add(framework.year);
  canonical.add(static_cast<int>(framework.aliases.size()));
  for (const auto& alias : framework.aliases) {
    canonical.add(alias);
  }
  canonical.add(static_cast<int>(framework.languages.size()));
  for (const auto& language : framework.languages) {
    canonical.add(language);
  }
  canonical.add(framework.title);
  canonical.add(framework.max_points);
  canonical.add(framework.level == model::FrameworkLevel::question ? "question" : "area");
  canonical.add(framework.provenance);
  canonical.add(framework.earlier_edition_rule ? 1 : 0);
  if (framework.earlier_edition_rule) {
    canonical.add(framework.earlier_edition_rule->before_year);
    canonical.add(framework.earlier_edition_rule->add_min);
    canonical.add(framework.earlier_edition_rule->add_max);
  }
  canonical.add(static_cast<int>(framework.areas.size()));
  for (const auto& area : framework.areas) {
    canonical.add(area.number);
    canonical.add(area.title);
    canonical.add(area.max_points);
    canonical.add(static_cast<int>(area.sub_areas.size()));
    for (const auto& sub_area : area.sub_areas) {
      canonical.add(sub_area.id);
      canonical.add(sub_area.title);
      canonical.add(sub_area.max_points);
      canonical.add(static_cast<int>(sub_area.questions.size()));
      for (const auto& question : sub_area.questions) {
        canonical.add(question.id);
        canonical.add(question.text);
        canonical.add(question.max_points);
        canonical.add(question.basis);
        canonical.add(question.guidance.full);
        canonical.add(question.guidance.partial);
        canonical.add(question.guidance.none);
      }
    }
  }
  constexpr std::uint64_t k_offset = 14695981039346656037ULL;
  constexpr std::uint64_t k_prime = 1099511628211ULL;
  std::uint64_t hash = k_offset;
  for (unsigned char byte : canonical.bytes()) {
    hash ^= byte;
    hash *= k_prime;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::vector<ShippedFile> shipped_frameworks() {
  std::vector<ShippedFile> out;
  for (const auto& entry : resources::under(k_shipped_dir)) {
    std::string_view name = entry.path.substr(k_shipped_dir.size());
    // Only files directly in data/frameworks/ are editions; subfolders such as parts/ hold fragments.
    if (name.find('/') != std::string_view::npos || !name.ends_with(".yaml")) {
      continue;
    }
    out.push_back(ShippedFile{std::string(entry.path), entry.bytes});
  }
  return out;
}

} // namespace kompass::frameworks
