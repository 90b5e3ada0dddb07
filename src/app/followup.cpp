#include "app/followup.hpp"

#include <nlohmann/json.hpp>

namespace kompass::app {
namespace {

using nlohmann::json;

json optional_int(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }

json change_json(const scoring::PointsChange& change) {
  return {{"id", change.id},
          {"previous", optional_int(change.previous)},
          {"previous_max", change.previous_max},
          {"current", optional_int(change.current)},
          {"max", change.max},
          {"difference", optional_int(change.difference)}};
}

} // namespace

Result<FollowupView> load_followup(store::Store& store, const std::string& id) {
  auto current = load_view(store, id);
  if (!current) {
    return tl::unexpected(current.error());
  }
  const auto& baseline_id = current->evaluation.baseline_id;
  if (baseline_id.empty()) {
    return model::fail(model::ErrorKind::bad_input, "no_baseline", {{"id", id}}, "id");
  }
  auto exists = store.evaluation_exists(baseline_id);
  if (!exists) {
    return tl::unexpected(exists.error());
  }
  if (!*exists) {
    return model::fail(model::ErrorKind::not_found, "baseline_missing", {{"id", id}, {"baseline", baseline_id}},
                       "baseline");
  }
  auto baseline = load_view(store, baseline_id);
  if (!baseline) {
    return tl::unexpected(baseline.error());
  }
  auto actions = store.list_actions(baseline_id);
  if (!actions) {
    return tl::unexpected(actions.error());
  }
  const scoring::FollowupSide before{baseline->framework, baseline->aggregate, baseline->evaluation.findings,
                                     baseline->evaluation.year};
  const scoring::FollowupSide after{current->framework, current->aggregate, current->evaluation.findings,
                                    current->evaluation.year};
  auto result = scoring::followup(before, after, *actions);
  return FollowupView{std::move(*current), std::move(*baseline), std::move(*actions), std::move(result)};
}

Result<FollowupView> evaluation_followup(store::Store& store, const std::string& id) {
  return store::in_transaction(
      store, [&] { return load_followup(store, id); }, store::Access::read);
}

std::string followup_json(const FollowupView& view) {
  const auto& result = view.followup;
  const auto& language = view.current.evaluation.language;
  json areas = json::array();
  for (const auto& change : result.areas) {
    auto item = change_json(change);
    const auto* area = view.current.framework.find_area(std::stoi(change.id));
    item["title"] = area != nullptr ? json(area->title.in(language)) : json(nullptr);
    areas.push_back(std::move(item));
  }
  json questions = json::array();
  for (const auto& change : result.questions) {
    questions.push_back(change_json(change));
  }
  json findings = json::array();
  for (const auto& outcome : result.findings) {
    const auto& finding = outcome.finding;
    findings.push_back({{"id", finding.id},
                        {"area", finding.area},
                        {"subarea", finding.sub_area.empty() ? json(nullptr) : json(finding.sub_area)},
                        {"kind", model::to_string(finding.kind)},
                        {"text", finding.text},
                        {"fate", scoring::to_string(outcome.fate)}});
  }
  json actions = json::array();
  for (const auto& outcome : result.actions) {
    const auto& action = outcome.action;
    actions.push_back({{"id", action.id},
                       {"title", action.title},
                       {"area", action.area},
                       {"owner", action.owner},
                       {"due_date", action.due_date.empty() ? json(nullptr) : json(action.due_date)},
                       {"status", model::to_string(action.status)},
                       {"area_change", outcome.area ? change_json(*outcome.area) : json(nullptr)}});
  }
  const auto& comparison = result.comparison;
  const auto& baseline = view.baseline.evaluation;
  json out{{"evaluation", view.current.evaluation.id},
           {"baseline",
            {{"id", baseline.id},
             {"year", baseline.year},
             {"framework", {{"id", baseline.framework_id}, {"version", baseline.framework_version}}}}},
           {"comparability", scoring::to_string(comparison.comparability)},
           {"edition_changed", result.edition_changed},
           {"interval", comparison.low && comparison.high ? json{{"low", *comparison.low}, {"high", *comparison.high}}
                                                          : json(nullptr)},
           {"questions", questions},
           {"areas", areas},
           {"total", change_json(result.total)},
           {"findings", findings},
           {"actions", actions}};
  return out.dump(2);
}

} // namespace kompass::app
