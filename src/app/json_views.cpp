#include "app/json_views.hpp"

#include <nlohmann/json.hpp>

namespace kompass::app {
namespace {

using json = nlohmann::ordered_json;

json optional_int(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }
json optional_double(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }
json optional_long(const std::optional<long>& value) { return value ? json(*value) : json(nullptr); }
json optional_text(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

json range_json(const std::optional<NumberRange>& range) {
  if (!range) {
    return nullptr;
  }
  return {{"min", optional_long(range->min)}, {"max", optional_long(range->max)}};
}

json distribution_json(const scoring::Distribution& d) {
  return {{"count", d.count},
          {"min", optional_double(d.min)},
          {"lower_quartile", optional_double(d.lower_quartile)},
          {"median", optional_double(d.median)},
          {"upper_quartile", optional_double(d.upper_quartile)},
          {"max", optional_double(d.max)},
          {"mean", optional_double(d.mean)}};
}

json localized(const model::LocalizedText& text) {
  json object = json::object();
  for (const auto& [language, value] : text.texts) {
    object[language] = value;
  }
  return object;
}

} // namespace

std::string evaluation_view_json(const EvaluationView& view) {
  const auto& e = view.evaluation;
  const auto& language = e.language;
  json areas = json::array();
  for (std::size_t i = 0; i < view.framework.areas.size(); ++i) {
    const auto& area = view.framework.areas[i];
    const auto& node = view.aggregate.areas[i];
    json item{{"number", area.number},
              {"title", area.title.in(language)},
              {"points", optional_int(node.points)},
              {"max", area.max_points}};
    json sub_areas = json::array();
    for (const auto& sub_node : view.aggregate.sub_areas) {
      if (view.framework.area_of(sub_node.id) == area.number) {
        const auto* sub_area = view.framework.find_sub_area(sub_node.id);
        sub_areas.push_back({{"id", sub_node.id},
                             {"title", sub_area ? sub_area->title.in(language) : ""},
                             {"points", optional_int(sub_node.points)},
                             {"max", sub_node.max}});
      }
    }
    if (!sub_areas.empty()) {
      item["subareas"] = sub_areas;
    }
    areas.push_back(item);
  }
  json evaluators = json::array();
  for (const auto& evaluator : e.evaluators) {
    evaluators.push_back(
        {{"name", evaluator.name}, {"organisation", evaluator.organisation}, {"role", to_string(evaluator.role)}});
  }
  auto findings = count_findings(e);
  json document{
      {"id", e.id},
      {"municipality",
       {{"code", e.municipality.ref.code}, {"name", e.municipality.name}, {"country", e.municipality.ref.country}}},
      {"year", e.year},
      {"framework",
       {{"id", e.framework_id}, {"version", e.framework_version}, {"title", view.framework.title.in(language)}}},
      {"language", language},
      {"status", to_string(e.status)},
      {"granularity", to_string(e.granularity)},
      {"total", optional_int(view.aggregate.total.points)},
      {"max", view.framework.max_points},
      {"areas", areas},
      {"completeness",
       {{"assessed", view.aggregate.total.assessed},
        {"of", view.aggregate.total.total},
        {"unscored", view.aggregate.unscored}}},
      {"evaluators", evaluators},
      {"counts",
       {{"sources", e.sources.size()},
        {"strengths", findings.strengths},
        {"improvements", findings.improvements},
        {"weaknesses", findings.weaknesses}}},
  };
  // Only a re-evaluation names its baseline, so the shape of a first evaluation is unchanged.
  if (!e.baseline_id.empty()) {
    document["baseline"] = e.baseline_id;
  }
  return document.dump(2) + "\n";
}

std::string evaluation_list_json(const std::vector<EvaluationListItem>& items) {
  json list = json::array();
  for (const auto& item : items) {
    const auto& s = item.summary;
    list.push_back(
        {{"id", s.id},
         {"municipality",
          {{"code", s.municipality.ref.code}, {"name", s.municipality.name}, {"country", s.municipality.ref.country}}},
         {"year", s.year},
         {"framework", {{"id", s.framework_id}, {"version", s.framework_version}}},
         {"status", to_string(s.status)},
         {"granularity", to_string(s.granularity)},
         {"total", optional_int(item.total)},
         {"max", item.max}});
  }
  return list.dump(2) + "\n";
}

std::string comparison_json(const Comparison& comparison) {
  json rows = json::array();
  for (const auto& row : comparison.rows) {
    rows.push_back({{"area", row.label == "total" ? json("total") : json(std::stoi(row.label))},
                    {"title", row.title},
                    {"points", optional_int(row.points)},
                    {"max", row.max},
                    {"reference", optional_double(row.reference.mean)},
                    {"reference_count", row.reference.count},
                    {"difference", optional_double(row.difference)}});
  }
  auto members = [](const std::vector<ReferenceMember>& list) {
    json out = json::array();
    for (const auto& m : list) {
      out.push_back({{"id", m.id}, {"municipality", m.municipality}, {"year", m.year}});
    }
    return out;
  };
  json earlier = json::array();
  for (const auto& e : comparison.earlier) {
    const char* comparability = scoring::to_string(e.comparison.comparability);
    json item{{"id", e.id.empty() ? json(nullptr) : json(e.id)},
              {"year", e.year},
              {"edition", e.edition},
              {"total", optional_int(e.total)},
              {"comparability", comparability}};
    if (e.comparison.comparability == scoring::Comparability::interval) {
      item["adjusted_interval"] = {optional_int(e.comparison.low), optional_int(e.comparison.high)};
    }
    earlier.push_back(item);
  }
  json args = json::object();
  for (const auto& [key, value] : comparison.reference_args) {
    args[key] = value;
  }
  json document{
      {"evaluation",
       {{"id", comparison.evaluation_id},
        {"municipality", comparison.municipality},
        {"year", comparison.year},
        {"framework", {{"id", comparison.framework_id}, {"version", comparison.framework_version}}}}},
      {"reference",
       {{"kind", comparison.reference_code == "reference_published"  ? "published"
                 : comparison.reference_code == "reference_named"    ? "named"
                 : comparison.reference_code == "reference_filtered" ? "filtered"
                                                                     : "default"},
        {"description", args},
        {"count", comparison.reference_count},
        {"members", members(comparison.members)},
        {"excluded_not_comparable", members(comparison.excluded_not_comparable)}}},
      {"rows", rows},
      {"earlier", earlier},
  };
  if (const auto& filter = comparison.reference_filter) {
    document["reference"]["filter"] = {{"edition", optional_text(filter->edition)},
                                       {"years", range_json(filter->years)},
                                       {"countries", filter->countries},
                                       {"population", range_json(filter->population)},
                                       {"groups", filter->groups}};
  }
  return document.dump(2) + "\n";
}

std::string ranking_json(const Ranking& ranking) {
  json rows = json::array();
  for (const auto& row : ranking.rows) {
    rows.push_back(
        {{"rank", row.rank},
         {"evaluation", row.evaluation_id},
         {"municipality", {{"country", row.municipality.country}, {"code", row.municipality.code}, {"name", row.name}}},
         {"year", row.year},
         {"points", row.points}});
  }
  json distributions = json::array();
  for (const auto& figure : ranking.distributions) {
    json item{{"area", figure.area ? json(*figure.area) : json("total")}, {"title", figure.title}, {"max", figure.max}};
    item.update(distribution_json(figure.distribution));
    distributions.push_back(item);
  }
  json document{
      {"framework",
       {{"id", ranking.framework_id}, {"version", ranking.framework_version}, {"title", ranking.framework_title}}},
      {"figure",
       {{"area", ranking.area ? json(*ranking.area) : json("total")},
        {"title", ranking.area_title},
        {"max", ranking.max}}},
      {"country", optional_text(ranking.country)},
      {"published", ranking.published},
      {"count", ranking.rows.size()},
      {"quartile_method", "type7"},
      {"rows", rows},
      {"distribution", distribution_json(ranking.distribution)},
      {"distributions", distributions},
  };
  return document.dump(2) + "\n";
}

std::string trend_json(const Trend& trend) {
  json entries = json::array();
  for (const auto& entry : trend.entries) {
    json areas = json::array();
    for (const auto& points : entry.areas) {
      areas.push_back(optional_int(points));
    }
    json previous = nullptr;
    if (entry.change) {
      const auto& comparison = entry.change->comparison;
      previous = {{"comparability", scoring::to_string(comparison.comparability)},
                  {"difference", optional_int(entry.change->difference)},
                  {"interval", comparison.comparability == scoring::Comparability::interval
                                   ? json::array({optional_int(comparison.low), optional_int(comparison.high)})
                                   : json(nullptr)}};
    }
    entries.push_back({{"year", entry.year},
                       {"edition", entry.edition},
                       {"evaluation", entry.evaluation_id.empty() ? json(nullptr) : json(entry.evaluation_id)},
                       {"version", entry.framework_version.empty() ? json(nullptr) : json(entry.framework_version)},
                       {"status", entry.status ? json(to_string(*entry.status)) : json(nullptr)},
                       {"total", optional_int(entry.total)},
                       {"max", entry.max > 0 ? json(entry.max) : json(nullptr)},
                       {"areas", areas},
                       {"previous", previous}});
  }
  const auto& m = trend.municipality;
  json document{{"municipality", {{"country", m.ref.country}, {"code", m.ref.code}, {"name", m.name}}},
                {"entries", entries}};
  return document.dump(2) + "\n";
}

std::string framework_list_json(const std::vector<FrameworkInfo>& frameworks) {
  json list = json::array();
  for (const auto& f : frameworks) {
    list.push_back({{"id", f.id},
                    {"version", f.version},
                    {"title", f.title},
                    {"level", f.level == model::FrameworkLevel::question ? "question" : "area"},
                    {"max", f.max_points},
                    {"areas", f.areas},
                    {"subareas", f.sub_areas},
                    {"questions", f.questions},
                    {"aliases", f.aliases}});
  }
  return list.dump(2) + "\n";
}

std::string framework_json(const model::Framework& framework) {
  json areas = json::array();
  for (const auto& area : framework.areas) {
    json sub_areas = json::array();
    for (const auto& sub_area : area.sub_areas) {
      json questions = json::array();
      for (const auto& q : sub_area.questions) {
        questions.push_back(
            {{"id", q.id},
             {"text", localized(q.text)},
             {"max", q.max_points},
             {"basis", q.basis},
             {"guidance", {{"full", q.guidance.full}, {"partial", q.guidance.partial}, {"none", q.guidance.none}}}});
      }
      sub_areas.push_back({{"id", sub_area.id},
                           {"title", localized(sub_area.title)},
                           {"max", sub_area.max_points},
                           {"questions", questions}});
    }
    areas.push_back(
        {{"number", area.number}, {"title", localized(area.title)}, {"max", area.max_points}, {"subareas", sub_areas}});
  }
  json document{{"id", framework.id},
                {"version", framework.version},
                {"year", framework.year},
                {"title", localized(framework.title)},
                {"aliases", framework.aliases},
                {"languages", framework.languages},
                {"max", framework.max_points},
                {"level", framework.level == model::FrameworkLevel::question ? "question" : "area"},
                {"provenance", framework.provenance},
                {"areas", areas}};
  return document.dump(2) + "\n";
}

std::string municipality_list_json(const std::vector<model::Municipality>& municipalities) {
  json list = json::array();
  for (const auto& m : municipalities) {
    list.push_back({{"country", m.ref.country},
                    {"code", m.ref.code},
                    {"name", m.name},
                    {"county", m.county ? json(*m.county) : json(nullptr)},
                    {"population", m.population ? json(*m.population) : json(nullptr)},
                    {"group", optional_text(m.group)}});
  }
  return list.dump(2) + "\n";
}

std::string municipality_json(const model::Municipality& m) {
  json figures = json::array();
  for (const auto& f : m.key_figures) {
    figures.push_back({{"key", f.key}, {"year", f.year}, {"value", f.value}, {"unit", f.unit}, {"source", f.source}});
  }
  json document{{"country", m.ref.country},
                {"code", m.ref.code},
                {"name", m.name},
                {"county", m.county ? json(*m.county) : json(nullptr)},
                {"population", m.population ? json(*m.population) : json(nullptr)},
                {"group", optional_text(m.group)},
                {"key_figures", figures}};
  return document.dump(2) + "\n";
}

std::string source_list_json(const model::Evaluation& evaluation) {
  json list = json::array();
  for (const auto& s : evaluation.sources) {
    list.push_back({{"key", s.key},
                    {"kind", to_string(s.kind)},
                    {"title", s.title},
                    {"date", s.date},
                    {"people", s.people ? json(*s.people) : json(nullptr)},
                    {"document_kind", s.document_kind},
                    {"url", s.url},
                    {"file", s.file}});
  }
  return list.dump(2) + "\n";
}

std::string finding_list_json(const model::Evaluation& evaluation) {
  json list = json::array();
  for (const auto& f : evaluation.findings) {
    json examples = json::array();
    for (const auto& e : f.examples) {
      examples.push_back({{"name", e.name}, {"country", e.country}, {"code", e.code}, {"reason", e.reason}});
    }
    list.push_back({{"id", f.id},
                    {"area", f.area},
                    {"subarea", f.sub_area},
                    {"kind", to_string(f.kind)},
                    {"text", f.text},
                    {"sources", f.source_keys},
                    {"examples", examples}});
  }
  return list.dump(2) + "\n";
}

std::string recommendations_json(const Recommendations& recommendations) {
  json findings = json::array();
  for (const auto& item : recommendations.findings) {
    const auto& f = item.finding;
    json suggestions = json::array();
    int rank = 0;
    for (const auto& s : item.suggestions) {
      suggestions.push_back(
          {{"rank", ++rank},
           {"municipality", {{"code", s.municipality_code}, {"name", s.municipality}, {"country", s.country}}},
           {"evaluation", s.evaluation_id},
           {"year", s.year},
           {"area", s.area},
           {"subarea", s.sub_area},
           {"area_points", optional_int(s.area_points)},
           {"text", s.text},
           {"snippet", s.snippet},
           {"percent", s.percent}});
    }
    json named = json::array();
    for (const auto& example : item.named_examples) {
      json where = json::array();
      for (const auto& in : example.named_in) {
        where.push_back({{"evaluation", in.evaluation_id},
                         {"municipality", in.municipality},
                         {"year", in.year},
                         {"kind", to_string(in.kind)},
                         {"text", in.text},
                         {"reason", in.reason}});
      }
      named.push_back({{"name", example.name}, {"named_in", where}});
    }
    findings.push_back(
        {{"finding",
          {{"id", f.id}, {"area", f.area}, {"subarea", f.sub_area}, {"kind", to_string(f.kind)}, {"text", f.text}}},
         {"suggestions", suggestions},
         {"named_examples", named}});
  }
  json document{{"evaluation",
                 {{"id", recommendations.evaluation_id},
                  {"municipality",
                   {{"code", recommendations.municipality_code},
                    {"name", recommendations.municipality},
                    {"country", recommendations.country}}},
                  {"year", recommendations.year},
                  {"language", recommendations.language}}},
                {"findings", findings}};
  return document.dump(2) + "\n";
}

} // namespace kompass::app
