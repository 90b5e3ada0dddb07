#include <gtest/gtest.h>

#include "frameworks/framework_file.hpp"
#include "report/render.hpp"
#include "report/report_view.hpp"
#include "report/templates.hpp"
#include "scoring/followup.hpp"
#include "scoring/scoring.hpp"

namespace {

using namespace kompass;

model::Framework framework_2010() {
  for (const auto& file : frameworks::shipped_frameworks()) {
    if (file.path.ends_with("kommunkompassen-2010.yaml")) {
      return frameworks::parse_framework(file.text).value();
    }
  }
  throw std::runtime_error("kommunkompassen-2010 is not shipped");
}

model::Score area_score(int area, int points) {
  return {model::ScoreTarget::area, std::to_string(area), "", points, "", {}};
}

// An area-level re-evaluation (2015) of a 2012 baseline: area 1 rose 44 → 50, one weakness is now a strength,
// one done action in area 1, one planned.
report::ReportInput followup_input() {
  report::ReportInput input;
  input.framework = framework_2010();
  input.evaluation.id = "sundsvall-2015";
  input.evaluation.municipality.name = "Sundsvall";
  input.evaluation.year = 2015;
  input.evaluation.granularity = model::Granularity::area;
  input.evaluation.baseline_id = "sundsvall-2012";
  input.evaluation.scores = {area_score(1, 50)};
  input.evaluation.findings.push_back({0, 1, "1.5", model::FindingKind::strength, "Visselblåsare finns", {}, {}});
  input.aggregate =
      scoring::aggregate(input.framework, model::Granularity::area, input.evaluation.scores, std::nullopt);
  input.today = "2026-01-01";

  const std::vector<model::Score> before_scores = {area_score(1, 44), area_score(2, 60)};
  const auto before = scoring::aggregate(input.framework, model::Granularity::area, before_scores, std::nullopt);
  const std::vector<model::Finding> before_findings = {
      {1, 1, "1.5", model::FindingKind::weakness, "Ingen visselblåsarfunktion", {}, {}}};
  model::Action done;
  done.id = 1;
  done.area = 1;
  done.title = "Inför en visselblåsarfunktion";
  done.status = model::ActionStatus::done;
  model::Action planned = done;
  planned.id = 2;
  planned.title = "Demokratistrategi";
  planned.status = model::ActionStatus::planned;
  auto result = scoring::followup({input.framework, before, before_findings, 2012},
                                  {input.framework, input.aggregate, input.evaluation.findings, 2015}, {done, planned});
  input.followup = report::FollowupInput{"sundsvall-2012", 2012, "kommunkompassen-2010", std::move(result)};
  return input;
}

report::ReportView view_of(const report::ReportInput& input, report::Language language) {
  const auto templates = report::load_templates(std::nullopt).value();
  return report::make_view(input, language, report::load_labels(templates, language).value());
}

TEST(ReportFollowup, ChapterHasTheAreaTableFatesAndDoneActions) {
  const auto view = view_of(followup_input(), report::Language::sv);
  ASSERT_TRUE(view.followup);
  const auto& chapter = *view.followup;
  EXPECT_TRUE(chapter.note.empty());  // the same edition: directly comparable
  ASSERT_EQ(chapter.rows.size(), 9U); // eight areas and the total
  EXPECT_EQ(chapter.rows[0].previous, "44");
  EXPECT_EQ(chapter.rows[0].current, "50");
  EXPECT_EQ(chapter.rows[0].difference, "+6");
  EXPECT_EQ(chapter.rows[1].current, "ej bedömd");
  EXPECT_EQ(chapter.rows[1].difference, "–");
  EXPECT_TRUE(chapter.rows[8].total);
  ASSERT_EQ(chapter.findings.size(), 1U);
  EXPECT_EQ(chapter.findings[0].fate, "nu en styrka");
  ASSERT_EQ(chapter.actions.size(), 1U); // only the done one
  EXPECT_EQ(chapter.actions[0].change, "44 → 50 (+6)");
}

TEST(ReportFollowup, HtmlHasTheChapterOnlyForAReevaluation) {
  const auto templates = report::load_templates(std::nullopt).value();
  auto input = followup_input();
  auto html = report::render_html(view_of(input, report::Language::nb), templates, report::ChartMode::inline_svg);
  ASSERT_TRUE(html) << html.error().code;
  EXPECT_NE(html->find("id=\"uppfoljning\""), std::string::npos);
  EXPECT_NE(html->find("6 Oppfølging"), std::string::npos);
  EXPECT_NE(html->find("nå en styrke"), std::string::npos);
  input.followup.reset();
  html = report::render_html(view_of(input, report::Language::sv), templates, report::ChartMode::inline_svg);
  ASSERT_TRUE(html) << html.error().code;
  EXPECT_EQ(html->find("uppfoljning"), std::string::npos);
}

TEST(ReportFollowup, AnotherEditionGetsTheNote) {
  auto input = followup_input();
  input.followup->followup.edition_changed = true;
  input.followup->followup.comparison = {};
  input.followup->baseline_edition = "kommunkompassen-2016";
  const auto view = view_of(input, report::Language::en);
  ASSERT_TRUE(view.followup);
  EXPECT_NE(view.followup->note.find("kommunkompassen-2016"), std::string::npos);
}

} // namespace
