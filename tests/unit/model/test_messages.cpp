#include <gtest/gtest.h>

#include "model/messages.hpp"

using namespace kompass::model;

TEST(Messages, CataloguesHaveTheSameKeysInBothLanguages) {
  auto swedish = catalogue(UiLanguage::sv);
  auto english = catalogue(UiLanguage::en);
  ASSERT_EQ(swedish.size(), english.size());
  for (const auto& [key, text] : swedish) {
    EXPECT_TRUE(english.contains(key)) << key;
    EXPECT_FALSE(text.empty()) << key;
    EXPECT_FALSE(english[key].empty()) << key;
  }
}

TEST(Messages, UnknownCodeShowsCodeAndArguments) {
  EXPECT_EQ(message(UiLanguage::sv, "no_such_code", {{"a", "1"}}), "no_such_code a=1");
}

TEST(Messages, LanguageComesFromExplicitChoiceThenLang) {
  EXPECT_EQ(choose_ui_language("", "en_US.UTF-8"), UiLanguage::en);
  EXPECT_EQ(choose_ui_language("", "sv_SE.UTF-8"), UiLanguage::sv);
  EXPECT_EQ(choose_ui_language("", "C.UTF-8"), UiLanguage::sv);
  EXPECT_EQ(choose_ui_language("sv", "en_US.UTF-8"), UiLanguage::sv);
  EXPECT_EQ(choose_ui_language("en", ""), UiLanguage::en);
}
