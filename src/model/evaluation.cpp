#include "model/evaluation.hpp"

#include <array>
#include <utility>

namespace kompass::model {
namespace {

template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& names, E value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) {
      return name;
    }
  }
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, const char*>, N>& names, std::string_view text) {
  for (const auto& [candidate, name] : names) {
    if (text == name) {
      return candidate;
    }
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Status, const char*>, 3> k_statuses{
    {{Status::draft, "draft"}, {Status::final, "final"}, {Status::published, "published"}}};
constexpr std::array<std::pair<Granularity, const char*>, 3> k_granularities{
    {{Granularity::question, "question"}, {Granularity::area, "area"}, {Granularity::total, "total"}}};
constexpr std::array<std::pair<SourceKind, const char*>, 3> k_source_kinds{
    {{SourceKind::interview, "interview"}, {SourceKind::document, "document"}, {SourceKind::website, "website"}}};
constexpr std::array<std::pair<FindingKind, const char*>, 3> k_finding_kinds{{{FindingKind::strength, "strength"},
                                                                              {FindingKind::improvement, "improvement"},
                                                                              {FindingKind::weakness, "weakness"}}};
constexpr std::array<std::pair<EvaluatorRole, const char*>, 2> k_roles{
    {{EvaluatorRole::lead, "lead"}, {EvaluatorRole::peer, "peer"}}};
constexpr std::array<std::pair<ScoreTarget, const char*>, 3> k_targets{
    {{ScoreTarget::question, "question"}, {ScoreTarget::area, "area"}, {ScoreTarget::total, "total"}}};

} // namespace

const char* to_string(Status value) { return name_of(k_statuses, value); }
const char* to_string(Granularity value) { return name_of(k_granularities, value); }
const char* to_string(SourceKind value) { return name_of(k_source_kinds, value); }
const char* to_string(FindingKind value) { return name_of(k_finding_kinds, value); }
const char* to_string(EvaluatorRole value) { return name_of(k_roles, value); }
const char* to_string(ScoreTarget value) { return name_of(k_targets, value); }

std::optional<Status> parse_status(std::string_view text) { return value_of(k_statuses, text); }
std::optional<Granularity> parse_granularity(std::string_view text) { return value_of(k_granularities, text); }
std::optional<SourceKind> parse_source_kind(std::string_view text) { return value_of(k_source_kinds, text); }
std::optional<FindingKind> parse_finding_kind(std::string_view text) { return value_of(k_finding_kinds, text); }
std::optional<EvaluatorRole> parse_evaluator_role(std::string_view text) { return value_of(k_roles, text); }
std::optional<ScoreTarget> parse_score_target(std::string_view text) { return value_of(k_targets, text); }

EvaluationSummary summary_of(const Evaluation& evaluation) {
  EvaluationSummary summary;
  summary.id = evaluation.id;
  summary.municipality = evaluation.municipality;
  summary.year = evaluation.year;
  summary.framework_id = evaluation.framework_id;
  summary.framework_version = evaluation.framework_version;
  summary.status = evaluation.status;
  summary.granularity = evaluation.granularity;
  summary.published_total = evaluation.published_total;
  for (const auto& score : evaluation.scores) {
    if (score.evaluator.empty()) {
      summary.agreed_scores.push_back(score);
    }
  }
  return summary;
}

} // namespace kompass::model
