#include "app/actions.hpp"
#include "report/action_plan.hpp"
#include "report/exporters.hpp"
#include "report/external.hpp"

namespace kompass::app {

using model::ErrorKind;

namespace {

report::ActionPlanInput plan_input(const ActionPlan& plan, report::Language language) {
  report::ActionPlanInput input;
  input.evaluation_id = plan.evaluation_id;
  input.municipality = plan.municipality;
  input.year = plan.year;
  input.today = plan.today;
  for (const auto& area : plan.areas) {
    report::PlanAreaInput entry;
    entry.number = area.number;
    entry.title = area.title.in(report::to_string(language), plan.framework_language);
    for (const auto& item : area.findings) {
      entry.findings.emplace_back(item.finding, item.action_ids);
    }
    input.areas.push_back(std::move(entry));
  }
  input.actions = plan.actions;
  input.overdue = plan.overdue;
  return input;
}

} // namespace

Result<void> write_action_plan(store::Store& store, const std::string& evaluation_id, ReportFormat format,
                               const std::string& language, const std::string& output, const std::string& today) {
  if (format == ReportFormat::docx) {
    return model::fail(ErrorKind::bad_input, "action_plan_format", {{"file", output}}, "--format");
  }
  auto plan = action_plan(store, evaluation_id, today);
  if (!plan) {
    return tl::unexpected(plan.error());
  }
  auto parsed = report::parse_language(language.empty() ? plan->language : language);
  if (!parsed) {
    if (!language.empty()) {
      return model::fail(ErrorKind::bad_input, "bad_report_language", {{"language", language}}, "--lang");
    }
    parsed = report::Language::sv; // as the report: an evaluation in Danish gets Swedish labels
  }
  auto templates = report::load_templates(std::nullopt);
  if (!templates) {
    return tl::unexpected(templates.error());
  }
  auto labels = report::load_labels(*templates, *parsed);
  if (!labels) {
    return tl::unexpected(labels.error());
  }
  auto view = report::make_action_plan_view(plan_input(*plan, *parsed), *parsed, *labels);
  if (format == ReportFormat::xlsx) {
    return report::write_action_plan_xlsx(view, output);
  }
  auto html = report::render_action_plan_html(view, *templates);
  if (!html) {
    return tl::unexpected(html.error());
  }
  if (format == ReportFormat::pdf) {
    return report::write_pdf(*html, output, report::PdfVariant::pdf_a_3b);
  }
  return report::write_file_atomically(*html, output);
}

} // namespace kompass::app
