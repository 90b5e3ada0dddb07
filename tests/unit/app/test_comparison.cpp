#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/comparison.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using app::ReferenceSpec;
using model::ErrorKind;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

// A fresh store holding the Sundsvall sample, the published results and the published averages.
class Compare : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    for (const char* file : {"sundsvall-2012.json", "published-results.csv", "published-averages.csv"}) {
      auto imported = app::import_file(db(), file, read_bytes(k_samples / file));
      ASSERT_TRUE(imported) << file << ": " << describe(imported.error());
    }
  }

  store::Store& db() { return m_temporary.db(); }

  app::Comparison compare_ok(const std::string& id, const std::string& reference) {
    auto spec = app::parse_reference_spec(reference);
    EXPECT_TRUE(spec) << reference << ": " << (spec ? "" : describe(spec.error()));
    if (!spec) {
      return app::Comparison{};
    }
    auto result = app::compare(db(), id, *spec);
    EXPECT_TRUE(result) << id << " vs " << reference << ": " << (result ? "" : describe(result.error()));
    return result ? *result : app::Comparison{};
  }

  testing_support::TemporaryStore m_temporary;
};

std::vector<std::string> member_ids(const std::vector<app::ReferenceMember>& members) {
  std::vector<std::string> ids;
  for (const auto& member : members) {
    ids.push_back(member.id);
  }
  return ids;
}

} // namespace

TEST(ReferenceSpecParsing, DefaultPublishedAndNamedLists) {
  EXPECT_EQ(app::parse_reference_spec("").value().kind, ReferenceSpec::Kind::default_group);
  EXPECT_EQ(app::parse_reference_spec("default").value().kind, ReferenceSpec::Kind::default_group);
  EXPECT_EQ(app::parse_reference_spec("published").value().kind, ReferenceSpec::Kind::published_average);
  auto named = app::parse_reference_spec("orebro-2012, strangnas-2016,,").value();
  EXPECT_EQ(named.kind, ReferenceSpec::Kind::named_list);
  EXPECT_EQ(named.evaluation_ids, (std::vector<std::string>{"orebro-2012", "strangnas-2016"}));
}

TEST_P(Compare, SundsvallAgainstTheDefaultGroup) {
  auto comparison = compare_ok("sundsvall-2012", "default");
  EXPECT_EQ(comparison.evaluation_id, "sundsvall-2012");
  EXPECT_EQ(comparison.framework_id, "kommunkompassen-2010");
  EXPECT_EQ(comparison.reference_code, "reference_default");
  EXPECT_EQ(comparison.reference_count, 6);

  // Same edition and country, Sundsvall itself excluded: Röros (NO) and the 2016-edition rows are not members.
  const std::vector<std::pair<std::string, int>> members = {{"Karlskoga", 2014}, {"Nacka", 2011},  {"Strängnäs", 2014},
                                                            {"Ängelholm", 2013}, {"Örebro", 2012}, {"Örebro", 2015}};
  ASSERT_EQ(comparison.members.size(), members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    EXPECT_EQ(comparison.members[i].municipality, members[i].first) << i;
    EXPECT_EQ(comparison.members[i].year, members[i].second) << i;
  }
  EXPECT_EQ(member_ids(comparison.members), (std::vector<std::string>{"karlskoga-2014", "nacka-2011", "strangnas-2014",
                                                                      "angelholm-2013", "orebro-2012", "orebro-2015"}));
  EXPECT_TRUE(comparison.excluded_not_comparable.empty());

  ASSERT_EQ(comparison.rows.size(), 9u);
  // Area 1: Örebro 2012 (68) and Strängnäs 2014 (54).
  EXPECT_EQ(comparison.rows[0].label, "1");
  EXPECT_EQ(comparison.rows[0].title, "Offentlighet och demokrati");
  EXPECT_EQ(comparison.rows[0].points, std::optional<int>(44));
  EXPECT_EQ(comparison.rows[0].max, 100);
  ASSERT_TRUE(comparison.rows[0].reference.mean);
  EXPECT_DOUBLE_EQ(*comparison.rows[0].reference.mean, 61.0);
  EXPECT_EQ(comparison.rows[0].reference.count, 2);
  ASSERT_TRUE(comparison.rows[0].difference);
  EXPECT_DOUBLE_EQ(*comparison.rows[0].difference, -17.0);
  // Areas 2..8: only Örebro 2012 published them.
  const std::vector<int> orebro = {85, 86, 74, 70, 74, 71, 87};
  const std::vector<int> sundsvall = {60, 60, 78, 52, 58, 50, 80};
  for (std::size_t i = 0; i < orebro.size(); ++i) {
    const auto& row = comparison.rows[i + 1];
    EXPECT_EQ(row.label, std::to_string(i + 2));
    EXPECT_EQ(row.points, std::optional<int>(sundsvall[i])) << row.label;
    ASSERT_TRUE(row.reference.mean) << row.label;
    EXPECT_DOUBLE_EQ(*row.reference.mean, orebro[i]) << row.label;
    EXPECT_EQ(row.reference.count, 1) << row.label;
    ASSERT_TRUE(row.difference) << row.label;
    EXPECT_DOUBLE_EQ(*row.difference, sundsvall[i] - orebro[i]) << row.label;
  }
  // Total: (615 + 650 + 450 + 644 + 437 + 426) / 6 = 537.
  const auto& total = comparison.rows[8];
  EXPECT_EQ(total.label, "total");
  EXPECT_EQ(total.points, std::optional<int>(482));
  EXPECT_EQ(total.max, 800);
  ASSERT_TRUE(total.reference.mean);
  EXPECT_DOUBLE_EQ(*total.reference.mean, 537.0);
  EXPECT_EQ(total.reference.count, 6);
  ASSERT_TRUE(total.difference);
  EXPECT_DOUBLE_EQ(*total.difference, -55.0);
}

TEST_P(Compare, NamedMemberOfAnotherEditionIsNotComparable) {
  auto comparison = compare_ok("sundsvall-2012", "orebro-2012,strangnas-2016");
  EXPECT_EQ(comparison.reference_code, "reference_named");
  EXPECT_EQ(comparison.reference_args.at("ids"), "orebro-2012");
  EXPECT_EQ(comparison.reference_count, 1);
  EXPECT_EQ(member_ids(comparison.members), std::vector<std::string>{"orebro-2012"});
  EXPECT_EQ(member_ids(comparison.excluded_not_comparable), std::vector<std::string>{"strangnas-2016"});
  ASSERT_EQ(comparison.rows.size(), 9u);
  ASSERT_TRUE(comparison.rows[0].reference.mean);
  EXPECT_DOUBLE_EQ(*comparison.rows[0].reference.mean, 68.0);
  ASSERT_TRUE(comparison.rows[8].reference.mean);
  EXPECT_DOUBLE_EQ(*comparison.rows[8].reference.mean, 615.0);
  EXPECT_EQ(comparison.rows[8].reference.count, 1);
}

TEST_P(Compare, NamedUnknownEvaluationIsNotFound) {
  auto result = app::compare(db(), "sundsvall-2012", app::parse_reference_spec("orebro-2012,nowhere-2000").value());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().code, "unknown_evaluation");
  EXPECT_EQ(result.error().args.at("id"), "nowhere-2000");
}

TEST_P(Compare, EarlierPre2010EvaluationsCompareAsAnInterval) {
  auto comparison = compare_ok("sundsvall-2012", "default");
  ASSERT_EQ(comparison.earlier.size(), 2u);
  EXPECT_EQ(comparison.earlier[0].year, 2003);
  EXPECT_EQ(comparison.earlier[1].year, 2006);
  for (const auto& earlier : comparison.earlier) {
    EXPECT_TRUE(earlier.id.empty()) << earlier.year;
    EXPECT_EQ(earlier.edition, "pre-2010");
    EXPECT_EQ(earlier.total, std::nullopt);
    EXPECT_EQ(earlier.comparison.comparability, scoring::Comparability::interval) << earlier.year;
    EXPECT_EQ(earlier.comparison.low, std::optional<int>(562)) << earlier.year;
    EXPECT_EQ(earlier.comparison.high, std::optional<int>(582)) << earlier.year;
  }
}

TEST_P(Compare, EarlierStoredEvaluationOfTheSameEditionIsComparable) {
  auto comparison = compare_ok("orebro-2015", "default");
  ASSERT_EQ(comparison.earlier.size(), 1u);
  EXPECT_EQ(comparison.earlier[0].id, "orebro-2012");
  EXPECT_EQ(comparison.earlier[0].total, std::optional<int>(615));
  EXPECT_EQ(comparison.earlier[0].comparison.comparability, scoring::Comparability::comparable);
  // Örebro's own evaluations are not in its reference group, Sundsvall's is.
  EXPECT_EQ(comparison.reference_count, 5);
  EXPECT_EQ(member_ids(comparison.members), (std::vector<std::string>{"karlskoga-2014", "nacka-2011", "strangnas-2014",
                                                                      "sundsvall-2012", "angelholm-2013"}));
  for (const auto& member : comparison.members) {
    EXPECT_NE(member.municipality, "Örebro");
  }
}

TEST_P(Compare, NoPublishedAverageForThe2010Edition) {
  auto result = app::compare(db(), "sundsvall-2012", app::parse_reference_spec("published").value());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().code, "no_published_average");
  EXPECT_EQ(result.error().args.at("framework"), "kommunkompassen-2010");
}

TEST_P(Compare, The2016EditionAgainstItsPublishedAverage) {
  auto comparison = compare_ok("strangnas-2016", "published");
  EXPECT_EQ(comparison.framework_id, "kommunkompassen-2016");
  EXPECT_EQ(comparison.reference_code, "reference_published");
  EXPECT_EQ(comparison.reference_args.at("as_of"), "2017");
  ASSERT_EQ(comparison.rows.size(), 9u);
  const auto& area_1 = comparison.rows[0];
  EXPECT_EQ(area_1.title, "Område 1");
  EXPECT_EQ(area_1.points, std::optional<int>(63));
  ASSERT_TRUE(area_1.reference.mean);
  EXPECT_DOUBLE_EQ(*area_1.reference.mean, 55.0);
  ASSERT_TRUE(area_1.difference);
  EXPECT_DOUBLE_EQ(*area_1.difference, 8.0);
  for (std::size_t i = 1; i < 8; ++i) {
    EXPECT_EQ(comparison.rows[i].points, std::nullopt) << i;
    EXPECT_EQ(comparison.rows[i].reference.mean, std::nullopt) << i;
    EXPECT_EQ(comparison.rows[i].difference, std::nullopt) << i;
  }
  const auto& total = comparison.rows[8];
  EXPECT_EQ(total.points, std::optional<int>(497));
  ASSERT_TRUE(total.reference.mean);
  EXPECT_DOUBLE_EQ(*total.reference.mean, 476.0);
  ASSERT_TRUE(total.difference);
  EXPECT_DOUBLE_EQ(*total.difference, 21.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Compare, kompass::testing::all_backends(), kompass::testing::backend_test_name);
