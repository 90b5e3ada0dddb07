#include "scoring/scoring.hpp"

#include <algorithm>
#include <string_view>

namespace kompass::scoring {
namespace {

using model::ErrorKind;
using model::Granularity;
using model::ScoreTarget;

// Running counts for one node while walking the framework.
struct Tally {
  int sum = 0;
  int assessed = 0;
  int total = 0;

  void add(const Tally& other) {
    sum += other.sum;
    assessed += other.assessed;
    total += other.total;
  }
};

// A node with nothing under it is "not assessed" rather than a vacuous 0, so an empty sub-area in a
// malformed edition can never show up as a score.
NodeScore node_of(std::string id, int max, const Tally& tally) {
  NodeScore node{std::move(id), std::nullopt, max, tally.assessed, tally.total};
  if (tally.total > 0 && tally.assessed == tally.total) {
    node.points = tally.sum;
  }
  return node;
}

// Only agreed scores count; a later record for the same target replaces an earlier one so that a
// corrected score appended after the original wins.
// The agreed points per target id, as a sorted vector of views into `scores`: aggregation runs for every
// member of a reference group, and a map of copied ids (then a hash map) was most of a report's view-model
// time (bench/report).
class AgreedPoints {
public:
  AgreedPoints(const std::vector<model::Score>& scores, ScoreTarget target) {
    m_points.reserve(scores.size());
    for (const auto& score : scores) {
      if (score.target == target && score.evaluator.empty()) {
        m_points.emplace_back(score.target_id, score.points);
      }
    }
    // Stable, so that of several agreed scores for one target the last one stays last and counts.
    std::stable_sort(m_points.begin(), m_points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }

  // The points of `id`, or nullopt when it has no agreed score.
  std::optional<int> find(std::string_view id) const {
    auto it = std::upper_bound(m_points.begin(), m_points.end(), id,
                               [](std::string_view key, const auto& entry) { return key < entry.first; });
    if (it == m_points.begin() || std::prev(it)->first != id) {
      return std::nullopt;
    }
    return std::prev(it)->second;
  }

private:
  std::vector<std::pair<std::string_view, int>> m_points;
};

std::optional<int> agreed_total(const std::vector<model::Score>& scores) {
  std::optional<int> total;
  for (const auto& score : scores) {
    if (score.target == ScoreTarget::total && score.evaluator.empty()) {
      total = score.points;
    }
  }
  return total;
}

Aggregate aggregate_questions(const model::Framework& framework, const std::vector<model::Score>& scores,
                              Detail detail) {
  const bool full = detail == Detail::full;
  const AgreedPoints points(scores, ScoreTarget::question);
  Aggregate out;
  out.areas.reserve(framework.areas.size());
  Tally grand;
  for (const auto& area : framework.areas) {
    Tally area_tally;
    for (const auto& sub_area : area.sub_areas) {
      Tally sub_tally;
      for (const auto& question : sub_area.questions) {
        Tally question_tally{0, 0, 1};
        if (auto found = points.find(question.id)) {
          question_tally = {*found, 1, 1};
        } else if (full) {
          out.unscored.push_back(question.id);
        }
        if (full) {
          out.questions.push_back(node_of(question.id, question.max_points, question_tally));
        }
        sub_tally.add(question_tally);
      }
      if (full) {
        out.sub_areas.push_back(node_of(sub_area.id, sub_area.max_points, sub_tally));
      }
      area_tally.add(sub_tally);
    }
    out.areas.push_back(node_of(std::to_string(area.number), area.max_points, area_tally));
    grand.add(area_tally);
  }
  out.total = node_of("total", framework.max_points, grand);
  return out;
}

Aggregate aggregate_areas(const model::Framework& framework, const std::vector<model::Score>& scores,
                          std::optional<int> published_total) {
  const AgreedPoints points(scores, ScoreTarget::area);
  Aggregate out;
  Tally grand;
  for (const auto& area : framework.areas) {
    std::string id = std::to_string(area.number);
    Tally area_tally{0, 0, 1};
    if (auto found = points.find(id)) {
      area_tally = {*found, 1, 1};
    } else {
      out.unscored.push_back(id);
    }
    out.areas.push_back(node_of(std::move(id), area.max_points, area_tally));
    grand.add(area_tally);
  }
  out.total = node_of("total", framework.max_points, grand);
  // A published total is kept as given even when it differs from the areas' sum: it is the record.
  if (published_total) {
    out.total.points = published_total;
  }
  return out;
}

Aggregate aggregate_total(const model::Framework& framework, const std::vector<model::Score>& scores,
                          std::optional<int> published_total) {
  Aggregate out;
  for (const auto& area : framework.areas) {
    out.areas.push_back(NodeScore{std::to_string(area.number), std::nullopt, area.max_points, 0, 1});
  }
  out.total = NodeScore{"total", published_total ? published_total : agreed_total(scores), framework.max_points, 0,
                        static_cast<int>(framework.areas.size())};
  return out;
}

} // namespace

model::Result<void> check_points(const model::Framework& framework, model::ScoreTarget target,
                                 const std::string& target_id, int points) {
  int max = 0;
  std::string code;
  switch (target) {
  case ScoreTarget::question: {
    const auto* question = framework.find_question(target_id);
    if (question == nullptr) {
      return model::fail(ErrorKind::not_found, "unknown_question", {{"target", target_id}, {"framework", framework.id}},
                         target_id);
    }
    max = question->max_points;
    code = "points_out_of_range";
    break;
  }
  case ScoreTarget::area: {
    // Only the canonical spelling "1".."N" names an area, so "01" or " 1" cannot slip into the store.
    const auto it = std::find_if(framework.areas.begin(), framework.areas.end(),
                                 [&](const model::Area& area) { return std::to_string(area.number) == target_id; });
    if (it == framework.areas.end()) {
      return model::fail(ErrorKind::not_found, "unknown_area", {{"target", target_id}, {"framework", framework.id}},
                         target_id);
    }
    max = it->max_points;
    code = "area_points_out_of_range";
    break;
  }
  case ScoreTarget::total:
    max = framework.max_points;
    code = "total_points_out_of_range";
    break;
  }
  if (points < 0 || points > max) {
    return model::fail(
        ErrorKind::bad_input, std::move(code),
        {{"points", std::to_string(points)}, {"target", target_id}, {"min", "0"}, {"max", std::to_string(max)}},
        target_id);
  }
  return {};
}

Aggregate aggregate(const model::Framework& framework, model::Granularity granularity,
                    const std::vector<model::Score>& scores, std::optional<int> published_total, Detail detail) {
  // An area-level edition has no questions to score, so its full evaluations are area evaluations.
  if (granularity == Granularity::question && framework.level == model::FrameworkLevel::area) {
    granularity = Granularity::area;
  }
  switch (granularity) {
  case Granularity::question:
    return aggregate_questions(framework, scores, detail);
  case Granularity::area:
    return aggregate_areas(framework, scores, published_total);
  case Granularity::total:
    return aggregate_total(framework, scores, published_total);
  }
  return {};
}

ReferenceAverage reference_average(const std::vector<Aggregate>& members, std::size_t area_count) {
  std::vector<Tally> areas(area_count);
  Tally total;
  for (const auto& member : members) {
    for (std::size_t i = 0; i < area_count && i < member.areas.size(); ++i) {
      if (member.areas[i].points) {
        areas[i].sum += *member.areas[i].points;
        ++areas[i].assessed;
      }
    }
    if (member.total.points) {
      total.sum += *member.total.points;
      ++total.assessed;
    }
  }
  auto figure = [](const Tally& tally) {
    ReferenceFigure out;
    out.count = tally.assessed;
    if (tally.assessed > 0) {
      out.mean = static_cast<double>(tally.sum) / tally.assessed;
    }
    return out;
  };
  ReferenceAverage out;
  for (const auto& area : areas) {
    out.areas.push_back(figure(area));
  }
  out.total = figure(total);
  return out;
}

EditionComparison compare_editions(const model::Framework& framework, std::optional<int> total,
                                   const std::string& other_edition, int other_year) {
  const auto& aliases = framework.aliases;
  if (other_edition == framework.id || std::find(aliases.begin(), aliases.end(), other_edition) != aliases.end()) {
    return {Comparability::comparable, std::nullopt, std::nullopt};
  }
  const auto& rule = framework.earlier_edition_rule;
  if (rule && other_year < rule->before_year && total) {
    return {Comparability::interval, *total + rule->add_min, *total + rule->add_max};
  }
  return {};
}

bool target_fits(model::Granularity granularity, model::ScoreTarget target) {
  switch (target) {
  case model::ScoreTarget::question:
    return granularity == model::Granularity::question;
  case model::ScoreTarget::area:
    return granularity == model::Granularity::area;
  case model::ScoreTarget::total:
    return granularity == model::Granularity::total;
  }
  return false;
}

const char* to_string(Comparability comparability) {
  switch (comparability) {
  case Comparability::comparable:
    return "comparable";
  case Comparability::interval:
    return "interval";
  case Comparability::not_comparable:
    return "not_comparable";
  }
  return "not_comparable";
}

} // namespace kompass::scoring
