#include "app/blind.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "app/evaluation_json.hpp"
#include "app/validation.hpp"
#include "scoring/scoring.hpp"

namespace kompass::app {

namespace {

using model::ErrorKind;
using model::fail;
using nlohmann::json;

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text;
}

std::vector<std::string> scorer_names(const BlindState& state) {
  std::vector<std::string> names;
  for (const auto& scorer : state.scorers) {
    names.push_back(scorer.evaluator);
  }
  return names;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The target own scores are given to in an evaluation of this granularity.
model::ScoreTarget own_target(model::Granularity granularity) {
  return granularity == model::Granularity::question ? model::ScoreTarget::question : model::ScoreTarget::area;
}

// Every target of the framework in order with its maximum: questions, or areas for an area-level evaluation.
std::vector<std::pair<std::string, int>> targets_of(const model::Framework& framework, model::ScoreTarget target) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& area : framework.areas) {
    if (target == model::ScoreTarget::area) {
      out.emplace_back(std::to_string(area.number), area.max_points);
      continue;
    }
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        out.emplace_back(question.id, question.max_points);
      }
    }
  }
  return out;
}

Result<Reconciliation> build_reconciliation(const EvaluationView& view, const BlindState& state) {
  const auto& evaluation = view.evaluation;
  const auto target = own_target(evaluation.granularity);
  Reconciliation result;
  result.evaluation_id = evaluation.id;
  // (evaluator, target id) → score; of several, the last counts, as in scoring::aggregate.
  std::map<std::string, std::map<std::string, const model::Score*>> own;
  std::map<std::string, const model::Score*> agreed;
  for (const auto& score : evaluation.scores) {
    if (score.target != target) {
      continue;
    }
    if (score.evaluator.empty()) {
      agreed[score.target_id] = &score;
    } else if (state.is_scorer(score.evaluator)) {
      own[score.evaluator][score.target_id] = &score;
    }
  }
  result.scorers = scorer_names(state);
  for (const auto& [id, max] : targets_of(view.framework, target)) {
    ReconciliationItem item;
    item.target = target;
    item.target_id = id;
    item.max = max;
    for (const auto& name : result.scorers) {
      auto found = own[name].find(id);
      if (found != own[name].end()) {
        item.scores.push_back({name, found->second->points, found->second->rationale});
      }
    }
    if (item.scores.empty()) {
      continue;
    }
    auto [low, high] =
        std::minmax_element(item.scores.begin(), item.scores.end(),
                            [](const ScorerScore& a, const ScorerScore& b) { return a.points < b.points; });
    item.spread = high->points - low->points;
    if (auto found = agreed.find(id); found != agreed.end()) {
      item.agreed = *found->second;
    }
    if (item.spread == 0 && item.scores.size() == result.scorers.size()) {
      ++result.agreeing;
      result.agreeing_pending += item.agreed ? 0 : 1;
      continue;
    }
    result.differing_pending += item.agreed ? 0 : 1;
    result.differences.push_back(std::move(item));
  }
  std::stable_sort(result.differences.begin(), result.differences.end(),
                   [](const ReconciliationItem& a, const ReconciliationItem& b) {
                     auto size = [](const ReconciliationItem& item) {
                       return item.max > 0 ? static_cast<double>(item.spread) / item.max : 0.0;
                     };
                     return size(a) > size(b);
                   });
  return result;
}

// Conflict "evaluation_not_draft" once an evaluation is final or published: blind scoring belongs to drafts.
Result<void> require_draft(const model::Evaluation& evaluation) {
  if (evaluation.status != model::Status::draft) {
    return fail(ErrorKind::conflict, "evaluation_not_draft",
                {{"id", evaluation.id}, {"status", to_string(evaluation.status)}}, "status");
  }
  return {};
}

// The view and blind state of a draft evaluation, inside the caller's transaction.
Result<std::pair<EvaluationView, BlindState>> load_draft_state(store::Store& store, const std::string& id) {
  auto view = load_view(store, id);
  if (!view) {
    return tl::unexpected(view.error());
  }
  if (auto draft = require_draft(view->evaluation); !draft) {
    return tl::unexpected(draft.error());
  }
  auto state = load_blind_state(store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  return std::make_pair(std::move(*view), std::move(*state));
}

// The state and view of a blind scoring that may be reconciled, inside the caller's transaction.
Result<std::pair<BlindState, EvaluationView>> load_reconcilable(store::Store& store, const std::string& id) {
  auto state = load_blind_state(store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  if (!state->blind()) {
    return fail(ErrorKind::conflict, "blind_not_started", {{"id", id}}, "id");
  }
  if (auto revealed = require_revealed(*state); !revealed) {
    return tl::unexpected(revealed.error());
  }
  auto view = load_view(store, id);
  if (!view) {
    return tl::unexpected(view.error());
  }
  return std::make_pair(std::move(*state), std::move(*view));
}

} // namespace

bool BlindState::revealed() const {
  return blind() &&
         std::all_of(scorers.begin(), scorers.end(), [](const store::BlindScorer& s) { return !s.done_at.empty(); });
}

bool BlindState::is_scorer(const std::string& name) const {
  return std::any_of(scorers.begin(), scorers.end(), [&](const store::BlindScorer& s) { return s.evaluator == name; });
}

bool BlindState::is_done(const std::string& name) const {
  return std::any_of(scorers.begin(), scorers.end(),
                     [&](const store::BlindScorer& s) { return s.evaluator == name && !s.done_at.empty(); });
}

std::vector<std::string> BlindState::pending() const {
  std::vector<std::string> names;
  for (const auto& scorer : scorers) {
    if (scorer.done_at.empty()) {
      names.push_back(scorer.evaluator);
    }
  }
  return names;
}

Result<BlindState> load_blind_state(store::Store& store, const std::string& id) {
  auto exists = store.evaluation_exists(id);
  if (!exists) {
    return tl::unexpected(exists.error());
  }
  if (!*exists) {
    return fail(ErrorKind::not_found, "unknown_evaluation", {{"id", id}}, "id");
  }
  auto scorers = store.blind_scorers(id);
  if (!scorers) {
    return tl::unexpected(scorers.error());
  }
  return BlindState{id, std::move(*scorers)};
}

Result<BlindState> blind_state(store::Store& store, const std::string& id) {
  return store::in_transaction(
      store, [&] { return load_blind_state(store, id); }, store::Access::read);
}

Result<BlindState> start_blind_scoring(store::Store& store, const std::string& id,
                                       const std::vector<std::string>& evaluators) {
  std::vector<std::string> names;
  for (const auto& given : evaluators) {
    const auto name = trimmed(given);
    if (name.empty()) {
      return fail(ErrorKind::bad_input, "blind_evaluator_invalid", {{"value", given}}, "evaluators");
    }
    if (auto valid = check_text(name, "evaluators"); !valid) {
      return tl::unexpected(valid.error());
    }
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  if (names.size() < 2) {
    return fail(ErrorKind::bad_input, "blind_evaluators_too_few", {{"count", std::to_string(names.size())}},
                "evaluators");
  }
  return store::in_transaction(store, [&]() -> Result<BlindState> {
    auto loaded = load_draft_state(store, id);
    if (!loaded) {
      return tl::unexpected(loaded.error());
    }
    auto& [view, state] = *loaded;
    if (state.blind() && state.pending().size() != state.scorers.size()) {
      return fail(ErrorKind::conflict, "blind_scoring_started", {{"id", id}}, "evaluators");
    }
    for (const auto& name : names) {
      if (auto added = store.add_blind_scorer(id, name); !added) {
        return tl::unexpected(added.error());
      }
      auto user = store.find_user(name);
      if (!user) {
        return tl::unexpected(user.error());
      }
      if (*user) {
        if (auto assigned = store.assign(id, name); !assigned) {
          return tl::unexpected(assigned.error());
        }
      }
    }
    return load_blind_state(store, id);
  });
}

Result<BlindState> mark_own_scoring_done(store::Store& store, const std::string& id, const std::string& evaluator) {
  return store::in_transaction(store, [&]() -> Result<BlindState> {
    auto loaded = load_draft_state(store, id);
    if (!loaded) {
      return tl::unexpected(loaded.error());
    }
    auto& [view, state] = *loaded;
    if (!state.blind()) {
      return fail(ErrorKind::conflict, "blind_not_started", {{"id", id}}, "id");
    }
    if (!state.is_scorer(evaluator)) {
      return fail(ErrorKind::bad_input, "blind_not_scorer",
                  {{"id", id}, {"evaluator", evaluator}, {"scorers", joined(scorer_names(state))}}, "evaluator");
    }
    if (state.is_done(evaluator)) {
      return state;
    }
    // The evaluator's own scores, aggregated as if agreed, tell which question they have not scored yet.
    std::vector<model::Score> own;
    for (const auto& score : view.evaluation.scores) {
      if (score.evaluator == evaluator) {
        own.push_back(score);
        own.back().evaluator.clear();
      }
    }
    const auto aggregate = scoring::aggregate(view.framework, view.evaluation.granularity, own, std::nullopt);
    if (!aggregate.unscored.empty()) {
      return fail(ErrorKind::bad_input, "blind_unscored",
                  {{"evaluator", evaluator},
                   {"question", aggregate.unscored.front()},
                   {"count", std::to_string(aggregate.unscored.size())}},
                  "question");
    }
    if (auto marked = store.mark_scoring_done(id, evaluator); !marked) {
      return tl::unexpected(marked.error());
    }
    return load_blind_state(store, id);
  });
}

Result<void> require_revealed(const BlindState& state) {
  if (state.open()) {
    return fail(ErrorKind::conflict, "blind_scoring_open",
                {{"id", state.evaluation_id}, {"pending", joined(state.pending())}}, "id");
  }
  return {};
}

Result<void> check_blind_score(store::Store& store, const std::string& id, const model::Score& score) {
  auto state = load_blind_state(store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  if (!state->blind()) {
    return {};
  }
  if (score.evaluator.empty()) {
    return require_revealed(*state);
  }
  if (state->revealed() || state->is_done(score.evaluator)) {
    return fail(ErrorKind::conflict, "blind_scoring_done", {{"id", id}, {"evaluator", score.evaluator}}, "evaluator");
  }
  if (!state->is_scorer(score.evaluator)) {
    return fail(ErrorKind::bad_input, "blind_not_scorer",
                {{"id", id}, {"evaluator", score.evaluator}, {"scorers", joined(scorer_names(*state))}}, "evaluator");
  }
  return {};
}

void hide_own_scores(model::Evaluation& evaluation, const BlindState& state, const std::string& viewer) {
  if (!state.open()) {
    return;
  }
  std::erase_if(evaluation.scores, [&](const model::Score& score) {
    return !score.evaluator.empty() && (viewer.empty() || score.evaluator != viewer);
  });
}

namespace {

// show_evaluation_as inside a transaction the caller holds.
Result<EvaluationView> view_as(store::Store& store, const std::string& id, const std::string& viewer) {
  auto view = load_view(store, id);
  if (!view) {
    return tl::unexpected(view.error());
  }
  auto state = load_blind_state(store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  hide_own_scores(view->evaluation, *state, viewer);
  return view;
}

} // namespace

Result<EvaluationView> show_evaluation_as(store::Store& store, const std::string& id, const std::string& viewer) {
  return store::in_transaction(
      store, [&] { return view_as(store, id, viewer); }, store::Access::read);
}

Result<ScoredView> show_scores_as(store::Store& store, const std::string& id, const std::string& viewer) {
  return store::in_transaction(
      store,
      [&]() -> Result<ScoredView> {
        auto view = view_as(store, id, viewer);
        if (!view) {
          return tl::unexpected(view.error());
        }
        auto versions = store.score_versions(id);
        if (!versions) {
          return tl::unexpected(versions.error());
        }
        return ScoredView{std::move(*view), std::move(*versions)};
      },
      store::Access::read);
}

Result<std::string> export_evaluation_as(store::Store& store, const std::string& id, ExportFormat format,
                                         const std::string& viewer) {
  // The CSV export holds agreed figures only; the JSON export holds every score.
  if (format == ExportFormat::csv) {
    return export_evaluation(store, id, format);
  }
  auto view = show_evaluation_as(store, id, viewer);
  if (!view) {
    return tl::unexpected(view.error());
  }
  return evaluation_to_json(view->evaluation);
}

Result<Reconciliation> reconciliation(store::Store& store, const std::string& id) {
  return store::in_transaction(
      store,
      [&]() -> Result<Reconciliation> {
        auto loaded = load_reconcilable(store, id);
        if (!loaded) {
          return tl::unexpected(loaded.error());
        }
        return build_reconciliation(loaded->second, loaded->first);
      },
      store::Access::read);
}

Result<void> record_agreed_score(store::Store& store, const std::string& id, model::ScoreTarget target,
                                 const std::string& target_id, int points, const std::string& note) {
  if (trimmed(note).empty()) {
    return fail(ErrorKind::bad_input, "reconcile_note_missing", {{"id", id}, {"target", target_id}}, "note");
  }
  auto state = blind_state(store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  if (!state->blind()) {
    return fail(ErrorKind::conflict, "blind_not_started", {{"id", id}}, "id");
  }
  // set_score checks the target, the range and, in its own transaction, that blind scoring is not open.
  model::Score score;
  score.target = target;
  score.target_id = target_id;
  score.points = points;
  score.rationale = note;
  return set_score(store, id, score);
}

Result<int> accept_agreeing(store::Store& store, const std::string& id, const std::string& note) {
  if (trimmed(note).empty()) {
    return fail(ErrorKind::bad_input, "reconcile_note_missing", {{"id", id}, {"target", "-"}}, "note");
  }
  if (auto valid = check_text(note, "note"); !valid) {
    return tl::unexpected(valid.error());
  }
  return store::in_transaction(store, [&]() -> Result<int> {
    auto loaded = load_reconcilable(store, id);
    if (!loaded) {
      return tl::unexpected(loaded.error());
    }
    auto& [state, view] = *loaded;
    if (auto draft = require_draft(view.evaluation); !draft) {
      return tl::unexpected(draft.error());
    }
    const auto target = own_target(view.evaluation.granularity);
    std::map<std::string, std::vector<int>> points; // target id → each scorer's points
    std::set<std::string> agreed;
    for (const auto& score : view.evaluation.scores) {
      if (score.target != target) {
        continue;
      }
      if (score.evaluator.empty()) {
        agreed.insert(score.target_id);
      } else if (state.is_scorer(score.evaluator)) {
        points[score.target_id].push_back(score.points);
      }
    }
    int recorded = 0;
    for (const auto& [target_id, given] : points) {
      const bool alike = given.size() == state.scorers.size() &&
                         std::all_of(given.begin(), given.end(), [&](int p) { return p == given.front(); });
      if (!alike || agreed.contains(target_id)) {
        continue;
      }
      // The points were checked when each scorer stored them, so the agreed score needs no new range check.
      model::Score score;
      score.target = target;
      score.target_id = target_id;
      score.points = given.front();
      score.rationale = note;
      if (auto put = store.put_score(id, score); !put) {
        return tl::unexpected(put.error());
      }
      ++recorded;
    }
    return recorded;
  });
}

std::string blind_state_json(const BlindState& state) {
  json scorers = json::array();
  for (const auto& scorer : state.scorers) {
    scorers.push_back({{"evaluator", scorer.evaluator},
                       {"done", !scorer.done_at.empty()},
                       {"done_at", scorer.done_at.empty() ? json(nullptr) : json(scorer.done_at)}});
  }
  return json{{"evaluation", state.evaluation_id},
              {"blind", state.blind()},
              {"revealed", state.revealed()},
              {"scorers", scorers},
              {"pending", state.pending()}}
      .dump(2);
}

std::string reconciliation_json(const Reconciliation& reconciliation) {
  json differences = json::array();
  for (const auto& item : reconciliation.differences) {
    json scores = json::array();
    for (const auto& score : item.scores) {
      scores.push_back({{"evaluator", score.evaluator}, {"points", score.points}, {"rationale", score.rationale}});
    }
    differences.push_back(
        {{"target", model::to_string(item.target)},
         {"id", item.target_id},
         {"max", item.max},
         {"spread", item.spread},
         {"scores", scores},
         {"agreed",
          item.agreed ? json{{"points", item.agreed->points}, {"note", item.agreed->rationale}} : json(nullptr)}});
  }
  return json{{"evaluation", reconciliation.evaluation_id},
              {"scorers", reconciliation.scorers},
              {"agreeing", reconciliation.agreeing},
              {"agreeing_pending", reconciliation.agreeing_pending},
              {"differing_pending", reconciliation.differing_pending},
              {"differences", differences}}
      .dump(2);
}

Result<std::vector<scoring::Drift>> evaluator_drift(store::Store& store) {
  return store::in_transaction(
      store,
      [&]() -> Result<std::vector<scoring::Drift>> {
        auto ids = store.evaluations_with_own_scores();
        if (!ids) {
          return tl::unexpected(ids.error());
        }
        std::vector<scoring::OwnAgainstAgreed> pairs;
        for (const auto& id : *ids) {
          auto state = load_blind_state(store, id);
          if (!state) {
            return tl::unexpected(state.error());
          }
          if (state->open()) {
            continue;
          }
          auto evaluation = store.load_evaluation(id);
          if (!evaluation) {
            return tl::unexpected(evaluation.error());
          }
          if (!*evaluation) {
            continue;
          }
          // (target, id) → agreed points; of several, the last counts.
          std::map<std::pair<model::ScoreTarget, std::string>, int> agreed;
          for (const auto& score : (*evaluation)->scores) {
            if (score.evaluator.empty()) {
              agreed[{score.target, score.target_id}] = score.points;
            }
          }
          for (const auto& score : (*evaluation)->scores) {
            if (score.evaluator.empty() || score.target == model::ScoreTarget::total) {
              continue;
            }
            if (auto found = agreed.find({score.target, score.target_id}); found != agreed.end()) {
              pairs.push_back({score.evaluator, id, score.points, found->second});
            }
          }
        }
        return scoring::drift(pairs);
      },
      store::Access::read);
}

std::string drift_json(const std::vector<scoring::Drift>& drift) {
  json list = json::array();
  for (const auto& entry : drift) {
    list.push_back({{"evaluator", entry.evaluator},
                    {"scores", entry.scores},
                    {"evaluations", entry.evaluations},
                    {"mean_signed", entry.mean_signed},
                    {"mean_absolute", entry.mean_absolute}});
  }
  return list.dump(2);
}

} // namespace kompass::app
