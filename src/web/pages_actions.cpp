// The action plan page: per area the improvement and weakness findings with their actions or none, the
// overdue actions, and for the municipality the forms to add actions and to change their status or note.

#include <algorithm>

#include "web/page_data.hpp"

namespace kompass::web {

using model::UiLanguage;
using report::mustache::Value;

namespace {

const model::Action* find_action(const ActionPlanPage& page, long id) {
  auto found =
      std::find_if(page.actions.begin(), page.actions.end(), [&](const model::Action& a) { return a.id == id; });
  return found == page.actions.end() ? nullptr : &*found;
}

bool is_overdue(const ActionPlanPage& page, long id) {
  return std::find(page.overdue.begin(), page.overdue.end(), id) != page.overdue.end();
}

std::string status_text(const Pages::Impl& impl, UiLanguage language, model::ActionStatus status) {
  return impl.text(language, std::string("plan_status_") + model::to_string(status));
}

std::vector<std::pair<std::string, std::string>> status_items(const Pages::Impl& impl, UiLanguage language) {
  std::vector<std::pair<std::string, std::string>> items;
  for (auto status : {model::ActionStatus::planned, model::ActionStatus::in_progress, model::ActionStatus::done,
                      model::ActionStatus::dropped}) {
    items.emplace_back(model::to_string(status), status_text(impl, language, status));
  }
  return items;
}

std::string details_of(const Pages::Impl& impl, UiLanguage language, const model::Action& action) {
  std::vector<std::string> parts;
  if (!action.owner.empty()) {
    parts.push_back(impl.text(language, "plan_owner", {{"owner", action.owner}}));
  }
  if (!action.start_date.empty()) {
    parts.push_back(impl.text(language, "plan_start", {{"start", action.start_date}}));
  }
  if (!action.due_date.empty()) {
    parts.push_back(impl.text(language, "plan_due", {{"due", action.due_date}}));
  }
  std::string text;
  for (const auto& part : parts) {
    text += (text.empty() ? "" : ", ") + part;
  }
  return text;
}

// Adds the status and note form of one action to `item`; a submission of it that failed is shown again, open,
// with its error at its field.
void add_update_form(Value& item, const Pages::Impl& impl, UiLanguage language, const ActionPlanPage& page,
                     const model::Action& action) {
  const bool failed = page.form && page.form->action_id == action.id;
  const std::string prefix = "update-" + std::to_string(action.id) + "-";
  Value form = Value::object(11);
  form.add("summary", impl.text(language, "plan_update_summary"));
  form.add("action", evaluation_url(page.header.id) + "/actions/" + std::to_string(action.id));
  form.add("prefix", std::string(prefix));
  form.add("statuses", options(status_items(impl, language),
                               failed ? page.form->status : std::string(model::to_string(action.status))));
  form.add("due_date", failed ? page.form->due_date : action.due_date);
  form.add("note", failed ? page.form->note : std::string());
  form.add("note_date", failed ? page.form->note_date : std::string());
  const std::string field = failed && page.error ? page.error->field : std::string();
  const std::pair<const char*, const char*> errors[] = {
      {"err_status", "status"}, {"err_due_date", "due_date"}, {"err_note", "note"}, {"err_note_date", "note_date"}};
  for (const auto& [key, name] : errors) {
    form.add(key, !field.empty() && field == prefix + name ? Value(page.error->message) : Value(false));
  }
  item.add("open", failed);
  item.add("form", std::move(form));
}

Value action_data(const Pages::Impl& impl, UiLanguage language, const ActionPlanPage& page,
                  const model::Action& action) {
  Value item = Value::object(12);
  item.add("id", std::to_string(action.id));
  item.add("title", action.title);
  item.add("status_text", status_text(impl, language, action.status));
  item.add("overdue", is_overdue(page, action.id));
  const std::string details = details_of(impl, language, action);
  item.add("details", details.empty() ? Value(false) : Value(std::string(details)));
  item.add("description", action.description.empty() ? Value(false) : Value(action.description));
  item.add("effect", action.expected_effect.empty()
                         ? Value(false)
                         : Value(impl.text(language, "plan_effect", {{"effect", action.expected_effect}})));
  Value notes = Value::list(action.notes.size());
  for (const auto& note : action.notes) {
    Value entry = Value::object(1);
    entry.add("text", impl.text(language, "plan_note", {{"date", note.date}, {"text", note.text}}));
    notes.push(std::move(entry));
  }
  item.add("notes", std::move(notes));
  item.add("has_notes", !action.notes.empty());
  if (page.may_edit_actions) {
    add_update_form(item, impl, language, page, action);
  } else {
    item.add("form", false);
  }
  return item;
}

} // namespace

std::string Pages::action_plan(const Frame& frame, const ActionPlanPage& page) const {
  const auto& impl = *m_impl;
  const auto language = frame.language;
  const std::string base = evaluation_url(page.header.id);

  Value data = Value::object(12);
  data.add("head", header_data(impl, language, page.header, "actions"));
  data.add("base", base);
  int findings = 0;
  int with = 0;
  Value areas = Value::list(page.areas.size());
  for (const auto& area : page.areas) {
    const std::string number = std::to_string(area.number);
    Value entry = Value::object(6);
    entry.add("number", std::string(number));
    entry.add("heading", impl.text(language, "plan_area_heading", {{"number", number}, {"title", area.title}}));
    Value list = Value::list(area.findings.size());
    int area_with = 0;
    std::vector<long> shown;
    for (const auto& item : area.findings) {
      Value finding = Value::object(7);
      finding.add("id", std::to_string(item.finding.id));
      finding.add("id_text", impl.text(language, "plan_finding_id", {{"id", std::to_string(item.finding.id)}}));
      finding.add("kind", model::to_string(item.finding.kind));
      finding.add("kind_text", impl.text(language, std::string("kind_") + model::to_string(item.finding.kind)));
      finding.add("text", item.finding.text);
      Value actions = Value::list(item.action_ids.size());
      for (long id : item.action_ids) {
        // An action answering several findings is shown (with its form) under the first, linked from the others.
        const auto* action = find_action(page, id);
        if (action == nullptr) {
          continue;
        }
        if (std::find(shown.begin(), shown.end(), id) != shown.end()) {
          Value link = Value::object(3);
          link.add("repeat", true);
          link.add("id", std::to_string(id));
          link.add("title", action->title);
          actions.push(std::move(link));
          continue;
        }
        Value item = action_data(impl, language, page, *action);
        item.add("repeat", false);
        actions.push(std::move(item));
        shown.push_back(id);
      }
      finding.add("has_actions", !item.action_ids.empty());
      finding.add("actions", std::move(actions));
      area_with += item.action_ids.empty() ? 0 : 1;
      list.push(std::move(finding));
    }
    const int count = static_cast<int>(area.findings.size());
    entry.add("counts", impl.text(language, "plan_area_counts",
                                  {{"findings", std::to_string(count)},
                                   {"with", std::to_string(area_with)},
                                   {"without", std::to_string(count - area_with)}}));
    entry.add("findings", std::move(list));
    Value others = Value::list();
    for (long id : area.action_ids) {
      if (const auto* action = find_action(page, id);
          action && std::find(shown.begin(), shown.end(), id) == shown.end()) {
        Value other = Value::object(2);
        other.add("id", std::to_string(id));
        other.add("title", action->title);
        others.push(std::move(other));
      }
    }
    entry.add("has_other_actions", !others.items()->empty());
    entry.add("other_actions", std::move(others));
    findings += count;
    with += area_with;
    areas.push(std::move(entry));
  }
  data.add("has_areas", !page.areas.empty());
  data.add("areas", std::move(areas));
  data.add("summary", impl.text(language, "plan_summary",
                                {{"findings", std::to_string(findings)},
                                 {"with", std::to_string(with)},
                                 {"without", std::to_string(findings - with)},
                                 {"actions", std::to_string(page.actions.size())},
                                 {"overdue", std::to_string(page.overdue.size())}}));
  Value overdue = Value::list(page.overdue.size());
  for (long id : page.overdue) {
    if (const auto* action = find_action(page, id)) {
      Value item = Value::object(4);
      item.add("id", std::to_string(id));
      item.add("title", action->title);
      item.add("due_text", impl.text(language, "plan_due", {{"due", action->due_date}}));
      item.add("status_text", status_text(impl, language, action->status));
      overdue.push(std::move(item));
    }
  }
  data.add("has_overdue", !page.overdue.empty());
  data.add("overdue", std::move(overdue));

  const bool add_failed = page.form && page.form->action_id == 0;
  if (page.may_edit_actions) {
    const ActionForm form = add_failed ? *page.form : ActionForm{};
    Value add = Value::object(12);
    add.add("title", std::string(form.title));
    Value choices = Value::list();
    std::vector<std::pair<std::string, std::string>> area_items;
    for (const auto& area : page.areas) {
      const std::string number = std::to_string(area.number);
      area_items.emplace_back(number,
                              impl.text(language, "plan_area_heading", {{"number", number}, {"title", area.title}}));
      for (const auto& item : area.findings) {
        const std::string id = std::to_string(item.finding.id);
        Value choice = Value::object(3);
        choice.add("id", std::string(id));
        choice.add("text",
                   impl.text(language, "plan_finding_choice",
                             {{"kind", impl.text(language, std::string("kind_") + model::to_string(item.finding.kind))},
                              {"id", id},
                              {"area", number},
                              {"text", item.finding.text}}));
        choice.add("checked",
                   std::find(form.finding_ids.begin(), form.finding_ids.end(), id) != form.finding_ids.end());
        choices.push(std::move(choice));
      }
    }
    add.add("findings", std::move(choices));
    add.add("areas", options(area_items, form.area));
    add.add("owner", std::string(form.owner));
    add.add("description", std::string(form.description));
    add.add("start_date", std::string(form.start_date));
    add.add("due_date", std::string(form.due_date));
    add.add("statuses", options(status_items(impl, language), form.status));
    add.add("expected_effect", std::string(form.expected_effect));
    data.add("add", std::move(add));
  } else {
    data.add("add", false);
  }
  // The add form's errors tie to its fields; an action form's error is summarised and linked to its field.
  // Values view the error's text, so the error they are made from must outlive rendering.
  const std::optional<FieldError> add_error = add_failed ? page.error : std::nullopt;
  add_field_error(
      data, add_error, "action-",
      {"title", "findings", "area", "owner", "description", "start_date", "due_date", "status", "expected_effect"});
  if (page.error && !add_failed) {
    Value summary = Value::object(2);
    summary.add("message", page.error->message);
    summary.add("target", page.error->field.empty() ? Value(false) : Value(page.error->field));
    data.set("error", std::move(summary));
  }
  return impl.render_page(frame, header_title(impl, language, page.header, "actions"), "action_plan", std::move(data));
}

} // namespace kompass::web
