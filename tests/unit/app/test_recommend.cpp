#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/evaluations.hpp"
#include "app/recommend.hpp"
#include "app/search.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

const std::filesystem::path k_fixtures = std::filesystem::path(KOMPASS_TEST_DATA) / "recommend";
const std::vector<std::string> k_fixture_files{"kungsbacka-2013.json", "skelleftea-2014.json", "lidkoping-2015.json"};

// One "finding:" block of expected.txt with the line each expectation came from.
struct Expectation {
  std::string directive;
  std::string value;
  int line = 0;
};

struct FindingBlock {
  std::string finding;
  int line = 0;
  std::vector<Expectation> expectations;
};

std::string trimmed(const std::string& text) {
  auto begin = text.find_first_not_of(" \t\r");
  auto end = text.find_last_not_of(" \t\r");
  return begin == std::string::npos ? std::string{} : text.substr(begin, end - begin + 1);
}

std::vector<FindingBlock> read_expectations(const std::filesystem::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<FindingBlock> blocks;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trimmed(line);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    auto colon = line.find(": ");
    if (colon == std::string::npos) {
      ADD_FAILURE() << path.filename() << ":" << number << ": no \"directive: value\" in " << line;
      continue;
    }
    std::string directive = line.substr(0, colon);
    std::string value = trimmed(line.substr(colon + 2));
    if (directive == "finding") {
      blocks.push_back({value, number, {}});
    } else if (blocks.empty()) {
      ADD_FAILURE() << path.filename() << ":" << number << ": " << directive << " before the first finding:";
    } else {
      blocks.back().expectations.push_back({directive, value, number});
    }
  }
  return blocks;
}

// A store with the Sundsvall sample and the fixtures, and its search index in the same temporary folder.
class Recommend : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    auto sample = app::import_file(db(), "sundsvall-2012.json", read_bytes(k_samples / "sundsvall-2012.json"));
    ASSERT_TRUE(sample) << describe(sample.error());
    for (const auto& file : k_fixture_files) {
      auto imported = app::import_file(db(), file, read_bytes(k_fixtures / file));
      ASSERT_TRUE(imported) << file << ": " << describe(imported.error());
      ASSERT_EQ(imported->imported.size(), 1u) << file;
    }
    auto opened = app::open_search_index(db(), (m_temporary.path() / "index").string());
    ASSERT_TRUE(opened) << describe(opened.error());
    m_index = std::move(*opened);
  }

  store::Store& db() { return m_temporary.db(); }

  app::Recommendations recommend_ok(const std::string& id) {
    search::Visibility visibility;
    visibility.unpublished = true;
    auto result = app::recommend(db(), *m_index, id, visibility);
    EXPECT_TRUE(result) << id << ": " << (result ? "" : describe(result.error()));
    return result ? *result : app::Recommendations{};
  }

  testing_support::TemporaryStore m_temporary;
  std::unique_ptr<search::Index> m_index;
};

const app::FindingRecommendation* find_block(const app::Recommendations& r, const std::string& text) {
  const app::FindingRecommendation* found = nullptr;
  for (const auto& item : r.findings) {
    if (item.finding.text.find(text) != std::string::npos) {
      EXPECT_EQ(found, nullptr) << "\"" << text << "\" is part of more than one finding";
      found = &item;
    }
  }
  return found;
}

bool suggests(const app::FindingRecommendation& item, const std::string& municipality) {
  return std::any_of(item.suggestions.begin(), item.suggestions.end(),
                     [&](const app::Suggestion& s) { return s.municipality == municipality; });
}

const app::NamedExample* named(const app::FindingRecommendation& item, const std::string& name) {
  auto found = std::find_if(item.named_examples.begin(), item.named_examples.end(),
                            [&](const app::NamedExample& e) { return e.name == name; });
  return found == item.named_examples.end() ? nullptr : &*found;
}

std::string describe(const app::FindingRecommendation& item) {
  std::string text = "suggestions:";
  for (const auto& s : item.suggestions) {
    text += " [" + s.municipality + " " + s.evaluation_id + " p=" + std::to_string(s.percent) + " «" + s.text + "»]";
  }
  text += "; named:";
  for (const auto& e : item.named_examples) {
    text += " " + e.name;
  }
  return text;
}

void check(const app::FindingRecommendation& item, const Expectation& e) {
  SCOPED_TRACE("expected.txt:" + std::to_string(e.line) + ": " + e.directive + ": " + e.value + "\n" + describe(item));
  if (e.directive == "first" || e.directive == "first text") {
    ASSERT_FALSE(item.suggestions.empty());
    EXPECT_EQ(e.directive == "first" ? item.suggestions.front().municipality : item.suggestions.front().text, e.value);
  } else if (e.directive.starts_with("rank ")) {
    auto rank = std::stoul(e.directive.substr(5));
    ASSERT_GE(item.suggestions.size(), rank);
    EXPECT_EQ(item.suggestions[rank - 1].municipality, e.value);
  } else if (e.directive == "suggested") {
    EXPECT_TRUE(suggests(item, e.value));
  } else if (e.directive == "not suggested") {
    EXPECT_FALSE(suggests(item, e.value));
  } else if (e.directive == "named") {
    auto in = e.value.rfind(" in ");
    ASSERT_NE(in, std::string::npos) << "named: NAME in EVALUATION";
    const auto* example = named(item, e.value.substr(0, in));
    ASSERT_NE(example, nullptr);
    auto evaluation = e.value.substr(in + 4);
    EXPECT_TRUE(std::any_of(example->named_in.begin(), example->named_in.end(),
                            [&](const app::NamedIn& where) { return where.evaluation_id == evaluation; }));
  } else if (e.directive == "not named") {
    EXPECT_EQ(named(item, e.value), nullptr);
  } else {
    ADD_FAILURE() << "unknown directive";
  }
}

TEST_P(Recommend, MeetsTheExpectationsOfTheFixtures) {
  auto r = recommend_ok("sundsvall-2012");
  auto blocks = read_expectations(k_fixtures / "expected.txt");
  ASSERT_FALSE(blocks.empty());
  for (const auto& block : blocks) {
    SCOPED_TRACE("expected.txt:" + std::to_string(block.line) + ": finding: " + block.finding);
    const auto* item = find_block(r, block.finding);
    ASSERT_NE(item, nullptr) << "no weakness or improvement of sundsvall-2012 contains this text";
    for (const auto& expectation : block.expectations) {
      check(*item, expectation);
    }
  }
}

// Every suggestion is a strength stored in another municipality's evaluation, in the finding's area; so
// recommendations cannot be a mere echo of the good examples Sundsvall's own report names.
TEST_P(Recommend, SuggestionsAreOtherMunicipalitiesStrengthsNotTheOwnExamples) {
  auto r = recommend_ok("sundsvall-2012");
  ASSERT_EQ(r.findings.size(), 44u) << "every weakness and improvement of the sample, strengths left out";
  std::size_t with_suggestions = 0;
  for (const auto& item : r.findings) {
    SCOPED_TRACE(item.finding.text + "\n" + describe(item));
    EXPECT_NE(item.finding.kind, model::FindingKind::strength);
    EXPECT_LE(item.suggestions.size(), static_cast<std::size_t>(app::k_max_suggestions));
    std::set<std::string> municipalities;
    for (const auto& s : item.suggestions) {
      EXPECT_NE(s.evaluation_id, "sundsvall-2012");
      EXPECT_NE(s.municipality_code, "2281");
      EXPECT_EQ(s.area, item.finding.area);
      EXPECT_TRUE(municipalities.insert(s.municipality).second) << s.municipality << " suggested twice";
      auto loaded = store::in_transaction(
          db(), [&] { return db().load_evaluation(s.evaluation_id); }, store::Access::read);
      ASSERT_TRUE(loaded && *loaded) << s.evaluation_id;
      const auto& findings = (*loaded)->findings;
      EXPECT_TRUE(std::any_of(findings.begin(), findings.end(),
                              [&](const model::Finding& f) {
                                return f.kind == model::FindingKind::strength && f.area == s.area && f.text == s.text;
                              }))
          << "«" << s.text << "» is no strength of " << s.evaluation_id;
    }
    with_suggestions += item.suggestions.empty() ? 0 : 1;
  }
  EXPECT_GE(with_suggestions, 6u);

  // The whistleblower weakness names Göteborg only; the first suggestion must be a strength of someone else.
  const auto* whistleblower = find_block(r, "Ingen visselblåsarfunktion");
  ASSERT_NE(whistleblower, nullptr);
  std::set<std::string> own_examples;
  for (const auto& example : whistleblower->finding.examples) {
    own_examples.insert(example.name);
  }
  ASSERT_FALSE(whistleblower->suggestions.empty());
  EXPECT_FALSE(own_examples.contains(whistleblower->suggestions.front().municipality));
  EXPECT_TRUE(std::any_of(whistleblower->suggestions.begin(), whistleblower->suggestions.end(),
                          [&](const app::Suggestion& s) { return !own_examples.contains(s.municipality); }));
}

// Another evaluation of Sundsvall itself, however well it matches, is never a suggestion; a draft is
// hidden from a user who may not see drafts, and then reported as unknown.
TEST_P(Recommend, NeverSuggestsTheOwnMunicipalityAndHidesDrafts) {
  app::NewEvaluation request;
  request.municipality = {"SE", "2281"};
  request.year = 2016;
  request.framework = "kommunkompassen-2010";
  request.granularity = model::Granularity::area;
  auto created = app::create_evaluation(db(), request);
  ASSERT_TRUE(created) << describe(created.error());
  model::Finding strength;
  strength.area = 1;
  strength.sub_area = "1.5";
  strength.kind = model::FindingKind::strength;
  strength.text = "Visselblåsarfunktion för interna och externa larm om oegentligheter";
  auto added = app::add_finding(db(), *created, strength);
  ASSERT_TRUE(added) << describe(added.error());

  auto r = recommend_ok("sundsvall-2012");
  const auto* whistleblower = find_block(r, "Ingen visselblåsarfunktion");
  ASSERT_NE(whistleblower, nullptr);
  EXPECT_FALSE(suggests(*whistleblower, "Sundsvall")) << describe(*whistleblower);
  EXPECT_EQ(whistleblower->suggestions.front().municipality, "Kungsbacka");

  auto as_public = app::recommend(db(), *m_index, *created, search::Visibility{});
  ASSERT_FALSE(as_public);
  EXPECT_EQ(as_public.error().kind, model::ErrorKind::not_found);
  EXPECT_EQ(as_public.error().code, "unknown_evaluation");

  auto unknown = app::recommend(db(), *m_index, "nowhere-2000", search::Visibility{true, {}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, "unknown_evaluation");
}

TEST(RecommendationQuery, KeepsTheSubjectWordsJoinedByOr) {
  EXPECT_EQ(
      app::recommendation_query("Ingen visselblåsarfunktion för interna och externa larm om oegentligheter", "sv"),
      "visselblåsarfunktion OR interna OR externa OR larm OR oegentligheter");
  EXPECT_EQ(
      app::recommendation_query("Bygga ut den gemensamma e-postingången till ett kontaktcenter för alla kanaler", "sv"),
      "bygga OR gemensamma OR postingången OR kontaktcenter OR kanaler");
  // Query syntax in a finding's text is not syntax: quotes, brackets, a leading minus, operator words.
  EXPECT_EQ(app::recommendation_query("Visionen ”vi ska” (RIKARE) -NOT OR 2012 t.ex. Öppna", "sv"),
            "visionen OR vi OR rikare OR not OR or OR öppna");
  EXPECT_EQ(app::recommendation_query("Saknas inte, finns inga", "sv"), "");
  EXPECT_EQ(app::recommendation_query("Ingen varsling finnes ikke", "nb"), "varsling");
}

INSTANTIATE_TEST_SUITE_P(Backends, Recommend, kompass::testing::all_backends(), kompass::testing::backend_test_name);

} // namespace
