#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "model/messages.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"
#include "unit/temporary_directory.hpp"

// Action plans, baselines and blind scorers (migration 0005), through the Store interface only.

using namespace kompass;
using namespace kompass::model;

namespace {

class ActionsBlindTest : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    m_location = std::make_unique<kompass::testing::TemporaryLocation>(GetParam(), "actions-test");
    if (!m_location->skip_reason().empty()) {
      GTEST_SKIP() << m_location->skip_reason();
    }
    auto opened = store::open_store(m_location->location());
    ASSERT_TRUE(opened) << message(UiLanguage::en, opened.error().code, opened.error().args);
    m_store = std::move(*opened);
    ASSERT_TRUE(db().insert_framework({"kommunkompassen-2010", "2010.1", "id: x\n", "hash", {}}));
    Municipality sundsvall;
    sundsvall.ref = {"SE", "2281"};
    sundsvall.name = "Sundsvall";
    ASSERT_TRUE(db().upsert_municipality(sundsvall));
    Evaluation first;
    first.id = "sundsvall-2012";
    first.municipality.ref = sundsvall.ref;
    first.year = 2012;
    first.framework_id = "kommunkompassen-2010";
    first.framework_version = "2010.1";
    first.findings = {{0, 3, "3.1", FindingKind::weakness, "Målen följs inte upp.", {}, {}},
                      {0, 5, "", FindingKind::improvement, "Medarbetarsamtal saknas.", {}, {}}};
    ASSERT_TRUE(db().insert_evaluation(first));
    auto loaded = db().load_evaluation("sundsvall-2012");
    ASSERT_TRUE(loaded && *loaded);
    for (const auto& finding : (*loaded)->findings) {
      m_findings.push_back(finding.id);
    }
  }

  store::Store& db() { return *m_store; }

  Action action(std::string title) const {
    Action result;
    result.evaluation_id = "sundsvall-2012";
    result.area = 3;
    result.title = std::move(title);
    result.owner = "kommunledningskontoret";
    result.start_date = "2013-01-01";
    result.due_date = "2013-12-31";
    result.expected_effect = "Uppföljning av mål i varje nämnd.";
    result.finding_ids = {m_findings[1], m_findings[0]};
    result.notes = {{"2013-02-01", "Arbetsgrupp utsedd.", "kommun"}};
    return result;
  }

  std::vector<std::string> audit_entities() {
    auto entries = db().list_audit("sundsvall-2012");
    EXPECT_TRUE(entries);
    std::vector<std::string> entities;
    for (const auto& entry : entries ? *entries : std::vector<AuditEntry>{}) {
      entities.push_back(entry.entity + " " + entry.key + " " + entry.new_value);
    }
    return entities;
  }

  std::unique_ptr<kompass::testing::TemporaryLocation> m_location;
  std::unique_ptr<store::Store> m_store;
  std::vector<long> m_findings;
};

TEST_P(ActionsBlindTest, AnActionIsStoredWithItsLinksAndNotesInOrder) {
  auto id = db().insert_action(action("Inför måluppföljning"));
  ASSERT_TRUE(id) << id.error().code;
  auto found = db().find_action(*id);
  ASSERT_TRUE(found && *found);
  auto expected = action("Inför måluppföljning");
  expected.id = *id;
  EXPECT_EQ(**found, expected);
  auto listed = db().list_actions("sundsvall-2012");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front(), expected);
  EXPECT_EQ(audit_entities().back(),
            "action " + std::to_string(*id) + " planned area 3 due 2013-12-31: Inför måluppföljning");
}

TEST_P(ActionsBlindTest, AnUpdateReplacesFieldsAndLinksButKeepsNotes) {
  auto id = db().insert_action(action("Inför måluppföljning"));
  ASSERT_TRUE(id);
  auto changed = action("Inför måluppföljning i nämnderna");
  changed.id = *id;
  changed.status = ActionStatus::done;
  changed.finding_ids = {m_findings[0]};
  changed.notes = {};
  ASSERT_TRUE(db().update_action(changed));
  ASSERT_TRUE(db().add_action_note(*id, {"2013-11-30", "Klart.", "kommun"}));
  auto found = db().find_action(*id);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->status, ActionStatus::done);
  EXPECT_EQ((*found)->title, "Inför måluppföljning i nämnderna");
  EXPECT_EQ((*found)->finding_ids, std::vector<long>{m_findings[0]});
  ASSERT_EQ((*found)->notes.size(), 2u);
  EXPECT_EQ((*found)->notes[1].text, "Klart.");
  auto entities = audit_entities();
  EXPECT_EQ(entities[entities.size() - 2],
            "action " + std::to_string(*id) + " done area 3 due 2013-12-31: Inför måluppföljning i nämnderna");
  EXPECT_EQ(entities.back(), "action_note " + std::to_string(*id) + " 2013-11-30 Klart.");
}

TEST_P(ActionsBlindTest, UnknownActionsAndEvaluationsAreNamed) {
  auto changed = action("x");
  changed.id = 999;
  auto updated = db().update_action(changed);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, "unknown_action");
  EXPECT_EQ(updated.error().kind, ErrorKind::not_found);
  auto noted = db().add_action_note(999, {"2013-01-01", "x", ""});
  ASSERT_FALSE(noted);
  EXPECT_EQ(noted.error().code, "unknown_action");
  auto orphan = action("x");
  orphan.evaluation_id = "nowhere-2012";
  auto inserted = db().insert_action(orphan);
  ASSERT_FALSE(inserted);
  EXPECT_EQ(inserted.error().kind, ErrorKind::not_found);
  auto found = db().find_action(999);
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

TEST_P(ActionsBlindTest, AFailedLinkLeavesNoHalfWrittenAction) {
  auto broken = action("Länk till en iakttagelse som inte finns");
  broken.finding_ids = {m_findings[0], 424242};
  ASSERT_FALSE(db().insert_action(broken));
  auto listed = db().list_actions("sundsvall-2012");
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_P(ActionsBlindTest, TheBaselineIsKeptWithTheEvaluation) {
  Evaluation again;
  again.id = "sundsvall-2015";
  again.municipality.ref = {"SE", "2281"};
  again.year = 2015;
  again.framework_id = "kommunkompassen-2010";
  again.framework_version = "2010.1";
  again.baseline_id = "sundsvall-2012";
  ASSERT_TRUE(db().insert_evaluation(again));
  auto loaded = db().load_evaluation("sundsvall-2015");
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->baseline_id, "sundsvall-2012");
  auto first = db().load_evaluation("sundsvall-2012");
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->baseline_id, "");
}

TEST_P(ActionsBlindTest, BlindScorersAreListedByNameAndMarkedDoneOnce) {
  ASSERT_TRUE(db().add_blind_scorer("sundsvall-2012", "karin"));
  ASSERT_TRUE(db().add_blind_scorer("sundsvall-2012", "anders"));
  ASSERT_TRUE(db().add_blind_scorer("sundsvall-2012", "karin"));
  auto scorers = db().blind_scorers("sundsvall-2012");
  ASSERT_TRUE(scorers);
  ASSERT_EQ(scorers->size(), 2u);
  EXPECT_EQ((*scorers)[0].evaluator, "anders");
  EXPECT_EQ((*scorers)[1].done_at, "");
  ASSERT_TRUE(db().mark_scoring_done("sundsvall-2012", "karin"));
  scorers = db().blind_scorers("sundsvall-2012");
  ASSERT_TRUE(scorers);
  auto done_at = (*scorers)[1].done_at;
  EXPECT_EQ(done_at.size(), 20u) << done_at;
  ASSERT_TRUE(db().mark_scoring_done("sundsvall-2012", "karin"));
  scorers = db().blind_scorers("sundsvall-2012");
  EXPECT_EQ((*scorers)[1].done_at, done_at);
  auto stranger = db().mark_scoring_done("sundsvall-2012", "olle");
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, "unknown_blind_scorer");
  auto entities = audit_entities();
  EXPECT_EQ(std::count(entities.begin(), entities.end(), "blind_scorer karin done"), 1);
  EXPECT_EQ(std::count(entities.begin(), entities.end(), "blind_scorer karin scoring"), 1);
}

TEST_P(ActionsBlindTest, EvaluationsWithOwnScoresAreFound) {
  auto none = db().evaluations_with_own_scores();
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(db().put_score("sundsvall-2012", {ScoreTarget::question, "1.1.1", "", 2, "", {}}));
  none = db().evaluations_with_own_scores();
  EXPECT_TRUE(none->empty());
  ASSERT_TRUE(db().put_score("sundsvall-2012", {ScoreTarget::question, "1.1.1", "karin", 3, "", {}}));
  auto found = db().evaluations_with_own_scores();
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, std::vector<std::string>{"sundsvall-2012"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ActionsBlindTest, kompass::testing::all_backends(),
                         kompass::testing::backend_test_name);

} // namespace
