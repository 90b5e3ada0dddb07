#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "scoring/followup.hpp"
#include "unit/scoring/scoring_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass;
using namespace kompass::scoring;
using kompass::scoring::testing::fixture_files;
using kompass::scoring::testing::fixture_name;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "followup";

// One side of a fixture (format in tests/data/followup/README.md).
struct Side {
  model::Framework framework;
  bool has_framework = false;
  int year = 0;
  model::Granularity granularity = model::Granularity::question;
  std::optional<int> published_total;
  std::vector<model::Score> scores;
  std::vector<model::Finding> findings;
};

struct Case {
  Side baseline;
  Side current;
  std::vector<model::Action> actions;
  std::string expected;
};

class Reader {
public:
  explicit Reader(fs::path file) : m_file(std::move(file)) {}

  Case read() {
    std::ifstream in(m_file);
    if (!in) {
      fail("cannot open");
    }
    Case result;
    Side* side = nullptr;
    bool expecting = false;
    std::string text;
    while (std::getline(in, text)) {
      ++m_line;
      if (expecting) {
        result.expected += text + "\n";
        continue;
      }
      std::istringstream stream(text);
      std::vector<std::string> words;
      for (std::string word; stream >> word;) {
        words.push_back(word);
      }
      if (words.empty() || words[0].starts_with("#")) {
        continue;
      }
      if (words[0] == "expect") {
        expecting = true;
      } else if (words[0] == "side") {
        side = word(words, 1) == "baseline" ? &result.baseline : &result.current;
      } else if (words[0] == "action") {
        model::Action action;
        action.id = number(word(words, 1));
        action.area = number(word(words, 2));
        auto status = model::parse_action_status(word(words, 3));
        if (!status) {
          fail("unknown action status");
        }
        action.status = *status;
        action.title = rest(words, 4);
        result.actions.push_back(std::move(action));
      } else if (side == nullptr) {
        fail("'" + words[0] + "' before a 'side' line");
      } else {
        side_line(words, *side);
      }
    }
    if (!expecting) {
      fail("no 'expect' line");
    }
    while (result.expected.ends_with("\n\n")) {
      result.expected.pop_back();
    }
    for (auto* each : {&result.baseline, &result.current}) {
      if (each->framework.max_points == 0) {
        for (const auto& area : each->framework.areas) {
          each->framework.max_points += area.max_points;
        }
      }
    }
    if (!result.current.has_framework) {
      result.current.framework = result.baseline.framework;
    }
    return result;
  }

private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(m_file.string() + ":" + std::to_string(m_line) + ": " + what);
  }

  const std::string& word(const std::vector<std::string>& words, std::size_t index) const {
    if (index >= words.size()) {
      fail("too few words");
    }
    return words[index];
  }

  int number(const std::string& text) const {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
      fail("not a whole number: '" + text + "'");
    }
    return value;
  }

  static std::string rest(const std::vector<std::string>& words, std::size_t from) {
    std::string out;
    for (auto i = from; i < words.size(); ++i) {
      out += (out.empty() ? "" : " ") + words[i];
    }
    return out;
  }

  void side_line(const std::vector<std::string>& words, Side& side) const {
    auto& framework = side.framework;
    const auto& keyword = words[0];
    if (keyword == "framework") {
      framework.id = word(words, 1);
      side.has_framework = true;
    } else if (keyword == "alias") {
      framework.aliases.push_back(word(words, 1));
    } else if (keyword == "rule") {
      framework.earlier_edition_rule =
          model::EarlierEditionRule{number(word(words, 2)), number(word(words, 4)), number(word(words, 5))};
    } else if (keyword == "areas") {
      for (int area = 1; area <= number(word(words, 1)); ++area) {
        framework.areas.push_back(model::Area{area, {}, number(word(words, 3)), {}});
      }
    } else if (keyword == "subarea") {
      const auto& id = word(words, 1);
      const int area_number = number(id.substr(0, id.find('.')));
      auto area = std::find_if(framework.areas.begin(), framework.areas.end(),
                               [&](const model::Area& candidate) { return candidate.number == area_number; });
      if (area == framework.areas.end()) {
        fail("sub-area before its area");
      }
      area->sub_areas.push_back(model::SubArea{id, {}, number(word(words, 3)), {}});
    } else if (keyword == "question") {
      const auto& id = word(words, 1);
      model::SubArea* sub_area = nullptr;
      for (auto& area : framework.areas) {
        for (auto& candidate : area.sub_areas) {
          sub_area = candidate.id == id.substr(0, id.rfind('.')) ? &candidate : sub_area;
        }
      }
      if (sub_area == nullptr) {
        fail("question before its sub-area");
      }
      sub_area->questions.push_back(model::Question{id, {}, number(word(words, 3)), {}, {}});
    } else if (keyword == "year") {
      side.year = number(word(words, 1));
    } else if (keyword == "granularity") {
      auto granularity = model::parse_granularity(word(words, 1));
      if (!granularity) {
        fail("unknown granularity");
      }
      side.granularity = *granularity;
    } else if (keyword == "published") {
      side.published_total = number(word(words, 1));
    } else if (keyword == "score") {
      model::Score score;
      auto target = model::parse_score_target(word(words, 1));
      if (!target) {
        fail("unknown score target");
      }
      score.target = *target;
      const bool total = score.target == model::ScoreTarget::total;
      score.target_id = total ? "total" : word(words, 2);
      score.points = number(word(words, total ? 2 : 3));
      side.scores.push_back(std::move(score));
    } else if (keyword == "finding") {
      model::Finding finding;
      auto kind = model::parse_finding_kind(word(words, 1));
      if (!kind) {
        fail("unknown finding kind");
      }
      finding.kind = *kind;
      finding.area = number(word(words, 2));
      finding.sub_area = word(words, 3) == "-" ? "" : words[3];
      finding.text = rest(words, 4);
      side.findings.push_back(std::move(finding));
    } else {
      fail("unknown keyword '" + keyword + "'");
    }
  }

  fs::path m_file;
  int m_line = 0;
};

std::string points(const std::optional<int>& value, int max) {
  if (max == 0) {
    return "none";
  }
  return value ? std::to_string(*value) + "/" + std::to_string(max) : "not assessed";
}

std::string change_line(const std::string& label, const PointsChange& change) {
  std::string out = label + change.id + ": " + points(change.previous, change.previous_max) + " → " +
                    points(change.current, change.max);
  if (change.difference) {
    out += " (" + std::string(*change.difference > 0 ? "+" : "") + std::to_string(*change.difference) + ")";
  }
  return out + "\n";
}

std::string print(const Followup& result) {
  std::string out = "editions: ";
  switch (result.comparison.comparability) {
  case Comparability::comparable:
    out += "comparable";
    break;
  case Comparability::interval:
    out += "interval " + std::to_string(*result.comparison.low) + "–" + std::to_string(*result.comparison.high);
    break;
  case Comparability::not_comparable:
    out += "not comparable";
    break;
  }
  out += result.edition_changed ? ", edition changed\n" : "\n";
  for (const auto& change : result.questions) {
    out += change_line("question ", change);
  }
  for (const auto& change : result.areas) {
    out += change_line("area ", change);
  }
  out += change_line("", result.total);
  for (const auto& outcome : result.findings) {
    const auto& finding = outcome.finding;
    out += std::string("finding ") + model::to_string(finding.kind) + " " +
           (finding.sub_area.empty() ? std::to_string(finding.area) : finding.sub_area) + " \"" + finding.text +
           "\": " + to_string(outcome.fate) + "\n";
  }
  for (const auto& outcome : result.actions) {
    out += "action " + std::to_string(outcome.action.id) + " " + model::to_string(outcome.action.status);
    out += outcome.area ? ", " + change_line("area ", *outcome.area) : "\n";
  }
  return out;
}

Aggregate aggregate_side(const Side& side) {
  return aggregate(side.framework, side.granularity, side.scores, side.published_total);
}

class FollowupFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(FollowupFixture, MatchesTheExpectedFollowup) {
  Case fixture;
  try {
    fixture = Reader(GetParam()).read();
  } catch (const std::exception& error) {
    FAIL() << error.what();
  }
  const auto baseline_aggregate = aggregate_side(fixture.baseline);
  const auto current_aggregate = aggregate_side(fixture.current);
  const FollowupSide baseline{fixture.baseline.framework, baseline_aggregate, fixture.baseline.findings,
                              fixture.baseline.year};
  const FollowupSide current{fixture.current.framework, current_aggregate, fixture.current.findings,
                             fixture.current.year};
  EXPECT_EQ(fixture.expected, print(followup(baseline, current, fixture.actions))) << "fixture " << GetParam().string();
}

INSTANTIATE_TEST_SUITE_P(Data, FollowupFixture, ::testing::ValuesIn(fixture_files(k_fixture_dir)),
                         [](const ::testing::TestParamInfo<fs::path>& info) { return fixture_name(info.param); });

// Guards against a moved or empty fixture folder silently running no cases.
TEST(FollowupFixtures, FolderHasFixtures) { EXPECT_FALSE(fixture_files(k_fixture_dir).empty()) << k_fixture_dir; }

} // namespace
