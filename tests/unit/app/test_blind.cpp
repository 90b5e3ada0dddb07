#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/agreement.hpp"
#include "app/blind.hpp"
#include "app/evaluations.hpp"
#include "app/municipalities.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using model::ErrorKind;
using testing_support::describe;

model::Score own_score(const std::string& evaluator, const std::string& question, int points,
                       const std::string& rationale = {}) {
  model::Score score;
  score.target = model::ScoreTarget::question;
  score.target_id = question;
  score.evaluator = evaluator;
  score.points = points;
  score.rationale = rationale;
  return score;
}

std::vector<std::string> own_evaluators(const model::Evaluation& evaluation) {
  std::vector<std::string> names;
  for (const auto& score : evaluation.scores) {
    if (!score.evaluator.empty() && std::find(names.begin(), names.end(), score.evaluator) == names.end()) {
      names.push_back(score.evaluator);
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A draft 2010-edition evaluation of Sundsvall at question granularity, scored blind by Anna and Per.
class Blind : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    model::Municipality sundsvall;
    sundsvall.ref = {"SE", "2281"};
    sundsvall.name = "Sundsvall";
    auto added = app::add_municipality(db(), sundsvall);
    ASSERT_TRUE(added) << describe(added.error());
    app::NewEvaluation request;
    request.municipality = {"SE", "2281"};
    request.year = 2016;
    request.framework = "kommunkompassen-2010";
    auto id = app::create_evaluation(db(), request);
    ASSERT_TRUE(id) << describe(id.error());
    m_id = *id;
    auto view = app::show_evaluation(db(), m_id);
    ASSERT_TRUE(view) << describe(view.error());
    for (const auto& area : view->framework.areas) {
      for (const auto& sub_area : area.sub_areas) {
        for (const auto& question : sub_area.questions) {
          m_questions.emplace_back(question.id, question.max_points);
        }
      }
    }
    auto started = app::start_blind_scoring(db(), m_id, {"Anna", "Per"});
    ASSERT_TRUE(started) << describe(started.error());
  }

  store::Store& db() { return m_temporary.db(); }

  void set_ok(const model::Score& score) {
    auto saved = app::set_score(db(), m_id, score);
    ASSERT_TRUE(saved) << describe(saved.error());
  }

  // Scores every question for `evaluator`: `points(index, max)` points each.
  template <typename F>
  void score_all(const std::string& evaluator, F&& points) {
    for (std::size_t i = 0; i < m_questions.size(); ++i) {
      set_ok(own_score(evaluator, m_questions[i].first, points(i, m_questions[i].second), evaluator + " why"));
    }
  }

  // Anna and Per score everything alike but the first question (Anna 0, Per max) and the second (Anna 1, Per 0).
  void score_both_and_finish() {
    score_all("Anna", [](std::size_t i, int max) { return i == 0 ? 0 : i == 1 ? 1 : max / 2; });
    score_all("Per", [](std::size_t i, int max) { return i == 0 ? max : i == 1 ? 0 : max / 2; });
    ASSERT_TRUE(app::mark_own_scoring_done(db(), m_id, "Anna"));
    ASSERT_TRUE(app::mark_own_scoring_done(db(), m_id, "Per"));
  }

  testing_support::TemporaryStore m_temporary;
  std::string m_id;
  std::vector<std::pair<std::string, int>> m_questions;
};

TEST_P(Blind, StartNeedsTwoEvaluators) {
  for (const auto& names : std::vector<std::vector<std::string>>{{}, {"Anna"}, {"Anna", " Anna "}}) {
    auto started = app::start_blind_scoring(db(), m_id, names);
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().kind, ErrorKind::bad_input);
    EXPECT_EQ(started.error().code, "blind_evaluators_too_few");
    EXPECT_EQ(started.error().field, "evaluators");
  }
  auto state = app::blind_state(db(), m_id);
  ASSERT_TRUE(state);
  EXPECT_TRUE(state->open());
  ASSERT_EQ(state->scorers.size(), 2U);
  EXPECT_EQ(state->pending(), (std::vector<std::string>{"Anna", "Per"}));
}

TEST_P(Blind, OwnScoresAreHiddenFromEveryoneElseWhileOpen) {
  set_ok(own_score("Anna", "1.1.1", 3));
  set_ok(own_score("Per", "1.1.1", 5));
  for (const auto& [viewer, expected] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"Anna", {"Anna"}}, {"Per", {"Per"}}, {"admin", {}}, {"", {}}}) {
    auto view = app::show_evaluation_as(db(), m_id, viewer);
    ASSERT_TRUE(view) << describe(view.error());
    EXPECT_EQ(own_evaluators(view->evaluation), expected) << "viewer " << viewer;
  }
  auto exported = app::export_evaluation_as(db(), m_id, app::ExportFormat::json, "Anna");
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->find("\"Per\""), std::string::npos);
}

TEST_P(Blind, AgreementAndAgreedScoresWaitForEveryone) {
  set_ok(own_score("Anna", "1.1.1", 3));
  set_ok(own_score("Per", "1.1.1", 5));
  auto agreement = app::evaluation_agreement(db(), m_id, std::nullopt);
  ASSERT_FALSE(agreement);
  EXPECT_EQ(agreement.error().kind, ErrorKind::conflict);
  EXPECT_EQ(agreement.error().code, "blind_scoring_open");
  EXPECT_EQ(agreement.error().args.at("pending"), "Anna, Per");
  auto agreed = app::set_score(db(), m_id, own_score("", "1.1.1", 4));
  ASSERT_FALSE(agreed);
  EXPECT_EQ(agreed.error().code, "blind_scoring_open");
  auto stranger = app::set_score(db(), m_id, own_score("Eva", "1.1.1", 4));
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, "blind_not_scorer");
  auto reconciled = app::reconciliation(db(), m_id);
  ASSERT_FALSE(reconciled);
  EXPECT_EQ(reconciled.error().code, "blind_scoring_open");
}

TEST_P(Blind, DoneNeedsEveryQuestionScored) {
  set_ok(own_score("Anna", m_questions[0].first, 1));
  auto done = app::mark_own_scoring_done(db(), m_id, "Anna");
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(done.error().code, "blind_unscored");
  EXPECT_EQ(done.error().field, "question");
  EXPECT_EQ(done.error().args.at("question"), m_questions[1].first);
  auto stranger = app::mark_own_scoring_done(db(), m_id, "Eva");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, "blind_not_scorer");
  auto state = app::blind_state(db(), m_id);
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->is_done("Anna"));
}

TEST_P(Blind, FinishedScorersAreLockedAndEveryoneSeesAllOnceRevealed) {
  score_all("Anna", [](std::size_t, int max) { return max; });
  ASSERT_TRUE(app::mark_own_scoring_done(db(), m_id, "Anna"));
  auto changed = app::set_score(db(), m_id, own_score("Anna", m_questions[0].first, 0));
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code, "blind_scoring_done");
  // Anna is done, Per is not: still hidden.
  auto view = app::show_evaluation_as(db(), m_id, "Anna");
  ASSERT_TRUE(view);
  EXPECT_EQ(own_evaluators(view->evaluation), (std::vector<std::string>{"Anna"}));

  score_all("Per", [](std::size_t, int max) { return max; });
  auto state = app::mark_own_scoring_done(db(), m_id, "Per");
  ASSERT_TRUE(state) << describe(state.error());
  EXPECT_TRUE(state->revealed());
  for (const std::string viewer : {"Anna", "Per", "admin", ""}) {
    auto shown = app::show_evaluation_as(db(), m_id, viewer);
    ASSERT_TRUE(shown);
    EXPECT_EQ(own_evaluators(shown->evaluation), (std::vector<std::string>{"Anna", "Per"})) << viewer;
  }
  auto late = app::set_score(db(), m_id, own_score("Per", m_questions[0].first, 0));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, "blind_scoring_done");
  auto more = app::start_blind_scoring(db(), m_id, {"Anna", "Eva"});
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, "blind_scoring_started");
}

TEST_P(Blind, ReconciliationListsTheLargestDifferenceFirstAndKeepsOwnScores) {
  score_both_and_finish();
  auto result = app::reconciliation(db(), m_id);
  ASSERT_TRUE(result) << describe(result.error());
  ASSERT_EQ(result->differences.size(), 2U);
  const auto& first = result->differences[0];
  EXPECT_EQ(first.target_id, m_questions[0].first);
  EXPECT_EQ(first.spread, m_questions[0].second);
  ASSERT_EQ(first.scores.size(), 2U);
  EXPECT_EQ(first.scores[0].evaluator, "Anna");
  EXPECT_EQ(first.scores[0].rationale, "Anna why");
  EXPECT_EQ(result->differences[1].target_id, m_questions[1].first);
  EXPECT_EQ(result->agreeing, static_cast<int>(m_questions.size()) - 2);
  EXPECT_EQ(result->agreeing_pending, result->agreeing);

  auto missing_note = app::record_agreed_score(db(), m_id, model::ScoreTarget::question, first.target_id, 2, " ");
  ASSERT_FALSE(missing_note);
  EXPECT_EQ(missing_note.error().code, "reconcile_note_missing");
  EXPECT_EQ(missing_note.error().field, "note");
  auto recorded = app::record_agreed_score(db(), m_id, model::ScoreTarget::question, first.target_id, 2, "Talked");
  ASSERT_TRUE(recorded) << describe(recorded.error());
  auto accepted = app::accept_agreeing(db(), m_id, "samstämmigt");
  ASSERT_TRUE(accepted) << describe(accepted.error());
  EXPECT_EQ(*accepted, result->agreeing);
  auto again = app::accept_agreeing(db(), m_id, "samstämmigt");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);

  auto after = app::reconciliation(db(), m_id);
  ASSERT_TRUE(after);
  ASSERT_TRUE(after->differences[0].agreed);
  EXPECT_EQ(after->differences[0].agreed->points, 2);
  EXPECT_EQ(after->differences[0].agreed->rationale, "Talked");
  EXPECT_EQ(after->differing_pending, 1);
  EXPECT_EQ(after->agreeing_pending, 0);
  // The individual scores are kept beside the agreed ones.
  auto view = app::show_evaluation(db(), m_id);
  ASSERT_TRUE(view);
  EXPECT_EQ(own_evaluators(view->evaluation), (std::vector<std::string>{"Anna", "Per"}));
  auto agreement = app::evaluation_agreement(db(), m_id, std::nullopt);
  ASSERT_TRUE(agreement) << describe(agreement.error());
  EXPECT_EQ(agreement->total.count, static_cast<int>(m_questions.size()));
}

TEST_P(Blind, DriftComparesOwnScoresWithAgreedOnes) {
  score_both_and_finish();
  ASSERT_TRUE(
      app::record_agreed_score(db(), m_id, model::ScoreTarget::question, m_questions[0].first, 0, "Anna right"));
  ASSERT_TRUE(app::record_agreed_score(db(), m_id, model::ScoreTarget::question, m_questions[1].first, 0, "Per right"));
  auto drift = app::evaluator_drift(db());
  ASSERT_TRUE(drift) << describe(drift.error());
  ASSERT_EQ(drift->size(), 2U);
  // Anna: 0 − 0 and 1 − 0 over two questions; Per: max − 0 and 0 − 0.
  EXPECT_EQ((*drift)[0].evaluator, "Anna");
  EXPECT_EQ((*drift)[0].scores, 2);
  EXPECT_EQ((*drift)[0].evaluations, 1);
  EXPECT_DOUBLE_EQ((*drift)[0].mean_signed, 0.5);
  EXPECT_EQ((*drift)[1].evaluator, "Per");
  EXPECT_DOUBLE_EQ((*drift)[1].mean_signed, m_questions[0].second / 2.0);
}

TEST_P(Blind, DriftLeavesOutOpenBlindScoring) {
  set_ok(own_score("Anna", "1.1.1", 3));
  auto drift = app::evaluator_drift(db());
  ASSERT_TRUE(drift) << describe(drift.error());
  EXPECT_TRUE(drift->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Blind, kompass::testing::all_backends(), kompass::testing::backend_test_name);

} // namespace
