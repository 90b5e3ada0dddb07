#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/messages.hpp"
#include "report/exporters.hpp"
#include "report/templates.hpp"

// The exporters run the real weasyprint, pandoc and rsvg-convert (installed by scripts/install-deps) and read
// what they wrote back with pdfinfo/pdffonts and python3's zipfile, so a missing tool fails these tests.

namespace {

namespace fs = std::filesystem;
using kompass::report::ChartView;
using kompass::report::PdfVariant;
using kompass::report::ReportView;
using nlohmann::json;

const fs::path k_office_dump = fs::path(KOMPASS_SOURCE_DIR) / "tests" / "unit" / "report" / "office_dump.py";

std::string describe(const kompass::model::Error& error) {
  return error.code + " [" + error.field +
         "]: " + kompass::model::message(kompass::model::UiLanguage::en, error.code, error.args);
}

// Standard output of a shell command; fails the test when it exits non-zero.
std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return out;
  }
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    out.append(buffer.data(), read);
  }
  int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << command << " failed:\n" << out;
  return out;
}

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

json office_dump(const std::string& mode, const fs::path& file) {
  auto out = run("python3 " + quoted(k_office_dump) + " " + mode + " " + quoted(file));
  return json::parse(out, nullptr, false);
}

// Sets an environment variable for the lifetime of the object and restores the old value afterwards.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) {
      m_old = old;
    }
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (m_old) {
      ::setenv(m_name, m_old->c_str(), 1);
    } else {
      ::unsetenv(m_name);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* m_name;
  std::optional<std::string> m_old;
};

std::vector<std::string> folder_entries(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

kompass::report::FindingView finding(long id, std::string text, std::string sub_area,
                                     std::vector<std::string> examples = {}) {
  kompass::report::FindingView view;
  view.id = id;
  view.text = std::move(text);
  view.sub_area = std::move(sub_area);
  view.examples = std::move(examples);
  return view;
}

kompass::report::QuestionView question(std::string id, std::string text, std::optional<int> points,
                                       std::string rationale) {
  kompass::report::QuestionView view;
  view.id = std::move(id);
  view.text = std::move(text);
  view.score = {points, 4, points ? std::to_string(*points) : "ej bedömd"};
  view.rationale = std::move(rationale);
  return view;
}

const char* const k_chart_svg = R"(<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" )"
                                R"(viewBox="0 0 200 100"><rect width="120" height="100" fill="#1f4e79"/>)"
                                R"(<text x="130" y="55" font-family="DejaVu Sans" font-size="14">Åäö</text></svg>)";

const char* const k_report_html = R"(<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Kommunkompassen – Analys av Sundsvalls kommun 2012</title>
<style>body { font-family: "DejaVu Sans", sans-serif; } h1 { font-size: 20pt; }</style></head>
<body><h1>Område 1 Offentlighet och demokrati</h1><h2>Styrkor</h2><p>Kommunen har en visselblåsarfunktion.</p>
<h3>Rubrik tre</h3>
<figure><img src="profile.png" alt="Profil"><figcaption>Profil för Sundsvall 2012</figcaption></figure>
<figure><img src="bars.png" alt="Staplar"><figcaption>Poäng per område</figcaption></figure>
<table><tr><th>Område</th><th>Poäng</th></tr><tr><td>1</td><td>44</td></tr></table>
</body></html>)";

class ExportersTest : public ::testing::Test {
protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    m_root = fs::temp_directory_path() /
             ("kompass-exporters-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(m_root);
    fs::create_directories(m_root / "out");
    fs::create_directories(m_root / "scratch");
    // Every temporary folder of an export lands here, so a test can see that none is left behind.
    m_tmpdir.emplace("TMPDIR", (m_root / "scratch").string());

    auto templates = kompass::report::load_templates(std::nullopt);
    ASSERT_TRUE(templates) << describe(templates.error());
    auto labels = kompass::report::load_labels(*templates, kompass::report::Language::sv);
    ASSERT_TRUE(labels) << describe(labels.error());
    m_view = sample_view(*labels);
  }

  void TearDown() override {
    m_tmpdir.reset();
    std::error_code ignored;
    fs::remove_all(m_root, ignored);
  }

  static ReportView sample_view(const kompass::report::Labels& labels) {
    ReportView view;
    view.labels = labels;
    view.title = "Kommunkompassen – Analys av Sundsvalls kommun 2012";
    view.municipality = "Sundsvall";
    view.year = 2012;
    view.question_level = true;

    kompass::report::AreaView first;
    first.number = 1;
    first.title = "Offentlighet och demokrati";
    first.score = {44, 100, "44"};
    first.reference = {61.5, "61,5"};
    kompass::report::SubAreaView sub_area;
    sub_area.id = "1.1";
    sub_area.title = "Information till medborgarna";
    sub_area.questions = {question("1.1.1", "Publiceras kallelser på webben?", 3, "Alla kallelser finns på webben."),
                          question("1.1.2", "Finns en visselblåsarfunktion?", std::nullopt, "")};
    first.sub_areas = {sub_area};
    first.strengths = {finding(1, "Kommunen har en visselblåsarfunktion.", "1.1",
                               {"Göteborg (har en visselblåsarfunktion)", "Malmö"})};
    first.improvements = {finding(2, "Webbplatsen kan bli tydligare.", "1.1")};
    first.weaknesses = {finding(3, "Ingen medborgarpanel.", "1.2")};

    kompass::report::AreaView second;
    second.number = 2;
    second.title = "Tillgänglighet och brukarorientering";
    second.score = {std::nullopt, 100, "ej bedömd"};
    second.reference = {std::nullopt, "–"};
    second.weaknesses = {finding(4, "Servicegarantier saknas.", "2.1", {"Örebro"})};

    view.areas = {first, second};
    view.total = {std::nullopt, 200, "ej bedömd"};
    view.reference_total = {120.25, "120,3"};

    ChartView profile;
    profile.id = "profile";
    profile.svg = k_chart_svg;
    profile.image_file = "profile.png";
    ChartView bars = profile;
    bars.id = "bars";
    bars.image_file = "bars.png";
    view.charts = {profile, bars};
    return view;
  }

  fs::path out(const std::string& name) const { return m_root / "out" / name; }
  std::vector<std::string> scratch_entries() const { return folder_entries(m_root / "scratch"); }

  fs::path m_root;
  std::optional<ScopedEnv> m_tmpdir;
  ReportView m_view;
};

const json& cell(const json& sheet, const std::string& ref) {
  static const json k_missing = json{{"t", "missing"}, {"v", ""}};
  const auto& cells = sheet.at("cells");
  return cells.contains(ref) ? cells.at(ref) : k_missing;
}

void expect_number(const json& sheet, const std::string& ref, double expected) {
  const auto& found = cell(sheet, ref);
  ASSERT_EQ(found.at("t"), "n") << sheet.at("name") << "!" << ref << " is not a number: " << found.dump();
  EXPECT_DOUBLE_EQ(std::stod(found.at("v").get<std::string>()), expected) << sheet.at("name") << "!" << ref;
}

void expect_text(const json& sheet, const std::string& ref, const std::string& expected) {
  const auto& found = cell(sheet, ref);
  EXPECT_EQ(found.at("t"), "s") << sheet.at("name") << "!" << ref << ": " << found.dump();
  EXPECT_EQ(found.at("v"), expected) << sheet.at("name") << "!" << ref;
}

void expect_empty(const json& sheet, const std::string& ref) {
  const auto& found = cell(sheet, ref);
  EXPECT_TRUE(found.at("t") == "blank" || found.at("t") == "missing")
      << sheet.at("name") << "!" << ref << ": " << found.dump();
}

} // namespace

TEST_F(ExportersTest, XlsxHasNumbersAsNumbersAndMissingScoresAsText) {
  auto target = out("rapport.xlsx");
  auto written = kompass::report::write_xlsx(m_view, target.string());
  ASSERT_TRUE(written) << describe(written.error());
  ASSERT_TRUE(fs::exists(target));
  EXPECT_EQ(folder_entries(m_root / "out"), std::vector<std::string>{"rapport.xlsx"});

  auto book = office_dump("xlsx", target);
  ASSERT_FALSE(book.is_discarded());
  EXPECT_EQ(book.at("title"), m_view.title);
  const auto& sheets = book.at("sheets");
  ASSERT_EQ(sheets.size(), 3u);
  EXPECT_EQ(sheets[0].at("name"), "Områden");
  EXPECT_EQ(sheets[1].at("name"), "Iakttagelser");
  EXPECT_EQ(sheets[2].at("name"), "Frågor");

  const auto& areas = sheets[0];
  expect_text(areas, "A1", "Område");
  expect_text(areas, "C1", "Poäng");
  expect_text(areas, "E1", "Referens");
  expect_text(areas, "F1", "Skillnad");
  expect_number(areas, "A2", 1);
  expect_text(areas, "B2", "Offentlighet och demokrati");
  expect_number(areas, "C2", 44);
  expect_number(areas, "D2", 100);
  expect_number(areas, "E2", 61.5);
  expect_number(areas, "F2", -17.5);
  expect_number(areas, "A3", 2);
  expect_text(areas, "C3", "ej bedömd");
  expect_number(areas, "D3", 100);
  expect_empty(areas, "E3");
  expect_empty(areas, "F3");
  expect_text(areas, "A4", "Totalt");
  expect_text(areas, "C4", "ej bedömd");
  expect_number(areas, "D4", 200);
  expect_number(areas, "E4", 120.25);
  expect_empty(areas, "F4");
  EXPECT_TRUE(areas.at("frozen"));
  EXPECT_EQ(areas.at("autofilter"), "A1:F3");

  const auto& findings = sheets[1];
  expect_text(findings, "A1", "Område");
  expect_number(findings, "A2", 1);
  expect_text(findings, "B2", "1.1");
  expect_text(findings, "C2", "Styrka");
  expect_text(findings, "D2", "Kommunen har en visselblåsarfunktion.");
  expect_text(findings, "E2", "Göteborg (har en visselblåsarfunktion); Malmö");
  expect_text(findings, "C3", "Förbättringsmöjlighet");
  expect_text(findings, "C4", "Svaghet");
  expect_number(findings, "A5", 2);
  expect_text(findings, "D5", "Servicegarantier saknas.");
  expect_text(findings, "E5", "Örebro");
  EXPECT_TRUE(findings.at("frozen"));

  const auto& questions = sheets[2];
  expect_text(questions, "A1", "Fråga");
  expect_text(questions, "A2", "1.1.1");
  expect_text(questions, "B2", "Publiceras kallelser på webben?");
  expect_number(questions, "C2", 3);
  expect_number(questions, "D2", 4);
  expect_text(questions, "E2", "Alla kallelser finns på webben.");
  expect_text(questions, "A3", "1.1.2");
  expect_text(questions, "C3", "ej bedömd");
  EXPECT_TRUE(scratch_entries().empty());
}

TEST_F(ExportersTest, XlsxWithoutQuestionLevelHasNoQuestionSheet) {
  m_view.question_level = false;
  auto target = out("rapport.xlsx");
  auto written = kompass::report::write_xlsx(m_view, target.string());
  ASSERT_TRUE(written) << describe(written.error());
  auto book = office_dump("xlsx", target);
  ASSERT_FALSE(book.is_discarded());
  ASSERT_EQ(book.at("sheets").size(), 2u);
}

// Labels come from an overridable catalogue; a name Excel refuses must not lose the sheet.
TEST_F(ExportersTest, XlsxSheetNamesFollowExcelsRules) {
  m_view.labels["sheet_areas"] = "Områden/poäng [2012]: en mycket lång rubrik";
  m_view.labels["sheet_findings"] = "Områden/poäng [2012]: en mycket lång rubrik";
  auto target = out("rapport.xlsx");
  auto written = kompass::report::write_xlsx(m_view, target.string());
  ASSERT_TRUE(written) << describe(written.error());
  auto book = office_dump("xlsx", target);
  ASSERT_FALSE(book.is_discarded());
  const auto& sheets = book.at("sheets");
  ASSERT_EQ(sheets.size(), 3u);
  EXPECT_EQ(sheets[0].at("name"), "Områden_poäng _2012__ en mycket");
  EXPECT_EQ(sheets[1].at("name"), "Områden_poäng _2012__ en my (2)");
}

TEST_F(ExportersTest, DocxHasHeadingStylesAndEmbeddedCharts) {
  auto target = out("rapport.docx");
  auto written = kompass::report::write_docx(k_report_html, m_view.charts, target.string());
  ASSERT_TRUE(written) << describe(written.error());
  ASSERT_TRUE(fs::exists(target));
  EXPECT_EQ(folder_entries(m_root / "out"), std::vector<std::string>{"rapport.docx"});

  auto document = office_dump("zip", target);
  ASSERT_FALSE(document.is_discarded());
  int pngs = 0;
  for (const auto& entry : document.at("entries")) {
    auto name = entry.get<std::string>();
    if (name.starts_with("word/media/") && name.ends_with(".png")) {
      ++pngs;
    }
  }
  EXPECT_EQ(pngs, 2);
  auto body = document.at("texts").at("word/document.xml").get<std::string>();
  EXPECT_NE(body.find(R"(w:pStyle w:val="Heading1")"), std::string::npos);
  EXPECT_NE(body.find(R"(w:pStyle w:val="Heading2")"), std::string::npos);
  EXPECT_NE(body.find(R"(w:pStyle w:val="Heading3")"), std::string::npos);
  EXPECT_NE(body.find("Område 1 Offentlighet och demokrati"), std::string::npos);
  EXPECT_NE(body.find("<w:tbl>"), std::string::npos);
  auto core = document.at("texts").at("docProps/core.xml").get<std::string>();
  EXPECT_NE(core.find("Kommunkompassen – Analys av Sundsvalls kommun 2012"), std::string::npos);
  EXPECT_TRUE(scratch_entries().empty());
}

TEST_F(ExportersTest, PdfIsPdfA3bWithTitleAndEmbeddedFonts) {
  auto target = out("rapport.pdf");
  auto written = kompass::report::write_pdf(k_report_html, target.string(), PdfVariant::pdf_a_3b);
  ASSERT_TRUE(written) << describe(written.error());
  ASSERT_TRUE(fs::exists(target));
  EXPECT_EQ(folder_entries(m_root / "out"), std::vector<std::string>{"rapport.pdf"});

  auto info = run("pdfinfo " + quoted(target));
  EXPECT_NE(info.find("Title:           Kommunkompassen – Analys av Sundsvalls kommun 2012"), std::string::npos)
      << info;
  auto meta = run("pdfinfo -meta " + quoted(target));
  EXPECT_TRUE(std::regex_search(meta, std::regex(R"(pdfaid:part="3")"))) << meta;
  EXPECT_TRUE(std::regex_search(meta, std::regex(R"(pdfaid:conformance="B")"))) << meta;

  auto fonts = run("pdffonts " + quoted(target));
  std::istringstream lines(fonts);
  std::string line;
  int font_lines = 0;
  std::getline(lines, line); // the header and its underline
  std::getline(lines, line);
  // Columns: name, type (one or more words), encoding, emb, sub, uni, object, generation.
  std::regex row(R"(^\S+\s+.+\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$)");
  while (std::getline(lines, line)) {
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match, row)) << line;
    EXPECT_EQ(match[2], "yes") << "font not embedded: " << line;
    ++font_lines;
  }
  EXPECT_GT(font_lines, 0) << fonts;
  EXPECT_TRUE(scratch_entries().empty());
}

TEST_F(ExportersTest, PdfUa1IsWrittenAndTagged) {
  auto target = out("rapport.pdf");
  auto written = kompass::report::write_pdf(k_report_html, target.string(), PdfVariant::pdf_ua_1);
  ASSERT_TRUE(written) << describe(written.error());
  auto info = run("pdfinfo " + quoted(target));
  EXPECT_NE(info.find("Tagged:          yes"), std::string::npos) << info;
  EXPECT_NE(run("pdfinfo -meta " + quoted(target)).find(R"(pdfuaid:part="1")"), std::string::npos);
}

TEST_F(ExportersTest, TargetInMissingFolderIsRefused) {
  auto folder = m_root / "missing";
  auto pdf = kompass::report::write_pdf(k_report_html, (folder / "r.pdf").string(), PdfVariant::pdf_a_3b);
  auto docx = kompass::report::write_docx(k_report_html, m_view.charts, (folder / "r.docx").string());
  auto xlsx = kompass::report::write_xlsx(m_view, (folder / "r.xlsx").string());
  for (const auto* result : {&pdf, &docx, &xlsx}) {
    ASSERT_FALSE(*result);
    EXPECT_EQ(result->error().kind, kompass::model::ErrorKind::bad_input);
    EXPECT_EQ(result->error().code, "file_unwritable");
    EXPECT_EQ(result->error().args.at("file").rfind(folder.string(), 0), 0u) << describe(result->error());
  }
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_TRUE(scratch_entries().empty());
}

TEST_F(ExportersTest, MissingToolsAreNamedWithTheirPackage) {
  auto empty_path = m_root / "empty-path";
  fs::create_directories(empty_path);
  auto pandoc_only = m_root / "pandoc-only";
  fs::create_directories(pandoc_only);
  fs::create_symlink("/usr/bin/pandoc", pandoc_only / "pandoc");

  std::optional<kompass::report::Result<void>> pdf;
  std::optional<kompass::report::Result<void>> docx;
  std::optional<kompass::report::Result<void>> docx_without_rsvg;
  {
    ScopedEnv path("PATH", empty_path.string());
    pdf = kompass::report::write_pdf(k_report_html, out("r.pdf").string(), PdfVariant::pdf_a_3b);
    docx = kompass::report::write_docx(k_report_html, m_view.charts, out("r.docx").string());
  }
  {
    ScopedEnv path("PATH", pandoc_only.string());
    docx_without_rsvg = kompass::report::write_docx(k_report_html, m_view.charts, out("r.docx").string());
  }
  ASSERT_FALSE(*pdf);
  EXPECT_EQ(pdf->error().code, "tool_missing");
  EXPECT_EQ(pdf->error().kind, kompass::model::ErrorKind::internal);
  EXPECT_EQ(pdf->error().args.at("tool"), "weasyprint");
  EXPECT_EQ(pdf->error().args.at("package"), "weasyprint");
  ASSERT_FALSE(*docx);
  EXPECT_EQ(docx->error().code, "tool_missing");
  EXPECT_EQ(docx->error().args.at("tool"), "pandoc");
  EXPECT_EQ(docx->error().args.at("package"), "pandoc");
  ASSERT_FALSE(*docx_without_rsvg);
  EXPECT_EQ(docx_without_rsvg->error().code, "tool_missing");
  EXPECT_EQ(docx_without_rsvg->error().args.at("tool"), "rsvg-convert");
  EXPECT_EQ(docx_without_rsvg->error().args.at("package"), "librsvg2-bin");
  EXPECT_NE(kompass::model::message(kompass::model::UiLanguage::sv, "tool_missing", pdf->error().args)
                .find("sudo apt-get install weasyprint"),
            std::string::npos);

  EXPECT_TRUE(folder_entries(m_root / "out").empty()) << "stray files left in the target folder";
  EXPECT_TRUE(scratch_entries().empty()) << "temporary folders left behind";
}

// A tool that writes half a file and then fails must leave neither the target nor its temporary file.
TEST_F(ExportersTest, FailingToolLeavesNoHalfWrittenFile) {
  auto fake_path = m_root / "fake-path";
  fs::create_directories(fake_path);
  {
    std::ofstream script(fake_path / "weasyprint");
    script << "#!/bin/sh\nfor last; do :; done\nprintf '%%PDF-1.7 half' > \"$last\"\n"
              "echo 'ERROR: something broke' >&2\nexit 1\n";
  }
  fs::permissions(fake_path / "weasyprint", fs::perms::owner_all);

  std::optional<kompass::report::Result<void>> pdf;
  {
    ScopedEnv path("PATH", fake_path.string() + ":/usr/bin:/bin");
    pdf = kompass::report::write_pdf(k_report_html, out("r.pdf").string(), PdfVariant::pdf_a_3b);
  }
  ASSERT_FALSE(*pdf);
  EXPECT_EQ(pdf->error().code, "tool_failed");
  EXPECT_EQ(pdf->error().args.at("tool"), "weasyprint");
  EXPECT_NE(pdf->error().args.at("output").find("something broke"), std::string::npos);
  EXPECT_TRUE(folder_entries(m_root / "out").empty()) << "stray files left in the target folder";
  EXPECT_TRUE(scratch_entries().empty());
}

// The exporters look their labels up by key; a key missing from the shipped catalogue would show as the key.
TEST(ExporterLabels, EveryKeyUsedIsInTheShippedCatalogue) {
  std::ifstream in(fs::path(KOMPASS_SOURCE_DIR) / "templates" / "report" / "labels.tsv");
  ASSERT_TRUE(in);
  std::set<std::string> keys;
  std::string line;
  while (std::getline(in, line)) {
    keys.insert(line.substr(0, line.find('\t')));
  }
  for (const char* key : {"sheet_areas", "sheet_findings", "sheet_questions", "area", "text", "points", "max",
                          "reference", "difference", "total", "not_assessed", "sub_area", "kind", "examples",
                          "kind_strength", "kind_improvement", "kind_weakness", "question", "rationale"}) {
    EXPECT_TRUE(keys.contains(key)) << key;
  }
}
