#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "frameworks/framework_file.hpp"
#include "model/framework.hpp"

// The content of the shipped editions: what the reports and the reference data say, and that kompass's own
// questions and guidance texts are distinct enough for an evaluator to tell them apart.

namespace {

using kompass::frameworks::parse_framework;
using kompass::frameworks::shipped_frameworks;
using kompass::model::Framework;

std::optional<Framework> shipped(const std::string& file_name) {
  for (const auto& file : shipped_frameworks()) {
    if (file.path == "data/frameworks/" + file_name) {
      auto parsed = parse_framework(file.text);
      if (!parsed) {
        ADD_FAILURE() << file.path << " does not parse: " << parsed.error().size() << " problem(s), first "
                      << parsed.error().front().error.code << " at " << parsed.error().front().line << ":"
                      << parsed.error().front().column;
        return std::nullopt;
      }
      return *parsed;
    }
  }
  ADD_FAILURE() << file_name << " is not shipped";
  return std::nullopt;
}

// Lower-cases ASCII letters and the Latin-1 capitals encoded as C3 80..C3 9E (Å Ä Ö É …, not ×).
std::string lower(const std::string& text) {
  std::string out = text;
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto byte = static_cast<unsigned char>(out[i]);
    if (byte >= 'A' && byte <= 'Z') {
      out[i] = static_cast<char>(byte - 'A' + 'a');
    } else if (byte == 0xC3 && i + 1 < out.size()) {
      auto next = static_cast<unsigned char>(out[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) {
        out[i + 1] = static_cast<char>(next + 0x20);
      }
      ++i;
    }
  }
  return out;
}

// The first `count` words of a text, lower-cased; a word is a run of ASCII letters and digits and of
// non-ASCII UTF-8 characters (the Nordic letters), except the General Punctuation block (E2 80 xx: dashes,
// quotes), so punctuation and spaces separate words.
std::vector<std::string> first_words(const std::string& text, std::size_t count) {
  std::vector<std::string> words;
  std::string current;
  auto finish_word = [&] {
    if (!current.empty()) {
      words.push_back(current);
      current.clear();
    }
  };
  const std::string lowered = lower(text);
  for (std::size_t i = 0; i < lowered.size() && words.size() < count; ++i) {
    auto byte = static_cast<unsigned char>(lowered[i]);
    if (byte == 0xE2 && i + 1 < lowered.size() && static_cast<unsigned char>(lowered[i + 1]) == 0x80) {
      finish_word();
      i += 2;
      continue;
    }
    bool word_byte = (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') || byte >= 0x80;
    if (word_byte) {
      current += lowered[i];
    } else {
      finish_word();
    }
  }
  if (words.size() < count) {
    finish_word();
  }
  return words;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) {
    out += (out.empty() ? "" : " ") + word;
  }
  return out;
}

std::vector<std::string> titles(const Framework& framework, const std::string& language) {
  std::vector<std::string> out;
  for (const auto& area : framework.areas) {
    out.push_back(area.title.in(language));
  }
  return out;
}

bool has_alias(const Framework& framework, const std::string& alias) {
  return std::find(framework.aliases.begin(), framework.aliases.end(), alias) != framework.aliases.end();
}

} // namespace

TEST(ShippedContent, WordHelpers) {
  EXPECT_EQ(first_words("Står kommunens ÅTAGANDEN, för Örebro?", 4),
            (std::vector<std::string>{"står", "kommunens", "åtaganden", "för"}));
  EXPECT_EQ(first_words("Ärenden: 2012 års MRP", 3), (std::vector<std::string>{"ärenden", "2012", "års"}));
  EXPECT_EQ(first_words("En", 3), std::vector<std::string>{"en"});
  EXPECT_EQ(first_words("Mål – ”planen” finns", 3), (std::vector<std::string>{"mål", "planen", "finns"}));
  EXPECT_EQ(lower("ÅÄÖÉ×"), "åäöé×");
}

TEST(ShippedContent, ThreeEditionsAreShipped) {
  std::vector<std::string> paths;
  for (const auto& file : shipped_frameworks()) {
    paths.push_back(file.path);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"data/frameworks/kommunkompassen-2010.yaml",
                                             "data/frameworks/kommunkompassen-2016.yaml",
                                             "data/frameworks/kommunkompassen-2020.yaml"}));
}

TEST(ShippedContent, Edition2010AreasFollowTheSeed) {
  auto framework = shipped("kommunkompassen-2010.yaml");
  ASSERT_TRUE(framework);
  EXPECT_EQ(framework->id, "kommunkompassen-2010");
  EXPECT_EQ(framework->version, "2010.1");
  EXPECT_EQ(framework->level, kompass::model::FrameworkLevel::question);
  EXPECT_EQ(framework->max_points, 800);
  EXPECT_TRUE(has_alias(*framework, "kommunekompasset-2010"));
  ASSERT_TRUE(framework->earlier_edition_rule);
  EXPECT_EQ(*framework->earlier_edition_rule, (kompass::model::EarlierEditionRule{2010, 80, 100}));
  EXPECT_EQ(titles(*framework, "sv"),
            (std::vector<std::string>{"Offentlighet och demokrati", "Tillgänglighet och brukarorientering",
                                      "Politisk styrning och kontroll", "Ledarskap, ansvar och delegation",
                                      "Resultat och effektivitet", "Kommunen som arbetsgivare – personalpolitik",
                                      "Verksamhetsutveckling", "Kommunen som samhällsbyggare"}));
  EXPECT_EQ(titles(*framework, "nb"),
            (std::vector<std::string>{"Offentlighet og demokrati", "Tilgjengelighet, innbygger- og brukerorientering",
                                      "Politisk styring og kontroll", "Lederskap, ansvar og delegasjon",
                                      "Resultatfokus og effektivitet", "Kommunen som arbeidsgiver",
                                      "Utviklingsstrategi og lærende organisasjon", "Kommunen som samfunnsutvikler"}));
  for (std::size_t i = 0; i < framework->areas.size(); ++i) {
    EXPECT_EQ(framework->areas[i].number, static_cast<int>(i) + 1);
  }
}

TEST(ShippedContent, Edition2010QuestionsAreComplete) {
  auto framework = shipped("kommunkompassen-2010.yaml");
  ASSERT_TRUE(framework);
  std::size_t sub_areas = 0;
  int total = 0;
  for (const auto& area : framework->areas) {
    int area_sum = 0;
    for (const auto& sub_area : area.sub_areas) {
      ++sub_areas;
      EXPECT_FALSE(sub_area.title.in("sv").empty()) << sub_area.id;
      EXPECT_FALSE(sub_area.title.texts.count("nb") == 0) << sub_area.id << ": no nb title";
      EXPECT_GE(sub_area.questions.size(), 3u) << sub_area.id;
      EXPECT_EQ(sub_area.id.rfind(std::to_string(area.number) + ".", 0), 0u) << sub_area.id;
      int sub_sum = 0;
      for (const auto& question : sub_area.questions) {
        EXPECT_EQ(question.id.rfind(sub_area.id + ".", 0), 0u) << question.id;
        EXPECT_GT(question.max_points, 0) << question.id;
        EXPECT_FALSE(question.text.in("sv").empty()) << question.id;
        EXPECT_FALSE(question.text.texts.count("nb") == 0) << question.id << ": no nb text";
        EXPECT_FALSE(question.basis.empty()) << question.id << ": no basis";
        EXPECT_FALSE(question.guidance.full.empty()) << question.id << ": no full guidance";
        EXPECT_FALSE(question.guidance.partial.empty()) << question.id << ": no partial guidance";
        EXPECT_FALSE(question.guidance.none.empty()) << question.id << ": no none guidance";
        sub_sum += question.max_points;
      }
      EXPECT_EQ(sub_sum, sub_area.max_points) << sub_area.id;
      area_sum += sub_area.max_points;
    }
    EXPECT_EQ(area.max_points, 100) << "area " << area.number;
    EXPECT_EQ(area_sum, area.max_points) << "area " << area.number;
    total += area.max_points;
  }
  EXPECT_EQ(sub_areas, 45u);
  EXPECT_EQ(total, framework->max_points);
}

TEST(ShippedContent, Edition2010QuestionsStartDifferently) {
  auto framework = shipped("kommunkompassen-2010.yaml");
  ASSERT_TRUE(framework);
  std::map<std::vector<std::string>, std::string> seen; // first three words → question id
  std::size_t questions = 0;
  for (const auto& area : framework->areas) {
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        ++questions;
        auto start = first_words(question.text.in("sv"), 3);
        EXPECT_EQ(start.size(), 3u) << question.id << ": fewer than three words";
        auto [it, inserted] = seen.emplace(start, question.id);
        EXPECT_TRUE(inserted) << question.id << " and " << it->second << " both start with \"" << joined(start) << "\"";
      }
    }
  }
  EXPECT_GE(questions, 3u * 45u);
}

TEST(ShippedContent, Edition2010GuidanceTextsAreDistinct) {
  auto framework = shipped("kommunkompassen-2010.yaml");
  ASSERT_TRUE(framework);
  std::map<std::string, std::string> texts;               // text → "question/kind"
  std::map<std::vector<std::string>, std::string> starts; // first four words → "question/kind"
  std::size_t count = 0;
  for (const auto& area : framework->areas) {
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        const std::vector<std::pair<std::string, const std::string*>> guidance = {
            {"full", &question.guidance.full},
            {"partial", &question.guidance.partial},
            {"none", &question.guidance.none}};
        for (const auto& [kind, text] : guidance) {
          ++count;
          auto where = question.id + "/" + kind;
          auto [same, new_text] = texts.emplace(*text, where);
          EXPECT_TRUE(new_text) << where << " repeats the guidance of " << same->second;
          auto start = first_words(*text, 4);
          auto [similar, new_start] = starts.emplace(start, where);
          EXPECT_TRUE(new_start || !new_text)
              << where << " and " << similar->second << " both start with \"" << joined(start) << "\"";
        }
      }
    }
  }
  EXPECT_GE(count, 3u * 3u * 45u);
}

TEST(ShippedContent, Edition2016HasPlaceholderAreas) {
  auto framework = shipped("kommunkompassen-2016.yaml");
  ASSERT_TRUE(framework);
  EXPECT_EQ(framework->id, "kommunkompassen-2016");
  EXPECT_EQ(framework->level, kompass::model::FrameworkLevel::area);
  EXPECT_EQ(framework->max_points, 800);
  ASSERT_EQ(framework->areas.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    const auto& area = framework->areas[i];
    EXPECT_EQ(area.number, static_cast<int>(i) + 1);
    EXPECT_EQ(area.title.in("sv"), "Område " + std::to_string(i + 1));
    EXPECT_EQ(area.max_points, 100);
    EXPECT_TRUE(area.sub_areas.empty());
  }
}

TEST(ShippedContent, Edition2020AreasArePublishedTitles) {
  auto framework = shipped("kommunkompassen-2020.yaml");
  ASSERT_TRUE(framework);
  EXPECT_EQ(framework->id, "kommunkompassen-2020");
  EXPECT_EQ(framework->level, kompass::model::FrameworkLevel::area);
  EXPECT_EQ(framework->max_points, 800);
  EXPECT_TRUE(has_alias(*framework, "kommunekompasset-2020"));
  EXPECT_EQ(titles(*framework, "sv"),
            (std::vector<std::string>{"Samspel mellan förtroendevalda och medborgare", "Samhällsutveckling",
                                      "Styrning och kontroll", "Effektivitet", "Brukarens fokus", "Kvalitetsutveckling",
                                      "Arbetsliv", "Chefs- och ledarskap samt medarbetarskap"}));
  for (const auto& area : framework->areas) {
    EXPECT_EQ(area.max_points, 100) << area.number;
    EXPECT_TRUE(area.sub_areas.empty()) << area.number;
  }
}
