#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "app/followup.hpp"
#include "app/reevaluation.hpp"
#include "app/reports.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using model::ErrorKind;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

// A fresh store holding the Sundsvall 2012 sample (published, area granularity, 30 sources, 79 findings).
class Reevaluation : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    auto imported = app::import_file(db(), "sundsvall-2012.json", read_bytes(k_samples / "sundsvall-2012.json"));
    ASSERT_TRUE(imported) << describe(imported.error());
  }

  store::Store& db() { return m_temporary.db(); }

  app::NewReevaluation request(int year) {
    app::NewReevaluation result;
    result.from = "sundsvall-2012";
    result.year = year;
    return result;
  }

  std::string create_ok(const app::NewReevaluation& new_evaluation) {
    auto id = app::create_reevaluation(db(), new_evaluation);
    EXPECT_TRUE(id) << (id ? "" : describe(id.error()));
    return id ? *id : std::string{};
  }

  model::Evaluation load(const std::string& id) {
    auto loaded = db().load_evaluation(id);
    EXPECT_TRUE(loaded && *loaded) << id;
    return loaded && *loaded ? **loaded : model::Evaluation{};
  }

  void score_area(const std::string& id, int area, int points) {
    model::Score score;
    score.target = model::ScoreTarget::area;
    score.target_id = std::to_string(area);
    score.points = points;
    auto set = app::set_score(db(), id, score);
    ASSERT_TRUE(set) << describe(set.error());
  }

  long count_evaluations() {
    auto listed = app::list_evaluations(db(), {});
    return listed ? static_cast<long>(listed->size()) : -1;
  }

  testing_support::TemporaryStore m_temporary;
};

} // namespace

TEST_P(Reevaluation, StartsFromTheBaselineWithNothingScored) {
  auto id = create_ok(request(2015));
  ASSERT_EQ(id, "sundsvall-2015");
  auto created = load(id);
  const auto baseline = load("sundsvall-2012");
  EXPECT_EQ(created.baseline_id, "sundsvall-2012");
  EXPECT_EQ(created.status, model::Status::draft);
  EXPECT_EQ(created.municipality.ref, baseline.municipality.ref);
  EXPECT_EQ(created.language, baseline.language);
  EXPECT_EQ(created.framework_id, baseline.framework_id);
  EXPECT_EQ(created.framework_version, baseline.framework_version);
  EXPECT_EQ(created.granularity, model::Granularity::area);
  EXPECT_EQ(created.earlier, baseline.earlier);
  EXPECT_TRUE(created.scores.empty());
  EXPECT_TRUE(created.findings.empty());
  EXPECT_TRUE(created.sources.empty());
  EXPECT_FALSE(created.published_total);
}

TEST_P(Reevaluation, ChosenSourcesAreCopiedWithTheirDates) {
  auto with_two = request(2015);
  with_two.sources.keys = {"d-mrp", "i-ks"};
  auto created = load(create_ok(with_two));
  const auto baseline = load("sundsvall-2012");
  ASSERT_EQ(created.sources.size(), 2U);
  for (const auto& source : created.sources) {
    auto original = std::find_if(baseline.sources.begin(), baseline.sources.end(),
                                 [&](const model::Source& s) { return s.key == source.key; });
    ASSERT_NE(original, baseline.sources.end());
    EXPECT_EQ(source, *original);
  }
  // Later: the rest, all at once; what is there already is skipped.
  auto reusable = app::reusable_sources(db(), created.id);
  ASSERT_TRUE(reusable) << describe(reusable.error());
  EXPECT_EQ(reusable->size(), baseline.sources.size() - 2);
  auto reused = app::reuse_sources(db(), created.id, app::SourceChoice{true, {}});
  ASSERT_TRUE(reused) << describe(reused.error());
  EXPECT_EQ(reused->size(), baseline.sources.size() - 2);
  EXPECT_EQ(load(created.id).sources.size(), baseline.sources.size());
}

TEST_P(Reevaluation, RefusesBadInputStoringNothing) {
  const long before = count_evaluations();
  auto unknown = request(2015);
  unknown.from = "okand-2012";
  auto refused = app::create_reevaluation(db(), unknown);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::not_found);
  EXPECT_EQ(refused.error().field, "from");

  for (int year : {2012, 2010}) {
    refused = app::create_reevaluation(db(), request(year));
    ASSERT_FALSE(refused) << year;
    EXPECT_EQ(refused.error().code, "reevaluation_year");
    EXPECT_EQ(refused.error().field, "year");
  }

  auto other = request(2015);
  other.framework = "no-such-edition";
  refused = app::create_reevaluation(db(), other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "unknown_framework");

  auto missing_source = request(2015);
  missing_source.sources.keys = {"d-mrp", "nope"};
  refused = app::create_reevaluation(db(), missing_source);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "unknown_baseline_source");
  EXPECT_EQ(refused.error().field, "sources");
  EXPECT_EQ(count_evaluations(), before);
}

TEST_P(Reevaluation, ReusingASourceTwiceIsAConflict) {
  auto id = create_ok(request(2015));
  auto first = app::reuse_sources(db(), id, app::SourceChoice{false, {"w-web"}});
  ASSERT_TRUE(first) << describe(first.error());
  auto again = app::reuse_sources(db(), id, app::SourceChoice{false, {"w-web"}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "source_already_reused");
  auto not_a_reevaluation = app::reuse_sources(db(), "sundsvall-2012", app::SourceChoice{true, {}});
  ASSERT_FALSE(not_a_reevaluation);
  EXPECT_EQ(not_a_reevaluation.error().code, "evaluation_not_draft");
}

TEST_P(Reevaluation, AnotherEditionIsNotDirectlyComparable) {
  auto other = request(2017);
  other.framework = "kommunkompassen-2016";
  auto id = create_ok(other);
  score_area(id, 1, 50);
  auto view = app::evaluation_followup(db(), id);
  ASSERT_TRUE(view) << describe(view.error());
  EXPECT_TRUE(view->followup.edition_changed);
  ASSERT_FALSE(view->followup.areas.empty());
  EXPECT_EQ(view->followup.areas[0].previous, 44);
  EXPECT_FALSE(view->followup.areas[0].difference);
}

TEST_P(Reevaluation, FollowupComparesAreasAndFollowsFindings) {
  auto id = create_ok(request(2015));
  score_area(id, 1, 50);
  score_area(id, 2, 55);
  model::Finding strength;
  strength.area = 1;
  strength.sub_area = "1.5";
  strength.kind = model::FindingKind::strength;
  strength.text = "Visselblåsarfunktion införd";
  auto added = app::add_finding(db(), id, strength);
  ASSERT_TRUE(added) << describe(added.error());

  auto view = app::evaluation_followup(db(), id);
  ASSERT_TRUE(view) << describe(view.error());
  const auto& result = view->followup;
  EXPECT_FALSE(result.edition_changed);
  ASSERT_EQ(result.areas.size(), 8U);
  EXPECT_EQ(result.areas[0].difference, 6);  // 44 → 50
  EXPECT_EQ(result.areas[1].difference, -5); // 60 → 55
  EXPECT_FALSE(result.areas[2].difference);  // not assessed yet
  EXPECT_EQ(result.total.previous, 482);
  EXPECT_FALSE(result.total.current);
  // Every baseline weakness and improvement is followed: those in 1.5 are now a strength, the rest of areas 1
  // and 2 (scored) are gone, and those of areas 3–8 (no points, no findings yet) are not assessed yet.
  const auto baseline = load("sundsvall-2012");
  const auto problems = std::count_if(baseline.findings.begin(), baseline.findings.end(),
                                      [](const auto& finding) { return finding.kind != model::FindingKind::strength; });
  EXPECT_EQ(static_cast<long>(result.findings.size()), problems);
  for (const auto& outcome : result.findings) {
    const bool in_place = outcome.finding.area == 1 && outcome.finding.sub_area == "1.5";
    const auto expected = in_place                    ? scoring::FindingFate::now_strength
                          : outcome.finding.area <= 2 ? scoring::FindingFate::gone
                                                      : scoring::FindingFate::not_assessed;
    EXPECT_EQ(outcome.fate, expected) << outcome.finding.text;
  }
  auto json = app::followup_json(*view);
  EXPECT_NE(json.find("\"baseline\""), std::string::npos);

  auto none = app::evaluation_followup(db(), "sundsvall-2012");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "no_baseline");
}

TEST_P(Reevaluation, BaselineTravelsThroughExportAndImport) {
  auto id = create_ok(request(2015));
  auto exported = app::export_evaluation(db(), id, app::ExportFormat::json);
  ASSERT_TRUE(exported) << describe(exported.error());
  EXPECT_NE(exported->find("\"baseline\": \"sundsvall-2012\""), std::string::npos);
  testing_support::TemporaryStore other;
  ASSERT_TRUE(other.ok());
  auto baseline_file =
      app::import_file(other.db(), "sundsvall-2012.json", read_bytes(k_samples / "sundsvall-2012.json"));
  ASSERT_TRUE(baseline_file) << describe(baseline_file.error());
  auto imported = app::import_file(other.db(), "sundsvall-2015.json", *exported);
  ASSERT_TRUE(imported) << describe(imported.error());
  auto loaded = other.db().load_evaluation(id);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->baseline_id, "sundsvall-2012");
}

// A published report reaches the public: its follow-up chapter compares only with a published baseline.
TEST_P(Reevaluation, APublishedReportLeavesOutAnUnpublishedBaseline) {
  auto middle = create_ok(request(2015));
  auto latest_request = request(2018);
  latest_request.from = middle;
  auto latest = create_ok(latest_request);
  auto publish = [&](const std::string& id) {
    for (int area = 1; area <= 8; ++area) {
      score_area(id, area, 50 + area);
    }
    for (auto status : {model::Status::final, model::Status::published}) {
      auto set = app::set_status(db(), id, status);
      ASSERT_TRUE(set) << describe(set.error());
    }
  };
  auto report = [&] {
    // Every field named, as in test_report_golden.cpp (GCC 12 warns otherwise).
    app::ReportRequest report_request{.evaluation_id = latest,
                                      .format = app::ReportFormat::html,
                                      .language = "sv",
                                      .reference = {},
                                      .templates = std::nullopt,
                                      .pdf_standard = app::PdfStandard::pdf_a_3b,
                                      .today = "2018-12-01"};
    auto html = app::report_html(db(), report_request);
    EXPECT_TRUE(html) << (html ? "" : describe(html.error()));
    return html ? *html : std::string{};
  };
  publish(latest);
  EXPECT_EQ(report().find("id=\"uppfoljning\""), std::string::npos) << "the draft baseline " << middle << " was shown";
  publish(middle);
  EXPECT_NE(report().find("id=\"uppfoljning\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, Reevaluation, kompass::testing::all_backends(), kompass::testing::backend_test_name);
