#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "app/reports.hpp"
#include "app/transfer.hpp"
#include "unit/app/app_test_support.hpp"

// The Swedish HTML report of the Sundsvall sample against tests/data/report/sundsvall-2012.html. After a
// deliberate change to the report, scripts/update-golden rewrites the file (KOMPASS_UPDATE_GOLDEN=1) so
// the change shows up as a diff in review.
namespace {

using namespace kompass;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

const std::filesystem::path k_golden = std::filesystem::path(KOMPASS_TEST_DATA) / "report" / "sundsvall-2012.html";

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(std::move(line));
  }
  return lines;
}

// Mustache leaves trailing blanks and empty lines wherever a section tag stood on its own line, so merely
// re-indenting a template would churn the golden file; a browser ignores both. Nothing else is touched:
// every other change to the HTML is meant to show up.
std::vector<std::string> normalised_lines(const std::string& html) {
  std::vector<std::string> out;
  for (auto line : split_lines(html)) {
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (line.empty() && (out.empty() || out.back().empty())) {
      continue;
    }
    out.push_back(std::move(line));
  }
  while (!out.empty() && out.back().empty()) {
    out.pop_back();
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) {
    text += line;
    text += '\n';
  }
  return text;
}

bool updating_golden() {
  const char* value = std::getenv("KOMPASS_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

// A line for the failure message, shortened so a line of inline SVG or CSS does not flood the output.
std::string shown(const std::vector<std::string>& lines, std::size_t index) {
  constexpr std::size_t k_max_chars = 300;
  if (index >= lines.size()) {
    return "<end of file>";
  }
  const auto& line = lines[index];
  return line.size() <= k_max_chars ? line : line.substr(0, k_max_chars) + " …";
}

} // namespace

// The whole report from what each backend stored.
class ReportGolden : public kompass::testing::BackendTest {};

TEST_P(ReportGolden, SundsvallHtmlMatchesTheGoldenFile) {
  testing_support::TemporaryStore temporary;
  ASSERT_TRUE(temporary.ok());
  for (const char* file : {"sundsvall-2012.json", "published-results.csv"}) {
    auto imported = app::import_file(temporary.db(), file, read_bytes(k_samples / file));
    ASSERT_TRUE(imported) << file << ": " << describe(imported.error());
  }
  // Every field named: GCC 12 warns (-Wmaybe-uninitialized, a false positive) when short literals are assigned
  // to a default-constructed request's strings, and -Wmissing-field-initializers when a field is left out.
  app::ReportRequest request{.evaluation_id = "sundsvall-2012",
                             .format = app::ReportFormat::html,
                             .language = "sv",
                             .reference = {},
                             .templates = std::nullopt,
                             .pdf_standard = app::PdfStandard::pdf_a_3b,
                             .today = "2026-01-01"};
  auto html = app::report_html(temporary.db(), request);
  ASSERT_TRUE(html) << describe(html.error());
  auto actual = normalised_lines(*html);

  if (updating_golden()) {
    std::filesystem::create_directories(k_golden.parent_path());
    std::ofstream out(k_golden, std::ios::binary | std::ios::trunc);
    out << joined(actual);
    out.close();
    ASSERT_TRUE(out) << "cannot write " << k_golden;
    std::cout << "[ golden   ] wrote " << k_golden.string() << " (" << actual.size() << " lines)\n";
    return;
  }

  ASSERT_TRUE(std::filesystem::exists(k_golden)) << k_golden << " is missing; run scripts/update-golden";
  auto expected = normalised_lines(read_bytes(k_golden));
  if (actual == expected) {
    return;
  }
  std::size_t line = 0;
  while (line < actual.size() && line < expected.size() && actual[line] == expected[line]) {
    ++line;
  }
  ADD_FAILURE() << "the report differs from " << k_golden.string() << " first at line " << line + 1
                << " (after normalising)\n  golden: " << shown(expected, line) << "\n  actual: " << shown(actual, line)
                << "\nIf the change is intended, run scripts/update-golden and review the diff.";
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportGolden, kompass::testing::all_backends(), kompass::testing::backend_test_name);
