#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/action.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"
#include "scoring/scoring.hpp"

namespace kompass::scoring {

// One evaluation as the follow-up reads it: its edition, aggregated agreed scores, findings and year.
struct FollowupSide {
  const model::Framework& framework;
  const Aggregate& aggregate;
  const std::vector<model::Finding>& findings;
  int year = 0;
};

// Previous and new points of one question, area or the total. `difference` (new − previous) is set only when
// both are known and the editions are directly comparable; a node the other edition lacks has no points there.
struct PointsChange {
  std::string id; // question "1.2.3", area "1", or "total"
  std::optional<int> previous;
  int previous_max = 0; // 0 when the baseline's edition has no such node
  std::optional<int> current;
  int max = 0;
  std::optional<int> difference;
};

// What became of a previous weakness or improvement finding in the re-evaluation.
enum class FindingFate {
  now_strength, // the new evaluation has a strength and no improvement or weakness in the same place
  gone,         // the new evaluation has no finding of any kind in the same place
  remains,      // the new evaluation still has an improvement or weakness in the same place
  not_assessed, // the new evaluation has neither a finding nor points in the finding's area yet
};

// A previous weakness or improvement with its fate.
struct FindingOutcome {
  model::Finding finding;
  FindingFate fate = FindingFate::remains;
};

// One action of the baseline's action plan. For a done action, the previous and new points of its area and
// their difference (as in the area's PointsChange); for any other status, only the action.
struct ActionOutcome {
  model::Action action;
  std::optional<PointsChange> area;
};

// The follow-up of a re-evaluation against its baseline.
struct Followup {
  // compare_editions of the new edition and total with the baseline's edition and year: comparable for the
  // same edition (any version), interval for an older edition its rule covers, else not comparable.
  EditionComparison comparison;
  bool edition_changed = false;        // the baseline's edition is another edition id (not an alias)
  std::vector<PointsChange> questions; // the new edition's questions (question granularity only), in order
  std::vector<PointsChange> areas;     // the new edition's areas, matched with the baseline's by number
  PointsChange total;
  std::vector<FindingOutcome> findings; // the baseline's improvements and weaknesses, in their order
  std::vector<ActionOutcome> actions;   // the baseline's actions, in their order
};

// Compares a re-evaluation (`current`) with its baseline and follows up the baseline's findings and actions.
// Areas are matched by number and questions by id (a question only when both evaluations have question
// scores); differences are given only for comparable editions. A previous finding's place is its sub-area,
// or its area when it has none; its fate is now_strength when the new evaluation has a strength and no
// improvement or weakness there, gone when it has no finding there at all, else remains; but not_assessed
// while the new evaluation has no finding anywhere in the finding's area and no points for that area (a
// re-evaluation just started says nothing yet). A finding with a sub-area looks at the new findings of that
// sub-area only; one without looks at every new finding of the area.
Followup followup(const FollowupSide& baseline, const FollowupSide& current, const std::vector<model::Action>& actions);

// "now_strength", "gone", "remains", "not_assessed".
const char* to_string(FindingFate fate);

} // namespace kompass::scoring
