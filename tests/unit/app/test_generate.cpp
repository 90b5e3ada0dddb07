#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/catalog.hpp"
#include "app/generate.hpp"
#include "unit/app/app_test_support.hpp"

// The synthetic-data generator behind `kompass dev generate`: its vocabulary, its determinism, the Zipf shape of
// its words and what it writes into a store.

namespace {

using kompass::app::GenerateOptions;
using kompass::app::SyntheticData;
using kompass::testing_support::describe;
using kompass::testing_support::TemporaryStore;

// The small corpus the tests generate: 5 municipalities × 2 evaluations × 10 findings.
GenerateOptions small(std::uint64_t seed) {
  GenerateOptions options;
  options.municipalities = 5;
  options.evaluations_per_municipality = 2;
  options.findings = 10;
  options.seed = seed;
  return options;
}

// The edition the generator writes, as stored in a fresh store.
kompass::model::Framework framework_of(TemporaryStore& store) {
  auto framework = kompass::app::get_framework(store.db(), kompass::app::k_synthetic_framework);
  EXPECT_TRUE(framework) << (framework ? "" : describe(framework.error()));
  return framework ? *framework : kompass::model::Framework{};
}

std::vector<std::string> finding_texts(const kompass::model::Evaluation& evaluation) {
  std::vector<std::string> texts;
  for (const auto& finding : evaluation.findings) {
    texts.push_back(finding.text);
  }
  return texts;
}

TEST(SyntheticVocabulary, HasAtLeastFiveThousandDistinctWords) {
  const auto& vocabulary = kompass::app::synthetic_vocabulary();
  std::set<std::string> distinct(vocabulary.begin(), vocabulary.end());
  EXPECT_EQ(distinct.size(), vocabulary.size());
  EXPECT_GE(distinct.size(), 5000u);
  // Words of the seed and the sample come first, compounds after them.
  EXPECT_EQ(vocabulary.front(), "och");
  EXPECT_TRUE(distinct.count("medborgardialogen"));
  EXPECT_TRUE(distinct.count("visselblåsarfunktion"));
  EXPECT_TRUE(distinct.count("kvalitetsuppföljning"));
  EXPECT_TRUE(distinct.count("medborgardialog"));
}

TEST(SyntheticData, SameSeedGivesSameDataAndAnotherSeedOtherData) {
  TemporaryStore store;
  ASSERT_TRUE(store.ok());
  auto framework = framework_of(store);
  SyntheticData first(small(7), framework);
  SyntheticData again(small(7), framework);
  SyntheticData other(small(8), framework);
  EXPECT_EQ(first.municipality(0), again.municipality(0));
  EXPECT_EQ(finding_texts(first.evaluation(0, 0)), finding_texts(again.evaluation(0, 0)));
  EXPECT_EQ(first.evaluation(4, 1), again.evaluation(4, 1));
  EXPECT_NE(finding_texts(first.evaluation(0, 0)), finding_texts(other.evaluation(0, 0)));
  // Order does not matter: an item is a function of the seed and its place alone.
  auto late = again.evaluation(3, 1);
  EXPECT_EQ(first.evaluation(3, 1), late);
}

TEST(SyntheticData, EvaluationsAreMarkedSyntheticAndPlausible) {
  TemporaryStore store;
  ASSERT_TRUE(store.ok());
  auto framework = framework_of(store);
  SyntheticData data(small(1), framework);
  auto municipality = data.municipality(2);
  EXPECT_EQ(municipality.ref.code.size(), 4u);
  ASSERT_TRUE(municipality.county);
  EXPECT_NE(municipality.county->find("syntetiskt"), std::string::npos);
  ASSERT_TRUE(municipality.population);
  EXPECT_GE(*municipality.population, 2000);
  ASSERT_TRUE(municipality.group);
  auto evaluation = data.evaluation(2, 0);
  auto later = data.evaluation(2, 1);
  EXPECT_LT(evaluation.year, later.year);
  EXPECT_GE(evaluation.year, 2010);
  EXPECT_LE(later.year, 2024);
  EXPECT_EQ(evaluation.note, kompass::app::k_synthetic_note);
  EXPECT_EQ(evaluation.granularity, kompass::model::Granularity::area);
  ASSERT_EQ(evaluation.scores.size(), 8u);
  int total = 0;
  for (const auto& score : evaluation.scores) {
    EXPECT_GE(score.points, 0);
    EXPECT_LE(score.points, 100);
    total += score.points;
  }
  EXPECT_EQ(evaluation.published_total, total);
  ASSERT_EQ(evaluation.findings.size(), 10u);
  for (const auto& finding : evaluation.findings) {
    EXPECT_GE(finding.area, 1);
    EXPECT_LE(finding.area, 8);
    EXPECT_FALSE(finding.text.empty());
  }
}

TEST(SyntheticData, NamesAndCodesStayDistinctAtTheLargestSize) {
  TemporaryStore store;
  ASSERT_TRUE(store.ok());
  GenerateOptions options;
  options.municipalities = 1500;
  SyntheticData data(options, framework_of(store));
  std::set<std::string> names;
  std::set<std::string> codes;
  for (int i = 0; i < options.municipalities; ++i) {
    auto municipality = data.municipality(i);
    names.insert(municipality.name);
    codes.insert(municipality.ref.code);
  }
  EXPECT_EQ(names.size(), 1500u);
  EXPECT_EQ(codes.size(), 1500u);
}

TEST(SyntheticData, WordsFollowZipf) {
  TemporaryStore store;
  ASSERT_TRUE(store.ok());
  auto options = small(3);
  SyntheticData data(options, framework_of(store));
  std::map<std::string, int> counts;
  for (int m = 0; m < options.municipalities; ++m) {
    for (int e = 0; e < options.evaluations_per_municipality; ++e) {
      for (const auto& text : finding_texts(data.evaluation(m, e))) {
        std::istringstream words(text);
        for (std::string word; words >> word;) {
          ++counts[word];
        }
      }
    }
  }
  std::vector<int> frequencies;
  for (const auto& [word, count] : counts) {
    frequencies.push_back(count);
  }
  std::sort(frequencies.rbegin(), frequencies.rend());
  ASSERT_GE(frequencies.size(), 100u);
  // With s = 1.07 the first rank is drawn about 140 times as often as the 100th.
  EXPECT_GE(frequencies[0], 10 * frequencies[99]) << frequencies[0] << " vs " << frequencies[99];
}

// Bulk writes on every backend.
class GenerateDatabase : public kompass::testing::BackendTest {};

TEST_P(GenerateDatabase, WritesEverythingInOneGoAndRefusesAStoreInUse) {
  TemporaryStore store;
  ASSERT_TRUE(store.ok());
  long progressed = 0;
  auto report = kompass::app::generate_database(store.db(), small(5), [&](long done, long total) {
    EXPECT_EQ(total, 10);
    progressed = done;
  });
  ASSERT_TRUE(report) << describe(report.error());
  EXPECT_EQ(report->municipalities, 5);
  EXPECT_EQ(report->evaluations, 10);
  EXPECT_EQ(report->findings, 100);
  EXPECT_EQ(progressed, 10);

  auto listed = store.db().list_evaluations({});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 10u);
  auto loaded = store.db().load_evaluation(listed->front().id);
  ASSERT_TRUE(loaded && *loaded);
  EXPECT_EQ((*loaded)->note, kompass::app::k_synthetic_note);
  EXPECT_EQ((*loaded)->findings.size(), 10u);

  // The same seed in another store writes the same findings.
  TemporaryStore twin;
  ASSERT_TRUE(twin.ok());
  ASSERT_TRUE(kompass::app::generate_database(twin.db(), small(5)));
  auto twin_loaded = twin.db().load_evaluation(listed->front().id);
  ASSERT_TRUE(twin_loaded && *twin_loaded);
  EXPECT_EQ(finding_texts(**twin_loaded), finding_texts(**loaded));

  auto again = kompass::app::generate_database(store.db(), small(6));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, kompass::model::ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "generate_store_not_empty");
  auto still = store.db().list_evaluations({});
  ASSERT_TRUE(still);
  EXPECT_EQ(still->size(), 10u);
}

TEST_P(GenerateDatabase, RefusesCountsOutOfRange) {
  TemporaryStore store;
  ASSERT_TRUE(store.ok());
  auto options = small(1);
  options.evaluations_per_municipality = 16;
  auto refused = kompass::app::generate_database(store.db(), options);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "generate_count_out_of_range");
  EXPECT_EQ(refused.error().field, "--evaluations-per-municipality");
}

INSTANTIATE_TEST_SUITE_P(Backends, GenerateDatabase, kompass::testing::all_backends(),
                         kompass::testing::backend_test_name);

} // namespace
