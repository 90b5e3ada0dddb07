#include "report/action_plan.hpp"

#include <algorithm>
#include <map>

#include "report/exporters.hpp"
#include "report/mustache.hpp"

namespace kompass::report {
namespace {

using mustache::Template;
using mustache::text_list;
using mustache::Value;

constexpr const char* k_plan_template = "action_plan.html.mustache";

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : separator) + item;
  }
  return out;
}

PlanActionView action_view(const model::Action& action, const ActionPlanInput& input, const Labels& labels) {
  PlanActionView out;
  out.id = std::to_string(action.id);
  out.area = std::to_string(action.area);
  out.title = action.title;
  out.description = action.description;
  out.owner = action.owner;
  out.start_date = action.start_date;
  out.due_date = action.due_date;
  out.status = label_text(labels, std::string("plan_status_") + model::to_string(action.status));
  out.expected_effect = action.expected_effect;
  std::vector<std::string> ids;
  for (long id : action.finding_ids) {
    ids.push_back(std::to_string(id));
  }
  out.findings = joined(ids, ", ");
  out.overdue = std::find(input.overdue.begin(), input.overdue.end(), action.id) != input.overdue.end();
  for (const auto& note : action.notes) {
    out.notes.push_back(label_text(labels, "plan_note", {{"date", note.date}, {"text", note.text}}));
  }
  return out;
}

Value action_data(const PlanActionView& action) {
  Value out = Value::object(13);
  out.add("id", action.id);
  out.add("area", action.area);
  out.add("title", action.title);
  out.add("description", action.description.empty() ? Value(false) : Value(action.description));
  out.add("owner", action.owner);
  out.add("start_date", action.start_date);
  out.add("due_date", action.due_date);
  out.add("status", action.status);
  out.add("expected_effect", action.expected_effect.empty() ? Value(false) : Value(action.expected_effect));
  out.add("findings", action.findings);
  out.add("overdue", action.overdue);
  out.add("notes", text_list(action.notes));
  out.add("has_notes", !action.notes.empty());
  return out;
}

Value action_list(const std::vector<PlanActionView>& actions) {
  Value list = Value::list(actions.size());
  for (const auto& action : actions) {
    list.push(action_data(action));
  }
  return list;
}

} // namespace

ActionPlanView make_action_plan_view(const ActionPlanInput& input, Language language, const Labels& labels) {
  ActionPlanView view;
  view.language = language;
  view.labels = labels;
  view.evaluation_id = input.evaluation_id;
  view.date = input.today;
  view.title =
      label_text(labels, "plan_title", {{"municipality", input.municipality}, {"year", std::to_string(input.year)}});
  std::map<long, PlanActionView> by_id;
  for (const auto& action : input.actions) {
    auto item = action_view(action, input, labels);
    by_id[action.id] = item;
    view.actions.push_back(std::move(item));
  }
  for (long id : input.overdue) {
    if (auto found = by_id.find(id); found != by_id.end()) {
      view.overdue.push_back(found->second);
    }
  }
  int findings = 0;
  int with = 0;
  for (const auto& area : input.areas) {
    PlanAreaView out;
    out.heading =
        label_text(labels, "plan_area_heading", {{"number", std::to_string(area.number)}, {"title", area.title}});
    int area_with = 0;
    for (const auto& [finding, action_ids] : area.findings) {
      PlanFindingView item;
      item.id = std::to_string(finding.id);
      item.kind = label_text(labels, std::string("kind_") + model::to_string(finding.kind));
      item.sub_area = finding.sub_area;
      item.text = finding.text;
      for (long id : action_ids) {
        if (auto found = by_id.find(id); found != by_id.end()) {
          item.actions.push_back(found->second);
        }
      }
      area_with += action_ids.empty() ? 0 : 1;
      out.findings.push_back(std::move(item));
    }
    const int count = static_cast<int>(area.findings.size());
    out.counts = label_text(labels, "plan_area_counts",
                            {{"findings", std::to_string(count)},
                             {"with", std::to_string(area_with)},
                             {"without", std::to_string(count - area_with)}});
    findings += count;
    with += area_with;
    view.areas.push_back(std::move(out));
  }
  view.summary = label_text(labels, "plan_summary",
                            {{"findings", std::to_string(findings)},
                             {"with", std::to_string(with)},
                             {"without", std::to_string(findings - with)},
                             {"actions", std::to_string(input.actions.size())},
                             {"overdue", std::to_string(input.overdue.size())}});
  return view;
}

Result<std::string> render_action_plan_html(const ActionPlanView& view, const TemplateSet& templates) {
  auto main = templates.files.find(k_plan_template);
  if (main == templates.files.end()) {
    return model::fail(model::ErrorKind::bad_input, "template_missing", {{"template", k_plan_template}},
                       k_plan_template);
  }
  auto tmpl = Template::compile(inline_partials(templates, main->second));
  if (!tmpl) {
    auto reason = tmpl.error().args.find("reason");
    return model::fail(
        model::ErrorKind::bad_input, "template_error",
        {{"template", k_plan_template}, {"reason", reason == tmpl.error().args.end() ? std::string() : reason->second}},
        k_plan_template);
  }
  Value labels = Value::object(view.labels.size() + 2);
  for (const auto& [key, text] : view.labels) {
    labels.add(key, text);
  }
  labels.set("plan_date", label_text(view.labels, "plan_date", {{"date", view.date}, {"id", view.evaluation_id}}));
  Value root = Value::object(10);
  root.add("label", std::move(labels));
  root.add("lang", to_string(view.language));
  root.add("title", view.title);
  root.add("summary", view.summary);
  root.add("date", view.date);
  Value areas = Value::list(view.areas.size());
  for (const auto& area : view.areas) {
    Value entry = Value::object(3);
    entry.add("heading", area.heading);
    entry.add("counts", area.counts);
    Value findings = Value::list(area.findings.size());
    for (const auto& finding : area.findings) {
      Value item = Value::object(6);
      item.add("id", finding.id);
      item.add("kind", finding.kind);
      item.add("sub_area", finding.sub_area);
      item.add("text", finding.text);
      item.add("actions", action_list(finding.actions));
      item.add("has_actions", !finding.actions.empty());
      findings.push(std::move(item));
    }
    entry.add("findings", std::move(findings));
    areas.push(std::move(entry));
  }
  root.add("areas", std::move(areas));
  root.add("actions", action_list(view.actions));
  root.add("has_actions", !view.actions.empty());
  root.add("overdue", action_list(view.overdue));
  root.add("has_overdue", !view.overdue.empty());
  auto css = templates.files.find("report.css");
  root.add("css", css == templates.files.end() ? std::string_view() : std::string_view(css->second));
  auto plan_css = templates.files.find("action_plan.css");
  root.add("plan_css", plan_css == templates.files.end() ? std::string_view() : std::string_view(plan_css->second));
  std::string html;
  tmpl->render(root, html);
  return html;
}

Result<void> write_action_plan_xlsx(const ActionPlanView& view, const std::string& target) {
  auto label = [&](const std::string& key) { return label_text(view.labels, key); };
  auto number = [](const std::string& text) {
    return TableCell{text, text.empty() ? std::nullopt : std::optional<double>(std::stod(text))};
  };
  TableSheet actions;
  actions.name = label("plan_sheet_actions");
  actions.header = {label("plan_col_id"),       label("area"),
                    label("plan_col_action"),   label("plan_col_owner"),
                    label("plan_col_start"),    label("plan_col_due"),
                    label("plan_col_status"),   label("plan_overdue"),
                    label("plan_col_findings"), label("plan_col_description"),
                    label("plan_col_effect"),   label("plan_col_notes")};
  for (const auto& action : view.actions) {
    actions.rows.push_back({number(action.id),
                            number(action.area),
                            {action.title, {}},
                            {action.owner, {}},
                            {action.start_date, {}},
                            {action.due_date, {}},
                            {action.status, {}},
                            {action.overdue ? label("plan_overdue") : std::string(), {}},
                            {action.findings, {}},
                            {action.description, {}},
                            {action.expected_effect, {}},
                            {joined(action.notes, "\n"), {}}});
  }
  actions.widths = {6, 8, 40, 24, 12, 12, 14, 12, 14, 50, 40, 50};
  actions.wrapped = {2, 9, 10, 11};

  TableSheet findings;
  findings.name = label("plan_sheet_findings");
  findings.header = {label("area"), label("plan_col_id"), label("plan_col_kind"), label("plan_col_finding"),
                     label("plan_col_actions")};
  for (std::size_t a = 0; a < view.areas.size(); ++a) {
    const auto& area = view.areas[a];
    for (const auto& finding : area.findings) {
      std::vector<std::string> titles;
      for (const auto& action : finding.actions) {
        titles.push_back(action.id + " " + action.title + " (" + action.status + ")");
      }
      findings.rows.push_back({{area.heading, {}},
                               number(finding.id),
                               {finding.kind, {}},
                               {finding.text, {}},
                               {titles.empty() ? label("plan_no_action") : joined(titles, "\n"), {}}});
    }
  }
  findings.widths = {40, 6, 22, 70, 60};
  findings.wrapped = {0, 3, 4};
  return write_tables_xlsx(view.title, {actions, findings}, target);
}

} // namespace kompass::report
