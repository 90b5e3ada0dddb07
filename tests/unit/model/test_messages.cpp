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

TEST(Messages, PlaceholderWithPrefixShowsTheLocalisedEnumName) {
  Error error =
      make_error(ErrorKind::conflict, "status_transition", {{"id", "x-2020"}, {"from", "draft"}, {"to", "published"}});
  EXPECT_EQ(render(UiLanguage::sv, error),
            "Utvärderingen x-2020 kan inte gå från utkast till publicerad; ordningen är utkast → slutlig → publicerad");
  EXPECT_EQ(render(UiLanguage::en, error),
            "Evaluation x-2020 cannot go from draft to published; the order is draft → final → published");
  // A value without a catalogue entry under the prefix is shown as it is.
  error.args["from"] = "archived";
  EXPECT_NE(render(UiLanguage::sv, error).find("från archived till"), std::string::npos);
}

TEST(Messages, TextOpeningWithAnEmptyPlaceholderStartsWithACapital) {
  EXPECT_EQ(message(UiLanguage::sv, "unknown_subarea", {{"where", ""}, {"subarea", "2.1"}, {"area", "1"}}),
            "Delområdet 2.1 finns inte i område 1");
  EXPECT_EQ(message(UiLanguage::sv, "unknown_subarea",
                    {{"where", "findings[0].subarea: "}, {"subarea", "2.1"}, {"area", "1"}}),
            "findings[0].subarea: delområdet 2.1 finns inte i område 1");
  EXPECT_EQ(message(UiLanguage::sv, "bad_people", {{"where", ""}, {"value", "0"}}),
            "Antalet intervjuade måste vara minst 1, inte 0");
}
