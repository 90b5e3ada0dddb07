#include <gtest/gtest.h>

#include "web/pages.hpp"

#include <stdexcept>
#include <string>

using namespace kompass;
using model::UiLanguage;

namespace {

const web::Pages& pages() {
  static const web::Pages k_pages = [] {
    auto loaded = web::Pages::load();
    if (!loaded) {
      throw std::runtime_error("templates do not load: " + loaded.error().code);
    }
    return *loaded;
  }();
  return k_pages;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// One area with one sub-area of three questions of max 4.
model::Framework framework() {
  model::Framework f;
  f.id = "blind-test";
  f.version = "1";
  f.languages = {"sv"};
  f.title.texts = {{"sv", "Blindtest"}};
  f.max_points = 12;
  model::Area area;
  area.number = 1;
  area.title.texts = {{"sv", "Område ett"}};
  area.max_points = 12;
  model::SubArea sub;
  sub.id = "1.1";
  sub.title.texts = {{"sv", "Delområde"}};
  sub.max_points = 12;
  for (int q = 1; q <= 3; ++q) {
    model::Question question;
    question.id = "1.1." + std::to_string(q);
    question.text.texts = {{"sv", "Frågan " + question.id + "?"}};
    question.max_points = 4;
    sub.questions.push_back(question);
  }
  area.sub_areas.push_back(sub);
  f.areas.push_back(area);
  return f;
}

web::Frame frame(UiLanguage language = UiLanguage::sv) {
  web::Frame f;
  f.language = language;
  f.path = "/evaluations/testby-2019/reconciliation";
  f.user = "Eva";
  f.csrf_token = "csrf-token-123";
  return f;
}

web::ReconcilePage revealed(bool may_edit) {
  web::ReconcilePage page;
  page.header.id = "testby-2019";
  page.header.municipality = "Testby";
  page.header.year = 2019;
  page.header.may_edit = may_edit;
  page.framework = framework();
  page.scorers = {"eva", "other"};
  web::ReconcileItem first{false, "1.1.3", 4, 3, {{"eva", 4, "Allt <finns>"}, {"other", 1, "Nästan inget"}}, {}};
  web::ReconcileItem second{false, "1.1.1", 4, 1, {{"eva", 2, ""}, {"other", 3, "Delvis"}}, {}};
  second.agreed = model::Score{model::ScoreTarget::question, "1.1.1", "", 2, "Enades efter samtal", {}};
  page.differences = {first, second};
  page.agreeing = 1;
  page.agreeing_pending = 1;
  page.differing_pending = 1;
  scoring::Agreement total{3, 1.0 / 3.0, 4.0 / 3.0, 0.375};
  scoring::Agreement undefined{1, 1.0, 0.0, std::nullopt};
  page.agreement.push_back(web::AgreementFigures{"eva", "other", total, "fair", {{1, undefined}}, {"undefined"}});
  return page;
}

} // namespace

TEST(ReconciliationPage, ListsTheDifferencesInTheirOrderWithEveryScorerSideBySide) {
  const std::string html = pages().reconciliation(frame(), revealed(true));
  EXPECT_EQ(count(html, "<h1"), 1U);
  EXPECT_EQ(html.find("{{"), std::string::npos);
  const auto first = html.find("Fråga 1.1.3: Frågan 1.1.3?");
  const auto second = html.find("Fråga 1.1.1: Frågan 1.1.1?");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second) << "the order given (largest difference first) is kept";
  EXPECT_NE(html.find("<th scope=\"col\">eva</th><th scope=\"col\">other</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>4 av 4</td><td>1 av 4</td>"), std::string::npos);
  EXPECT_NE(html.find("Allt &lt;finns&gt;"), std::string::npos) << "rationales are escaped";
  EXPECT_NE(html.find("(ingen motivering)"), std::string::npos);
  EXPECT_NE(html.find("Skillnad: 3 av 4 poäng."), std::string::npos);
  EXPECT_NE(html.find("Överenskommen poäng: 2 av 4."), std::string::npos);
  EXPECT_NE(html.find("Enades efter samtal"), std::string::npos);
  // One form per difference with a required note, and the button for the questions scored alike.
  EXPECT_EQ(count(html, "action=\"/evaluations/testby-2019/reconciliation\""), 2U);
  EXPECT_EQ(count(html, "name=\"note\" rows=\"2\" required"), 2U);
  EXPECT_NE(html.find("name=\"id\" value=\"1.1.3\""), std::string::npos);
  EXPECT_NE(html.find("action=\"/evaluations/testby-2019/reconciliation/accept\""), std::string::npos);
  EXPECT_NE(html.find("samstämmiga frågorna (1)"), std::string::npos);
  EXPECT_EQ(count(html, "value=\"csrf-token-123\""), 4U) << "every form carries the CSRF token (and logout)";
}

TEST(ReconciliationPage, ShowsTheAgreementWithTheKappaReadingAndUndefinedFigures) {
  const std::string sv = pages().reconciliation(frame(), revealed(true));
  EXPECT_NE(sv.find("Överensstämmelse mellan eva och other"), std::string::npos);
  EXPECT_NE(sv.find("<td class=\"number\">33,3 %</td><td class=\"number\">1,33</td><td class=\"number\">0,38</td>"
                    "<td>svag</td>"),
            std::string::npos);
  EXPECT_NE(sv.find("Område 1: Område ett"), std::string::npos);
  EXPECT_NE(sv.find("<td class=\"number\">ej definierad</td><td>ej definierad</td>"), std::string::npos);
  const std::string en = pages().reconciliation(frame(UiLanguage::en), revealed(true));
  EXPECT_NE(en.find("<td class=\"number\">33.3%</td><td class=\"number\">1.33</td><td class=\"number\">0.38</td>"
                    "<td>fair</td>"),
            std::string::npos);
  EXPECT_NE(en.find("<td>undefined</td>"), std::string::npos);
}

TEST(ReconciliationPage, ReadersGetNoForms) {
  const std::string html = pages().reconciliation(frame(), revealed(false));
  EXPECT_EQ(html.find("<form method=\"post\" action=\"/evaluations/"), std::string::npos);
  EXPECT_NE(html.find("Fråga 1.1.3"), std::string::npos);
}

TEST(ReconciliationPage, ShowsAFailedFormAgainWithTheErrorTiedToItsField) {
  auto page = revealed(true);
  page.form = web::AgreedForm{"1.1.3", "2", ""};
  page.error = web::FieldError{"note", "Ange en kommentar."};
  const std::string html = pages().reconciliation(frame(), page);
  EXPECT_NE(html.find("<a href=\"#agreed-1-1-3-note\">Ange en kommentar.</a>"), std::string::npos);
  EXPECT_NE(html.find("id=\"agreed-1-1-3-note\" name=\"note\" rows=\"2\" required aria-invalid=\"true\" "
                      "aria-describedby=\"agreed-1-1-3-note-error\""),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"field-error\" id=\"agreed-1-1-3-note-error\">Ange en kommentar.</p>"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"agreed-1-1-3-points\" name=\"points\" min=\"0\" max=\"4\" step=\"1\" required "
                      "inputmode=\"numeric\" value=\"2\">"),
            std::string::npos)
      << "the points typed are kept";
  EXPECT_EQ(count(html, "aria-invalid"), 1U) << "only the failed form's field";
}

TEST(ReconciliationPage, WhileScoringIsOpenNamesWhoHasNotFinishedAndShowsNoScores) {
  web::ReconcilePage page;
  page.header.id = "testby-2019";
  page.header.municipality = "Testby";
  page.header.year = 2019;
  page.header.may_edit = true;
  page.framework = framework();
  page.scorers = {"eva", "other"};
  page.pending = {"other"};
  const std::string html = pages().reconciliation(frame(), page);
  EXPECT_NE(html.find("Inte klara: other."), std::string::npos);
  EXPECT_EQ(html.find("Frågor där bedömarna skiljer sig"), std::string::npos);
  EXPECT_EQ(html.find("Överensstämmelse mellan"), std::string::npos);
  EXPECT_EQ(html.find("/reconciliation/accept"), std::string::npos);
}

TEST(DriftPage, ListsEachEvaluatorWithSignedDeviation) {
  web::DriftPage page;
  page.drift.push_back(scoring::Drift{"eva", 4, 1, 0.5, 0.5});
  page.drift.push_back(scoring::Drift{"other", 4, 1, -0.25, 0.75});
  web::Frame f = frame();
  f.admin = true;
  const std::string html = pages().drift(f, page);
  EXPECT_EQ(count(html, "<h1"), 1U);
  EXPECT_NE(html.find("<th scope=\"row\">eva</th><td class=\"number\">1</td><td class=\"number\">4</td>"
                      "<td class=\"number\">+0,50</td><td class=\"number\">0,50</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"number\">\u22120,25</td>"), std::string::npos);
  EXPECT_NE(html.find("href=\"/evaluators/drift\" aria-current=\"page\""), std::string::npos);
  EXPECT_NE(pages().drift(f, web::DriftPage{}).find("Inga bedömare har ännu egna poäng"), std::string::npos);
}

TEST(DriftPage, OnlyAdminsSeeItInTheNavigation) {
  web::Frame f = frame();
  const std::string html = pages().drift(f, web::DriftPage{});
  EXPECT_EQ(html.find("href=\"/evaluators/drift\""), std::string::npos);
}

TEST(BlindLabels, BuiltKeysExistInBothLanguages) {
  for (const char* key : {"heading_reconcile", "notice_agreed_saved", "notice_agreed_accepted", "kappa_level_undefined",
                          "kappa_level_poor", "kappa_level_slight", "kappa_level_fair", "kappa_level_moderate",
                          "kappa_level_substantial", "kappa_level_almost_perfect"}) {
    EXPECT_NE(pages().label(UiLanguage::sv, key), key);
    EXPECT_NE(pages().label(UiLanguage::en, key), key);
  }
}
