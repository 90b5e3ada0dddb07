#include "unit/scoring/scoring_fixture.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>

#include "model/messages.hpp"
#include "scoring/scoring.hpp"

namespace kompass::scoring::testing {
namespace {

namespace fs = std::filesystem;

struct Line {
  int number = 0;
  std::vector<std::string> words;
};

// One evaluation's input: the aggregate mode has exactly one, the reference mode one per member.
struct Member {
  std::string name;
  model::Granularity granularity = model::Granularity::question;
  std::optional<int> published_total;
  std::vector<model::Score> scores;
};

struct Check {
  model::ScoreTarget target = model::ScoreTarget::question;
  std::string target_id;
  int points = 0;
};

struct Comparison {
  std::optional<int> total;
  std::string other_edition;
  int other_year = 0;
};

struct Fixture {
  std::string mode;
  model::Framework framework;
  bool max_given = false;
  std::vector<Member> members;
  std::vector<Check> checks;
  std::vector<Comparison> comparisons;
  std::vector<std::string> expected;
};

class Parser {
public:
  explicit Parser(fs::path file) : m_file(std::move(file)) {}

  [[noreturn]] void fail(int line, const std::string& what) const {
    throw FixtureError(m_file.string() + ":" + std::to_string(line) + ": " + what);
  }

  int integer(const Line& line, const std::string& text) const {
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
      fail(line.number, "not a whole number: '" + text + "'");
    }
    return value;
  }

  const std::string& word(const Line& line, std::size_t index) const {
    if (index >= line.words.size()) {
      fail(line.number, "too few words for '" + line.words.front() + "'");
    }
    return line.words[index];
  }

  void expect_word(const Line& line, std::size_t index, const std::string& keyword) const {
    if (word(line, index) != keyword) {
      fail(line.number, "expected '" + keyword + "', got '" + line.words[index] + "'");
    }
  }

  model::Granularity granularity(const Line& line, const std::string& text) const {
    auto value = model::parse_granularity(text);
    if (!value) {
      fail(line.number, "unknown granularity '" + text + "'");
    }
    return *value;
  }

  model::ScoreTarget target(const Line& line, const std::string& text) const {
    auto value = model::parse_score_target(text);
    if (!value) {
      fail(line.number, "unknown score target '" + text + "'");
    }
    return *value;
  }

  // "question ID POINTS", "area N POINTS" or "total POINTS", starting at `index`; returns the next index.
  std::size_t target_and_points(const Line& line, std::size_t index, model::ScoreTarget& target_kind,
                                std::string& target_id, int& points) const {
    target_kind = target(line, word(line, index));
    if (target_kind == model::ScoreTarget::total) {
      target_id = "total";
      points = integer(line, word(line, index + 1));
      return index + 2;
    }
    target_id = word(line, index + 1);
    points = integer(line, word(line, index + 2));
    return index + 3;
  }

  // Key-value words from `index` on ("year 2010 max 800"), each key at most once.
  std::vector<std::pair<std::string, std::string>> pairs(const Line& line, std::size_t index) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (; index < line.words.size(); index += 2) {
      out.emplace_back(line.words[index], word(line, index + 1));
    }
    return out;
  }

  Member& current_member(const Line& line, Fixture& fixture) const {
    if (fixture.mode == "reference_average") {
      if (fixture.members.empty()) {
        fail(line.number, "a score in reference_average mode needs a 'member' line before it");
      }
    } else if (fixture.members.empty()) {
      fixture.members.emplace_back();
    }
    return fixture.members.back();
  }

  void parse_framework_line(const Line& line, Fixture& fixture) const {
    auto& framework = fixture.framework;
    framework.id = word(line, 1);
    for (const auto& [key, value] : pairs(line, 2)) {
      if (key == "year") {
        framework.year = integer(line, value);
      } else if (key == "max") {
        framework.max_points = integer(line, value);
        fixture.max_given = true;
      } else if (key == "level") {
        if (value != "question" && value != "area") {
          fail(line.number, "level is question or area");
        }
        framework.level = value == "area" ? model::FrameworkLevel::area : model::FrameworkLevel::question;
      } else {
        fail(line.number, "unknown framework attribute '" + key + "'");
      }
    }
  }

  void parse_structure_line(const Line& line, Fixture& fixture) const {
    auto& framework = fixture.framework;
    const auto& keyword = line.words.front();
    expect_word(line, 2, "max");
    int max = integer(line, word(line, 3));
    if (keyword == "areas") {
      int count = integer(line, word(line, 1));
      for (int number = 1; number <= count; ++number) {
        framework.areas.push_back(model::Area{number, {}, max, {}});
      }
    } else if (keyword == "area") {
      framework.areas.push_back(model::Area{integer(line, word(line, 1)), {}, max, {}});
    } else if (keyword == "subarea") {
      const auto& id = word(line, 1);
      const int number = integer(line, id.substr(0, id.find('.')));
      auto area = std::find_if(framework.areas.begin(), framework.areas.end(),
                               [&](const model::Area& candidate) { return candidate.number == number; });
      if (area == framework.areas.end()) {
        fail(line.number, "sub-area " + id + " before its area");
      }
      area->sub_areas.push_back(model::SubArea{id, {}, max, {}});
    } else {
      const auto& id = word(line, 1);
      const std::string parent = id.substr(0, id.rfind('.'));
      model::SubArea* sub_area = nullptr;
      for (auto& area : framework.areas) {
        for (auto& candidate : area.sub_areas) {
          if (candidate.id == parent) {
            sub_area = &candidate;
          }
        }
      }
      if (sub_area == nullptr) {
        fail(line.number, "question " + id + " before its sub-area");
      }
      sub_area->questions.push_back(model::Question{id, {}, max, {}, {}});
    }
  }

  void parse_line(const Line& line, Fixture& fixture) const {
    const auto& keyword = line.words.front();
    if (keyword == "mode") {
      fixture.mode = word(line, 1);
      static const std::vector<std::string> k_modes{"aggregate", "check_points", "reference_average",
                                                    "compare_editions"};
      if (std::find(k_modes.begin(), k_modes.end(), fixture.mode) == k_modes.end()) {
        fail(line.number, "unknown mode '" + fixture.mode + "'");
      }
    } else if (keyword == "framework") {
      parse_framework_line(line, fixture);
    } else if (keyword == "alias") {
      fixture.framework.aliases.push_back(word(line, 1));
    } else if (keyword == "rule") {
      expect_word(line, 1, "before");
      expect_word(line, 3, "add");
      fixture.framework.earlier_edition_rule = model::EarlierEditionRule{
          integer(line, word(line, 2)), integer(line, word(line, 4)), integer(line, word(line, 5))};
    } else if (keyword == "areas" || keyword == "area" || keyword == "subarea" || keyword == "question") {
      parse_structure_line(line, fixture);
    } else if (keyword == "member") {
      Member member;
      member.name = word(line, 1);
      for (const auto& [key, value] : pairs(line, 2)) {
        if (key == "granularity") {
          member.granularity = granularity(line, value);
        } else if (key == "published") {
          member.published_total = integer(line, value);
        } else {
          fail(line.number, "unknown member attribute '" + key + "'");
        }
      }
      fixture.members.push_back(std::move(member));
    } else if (keyword == "granularity") {
      current_member(line, fixture).granularity = granularity(line, word(line, 1));
    } else if (keyword == "published") {
      current_member(line, fixture).published_total = integer(line, word(line, 1));
    } else if (keyword == "score") {
      model::Score score;
      auto next = target_and_points(line, 1, score.target, score.target_id, score.points);
      if (next < line.words.size()) {
        expect_word(line, next, "evaluator");
        for (auto i = next + 1; i < line.words.size(); ++i) {
          score.evaluator += (score.evaluator.empty() ? "" : " ") + line.words[i];
        }
        if (score.evaluator.empty()) {
          fail(line.number, "'evaluator' needs a name");
        }
      }
      current_member(line, fixture).scores.push_back(std::move(score));
    } else if (keyword == "check") {
      Check check;
      if (target_and_points(line, 1, check.target, check.target_id, check.points) != line.words.size()) {
        fail(line.number, "extra words after check");
      }
      fixture.checks.push_back(std::move(check));
    } else if (keyword == "compare") {
      // compare total N|none with EDITION YEAR
      expect_word(line, 1, "total");
      expect_word(line, 3, "with");
      Comparison comparison;
      if (line.words[2] != "none") {
        comparison.total = integer(line, line.words[2]);
      }
      comparison.other_edition = word(line, 4);
      comparison.other_year = integer(line, word(line, 5));
      fixture.comparisons.push_back(std::move(comparison));
    } else {
      fail(line.number, "unknown keyword '" + keyword + "'");
    }
  }

  Fixture parse() const {
    std::ifstream in(m_file);
    if (!in) {
      fail(0, "cannot open");
    }
    Fixture fixture;
    std::string text;
    int number = 0;
    bool expecting = false;
    while (std::getline(in, text)) {
      ++number;
      while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t')) {
        text.pop_back();
      }
      if (expecting) {
        fixture.expected.push_back(text);
        continue;
      }
      Line line{number, {}};
      std::istringstream words(text);
      for (std::string word; words >> word;) {
        line.words.push_back(word);
      }
      if (line.words.empty() || line.words.front().starts_with("#")) {
        continue;
      }
      if (line.words.front() == "expect" && line.words.size() == 1) {
        expecting = true;
        continue;
      }
      parse_line(line, fixture);
    }
    while (!fixture.expected.empty() && fixture.expected.back().empty()) {
      fixture.expected.pop_back();
    }
    if (fixture.mode.empty()) {
      fail(number, "no 'mode' line");
    }
    if (!expecting) {
      fail(number, "no 'expect' line");
    }
    if (!fixture.max_given) {
      for (const auto& area : fixture.framework.areas) {
        fixture.framework.max_points += area.max_points;
      }
    }
    return fixture;
  }

private:
  fs::path m_file;
};

std::string node_line(const std::string& kind, const NodeScore& node, bool counts) {
  std::string out = kind + (kind.empty() ? "" : " ") + node.id + ": ";
  out += node.points ? std::to_string(*node.points) + "/" + std::to_string(node.max) : "not assessed";
  if (counts) {
    out += " (" + std::to_string(node.assessed) + " of " + std::to_string(node.total) + ")";
  }
  return out;
}

Aggregate aggregate_member(const Fixture& fixture, const Member& member) {
  return aggregate(fixture.framework, member.granularity, member.scores, member.published_total);
}

void print_aggregate(const Fixture& fixture, std::vector<std::string>& out) {
  Member none;
  const auto& member = fixture.members.empty() ? none : fixture.members.front();
  auto result = aggregate_member(fixture, member);
  for (const auto& node : result.questions) {
    out.push_back(node_line("question", node, false));
  }
  for (const auto& node : result.sub_areas) {
    out.push_back(node_line("subarea", node, true));
  }
  for (const auto& node : result.areas) {
    out.push_back(node_line("area", node, true));
  }
  // The total's id is "total" already, so it prints as "total: ...".
  out.push_back(node_line("", result.total, true));
  std::string unscored = "unscored:";
  for (const auto& id : result.unscored) {
    unscored += " " + id;
  }
  out.push_back(result.unscored.empty() ? "unscored: none" : unscored);
}

const char* kind_name(model::ErrorKind kind) {
  switch (kind) {
  case model::ErrorKind::bad_input:
    return "bad_input";
  case model::ErrorKind::not_found:
    return "not_found";
  case model::ErrorKind::conflict:
    return "conflict";
  case model::ErrorKind::malformed:
    return "malformed";
  case model::ErrorKind::unauthenticated:
    return "unauthenticated";
  case model::ErrorKind::forbidden:
    return "forbidden";
  case model::ErrorKind::rate_limited:
    return "rate_limited";
  case model::ErrorKind::unavailable:
    return "unavailable";
  case model::ErrorKind::internal:
    return "internal";
  }
  return "?";
}

void print_checks(const Fixture& fixture, std::vector<std::string>& out) {
  for (const auto& check : fixture.checks) {
    auto result = check_points(fixture.framework, check.target, check.target_id, check.points);
    out.push_back(result ? std::string("ok")
                         : std::string(kind_name(result.error().kind)) + ": " +
                               model::render(model::UiLanguage::sv, result.error()));
  }
}

std::string figure_line(const std::string& label, const ReferenceFigure& figure) {
  std::ostringstream line;
  line << label << ": ";
  if (figure.mean) {
    line << std::fixed << std::setprecision(1) << *figure.mean;
  } else {
    line << "none";
  }
  line << " (n=" << figure.count << ")";
  return line.str();
}

void print_reference(const Fixture& fixture, std::vector<std::string>& out) {
  std::vector<Aggregate> members;
  for (const auto& member : fixture.members) {
    members.push_back(aggregate_member(fixture, member));
  }
  auto average = reference_average(members, fixture.framework.areas.size());
  for (std::size_t i = 0; i < average.areas.size(); ++i) {
    out.push_back(figure_line("area " + std::to_string(i + 1), average.areas[i]));
  }
  out.push_back(figure_line("total", average.total));
}

void print_comparisons(const Fixture& fixture, std::vector<std::string>& out) {
  for (const auto& comparison : fixture.comparisons) {
    auto result =
        compare_editions(fixture.framework, comparison.total, comparison.other_edition, comparison.other_year);
    switch (result.comparability) {
    case Comparability::comparable:
      out.emplace_back("comparable");
      break;
    case Comparability::not_comparable:
      out.emplace_back("not comparable");
      break;
    case Comparability::interval:
      out.push_back("interval " + (result.low ? std::to_string(*result.low) : "?") + "–" +
                    (result.high ? std::to_string(*result.high) : "?"));
      break;
    }
  }
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    out += line + "\n";
  }
  return out;
}

} // namespace

std::vector<fs::path> fixture_files(const fs::path& directory) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string fixture_name(const fs::path& file) {
  std::string name = file.stem().string();
  for (auto& c : name) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!safe) {
      c = '_';
    }
  }
  return name;
}

FixtureOutcome run_fixture(const fs::path& file) {
  auto fixture = Parser(file).parse();
  std::vector<std::string> actual;
  if (fixture.mode == "aggregate") {
    if (fixture.members.size() > 1) {
      throw FixtureError(file.string() + ": aggregate mode takes no 'member' lines");
    }
    print_aggregate(fixture, actual);
  } else if (fixture.mode == "check_points") {
    print_checks(fixture, actual);
  } else if (fixture.mode == "reference_average") {
    print_reference(fixture, actual);
  } else {
    print_comparisons(fixture, actual);
  }
  return {joined(fixture.expected), joined(actual)};
}

LinesFixture read_lines_fixture(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw FixtureError(file.string() + ": cannot read");
  }
  LinesFixture result;
  std::string line;
  bool after_separator = false;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    if (after_separator) {
      result.expected += line + "\n";
    } else if (line == "---") {
      after_separator = true;
    } else {
      result.input.emplace_back(number, line);
    }
  }
  if (!after_separator) {
    throw FixtureError(file.string() + ": no --- line before the expected output");
  }
  return result;
}

std::string fixed3(double value) {
  std::ostringstream text;
  text.setf(std::ios::fixed);
  text.precision(3);
  text << (std::abs(value) < 0.0005 ? 0.0 : value);
  return text.str();
}

} // namespace kompass::scoring::testing
