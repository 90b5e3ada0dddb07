#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/evaluations.hpp"
#include "app/transfer.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;
using model::ErrorKind;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;
using testing_support::TemporaryStore;

std::vector<std::string> listed_ids(store::Store& store) {
  auto listed = app::list_evaluations(store, {});
  EXPECT_TRUE(listed) << describe(listed.error());
  std::vector<std::string> ids;
  if (listed) {
    for (const auto& item : *listed) {
      ids.push_back(item.summary.id);
    }
  }
  return ids;
}

model::Evaluation without_finding_ids(model::Evaluation evaluation) {
  for (auto& finding : evaluation.findings) {
    finding.id = 0;
  }
  return evaluation;
}

class Transfer : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override { KOMPASS_REQUIRE_STORE(m_first); }

  app::ImportReport import_ok(TemporaryStore& target, const std::string& name, const std::string& bytes) {
    auto report = app::import_file(target.db(), name, bytes);
    EXPECT_TRUE(report) << name << ": " << (report ? "" : describe(report.error()));
    return report ? *report : app::ImportReport{};
  }

  app::ImportReport import_sample(TemporaryStore& target, const std::string& file) {
    return import_ok(target, file, read_bytes(k_samples / file));
  }

  TemporaryStore m_first;
};

} // namespace

TEST_P(Transfer, SundsvallSampleImportsWithItsPublishedFigures) {
  auto report = import_sample(m_first, "sundsvall-2012.json");
  EXPECT_EQ(report.kind, app::ImportKind::evaluation_json);
  EXPECT_EQ(report.imported, std::vector<std::string>{"sundsvall-2012"});
  EXPECT_TRUE(report.skipped.empty());

  auto view = app::show_evaluation(m_first.db(), "sundsvall-2012");
  ASSERT_TRUE(view) << describe(view.error());
  const auto& evaluation = view->evaluation;
  EXPECT_EQ(evaluation.municipality.ref, (model::MunicipalityRef{"SE", "2281"}));
  EXPECT_EQ(evaluation.municipality.name, "Sundsvall");
  EXPECT_EQ(evaluation.year, 2012);
  EXPECT_EQ(evaluation.framework_id, "kommunkompassen-2010");
  EXPECT_EQ(evaluation.framework_version, "2010.1");
  EXPECT_EQ(evaluation.status, model::Status::published);
  EXPECT_EQ(evaluation.granularity, model::Granularity::area);
  EXPECT_EQ(view->aggregate.total.points, std::optional<int>(482));
  EXPECT_EQ(view->aggregate.total.max, 800);

  const std::vector<std::string> titles = {
      "Offentlighet och demokrati",     "Tillgänglighet och brukarorientering",
      "Politisk styrning och kontroll", "Ledarskap, ansvar och delegation",
      "Resultat och effektivitet",      "Kommunen som arbetsgivare – personalpolitik",
      "Verksamhetsutveckling",          "Kommunen som samhällsbyggare"};
  const std::vector<int> points = {44, 60, 60, 78, 52, 58, 50, 80};
  ASSERT_EQ(view->framework.areas.size(), 8u);
  ASSERT_EQ(view->aggregate.areas.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(view->framework.areas[i].title.in("sv"), titles[i]) << "area " << i + 1;
    EXPECT_EQ(view->aggregate.areas[i].id, std::to_string(i + 1));
    EXPECT_EQ(view->aggregate.areas[i].points, std::optional<int>(points[i])) << "area " << i + 1;
    EXPECT_EQ(view->aggregate.areas[i].max, 100);
  }
}

TEST_P(Transfer, ExportedJsonReimportsToAnEqualEvaluation) {
  import_sample(m_first, "sundsvall-2012.json");
  auto exported = app::export_evaluation(m_first.db(), "sundsvall-2012", app::ExportFormat::json);
  ASSERT_TRUE(exported) << describe(exported.error());

  TemporaryStore second;
  ASSERT_TRUE(second.ok());
  auto report = import_ok(second, "sundsvall-2012.json", *exported);
  EXPECT_EQ(report.imported, std::vector<std::string>{"sundsvall-2012"});

  auto original = m_first.db().load_evaluation("sundsvall-2012");
  auto copy = second.db().load_evaluation("sundsvall-2012");
  ASSERT_TRUE(original && *original);
  ASSERT_TRUE(copy && *copy);
  // The sample is not trivially small: the comparison covers evidence and findings too.
  EXPECT_FALSE((*original)->findings.empty());
  EXPECT_FALSE((*original)->sources.empty());
  EXPECT_EQ((*original)->scores.size(), 8u);
  EXPECT_EQ(without_finding_ids(**original), without_finding_ids(**copy));
}

TEST_P(Transfer, PublishedResultsCsvSkipsTheStoredSundsvallRow) {
  import_sample(m_first, "sundsvall-2012.json");
  auto report = import_sample(m_first, "published-results.csv");
  EXPECT_EQ(report.kind, app::ImportKind::published_results_csv);
  EXPECT_EQ(report.imported.size(), 21u);
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_EQ(report.skipped[0].existing_id, "sundsvall-2012");
  EXPECT_EQ(report.skipped[0].municipality, "Sundsvall");
  EXPECT_EQ(report.skipped[0].year, 2012);
  EXPECT_EQ(report.skipped[0].framework_id, "kommunkompassen-2010");
  EXPECT_EQ(report.skipped[0].line, 2);
  EXPECT_EQ(listed_ids(m_first.db()).size(), 22u);

  // The Norwegian alias resolves to the 2010 edition; ids are folded names.
  auto roros = app::show_evaluation(m_first.db(), "roros-2013");
  ASSERT_TRUE(roros) << describe(roros.error());
  EXPECT_EQ(roros->evaluation.framework_id, "kommunkompassen-2010");
  EXPECT_EQ(roros->evaluation.municipality.ref, (model::MunicipalityRef{"NO", "5025"}));
  EXPECT_EQ(roros->evaluation.granularity, model::Granularity::total);
  EXPECT_EQ(roros->aggregate.total.points, std::optional<int>(254));

  auto again = import_sample(m_first, "published-results.csv");
  EXPECT_TRUE(again.imported.empty());
  EXPECT_EQ(again.skipped.size(), 22u);
  for (std::size_t i = 0; i < again.skipped.size(); ++i) {
    EXPECT_EQ(again.skipped[i].line, static_cast<int>(i) + 2);
  }
  EXPECT_EQ(listed_ids(m_first.db()).size(), 22u);
}

TEST_P(Transfer, AreaPointsAboveMaxFailAndStoreNothing) {
  import_sample(m_first, "published-results.csv");
  auto before = listed_ids(m_first.db());
  ASSERT_EQ(before.size(), 22u);

  auto document = nlohmann::json::parse(read_bytes(k_samples / "sundsvall-2012.json"));
  // Another year, so that the stored Sundsvall 2012 row would not make the import a mere skip.
  document["id"] = "sundsvall-2013";
  document["year"] = 2013;
  auto& scores = document.at("scores");
  ASSERT_FALSE(scores.empty());
  ASSERT_EQ(scores[0].at("area"), 1);
  scores[0]["points"] = 101;
  auto result = app::import_file(m_first.db(), "bad.json", document.dump());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(result.error().code, "json_score_area_points_out_of_range");
  EXPECT_EQ(result.error().field, "scores[0]");
  EXPECT_EQ(listed_ids(m_first.db()), before);
  auto loaded = m_first.db().load_evaluation("sundsvall-2013");
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(*loaded);

  // The same document with valid points is stored: the failure above came from the points alone.
  scores[0]["points"] = 44;
  auto valid = app::import_file(m_first.db(), "good.json", document.dump());
  ASSERT_TRUE(valid) << describe(valid.error());
  EXPECT_EQ(valid->imported, std::vector<std::string>{"sundsvall-2013"});
}

TEST_P(Transfer, TotalDisagreeingWithAreaSumFails) {
  auto document = nlohmann::json::parse(read_bytes(k_samples / "sundsvall-2012.json"));
  document["total"] = 483;
  auto result = app::import_file(m_first.db(), "sundsvall.json", document.dump());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(result.error().code, "total_mismatch");
  EXPECT_EQ(result.error().args.at("sum"), "482");
  EXPECT_EQ(result.error().args.at("total"), "483");
  EXPECT_TRUE(listed_ids(m_first.db()).empty());
}

TEST_P(Transfer, UnknownExtensionIsRefused) {
  auto result = app::import_file(m_first.db(), "sundsvall-2012.txt", read_bytes(k_samples / "sundsvall-2012.json"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(result.error().code, "import_unknown_format");
  EXPECT_TRUE(listed_ids(m_first.db()).empty());
}

TEST_P(Transfer, PublishedAveragesImportOnce) {
  auto report = import_sample(m_first, "published-averages.csv");
  EXPECT_EQ(report.kind, app::ImportKind::published_averages_csv);
  EXPECT_EQ(report.averages, 2);
  EXPECT_TRUE(report.imported.empty());

  auto again = import_sample(m_first, "published-averages.csv");
  EXPECT_EQ(again.averages, 0);

  auto stored = m_first.db().list_published_averages();
  ASSERT_TRUE(stored) << describe(stored.error());
  ASSERT_EQ(stored->size(), 2u);
  const model::PublishedAverage* average_2016 = nullptr;
  for (const auto& average : *stored) {
    if (average.framework_id == "kommunkompassen-2016") {
      average_2016 = &average;
    }
  }
  ASSERT_NE(average_2016, nullptr);
  ASSERT_EQ(average_2016->areas.size(), 8u);
  EXPECT_EQ(average_2016->areas[0], std::optional<double>(55.0));
  EXPECT_EQ(average_2016->areas[1], std::nullopt);
  EXPECT_EQ(average_2016->total, std::optional<double>(476.0));
}

TEST_P(Transfer, SameJsonTwiceIsSkipped) {
  import_sample(m_first, "sundsvall-2012.json");
  auto again = import_sample(m_first, "sundsvall-2012.json");
  EXPECT_TRUE(again.imported.empty());
  ASSERT_EQ(again.skipped.size(), 1u);
  EXPECT_EQ(again.skipped[0].existing_id, "sundsvall-2012");
  EXPECT_EQ(again.skipped[0].line, 0);
  EXPECT_EQ(listed_ids(m_first.db()), std::vector<std::string>{"sundsvall-2012"});
}

TEST_P(Transfer, CsvWithOneBadRowStoresNothing) {
  auto bytes = read_bytes(k_samples / "published-results.csv");
  // Röros 2021 (the last row) gets a fractional total: the import fails naming its line and column.
  auto row = bytes.find("NO,5025,Røros,2021,kommunekompasset-2020,,,,,,,,,593,");
  ASSERT_NE(row, std::string::npos);
  bytes.replace(bytes.find(",593,", row), 5, ",\"593,5\",");
  auto result = app::import_file(m_first.db(), "published-results.csv", bytes);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(result.error().code, "csv_points_not_whole");
  EXPECT_EQ(result.error().field, "23:14");
  EXPECT_TRUE(listed_ids(m_first.db()).empty());
}

TEST_P(Transfer, ExportedCsvRowReimports) {
  import_sample(m_first, "sundsvall-2012.json");
  auto exported = app::export_evaluation(m_first.db(), "sundsvall-2012", app::ExportFormat::csv);
  ASSERT_TRUE(exported) << describe(exported.error());
  EXPECT_NE(exported->find("\nSE,2281,Sundsvall,2012,kommunkompassen-2010,44,60,60,78,52,58,50,80,482,"),
            std::string::npos)
      << *exported;

  TemporaryStore second;
  ASSERT_TRUE(second.ok());
  auto report = import_ok(second, "sundsvall.csv", *exported);
  EXPECT_EQ(report.imported, std::vector<std::string>{"sundsvall-2012"});
  auto original = app::show_evaluation(m_first.db(), "sundsvall-2012");
  auto copy = app::show_evaluation(second.db(), "sundsvall-2012");
  ASSERT_TRUE(original && copy);
  EXPECT_EQ(copy->evaluation.granularity, model::Granularity::area);
  EXPECT_EQ(copy->evaluation.status, model::Status::published);
  EXPECT_EQ(copy->evaluation.note, original->evaluation.note);
  EXPECT_EQ(copy->evaluation.source_url, original->evaluation.source_url);
  ASSERT_EQ(copy->aggregate.areas.size(), original->aggregate.areas.size());
  for (std::size_t i = 0; i < copy->aggregate.areas.size(); ++i) {
    EXPECT_EQ(copy->aggregate.areas[i].points, original->aggregate.areas[i].points) << "area " << i + 1;
  }
  EXPECT_EQ(copy->aggregate.total.points, std::optional<int>(482));
}

INSTANTIATE_TEST_SUITE_P(Backends, Transfer, kompass::testing::all_backends(), kompass::testing::backend_test_name);
