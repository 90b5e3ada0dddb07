#include "app/validation.hpp"

#include <algorithm>
#include <set>

#include "app/text.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

std::string join(const std::string& field, const std::string& part) {
  return field.empty() ? part : field + "." + part;
}

// Messages start with {where}: a path inside a document and a colon ("findings[3].subarea: …"), so the user
// finds the place in a file; a plain field name ("year", an option's value) needs no pointer.
tl::unexpected<model::Error> invalid(std::string code, std::map<std::string, std::string> args,
                                     const std::string& field) {
  bool path = field.find_first_of(".[") != std::string::npos;
  args["where"] = path ? field + ": " : "";
  return fail(ErrorKind::bad_input, std::move(code), std::move(args), field);
}

} // namespace

bool is_municipality_code(std::string_view code) {
  return !code.empty() && code.size() <= 4 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

model::Result<void> check_country(std::string_view country, const std::string& field) {
  if (country == "SE" || country == "NO" || country == "DK" || country == "FI") {
    return {};
  }
  return invalid("unknown_country", {{"country", std::string(country)}, {"field", field}}, field);
}

model::Result<void> check_year(int year, const std::string& field) {
  if (year >= 1990 && year <= 2100) {
    return {};
  }
  return invalid("bad_year", {{"year", std::to_string(year)}, {"field", field}}, field);
}

model::Result<void> check_language(std::string_view language, const std::string& field) {
  if (language == "sv" || language == "nb" || language == "da" || language == "en") {
    return {};
  }
  return invalid("bad_language", {{"language", std::string(language)}, {"field", field}}, field);
}

model::Result<void> check_text(std::string_view text, const std::string& field) {
  if (is_valid_utf8(text)) {
    return {};
  }
  return invalid("text_not_utf8", {{"field", field}}, field);
}

model::Result<void> check_municipality(const model::Municipality& municipality, const std::string& field) {
  if (auto country = check_country(municipality.ref.country, join(field, "country")); !country) {
    return country;
  }
  if (!is_municipality_code(municipality.ref.code)) {
    return invalid("bad_municipality_code", {{"code", municipality.ref.code}}, join(field, "code"));
  }
  if (municipality.name.empty()) {
    return invalid("missing_field", {{"field", join(field, "name")}}, join(field, "name"));
  }
  if (municipality.population && *municipality.population < 0) {
    return invalid("bad_population", {{"value", std::to_string(*municipality.population)}}, join(field, "population"));
  }
  for (const auto& [text, name] : {std::pair{&municipality.name, "name"}, {&municipality.ref.code, "code"}}) {
    if (auto valid = check_text(*text, join(field, name)); !valid) {
      return valid;
    }
  }
  if (municipality.group) {
    if (municipality.group->empty()) {
      return invalid("missing_field", {{"field", join(field, "group")}}, join(field, "group"));
    }
    if (auto valid = check_text(*municipality.group, join(field, "group")); !valid) {
      return valid;
    }
  }
  if (municipality.county) {
    return check_text(*municipality.county, join(field, "county"));
  }
  return {};
}

model::Result<void> check_source(const model::Source& source, const std::string& field) {
  for (const auto& [text, name] : {std::pair{&source.key, "key"},
                                   {&source.title, "title"},
                                   {&source.document_kind, "document_kind"},
                                   {&source.url, "url"},
                                   {&source.file, "file"},
                                   {&source.date, "date"}}) {
    if (auto valid = check_text(*text, join(field, name)); !valid) {
      return valid;
    }
  }
  if (!is_partial_iso_date(source.date)) {
    return invalid("bad_date", {{"field", join(field, "date")}, {"value", source.date}}, join(field, "date"));
  }
  if (source.title.empty() && source.url.empty()) {
    return invalid("missing_field", {{"field", join(field, "title")}}, join(field, "title"));
  }
  if (source.people && *source.people < 1) {
    return invalid("bad_people", {{"value", std::to_string(*source.people)}}, join(field, "people"));
  }
  return {};
}

model::Result<void> check_source_keys(const std::vector<std::string>& keys, const std::vector<model::Source>& sources,
                                      const std::string& field) {
  std::set<std::string> seen;
  for (const auto& key : keys) {
    bool known = std::any_of(sources.begin(), sources.end(), [&](const model::Source& s) { return s.key == key; });
    if (!known) {
      return invalid("unknown_source_key", {{"key", key}, {"field", field}}, field);
    }
    if (!seen.insert(key).second) {
      return invalid("duplicate_source_key", {{"key", key}, {"field", field}}, field);
    }
  }
  return {};
}

model::Result<void> check_place(const model::Framework& framework, int area, const std::string& sub_area,
                                const std::string& field) {
  if (!framework.find_area(area)) {
    return invalid("place_unknown_area", {{"area", std::to_string(area)}, {"field", field}}, join(field, "area"));
  }
  if (sub_area.empty()) {
    return {};
  }
  const auto* found = framework.find_sub_area(sub_area);
  if (!found || framework.area_of(found->id) != area) {
    return invalid("unknown_subarea", {{"subarea", sub_area}, {"area", std::to_string(area)}, {"field", field}},
                   join(field, "subarea"));
  }
  return {};
}

model::Result<void> check_finding(const model::Framework& framework, const model::Finding& finding,
                                  const std::vector<model::Source>& sources, const std::string& field) {
  if (finding.text.empty()) {
    return invalid("missing_field", {{"field", join(field, "text")}}, join(field, "text"));
  }
  if (auto valid = check_text(finding.text, join(field, "text")); !valid) {
    return valid;
  }
  if (auto place = check_place(framework, finding.area, finding.sub_area, field); !place) {
    return place;
  }
  if (auto keys = check_source_keys(finding.source_keys, sources, join(field, "sources")); !keys) {
    return keys;
  }
  for (std::size_t i = 0; i < finding.examples.size(); ++i) {
    const auto& example = finding.examples[i];
    std::string where = join(field, "examples[" + std::to_string(i) + "]");
    if (auto country = check_country(example.country, join(where, "country")); !country) {
      return country;
    }
    if (!example.code.empty() && !is_municipality_code(example.code)) {
      return invalid("bad_municipality_code", {{"code", example.code}}, join(where, "code"));
    }
    for (const auto& [text, name] : {std::pair{&example.name, "name"}, {&example.reason, "reason"}}) {
      if (auto valid = check_text(*text, join(where, name)); !valid) {
        return valid;
      }
    }
  }
  return {};
}

model::Result<void> check_complete(const std::string& id, const scoring::Aggregate& aggregate) {
  if (aggregate.total.points) {
    return {};
  }
  return fail(ErrorKind::conflict, "evaluation_incomplete",
              {{"id", id},
               {"count", std::to_string(aggregate.unscored.size())},
               {"first", aggregate.unscored.empty() ? "total" : aggregate.unscored.front()}},
              "status");
}

} // namespace kompass::app
