#include "http/blind_routes.hpp"

#include <nlohmann/json.hpp>

#include "app/blind.hpp"

namespace kompass::http {

using model::ErrorKind;
using model::Result;
using nlohmann::json;

namespace {

Result<void> answer(Exchange& ex, const std::string& body, int status = 200) {
  send_json(ex.response, status, body);
  return {};
}

} // namespace

std::string viewer_name(const Exchange& ex) { return ex.viewer.user ? ex.viewer.user->username : std::string(); }

Result<void> check_own_score_author(Exchange& ex, const std::string& id, const std::string& evaluator) {
  if (evaluator.empty() || evaluator == viewer_name(ex)) {
    return {};
  }
  auto state = app::blind_state(ex.store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  if (state->blind()) {
    return model::fail(ErrorKind::forbidden, "blind_own_scores_only", {{"id", id}, {"evaluator", evaluator}},
                       "evaluator");
  }
  return {};
}

Result<void> post_blind(Exchange& ex) {
  const auto id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, app::Permission::manage); !access) {
    return tl::unexpected(access.error());
  }
  auto body = request_json(ex);
  if (!body) {
    return tl::unexpected(body.error());
  }
  std::vector<std::string> names;
  auto found = body->find("evaluators");
  if (found == body->end() || !found->is_array()) {
    return model::fail(ErrorKind::malformed, "field_missing", {{"field", "evaluators"}}, "evaluators");
  }
  for (const auto& item : *found) {
    if (!item.is_string()) {
      return model::fail(ErrorKind::malformed, "field_invalid", {{"field", "evaluators"}}, "evaluators");
    }
    names.push_back(item.get<std::string>());
  }
  auto state = app::start_blind_scoring(ex.store, id, names);
  if (!state) {
    return tl::unexpected(state.error());
  }
  return answer(ex, app::blind_state_json(*state));
}

Result<void> get_blind(Exchange& ex) {
  const auto id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, app::Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  auto state = app::blind_state(ex.store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  return answer(ex, app::blind_state_json(*state));
}

Result<void> post_blind_done(Exchange& ex) {
  const auto id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, app::Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  auto state = app::blind_state(ex.store, id);
  if (!state) {
    return tl::unexpected(state.error());
  }
  const auto name = viewer_name(ex);
  if (state->blind() && !state->is_scorer(name)) {
    // Only the scorer themself says they are done; nobody marks another's scoring done through the API.
    std::string scorers;
    for (const auto& scorer : state->scorers) {
      scorers += (scorers.empty() ? "" : ", ") + scorer.evaluator;
    }
    return model::fail(ErrorKind::forbidden, "blind_not_scorer",
                       {{"id", id}, {"evaluator", name}, {"scorers", scorers}}, "evaluator");
  }
  auto marked = app::mark_own_scoring_done(ex.store, id, name);
  if (!marked) {
    return tl::unexpected(marked.error());
  }
  return answer(ex, app::blind_state_json(*marked));
}

Result<void> get_reconciliation(Exchange& ex) {
  const auto id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, app::Permission::read); !access) {
    return tl::unexpected(access.error());
  }
  auto result = app::reconciliation(ex.store, id);
  if (!result) {
    return tl::unexpected(result.error());
  }
  return answer(ex, app::reconciliation_json(*result));
}

Result<void> post_reconciliation(Exchange& ex) {
  const auto id = ex.capture(1);
  if (auto access = app::authorize(ex.store, ex.viewer, id, app::Permission::edit); !access) {
    return tl::unexpected(access.error());
  }
  auto body = request_json(ex);
  if (!body) {
    return tl::unexpected(body.error());
  }
  std::string note;
  if (auto found = body->find("note"); found != body->end() && !found->is_null()) {
    if (!found->is_string()) {
      return model::fail(ErrorKind::malformed, "field_invalid", {{"field", "note"}}, "note");
    }
    note = found->get<std::string>();
  }
  if (auto accept = body->find("accept_agreed"); accept != body->end() && accept->is_boolean() && accept->get<bool>()) {
    auto recorded =
        app::accept_agreeing(ex.store, id, note.empty() ? model::message(ex.language, "reconcile_default_note") : note);
    if (!recorded) {
      return tl::unexpected(recorded.error());
    }
    return answer(ex, json{{"recorded", *recorded}}.dump(2));
  }
  model::ScoreTarget target = model::ScoreTarget::question;
  std::string target_id;
  if (auto question = body->find("question"); question != body->end() && question->is_string()) {
    target_id = question->get<std::string>();
  } else if (auto area = body->find("area"); area != body->end() && area->is_number_integer()) {
    target = model::ScoreTarget::area;
    target_id = std::to_string(area->get<int>());
  } else {
    return model::fail(ErrorKind::malformed, "field_missing", {{"field", "question"}}, "question");
  }
  auto points = body->find("points");
  if (points == body->end() || !points->is_number_integer()) {
    return model::fail(ErrorKind::malformed, "field_missing", {{"field", "points"}}, "points");
  }
  auto recorded = app::record_agreed_score(ex.store, id, target, target_id, points->get<int>(), note);
  if (!recorded) {
    auto error = recorded.error();
    if (error.code.ends_with("points_out_of_range")) {
      error.field = "points";
    }
    return tl::unexpected(error);
  }
  return answer(
      ex, json{{"target", model::to_string(target)}, {"id", target_id}, {"points", points->get<int>()}, {"note", note}}
              .dump(2));
}

Result<void> get_drift(Exchange& ex) {
  if (auto allowed = app::require_role(ex.viewer, {model::Role::admin}); !allowed) {
    return tl::unexpected(allowed.error());
  }
  auto drift = app::evaluator_drift(ex.store);
  if (!drift) {
    return tl::unexpected(drift.error());
  }
  return answer(ex, app::drift_json(*drift));
}

} // namespace kompass::http
