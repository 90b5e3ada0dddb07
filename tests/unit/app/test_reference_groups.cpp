#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/comparison.hpp"
#include "app/transfer.hpp"
#include "model/messages.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

// Filtered reference groups (app/comparison.hpp): parsing the criteria, each criterion on its own, criteria
// combined, municipalities without the data a criterion needs left out, and the description with its count.

namespace {

using namespace kompass;
using app::ReferenceSpec;
using model::ErrorKind;
using testing_support::describe;
using testing_support::k_samples;
using testing_support::read_bytes;

// The sample (Sundsvall, the published results) with populations and municipality groups for some members:
// Ängelholm and the Norwegian Røros get neither, so criteria on them leave those out.
class ReferenceGroups : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    KOMPASS_REQUIRE_STORE(m_temporary);
    for (const char* file : {"sundsvall-2012.json", "published-results.csv"}) {
      auto imported = app::import_file(db(), file, read_bytes(k_samples / file));
      ASSERT_TRUE(imported) << file << ": " << describe(imported.error());
    }
    set("2281", 98'000, "B3");  // Sundsvall
    set("1880", 156'000, "B3"); // Örebro
    set("0182", 104'000, "A2"); // Nacka
    set("1883", 30'000, "C6");  // Karlskoga
    set("0486", 35'000, "C6");  // Strängnäs
  }

  void set(const std::string& code, long population, const std::string& group) {
    auto found = db().find_municipality({"SE", code});
    ASSERT_TRUE(found && *found) << code;
    auto municipality = **found;
    municipality.population = population;
    municipality.group = group;
    municipality.key_figures.clear();
    ASSERT_TRUE(db().upsert_municipality(municipality)) << code;
  }

  store::Store& db() { return m_temporary.db(); }

  app::Comparison compare_ok(const std::string& reference, const std::string& id = "sundsvall-2012") {
    auto spec = app::parse_reference_spec(reference);
    EXPECT_TRUE(spec) << reference << ": " << (spec ? "" : describe(spec.error()));
    if (!spec) {
      return {};
    }
    auto result = app::compare(db(), id, *spec);
    EXPECT_TRUE(result) << reference << ": " << (result ? "" : describe(result.error()));
    return result ? *result : app::Comparison{};
  }

  std::vector<std::string> member_ids(const std::string& reference) {
    std::vector<std::string> ids;
    for (const auto& member : compare_ok(reference).members) {
      ids.push_back(member.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing_support::TemporaryStore m_temporary;
};

using Ids = std::vector<std::string>;

model::Error parse_error(const std::string& text) {
  auto spec = app::parse_reference_spec(text);
  EXPECT_FALSE(spec) << text;
  return spec ? model::Error{} : spec.error();
}

} // namespace

TEST(ReferenceFilterParsing, EveryCriterionAndItsForms) {
  auto spec = app::parse_reference_spec(
                  " edition=kommunekompasset-2010 ; years=2010-2014;country=SE,NO;population=50000-;group=B3, A2 ;")
                  .value();
  EXPECT_EQ(spec.kind, ReferenceSpec::Kind::filtered);
  EXPECT_EQ(spec.filter.edition, std::optional<std::string>("kommunekompasset-2010"));
  EXPECT_EQ(spec.filter.years, (app::NumberRange{2010, 2014}));
  EXPECT_EQ(spec.filter.countries, (Ids{"SE", "NO"}));
  EXPECT_EQ(spec.filter.population, (app::NumberRange{50'000, std::nullopt}));
  EXPECT_EQ(spec.filter.groups, (Ids{"B3", "A2"}));

  EXPECT_EQ(app::parse_reference_spec("years=2012").value().filter.years, (app::NumberRange{2012, 2012}));
  EXPECT_EQ(app::parse_reference_spec("population=-14999").value().filter.population,
            (app::NumberRange{std::nullopt, 14'999}));
  EXPECT_EQ(app::parse_reference_spec("years=2010–2014").value().filter.years, (app::NumberRange{2010, 2014}));
}

TEST(ReferenceFilterParsing, BadCriteriaAreRefusedByName) {
  EXPECT_EQ(parse_error("size=big").code, "reference_unknown_criterion");
  EXPECT_EQ(parse_error("size=big").args.at("criterion"), "size");
  EXPECT_EQ(parse_error("years=2010;years=2012").code, "reference_duplicate_criterion");
  EXPECT_EQ(parse_error("group=").code, "reference_bad_criterion");
  EXPECT_EQ(parse_error("country=SE;B3").code, "reference_bad_criterion");
  for (const char* range : {"years=abc", "years=2014-2010", "population=-", "population=1-2-3", "years=20x0-2014"}) {
    auto error = parse_error(range);
    EXPECT_EQ(error.code, "reference_bad_range") << range;
    EXPECT_EQ(error.kind, ErrorKind::bad_input) << range;
  }
  EXPECT_EQ(parse_error("country=SE,XX").code, "unknown_country");
}

TEST_P(ReferenceGroups, EditionOnlyIsTheDefaultGroupAcrossCountries) {
  auto comparison = compare_ok("edition=kommunkompassen-2010");
  EXPECT_EQ(comparison.reference_code, "reference_filtered");
  // Every final or published 2010-edition result but Sundsvall's, Røros (NO) included.
  EXPECT_EQ(comparison.reference_count, 8);
  EXPECT_TRUE(comparison.reference_criteria.empty());
  EXPECT_EQ(model::message(model::UiLanguage::sv, "reference_filtered",
                           {{"framework", "Kommunkompassen 2010"}, {"municipality", "Sundsvall"}, {"criteria", ""}}),
            app::describe_reference(model::UiLanguage::sv, comparison));
}

TEST_P(ReferenceGroups, AnotherEditionIsRefused) {
  auto spec = app::parse_reference_spec("edition=kommunkompassen-2016").value();
  auto result = app::compare(db(), "sundsvall-2012", spec);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "reference_edition_not_comparable");
  EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
}

TEST_P(ReferenceGroups, YearRange) {
  EXPECT_EQ(member_ids("years=2012-2014"),
            (Ids{"angelholm-2013", "karlskoga-2014", "orebro-2012", "roros-2013", "strangnas-2014"}));
  EXPECT_EQ(member_ids("years=2014-"), (Ids{"karlskoga-2014", "orebro-2015", "roros-2017", "strangnas-2014"}));
  EXPECT_EQ(member_ids("years=2011"), (Ids{"nacka-2011"}));
}

TEST_P(ReferenceGroups, Country) {
  EXPECT_EQ(member_ids("country=NO"), (Ids{"roros-2013", "roros-2017"}));
  EXPECT_EQ(member_ids("country=SE,NO").size(), 8u);
}

TEST_P(ReferenceGroups, PopulationBandLeavesOutUnknownPopulations) {
  // Ängelholm and Røros have no population stored: no band includes them, not even an open one.
  EXPECT_EQ(member_ids("population=50000-199999"), (Ids{"nacka-2011", "orebro-2012", "orebro-2015"}));
  EXPECT_EQ(member_ids("population=-40000"), (Ids{"karlskoga-2014", "strangnas-2014"}));
  EXPECT_EQ(member_ids("population=0-"),
            (Ids{"karlskoga-2014", "nacka-2011", "orebro-2012", "orebro-2015", "strangnas-2014"}));
}

TEST_P(ReferenceGroups, MunicipalityGroupLeavesOutUnknownGroups) {
  EXPECT_EQ(member_ids("group=B3"), (Ids{"orebro-2012", "orebro-2015"}));
  EXPECT_EQ(member_ids("group=c6,A2"), (Ids{"karlskoga-2014", "nacka-2011", "strangnas-2014"}));
  EXPECT_TRUE(member_ids("group=A1").empty());
}

TEST_P(ReferenceGroups, CombinedCriteriaMustAllHold) {
  auto comparison = compare_ok("edition=kommunkompassen-2010;years=2010-2014;country=SE;population=50000-99999");
  EXPECT_EQ(comparison.reference_count, 0); // Nacka and Örebro have more inhabitants
  comparison = compare_ok("years=2010-2014;country=SE;population=20000-199999;group=B3,C6");
  std::vector<std::string> ids;
  for (const auto& member : comparison.members) {
    ids.push_back(member.id);
  }
  EXPECT_EQ(ids, (Ids{"karlskoga-2014", "strangnas-2014", "orebro-2012"})); // Swedish order: Ö last
  EXPECT_EQ(comparison.reference_count, 3);
  // Total: (450 + 437 + 615) / 3 = 500.67; area 1: Strängnäs 54 and Örebro 68.
  ASSERT_TRUE(comparison.rows.back().reference.mean);
  EXPECT_NEAR(*comparison.rows.back().reference.mean, 1502.0 / 3, 1e-9);
  ASSERT_TRUE(comparison.rows[0].reference.mean);
  EXPECT_DOUBLE_EQ(*comparison.rows[0].reference.mean, 61.0);
  EXPECT_EQ(comparison.rows[0].reference.count, 2);

  ASSERT_TRUE(comparison.reference_filter);
  EXPECT_EQ(comparison.reference_filter->edition, std::optional<std::string>("kommunkompassen-2010"));
  EXPECT_EQ(app::describe_reference(model::UiLanguage::sv, comparison),
            "slutliga eller publicerade utvärderingar med Kommunkompassen 2010, 2010–2014, i SE, "
            "20 000–199 999 invånare, kommungrupp B3/C6, utom Sundsvall");
  EXPECT_EQ(app::describe_reference(model::UiLanguage::en, comparison),
            "final or published evaluations with Kommunkompassen 2010, 2010–2014, in SE, "
            "20 000–199 999 inhabitants, municipality group B3/C6, except Sundsvall");
}

TEST_P(ReferenceGroups, OpenRangesAreDescribedAsSuch) {
  auto comparison = compare_ok("years=2013-;population=-40000");
  EXPECT_EQ(app::describe_reference(model::UiLanguage::sv, comparison),
            "slutliga eller publicerade utvärderingar med Kommunkompassen 2010, från och med 2013, "
            "högst 40 000 invånare, utom Sundsvall");
  comparison = compare_ok("years=2014;population=100000-");
  EXPECT_EQ(app::describe_reference(model::UiLanguage::en, comparison),
            "final or published evaluations with Kommunkompassen 2010, 2014, at least 100 000 inhabitants, "
            "except Sundsvall");
}

TEST_P(ReferenceGroups, GroupIsReadFromTheEvaluationJsonAndKeptOnImport) {
  auto bytes = read_bytes(k_samples / "sundsvall-2012.json");
  auto at = bytes.find("\"county\"");
  ASSERT_NE(at, std::string::npos);
  bytes.insert(at, "\"group\": \"B3\", \"population\": 12000, ");
  // Stored as a new municipality (another code), so the file's group is taken as given.
  auto code = bytes.find("\"2281\"");
  ASSERT_NE(code, std::string::npos);
  bytes.replace(code, 6, "\"2280\"");
  auto id = bytes.find("\"sundsvall-2012\"");
  bytes.replace(id, 16, "\"elsewhere-2012\"");
  auto imported = app::import_file(db(), "other.json", bytes);
  ASSERT_TRUE(imported) << describe(imported.error());
  auto stored = db().find_municipality({"SE", "2280"});
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->group, std::optional<std::string>("B3"));
  EXPECT_EQ((*stored)->population, std::optional<long>(12'000));
  auto exported = app::export_evaluation(db(), "elsewhere-2012", app::ExportFormat::json);
  ASSERT_TRUE(exported);
  EXPECT_NE(exported->find("\"group\": \"B3\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferenceGroups, kompass::testing::all_backends(),
                         kompass::testing::backend_test_name);
