#include "scoring/followup.hpp"

#include <algorithm>

namespace kompass::scoring {
namespace {

const NodeScore* find_node(const std::vector<NodeScore>& nodes, const std::string& id) {
  auto found = std::find_if(nodes.begin(), nodes.end(), [&](const NodeScore& node) { return node.id == id; });
  return found == nodes.end() ? nullptr : &*found;
}

PointsChange change(const NodeScore& current, const NodeScore* previous, bool comparable) {
  PointsChange out;
  out.id = current.id;
  out.current = current.points;
  out.max = current.max;
  if (previous != nullptr) {
    out.previous = previous->points;
    out.previous_max = previous->max;
  }
  if (comparable && out.previous && out.current) {
    out.difference = *out.current - *out.previous;
  }
  return out;
}

bool same_place(const model::Finding& previous, const model::Finding& current) {
  if (previous.area != current.area) {
    return false;
  }
  return previous.sub_area.empty() || previous.sub_area == current.sub_area;
}

FindingFate fate_of(const model::Finding& previous, const FollowupSide& side) {
  const auto& current = side.findings;
  bool area_has_findings = std::any_of(current.begin(), current.end(),
                                       [&](const model::Finding& finding) { return finding.area == previous.area; });
  const auto* area = find_node(side.aggregate.areas, std::to_string(previous.area));
  if (!area_has_findings && (area == nullptr || !area->points)) {
    return FindingFate::not_assessed;
  }
  bool strength = false;
  bool problem = false;
  for (const auto& finding : current) {
    if (same_place(previous, finding)) {
      (finding.kind == model::FindingKind::strength ? strength : problem) = true;
    }
  }
  if (problem) {
    return FindingFate::remains;
  }
  return strength ? FindingFate::now_strength : FindingFate::gone;
}

} // namespace

Followup followup(const FollowupSide& baseline, const FollowupSide& current,
                  const std::vector<model::Action>& actions) {
  Followup out;
  const auto& framework = current.framework;
  out.comparison = compare_editions(framework, current.aggregate.total.points, baseline.framework.id, baseline.year);
  out.edition_changed = out.comparison.comparability != Comparability::comparable;
  const bool comparable = !out.edition_changed;
  if (!current.aggregate.questions.empty() && !baseline.aggregate.questions.empty()) {
    for (const auto& node : current.aggregate.questions) {
      out.questions.push_back(change(node, find_node(baseline.aggregate.questions, node.id), comparable));
    }
  }
  for (const auto& node : current.aggregate.areas) {
    out.areas.push_back(change(node, find_node(baseline.aggregate.areas, node.id), comparable));
  }
  out.total = change(current.aggregate.total, &baseline.aggregate.total, comparable);
  for (const auto& finding : baseline.findings) {
    if (finding.kind != model::FindingKind::strength) {
      out.findings.push_back({finding, fate_of(finding, current)});
    }
  }
  for (const auto& action : actions) {
    ActionOutcome outcome{action, std::nullopt};
    if (action.status == model::ActionStatus::done) {
      const std::string number = std::to_string(action.area);
      auto area = std::find_if(out.areas.begin(), out.areas.end(),
                               [&](const PointsChange& candidate) { return candidate.id == number; });
      if (area != out.areas.end()) {
        outcome.area = *area;
      } else if (const auto* previous = find_node(baseline.aggregate.areas, number)) {
        // The new edition has no area of that number: only the previous points are known.
        outcome.area = PointsChange{number, previous->points, previous->max, std::nullopt, 0, std::nullopt};
      }
    }
    out.actions.push_back(std::move(outcome));
  }
  return out;
}

const char* to_string(FindingFate fate) {
  switch (fate) {
  case FindingFate::now_strength:
    return "now_strength";
  case FindingFate::gone:
    return "gone";
  case FindingFate::remains:
    return "remains";
  case FindingFate::not_assessed:
    return "not_assessed";
  }
  return "remains";
}

} // namespace kompass::scoring
