#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "unit/app/app_test_support.hpp"

// docs/formats.md describes the Sundsvall 2012 sample (finding counts per area and kind, and the good
// examples with their findings); these tests keep that description and data/samples/sundsvall-2012.json in step.

namespace {

namespace fs = std::filesystem;
using kompass::testing_support::k_samples;
using kompass::testing_support::read_bytes;
using nlohmann::json;

const fs::path k_formats = fs::path(KOMPASS_SOURCE_DIR) / "docs" / "formats.md";
const fs::path k_sample = k_samples / "sundsvall-2012.json";
const std::string k_section = "## The Sundsvall 2012 sample";
const std::array<std::string, 3> k_kinds = {"strength", "improvement", "weakness"};

// The lines of the section of formats.md about the sample, up to the next heading of the same level.
std::vector<std::string> section_lines() {
  std::istringstream in(read_bytes(k_formats));
  std::vector<std::string> lines;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      inside = line == k_section;
      continue;
    }
    if (inside) {
      lines.push_back(line);
    }
  }
  return lines;
}

std::vector<std::string> table_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      auto begin = cell.find_first_not_of(' ');
      auto end = cell.find_last_not_of(' ');
      cells.push_back(begin == std::string::npos ? "" : cell.substr(begin, end - begin + 1));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// Rows of counts keyed by the first cell ("1".."8", "total"), columns strength, improvement, weakness, total.
using CountTable = std::map<std::string, std::array<int, 4>>;

CountTable documented_counts() {
  CountTable table;
  bool header_seen = false;
  for (const auto& line : section_lines()) {
    if (line.rfind("|", 0) != 0) {
      continue;
    }
    auto cells = table_cells(line);
    if (!header_seen) {
      EXPECT_EQ(cells, (std::vector<std::string>{"area", "strength", "improvement", "weakness", "total"}));
      header_seen = true;
      continue;
    }
    if (!cells.empty() && cells[0].find_first_not_of("-") == std::string::npos) {
      continue; // the |---| separator
    }
    EXPECT_EQ(cells.size(), 5u) << line;
    if (cells.size() != 5u) {
      continue;
    }
    std::array<int, 4> counts{};
    for (std::size_t i = 0; i < 4; ++i) {
      counts[i] = std::stoi(cells[i + 1]);
    }
    EXPECT_FALSE(table.contains(cells[0])) << "row " << cells[0] << " twice";
    table[cells[0]] = counts;
  }
  return table;
}

json sample() { return json::parse(read_bytes(k_sample)); }

CountTable computed_counts(const json& evaluation) {
  CountTable table;
  for (int area = 1; area <= 8; ++area) {
    table[std::to_string(area)] = {};
  }
  table["total"] = {};
  for (const auto& finding : evaluation.at("findings")) {
    auto area = std::to_string(finding.at("area").get<int>());
    auto kind = finding.at("kind").get<std::string>();
    auto column = std::find(k_kinds.begin(), k_kinds.end(), kind) - k_kinds.begin();
    EXPECT_LT(column, 3) << "unknown kind " << kind;
    if (column >= 3) {
      continue;
    }
    for (const auto& row : {area, std::string("total")}) {
      ++table[row][static_cast<std::size_t>(column)];
      ++table[row][3];
    }
  }
  return table;
}

std::string describe(const CountTable& table) {
  std::string out;
  for (const auto& [row, counts] : table) {
    out += row + ": " + std::to_string(counts[0]) + " " + std::to_string(counts[1]) + " " + std::to_string(counts[2]) +
           " " + std::to_string(counts[3]) + "\n";
  }
  return out;
}

// A documented good example: "- Name (code): area N, S.S kind "finding text" (reason)".
struct DocumentedExample {
  std::string name;
  std::string code;
  int area = 0;
  std::string sub_area;
  std::string kind;
  std::string text;
  std::string reason;
};

std::vector<DocumentedExample> documented_examples() {
  static const std::regex bullet(R"re(^- (.+) \((\d{4})\): area (\d), (\d\.\d+) (\w+) "(.+)" \((.+)\)$)re");
  std::vector<DocumentedExample> examples;
  for (const auto& line : section_lines()) {
    if (line.rfind("- ", 0) != 0) {
      continue;
    }
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, bullet)) << "unreadable bullet: " << line;
    if (match.empty()) {
      continue;
    }
    examples.push_back({match[1], match[2], std::stoi(match[3]), match[4], match[5], match[6], match[7]});
  }
  return examples;
}

// The findings of the sample that carry an example of this name.
std::vector<json> findings_with_example(const json& evaluation, const std::string& name) {
  std::vector<json> found;
  for (const auto& finding : evaluation.at("findings")) {
    for (const auto& example : finding.value("examples", json::array())) {
      if (example.at("name") == name) {
        found.push_back(finding);
        break;
      }
    }
  }
  return found;
}

} // namespace

TEST(SampleCounts, TableHelpers) {
  EXPECT_EQ(table_cells("| 1 | 5 |  3 |"), (std::vector<std::string>{"1", "5", "3"}));
  EXPECT_EQ(table_cells("|---|---|"), (std::vector<std::string>{"---", "---"}));
}

TEST(SampleCounts, DocumentedTableMatchesTheSample) {
  auto documented = documented_counts();
  ASSERT_EQ(documented.size(), 9u) << describe(documented);
  // The documented totals add up in themselves.
  std::array<int, 4> column_sums{};
  for (int area = 1; area <= 8; ++area) {
    const auto& row = documented.at(std::to_string(area));
    EXPECT_EQ(row[0] + row[1] + row[2], row[3]) << "area " << area;
    for (std::size_t i = 0; i < 4; ++i) {
      column_sums[i] += row[i];
    }
  }
  EXPECT_EQ(column_sums, documented.at("total"));

  auto computed = computed_counts(sample());
  EXPECT_EQ(describe(documented), describe(computed));
  EXPECT_EQ(computed.at("total")[3], 79);
}

TEST(SampleCounts, DocumentedGoodExamplesAreInTheSample) {
  auto evaluation = sample();
  auto examples = documented_examples();
  ASSERT_GE(examples.size(), 30u);
  std::size_t in_sample = 0;
  for (const auto& finding : evaluation.at("findings")) {
    in_sample += finding.value("examples", json::array()).size();
  }
  EXPECT_EQ(examples.size(), in_sample) << "every example in the sample is documented, and no other";
  for (const auto& documented : examples) {
    int matches = 0;
    for (const auto& finding : evaluation.at("findings")) {
      if (finding.at("area") != documented.area || finding.value("subarea", "") != documented.sub_area ||
          finding.at("kind") != documented.kind || finding.at("text") != documented.text) {
        continue;
      }
      for (const auto& example : finding.value("examples", json::array())) {
        if (example.at("name") == documented.name && example.value("code", "") == documented.code &&
            example.value("country", "SE") == "SE" && example.value("reason", "") == documented.reason) {
          ++matches;
        }
      }
    }
    EXPECT_EQ(matches, 1) << documented.name << " on \"" << documented.text << "\"";
  }
}

TEST(SampleCounts, GoteborgIsOnAnAreaOneWeakness) {
  auto findings = findings_with_example(sample(), "Göteborg");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].at("area"), 1);
  EXPECT_EQ(findings[0].at("kind"), "weakness");
  EXPECT_EQ(findings[0].value("subarea", ""), "1.5");
}

TEST(SampleCounts, NackaOckeroAndJarfallaShareOneAreaTwoFinding) {
  auto evaluation = sample();
  int shared = 0;
  for (const auto& finding : evaluation.at("findings")) {
    std::vector<std::string> names;
    for (const auto& example : finding.value("examples", json::array())) {
      names.push_back(example.at("name"));
    }
    auto has = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
    if (has("Nacka") && has("Öckerö") && has("Järfälla")) {
      ++shared;
      EXPECT_EQ(finding.at("area"), 2);
      EXPECT_EQ(finding.at("kind"), "improvement");
      EXPECT_EQ(finding.value("subarea", ""), "2.3");
    }
  }
  EXPECT_EQ(shared, 1);
  // Öckerö and Järfälla appear nowhere else.
  EXPECT_EQ(findings_with_example(evaluation, "Öckerö").size(), 1u);
  EXPECT_EQ(findings_with_example(evaluation, "Järfälla").size(), 1u);
}
