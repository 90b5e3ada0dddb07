#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/catalog.hpp"
#include "app/evaluations.hpp"
#include "app/municipalities.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using model::ErrorKind;
using model::Status;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

model::Municipality municipality(std::string country, std::string code, std::string name) {
  model::Municipality result;
  result.ref = {std::move(country), std::move(code)};
  result.name = std::move(name);
  return result;
}

model::Score question_score(std::string question, int points, std::vector<std::string> sources = {}) {
  model::Score score;
  score.target = model::ScoreTarget::question;
  score.target_id = std::move(question);
  score.points = points;
  score.source_keys = std::move(sources);
  return score;
}

// A fresh store with the shipped editions and a few municipalities.
class Evaluations : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    for (const auto& m : {municipality("SE", "1880", "Örebro"), municipality("NO", "5025", "Røros"),
                          municipality("SE", "0114", "Upplands Väsby"), municipality("SE", "2281", "Sundsvall")}) {
      auto added = app::add_municipality(db(), m);
      ASSERT_TRUE(added) << describe(added.error());
    }
  }

  store::Store& db() { return m_temporary.db(); }

  app::NewEvaluation request(std::string country, std::string code, int year,
                             std::string framework = "kommunkompassen-2010") {
    app::NewEvaluation result;
    result.municipality = {std::move(country), std::move(code)};
    result.year = year;
    result.framework = std::move(framework);
    return result;
  }

  std::string create_ok(const app::NewEvaluation& new_evaluation) {
    auto id = app::create_evaluation(db(), new_evaluation);
    EXPECT_TRUE(id) << (id ? "" : describe(id.error()));
    return id ? *id : std::string{};
  }

  // A draft 2010-edition evaluation of Örebro 2020 at question granularity.
  std::string draft() { return create_ok(request("SE", "1880", 2020)); }

  // A draft 2010-edition evaluation of Örebro 2021 at area granularity with every area scored, so it may
  // become final.
  std::string complete_draft() {
    auto new_evaluation = request("SE", "1880", 2021);
    new_evaluation.granularity = model::Granularity::area;
    auto id = create_ok(new_evaluation);
    for (int area = 1; area <= 8; ++area) {
      model::Score score;
      score.target = model::ScoreTarget::area;
      score.target_id = std::to_string(area);
      score.points = 50 + area;
      auto set = app::set_score(db(), id, score);
      EXPECT_TRUE(set) << (set ? "" : describe(set.error()));
    }
    return id;
  }

  model::Evaluation load(const std::string& id) {
    auto loaded = db().load_evaluation(id);
    EXPECT_TRUE(loaded && *loaded) << id;
    return loaded && *loaded ? **loaded : model::Evaluation{};
  }

  testing_support::TemporaryStore m_temporary;
};

} // namespace

TEST_P(Evaluations, IdsAreFoldedNamesWithYear) {
  EXPECT_EQ(create_ok(request("SE", "1880", 2020)), "orebro-2020");
  EXPECT_EQ(create_ok(request("NO", "5025", 2021)), "roros-2021");
  EXPECT_EQ(create_ok(request("SE", "0114", 2019)), "upplands-vasby-2019");
  EXPECT_EQ(create_ok(request("SE", "1880", 2020)), "orebro-2020-2");
  EXPECT_EQ(create_ok(request("SE", "1880", 2020)), "orebro-2020-3");

  auto created = load("upplands-vasby-2019");
  EXPECT_EQ(created.status, Status::draft);
  EXPECT_EQ(created.granularity, model::Granularity::question);
  EXPECT_EQ(created.framework_id, "kommunkompassen-2010");
  EXPECT_EQ(created.framework_version, "2010.1");
  EXPECT_EQ(created.municipality.name, "Upplands Väsby");
}

TEST_P(Evaluations, TakenSampleIdGetsASuffix) {
  auto imported = app::import_file(db(), "sundsvall-2012.json", read_bytes(k_samples / "sundsvall-2012.json"));
  ASSERT_TRUE(imported) << describe(imported.error());
  EXPECT_EQ(create_ok(request("SE", "2281", 2012)), "sundsvall-2012-2");
  auto free = app::free_evaluation_id(db(), "Sundsvall", 2012);
  ASSERT_TRUE(free);
  EXPECT_EQ(*free, "sundsvall-2012-3");
}

TEST_P(Evaluations, AreaLevelEditionDefaultsToAreaGranularity) {
  auto id = create_ok(request("SE", "1880", 2021, "kommunkompassen-2020"));
  EXPECT_EQ(load(id).granularity, model::Granularity::area);
  auto refused = request("SE", "1880", 2021, "kommunkompassen-2020");
  refused.granularity = model::Granularity::question;
  auto result = app::create_evaluation(db(), refused);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "granularity_not_in_framework");
}

TEST_P(Evaluations, UnknownMunicipalityIsNotFound) {
  auto result = app::create_evaluation(db(), request("SE", "9999", 2020));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().code, "unknown_municipality");
  EXPECT_EQ(result.error().args.at("code"), "9999");
  EXPECT_EQ(result.error().args.at("country"), "SE");
}

TEST_P(Evaluations, UnknownFrameworkIsNotFound) {
  auto result = app::create_evaluation(db(), request("SE", "1880", 2020, "kommunkompassen-1999"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().code, "unknown_framework");
  EXPECT_EQ(result.error().args.at("id"), "kommunkompassen-1999");
  auto listed = app::list_evaluations(db(), {});
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_P(Evaluations, QuestionScoreMustBeWithinItsRange) {
  auto id = draft();
  auto framework = app::get_framework(db(), "kommunkompassen-2010");
  ASSERT_TRUE(framework);
  const auto* question = framework->find_question("1.1.1");
  ASSERT_NE(question, nullptr);
  const int max = question->max_points;
  ASSERT_GT(max, 0);

  EXPECT_TRUE(app::set_score(db(), id, question_score("1.1.1", 0)));
  EXPECT_TRUE(app::set_score(db(), id, question_score("1.1.1", max)));
  auto refused = app::set_score(db(), id, question_score("1.1.1", max + 1));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(refused.error().code, "points_out_of_range");
  EXPECT_EQ(refused.error().args.at("target"), "1.1.1");
  EXPECT_EQ(refused.error().args.at("min"), "0");
  EXPECT_EQ(refused.error().args.at("max"), std::to_string(max));
  EXPECT_EQ(refused.error().args.at("points"), std::to_string(max + 1));
  EXPECT_FALSE(app::set_score(db(), id, question_score("1.1.1", -1)));

  // The refused score left the last accepted one in place.
  auto scores = load(id).scores;
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].target_id, "1.1.1");
  EXPECT_EQ(scores[0].points, max);
}

TEST_P(Evaluations, ScoreOnUnknownQuestionIsNotFound) {
  auto id = draft();
  auto result = app::set_score(db(), id, question_score("1.1.99", 1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().code, "unknown_question");
  EXPECT_EQ(result.error().args.at("target"), "1.1.99");
  EXPECT_TRUE(load(id).scores.empty());
}

TEST_P(Evaluations, ScoreWithUnknownSourceKeyIsRefused) {
  auto id = draft();
  model::Source source;
  source.title = "Mål- och resursplan";
  auto key = app::add_source(db(), id, source);
  ASSERT_TRUE(key) << describe(key.error());

  EXPECT_TRUE(app::set_score(db(), id, question_score("1.1.1", 3, {*key})));
  auto result = app::set_score(db(), id, question_score("1.1.2", 3, {*key, "nope"}));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(result.error().code, "unknown_source_key");
  EXPECT_EQ(result.error().args.at("key"), "nope");
  EXPECT_EQ(load(id).scores.size(), 1u);
}

TEST_P(Evaluations, StatusTransitions) {
  auto id = complete_draft();
  auto refused = app::set_status(db(), id, Status::published);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(refused.error().code, "status_transition");
  EXPECT_EQ(refused.error().args.at("from"), "draft");
  EXPECT_EQ(refused.error().args.at("to"), "published");
  EXPECT_EQ(load(id).status, Status::draft);

  EXPECT_TRUE(app::set_status(db(), id, Status::final));
  EXPECT_EQ(load(id).status, Status::final);
  EXPECT_TRUE(app::set_status(db(), id, Status::draft));
  EXPECT_EQ(load(id).status, Status::draft);
  EXPECT_TRUE(app::set_status(db(), id, Status::draft)); // the same status again changes nothing
  EXPECT_TRUE(app::set_status(db(), id, Status::final));
  EXPECT_TRUE(app::set_status(db(), id, Status::published));
  EXPECT_EQ(load(id).status, Status::published);

  for (auto target : {Status::draft, Status::final}) {
    auto back = app::set_status(db(), id, target);
    ASSERT_FALSE(back) << model::to_string(target);
    EXPECT_EQ(back.error().kind, ErrorKind::conflict);
    EXPECT_EQ(back.error().code, "status_transition");
  }
  EXPECT_EQ(load(id).status, Status::published);
}

TEST_P(Evaluations, UnknownEvaluationStatusIsNotFound) {
  auto result = app::set_status(db(), "nowhere-2020", Status::final);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().code, "unknown_evaluation");
}

TEST_P(Evaluations, IncompleteEvaluationCannotBecomeFinal) {
  auto id = draft();
  ASSERT_TRUE(app::set_score(db(), id, question_score("1.1.1", 1)));
  auto refused = app::set_status(db(), id, Status::final);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(refused.error().code, "evaluation_incomplete");
  EXPECT_EQ(refused.error().args.at("count"), "161");
  EXPECT_EQ(refused.error().args.at("first"), "1.1.2");
  EXPECT_EQ(load(id).status, Status::draft);
}

TEST_P(Evaluations, PublishedEvaluationCannotBeEdited) {
  auto id = complete_draft();
  ASSERT_TRUE(app::set_status(db(), id, Status::final));
  ASSERT_TRUE(app::set_status(db(), id, Status::published));
  model::Score score;
  score.target = model::ScoreTarget::area;
  score.target_id = "1";
  score.points = 10;
  auto refused = app::set_score(db(), id, score);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "evaluation_published");
  EXPECT_EQ(load(id).scores.size(), 8u);
}

TEST_P(Evaluations, FinalEvaluationCannotBeEdited) {
  auto id = complete_draft();
  ASSERT_TRUE(app::set_status(db(), id, Status::final));

  auto score = app::set_score(db(), id, question_score("1.1.1", 1));
  ASSERT_FALSE(score);
  EXPECT_EQ(score.error().kind, ErrorKind::conflict);
  EXPECT_EQ(score.error().code, "evaluation_not_draft");

  model::Source source;
  source.title = "Årsredovisning 2019";
  auto added_source = app::add_source(db(), id, source);
  ASSERT_FALSE(added_source);
  EXPECT_EQ(added_source.error().code, "evaluation_not_draft");

  model::Finding finding;
  finding.area = 1;
  finding.text = "Ingen visselblåsarfunktion";
  auto added_finding = app::add_finding(db(), id, finding);
  ASSERT_FALSE(added_finding);
  EXPECT_EQ(added_finding.error().code, "evaluation_not_draft");

  auto stored = load(id);
  EXPECT_EQ(stored.scores.size(), 8u);
  EXPECT_TRUE(stored.sources.empty());
  EXPECT_TRUE(stored.findings.empty());
}

TEST_P(Evaluations, SourceKeysAreGenerated) {
  auto id = draft();
  model::Source interview;
  interview.kind = model::SourceKind::interview;
  interview.title = "Kommunstyrelsens presidium";
  interview.people = 3;
  auto first = app::add_source(db(), id, interview);
  ASSERT_TRUE(first) << describe(first.error());
  EXPECT_EQ(*first, "s1");
  model::Source site;
  site.kind = model::SourceKind::website;
  site.url = "https://orebro.se";
  site.date = "2020-05";
  auto second = app::add_source(db(), id, site);
  ASSERT_TRUE(second) << describe(second.error());
  EXPECT_EQ(*second, "s2");

  auto sources = load(id).sources;
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].key, "s1");
  EXPECT_EQ(sources[0].people, std::optional<int>(3));
  EXPECT_EQ(sources[1].key, "s2");
  EXPECT_EQ(sources[1].url, "https://orebro.se");

  model::Source bad_date;
  bad_date.title = "MRP";
  bad_date.date = "2020-13";
  auto refused = app::add_source(db(), id, bad_date);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "bad_date");
}

TEST_P(Evaluations, FindingSubAreaMustBelongToItsArea) {
  auto id = draft();
  model::Finding finding;
  finding.area = 1;
  finding.sub_area = "2.1";
  finding.kind = model::FindingKind::weakness;
  finding.text = "Webben ger ingen möjlighet att jämföra enheter";
  auto refused = app::add_finding(db(), id, finding);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(refused.error().code, "unknown_subarea");
  EXPECT_EQ(refused.error().args.at("subarea"), "2.1");
  EXPECT_EQ(refused.error().args.at("area"), "1");
  EXPECT_TRUE(load(id).findings.empty());

  finding.area = 2;
  auto added = app::add_finding(db(), id, finding);
  ASSERT_TRUE(added) << describe(added.error());
  auto findings = load(id).findings;
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].id, *added);
  EXPECT_EQ(findings[0].sub_area, "2.1");
}

TEST_P(Evaluations, FindingExampleByCodeGetsTheStoredName) {
  auto id = draft();
  model::Finding finding;
  finding.area = 2;
  finding.kind = model::FindingKind::improvement;
  finding.text = "Bygga ut e-postingången till ett kontaktcenter";
  model::GoodExample by_code;
  by_code.country = "NO";
  by_code.code = "5025";
  by_code.reason = "har kundcenter";
  model::GoodExample by_name;
  by_name.name = "Öckerö";
  by_name.reason = "har kundcenter";
  finding.examples = {by_code, by_name};
  auto added = app::add_finding(db(), id, finding);
  ASSERT_TRUE(added) << describe(added.error());

  auto findings = load(id).findings;
  ASSERT_EQ(findings.size(), 1u);
  ASSERT_EQ(findings[0].examples.size(), 2u);
  EXPECT_EQ(findings[0].examples[0].name, "Røros");
  EXPECT_EQ(findings[0].examples[0].code, "5025");
  EXPECT_EQ(findings[0].examples[0].country, "NO");
  EXPECT_EQ(findings[0].examples[1].name, "Öckerö");
  EXPECT_EQ(findings[0].examples[1].code, "");

  model::GoodExample unknown;
  unknown.code = "9999";
  finding.examples = {unknown};
  auto refused = app::add_finding(db(), id, finding);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "unknown_municipality");
}

TEST_P(Evaluations, SubAreaAssessedButAreaNotUntilAllQuestionsScored) {
  auto id = draft();
  auto framework = app::get_framework(db(), "kommunkompassen-2010");
  ASSERT_TRUE(framework);
  const auto* sub_area = framework->find_sub_area("1.1");
  ASSERT_NE(sub_area, nullptr);
  int expected = 0;
  for (const auto& question : sub_area->questions) {
    int points = question.max_points - 1;
    expected += points;
    auto scored = app::set_score(db(), id, question_score(question.id, points));
    ASSERT_TRUE(scored) << question.id << ": " << describe(scored.error());
  }

  auto view = app::show_evaluation(db(), id);
  ASSERT_TRUE(view) << describe(view.error());
  const auto& aggregate = view->aggregate;
  auto found = std::find_if(aggregate.sub_areas.begin(), aggregate.sub_areas.end(),
                            [](const scoring::NodeScore& node) { return node.id == "1.1"; });
  ASSERT_NE(found, aggregate.sub_areas.end());
  EXPECT_EQ(found->points, std::optional<int>(expected));
  EXPECT_EQ(found->max, sub_area->max_points);
  EXPECT_EQ(found->assessed, static_cast<int>(sub_area->questions.size()));

  auto next = std::find_if(aggregate.sub_areas.begin(), aggregate.sub_areas.end(),
                           [](const scoring::NodeScore& node) { return node.id == "1.2"; });
  ASSERT_NE(next, aggregate.sub_areas.end());
  EXPECT_EQ(next->points, std::nullopt);
  EXPECT_EQ(next->assessed, 0);

  ASSERT_EQ(aggregate.areas.size(), 8u);
  EXPECT_EQ(aggregate.areas[0].id, "1");
  EXPECT_EQ(aggregate.areas[0].points, std::nullopt); // not assessed, never the partial sum or 0
  EXPECT_EQ(aggregate.areas[0].assessed, static_cast<int>(sub_area->questions.size()));
  EXPECT_EQ(aggregate.total.points, std::nullopt);

  auto listed = app::list_evaluations(db(), {});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].total, std::nullopt);
  EXPECT_EQ((*listed)[0].max, 800);
}

INSTANTIATE_TEST_SUITE_P(Backends, Evaluations, kompass::testing::all_backends(), kompass::testing::backend_test_name);
