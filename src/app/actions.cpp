#include "app/actions.hpp"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "app/evaluations.hpp"
#include "app/text.hpp"
#include "app/validation.hpp"

namespace kompass::app {

using model::ErrorKind;
using model::fail;
using nlohmann::json;

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A calendar date written YYYY-MM-DD: unlike the evaluation's dates, a plan's dates are whole days, as
// overdue is judged by the day.
bool is_iso_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  const std::chrono::year_month_day day{std::chrono::year(std::stoi(text.substr(0, 4))),
                                        std::chrono::month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
                                        std::chrono::day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
  return day.ok();
}

Result<void> check_day(const std::string& value, const std::string& field) {
  if (value.empty() || is_iso_day(value)) {
    return {};
  }
  return fail(ErrorKind::bad_input, "action_date_invalid", {{"value", value}}, field);
}

// Applies `input` to `action`, then checks the whole action against the evaluation it belongs to.
Result<void> apply(model::Action& action, const ActionInput& input, const EvaluationView& view) {
  const std::pair<const std::optional<std::string>*, std::string*> texts[] = {
      {&input.title, &action.title},       {&input.description, &action.description},
      {&input.owner, &action.owner},       {&input.start_date, &action.start_date},
      {&input.due_date, &action.due_date}, {&input.expected_effect, &action.expected_effect}};
  for (const auto& [given, target] : texts) {
    if (*given) {
      *target = trimmed(**given);
    }
  }
  const std::pair<const std::string*, const char*> fields[] = {{&action.title, "title"},
                                                               {&action.description, "description"},
                                                               {&action.owner, "owner"},
                                                               {&action.expected_effect, "expected_effect"}};
  for (const auto& [text, field] : fields) {
    if (auto checked = check_text(*text, field); !checked) {
      return checked;
    }
  }
  if (action.title.empty()) {
    return fail(ErrorKind::bad_input, "action_title_missing", {}, "title");
  }
  if (input.status) {
    auto status = model::parse_action_status(trimmed(*input.status));
    if (!status) {
      return fail(ErrorKind::bad_input, "action_status_unknown", {{"status", *input.status}}, "status");
    }
    action.status = *status;
  }
  if (input.finding_ids) {
    action.finding_ids.clear();
    for (long id : *input.finding_ids) {
      if (std::find(action.finding_ids.begin(), action.finding_ids.end(), id) == action.finding_ids.end()) {
        action.finding_ids.push_back(id);
      }
    }
  }
  if (action.finding_ids.empty()) {
    return fail(ErrorKind::bad_input, "action_findings_missing", {}, "findings");
  }
  const auto& findings = view.evaluation.findings;
  for (long id : action.finding_ids) {
    auto found = std::find_if(findings.begin(), findings.end(), [&](const model::Finding& f) { return f.id == id; });
    if (found == findings.end()) {
      return fail(ErrorKind::bad_input, "action_finding_unknown",
                  {{"finding", std::to_string(id)}, {"evaluation", view.evaluation.id}}, "findings");
    }
    if (found->kind == model::FindingKind::strength) {
      return fail(ErrorKind::bad_input, "action_finding_strength",
                  {{"finding", std::to_string(id)}, {"text", found->text}}, "findings");
    }
    if (action.area == 0) {
      action.area = found->area;
    }
  }
  if (input.area) {
    action.area = *input.area;
  }
  if (!view.framework.find_area(action.area)) {
    return fail(ErrorKind::bad_input, "action_area_unknown",
                {{"area", std::to_string(action.area)}, {"framework", view.framework.id}}, "area");
  }
  if (auto start = check_day(action.start_date, "start_date"); !start) {
    return start;
  }
  if (auto due = check_day(action.due_date, "due_date"); !due) {
    return due;
  }
  if (!action.start_date.empty() && !action.due_date.empty() && action.due_date < action.start_date) {
    return fail(ErrorKind::bad_input, "action_due_before_start",
                {{"due", action.due_date}, {"start", action.start_date}}, "due_date");
  }
  return {};
}

Result<model::ProgressNote> checked_note(model::ProgressNote note) {
  note.text = trimmed(note.text);
  note.date = trimmed(note.date);
  if (note.text.empty()) {
    return fail(ErrorKind::bad_input, "action_note_empty", {}, "note");
  }
  if (auto text = check_text(note.text, "note"); !text) {
    return tl::unexpected(text.error());
  }
  if (note.date.empty()) {
    note.date = today_iso();
  }
  if (auto date = check_day(note.date, "note_date"); !date) {
    return tl::unexpected(date.error());
  }
  return note;
}

Result<model::Action> stored_action(store::Store& store, long action_id) {
  auto found = store.find_action(action_id);
  if (!found) {
    return tl::unexpected(found.error());
  }
  if (!*found) {
    return fail(ErrorKind::not_found, "unknown_action", {{"id", std::to_string(action_id)}}, "id");
  }
  return std::move(**found);
}

json action_object(const model::Action& action, const std::string& today) {
  json notes = json::array();
  for (const auto& note : action.notes) {
    notes.push_back({{"date", note.date}, {"text", note.text}, {"author", note.author}});
  }
  json out = {{"id", action.id},
              {"evaluation", action.evaluation_id},
              {"area", action.area},
              {"title", action.title},
              {"description", action.description},
              {"owner", action.owner},
              {"start_date", action.start_date},
              {"due_date", action.due_date},
              {"status", model::to_string(action.status)},
              {"expected_effect", action.expected_effect},
              {"findings", action.finding_ids},
              {"notes", notes}};
  if (!today.empty()) {
    out["overdue"] = is_overdue(action, today);
  }
  return out;
}

} // namespace

Result<long> add_action(store::Store& store, const std::string& evaluation_id, const ActionInput& input) {
  return store::in_transaction(store, [&]() -> Result<long> {
    auto view = load_view(store, evaluation_id);
    if (!view) {
      return tl::unexpected(view.error());
    }
    model::Action action;
    action.evaluation_id = evaluation_id;
    if (auto applied = apply(action, input, *view); !applied) {
      return tl::unexpected(applied.error());
    }
    return store.insert_action(action);
  });
}

Result<model::Action> update_action(store::Store& store, long action_id, const ActionInput& input,
                                    const std::optional<model::ProgressNote>& note) {
  return store::in_transaction(store, [&]() -> Result<model::Action> {
    auto action = stored_action(store, action_id);
    if (!action) {
      return action;
    }
    auto view = load_view(store, action->evaluation_id);
    if (!view) {
      return tl::unexpected(view.error());
    }
    if (auto applied = apply(*action, input, *view); !applied) {
      return tl::unexpected(applied.error());
    }
    if (auto updated = store.update_action(*action); !updated) {
      return tl::unexpected(updated.error());
    }
    if (note) {
      auto checked = checked_note(*note);
      if (!checked) {
        return tl::unexpected(checked.error());
      }
      if (auto added = store.add_action_note(action_id, *checked); !added) {
        return tl::unexpected(added.error());
      }
    }
    return stored_action(store, action_id);
  });
}

Result<model::Action> add_action_note(store::Store& store, long action_id, model::ProgressNote note) {
  return store::in_transaction(store, [&]() -> Result<model::Action> {
    if (auto action = stored_action(store, action_id); !action) {
      return action;
    }
    auto checked = checked_note(std::move(note));
    if (!checked) {
      return tl::unexpected(checked.error());
    }
    if (auto added = store.add_action_note(action_id, *checked); !added) {
      return tl::unexpected(added.error());
    }
    return stored_action(store, action_id);
  });
}

Result<model::Action> find_action(store::Store& store, long action_id) {
  return store::in_transaction(
      store, [&] { return stored_action(store, action_id); }, store::Access::read);
}

Result<std::vector<model::Action>> list_actions(store::Store& store, const std::string& evaluation_id) {
  return store::in_transaction(
      store,
      [&]() -> Result<std::vector<model::Action>> {
        auto access = store.evaluation_access(evaluation_id);
        if (!access) {
          return tl::unexpected(access.error());
        }
        return store.list_actions(evaluation_id);
      },
      store::Access::read);
}

bool is_overdue(const model::Action& action, const std::string& today) {
  return !action.due_date.empty() && action.due_date < today &&
         (action.status == model::ActionStatus::planned || action.status == model::ActionStatus::in_progress);
}

const model::Action* ActionPlan::action(long id) const {
  auto found = std::find_if(actions.begin(), actions.end(), [&](const model::Action& a) { return a.id == id; });
  return found == actions.end() ? nullptr : &*found;
}

Result<ActionPlan> action_plan(store::Store& store, const std::string& evaluation_id, const std::string& today) {
  if (auto day = check_day(today, "today"); !day) {
    return tl::unexpected(day.error());
  }
  struct Loaded {
    EvaluationView view;
    std::vector<model::Action> actions;
  };
  // One snapshot, so the findings and the actions linking to them agree.
  auto loaded = store::in_transaction(
      store,
      [&]() -> Result<Loaded> {
        auto view = load_view(store, evaluation_id);
        if (!view) {
          return tl::unexpected(view.error());
        }
        auto actions = store.list_actions(evaluation_id);
        if (!actions) {
          return tl::unexpected(actions.error());
        }
        return Loaded{std::move(*view), std::move(*actions)};
      },
      store::Access::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  const auto& evaluation = loaded->view.evaluation;
  const auto& framework = loaded->view.framework;
  ActionPlan plan;
  plan.evaluation_id = evaluation.id;
  plan.municipality = evaluation.municipality.name;
  plan.year = evaluation.year;
  plan.language = evaluation.language;
  plan.framework_language = framework.primary_language();
  plan.today = today.empty() ? today_iso() : today;
  plan.actions = std::move(loaded->actions);
  for (const auto& area : framework.areas) {
    PlanArea entry;
    entry.number = area.number;
    entry.title = area.title;
    for (const auto& finding : evaluation.findings) {
      if (finding.area != area.number || finding.kind == model::FindingKind::strength) {
        continue;
      }
      PlanFinding item{finding, {}};
      for (const auto& action : plan.actions) {
        if (std::find(action.finding_ids.begin(), action.finding_ids.end(), finding.id) != action.finding_ids.end()) {
          item.action_ids.push_back(action.id);
        }
      }
      ++(item.action_ids.empty() ? entry.without_actions : entry.with_actions);
      entry.findings.push_back(std::move(item));
    }
    for (const auto& action : plan.actions) {
      if (action.area == area.number) {
        entry.action_ids.push_back(action.id);
      }
    }
    if (entry.findings.empty() && entry.action_ids.empty()) {
      continue;
    }
    plan.findings += static_cast<int>(entry.findings.size());
    plan.findings_with_actions += entry.with_actions;
    plan.areas.push_back(std::move(entry));
  }
  for (auto status : {model::ActionStatus::planned, model::ActionStatus::in_progress, model::ActionStatus::done,
                      model::ActionStatus::dropped}) {
    plan.by_status[status] = 0;
  }
  std::vector<const model::Action*> overdue;
  for (const auto& action : plan.actions) {
    ++plan.by_status[action.status];
    if (is_overdue(action, plan.today)) {
      overdue.push_back(&action);
    }
  }
  std::stable_sort(overdue.begin(), overdue.end(),
                   [](const model::Action* a, const model::Action* b) { return a->due_date < b->due_date; });
  for (const auto* action : overdue) {
    plan.overdue.push_back(action->id);
  }
  return plan;
}

std::string action_json(const model::Action& action, const std::string& today) {
  return action_object(action, today).dump(2) + "\n";
}

std::string actions_json(const std::vector<model::Action>& actions, const std::string& today) {
  json list = json::array();
  for (const auto& action : actions) {
    list.push_back(action_object(action, today));
  }
  return list.dump(2) + "\n";
}

std::string action_plan_json(const ActionPlan& plan) {
  json areas = json::array();
  for (const auto& area : plan.areas) {
    json findings = json::array();
    for (const auto& item : area.findings) {
      findings.push_back({{"id", item.finding.id},
                          {"kind", model::to_string(item.finding.kind)},
                          {"subarea", item.finding.sub_area},
                          {"text", item.finding.text},
                          {"actions", item.action_ids}});
    }
    areas.push_back({{"area", area.number},
                     {"title", area.title.in(plan.language, plan.framework_language)},
                     {"findings", findings},
                     {"actions", area.action_ids}});
  }
  json actions = json::array();
  for (const auto& action : plan.actions) {
    actions.push_back(action_object(action, plan.today));
  }
  json counts = {{"findings", plan.findings},
                 {"with_actions", plan.findings_with_actions},
                 {"without_actions", plan.findings - plan.findings_with_actions},
                 {"actions", plan.actions.size()},
                 {"overdue", plan.overdue.size()}};
  for (const auto& [status, count] : plan.by_status) {
    counts[model::to_string(status)] = count;
  }
  return json{{"evaluation", plan.evaluation_id},
              {"municipality", plan.municipality},
              {"year", plan.year},
              {"today", plan.today},
              {"counts", counts},
              {"areas", areas},
              {"actions", actions},
              {"overdue", plan.overdue}}
             .dump(2) +
         "\n";
}

} // namespace kompass::app
