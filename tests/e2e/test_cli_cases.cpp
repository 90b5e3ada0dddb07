#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "e2e/case_runner.hpp"
#include "e2e/case_script.hpp"
#include "e2e/text_diff.hpp"

using namespace kompass::e2e;

namespace {

const std::filesystem::path k_cases_dir = KOMPASS_SOURCE_DIR "/tests/e2e/cases";

RunnerConfig config() {
  RunnerConfig result;
  result.binary = KOMPASS_BINARY;
  result.root = KOMPASS_SOURCE_DIR;
  result.data = KOMPASS_TEST_DATA;
  const char* keep = std::getenv("KOMPASS_E2E_KEEP");
  result.keep_temporary = keep && *keep && std::string(keep) != "0";
  return result;
}

// Every cases/*.test, found at run time so that adding a case needs no code change.
std::vector<std::string> case_names() {
  std::vector<std::string> names;
  if (!std::filesystem::is_directory(k_cases_dir)) {
    return names;
  }
  for (const auto& entry : std::filesystem::directory_iterator(k_cases_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string test_name_of(std::string name) {
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) { return test_name_of(info.param); }

std::string joined(const std::vector<std::string>& failures) {
  std::string text;
  for (const auto& failure : failures) {
    text += failure + "\n";
  }
  return text;
}

bool any_contains(const std::vector<std::string>& failures, const std::string& part) {
  return std::any_of(failures.begin(), failures.end(),
                     [&](const std::string& failure) { return failure.find(part) != std::string::npos; });
}

class CliCase : public testing::TestWithParam<std::string> {};

} // namespace

TEST_P(CliCase, Passes) {
  for (const auto& failure : run_case_file(k_cases_dir / (GetParam() + ".test"), config())) {
    ADD_FAILURE() << failure;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CliCase, testing::ValuesIn(case_names()), test_name);

TEST(CliCases, FolderHoldsTheCasesUnderDistinctTestNames) {
  auto names = case_names();
  EXPECT_GE(names.size(), 9u) << "in " << k_cases_dir;
  std::set<std::string> test_names;
  for (const auto& name : names) {
    EXPECT_TRUE(test_names.insert(test_name_of(name)).second) << name << " gets the same test name as another case";
  }
}

// The runner's own checks: each script below is wrong on purpose, and the runner must say where and how.

TEST(CaseRunner, ReportsScriptsThatDoNotParseWithTheirLine) {
  auto failures =
      run_case_text("# comment\nexit: 0\nrun: framework list\nbogus line\nrun: \"open\n", "x.test", config());
  EXPECT_TRUE(any_contains(failures, "x.test:2: exit: comes before any run:")) << joined(failures);
  EXPECT_TRUE(any_contains(failures, "x.test:4: not a directive")) << joined(failures);
  EXPECT_TRUE(any_contains(failures, "x.test:5: a double quote is never closed")) << joined(failures);
  auto unknown = parse_case_script("run: import $NOPE/x.json\n");
  ASSERT_EQ(unknown.problems.size(), 1u);
  EXPECT_NE(unknown.problems[0].find("1: unknown variable $NOPE"), std::string::npos) << unknown.problems[0];
}

TEST(CaseRunner, ReportsWrongExitCodeAndOutputWithLineCommandAndDiff) {
  auto failures = run_case_text("run: framework list --lang sv\nexit: 1\nstdout:\nId  Version\n", "x.test", config());
  ASSERT_EQ(failures.size(), 2u) << joined(failures);
  EXPECT_NE(failures[0].find("x.test:2: exit code 0, expected 1"), std::string::npos) << failures[0];
  EXPECT_NE(failures[0].find("command (line 1): kompass --db "), std::string::npos) << failures[0];
  EXPECT_NE(failures[1].find("x.test:3: stdout differs"), std::string::npos) << failures[1];
  EXPECT_NE(failures[1].find("\n-Id  Version\n"), std::string::npos) << failures[1];
  EXPECT_NE(failures[1].find("\n+kommunkompassen-2010  2010.1"), std::string::npos) << failures[1];
}

TEST(CaseRunner, RequiresExitZeroAndEmptyStderrUnlessTheScriptSaysOtherwise) {
  auto failures = run_case_text("run: evaluation show nope --lang sv\n", "x.test", config());
  EXPECT_TRUE(any_contains(failures, "x.test:1: exit code 1, but the script expects 0")) << joined(failures);
  EXPECT_TRUE(any_contains(failures, "x.test:1: unexpected error output")) << joined(failures);
  EXPECT_TRUE(run_case_text("run: evaluation show nope --lang sv\nexit: 1\n"
                            "stderr:\nfel: Utvärderingen nope finns inte\n",
                            "x.test", config())
                  .empty());
}

TEST(CaseRunner, UnchangedNoticesADatabaseChange) {
  auto failures = run_case_text("run: framework list\nsnapshot\nrun: municipality add 0182 --name Nacka\n"
                                "unchanged\n",
                                "x.test", config());
  ASSERT_EQ(failures.size(), 1u) << joined(failures);
  EXPECT_NE(failures[0].find("x.test:4: the database changed since the snapshot"), std::string::npos) << failures[0];
  EXPECT_NE(failures[0].find("+INSERT INTO municipalities"), std::string::npos) << failures[0];
}

TEST(CaseRunner, ContainsMatchesWholeLinesOnly) {
  auto failures = run_case_text("run: municipality add 0182 --name Nacka --lang sv\nstdout-contains: Lade till\n",
                                "x.test", config());
  EXPECT_TRUE(any_contains(failures, "x.test:2: stdout has no line \"Lade till\"")) << joined(failures);
}

TEST(CaseRunner, BlocksKeepInnerBlankLinesAndUnescapeABackslash) {
  auto script = parse_case_script("run: x\nstdout:\na\n\n\\# b\n\\run: c\n\n# next\nexit: 0\n");
  ASSERT_TRUE(script.problems.empty());
  ASSERT_EQ(script.steps.size(), 3u);
  EXPECT_EQ(script.steps[1].text, "a\n\n# b\nrun: c\n");
  EXPECT_EQ(script.steps[2].line, 9);
  auto indented = parse_case_script("run: x\nstdout-contains:     1.1  a \n");
  ASSERT_EQ(indented.steps.size(), 2u);
  EXPECT_EQ(indented.steps[1].text, "    1.1  a");
}

TEST(CaseRunner, StdinFeedsOnlyTheNextRunAFileInsideTmp) {
  auto outside = parse_case_script("stdin: ../password\nrun: user list\n");
  ASSERT_EQ(outside.problems.size(), 1u);
  EXPECT_NE(outside.problems[0].find("1: stdin: needs a relative file name inside $TMP"), std::string::npos)
      << outside.problems[0];
  // The first add reads the password; the second reads /dev/null again and is refused.
  auto failures = run_case_text("file: pw\nlong enough password\nend\nstdin: pw\nrun: user add anna --lang en\n"
                                "stdout:\nAccount anna (evaluator) created.\nrun: user add per --lang en\nexit: 1\n"
                                "stderr-contains: error: No password on standard input (or use --random-password).\n"
                                "stdin: missing\n",
                                "x.test", config());
  ASSERT_EQ(failures.size(), 1u) << joined(failures);
  EXPECT_NE(failures[0].find("x.test:11: stdin: "), std::string::npos) << failures[0];
}

TEST(CaseRunner, MatchesWantsAWholeLineToMatchTheExpression) {
  auto bad = parse_case_script("run: x\nstdout-matches: (\n");
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_NE(bad.problems[0].find("2: stdout-matches: not a regular expression"), std::string::npos) << bad.problems[0];
  auto failures = run_case_text("run: framework list --lang sv\nstdout-matches: kommunkompassen-2010 +2010\\.1 .*\n"
                                "stdout-matches: 2010\n",
                                "x.test", config());
  ASSERT_EQ(failures.size(), 1u) << joined(failures);
  EXPECT_NE(failures[0].find("x.test:3: stdout has no line matching /2010/"), std::string::npos) << failures[0];
}

TEST(TextDiff, MarksRemovedAndAddedLinesAndAMissingFinalNewline) {
  EXPECT_EQ(text_diff("a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(text_diff("a\nb\nc\n", "a\nx\nc"), "--- expected\n+++ actual\n a\n-b\n+x\n c\n+\\ no newline at end\n");
}
