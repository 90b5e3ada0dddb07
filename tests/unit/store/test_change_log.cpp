#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>

#include <unistd.h>

#include "model/messages.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"
#include "unit/temporary_directory.hpp"

// The change log (migration 0002) and the one-pass scan the search index is rebuilt from.

using namespace kompass;
using namespace kompass::model;
using store::Change;
using store::EvaluationTexts;

namespace {

class ChangeLogTest : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    m_location = std::make_unique<kompass::testing::TemporaryLocation>(GetParam(), "changes-test");
    if (!m_location->skip_reason().empty()) {
      GTEST_SKIP() << m_location->skip_reason();
    }
    auto opened = store::open_store(m_location->location());
    ASSERT_TRUE(opened) << message(UiLanguage::en, opened.error().code, opened.error().args);
    m_store = std::move(*opened);
    ASSERT_TRUE(db().insert_framework({"kommunkompassen-2010", "2010.1", "id: x\n", "hash", {}}));
    ASSERT_TRUE(db().upsert_municipality(municipality("2281", "Sundsvall", 98'000)));
    ASSERT_TRUE(db().upsert_municipality(municipality("1860", "Vimmerby", 15'000)));
  }
  void TearDown() override {
    m_store.reset();
    m_location.reset();
  }

  store::Store& db() { return *m_store; }

  static Municipality municipality(std::string code, std::string name, long population) {
    Municipality result;
    result.ref = {"SE", std::move(code)};
    result.name = std::move(name);
    result.population = population;
    return result;
  }

  Evaluation evaluation(std::string id, std::string code, Status status = Status::draft) {
    Evaluation result;
    result.id = std::move(id);
    result.municipality = *db().find_municipality({"SE", code}).value();
    result.year = 2012;
    result.framework_id = "kommunkompassen-2010";
    result.framework_version = "2010.1";
    result.language = "sv";
    result.status = status;
    result.granularity = Granularity::area;
    return result;
  }

  static Finding finding(int area, FindingKind kind, std::string text, std::vector<GoodExample> examples = {}) {
    Finding result;
    result.area = area;
    result.sub_area = std::to_string(area) + ".1";
    result.kind = kind;
    result.text = std::move(text);
    result.examples = std::move(examples);
    return result;
  }

  long last() { return db().last_change().value(); }

  // The distinct evaluations named by the changes after `sequence`.
  std::set<std::string> changed_since(long sequence) {
    std::set<std::string> ids;
    auto changes = db().changes_since(sequence).value();
    for (const auto& change : changes) {
      ids.insert(change.evaluation_id);
    }
    return ids;
  }

  std::unique_ptr<kompass::testing::TemporaryLocation> m_location;
  std::unique_ptr<store::Store> m_store;
};

TEST_P(ChangeLogTest, EmptyStoreHasNoChanges) {
  EXPECT_EQ(last(), 0);
  EXPECT_TRUE(db().changes_since(0).value().empty());
}

TEST_P(ChangeLogTest, EveryWriteToAnEvaluationIsLogged) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2012", "2281")));
  ASSERT_TRUE(db().insert_evaluation(evaluation("vimmerby-2012", "1860")));
  EXPECT_EQ(changed_since(0), (std::set<std::string>{"sundsvall-2012", "vimmerby-2012"}));

  auto mark = last();
  ASSERT_TRUE(db().add_finding("sundsvall-2012", finding(1, FindingKind::weakness, "Ingen visselblåsarfunktion")));
  EXPECT_EQ(changed_since(mark), std::set<std::string>{"sundsvall-2012"});

  mark = last();
  ASSERT_TRUE(db().put_score("vimmerby-2012", {ScoreTarget::area, "1", "", 40, "Dialog finns.", {}}));
  EXPECT_EQ(changed_since(mark), std::set<std::string>{"vimmerby-2012"});

  mark = last();
  ASSERT_TRUE(db().put_score("vimmerby-2012", {ScoreTarget::area, "1", "", 45, "Mer dialog.", {}}));
  EXPECT_EQ(changed_since(mark), std::set<std::string>{"vimmerby-2012"}) << "an updated score";

  mark = last();
  ASSERT_TRUE(db().set_status("sundsvall-2012", Status::final));
  EXPECT_EQ(changed_since(mark), std::set<std::string>{"sundsvall-2012"});
}

TEST_P(ChangeLogTest, ChangesComeInSequenceOrderAfterTheGivenOne) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2012", "2281")));
  ASSERT_TRUE(db().insert_evaluation(evaluation("vimmerby-2012", "1860")));
  auto all = db().changes_since(0).value();
  ASSERT_GE(all.size(), 2u);
  for (std::size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(all[i - 1].sequence, all[i].sequence);
  }
  EXPECT_EQ(all.back().sequence, last());
  auto later = db().changes_since(all.front().sequence).value();
  EXPECT_EQ(later.size(), all.size() - 1);
  EXPECT_TRUE(db().changes_since(last()).value().empty());
}

TEST_P(ChangeLogTest, AFindingWithExamplesIsLoggedForItsEvaluation) {
  auto stored = evaluation("sundsvall-2012", "2281");
  stored.findings = {
      finding(2, FindingKind::improvement, "Kontaktcenter", {{"Nacka", "SE", "0182", "har kundcenter"}})};
  ASSERT_TRUE(db().insert_evaluation(stored));
  auto changes = db().changes_since(0).value();
  ASSERT_FALSE(changes.empty());
  for (const auto& change : changes) {
    EXPECT_EQ(change.evaluation_id, "sundsvall-2012");
  }
}

TEST_P(ChangeLogTest, PopulationChangeLogsEveryEvaluationOfTheMunicipality) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2012", "2281")));
  auto later = evaluation("sundsvall-2016", "2281");
  later.year = 2016;
  ASSERT_TRUE(db().insert_evaluation(later));
  ASSERT_TRUE(db().insert_evaluation(evaluation("vimmerby-2012", "1860")));

  auto mark = last();
  ASSERT_TRUE(db().upsert_municipality(municipality("2281", "Sundsvall", 98'000)));
  EXPECT_TRUE(changed_since(mark).empty()) << "nothing the index shows changed";

  ASSERT_TRUE(db().upsert_municipality(municipality("2281", "Sundsvall", 101'000)));
  EXPECT_EQ(changed_since(mark), (std::set<std::string>{"sundsvall-2012", "sundsvall-2016"}));

  mark = last();
  ASSERT_TRUE(db().upsert_municipality(municipality("1860", "Vimmerby kommun", 15'000)));
  EXPECT_EQ(changed_since(mark), std::set<std::string>{"vimmerby-2012"});
}

TEST_P(ChangeLogTest, RolledBackWritesLeaveNoChange) {
  auto mark = last();
  ASSERT_TRUE(db().begin(store::Access::write));
  ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2012", "2281")));
  ASSERT_TRUE(db().end(store::Outcome::rollback));
  EXPECT_EQ(last(), mark);
}

TEST_P(ChangeLogTest, ScanVisitsEveryEvaluationInIdOrderWithItsTexts) {
  auto sundsvall = evaluation("sundsvall-2012", "2281", Status::published);
  sundsvall.published_total = 482;
  sundsvall.findings = {
      finding(1, FindingKind::weakness, "Ingen visselblåsarfunktion", {{"Göteborg", "SE", "1480", "har en"}}),
      finding(2, FindingKind::improvement, "Kontaktcenter",
              {{"Nacka", "SE", "0182", "har kundcenter"}, {"Öckerö", "SE", "1407", "har kundcenter"}}),
      finding(3, FindingKind::strength, "Tydlig styrning")};
  sundsvall.scores = {{ScoreTarget::area, "1", "", 44, "Dialog saknas.", {}},
                      {ScoreTarget::area, "1", "Bo Berg", 10, "Egen bedömning.", {}},
                      {ScoreTarget::area, "2", "", 60, "", {}}};
  auto vimmerby = evaluation("vimmerby-2012", "1860");
  vimmerby.language = "en";
  auto another = evaluation("another-2012", "1860");
  another.year = 2013;
  another.findings = {finding(4, FindingKind::strength, "Bra")};
  ASSERT_TRUE(db().insert_evaluation(vimmerby));
  ASSERT_TRUE(db().insert_evaluation(sundsvall));
  ASSERT_TRUE(db().insert_evaluation(another));

  std::vector<EvaluationTexts> seen;
  ASSERT_TRUE(db().scan_evaluation_texts([&](EvaluationTexts& texts) -> Result<void> {
    seen.push_back(texts);
    return {};
  }));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].summary.id, "another-2012");
  EXPECT_EQ(seen[1].summary.id, "sundsvall-2012");
  EXPECT_EQ(seen[2].summary.id, "vimmerby-2012");

  EXPECT_EQ(seen[0].findings.size(), 1u);
  EXPECT_TRUE(seen[0].findings[0].examples.empty());
  EXPECT_TRUE(seen[2].findings.empty());
  EXPECT_EQ(seen[2].language, "en");
  EXPECT_EQ(seen[2].summary.municipality.name, "Vimmerby");

  const auto& texts = seen[1];
  EXPECT_EQ(texts.language, "sv");
  EXPECT_EQ(texts.summary.status, Status::published);
  EXPECT_EQ(texts.summary.granularity, Granularity::area);
  EXPECT_EQ(texts.summary.published_total, 482);
  EXPECT_EQ(texts.summary.municipality.population, 98'000);
  EXPECT_EQ(texts.summary.framework_version, "2010.1");
  ASSERT_EQ(texts.summary.agreed_scores.size(), 2u) << "agreed scores only";
  EXPECT_EQ(texts.summary.agreed_scores[0].points, 44);
  EXPECT_EQ(texts.summary.agreed_scores[0].rationale, "Dialog saknas.");
  ASSERT_EQ(texts.findings.size(), 3u);
  EXPECT_EQ(texts.findings[0].text, "Ingen visselblåsarfunktion");
  EXPECT_NE(texts.findings[0].id, 0);
  EXPECT_EQ(texts.findings[1].examples, (std::vector<GoodExample>{{"Nacka", "SE", "0182", "har kundcenter"},
                                                                  {"Öckerö", "SE", "1407", "har kundcenter"}}));
  EXPECT_EQ(texts.findings[2].kind, FindingKind::strength);
  EXPECT_EQ(texts.findings[2].sub_area, "3.1");
}

TEST_P(ChangeLogTest, ScanStopsAtTheVisitorsError) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2012", "2281")));
  ASSERT_TRUE(db().insert_evaluation(evaluation("vimmerby-2012", "1860")));
  int visits = 0;
  auto scanned = db().scan_evaluation_texts([&](EvaluationTexts&) -> Result<void> {
    ++visits;
    return fail(ErrorKind::internal, "store_failed", {{"reason", "stop"}});
  });
  ASSERT_FALSE(scanned);
  EXPECT_EQ(visits, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeLogTest, kompass::testing::all_backends(),
                         kompass::testing::backend_test_name);

} // namespace
