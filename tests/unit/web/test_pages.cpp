#include <gtest/gtest.h>

#include "resources/assets.hpp"
#include "resources/resources.hpp"
#include "web/pages.hpp"

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

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

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// A small edition: two areas, each with one sub-area of two questions.
model::Framework framework() {
  model::Framework f;
  f.id = "test-edition";
  f.version = "1";
  f.languages = {"sv"};
  f.title.texts = {{"sv", "Testutgåvan"}};
  f.max_points = 20;
  for (int a = 1; a <= 2; ++a) {
    model::Area area;
    area.number = a;
    area.title.texts = {{"sv", "Område nummer " + std::to_string(a)}};
    area.max_points = 10;
    model::SubArea sub;
    sub.id = std::to_string(a) + ".1";
    sub.title.texts = {{"sv", "Delområdet " + sub.id}};
    sub.max_points = 10;
    for (int q = 1; q <= 2; ++q) {
      model::Question question;
      question.id = sub.id + "." + std::to_string(q);
      question.text.texts = {{"sv", "Frågan " + question.id + "?"}};
      question.max_points = 5;
      question.guidance.full = "Allt finns <dokumenterat>";
      sub.questions.push_back(question);
    }
    area.sub_areas.push_back(sub);
    f.areas.push_back(area);
  }
  return f;
}

model::Evaluation evaluation() {
  model::Evaluation e;
  e.id = "testby-2012";
  e.municipality.name = "Testby <b>kommun</b>";
  e.municipality.ref = {"SE", "9999"};
  e.year = 2012;
  e.framework_id = "test-edition";
  e.status = model::Status::draft;
  e.sources.push_back(
      model::Source{"s1", model::SourceKind::document, "Budget \"2012\" & <plan>", "2012", {}, "MRP", "", ""});
  model::Finding finding;
  finding.id = 7;
  finding.area = 1;
  finding.sub_area = "1.1";
  finding.kind = model::FindingKind::weakness;
  finding.text = "<script>alert('x')</script> saknas";
  finding.examples.push_back(model::GoodExample{"Göteborg <i>", "SE", "", "för att <visselblåsning>"});
  e.findings.push_back(finding);
  e.scores.push_back(model::Score{model::ScoreTarget::question, "1.1.1", "", 4, "Motivering <em>", {"s1"}});
  return e;
}

scoring::Aggregate aggregate_of(const model::Evaluation& e, const model::Framework& f) {
  return scoring::aggregate(f, e.granularity, e.scores, e.published_total);
}

web::EvaluationHeader header(bool may_edit) {
  web::EvaluationHeader h;
  h.id = "testby-2012";
  h.municipality = "Testby <b>kommun</b>";
  h.municipality_ref = {"SE", "9999"};
  h.year = 2012;
  h.framework_title = "Testutgåvan";
  h.may_edit = may_edit;
  return h;
}

web::Frame frame(UiLanguage language = UiLanguage::sv, bool signed_in = true) {
  web::Frame f;
  f.language = language;
  f.path = "/evaluations/testby-2012?x=<y>";
  if (signed_in) {
    f.user = "Anna <Berg>";
    f.csrf_token = "csrf-token-123";
  }
  return f;
}

web::ScoringPage scoring_page() {
  web::ScoringPage page;
  page.header = header(true);
  page.evaluation = evaluation();
  page.framework = framework();
  page.aggregate = aggregate_of(page.evaluation, page.framework);
  page.versions = {{"1.1.1", 3}};
  return page;
}

web::EvaluationPage evaluation_page() {
  web::EvaluationPage page;
  page.header = header(true);
  page.evaluation = evaluation();
  page.framework = framework();
  for (const char* id : {"1.1.2", "2.1.1", "2.1.2"}) {
    page.evaluation.scores.push_back(model::Score{model::ScoreTarget::question, id, "", 2, "", {}});
  }
  page.aggregate = aggregate_of(page.evaluation, page.framework);
  page.reference = web::ReferenceFigures{"andra <testkommuner>", 3, {6.5, std::nullopt}, 12.25};
  page.next_statuses = {model::Status::final};
  return page;
}

// Every full page the application renders, by name, in one language.
std::map<std::string, std::string> all_pages(UiLanguage language) {
  const auto& p = pages();
  std::map<std::string, std::string> out;
  out["start"] = p.start(frame(language, false), web::StartPage{{web::ResultItem{"sundsvall-2012", "Sundsvall", 2012,
                                                                                 model::Status::published, 482, 800}}});
  out["municipalities"] = p.municipalities(
      frame(language), web::MunicipalitiesPage{"sund", {web::MunicipalityItem{{"SE", "2281"}, "Sundsvall", "Y"}}});
  web::MunicipalityPage municipality;
  municipality.municipality.name = "Sundsvall";
  municipality.municipality.ref = {"SE", "2281"};
  municipality.municipality.population = 98000;
  municipality.entries.push_back(web::TrendItem{"", 2006, "pre-2010", std::nullopt, std::nullopt, 0, {}, {}});
  municipality.entries.push_back(
      web::TrendItem{"sundsvall-2012", 2012, "kommunkompassen-2010", model::Status::published, 482, 800,
                     scoring::EditionComparison{scoring::Comparability::interval, 562, 582}, std::nullopt});
  out["municipality"] = p.municipality(frame(language), municipality);
  out["evaluation"] = p.evaluation(frame(language), evaluation_page());
  out["report"] = p.report(frame(language), web::ReportPage{header(false)});
  out["scoring"] = p.scoring(frame(language), scoring_page());
  web::ConflictPage conflict;
  conflict.header = header(true);
  conflict.framework = framework();
  conflict.sources = evaluation().sources;
  conflict.stored = model::Score{model::ScoreTarget::question, "1.1.1", "", 4, "Lagrad <motivering>", {"s1"}};
  conflict.stored_version = 4;
  conflict.submitted = web::SubmittedScore{"1.1.1", "2", "Min <motivering>", {}, 3};
  out["conflict"] = p.conflict(frame(language), conflict);
  web::FindingsPage findings;
  findings.header = header(true);
  findings.evaluation = evaluation();
  findings.framework = framework();
  out["findings"] = p.findings(frame(language), findings);
  web::SourcesPage sources;
  sources.header = header(true);
  sources.sources = evaluation().sources;
  out["sources"] = p.sources(frame(language), sources);
  web::AuditPage audit;
  audit.header = header(false);
  audit.entries.push_back(
      model::AuditEntry{1, "testby-2012", "2026-11-28T10:00:00Z", "anna", "score", "question/1.1.1", "3", "<4>"});
  out["audit"] = p.audit(frame(language), audit);
  web::ComparePage compare;
  compare.evaluations.push_back(web::ResultItem{"testby-2012", "Testby", 2012, model::Status::final, 12, 20});
  compare.evaluation = "testby-2012";
  web::CompareResult result;
  result.evaluation_id = "testby-2012";
  result.municipality = "Testby";
  result.year = 2012;
  result.reference_description = "alla andra";
  result.reference_count = 2;
  result.members = {"Örebro 2012"};
  result.rows.push_back(web::CompareRow{"1", "Område 1", 6, 10, 5.5, 2, 0.5});
  result.rows.push_back(web::CompareRow{"total", "", 12, 20, 11.0, 2, 1.0});
  compare.result = result;
  out["compare"] = p.compare(frame(language), compare);
  web::RankingsPage rankings;
  rankings.editions = {{"kommunkompassen-2010", "Kommunkompassen 2010"}};
  rankings.edition = "kommunkompassen-2010";
  rankings.area_count = 8;
  rankings.framework_title = "Kommunkompassen 2010";
  rankings.max = 800;
  rankings.published = 2;
  rankings.rows.push_back(web::RankItem{1, "sundsvall-2012", "Sundsvall", 2012, 482});
  rankings.distributions.push_back(web::DistributionItem{std::nullopt, "", 800, scoring::distribute({482, 400})});
  out["rankings"] = p.rankings(frame(language, false), rankings);
  out["login"] = p.login(frame(language, false), web::LoginPage{"anna", "token", "/", std::nullopt});
  out["accessibility"] = p.accessibility(frame(language, false));
  out["error"] = p.error(frame(language, false), web::ErrorPage{404, "Utvärderingen <x> finns inte"});
  return out;
}

} // namespace

TEST(WebPages, BuiltInTemplatesLoad) { EXPECT_TRUE(web::Pages::load().has_value()); }

TEST(WebPages, EveryLabelUsedByTemplatesAndCodeExistsInBothLanguages) {
  std::set<std::string> keys;
  const std::regex template_label(R"(label\.([a-z0-9_A-Z]+))");
  for (const auto& entry : resources::under("templates/web/")) {
    std::string text(entry.bytes);
    for (std::sregex_iterator it(text.begin(), text.end(), template_label), end; it != end; ++it) {
      keys.insert((*it)[1]);
    }
  }
  // Literal keys passed to the label lookup in the page code.
  const std::regex code_label(R"(text\((?:frame\.)?language,\s*\"([a-z0-9_A-Z]+)\"\s*[,)])");
  for (const auto& file : std::filesystem::directory_iterator(std::filesystem::path(KOMPASS_SOURCE_DIR) / "src/web")) {
    std::string text = read_file(file.path());
    for (std::sregex_iterator it(text.begin(), text.end(), code_label), end; it != end; ++it) {
      keys.insert((*it)[1]);
    }
  }
  // Keys the code builds from a prefix and a value.
  for (const char* key : {"heading_overview",
                          "heading_report",
                          "heading_scoring",
                          "heading_findings",
                          "heading_sources",
                          "heading_audit",
                          "tab_overview",
                          "tab_report",
                          "tab_scoring",
                          "tab_findings",
                          "tab_sources",
                          "tab_audit",
                          "status_draft",
                          "status_final",
                          "status_published",
                          "status_to_draft",
                          "status_to_final",
                          "status_to_published",
                          "download_pdf",
                          "download_docx",
                          "download_xlsx",
                          "download_html",
                          "source_kind_interview",
                          "source_kind_document",
                          "source_kind_website",
                          "kind_strength",
                          "kind_improvement",
                          "kind_weakness",
                          "kinds_strength",
                          "kinds_improvement",
                          "kinds_weakness",
                          "country_SE",
                          "country_NO",
                          "country_DK",
                          "country_FI",
                          "error_heading_400",
                          "error_heading_500",
                          "notice_saved",
                          "notice_score_saved",
                          "notice_finding_added",
                          "notice_finding_saved",
                          "notice_source_added",
                          "notice_status_changed",
                          "notice_signed_in",
                          "notice_signed_out",
                          "completeness_areas",
                          "municipalities_count",
                          "municipalities_none",
                          "chart_profile_description",
                          "chart_profile_description_alone",
                          "finding_add_heading",
                          "finding_save",
                          "finding_add",
                          "error_points_number"}) {
    keys.insert(key);
  }
  ASSERT_GT(keys.size(), 100U);
  for (const auto& key : keys) {
    EXPECT_NE(pages().label(UiLanguage::sv, key), key) << "no Swedish label " << key;
    EXPECT_NE(pages().label(UiLanguage::en, key), key) << "no English label " << key;
  }
}

TEST(WebPages, LabelCatalogueHasThreeFieldsOnEveryLine) {
  auto labels = resources::find("templates/web/labels.tsv");
  ASSERT_TRUE(labels);
  std::istringstream lines{std::string(*labels)};
  std::string line;
  std::set<std::string> seen;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (number == 1 || line.empty() || line.front() == '#') {
      continue;
    }
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 2) << "labels.tsv:" << number;
    EXPECT_TRUE(seen.insert(line.substr(0, line.find('\t'))).second) << "duplicate key at labels.tsv:" << number;
  }
}

TEST(WebPages, LayoutHasLanguageSkipLinkMainLandmarkAndAssets) {
  for (auto language : {UiLanguage::sv, UiLanguage::en}) {
    const bool sv = language == UiLanguage::sv;
    for (const auto& [name, html] : all_pages(language)) {
      SCOPED_TRACE(name);
      EXPECT_NE(html.find(sv ? "<html lang=\"sv\">" : "<html lang=\"en\">"), std::string::npos);
      EXPECT_NE(html.find(sv ? "Hoppa till huvudinnehåll" : "Skip to main content"), std::string::npos);
      EXPECT_NE(html.find("<a class=\"skip-link\" href=\"#main\">"), std::string::npos);
      EXPECT_EQ(count(html, "<main id=\"main\""), 1U);
      EXPECT_EQ(count(html, "<h1"), 1U) << "one heading of level 1 per page";
      EXPECT_NE(html.find("href=\"/tillganglighet\""), std::string::npos);
      EXPECT_NE(html.find("<link rel=\"stylesheet\" href=\"" + resources::asset_url("static/kompass.css") + "\">"),
                std::string::npos);
      EXPECT_NE(html.find("<script src=\"" + resources::asset_url("static/vendor/htmx.min.js") + "\" defer>"),
                std::string::npos);
      EXPECT_NE(html.find(sv ? "href=\"/lang/en?back=" : "href=\"/lang/sv?back="), std::string::npos);
      EXPECT_EQ(html.find("{{"), std::string::npos) << "an unrendered tag";
    }
  }
}

TEST(WebPages, IdsAreUniqueAndEveryReferencedIdExists) {
  const std::regex id_attribute(R"re(\sid="([^"]+)")re");
  const std::regex reference(R"re((?:aria-describedby|aria-labelledby|for)="([^"]+)")re");
  for (const auto& [name, html] : all_pages(UiLanguage::sv)) {
    SCOPED_TRACE(name);
    std::set<std::string> ids;
    for (std::sregex_iterator it(html.begin(), html.end(), id_attribute), end; it != end; ++it) {
      EXPECT_TRUE(ids.insert((*it)[1]).second) << "duplicate id " << (*it)[1];
    }
    for (std::sregex_iterator it(html.begin(), html.end(), reference), end; it != end; ++it) {
      std::istringstream parts((*it)[1]);
      std::string part;
      while (parts >> part) {
        EXPECT_TRUE(ids.contains(part)) << "reference to a missing id " << part;
      }
    }
  }
}

TEST(WebPages, TablesHeadCellsHaveScope) {
  for (const auto& [name, html] : all_pages(UiLanguage::sv)) {
    SCOPED_TRACE(name);
    EXPECT_EQ(count(html, "<th>"), 0U);
    EXPECT_EQ(count(html, "<th "), count(html, "<th scope=")) << "every <th> has a scope";
  }
}

TEST(WebPages, UserTextIsEscapedEverywhere) {
  for (const auto& [name, html] : all_pages(UiLanguage::sv)) {
    SCOPED_TRACE(name);
    EXPECT_EQ(html.find("<script>alert"), std::string::npos);
    EXPECT_EQ(html.find("<b>kommun"), std::string::npos);
    EXPECT_EQ(html.find("<Berg>"), std::string::npos);
    EXPECT_EQ(html.find("<x>"), std::string::npos);
    EXPECT_EQ(html.find("<y>"), std::string::npos);
    EXPECT_EQ(html.find("<plan>"), std::string::npos);
    EXPECT_EQ(html.find("<motivering>"), std::string::npos);
    EXPECT_EQ(html.find("<testkommuner>"), std::string::npos);
    EXPECT_EQ(html.find("<dokumenterat>"), std::string::npos);
  }
  const auto findings = all_pages(UiLanguage::sv).at("findings");
  EXPECT_NE(findings.find("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; saknas"), std::string::npos);
  EXPECT_NE(findings.find("Göteborg &lt;i&gt; (för att &lt;visselblåsning&gt;)"), std::string::npos);
}

TEST(WebPages, EvaluationOverviewShowsTotalsCardsChartAndDownloads) {
  const auto html = pages().evaluation(frame(), evaluation_page());
  EXPECT_NE(html.find("<span class=\"total-value\">10</span> <span class=\"total-max\">av 20 poäng</span>"),
            std::string::npos);
  EXPECT_NE(html.find("4 av 4 frågor bedömda"), std::string::npos);
  EXPECT_NE(html.find("Referensgruppens medelvärde: 12,3 poäng (n=3)"), std::string::npos);
  EXPECT_EQ(count(html, "class=\"area-card\""), 2U);
  EXPECT_NE(html.find("Referens: 6,5"), std::string::npos);
  EXPECT_NE(html.find("<title id=\"profil-title\">"), std::string::npos);
  EXPECT_NE(html.find("<desc id=\"profil-desc\">"), std::string::npos);
  for (const char* format : {"pdf", "docx", "xlsx", "html"}) {
    EXPECT_NE(html.find("href=\"/evaluations/testby-2012/report." + std::string(format) + "\""), std::string::npos);
  }
  EXPECT_NE(html.find("action=\"/evaluations/testby-2012/status\""), std::string::npos);
  EXPECT_NE(html.find("name=\"_csrf\" value=\"csrf-token-123\""), std::string::npos);
}

TEST(WebPages, EveryStateChangingFormCarriesTheCsrfToken) {
  const std::regex post_form(R"re(<form method="post"[^>]*>([\s\S]*?)</form>)re");
  for (const auto& [name, html] : all_pages(UiLanguage::sv)) {
    SCOPED_TRACE(name);
    for (std::sregex_iterator it(html.begin(), html.end(), post_form), end; it != end; ++it) {
      EXPECT_NE(std::string((*it)[1]).find("name=\"_csrf\""), std::string::npos) << (*it)[0];
    }
  }
}

TEST(WebPages, ScoringQuestionsHaveRangeVersionGuidanceAndNextLinks) {
  const auto html = pages().scoring(frame(), scoring_page());
  EXPECT_NE(html.find("id=\"q-1-1-1\""), std::string::npos);
  EXPECT_NE(html.find("name=\"points\" min=\"0\" max=\"5\" step=\"1\" required"), std::string::npos);
  EXPECT_NE(html.find("name=\"version\" value=\"3\""), std::string::npos);
  EXPECT_NE(html.find("name=\"version\" value=\"0\""), std::string::npos);
  EXPECT_NE(html.find("Allt finns &lt;dokumenterat&gt;"), std::string::npos);
  EXPECT_NE(html.find("href=\"#q-1-1-2\""), std::string::npos);
  EXPECT_NE(html.find("hx-post=\"/evaluations/testby-2012/scores/question/1.1.1\""), std::string::npos);
  EXPECT_NE(html.find("value=\"s1\" checked"), std::string::npos);
  EXPECT_NE(html.find("1 av 4 frågor bedömda"), std::string::npos);
}

TEST(WebPages, ScoreErrorIsTiedToItsField) {
  auto page = scoring_page();
  page.submitted = web::SubmittedScore{"1.1.2", "9", "för mycket", {}, 0};
  page.error = web::FieldError{"points", "Poängen 9 ligger utanför 0–5"};
  const auto html = pages().scoring(frame(), page);
  EXPECT_NE(
      html.find("id=\"points-1-1-2\" name=\"points\" min=\"0\" max=\"5\" step=\"1\" required inputmode=\"numeric\" "
                "value=\"9\" aria-invalid=\"true\" aria-describedby=\"points-1-1-2-error\""),
      std::string::npos);
  EXPECT_NE(html.find("<p class=\"field-error\" id=\"points-1-1-2-error\">Poängen 9 ligger utanför 0–5</p>"),
            std::string::npos);
}

TEST(WebPages, QuestionFragmentSwapsTheQuestionAndUpdatesCompleteness) {
  web::QuestionFragment fragment{scoring_page(), "1.1.1", true};
  const auto html = pages().question(frame(), fragment);
  EXPECT_TRUE(html.starts_with("<article class=\"question saved\" id=\"q-1-1-1\"")) << html.substr(0, 80);
  EXPECT_NE(html.find("<aside id=\"completeness\" class=\"completeness\" aria-labelledby=\"completeness-heading\" "
                      "hx-swap-oob=\"true\">"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"area-1-score\" class=\"heading-score\" hx-swap-oob=\"true\""), std::string::npos);
  EXPECT_NE(html.find("role=\"status\""), std::string::npos);
  EXPECT_EQ(html.find("<html"), std::string::npos);
}

TEST(WebPages, ConflictShowsBothValuesAndResubmitsWithTheStoredVersion) {
  const auto html = all_pages(UiLanguage::sv).at("conflict");
  EXPECT_NE(html.find("Sparat värde (version 4)"), std::string::npos);
  EXPECT_NE(html.find("Lagrad &lt;motivering&gt;"), std::string::npos);
  EXPECT_NE(html.find("Min &lt;motivering&gt;"), std::string::npos);
  EXPECT_NE(html.find("name=\"version\" value=\"4\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/evaluations/testby-2012/scoring#q-1-1-1\""), std::string::npos);
}

TEST(WebPages, FormErrorsAreSummarisedAndTiedToFields) {
  web::SourcesPage sources;
  sources.header = header(true);
  sources.form = web::SourceForm{"document", "", "2012-13", "", "", ""};
  sources.error = web::FieldError{"date", "datumet 2012-13 ska skrivas ÅÅÅÅ"};
  auto html = pages().sources(frame(), sources);
  EXPECT_NE(html.find("aria-describedby=\"source-date-hint source-date-error\" aria-invalid=\"true\""),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"#source-date\">datumet 2012-13 ska skrivas ÅÅÅÅ</a>"), std::string::npos);

  web::FindingsPage findings;
  findings.header = header(true);
  findings.evaluation = evaluation();
  findings.framework = framework();
  findings.form = web::FindingForm{7, "1", "1.1", "weakness", "", {}, ""};
  findings.error = web::FieldError{"text", "Fältet text saknas"};
  html = pages().findings(frame(), findings);
  EXPECT_NE(html.find("Ändra iakttagelse 7"), std::string::npos);
  EXPECT_NE(html.find("action=\"/evaluations/testby-2012/findings/7\""), std::string::npos);
  EXPECT_NE(html.find("aria-invalid=\"true\" aria-describedby=\"finding-text-error\""), std::string::npos);
  EXPECT_NE(html.find("<option value=\"1.1\" selected>"), std::string::npos);
  EXPECT_NE(html.find("value=\"weakness\" required checked"), std::string::npos);

  web::LoginPage login{"anna", "token", "/", web::FieldError{"username", "Fel användarnamn eller lösenord."}};
  html = pages().login(frame(UiLanguage::sv, false), login);
  EXPECT_NE(html.find("name=\"_login_csrf\" value=\"token\""), std::string::npos);
  EXPECT_EQ(count(html, "aria-describedby=\"login-error\""), 2U);
  EXPECT_NE(html.find("id=\"login-error\">Fel användarnamn eller lösenord.</p>"), std::string::npos);
}

TEST(WebPages, ReadersGetNoForms) {
  auto page = scoring_page();
  page.header.may_edit = false;
  EXPECT_EQ(pages().scoring(frame(), page).find("<form method=\"post\" action=\"/evaluations"), std::string::npos);
  auto overview = evaluation_page();
  overview.header.may_edit = false;
  overview.next_statuses.clear();
  const auto html = pages().evaluation(frame(UiLanguage::sv, false), overview);
  EXPECT_EQ(html.find("/status\""), std::string::npos);
  EXPECT_EQ(html.find("/scoring\""), std::string::npos) << "the scoring tab is for editors";
}

TEST(WebPages, EnglishPagesSpeakEnglish) {
  const auto html = pages().evaluation(frame(UiLanguage::en), evaluation_page());
  EXPECT_NE(html.find("of 20 points"), std::string::npos);
  EXPECT_NE(html.find("Reference group mean: 12.3 points (n=3)"), std::string::npos);
  EXPECT_NE(html.find(">På svenska</a>"), std::string::npos);
  EXPECT_NE(html.find("lang=\"sv\" hreflang=\"sv\""), std::string::npos);
}

TEST(WebPages, ErrorPageNamesTheStatus) {
  const auto html = all_pages(UiLanguage::sv).at("error");
  EXPECT_NE(html.find("<h1>Sidan finns inte</h1>"), std::string::npos);
  EXPECT_NE(html.find("Utvärderingen &lt;x&gt; finns inte"), std::string::npos);
  EXPECT_NE(html.find("Felkod: 404"), std::string::npos);
}

TEST(WebPages, DecimalsUseTheLanguagesSign) {
  EXPECT_EQ(web::decimal(UiLanguage::sv, 61.04), "61,0");
  EXPECT_EQ(web::decimal(UiLanguage::en, 61.05), "61.1");
  EXPECT_EQ(web::decimal(UiLanguage::sv, -2.5), "\u22122,5");
  EXPECT_EQ(web::decimal(UiLanguage::en, -0.01), "0.0");
}

TEST(WebPages, AuditCsvQuotesAndDisarmsFormulas) {
  std::vector<model::AuditEntry> entries = {
      {1, "x", "2026-11-28T10:00:00Z", "anna", "finding", "7", "", "=HYPERLINK(\"a\")"}};
  EXPECT_EQ(web::audit_csv(entries),
            "at,actor,entity,key,old,new\r\n"
            "\"2026-11-28T10:00:00Z\",\"anna\",\"finding\",\"7\",\"\",\"'=HYPERLINK(\"\"a\"\")\"\r\n");
}

TEST(WebPages, UrlEncodingKeepsPathsReadable) {
  EXPECT_EQ(web::url_encode("/evaluations/a b?x=å"), "/evaluations/a%20b%3Fx%3D%C3%A5");
}

TEST(WebPages, OverrideFolderReplacesATemplate) {
  const auto folder = std::filesystem::temp_directory_path() / ("kompass-web-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  {
    std::ofstream out(folder / "error.html.mustache");
    out << "<h1>Eget fel</h1><p>{{message}}</p>\n";
  }
  auto loaded = web::Pages::load(folder.string());
  std::filesystem::remove_all(folder);
  ASSERT_TRUE(loaded) << loaded.error().code;
  EXPECT_NE(loaded->error(frame(), web::ErrorPage{404, "x"}).find("<h1>Eget fel</h1><p>x</p>"), std::string::npos);
  EXPECT_FALSE(web::Pages::load("/nonexistent/folder/for/kompass"));
}

TEST(WebPages, StyleSheetShowsFocusAndTheSkipLink) {
  auto css = resources::find("static/kompass.css");
  ASSERT_TRUE(css);
  const std::string text(*css);
  EXPECT_NE(text.find(":focus-visible {\n  outline: 3px solid"), std::string::npos);
  EXPECT_NE(text.find(".skip-link:focus {\n  top: 0.5rem;"), std::string::npos);
  EXPECT_NE(text.find("@media print"), std::string::npos);
}
