#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "search/text.hpp"

namespace {

namespace fs = std::filesystem;
using namespace kompass::search;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "snippet";

struct Case {
  std::string language = "sv";
  std::size_t length = 200;
  std::vector<std::string> words;
  std::vector<std::vector<std::string>> phrases;
  std::vector<std::string> prefixes;
  std::string text;
  std::string expected;
};

std::vector<std::string> split(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  return words;
}

// Reads a fixture (format in tests/data/snippet/README.md); throws naming the file and line when malformed.
Case read_case(const fs::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw std::runtime_error(file.string() + ":0: cannot read the fixture");
  }
  Case result;
  bool expecting = false;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (expecting) {
      result.expected = line;
      return result;
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (line == "---") {
      expecting = true;
      continue;
    }
    auto space = line.find(' ');
    auto key = line.substr(0, space);
    auto value = space == std::string::npos ? std::string() : line.substr(space + 1);
    if (key == "language") {
      result.language = value;
    } else if (key == "length") {
      result.length = static_cast<std::size_t>(std::stoul(value));
    } else if (key == "words") {
      result.words = split(value);
    } else if (key == "phrase") {
      result.phrases.push_back(split(value));
    } else if (key == "prefix") {
      result.prefixes.push_back(value);
    } else if (key == "text") {
      result.text = value;
    } else {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": unknown setting '" + key + "'");
    }
  }
  throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": no '---' line and expected snippet");
}

std::vector<fs::path> fixture_files() {
  std::vector<fs::path> files;
  if (fs::is_directory(k_fixture_dir)) {
    for (const auto& entry : fs::directory_iterator(k_fixture_dir)) {
      if (entry.path().extension() == ".test") {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class SnippetFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(SnippetFixture, MarksAndCutsAsExpected) {
  Case fixture;
  try {
    fixture = read_case(GetParam());
  } catch (const std::exception& error) {
    FAIL() << error.what();
  }
  auto stem = stemmer_for(fixture.language);
  Highlights highlights;
  for (const auto& word : fixture.words) {
    highlights.stems.insert(stem(word));
  }
  for (const auto& phrase : fixture.phrases) {
    std::vector<std::string> stems;
    for (const auto& word : phrase) {
      stems.push_back(stem(word));
    }
    highlights.phrases.push_back(stems);
  }
  highlights.prefixes = fixture.prefixes;
  EXPECT_EQ(make_snippet(fixture.text, highlights, stem, fixture.length), fixture.expected)
      << "fixture " << GetParam().string();
}

INSTANTIATE_TEST_SUITE_P(Data, SnippetFixture, ::testing::ValuesIn(fixture_files()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           auto name = info.param.stem().string();
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return name;
                         });

// Guards against a moved or empty fixture folder silently running no cases.
TEST(SnippetFixtures, FolderHasFixtures) { EXPECT_FALSE(fixture_files().empty()) << k_fixture_dir; }

TEST(PrefixesIn, WordsBeforeAStarInLowerCase) {
  EXPECT_EQ(prefixes_in("Visselblås* AND kund* \"öppna nämnd*\" larm"),
            (std::vector<std::string>{"visselblås", "kund", "nämnd"}));
  EXPECT_TRUE(prefixes_in("medborgardialog * budget").empty());
}

TEST(StemmerName, LanguagesAndTheRest) {
  EXPECT_EQ(stemmer_name("sv"), "swedish");
  EXPECT_EQ(stemmer_name("nn"), "norwegian");
  EXPECT_EQ(stemmer_name("da"), "danish");
  EXPECT_EQ(stemmer_name("xx"), "none");
  EXPECT_EQ(stemmer_for("xx")("kommunerna"), "kommunerna") << "no stemmer: words as written";
}

} // namespace
