#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "app/text.hpp"

using kompass::app::collate;
using kompass::app::Collation;
using kompass::app::fold_to_ascii_id;
using kompass::app::is_partial_iso_date;
using kompass::app::sort_by_collation;

TEST(Text, FoldToAsciiId) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Sundsvall", "sundsvall"},
      {"Örebro", "orebro"},
      {"Røros", "roros"},
      {"Upplands Väsby", "upplands-vasby"},
      {"Ängelholm", "angelholm"},
      {"Strängnäs", "strangnas"},
      {"Åre", "are"},
      {"Älvkarleby", "alvkarleby"},
      {"Malå", "mala"},
      {"Bærum", "baerum"},
      {"Tromsø", "tromso"},
      {"Upplands-Bro", "upplands-bro"},
      {"Lilla  Edet", "lilla-edet"},
      {"  Mark  ", "mark"},
      {"Håbo!", "habo"},
      {"Region 2020", "region-2020"},
      {"ÖCKERÖ", "ockero"},
      {"", "kommun"},
      {"---", "kommun"},
  };
  for (const auto& [name, id] : cases) {
    EXPECT_EQ(fold_to_ascii_id(name), id) << "name \"" << name << "\"";
  }
}

TEST(Text, SwedishCollationPutsAaAeOeAfterZ) {
  EXPECT_LT(collate("Zinkgruvan", "Åre", Collation::swedish), 0);
  EXPECT_LT(collate("Åre", "Ängelholm", Collation::swedish), 0);
  EXPECT_LT(collate("Ängelholm", "Örebro", Collation::swedish), 0);
  EXPECT_GT(collate("Örebro", "Ale", Collation::swedish), 0);
  EXPECT_EQ(collate("Örebro", "Örebro", Collation::swedish), 0);
  // Å, Ä and Ö are letters of their own, not A and O with marks.
  EXPECT_LT(collate("Ovanåker", "Öckerö", Collation::swedish), 0);
  EXPECT_LT(collate("Avesta", "Åmål", Collation::swedish), 0);
  EXPECT_LT(collate("Laxå", "Laxö", Collation::swedish), 0);
}

TEST(Text, SortBySwedishCollation) {
  const std::vector<std::string> expected = {"Ale", "Laxå", "Zinkgruvan", "Åre", "Älvkarleby", "Örebro"};
  std::vector<std::string> names = expected;
  std::mt19937 random(2012);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(names.begin(), names.end(), random);
    sort_by_collation(
        names, [](const std::string& s) -> const std::string& { return s; }, Collation::swedish);
    EXPECT_EQ(names, expected);
  }
}

TEST(Text, SortIsStableForEqualKeys) {
  std::vector<std::pair<std::string, int>> items = {{"Örebro", 2015}, {"Ale", 1}, {"Örebro", 2012}};
  sort_by_collation(
      items, [](const auto& item) -> const std::string& { return item.first; }, Collation::swedish);
  EXPECT_EQ(items, (std::vector<std::pair<std::string, int>>{{"Ale", 1}, {"Örebro", 2015}, {"Örebro", 2012}}));
}

TEST(Text, NorwegianCollationPutsAeOeAaAfterZ) {
  EXPECT_LT(collate("Zeta", "Ærø", Collation::norwegian), 0);
  EXPECT_LT(collate("Ærø", "Øvre", Collation::norwegian), 0);
  EXPECT_LT(collate("Øvre", "Åfjord", Collation::norwegian), 0);
}

TEST(Text, PartialIsoDates) {
  for (const char* valid : {"", "2012", "2012-01", "2012-12", "2012-12-04", "2012-01-31", "1999-10-01"}) {
    EXPECT_TRUE(is_partial_iso_date(valid)) << "\"" << valid << "\"";
  }
  for (const char* invalid :
       {"12", "201", "20120", "2012-", "2012-1", "2012-00", "2012-13", "2012-12-4", "2012-12-00", "2012-12-32",
        "2012/12/04", "2012-12-04T10", "abcd", " 2012", "2012 ", "2012-1a", "04-12-2012", "2012-12-0a"}) {
    EXPECT_FALSE(is_partial_iso_date(invalid)) << "\"" << invalid << "\"";
  }
}
