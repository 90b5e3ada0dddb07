#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "frameworks/framework_file.hpp"
#include "model/messages.hpp"

using namespace kompass;
using kompass::frameworks::content_hash;
using kompass::frameworks::parse_framework;

namespace {

const std::filesystem::path k_validate_dir = KOMPASS_TEST_DATA "/frameworks/validate";
const std::filesystem::path k_hash_dir = KOMPASS_TEST_DATA "/frameworks/hash";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The runner's output for one file: "ok", or one "LINE:COLUMN: message" line per diagnostic.
std::string describe(std::string_view yaml_text) {
  auto parsed = parse_framework(yaml_text);
  if (parsed) {
    return "ok\n";
  }
  std::string out;
  for (const auto& diagnostic : parsed.error()) {
    out += std::to_string(diagnostic.line) + ":" + std::to_string(diagnostic.column) + ": " +
           model::render(model::UiLanguage::sv, diagnostic.error) + "\n";
  }
  return out;
}

// Every NAME.yaml in the validate folder, found at run time so that adding a case needs no code change.
std::vector<std::string> validate_cases() {
  std::vector<std::string> names;
  if (!std::filesystem::is_directory(k_validate_dir)) {
    return names;
  }
  for (const auto& entry : std::filesystem::directory_iterator(k_validate_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

class ValidateCase : public testing::TestWithParam<std::string> {};

} // namespace

TEST_P(ValidateCase, DiagnosticsMatchExpectedFile) {
  const auto yaml_path = k_validate_dir / (GetParam() + ".yaml");
  const auto expected_path = k_validate_dir / (GetParam() + ".expected");
  ASSERT_TRUE(std::filesystem::exists(expected_path)) << "missing " << expected_path;
  EXPECT_EQ(describe(read_text(yaml_path)), read_text(expected_path)) << "case " << yaml_path;
}

INSTANTIATE_TEST_SUITE_P(Frameworks, ValidateCase, testing::ValuesIn(validate_cases()), test_name);

TEST(FrameworkFile, ValidateFolderHasTheCases) {
  auto names = validate_cases();
  EXPECT_GE(names.size(), 15u);
  for (const auto* required : {"valid-question-level", "valid-area-level", "yaml-syntax-error"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
}

TEST(FrameworkFile, ValidFileGivesTheFramework) {
  auto parsed = parse_framework(read_text(k_validate_dir / "valid-question-level.yaml"));
  ASSERT_TRUE(parsed) << describe(read_text(k_validate_dir / "valid-question-level.yaml"));
  const auto& framework = *parsed;
  EXPECT_EQ(framework.id, "test-question");
  EXPECT_EQ(framework.version, "2010.1"); // unquoted in the file, kept as written
  EXPECT_EQ(framework.year, 2010);
  EXPECT_EQ(framework.aliases, std::vector<std::string>{"test-question-nb"});
  EXPECT_EQ(framework.languages, (std::vector<std::string>{"sv", "nb"}));
  EXPECT_EQ(framework.title.in("nb"), "Testrammeverk");
  EXPECT_EQ(framework.max_points, 30);
  EXPECT_EQ(framework.level, model::FrameworkLevel::question);
  ASSERT_TRUE(framework.earlier_edition_rule);
  EXPECT_EQ(*framework.earlier_edition_rule, (model::EarlierEditionRule{2010, 8, 10}));
  ASSERT_EQ(framework.areas.size(), 2u);
  EXPECT_EQ(framework.areas[0].sub_areas.size(), 2u);
  const auto* question = framework.find_question("1.1.1");
  ASSERT_NE(question, nullptr);
  EXPECT_EQ(question->max_points, 7);
  EXPECT_EQ(question->text.in("nb"), "Finnes en informasjonspolicy?");
  EXPECT_EQ(question->basis, "1.1 Information");
  EXPECT_EQ(question->guidance, (model::Guidance{"Antagen och följd", "Antagen", "Saknas"}));
  EXPECT_EQ(framework.find_question("1.2.1")->guidance.none, "Aldrig");
  EXPECT_EQ(framework.area_of("2.1.1"), 2);
}

TEST(FrameworkFile, DiagnosticsAreBadInputWithAFieldPath) {
  auto parsed = parse_framework(read_text(k_validate_dir / "max-points-text.yaml"));
  ASSERT_FALSE(parsed);
  ASSERT_EQ(parsed.error().size(), 1u);
  const auto& error = parsed.error().front().error;
  EXPECT_EQ(error.kind, model::ErrorKind::bad_input);
  EXPECT_EQ(error.field, "areas[0].subareas[0].questions[1].max_points");
}

TEST(FrameworkFile, MessagesHaveEnglishText) {
  auto parsed = parse_framework(read_text(k_validate_dir / "sub-areas-sum-101.yaml"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(model::render(model::UiLanguage::en, parsed.error().front().error),
            "The sub-areas of area 1 add up to 101 points but the area has a maximum of 100");
}

TEST(FrameworkFile, ContentHashIgnoresFormattingCommentsAndKeyOrder) {
  auto original = parse_framework(read_text(k_hash_dir / "original.yaml"));
  auto reformatted = parse_framework(read_text(k_hash_dir / "reformatted.yaml"));
  auto moved = parse_framework(read_text(k_hash_dir / "moved-point.yaml"));
  ASSERT_TRUE(original);
  ASSERT_TRUE(reformatted);
  ASSERT_TRUE(moved);
  EXPECT_EQ(*original, *reformatted);
  EXPECT_EQ(content_hash(*original), content_hash(*reformatted));
  EXPECT_NE(content_hash(*original), content_hash(*moved));
  EXPECT_EQ(content_hash(*original).size(), 16u);
}

TEST(FrameworkFile, ContentHashSeesEveryField) {
  auto parsed = parse_framework(read_text(k_validate_dir / "valid-question-level.yaml"));
  ASSERT_TRUE(parsed);
  const auto base = content_hash(*parsed);
  std::vector<void (*)(model::Framework&)> changes = {
      [](model::Framework& f) { f.version = "2010.2"; },
      [](model::Framework& f) { f.aliases.clear(); },
      [](model::Framework& f) { f.provenance += "."; },
      [](model::Framework& f) { f.earlier_edition_rule->add_max = 11; },
      [](model::Framework& f) { f.areas[0].title.texts["nb"] = "Annet"; },
      [](model::Framework& f) { f.areas[0].sub_areas[0].questions[0].guidance.partial = "Delvis"; },
      [](model::Framework& f) { f.areas[0].sub_areas[0].questions[0].basis = "Annat"; },
      // Moving text between neighbouring fields must change the hash too.
      [](model::Framework& f) {
        f.areas[0].sub_areas[0].questions[0].guidance.full += "A";
        f.areas[0].sub_areas[0].questions[0].guidance.partial =
            "A" + f.areas[0].sub_areas[0].questions[0].guidance.partial;
      },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto changed = *parsed;
    changes[i](changed);
    EXPECT_NE(content_hash(changed), base) << "change " << i;
  }
}

TEST(FrameworkFile, ShippedFrameworksParseWithoutDiagnostics) {
  auto shipped = frameworks::shipped_frameworks();
  std::vector<std::string> paths;
  for (const auto& file : shipped) {
    paths.push_back(file.path);
    auto parsed = parse_framework(file.text);
    ASSERT_TRUE(parsed) << file.path << "\n" << describe(file.text);
    // Each edition lives in a file named after its id.
    EXPECT_EQ("data/frameworks/" + parsed->id + ".yaml", file.path);
    EXPECT_EQ(parsed->max_points, 800) << file.path;
    EXPECT_EQ(parsed->areas.size(), 8u) << file.path;
    EXPECT_FALSE(file.path.starts_with("data/frameworks/parts/")) << file.path;
  }
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
  for (const auto* required :
       {"data/frameworks/kommunkompassen-2016.yaml", "data/frameworks/kommunkompassen-2020.yaml"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), required), paths.end()) << required;
  }
}

TEST(FrameworkFile, ShippedEditionsOf2016And2020) {
  for (const auto& file : frameworks::shipped_frameworks()) {
    auto parsed = parse_framework(file.text);
    ASSERT_TRUE(parsed) << file.path;
    if (parsed->id == "kommunkompassen-2020") {
      EXPECT_EQ(parsed->version, "2020.1");
      EXPECT_EQ(parsed->aliases, std::vector<std::string>{"kommunekompasset-2020"});
      EXPECT_EQ(parsed->level, model::FrameworkLevel::area);
      EXPECT_EQ(parsed->find_area(8)->title.in("sv"), "Chefs- och ledarskap samt medarbetarskap");
    } else if (parsed->id == "kommunkompassen-2016") {
      EXPECT_EQ(parsed->version, "2016.1");
      EXPECT_TRUE(parsed->aliases.empty());
      EXPECT_EQ(parsed->level, model::FrameworkLevel::area);
      EXPECT_EQ(parsed->find_area(3)->title.in("nb"), "Område 3");
    }
  }
}
