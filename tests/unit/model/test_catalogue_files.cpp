#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/messages.hpp"

// The message catalogues as files: data/messages/*.tsv are merged into one catalogue per language by the
// loader, which silently lets a later key override an earlier one; these tests catch what it does not.

namespace {

namespace fs = std::filesystem;

const fs::path k_messages_dir = fs::path(KOMPASS_SOURCE_DIR) / "data" / "messages";

struct CatalogueLine {
  std::string file;
  int line = 0;
  std::vector<std::string> fields;
};

std::vector<std::string> split_tabs(const std::string& text) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    auto tab = text.find('\t', start);
    fields.push_back(text.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) {
      return fields;
    }
    start = tab + 1;
  }
}

std::vector<fs::path> catalogue_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(k_messages_dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".tsv") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every line of a file after its header, with the header itself checked separately.
std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
  }
  return lines;
}

// The placeholder names in a text: {name} where name is a letter or '_' followed by letters, digits or '_'.
// Braces around anything else ("a mapping that starts with { is never closed with }") are plain text.
std::set<std::string> placeholders(const std::string& text) {
  std::set<std::string> names;
  auto is_start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto is_part = [&](char c) { return is_start(c) || (c >= '0' && c <= '9'); };
  std::size_t position = 0;
  while ((position = text.find('{', position)) != std::string::npos) {
    auto end = text.find('}', position + 1);
    if (end == std::string::npos) {
      break;
    }
    auto name = text.substr(position + 1, end - position - 1);
    if (!name.empty() && is_start(name[0]) && std::all_of(name.begin(), name.end(), is_part)) {
      names.insert(name);
      position = end + 1;
    } else {
      position += 1;
    }
  }
  return names;
}

std::string join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    out += (out.empty() ? "" : ",") + name;
  }
  return "{" + out + "}";
}

// Every catalogue line after the header, in file order (files sorted by name, as the loader reads them).
std::vector<CatalogueLine> catalogue_lines() {
  std::vector<CatalogueLine> entries;
  for (const auto& path : catalogue_files()) {
    auto lines = read_lines(path);
    for (std::size_t i = 1; i < lines.size(); ++i) {
      entries.push_back({path.filename().string(), static_cast<int>(i) + 1, split_tabs(lines[i])});
    }
  }
  return entries;
}

std::string where(const CatalogueLine& line) { return line.file + ":" + std::to_string(line.line); }

} // namespace

TEST(CatalogueFiles, Helpers) {
  EXPECT_EQ(placeholders("Rad {line}, kolumn {column}: {line}"), (std::set<std::string>{"column", "line"}));
  EXPECT_TRUE(placeholders("no placeholders").empty());
  EXPECT_TRUE(placeholders("a mapping that starts with { is never closed with }").empty());
  EXPECT_EQ(placeholders("{ {id} {a b} {x_1}"), (std::set<std::string>{"id", "x_1"}));
  EXPECT_EQ(split_tabs("a\tb\t"), (std::vector<std::string>{"a", "b", ""}));
}

TEST(CatalogueFiles, EveryFileHasTheHeader) {
  auto files = catalogue_files();
  ASSERT_GE(files.size(), 6u) << "no catalogues found in " << k_messages_dir;
  for (const auto& path : files) {
    auto lines = read_lines(path);
    ASSERT_FALSE(lines.empty()) << path.filename();
    EXPECT_EQ(lines[0], "key\tsv\ten") << path.filename() << ": header";
  }
}

TEST(CatalogueFiles, EveryLineHasThreeNonEmptyFields) {
  auto lines = catalogue_lines();
  ASSERT_GE(lines.size(), 100u);
  for (const auto& line : lines) {
    ASSERT_EQ(line.fields.size(), 3u) << where(line) << ": expected 3 tab-separated fields";
    for (std::size_t f = 0; f < line.fields.size(); ++f) {
      EXPECT_FALSE(line.fields[f].empty()) << where(line) << ": field " << f + 1 << " is empty";
    }
    EXPECT_TRUE(line.fields[2].empty() || line.fields[2].back() != '\r') << where(line) << ": CR line end";
  }
}

// The loader would let a later file silently override an earlier one's text for the same key.
TEST(CatalogueFiles, NoKeyIsDefinedTwice) {
  std::map<std::string, std::string> first_seen; // key → "file:line"
  for (const auto& line : catalogue_lines()) {
    if (line.fields.empty()) {
      continue;
    }
    auto [it, inserted] = first_seen.emplace(line.fields[0], where(line));
    EXPECT_TRUE(inserted) << where(line) << ": key " << line.fields[0] << " already defined at " << it->second;
  }
}

TEST(CatalogueFiles, SwedishAndEnglishUseTheSamePlaceholders) {
  for (const auto& line : catalogue_lines()) {
    if (line.fields.size() != 3u) {
      continue; // reported by EveryLineHasThreeNonEmptyFields
    }
    auto sv = placeholders(line.fields[1]);
    auto en = placeholders(line.fields[2]);
    EXPECT_EQ(join(sv), join(en)) << where(line) << ": key " << line.fields[0];
  }
}

TEST(CatalogueFiles, LoadedCataloguesHoldEveryKey) {
  std::set<std::string> keys;
  for (const auto& line : catalogue_lines()) {
    if (!line.fields.empty()) {
      keys.insert(line.fields[0]);
    }
  }
  auto swedish = kompass::model::catalogue(kompass::model::UiLanguage::sv);
  auto english = kompass::model::catalogue(kompass::model::UiLanguage::en);
  EXPECT_EQ(swedish.size(), keys.size());
  EXPECT_EQ(english.size(), keys.size());
  for (const auto& key : keys) {
    EXPECT_TRUE(swedish.contains(key)) << key << " missing from the loaded sv catalogue";
    EXPECT_TRUE(english.contains(key)) << key << " missing from the loaded en catalogue";
  }
}
