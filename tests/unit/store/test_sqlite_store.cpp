#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <unistd.h>

#include "model/messages.hpp"
#include "resources/resources.hpp"
#include "store/migration_files.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"
#include "unit/temporary_directory.hpp"

using namespace kompass;
using namespace kompass::model;
using store::EvaluationFilter;
using store::Outcome;
using store::Store;
using store::StoredFramework;

namespace {

using kompass::testing::Backend;
using kompass::testing::TemporaryDirectory;
using kompass::testing::TemporaryLocation;

// Every test talks to the store only through open_store and the Store interface, and runs on every backend
// (the parameter): a fresh SQLite file or PostgreSQL database each.
class StoreTest : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (!m_location.skip_reason().empty()) {
      GTEST_SKIP() << m_location.skip_reason();
    }
    reopen();
  }

  std::string location() const { return m_location.location(); }

  void reopen() {
    m_store.reset();
    auto opened = store::open_store(location());
    ASSERT_TRUE(opened) << opened.error().code << " "
                        << message(UiLanguage::en, opened.error().code, opened.error().args);
    m_store = std::move(*opened);
  }

  Store& db() { return *m_store; }

  StoredFramework framework(std::string id, std::string version, std::vector<std::string> aliases = {}) {
    return {id, version, "id: " + id + "\nversion: " + version + "\n", "hash-" + id + "-" + version,
            std::move(aliases)};
  }

  Municipality municipality(std::string code, std::string name, std::string country = "SE") {
    Municipality result;
    result.ref = {std::move(country), std::move(code)};
    result.name = std::move(name);
    return result;
  }

  // Stores a framework and a municipality an evaluation can refer to.
  void store_prerequisites() {
    ASSERT_TRUE(db().insert_framework(framework("kommunkompassen-2010", "2010.1", {"kommunekompasset-2010"})));
    ASSERT_TRUE(db().insert_framework(framework("kommunkompassen-2019", "2019.1")));
    auto sundsvall = municipality("2281", "Sundsvall");
    sundsvall.county = "Västernorrlands län";
    sundsvall.population = 98'000;
    sundsvall.key_figures = {{"population", 2011, 96'000, "invånare", "SCB"}, {"tax_rate", 2012, 22.5, "%", "SCB"}};
    ASSERT_TRUE(db().upsert_municipality(sundsvall));
    ASSERT_TRUE(db().upsert_municipality(municipality("1860", "Vimmerby")));
    ASSERT_TRUE(db().upsert_municipality(municipality("1860", "Ålesund", "NO")));
  }

  // An evaluation with every field set: evaluators, dates, earlier results, narratives, all kinds of
  // sources, findings with sources and examples, question and area scores, and one evaluator's own score.
  Evaluation rich_evaluation() {
    Evaluation evaluation;
    evaluation.id = "sundsvall-2012";
    evaluation.municipality = *db().find_municipality({"SE", "2281"}).value();
    evaluation.year = 2012;
    evaluation.framework_id = "kommunkompassen-2010";
    evaluation.framework_version = "2010.1";
    evaluation.language = "sv";
    evaluation.status = Status::final;
    evaluation.granularity = Granularity::question;
    evaluation.published_total = 512;
    evaluation.evaluators = {{"Anna Andersson", "SKR", EvaluatorRole::lead},
                             {"Bo Berg", "Umeå kommun", EvaluatorRole::peer}};
    evaluation.dates = {"2012-03", "2012-04-10", "2012-05-01", "2012"};
    evaluation.earlier = {{2008, "pre-2010"}, {2005, "pre-2010"}};
    evaluation.summary = "Sundsvall har en tydlig styrning.\nMen uppföljningen brister.";
    evaluation.note = "imported from the published report";
    evaluation.source_url = "https://example.org/sundsvall-2012.pdf";
    evaluation.narratives = {{2, "", "Område två."}, {1, "1.2", "Delområde 1.2."}, {1, "", "Område ett."}};
    Source interview;
    interview.key = "s1";
    interview.kind = SourceKind::interview;
    interview.title = "kommunstyrelsens presidium";
    interview.date = "2012-04-10";
    interview.people = 3;
    Source document;
    document.key = "mrp-2012";
    document.kind = SourceKind::document;
    document.title = "Mål och resursplan 2012";
    document.date = "2011-11";
    document.document_kind = "MRP";
    document.file = "mrp-2012.pdf";
    Source website;
    website.key = "web";
    website.kind = SourceKind::website;
    website.title = "sundsvall.se";
    website.date = "2012-03-01";
    website.url = "https://sundsvall.se";
    evaluation.sources = {interview, document, website};
    Finding strength;
    strength.area = 1;
    strength.sub_area = "1.2";
    strength.kind = FindingKind::strength;
    strength.text = "Medborgardialog i budgetprocessen.";
    strength.source_keys = {"web", "s1"};
    strength.examples = {{"Vimmerby", "SE", "1860", "liknande arbete"}, {"Ålesund", "NO", "", "okänd kod"}};
    Finding weakness;
    weakness.area = 3;
    weakness.kind = FindingKind::weakness;
    weakness.text = "Ingen uppföljning av mål.";
    weakness.source_keys = {"mrp-2012"};
    Finding improvement;
    improvement.area = 2;
    improvement.kind = FindingKind::improvement;
    improvement.text = "Tydligare delegation.";
    evaluation.findings = {strength, weakness, improvement};
    evaluation.scores = {
        {ScoreTarget::question, "1.2.3", "", 2, "Dialog finns.", {"s1", "web"}},
        {ScoreTarget::question, "1.2.4", "", 0, "", {}},
        {ScoreTarget::area, "3", "", 41, "Area 3 as published.", {"mrp-2012"}},
        {ScoreTarget::question, "1.2.3", "Bo Berg", 1, "My own view.", {"s1"}},
    };
    return evaluation;
  }

  // A small evaluation of `code` with one agreed and one evaluator score.
  Evaluation small_evaluation(std::string id, std::string code, int year, std::string framework_id, std::string version,
                              Status status) {
    Evaluation evaluation;
    evaluation.id = std::move(id);
    evaluation.municipality.ref = {"SE", std::move(code)};
    evaluation.year = year;
    evaluation.framework_id = std::move(framework_id);
    evaluation.framework_version = std::move(version);
    evaluation.status = status;
    evaluation.granularity = Granularity::total;
    evaluation.scores = {{ScoreTarget::total, "total", "", 400 + year % 100, "", {}},
                         {ScoreTarget::total, "total", "someone", 1, "", {}}};
    return evaluation;
  }

  // Finding ids are assigned by the store; everything else must come back as given.
  static Evaluation without_finding_ids(Evaluation evaluation) {
    for (auto& finding : evaluation.findings) {
      finding.id = 0;
    }
    return evaluation;
  }

  std::vector<std::string> ids_of(const std::vector<EvaluationSummary>& summaries) {
    std::vector<std::string> ids;
    for (const auto& summary : summaries) {
      ids.push_back(summary.id);
    }
    return ids;
  }

  TemporaryLocation m_location{GetParam(), "store-test"};
  std::unique_ptr<Store> m_store;
};

// --- migrations

TEST_P(StoreTest, MigrationsAreAppliedOnceEach) {
  auto embedded = store::embedded_migrations(store::k_sqlite_migrations).value();
  ASSERT_FALSE(embedded.empty());
  auto applied = db().applied_migrations();
  ASSERT_TRUE(applied);
  ASSERT_EQ(applied->size(), embedded.size());
  for (std::size_t i = 0; i < applied->size(); ++i) {
    EXPECT_EQ((*applied)[i].version, static_cast<int>(i + 1));
    EXPECT_FALSE((*applied)[i].applied_at.empty());
  }
  // The schema exists: a round trip through several tables works.
  store_prerequisites();
  ASSERT_TRUE(db().find_framework("kommunkompassen-2010", std::nullopt).value());

  reopen();
  auto again = db().applied_migrations();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *applied);
  EXPECT_TRUE(db().find_framework("kommunkompassen-2010", std::nullopt).value());
  EXPECT_TRUE(db().find_municipality({"SE", "2281"}).value());
}

// --- frameworks

TEST_P(StoreTest, FrameworksAreFoundByIdAliasAndVersion) {
  EXPECT_FALSE(db().find_framework("kommunkompassen-2010", std::nullopt).value());
  ASSERT_TRUE(db().insert_framework(framework("kommunkompassen-2010", "2010.2", {"kommunekompasset-2010", "kk10"})));
  ASSERT_TRUE(db().insert_framework(framework("kommunkompassen-2010", "2010.10", {"kommunekompasset-2010", "kk10"})));
  ASSERT_TRUE(db().insert_framework(framework("kommunkompassen-2010", "2010.1", {"kommunekompasset-2010", "kk10"})));
  ASSERT_TRUE(db().insert_framework(framework("kommunkompassen-2019", "2019.1")));

  auto exact = db().find_framework("kommunkompassen-2010", std::string("2010.2")).value();
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->id, "kommunkompassen-2010");
  EXPECT_EQ(exact->version, "2010.2");
  EXPECT_EQ(exact->source_text, framework("kommunkompassen-2010", "2010.2").source_text);
  EXPECT_EQ(exact->content_hash, "hash-kommunkompassen-2010-2010.2");
  EXPECT_EQ(exact->aliases, (std::vector<std::string>{"kk10", "kommunekompasset-2010"}));

  // Without a version: the highest version, compared part by part as numbers (not the one loaded last).
  auto newest = db().find_framework("kommunkompassen-2010", std::nullopt).value();
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->version, "2010.10");

  auto by_alias = db().find_framework("kommunekompasset-2010", std::string("2010.2")).value();
  ASSERT_TRUE(by_alias);
  EXPECT_EQ(by_alias->id, "kommunkompassen-2010");
  EXPECT_EQ(by_alias->version, "2010.2");
  auto alias_newest = db().find_framework("kk10", std::nullopt).value();
  ASSERT_TRUE(alias_newest);
  EXPECT_EQ(alias_newest->version, "2010.10");

  EXPECT_FALSE(db().find_framework("kommunkompassen-2010", std::string("9.9")).value());
  EXPECT_FALSE(db().find_framework("nothing", std::nullopt).value());

  auto all = db().list_frameworks();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].version, "2010.1");
  EXPECT_EQ((*all)[1].version, "2010.2");
  EXPECT_EQ((*all)[2].version, "2010.10");
  EXPECT_EQ((*all)[3].id, "kommunkompassen-2019");
  EXPECT_EQ((*all)[0].aliases, (std::vector<std::string>{"kk10", "kommunekompasset-2010"}));
  EXPECT_TRUE((*all)[3].aliases.empty());
}

TEST_P(StoreTest, SameFrameworkVersionTwiceAndForeignAliasConflict) {
  ASSERT_TRUE(db().insert_framework(framework("a", "1", {"x"})));
  auto twice = db().insert_framework(framework("a", "1"));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);
  auto foreign = db().insert_framework(framework("b", "1", {"x"}));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().kind, ErrorKind::conflict);
  EXPECT_EQ(foreign.error().code, "framework_alias_taken");
  EXPECT_FALSE(db().find_framework("b", std::nullopt).value()); // nothing of it was stored
}

// --- municipalities

TEST_P(StoreTest, MunicipalityUpsertAndKeyFiguresRoundTrip) {
  auto stockholm = municipality("0180", "Stockholm");
  stockholm.county = "Stockholms län";
  stockholm.population = 975'000;
  stockholm.key_figures = {{"population", 2020, 975'551, "invånare", "SCB"}, {"tax_rate", 2020, 29.82, "%", "SCB"}};
  ASSERT_TRUE(db().upsert_municipality(stockholm));
  EXPECT_EQ(db().find_municipality({"SE", "0180"}).value(), stockholm);
  EXPECT_FALSE(db().find_municipality({"NO", "0180"}).value());

  // Update: new name data, one figure replaced, one added, none removed.
  auto update = municipality("0180", "Stockholms stad");
  update.population = 980'000;
  update.key_figures = {{"population", 2020, 976'000, "invånare", "SCB rev."},
                        {"population", 2021, 978'000, "invånare", "SCB"}};
  ASSERT_TRUE(db().upsert_municipality(update));
  auto stored = db().find_municipality({"SE", "0180"}).value();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->name, "Stockholms stad");
  EXPECT_EQ(stored->county, std::nullopt);
  EXPECT_EQ(stored->population, 980'000);
  EXPECT_EQ(stored->key_figures, (std::vector<KeyFigure>{{"population", 2020, 976'000, "invånare", "SCB rev."},
                                                         {"population", 2021, 978'000, "invånare", "SCB"},
                                                         {"tax_rate", 2020, 29.82, "%", "SCB"}}));

  ASSERT_TRUE(db().upsert_municipality(municipality("0180", "Oslo", "NO")));
  auto all = db().list_municipalities();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  for (const auto& one : *all) {
    EXPECT_TRUE(one.key_figures.empty());
  }
}

// --- evaluations

TEST_P(StoreTest, FullEvaluationRoundTrip) {
  store_prerequisites();
  auto evaluation = rich_evaluation();
  ASSERT_TRUE(db().insert_evaluation(evaluation));
  auto loaded = db().load_evaluation(evaluation.id);
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(*loaded);
  for (const auto& finding : (*loaded)->findings) {
    EXPECT_GT(finding.id, 0);
  }
  EXPECT_NE((*loaded)->findings[0].id, (*loaded)->findings[1].id);
  // Compare parts first for readable failures, then the whole.
  auto got = without_finding_ids(**loaded);
  EXPECT_EQ(got.municipality, evaluation.municipality);
  EXPECT_EQ(got.evaluators, evaluation.evaluators);
  EXPECT_EQ(got.earlier, evaluation.earlier);
  EXPECT_EQ(got.narratives, evaluation.narratives);
  EXPECT_EQ(got.sources, evaluation.sources);
  EXPECT_EQ(got.findings, evaluation.findings);
  EXPECT_EQ(got.scores, evaluation.scores);
  EXPECT_EQ(got, evaluation);

  EXPECT_FALSE(db().load_evaluation("nothing").value());
}

TEST_P(StoreTest, InsertEvaluationRefusesTakenIdAndMissingReferences) {
  store_prerequisites();
  auto evaluation = rich_evaluation();
  ASSERT_TRUE(db().insert_evaluation(evaluation));
  auto twice = db().insert_evaluation(evaluation);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().kind, ErrorKind::conflict);

  auto unknown_key = rich_evaluation();
  unknown_key.id = "other";
  unknown_key.scores.push_back({ScoreTarget::question, "2.1.1", "", 1, "", {"missing"}});
  auto refused = db().insert_evaluation(unknown_key);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(refused.error().code, "unknown_source_key");
  EXPECT_EQ(refused.error().args.at("key"), "missing");
  EXPECT_FALSE(db().evaluation_exists("other").value()); // nothing of it was stored

  auto no_municipality = small_evaluation("x", "9999", 2012, "kommunkompassen-2010", "2010.1", Status::draft);
  EXPECT_EQ(db().insert_evaluation(no_municipality).error().kind, ErrorKind::not_found);
  auto no_framework = small_evaluation("y", "2281", 2012, "kommunkompassen-2010", "7", Status::draft);
  EXPECT_EQ(db().insert_evaluation(no_framework).error().kind, ErrorKind::not_found);
}

TEST_P(StoreTest, ListEvaluationsAppliesEachFilter) {
  store_prerequisites();
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("vimmerby-2012", "1860", 2012, "kommunkompassen-2010", "2010.1", Status::published)));
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("sundsvall-2020", "2281", 2020, "kommunkompassen-2019", "2019.1", Status::draft)));
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("sundsvall-2012", "2281", 2012, "kommunkompassen-2010", "2010.1", Status::final)));
  auto norway = small_evaluation("alesund-2013", "1860", 2013, "kommunkompassen-2010", "2010.1", Status::published);
  norway.municipality.ref.country = "NO";
  ASSERT_TRUE(db().insert_evaluation(norway));

  auto all = db().list_evaluations({});
  ASSERT_TRUE(all);
  // By municipality name (binary order: "Å" sorts after "V"), then year, then id.
  EXPECT_EQ(ids_of(*all),
            (std::vector<std::string>{"sundsvall-2012", "sundsvall-2020", "vimmerby-2012", "alesund-2013"}));
  const auto& first = all->front();
  EXPECT_EQ(first.municipality.name, "Sundsvall");
  EXPECT_EQ(first.municipality.county, "Västernorrlands län");
  EXPECT_TRUE(first.municipality.key_figures.empty());
  EXPECT_EQ(first.framework_version, "2010.1");
  EXPECT_EQ(first.status, Status::final);
  EXPECT_EQ(first.granularity, Granularity::total);
  ASSERT_EQ(first.agreed_scores.size(), 1u); // the evaluator's own score is left out
  EXPECT_EQ(first.agreed_scores[0].evaluator, "");
  EXPECT_EQ(first.agreed_scores[0].points, 412);

  EvaluationFilter by_framework;
  by_framework.framework_id = "kommunkompassen-2019";
  EXPECT_EQ(ids_of(db().list_evaluations(by_framework).value()), (std::vector<std::string>{"sundsvall-2020"}));
  by_framework.framework_id = "kommunekompasset-2010"; // an alias
  EXPECT_EQ(ids_of(db().list_evaluations(by_framework).value()),
            (std::vector<std::string>{"sundsvall-2012", "vimmerby-2012", "alesund-2013"}));

  EvaluationFilter by_country;
  by_country.country = "NO";
  EXPECT_EQ(ids_of(db().list_evaluations(by_country).value()), (std::vector<std::string>{"alesund-2013"}));

  EvaluationFilter by_municipality;
  by_municipality.municipality = MunicipalityRef{"SE", "1860"};
  EXPECT_EQ(ids_of(db().list_evaluations(by_municipality).value()), (std::vector<std::string>{"vimmerby-2012"}));

  EvaluationFilter by_status;
  by_status.statuses = {Status::published};
  EXPECT_EQ(ids_of(db().list_evaluations(by_status).value()),
            (std::vector<std::string>{"vimmerby-2012", "alesund-2013"}));
  by_status.statuses = {Status::draft, Status::final};
  EXPECT_EQ(ids_of(db().list_evaluations(by_status).value()),
            (std::vector<std::string>{"sundsvall-2012", "sundsvall-2020"}));

  EvaluationFilter combined;
  combined.country = "SE";
  combined.statuses = {Status::published, Status::final};
  combined.framework_id = "kommunkompassen-2010";
  EXPECT_EQ(ids_of(db().list_evaluations(combined).value()),
            (std::vector<std::string>{"sundsvall-2012", "vimmerby-2012"}));
}

TEST_P(StoreTest, EvaluationExistsAndFindEvaluations) {
  store_prerequisites();
  EXPECT_FALSE(db().evaluation_exists("sundsvall-2012").value());
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("sundsvall-2012", "2281", 2012, "kommunkompassen-2010", "2010.1", Status::draft)));
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("sundsvall-2012b", "2281", 2012, "kommunkompassen-2010", "2010.1", Status::draft)));
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("sundsvall-2013", "2281", 2013, "kommunkompassen-2010", "2010.1", Status::draft)));
  EXPECT_TRUE(db().evaluation_exists("sundsvall-2012").value());
  EXPECT_EQ(db().find_evaluations({"SE", "2281"}, 2012, "kommunkompassen-2010").value(),
            (std::vector<std::string>{"sundsvall-2012", "sundsvall-2012b"}));
  EXPECT_TRUE(db().find_evaluations({"SE", "2281"}, 2012, "kommunkompassen-2019").value().empty());
  EXPECT_TRUE(db().find_evaluations({"NO", "2281"}, 2012, "kommunkompassen-2010").value().empty());
  EXPECT_TRUE(db().find_evaluations({"SE", "2281"}, 2014, "kommunkompassen-2010").value().empty());
}

TEST_P(StoreTest, SetStatus) {
  store_prerequisites();
  ASSERT_TRUE(
      db().insert_evaluation(small_evaluation("e", "2281", 2012, "kommunkompassen-2010", "2010.1", Status::draft)));
  ASSERT_TRUE(db().set_status("e", Status::published));
  EXPECT_EQ(db().load_evaluation("e").value()->status, Status::published);
  auto missing = db().set_status("nothing", Status::final);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

// --- evidence, findings, scores

TEST_P(StoreTest, AddSourceWithTakenKeyConflicts) {
  store_prerequisites();
  ASSERT_TRUE(db().insert_evaluation(rich_evaluation()));
  Source extra;
  extra.key = "s2";
  extra.kind = SourceKind::interview;
  extra.title = "förvaltningschefer";
  extra.people = 5;
  ASSERT_TRUE(db().add_source("sundsvall-2012", extra));
  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value()->sources.back(), extra);

  extra.title = "another";
  auto taken = db().add_source("sundsvall-2012", extra);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, ErrorKind::conflict);
  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value()->sources.size(), 4u);

  auto no_evaluation = db().add_source("nothing", extra);
  ASSERT_FALSE(no_evaluation);
  EXPECT_EQ(no_evaluation.error().kind, ErrorKind::not_found);
}

TEST_P(StoreTest, AddFindingLinksSourcesAndRefusesUnknownKeys) {
  store_prerequisites();
  ASSERT_TRUE(db().insert_evaluation(rich_evaluation()));
  Finding finding;
  finding.area = 4;
  finding.sub_area = "4.1";
  finding.kind = FindingKind::improvement;
  finding.text = "Mer extern jämförelse.";
  finding.source_keys = {"mrp-2012", "s1"};
  finding.examples = {{"Vimmerby", "SE", "1860", "jämför sig"}};
  auto id = db().add_finding("sundsvall-2012", finding);
  ASSERT_TRUE(id);
  EXPECT_GT(*id, 0);
  auto loaded = db().load_evaluation("sundsvall-2012").value();
  ASSERT_EQ(loaded->findings.size(), 4u);
  finding.id = *id;
  EXPECT_EQ(loaded->findings.back(), finding); // appended after the existing ones

  Finding bad = finding;
  bad.id = 0;
  bad.text = "Should not be stored.";
  bad.source_keys = {"s1", "missing"};
  auto refused = db().add_finding("sundsvall-2012", bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(refused.error().code, "unknown_source_key");
  EXPECT_EQ(refused.error().args.at("key"), "missing");
  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value()->findings.size(), 4u);
}

TEST_P(StoreTest, PutScoreReplaces) {
  store_prerequisites();
  auto evaluation = rich_evaluation();
  ASSERT_TRUE(db().insert_evaluation(evaluation));
  Score replacement{ScoreTarget::question, "1.2.3", "", 1, "Only partly.", {"mrp-2012"}};
  ASSERT_TRUE(db().put_score("sundsvall-2012", replacement));
  Score added{ScoreTarget::area, "4", "", 30, "", {}};
  ASSERT_TRUE(db().put_score("sundsvall-2012", added));

  auto expected = evaluation.scores;
  expected[0] = replacement; // replaced in place, the evaluator's own score untouched
  expected.push_back(added);
  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value()->scores, expected);

  auto unknown = db().put_score("sundsvall-2012", {ScoreTarget::question, "1.2.3", "", 0, "", {"missing"}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_source_key");
  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value()->scores, expected);
}

// --- transactions

TEST_P(StoreTest, RolledBackTransactionLeavesNothing) {
  ASSERT_TRUE(db().begin(store::Access::write));
  ASSERT_TRUE(db().insert_framework(framework("a", "1")));
  ASSERT_TRUE(db().upsert_municipality(municipality("0180", "Stockholm")));
  ASSERT_TRUE(db().end(Outcome::rollback));
  EXPECT_FALSE(db().find_framework("a", std::nullopt).value());
  EXPECT_FALSE(db().find_municipality({"SE", "0180"}).value());

  auto failed = store::in_transaction(db(), [&]() -> Result<void> {
    if (auto stored = db().insert_framework(framework("b", "1")); !stored) {
      return stored;
    }
    return fail(ErrorKind::bad_input, "something_wrong");
  });
  EXPECT_FALSE(failed);
  EXPECT_FALSE(db().find_framework("b", std::nullopt).value());

  auto kept = store::in_transaction(db(), [&]() { return db().insert_framework(framework("c", "1")); });
  EXPECT_TRUE(kept);
  reopen();
  EXPECT_TRUE(db().find_framework("c", std::nullopt).value());
}

TEST_P(StoreTest, TransactionsDoNotNest) {
  ASSERT_TRUE(db().begin(store::Access::write));
  auto nested = db().begin(store::Access::write);
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().kind, ErrorKind::internal);
  ASSERT_TRUE(db().end(Outcome::commit));
  auto unopened = db().end(Outcome::commit);
  ASSERT_FALSE(unopened);
  EXPECT_EQ(unopened.error().kind, ErrorKind::internal);
}

TEST_P(StoreTest, DroppedTransactionIsRolledBack) {
  ASSERT_TRUE(db().begin(store::Access::write));
  ASSERT_TRUE(db().insert_framework(framework("a", "1")));
  reopen(); // the store is destroyed with the transaction open
  EXPECT_FALSE(db().find_framework("a", std::nullopt).value());
}

// A write transaction takes the write lock at begin: a second writer waits until the first ends (and then sees its
// work), while a reader goes on with its snapshot meanwhile.
TEST_P(StoreTest, WritersTakeTurnsWhileReadersGoOn) {
  auto second = store::open_store(location());
  auto reader = store::open_store(location());
  ASSERT_TRUE(second && reader);
  ASSERT_TRUE(db().begin(store::Access::write));
  ASSERT_TRUE(db().insert_framework(framework("a", "1")));
  std::atomic<bool> first_ended{false};
  std::atomic<bool> second_began_after_first{false};
  std::thread writer([&] {
    if ((*second)->begin(store::Access::write)) {
      second_began_after_first = first_ended.load();
      EXPECT_TRUE((*second)->find_framework("a", std::nullopt).value());
      (void)(*second)->end(Outcome::rollback);
    }
  });
  ASSERT_TRUE((*reader)->begin(store::Access::read)); // not blocked by the writer
  EXPECT_FALSE((*reader)->find_framework("a", std::nullopt).value());
  ASSERT_TRUE((*reader)->end(Outcome::commit));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  first_ended = true;
  ASSERT_TRUE(db().end(Outcome::commit));
  writer.join();
  EXPECT_TRUE(second_began_after_first);
}

// --- published averages

TEST_P(StoreTest, PublishedAveragesRoundTrip) {
  PublishedAverage national;
  national.country = "SE";
  national.framework_id = "kommunkompassen-2010";
  national.scope = "national";
  national.as_of = "2014-06";
  national.areas = {52.5, std::nullopt, 48.0, 61.25, std::nullopt};
  national.total = 450.5;
  national.source_url = "https://example.org/skr";
  national.note = "SKR:s snitt";
  PublishedAverage sparse;
  sparse.country = "NO";
  sparse.framework_id = "kommunekompasset-2010";
  auto first = db().insert_published_average(national);
  auto second = db().insert_published_average(sparse);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_NE(*first, *second);
  national.id = *first;
  sparse.id = *second;
  EXPECT_EQ(db().list_published_averages().value(), (std::vector<PublishedAverage>{national, sparse}));
}

// --- locations

// A server that cannot be reached is named by host and database, never with the URL's password; it may be back in
// a moment, so the failure is unavailable (HTTP 503, exit code 3), not the user's input.
TEST(OpenStore, UnreachablePostgresNamesHostAndDatabaseButNotThePassword) {
  for (const char* location :
       {"postgresql://user:secret@127.0.0.1:1/kompass", "postgres://user:secret@127.0.0.1:1/kompass"}) {
    auto opened = store::open_store(location);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().kind, ErrorKind::unavailable);
    EXPECT_EQ(opened.error().code, "store_unreachable");
    EXPECT_EQ(opened.error().args["host"], "127.0.0.1");
    EXPECT_EQ(opened.error().args["database"], "kompass");
    EXPECT_FALSE(opened.error().args["reason"].empty());
    for (const auto& [name, value] : opened.error().args) {
      EXPECT_EQ(value.find("secret"), std::string::npos) << name;
    }
  }
}

// --- municipality groups and listed scores (issue 5)

TEST_P(StoreTest, MunicipalityGroupRoundTripsAndIsListed) {
  store_prerequisites();
  auto sundsvall = db().find_municipality({"SE", "2281"}).value().value();
  EXPECT_EQ(sundsvall.group, std::nullopt);
  sundsvall.group = "B3";
  sundsvall.key_figures.clear();
  ASSERT_TRUE(db().upsert_municipality(sundsvall));
  EXPECT_EQ(db().find_municipality({"SE", "2281"}).value()->group, std::optional<std::string>("B3"));
  ASSERT_TRUE(db().insert_evaluation(
      small_evaluation("sundsvall-2012", "2281", 2012, "kommunkompassen-2010", "2010.1", Status::final)));
  EXPECT_EQ(db().list_evaluations({}).value().front().municipality.group, std::optional<std::string>("B3"));
  auto municipalities = db().list_municipalities().value();
  for (const auto& listed : municipalities) {
    EXPECT_EQ(listed.group, listed.ref.code == "2281" ? std::optional<std::string>("B3") : std::nullopt);
  }
  sundsvall.group.reset();
  ASSERT_TRUE(db().upsert_municipality(sundsvall));
  EXPECT_EQ(db().find_municipality({"SE", "2281"}).value()->group, std::nullopt);
}

// A listing reads its scores with one query, from the whole table when most evaluations are listed and
// through the evaluations otherwise; both must give every agreed score with its source keys, in stored order.
TEST_P(StoreTest, ListedScoresAreTheAgreedOnesWithSourceKeysWhetherFewOrMostAreListed) {
  store_prerequisites();
  auto rich = rich_evaluation();
  ASSERT_TRUE(db().insert_evaluation(rich));
  for (int year : {2014, 2016, 2018}) {
    ASSERT_TRUE(db().insert_evaluation(small_evaluation("vimmerby-" + std::to_string(year), "1860", year,
                                                        "kommunkompassen-2010", "2010.1", Status::published)));
  }
  std::vector<Score> agreed;
  for (const auto& score : rich.scores) {
    if (score.evaluator.empty()) {
      agreed.push_back(score);
    }
  }
  auto most = db().list_evaluations({}).value(); // 4 of 4 listed
  ASSERT_EQ(most.size(), 4u);
  EXPECT_EQ(most.front().id, "sundsvall-2012");
  EXPECT_EQ(most.front().agreed_scores, agreed);
  EXPECT_EQ(most.back().agreed_scores.size(), 1u);
  EvaluationFilter one;
  one.municipality = MunicipalityRef{"SE", "2281"}; // 1 of 4 listed
  auto few = db().list_evaluations(one).value();
  ASSERT_EQ(few.size(), 1u);
  EXPECT_EQ(few.front().agreed_scores, agreed);
}

TEST(OpenStore, FileThatIsNotADatabaseFails) {
  TemporaryDirectory directory;
  auto path = (directory.path() / "not-a-db.txt").string();
  std::ofstream(path) << "This is plain text, long enough to fill SQLite's header of one hundred bytes. "
                         "It goes on and on and on and on and on and on and on.\n";
  auto opened = store::open_store(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind, ErrorKind::bad_input); // the location is the user's --db
  EXPECT_EQ(opened.error().code, "store_open_failed");
  EXPECT_EQ(opened.error().args.at("path"), path);
  EXPECT_FALSE(opened.error().args.at("reason").empty());
}

TEST(OpenStore, MissingDirectoryFails) {
  TemporaryDirectory directory;
  auto opened = store::open_store((directory.path() / "no" / "such" / "kompass.db").string());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, "store_open_failed");
}

TEST(OpenStore, StoreMessagesAreInTheCatalogue) {
  auto swedish = catalogue(UiLanguage::sv);
  for (const char* code :
       {"store_open_failed", "store_connect_failed", "unknown_source_key", "store_constraint", "store_failed",
        "evaluation_not_found", "store_unreachable", "store_unavailable", "store_busy"}) {
    EXPECT_TRUE(swedish.contains(code)) << code;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, kompass::testing::all_backends(), kompass::testing::backend_test_name);

} // namespace
