#include <gtest/gtest.h>

#include <string>

#include "app/catalog.hpp"
#include "frameworks/framework_file.hpp"
#include "model/messages.hpp"
#include "store/store.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

using namespace kompass;

// A fresh store with the shipped editions loaded.
class Catalog : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override { KOMPASS_REQUIRE_STORE(m_temporary); }

  store::Store& db() { return m_temporary.db(); }

  testing_support::TemporaryStore m_temporary;
};

// The shipped 2016 edition renamed, claiming the 2010 edition's alias.
std::string edition_with_taken_alias() {
  for (const auto& file : frameworks::shipped_frameworks()) {
    if (file.path == "data/frameworks/kommunkompassen-2016.yaml") {
      std::string text(file.text);
      auto id = text.find("id: kommunkompassen-2016");
      EXPECT_NE(id, std::string::npos);
      text.replace(id, std::string("id: kommunkompassen-2016").size(),
                   "id: kommunkompassen-2099\naliases: [kommunekompasset-2010]");
      return text;
    }
  }
  ADD_FAILURE() << "2016 edition not shipped";
  return {};
}

} // namespace

TEST_P(Catalog, ShippedEditionsAreLoadedOnce) {
  auto listed = app::list_frameworks(db());
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].id, "kommunkompassen-2010");
  EXPECT_EQ((*listed)[0].sub_areas, 45u);
  EXPECT_EQ((*listed)[1].id, "kommunkompassen-2016");
  EXPECT_EQ((*listed)[2].id, "kommunkompassen-2020");
  auto again = app::load_shipped_frameworks(db());
  ASSERT_TRUE(again);
  for (const auto& report : *again) {
    EXPECT_EQ(report.outcome, app::LoadOutcome::already_loaded) << report.id;
  }
  auto by_alias = app::get_framework(db(), "kommunekompasset-2020");
  ASSERT_TRUE(by_alias);
  EXPECT_EQ(by_alias->id, "kommunkompassen-2020");
}

TEST_P(Catalog, AliasOfAnotherEditionIsAConflict) {
  auto result = app::load_framework(db(), edition_with_taken_alias());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, model::ErrorKind::conflict);
  EXPECT_EQ(result.error().code, "framework_alias_taken");
  EXPECT_EQ(result.error().args.at("alias"), "kommunekompasset-2010");
  EXPECT_EQ(result.error().args.at("owner"), "kommunkompassen-2010");
  auto listed = app::list_frameworks(db());
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 3u);
}

// An alias conflict found by the app or by the store renders with every placeholder filled.
TEST_P(Catalog, AliasConflictMessageHasNoPlaceholderLeft) {
  auto result = app::load_framework(db(), edition_with_taken_alias());
  ASSERT_FALSE(result);
  for (auto language : {model::UiLanguage::sv, model::UiLanguage::en}) {
    auto text = model::render(language, result.error());
    EXPECT_EQ(text.find('{'), std::string::npos) << text;
    EXPECT_NE(text.find("kommunkompassen-2010"), std::string::npos) << text;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Catalog, kompass::testing::all_backends(), kompass::testing::backend_test_name);
