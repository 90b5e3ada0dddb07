#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/framework.hpp"

namespace kompass::scoring {

// Points of one node (question, sub-area, area or total) against its maximum; `points` is nullopt when
// the node is not assessed ("ej bedömd"), never 0.
struct NodeScore {
  std::string id; // question "1.2.3", sub-area "1.2", area "1", or "total"
  std::optional<int> points;
  int max = 0;
  int assessed = 0; // questions (or areas) under this node that have a score
  int total = 0;    // questions (or areas) under this node
};

// An evaluation's scores aggregated up the framework: question → sub-area → area → total.
struct Aggregate {
  std::vector<NodeScore> questions;  // in framework order (empty for area/total granularity)
  std::vector<NodeScore> sub_areas;  // in framework order (empty for area/total granularity)
  std::vector<NodeScore> areas;      // one per framework area, in order
  NodeScore total;                   // id "total"
  std::vector<std::string> unscored; // question ids (question granularity) or area numbers (area granularity)
};

// Checks that whole `points` fit the question or area `target_id` of `framework`: fails with bad_input
// naming the target and the allowed range ("points_out_of_range" for a question, "area_points_out_of_range",
// "total_points_out_of_range" for the total 0..max_points, whose target_id is not looked at), or not_found
// for an unknown target ("unknown_question" / "unknown_area"; areas are named "1".."N").
model::Result<void> check_points(const model::Framework& framework, model::ScoreTarget target,
                                 const std::string& target_id, int points);

// Whether scores of `target` belong to an evaluation of `granularity` (question scores to question
// granularity, area scores to area granularity, a total score to total granularity).
bool target_fits(model::Granularity granularity, model::ScoreTarget target);

// Aggregates the agreed scores (evaluator empty) of an evaluation. A sub-area or area has points only when
// every question under it is scored; otherwise it is not assessed (its partial sum is never shown as a
// score). For area granularity the total is the published total when given, else the sum when every area
// is known; for total granularity the total is the published total, else an agreed score with target total
// (areas all not assessed, `assessed` 0 of the area count, `unscored` empty). Question granularity on an
// area-level edition is treated as area granularity. Scores of another target kind or of unknown ids are
// ignored; of several agreed scores for one target the last counts.
// How much of the tree aggregate() returns: everything, or only areas and total (what a reference group
// member, a ranking or a listing needs: questions and sub_areas stay empty, unscored names areas only).
enum class Detail { full, areas_and_total };

Aggregate aggregate(const model::Framework& framework, model::Granularity granularity,
                    const std::vector<model::Score>& scores, std::optional<int> published_total,
                    Detail detail = Detail::full);

// One figure of a reference group: the mean over the evaluations that have that figure, with their count.
struct ReferenceFigure {
  std::optional<double> mean; // nullopt when no evaluation in the group has the figure
  int count = 0;
};

// The mean per area (index 0 = area 1) and for the total over a set of evaluations' aggregates; each
// figure is averaged over the evaluations that have it.
struct ReferenceAverage {
  std::vector<ReferenceFigure> areas;
  ReferenceFigure total;
};

// Averages aggregates that all belong to editions with `area_count` areas.
ReferenceAverage reference_average(const std::vector<Aggregate>& members, std::size_t area_count);

// Whether two results can be compared directly.
enum class Comparability {
  comparable, // same edition id
  interval,   // an older edition covered by the newer one's earlier-edition rule: compare as an interval
  not_comparable,
};

// "comparable", "interval" or "not_comparable".
const char* to_string(Comparability comparability);

// How a result compares with an earlier one of another (or the same) edition.
struct EditionComparison {
  Comparability comparability = Comparability::not_comparable;
  // For `interval`: the newer total plus the rule's add_min and add_max; the older result is to be
  // compared with this range, never with one adjusted number.
  std::optional<int> low;
  std::optional<int> high;
};

// Compares a total of `framework` (the newer edition) with a result of edition `other_edition` from year
// `other_year`: same id (or one of its aliases) → comparable; other edition before the framework's
// earlier_edition_rule.before_year (e.g. "pre-2010") → interval [total + add_min, total + add_max] when the
// total is known; else not comparable.
EditionComparison compare_editions(const model::Framework& framework, std::optional<int> total,
                                   const std::string& other_edition, int other_year);

} // namespace kompass::scoring
