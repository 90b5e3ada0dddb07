#include "app/agreement.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "app/blind.hpp"
#include "app/evaluations.hpp"

namespace kompass::app {

namespace {

std::string joined(const std::set<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

nlohmann::json figure(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json statistics(const scoring::Agreement& agreement) {
  return {{"count", agreement.count},
          {"exact", figure(agreement.exact_rate)},
          {"mad", figure(agreement.mean_absolute_difference)},
          {"kappa", figure(agreement.kappa)},
          {"level", scoring::to_string(scoring::kappa_level(agreement.kappa))}};
}

} // namespace

Result<AgreementReport> evaluation_agreement(store::Store& store, const std::string& id,
                                             const std::optional<std::pair<std::string, std::string>>& names) {
  // While blind scoring is open the own scores are hidden from everyone, so they cannot be compared either.
  auto state = blind_state(store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  if (auto revealed = require_revealed(*state); !revealed) {
    return tl::unexpected(revealed.error());
  }
  auto view = show_evaluation(store, id);
  if (!view) {
    return tl::unexpected(view.error());
  }
  // Each evaluator's own question scores, by question id.
  std::map<std::string, std::map<std::string, int>> own;
  for (const auto& score : view->evaluation.scores) {
    if (!score.evaluator.empty() && score.target == model::ScoreTarget::question) {
      own[score.evaluator][score.target_id] = score.points;
    }
  }
  std::set<std::string> scorers;
  for (const auto& [name, scores] : own) {
    scorers.insert(name);
  }
  std::pair<std::string, std::string> chosen;
  if (names) {
    chosen = *names;
  } else if (scorers.size() == 2) {
    chosen = {*scorers.begin(), *scorers.rbegin()};
  }
  if (chosen.first.empty() || chosen.first == chosen.second || !own.contains(chosen.first) ||
      !own.contains(chosen.second)) {
    return model::fail(model::ErrorKind::bad_input, "agreement_evaluators",
                       {{"id", id}, {"evaluators", scorers.empty() ? "-" : joined(scorers)}}, "evaluator");
  }
  AgreementReport report;
  report.evaluation_id = id;
  report.first = chosen.first;
  report.second = chosen.second;
  std::vector<scoring::ScorePair> all;
  std::map<int, std::vector<scoring::ScorePair>> by_area;
  const auto& second_scores = own[chosen.second];
  for (const auto& area : view->framework.areas) {
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        auto first = own[chosen.first].find(question.id);
        auto second = second_scores.find(question.id);
        if (first == own[chosen.first].end() || second == second_scores.end()) {
          continue;
        }
        scoring::ScorePair pair{first->second, second->second, question.max_points};
        all.push_back(pair);
        by_area[area.number].push_back(pair);
        if (pair.first != pair.second) {
          report.differences.push_back({question.id, pair.first, pair.second, pair.max});
        }
      }
    }
  }
  report.total = scoring::agreement(all);
  for (const auto& [area, pairs] : by_area) {
    report.areas.emplace_back(area, scoring::agreement(pairs));
  }
  // Largest difference on the question's own scale first; framework order among equals.
  std::stable_sort(report.differences.begin(), report.differences.end(),
                   [](const ScoreDifference& a, const ScoreDifference& b) {
                     auto size = [](const ScoreDifference& d) {
                       return d.max > 0 ? static_cast<double>(std::abs(d.first - d.second)) / d.max : 0.0;
                     };
                     return size(a) > size(b);
                   });
  return report;
}

std::string agreement_level(const scoring::Agreement& agreement) {
  return scoring::to_string(scoring::kappa_level(agreement.kappa));
}

std::string agreement_json(const AgreementReport& report) {
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& [area, agreement] : report.areas) {
    auto item = statistics(agreement);
    item["area"] = area;
    areas.push_back(item);
  }
  nlohmann::json differences = nlohmann::json::array();
  for (const auto& d : report.differences) {
    differences.push_back({{"question", d.question}, {"first", d.first}, {"second", d.second}, {"max", d.max}});
  }
  return nlohmann::json{{"evaluation", report.evaluation_id},
                        {"evaluators", {report.first, report.second}},
                        {"total", statistics(report.total)},
                        {"areas", areas},
                        {"differences", differences}}
      .dump(2);
}

} // namespace kompass::app
