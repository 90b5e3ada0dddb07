#include "app/evaluation_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "app/text.hpp"

namespace kompass::app {
namespace {

using json = nlohmann::ordered_json;
using model::ErrorKind;
using model::fail;
using model::Result;

constexpr const char* k_format = "kompass-evaluation/1";

// Each reader function names the JSON path of what it reads, so every message can point at the field.
tl::unexpected<model::Error> field_error(const std::string& path, const std::string& code,
                                         std::map<std::string, std::string> args = {}) {
  args["path"] = path;
  return fail(ErrorKind::bad_input, code, std::move(args), path);
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string at(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

Result<void> check_object(const json& value, const std::string& path, const std::set<std::string>& allowed) {
  if (!value.is_object()) {
    return field_error(path.empty() ? "$" : path, "json_expected_object");
  }
  for (const auto& [key, _] : value.items()) {
    if (!allowed.contains(key)) {
      return field_error(join(path, key), "json_unknown_key", {{"key", key}});
    }
  }
  return {};
}

enum class Need { required, optional };

Result<std::string> read_string(const json& object, const std::string& path, const std::string& key, Need need) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (need == Need::required) {
      return field_error(join(path, key), "json_missing", {{"key", key}});
    }
    return std::string{};
  }
  if (!it->is_string()) {
    return field_error(join(path, key), "json_expected_string");
  }
  return it->get<std::string>();
}

Result<std::optional<long>> read_integer(const json& object, const std::string& path, const std::string& key,
                                         Need need) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (need == Need::required) {
      return field_error(join(path, key), "json_missing", {{"key", key}});
    }
    return std::optional<long>{};
  }
  // Every whole number the format holds (years, points, counts, population) fits an int; a larger one would
  // wrap silently, so it is refused.
  constexpr double k_limit = std::numeric_limits<int>::max();
  if (it->is_number_unsigned() || it->is_number_integer()) {
    bool fits = it->is_number_unsigned() ? it->get<std::uint64_t>() <= static_cast<std::uint64_t>(k_limit)
                                         : std::abs(static_cast<double>(it->get<std::int64_t>())) <= k_limit;
    if (!fits) {
      return field_error(join(path, key), "json_out_of_range", {{"value", it->dump()}});
    }
    return std::optional<long>{it->get<long>()};
  }
  if (it->is_number_float()) {
    double value = it->get<double>();
    if (!std::isfinite(value) || std::abs(value) > k_limit) {
      return field_error(join(path, key), "json_out_of_range", {{"value", it->dump()}});
    }
    if (value == std::trunc(value)) {
      return std::optional<long>{static_cast<long>(value)};
    }
    return field_error(join(path, key), "json_expected_whole", {{"value", it->dump()}});
  }
  return field_error(join(path, key), "json_expected_whole", {{"value", it->dump()}});
}

Result<std::vector<std::string>> read_string_list(const json& object, const std::string& path, const std::string& key) {
  std::vector<std::string> values;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return values;
  }
  if (!it->is_array()) {
    return field_error(join(path, key), "json_expected_array");
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      return field_error(at(join(path, key), i), "json_expected_string");
    }
    values.push_back((*it)[i].get<std::string>());
  }
  return values;
}

const json& array_or_empty(const json& object, const std::string& key) {
  static const json k_empty = json::array();
  auto it = object.find(key);
  return it == object.end() || it->is_null() ? k_empty : *it;
}

template <typename Enum, typename Parse>
Result<Enum> read_enum(const json& object, const std::string& path, const std::string& key, Need need, Enum fallback,
                       Parse parse, const char* allowed) {
  auto text = read_string(object, path, key, need);
  if (!text) {
    return tl::unexpected(text.error());
  }
  if (text->empty()) {
    return fallback;
  }
  auto value = parse(*text);
  if (!value) {
    return field_error(join(path, key), "json_bad_value", {{"value", *text}, {"allowed", allowed}});
  }
  return *value;
}

Result<int> read_int(const json& object, const std::string& path, const std::string& key, Need need, int fallback) {
  auto value = read_integer(object, path, key, need);
  if (!value) {
    return tl::unexpected(value.error());
  }
  return value->has_value() ? static_cast<int>(**value) : fallback;
}

Result<std::string> read_date(const json& object, const std::string& path, const std::string& key) {
  auto text = read_string(object, path, key, Need::optional);
  if (text && !is_partial_iso_date(*text)) {
    return field_error(join(path, key), "json_bad_date", {{"value", *text}});
  }
  return text;
}

Result<model::Municipality> read_municipality(const json& document) {
  const std::string path = "municipality";
  auto it = document.find(path);
  if (it == document.end()) {
    return field_error(path, "json_missing", {{"key", path}});
  }
  const json& object = *it;
  if (auto ok = check_object(object, path, {"country", "code", "name", "county", "population", "group", "key_figures"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  model::Municipality municipality;
  auto country = read_string(object, path, "country", Need::optional);
  auto code = read_string(object, path, "code", Need::required);
  auto name = read_string(object, path, "name", Need::required);
  auto county = read_string(object, path, "county", Need::optional);
  auto group = read_string(object, path, "group", Need::optional);
  auto population = read_integer(object, path, "population", Need::optional);
  for (auto* result : {&country, &code, &name, &county, &group}) {
    if (!*result) {
      return tl::unexpected(result->error());
    }
  }
  if (!population) {
    return tl::unexpected(population.error());
  }
  municipality.ref.country = country->empty() ? "SE" : *country;
  municipality.ref.code = *code;
  municipality.name = *name;
  if (!county->empty()) {
    municipality.county = *county;
  }
  if (!group->empty()) {
    municipality.group = *group;
  }
  municipality.population = *population;
  const json& figures = array_or_empty(object, "key_figures");
  if (!figures.is_array()) {
    return field_error(join(path, "key_figures"), "json_expected_array");
  }
  for (std::size_t i = 0; i < figures.size(); ++i) {
    std::string item = at(join(path, "key_figures"), i);
    if (auto ok = check_object(figures[i], item, {"key", "year", "value", "unit", "source"}); !ok) {
      return tl::unexpected(ok.error());
    }
    model::KeyFigure figure;
    auto key = read_string(figures[i], item, "key", Need::required);
    auto year = read_int(figures[i], item, "year", Need::required, 0);
    auto unit = read_string(figures[i], item, "unit", Need::optional);
    auto source = read_string(figures[i], item, "source", Need::optional);
    if (!key || !year || !unit || !source) {
      return tl::unexpected(!key ? key.error() : !year ? year.error() : !unit ? unit.error() : source.error());
    }
    auto value = figures[i].find("value");
    if (value == figures[i].end() || !value->is_number()) {
      return field_error(join(item, "value"), "json_expected_number");
    }
    figure.key = *key;
    figure.year = *year;
    figure.value = value->get<double>();
    figure.unit = *unit;
    figure.source = *source;
    municipality.key_figures.push_back(figure);
  }
  return municipality;
}

Result<void> read_sources(const json& document, model::Evaluation& evaluation) {
  const json& sources = array_or_empty(document, "sources");
  if (!sources.is_array()) {
    return field_error("sources", "json_expected_array");
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::string path = at("sources", i);
    if (auto ok =
            check_object(sources[i], path, {"key", "kind", "title", "date", "people", "document_kind", "url", "file"});
        !ok) {
      return ok;
    }
    model::Source source;
    auto key = read_string(sources[i], path, "key", Need::required);
    auto kind = read_enum(sources[i], path, "kind", Need::required, model::SourceKind::document,
                          model::parse_source_kind, "interview, document, website");
    auto title = read_string(sources[i], path, "title", Need::optional);
    auto date = read_date(sources[i], path, "date");
    auto people = read_integer(sources[i], path, "people", Need::optional);
    auto document_kind = read_string(sources[i], path, "document_kind", Need::optional);
    auto url = read_string(sources[i], path, "url", Need::optional);
    auto file = read_string(sources[i], path, "file", Need::optional);
    for (auto* result : {&key, &title, &date, &document_kind, &url, &file}) {
      if (!*result) {
        return tl::unexpected(result->error());
      }
    }
    if (!kind) {
      return tl::unexpected(kind.error());
    }
    if (!people) {
      return tl::unexpected(people.error());
    }
    if (key->empty() || !keys.insert(*key).second) {
      return field_error(join(path, "key"), "json_duplicate_key", {{"key", *key}});
    }
    source.key = *key;
    source.kind = *kind;
    source.title = *title;
    source.date = *date;
    if (*people) {
      source.people = static_cast<int>(**people);
    }
    source.document_kind = *document_kind;
    source.url = *url;
    source.file = *file;
    evaluation.sources.push_back(source);
  }
  return {};
}

Result<void> read_scores(const json& document, model::Evaluation& evaluation) {
  const json& scores = array_or_empty(document, "scores");
  if (!scores.is_array()) {
    return field_error("scores", "json_expected_array");
  }
  for (std::size_t i = 0; i < scores.size(); ++i) {
    std::string path = at("scores", i);
    if (auto ok = check_object(scores[i], path, {"question", "area", "points", "rationale", "sources", "evaluator"});
        !ok) {
      return ok;
    }
    model::Score score;
    bool has_question = scores[i].contains("question");
    bool has_area = scores[i].contains("area");
    if (has_question == has_area) {
      return field_error(path, "json_score_target");
    }
    if (has_question) {
      auto question = read_string(scores[i], path, "question", Need::required);
      if (!question) {
        return tl::unexpected(question.error());
      }
      score.target = model::ScoreTarget::question;
      score.target_id = *question;
    } else {
      auto area = read_int(scores[i], path, "area", Need::required, 0);
      if (!area) {
        return tl::unexpected(area.error());
      }
      score.target = model::ScoreTarget::area;
      score.target_id = std::to_string(*area);
    }
    auto points = read_int(scores[i], path, "points", Need::required, 0);
    auto rationale = read_string(scores[i], path, "rationale", Need::optional);
    auto evaluator = read_string(scores[i], path, "evaluator", Need::optional);
    auto sources = read_string_list(scores[i], path, "sources");
    if (!points) {
      return tl::unexpected(points.error());
    }
    if (!rationale || !evaluator) {
      return tl::unexpected(!rationale ? rationale.error() : evaluator.error());
    }
    if (!sources) {
      return tl::unexpected(sources.error());
    }
    score.points = *points;
    score.rationale = *rationale;
    score.evaluator = *evaluator;
    score.source_keys = *sources;
    evaluation.scores.push_back(score);
  }
  return {};
}

Result<model::GoodExample> read_example(const json& value, const std::string& path) {
  if (auto ok = check_object(value, path, {"name", "country", "code", "reason"}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto name = read_string(value, path, "name", Need::required);
  auto country = read_string(value, path, "country", Need::optional);
  auto code = read_string(value, path, "code", Need::optional);
  auto reason = read_string(value, path, "reason", Need::optional);
  for (auto* result : {&name, &country, &code, &reason}) {
    if (!*result) {
      return tl::unexpected(result->error());
    }
  }
  return model::GoodExample{*name, country->empty() ? "SE" : *country, *code, *reason};
}

Result<void> read_findings(const json& document, model::Evaluation& evaluation) {
  const json& findings = array_or_empty(document, "findings");
  if (!findings.is_array()) {
    return field_error("findings", "json_expected_array");
  }
  for (std::size_t i = 0; i < findings.size(); ++i) {
    std::string path = at("findings", i);
    if (auto ok = check_object(findings[i], path, {"area", "subarea", "kind", "text", "sources", "examples"}); !ok) {
      return ok;
    }
    model::Finding finding;
    auto area = read_int(findings[i], path, "area", Need::required, 0);
    auto sub_area = read_string(findings[i], path, "subarea", Need::optional);
    auto kind = read_enum(findings[i], path, "kind", Need::required, model::FindingKind::strength,
                          model::parse_finding_kind, "strength, improvement, weakness");
    auto text = read_string(findings[i], path, "text", Need::required);
    auto sources = read_string_list(findings[i], path, "sources");
    if (!area) {
      return tl::unexpected(area.error());
    }
    if (!sub_area || !text) {
      return tl::unexpected(!sub_area ? sub_area.error() : text.error());
    }
    if (!kind) {
      return tl::unexpected(kind.error());
    }
    if (!sources) {
      return tl::unexpected(sources.error());
    }
    finding.area = *area;
    finding.sub_area = *sub_area;
    finding.kind = *kind;
    finding.text = *text;
    finding.source_keys = *sources;
    const json& examples = array_or_empty(findings[i], "examples");
    if (!examples.is_array()) {
      return field_error(join(path, "examples"), "json_expected_array");
    }
    for (std::size_t e = 0; e < examples.size(); ++e) {
      auto example = read_example(examples[e], at(join(path, "examples"), e));
      if (!example) {
        return tl::unexpected(example.error());
      }
      finding.examples.push_back(*example);
    }
    evaluation.findings.push_back(finding);
  }
  return {};
}

Result<void> read_people_and_texts(const json& document, model::Evaluation& evaluation) {
  const json& evaluators = array_or_empty(document, "evaluators");
  if (!evaluators.is_array()) {
    return field_error("evaluators", "json_expected_array");
  }
  for (std::size_t i = 0; i < evaluators.size(); ++i) {
    std::string path = at("evaluators", i);
    if (auto ok = check_object(evaluators[i], path, {"name", "organisation", "role"}); !ok) {
      return ok;
    }
    auto name = read_string(evaluators[i], path, "name", Need::required);
    auto organisation = read_string(evaluators[i], path, "organisation", Need::optional);
    auto role = read_enum(evaluators[i], path, "role", Need::optional, model::EvaluatorRole::lead,
                          model::parse_evaluator_role, "lead, peer");
    if (!name || !organisation) {
      return tl::unexpected(!name ? name.error() : organisation.error());
    }
    if (!role) {
      return tl::unexpected(role.error());
    }
    evaluation.evaluators.push_back({*name, *organisation, *role});
  }
  if (auto it = document.find("dates"); it != document.end()) {
    if (auto ok = check_object(*it, "dates", {"document_review", "interviews", "report", "feedback"}); !ok) {
      return ok;
    }
    auto review = read_date(*it, "dates", "document_review");
    auto interviews = read_date(*it, "dates", "interviews");
    auto report = read_date(*it, "dates", "report");
    auto feedback = read_date(*it, "dates", "feedback");
    for (auto* result : {&review, &interviews, &report, &feedback}) {
      if (!*result) {
        return tl::unexpected(result->error());
      }
    }
    evaluation.dates = {*review, *interviews, *report, *feedback};
  }
  const json& earlier = array_or_empty(document, "earlier_evaluations");
  if (!earlier.is_array()) {
    return field_error("earlier_evaluations", "json_expected_array");
  }
  for (std::size_t i = 0; i < earlier.size(); ++i) {
    std::string path = at("earlier_evaluations", i);
    if (auto ok = check_object(earlier[i], path, {"year", "edition"}); !ok) {
      return ok;
    }
    auto year = read_int(earlier[i], path, "year", Need::required, 0);
    auto edition = read_string(earlier[i], path, "edition", Need::optional);
    if (!year) {
      return tl::unexpected(year.error());
    }
    if (!edition) {
      return tl::unexpected(edition.error());
    }
    evaluation.earlier.push_back({*year, *edition});
  }
  const json& narratives = array_or_empty(document, "narratives");
  if (!narratives.is_array()) {
    return field_error("narratives", "json_expected_array");
  }
  for (std::size_t i = 0; i < narratives.size(); ++i) {
    std::string path = at("narratives", i);
    if (auto ok = check_object(narratives[i], path, {"area", "subarea", "text"}); !ok) {
      return ok;
    }
    auto area = read_int(narratives[i], path, "area", Need::required, 0);
    auto sub_area = read_string(narratives[i], path, "subarea", Need::optional);
    auto text = read_string(narratives[i], path, "text", Need::required);
    if (!area) {
      return tl::unexpected(area.error());
    }
    if (!sub_area || !text) {
      return tl::unexpected(!sub_area ? sub_area.error() : text.error());
    }
    evaluation.narratives.push_back({*area, *sub_area, *text});
  }
  return {};
}

std::pair<int, int> line_and_column(std::string_view text, std::size_t byte) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < text.size() && i + 1 < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

} // namespace

Result<EvaluationDocument> parse_evaluation_json(std::string_view text) {
  json document;
  try {
    document = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& error) {
    auto [line, column] = line_and_column(text, error.byte);
    return fail(ErrorKind::bad_input, "json_malformed",
                {{"line", std::to_string(line)}, {"column", std::to_string(column)}},
                std::to_string(line) + ":" + std::to_string(column));
  }
  if (auto ok = check_object(document, "", {"format",     "id",         "municipality", "year",
                                            "framework",  "language",   "status",       "granularity",
                                            "total",      "evaluators", "dates",        "earlier_evaluations",
                                            "summary",    "note",       "source_url",   "baseline",
                                            "narratives", "sources",    "scores",       "findings"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  auto format = read_string(document, "", "format", Need::required);
  if (!format) {
    return tl::unexpected(format.error());
  }
  if (*format != k_format) {
    return field_error("format", "json_bad_value", {{"value", *format}, {"allowed", k_format}});
  }
  EvaluationDocument result;
  model::Evaluation& evaluation = result.evaluation;
  auto id = read_string(document, "", "id", Need::optional);
  if (!id) {
    return tl::unexpected(id.error());
  }
  evaluation.id = *id;
  result.id_given = !id->empty();
  auto municipality = read_municipality(document);
  if (!municipality) {
    return tl::unexpected(municipality.error());
  }
  evaluation.municipality = *municipality;
  auto year = read_int(document, "", "year", Need::required, 0);
  if (!year) {
    return tl::unexpected(year.error());
  }
  evaluation.year = *year;
  auto framework = document.find("framework");
  if (framework == document.end()) {
    return field_error("framework", "json_missing", {{"key", "framework"}});
  }
  if (auto ok = check_object(*framework, "framework", {"id", "version"}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto framework_id = read_string(*framework, "framework", "id", Need::required);
  if (!framework_id) {
    return tl::unexpected(framework_id.error());
  }
  evaluation.framework_id = *framework_id;
  // A version is text: written as a number, 2010.10 would read back as 2010.1.
  auto version = read_string(*framework, "framework", "version", Need::optional);
  if (!version) {
    return tl::unexpected(version.error());
  }
  evaluation.framework_version = *version;
  auto language = read_string(document, "", "language", Need::optional);
  if (!language) {
    return tl::unexpected(language.error());
  }
  evaluation.language = language->empty() ? "sv" : *language;
  auto status = read_enum(document, "", "status", Need::optional, model::Status::draft, model::parse_status,
                          "draft, final, published");
  auto granularity = read_enum(document, "", "granularity", Need::required, model::Granularity::question,
                               model::parse_granularity, "question, area, total");
  if (!status) {
    return tl::unexpected(status.error());
  }
  if (!granularity) {
    return tl::unexpected(granularity.error());
  }
  evaluation.status = *status;
  evaluation.granularity = *granularity;
  auto total = read_integer(document, "", "total", Need::optional);
  if (!total) {
    return tl::unexpected(total.error());
  }
  if (*total) {
    evaluation.published_total = static_cast<int>(**total);
  }
  auto summary = read_string(document, "", "summary", Need::optional);
  auto note = read_string(document, "", "note", Need::optional);
  auto source_url = read_string(document, "", "source_url", Need::optional);
  auto baseline = read_string(document, "", "baseline", Need::optional);
  for (auto* result_text : {&summary, &note, &source_url, &baseline}) {
    if (!*result_text) {
      return tl::unexpected(result_text->error());
    }
  }
  evaluation.summary = *summary;
  evaluation.note = *note;
  evaluation.source_url = *source_url;
  evaluation.baseline_id = *baseline;
  for (auto* step : {&read_people_and_texts, &read_sources, &read_scores, &read_findings}) {
    if (auto ok = step(document, evaluation); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return result;
}

std::string evaluation_to_json(const model::Evaluation& evaluation) {
  json document;
  document["format"] = k_format;
  document["id"] = evaluation.id;
  const auto& m = evaluation.municipality;
  json municipality{{"country", m.ref.country}, {"code", m.ref.code}, {"name", m.name}};
  if (m.county) {
    municipality["county"] = *m.county;
  }
  if (m.population) {
    municipality["population"] = *m.population;
  }
  if (m.group) {
    municipality["group"] = *m.group;
  }
  if (!m.key_figures.empty()) {
    json figures = json::array();
    for (const auto& f : m.key_figures) {
      figures.push_back({{"key", f.key}, {"year", f.year}, {"value", f.value}, {"unit", f.unit}, {"source", f.source}});
    }
    municipality["key_figures"] = figures;
  }
  document["municipality"] = municipality;
  document["year"] = evaluation.year;
  document["framework"] = {{"id", evaluation.framework_id}, {"version", evaluation.framework_version}};
  document["language"] = evaluation.language;
  document["status"] = to_string(evaluation.status);
  document["granularity"] = to_string(evaluation.granularity);
  if (evaluation.published_total) {
    document["total"] = *evaluation.published_total;
  }
  json evaluators = json::array();
  for (const auto& e : evaluation.evaluators) {
    evaluators.push_back({{"name", e.name}, {"organisation", e.organisation}, {"role", to_string(e.role)}});
  }
  document["evaluators"] = evaluators;
  const auto& d = evaluation.dates;
  document["dates"] = {{"document_review", d.document_review},
                       {"interviews", d.interviews},
                       {"report", d.report},
                       {"feedback", d.feedback}};
  json earlier = json::array();
  for (const auto& e : evaluation.earlier) {
    earlier.push_back({{"year", e.year}, {"edition", e.edition}});
  }
  document["earlier_evaluations"] = earlier;
  document["summary"] = evaluation.summary;
  document["note"] = evaluation.note;
  document["source_url"] = evaluation.source_url;
  // Written only for a re-evaluation, so the export of a first evaluation stays as it was.
  if (!evaluation.baseline_id.empty()) {
    document["baseline"] = evaluation.baseline_id;
  }
  json narratives = json::array();
  for (const auto& n : evaluation.narratives) {
    json item{{"area", n.area}};
    if (!n.sub_area.empty()) {
      item["subarea"] = n.sub_area;
    }
    item["text"] = n.text;
    narratives.push_back(item);
  }
  document["narratives"] = narratives;
  json sources = json::array();
  for (const auto& s : evaluation.sources) {
    json item{{"key", s.key}, {"kind", to_string(s.kind)}, {"title", s.title}, {"date", s.date}};
    if (s.people) {
      item["people"] = *s.people;
    }
    if (!s.document_kind.empty()) {
      item["document_kind"] = s.document_kind;
    }
    if (!s.url.empty()) {
      item["url"] = s.url;
    }
    if (!s.file.empty()) {
      item["file"] = s.file;
    }
    sources.push_back(item);
  }
  document["sources"] = sources;
  json scores = json::array();
  for (const auto& s : evaluation.scores) {
    json item;
    if (s.target == model::ScoreTarget::question) {
      item["question"] = s.target_id;
    } else if (s.target == model::ScoreTarget::area) {
      item["area"] = std::stoi(s.target_id);
    } else {
      // A total-granularity evaluation scored by hand carries its total as the document's "total".
      if (!evaluation.published_total) {
        document["total"] = s.points;
      }
      continue;
    }
    item["points"] = s.points;
    item["rationale"] = s.rationale;
    item["sources"] = s.source_keys;
    if (!s.evaluator.empty()) {
      item["evaluator"] = s.evaluator;
    }
    scores.push_back(item);
  }
  document["scores"] = scores;
  json findings = json::array();
  for (const auto& f : evaluation.findings) {
    json item{{"area", f.area}};
    if (!f.sub_area.empty()) {
      item["subarea"] = f.sub_area;
    }
    item["kind"] = to_string(f.kind);
    item["text"] = f.text;
    item["sources"] = f.source_keys;
    json examples = json::array();
    for (const auto& e : f.examples) {
      json example{{"name", e.name}, {"country", e.country}};
      if (!e.code.empty()) {
        example["code"] = e.code;
      }
      example["reason"] = e.reason;
      examples.push_back(example);
    }
    item["examples"] = examples;
    findings.push_back(item);
  }
  document["findings"] = findings;
  return document.dump(2) + "\n";
}

} // namespace kompass::app
