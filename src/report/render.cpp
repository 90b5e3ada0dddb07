#include "report/render.hpp"

#include <kainjow/mustache.hpp>

namespace kompass::report {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using kainjow::mustache::partial;

constexpr const char* k_main_template = "report.html.mustache";

data text_list(const std::vector<std::string>& items) {
  data list{data::type::list};
  for (const auto& item : items) {
    data entry;
    entry.set("text", item);
    list.push_back(entry);
  }
  return list;
}

data score_data(const ScoreText& score) {
  data out;
  out.set("text", score.text);
  out.set("max", std::to_string(score.max));
  out.set("assessed", data(score.points.has_value()));
  return out;
}

data finding_data(const FindingView& finding) {
  data out;
  out.set("id", std::to_string(finding.id));
  out.set("text", finding.text);
  out.set("sub_area", finding.sub_area);
  out.set("examples_text", finding.examples_text);
  out.set("has_examples", data(!finding.examples.empty()));
  return out;
}

data finding_cell(const std::optional<FindingView>& finding) { return finding ? finding_data(*finding) : data(false); }

data chart_data(const ChartView& chart, ChartMode mode) {
  data out;
  out.set("id", chart.id);
  out.set("title", chart.title);
  out.set("description", chart.description);
  out.set("svg", chart.svg);
  out.set("image_file", chart.image_file);
  out.set("as_image", data(mode == ChartMode::image_files));
  out.set("columns", text_list(chart.columns));
  data rows{data::type::list};
  for (const auto& row : chart.rows) {
    data entry;
    entry.set("cells", text_list(row));
    rows.push_back(entry);
  }
  out.set("rows", rows);
  return out;
}

data area_data(const AreaView& area) {
  data out;
  out.set("number", std::to_string(area.number));
  out.set("anchor", area.anchor);
  out.set("heading", area.heading);
  out.set("title", area.title);
  out.set("narrative", text_list(area.narrative));
  out.set("score", score_data(area.score));
  out.set("reference", area.reference.text);
  data sub_areas{data::type::list};
  for (const auto& sub : area.sub_areas) {
    data entry;
    entry.set("id", sub.id);
    entry.set("title", sub.title);
    entry.set("narrative", text_list(sub.narrative));
    entry.set("score", sub.score ? score_data(*sub.score) : data(false));
    data questions{data::type::list};
    for (const auto& question : sub.questions) {
      data q;
      q.set("id", question.id);
      q.set("text", question.text);
      q.set("score", score_data(question.score));
      q.set("rationale", question.rationale);
      questions.push_back(q);
    }
    entry.set("questions", questions);
    entry.set("has_questions", data(!sub.questions.empty()));
    entry.set("show_heading", data(!sub.narrative.empty() || !sub.questions.empty()));
    sub_areas.push_back(entry);
  }
  out.set("sub_areas", sub_areas);
  data rows{data::type::list};
  for (const auto& row : area.findings) {
    data entry;
    entry.set("strength", finding_cell(row.strength));
    entry.set("improvement", finding_cell(row.improvement));
    entry.set("weakness", finding_cell(row.weakness));
    rows.push_back(entry);
  }
  out.set("findings", rows);
  out.set("has_findings", data(!area.findings.empty()));
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
  return "area";
}

data view_data(const ReportView& view, ChartMode mode) {
  data root;
  data labels;
  for (const auto& [key, text] : view.labels) {
    labels.set(key, text);
  }
  // Labels that take arguments are filled here so templates only ever print finished text.
  auto filled = [&](const std::string& key, const std::map<std::string, std::string>& args) {
    auto it = view.labels.find(key);
    return it == view.labels.end() ? key : fill(it->second, args);
  };
  std::string area_count = std::to_string(view.areas.size());
  labels.set("section_summary", filled("section_summary", {{"municipality_long", view.municipality_long}}));
  labels.set("section_areas", filled("section_areas", {{"area_count", area_count}}));
  labels.set("section_key_facts", filled("section_key_facts", {{"municipality_long", view.municipality_long}}));
  labels.set("total_points",
             filled("total_points", {{"points", view.total.text}, {"max", std::to_string(view.total.max)}}));
  labels.set("overview_caption",
             filled("overview_caption", {{"levels", view.question_level ? filled("overview_levels", {}) : ""}}));
  root.set("label", labels);

  root.set("lang", to_string(view.language));
  root.set("title", view.title);
  root.set("municipality", view.municipality);
  root.set("municipality_long", view.municipality_long);
  root.set("year", std::to_string(view.year));
  root.set("framework_title", view.framework_title);
  root.set("framework_id", view.framework_id);
  root.set("framework_version", view.framework_version);
  root.set("date", view.date);
  root.set("organisation", view.organisation);
  data evaluators{data::type::list};
  for (const auto& evaluator : view.evaluators) {
    data entry;
    entry.set("name", evaluator.name);
    entry.set("organisation", evaluator.organisation);
    evaluators.push_back(entry);
  }
  root.set("evaluators", evaluators);
  root.set("method", text_list(view.method));
  root.set("how", text_list(view.how));
  root.set("summary", text_list(view.summary));
  root.set("total", score_data(view.total));
  root.set("reference_total", view.reference_total.text);
  root.set("reference_description", view.reference_description);
  root.set("has_reference", data(view.reference_count > 0));
  root.set("reference_members",
           view.reference_members.empty()
               ? data(false)
               : data(filled("reference_members", {{"members", [&] {
                                                      std::string joined;
                                                      for (std::size_t i = 0; i < view.reference_members.size(); ++i) {
                                                        joined += (i == 0 ? "" : ", ") + view.reference_members[i];
                                                      }
                                                      return joined;
                                                    }()}})));
  root.set("comparability", text_list(view.comparability));
  root.set("has_comparability", data(!view.comparability.empty()));
  data charts{data::type::list};
  for (const auto& chart : view.charts) {
    charts.push_back(chart_data(chart, mode));
  }
  root.set("charts", charts);
  data areas{data::type::list};
  for (const auto& area : view.areas) {
    data entry = area_data(area);
    entry.set("findings_caption", filled("findings_table", {{"number", std::to_string(area.number)}}));
    areas.push_back(entry);
  }
  root.set("areas", areas);
  data overview{data::type::list};
  for (const auto& row : view.overview) {
    data entry;
    entry.set("level", level_name(row.level));
    entry.set("is_area", data(row.level == OverviewRow::Level::area));
    entry.set("is_total", data(row.level == OverviewRow::Level::total));
    entry.set("id", row.id);
    entry.set("title", row.title);
    entry.set("score", score_data(row.score));
    entry.set("reference", row.reference.text);
    entry.set("reference_count", row.reference.count > 0 ? std::to_string(row.reference.count) : std::string());
    entry.set("difference", row.difference.text);
    overview.push_back(entry);
  }
  root.set("overview", overview);
  data facts{data::type::list};
  for (const auto& fact : view.key_facts) {
    data entry;
    entry.set("fact_label", fact.label);
    entry.set("value", fact.value_text);
    entry.set("missing", data(!fact.value.has_value()));
    entry.set("year", fact.year);
    entry.set("source", fact.source);
    facts.push_back(entry);
  }
  root.set("key_facts", facts);
  root.set("question_level", data(view.question_level));
  return root;
}

} // namespace

Result<std::string> render_html(const ReportView& view, const TemplateSet& templates, ChartMode mode) {
  auto main = templates.files.find(k_main_template);
  if (main == templates.files.end()) {
    return model::fail(model::ErrorKind::bad_input, "template_missing", {{"template", k_main_template}},
                       k_main_template);
  }
  data root = view_data(view, mode);
  auto css = templates.files.find("report.css");
  root.set("css", css == templates.files.end() ? std::string() : css->second);
  // Every other *.mustache file is a partial ({{> cover}} for cover.mustache), so an override folder can
  // replace one part (the cover with a logo, say) and keep the rest.
  for (const auto& [name, text] : templates.files) {
    constexpr std::string_view k_suffix = ".mustache";
    if (name != k_main_template && name.ends_with(k_suffix)) {
      const std::string* body = &text;
      root.set(name.substr(0, name.size() - k_suffix.size()), partial([body] { return *body; }));
    }
  }
  mustache tmpl{main->second};
  if (!tmpl.is_valid()) {
    return model::fail(model::ErrorKind::bad_input, "template_error",
                       {{"template", k_main_template}, {"reason", tmpl.error_message()}}, k_main_template);
  }
  std::string html = tmpl.render(root);
  if (!tmpl.is_valid()) {
    return model::fail(model::ErrorKind::bad_input, "template_error",
                       {{"template", k_main_template}, {"reason", tmpl.error_message()}}, k_main_template);
  }
  return html;
}

} // namespace kompass::report
