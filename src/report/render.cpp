#include "report/render.hpp"

#include <map>
#include <memory>
#include <string_view>

#include "report/mustache.hpp"

namespace kompass::report {
namespace {

using mustache::Template;
using mustache::text_list;
using mustache::Value;

constexpr const char* k_main_template = "report.html.mustache";

// The data below views the ReportView's strings instead of copying them (the view outlives rendering);
// only text computed here (numbers, filled labels) is owned.

// A score as three flat keys, as the templates have always used them.
void add_score(Value& object, const ScoreText& score) {
  object.add("score_text", score.text);
  object.add("score_max", std::to_string(score.max));
  object.add("score_assessed", score.points.has_value());
}

Value score_data(const ScoreText& score) {
  Value out = Value::object(3);
  out.add("text", score.text);
  out.add("max", std::to_string(score.max));
  out.add("assessed", score.points.has_value());
  return out;
}

Value finding_data(const FindingView& finding) {
  Value out = Value::object(5);
  out.add("id", std::to_string(finding.id));
  out.add("text", finding.text);
  out.add("sub_area", finding.sub_area);
  out.add("examples_text", finding.examples_text);
  out.add("has_examples", !finding.examples.empty());
  return out;
}

Value finding_cell(const std::optional<FindingView>& finding) {
  return finding ? finding_data(*finding) : Value(false);
}

Value chart_data(const ChartView& chart, ChartMode mode) {
  Value out = Value::object(8);
  out.add("id", chart.id);
  out.add("title", chart.title);
  out.add("description", chart.description);
  out.add("svg", chart.svg);
  out.add("image_file", chart.image_file);
  out.add("as_image", mode == ChartMode::image_files);
  out.add("columns", text_list(chart.columns));
  Value rows = Value::list(chart.rows.size());
  for (const auto& row : chart.rows) {
    Value entry = Value::object(1);
    entry.add("cells", text_list(row));
    rows.push(std::move(entry));
  }
  out.add("rows", std::move(rows));
  return out;
}

Value area_data(const AreaView& area) {
  Value out = Value::object(14);
  out.add("number", std::to_string(area.number));
  out.add("anchor", area.anchor);
  out.add("heading", area.heading);
  out.add("title", area.title);
  out.add("narrative", text_list(area.narrative));
  add_score(out, area.score);
  out.add("reference", area.reference.text);
  Value sub_areas = Value::list(area.sub_areas.size());
  for (const auto& sub : area.sub_areas) {
    Value entry = Value::object(5);
    entry.add("id", sub.id);
    entry.add("title", sub.title);
    entry.add("narrative", text_list(sub.narrative));
    entry.add("score", sub.score ? score_data(*sub.score) : Value(false));
    // The questions themselves are listed once, with their rationale, in the score overview.
    entry.add("show_heading", !sub.narrative.empty() || sub.score.has_value());
    sub_areas.push(std::move(entry));
  }
  out.add("sub_areas", std::move(sub_areas));
  Value rows = Value::list(area.findings.size());
  for (const auto& row : area.findings) {
    Value entry = Value::object(3);
    entry.add("strength", finding_cell(row.strength));
    entry.add("improvement", finding_cell(row.improvement));
    entry.add("weakness", finding_cell(row.weakness));
    rows.push(std::move(entry));
  }
  out.add("findings", std::move(rows));
  out.add("has_findings", !area.findings.empty());
  return out;
}

const char* level_name(OverviewRow::Level level) {
  switch (level) {
  case OverviewRow::Level::area:
    return "level-area";
  case OverviewRow::Level::sub_area:
    return "level-sub-area";
  case OverviewRow::Level::question:
    return "level-question";
  case OverviewRow::Level::total:
    return "level-total";
  }
  return "level-area";
}

Value followup_data(const FollowupChapterView& chapter) {
  Value out = Value::object(7);
  out.add("intro", chapter.intro);
  out.add("note", chapter.note.empty() ? Value(false) : Value(chapter.note));
  Value rows = Value::list(chapter.rows.size());
  for (const auto& row : chapter.rows) {
    Value entry = Value::object(6);
    entry.add("id", row.id);
    entry.add("title", row.title);
    entry.add("previous", row.previous);
    entry.add("current", row.current);
    entry.add("difference", row.difference);
    entry.add("is_total", row.total);
    rows.push(std::move(entry));
  }
  out.add("rows", std::move(rows));
  Value findings = Value::list(chapter.findings.size());
  for (const auto& finding : chapter.findings) {
    Value entry = Value::object(4);
    entry.add("place", finding.place);
    entry.add("kind", finding.kind);
    entry.add("text", finding.text);
    entry.add("fate", finding.fate);
    findings.push(std::move(entry));
  }
  out.add("has_findings", !chapter.findings.empty());
  out.add("findings", std::move(findings));
  Value actions = Value::list(chapter.actions.size());
  for (const auto& action : chapter.actions) {
    Value entry = Value::object(3);
    entry.add("title", action.title);
    entry.add("area", action.area);
    entry.add("change", action.change);
    actions.push(std::move(entry));
  }
  out.add("has_actions", !chapter.actions.empty());
  out.add("actions", std::move(actions));
  return out;
}

Value view_data(const ReportView& view, ChartMode mode) {
  Value root = Value::object(32);
  Value labels = Value::object(view.labels.size());
  for (const auto& [key, text] : view.labels) {
    labels.add(key, text);
  }
  // Labels that take arguments are filled here so templates only ever print finished text.
  auto filled = [&](const std::string& key, const std::map<std::string, std::string>& args) {
    return label_text(view.labels, key, args);
  };
  std::string area_count = std::to_string(view.areas.size());
  labels.set("section_summary", filled("section_summary", {{"municipality_long", view.municipality_long}}));
  labels.set("section_areas", filled("section_areas", {{"area_count", area_count}}));
  labels.set("section_key_facts", filled("section_key_facts", {{"municipality_long", view.municipality_long}}));
  labels.set("total_points",
             filled("total_points", {{"points", view.total.text}, {"max", std::to_string(view.total.max)}}));
  labels.set("overview_caption",
             filled("overview_caption", {{"levels", view.question_level ? filled("overview_levels", {}) : ""}}));
  root.add("label", std::move(labels));

  root.add("lang", to_string(view.language));
  root.add("title", view.title);
  root.add("municipality", view.municipality);
  root.add("municipality_long", view.municipality_long);
  root.add("year", std::to_string(view.year));
  root.add("framework_title", view.framework_title);
  root.add("framework_id", view.framework_id);
  root.add("framework_version", view.framework_version);
  root.add("date", view.date);
  root.add("organisation", view.organisation);
  Value evaluators = Value::list(view.evaluators.size());
  for (const auto& evaluator : view.evaluators) {
    Value entry = Value::object(2);
    entry.add("name", evaluator.name);
    entry.add("organisation", evaluator.organisation);
    evaluators.push(std::move(entry));
  }
  root.add("evaluators", std::move(evaluators));
  root.add("method", text_list(view.method));
  root.add("how", text_list(view.how));
  root.add("summary", text_list(view.summary));
  root.add("reference_total", view.reference_total.text);
  root.add("reference_description", view.reference_description);
  root.add("has_reference", view.reference_count > 0);
  if (view.reference_members.empty()) {
    root.add("reference_members", false);
  } else {
    std::string joined;
    for (std::size_t i = 0; i < view.reference_members.size(); ++i) {
      joined += (i == 0 ? "" : ", ") + view.reference_members[i];
    }
    root.add("reference_members", filled("reference_members", {{"members", joined}}));
  }
  root.add("comparability", text_list(view.comparability));
  root.add("has_comparability", !view.comparability.empty());
  Value charts = Value::list(view.charts.size());
  for (const auto& chart : view.charts) {
    charts.push(chart_data(chart, mode));
  }
  root.add("charts", std::move(charts));
  Value areas = Value::list(view.areas.size());
  for (const auto& area : view.areas) {
    Value entry = area_data(area);
    entry.add("findings_caption", filled("findings_table", {{"number", std::to_string(area.number)}}));
    areas.push(std::move(entry));
  }
  root.add("areas", std::move(areas));
  Value overview = Value::list(view.overview.size());
  for (const auto& row : view.overview) {
    Value entry = Value::object(12);
    entry.add("level", level_name(row.level));
    entry.add("is_area", row.level == OverviewRow::Level::area);
    entry.add("is_total", row.level == OverviewRow::Level::total);
    entry.add("id", row.id);
    entry.add("title", row.title);
    entry.add("rationale", row.rationale.empty() ? Value(false) : Value(row.rationale));
    add_score(entry, row.score);
    entry.add("reference", row.reference.text);
    entry.add("reference_count", row.reference.count > 0 ? std::to_string(row.reference.count) : std::string());
    entry.add("difference", row.difference.text);
    overview.push(std::move(entry));
  }
  root.add("overview", std::move(overview));
  Value facts = Value::list(view.key_facts.size());
  for (const auto& fact : view.key_facts) {
    Value entry = Value::object(5);
    entry.add("fact_label", fact.label);
    entry.add("value", fact.value_text);
    entry.add("missing", !fact.value.has_value());
    entry.add("year", fact.year);
    entry.add("source", fact.source);
    facts.push(std::move(entry));
  }
  root.add("key_facts", std::move(facts));
  root.add("question_level", view.question_level);
  if (view.followup) {
    root.add("followup", followup_data(*view.followup));
  } else {
    root.add("followup", false);
  }
  return root;
}

// The parsed main template (or why it does not parse). Parsing costs about as much as building the data
// and a server renders the same templates again and again.
const model::Result<Template>& parsed(const std::string& text) {
  constexpr std::size_t k_max_cached = 16; // distinct template sets (override folders) kept at once
  thread_local std::map<std::string, std::unique_ptr<model::Result<Template>>> cache;
  if (cache.size() >= k_max_cached && !cache.contains(text)) {
    cache.clear();
  }
  auto& slot = cache[text];
  if (!slot) {
    slot = std::make_unique<model::Result<Template>>(Template::compile(text));
  }
  return *slot;
}

} // namespace

Result<std::string> render_html(const ReportView& view, const TemplateSet& templates, ChartMode mode) {
  auto main = templates.files.find(k_main_template);
  if (main == templates.files.end()) {
    return model::fail(model::ErrorKind::bad_input, "template_missing", {{"template", k_main_template}},
                       k_main_template);
  }
  const auto& tmpl = parsed(inline_partials(templates, main->second));
  if (!tmpl) {
    auto reason = tmpl.error().args.find("reason");
    return model::fail(
        model::ErrorKind::bad_input, "template_error",
        {{"template", k_main_template}, {"reason", reason == tmpl.error().args.end() ? std::string() : reason->second}},
        k_main_template);
  }
  Value root = view_data(view, mode);
  auto css = templates.files.find("report.css");
  root.add("css", css == templates.files.end() ? std::string_view() : std::string_view(css->second));
  std::string html;
  html.reserve(256 * 1024);
  tmpl->render(root, html);
  return html;
}

} // namespace kompass::report
