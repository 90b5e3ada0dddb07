#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "frameworks/framework_file.hpp"
#include "report/render.hpp"
#include "report/report_view.hpp"
#include "report/templates.hpp"
#include "scoring/scoring.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass;
using report::Language;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) {
    parts.push_back(part);
  }
  return parts;
}

const report::TemplateSet& builtin() {
  static const report::TemplateSet k_set = report::load_templates(std::nullopt).value();
  return k_set;
}

model::Framework framework_2010() {
  for (const auto& file : frameworks::shipped_frameworks()) {
    if (file.path.ends_with("kommunkompassen-2010.yaml")) {
      return frameworks::parse_framework(file.text).value();
    }
  }
  throw std::runtime_error("kommunkompassen-2010 is not shipped");
}

// A question-level evaluation of the 2010 edition with only the first two questions scored.
report::ReportInput partly_scored_input() {
  report::ReportInput input;
  input.framework = framework_2010();
  auto& evaluation = input.evaluation;
  evaluation.id = "test-2024";
  evaluation.municipality.name = "Hammarö";
  evaluation.year = 2024;
  evaluation.granularity = model::Granularity::question;
  const auto& sub_area = input.framework.areas[0].sub_areas[0];
  for (std::size_t i = 0; i < 2 && i < sub_area.questions.size(); ++i) {
    evaluation.scores.push_back({model::ScoreTarget::question, sub_area.questions[i].id, "", 1, "skäl", {}});
  }
  evaluation.municipality.key_figures.push_back({"population", 2023, 16000, "invånare", "SCB"});
  input.aggregate = scoring::aggregate(input.framework, evaluation.granularity, evaluation.scores, std::nullopt);
  input.today = "2026-01-01";
  return input;
}

TEST(ReportNumbers, FormattedAsTheFixtureSays) {
  auto lines = split(read(fs::path(KOMPASS_TEST_DATA) / "report" / "numbers.tsv"), '\n');
  int checked = 0;
  for (const auto& line : lines) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    auto fields = split(line, '\t');
    ASSERT_EQ(fields.size(), 4u) << line;
    auto expected = std::regex_replace(fields[3], std::regex("_"), "\u00a0");
    EXPECT_EQ(report::format_number(std::stod(fields[0]), std::stoi(fields[1]), *report::parse_language(fields[2])),
              expected)
        << line;
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

TEST(ReportView, UnscoredQuestionsAndAreasSayNotAssessedNeverZero) {
  auto input = partly_scored_input();
  auto labels = report::load_labels(builtin(), Language::sv).value();
  auto view = report::make_view(input, Language::sv, labels);
  ASSERT_TRUE(view.question_level);
  ASSERT_EQ(view.areas.size(), 8u);
  EXPECT_FALSE(view.total.points);
  EXPECT_EQ(view.total.text, "ej bedömd");
  EXPECT_EQ(view.areas[0].score.text, "ej bedömd");
  const auto& questions = view.areas[0].sub_areas[0].questions;
  ASSERT_GT(questions.size(), 2u);
  EXPECT_EQ(questions[0].score.text, "1");
  EXPECT_EQ(questions[0].rationale, "skäl");
  EXPECT_EQ(questions[2].score.text, "ej bedömd");
  int not_assessed_rows = 0;
  for (const auto& row : view.overview) {
    EXPECT_TRUE(row.score.points || row.score.text == "ej bedömd") << row.id << ": " << row.score.text;
    not_assessed_rows += row.score.points ? 0 : 1;
  }
  EXPECT_GT(not_assessed_rows, 150);
  auto html = report::render_html(view, builtin(), report::ChartMode::inline_svg).value();
  EXPECT_NE(html.find("ej bedömd"), std::string::npos);
  EXPECT_EQ(html.find(">0 / "), std::string::npos) << "an unscored question must not show 0 points";
}

TEST(ReportView, MissingKeyFiguresSayMissingAndStoredOnesCarryYearAndSource) {
  auto input = partly_scored_input();
  auto view = report::make_view(input, Language::sv, report::load_labels(builtin(), Language::sv).value());
  ASSERT_GE(view.key_facts.size(), 5u);
  EXPECT_EQ(view.key_facts[0].key, "population");
  EXPECT_EQ(view.key_facts[0].value_text, "16\u00a0000 invånare");
  EXPECT_EQ(view.key_facts[0].year, "2023");
  EXPECT_EQ(view.key_facts[0].source, "SCB");
  for (std::size_t i = 1; i < view.key_facts.size(); ++i) {
    EXPECT_FALSE(view.key_facts[i].value) << view.key_facts[i].key;
    EXPECT_EQ(view.key_facts[i].value_text, "uppgift saknas") << view.key_facts[i].key;
  }
}

TEST(ReportView, TitleUsesTheGenitiveInSwedishAndTheLanguagesOwnWording) {
  auto input = partly_scored_input();
  input.evaluation.municipality.name = "Sundsvall";
  auto sv = report::make_view(input, Language::sv, report::load_labels(builtin(), Language::sv).value());
  EXPECT_EQ(sv.title, "Kommunkompassen – Analys av Sundsvalls kommun 2024");
  input.evaluation.municipality.name = "Borås";
  sv = report::make_view(input, Language::sv, report::load_labels(builtin(), Language::sv).value());
  EXPECT_EQ(sv.title, "Kommunkompassen – Analys av Borås kommun 2024");
  auto nb = report::make_view(input, Language::nb, report::load_labels(builtin(), Language::nb).value());
  EXPECT_EQ(nb.title, "Kommunekompasset – Analyse av Borås kommune 2024");
  EXPECT_EQ(nb.areas[0].title, "Offentlighet og demokrati");
}

// A filtered reference group reads with each criterion in the report's language, and its count.
TEST(ReportView, FilteredReferenceGroupIsDescribedWithItsCriteriaAndCount) {
  auto input = partly_scored_input();
  input.reference.code = "reference_filtered";
  input.reference.args = {{"framework", "Kommunkompassen 2010"}, {"municipality", "Hammarö"}};
  input.reference.criteria = {{"reference_years_between", {{"min", "2010"}, {"max", "2014"}}},
                              {"reference_population_from", {{"min", "50 000"}}},
                              {"reference_group", {{"groups", "B3"}}}};
  input.reference.count = 4;
  auto sv = report::make_view(input, Language::sv, report::load_labels(builtin(), Language::sv).value());
  EXPECT_EQ(sv.reference_description, "Referens: slutliga eller publicerade utvärderingar med Kommunkompassen 2010, "
                                      "2010–2014, minst 50 000 invånare, kommungrupp B3, utom Hammarö (n = 4).");
  auto nb = report::make_view(input, Language::nb, report::load_labels(builtin(), Language::nb).value());
  EXPECT_EQ(nb.reference_description, "Referanse: endelige eller publiserte evalueringer med Kommunkompassen 2010, "
                                      "2010–2014, minst 50 000 innbyggere, kommunegruppe B3, unntatt Hammarö (n = 4).");
  input.reference.criteria.clear();
  auto en = report::make_view(input, Language::en, report::load_labels(builtin(), Language::en).value());
  EXPECT_EQ(en.reference_description,
            "Reference: final or published evaluations with Kommunkompassen 2010, except Hammarö (n = 4).");
}

TEST(ReportView, FindingRowsFillEachColumnTopDown) {
  auto input = partly_scored_input();
  auto add = [&](model::FindingKind kind, std::string text) {
    input.evaluation.findings.push_back({0, 1, "", kind, std::move(text), {}, {}});
  };
  add(model::FindingKind::weakness, "w1");
  add(model::FindingKind::strength, "s1");
  add(model::FindingKind::weakness, "w2");
  input.evaluation.findings.push_back(
      {0, 1, "", model::FindingKind::improvement, "i1", {}, {{"Göteborg", "SE", "1480", "visselblåsare"}}});
  auto view = report::make_view(input, Language::sv, report::load_labels(builtin(), Language::sv).value());
  const auto& rows = view.areas[0].findings;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].strength->text, "s1");
  EXPECT_EQ(rows[0].improvement->text, "i1");
  EXPECT_EQ(rows[0].improvement->examples_text, "Gott exempel: Göteborg (visselblåsare)");
  EXPECT_EQ(rows[0].weakness->text, "w1");
  EXPECT_FALSE(rows[1].strength);
  EXPECT_FALSE(rows[1].improvement);
  EXPECT_EQ(rows[1].weakness->text, "w2");
  EXPECT_TRUE(view.areas[1].findings.empty());
}

// Every label the code or the templates ask for exists in every language, and every line of the
// catalogue has four fields with the same {placeholders} in each language.
TEST(ReportLabels, CatalogueIsCompleteAndConsistent) {
  auto catalogue = builtin().files.at("labels.tsv");
  std::set<std::string> keys;
  std::regex placeholder(R"(\{[a-z_]+\})");
  int number = 0;
  for (const auto& line : split(catalogue, '\n')) {
    if (++number == 1 || line.empty()) {
      continue;
    }
    auto fields = split(line, '\t');
    ASSERT_EQ(fields.size(), 4u) << "labels.tsv:" << number;
    EXPECT_TRUE(keys.insert(fields[0]).second) << "labels.tsv:" << number << ": " << fields[0] << " twice";
    auto names = [&](const std::string& text) {
      std::set<std::string> found;
      for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) {
        // Swedish names a municipality in the genitive ("Sundsvalls kommun"), the others do not.
        found.insert(it->str() == "{genitive}" ? "{name}" : it->str());
      }
      return found;
    };
    for (int column : {1, 2, 3}) {
      EXPECT_FALSE(fields[column].empty()) << "labels.tsv:" << number;
      EXPECT_EQ(names(fields[column]), names(fields[1])) << "labels.tsv:" << number << " column " << column;
    }
  }
  std::regex used_in_code(R"re(label\("([a-z_0-9]+)"[,)])re");
  std::regex used_in_templates(R"(\{\{label\.([a-z_0-9]+)\}\})");
  auto check = [&](const std::string& text, const std::regex& pattern, const std::string& where) {
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
      EXPECT_TRUE(keys.contains((*it)[1].str())) << where << " uses the missing label " << (*it)[1].str();
    }
  };
  for (const auto& [name, text] : builtin().files) {
    check(text, used_in_templates, name);
  }
  for (const auto& entry : fs::directory_iterator(fs::path(KOMPASS_SOURCE_DIR) / "src" / "report")) {
    check(read(entry.path()), used_in_code, entry.path().filename().string());
  }
}

TEST(ReportTemplates, AnOverrideFolderReplacesOnlyTheFilesItHas) {
  auto folder = fs::temp_directory_path() / "kompass-templates-test";
  fs::remove_all(folder);
  fs::create_directories(folder);
  std::ofstream(folder / "cover.mustache")
      << "<header class=\"cover\"><img src=\"logo.png\" alt=\"Logo\"><h1>{{title}}</h1></header>";
  auto set = report::load_templates(folder.string()).value();
  auto view = report::make_view(partly_scored_input(), Language::sv, report::load_labels(set, Language::sv).value());
  auto html = report::render_html(view, set, report::ChartMode::inline_svg).value();
  EXPECT_NE(html.find("<img src=\"logo.png\" alt=\"Logo\">"), std::string::npos);
  EXPECT_NE(html.find("Område 1 Offentlighet och demokrati"), std::string::npos);
  fs::remove_all(folder);

  auto missing = report::load_templates("/nonexistent/kompass-templates");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "templates_folder_missing");
}

TEST(ReportTemplates, BrokenLabelsAndTemplatesAreNamed) {
  auto set = builtin();
  set.files["labels.tsv"] = "key\tsv\tnb\ten\nreport_title\tTitel\n";
  auto labels = report::load_labels(set, Language::sv);
  ASSERT_FALSE(labels);
  EXPECT_EQ(labels.error().code, "labels_malformed");
  EXPECT_EQ(labels.error().args.at("line"), "2");

  set = builtin();
  set.files["report.html.mustache"] = "<html>{{#areas}}</html>";
  auto view = report::make_view(partly_scored_input(), Language::sv, report::load_labels(set, Language::sv).value());
  auto html = report::render_html(view, set, report::ChartMode::inline_svg);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().code, "template_error");
}

} // namespace
