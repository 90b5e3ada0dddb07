#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "app/csv.hpp"
#include "model/messages.hpp"
#include "unit/app/app_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using kompass::app::CsvCell;
using kompass::app::CsvTable;
using kompass::app::parse_decimal;
using kompass::app::parse_points;
using kompass::app::parse_whole;
using kompass::app::read_csv;
using kompass::model::catalogue;
using kompass::model::ErrorKind;
using kompass::model::render;
using kompass::model::UiLanguage;
using kompass::testing_support::read_bytes;

const fs::path k_fixture_dir = fs::path(KOMPASS_TEST_DATA) / "csv";

// Line breaks inside a cell are shown as \n so each record stays on one line of the .expected file.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

// "separator=; encoding=utf-8", then "L<line>: [cell] [cell]@<line> …" per record; a cell's own line is
// shown only when it differs from its record's (after a cell with a line break).
std::string describe(const CsvTable& table) {
  std::string out = std::string("separator=") + table.separator + " encoding=" + table.encoding + "\n";
  for (const auto& record : table.records) {
    out += "L" + std::to_string(record.line) + ":";
    for (std::size_t i = 0; i < record.cells.size(); ++i) {
      const auto& cell = record.cells[i];
      out += " [" + escape(cell.text) + "]";
      if (cell.line != record.line) {
        out += "@" + std::to_string(cell.line);
      }
      if (cell.column != static_cast<int>(i) + 1) {
        out += "#column=" + std::to_string(cell.column);
      }
    }
    out += "\n";
  }
  return out;
}

std::vector<fs::path> fixtures() {
  std::vector<fs::path> paths;
  if (fs::is_directory(k_fixture_dir)) {
    for (const auto& entry : fs::directory_iterator(k_fixture_dir)) {
      if (entry.path().extension() == ".csv") {
        paths.push_back(entry.path());
      }
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

class CsvFile : public testing::TestWithParam<fs::path> {};

TEST_P(CsvFile, ParsesToExpectedTableOrMessage) {
  auto expected_path = GetParam();
  expected_path.replace_extension(".expected");
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " is missing";
  auto result = read_csv(read_bytes(GetParam()));
  std::string actual;
  if (result) {
    actual = describe(*result);
  } else {
    EXPECT_EQ(result.error().kind, ErrorKind::bad_input);
    EXPECT_TRUE(catalogue(UiLanguage::sv).contains(result.error().code)) << result.error().code;
    actual = render(UiLanguage::sv, result.error()) + "\n";
  }
  EXPECT_EQ(actual, read_bytes(expected_path)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CsvFile, testing::ValuesIn(fixtures()),
                         [](const testing::TestParamInfo<fs::path>& info) {
                           std::string name = info.param.stem().string();
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return name;
                         });

TEST(CsvFixtures, DirectoryHoldsFixtures) { EXPECT_GE(fixtures().size(), 8U) << k_fixture_dir; }

TEST(ReadCsv, CellsKnowTheirLineAndColumn) {
  auto table = read_csv("a,b,c\n1,\"x\ny\",3\n4,5,6\n");
  ASSERT_TRUE(table);
  ASSERT_EQ(table->records.size(), 3U);
  const auto& second = table->records[1];
  EXPECT_EQ(second.line, 2);
  EXPECT_EQ(second.cells[1].line, 2);
  EXPECT_EQ(second.cells[1].column, 2);
  EXPECT_EQ(second.cells[1].text, "x\ny");
  EXPECT_EQ(second.cells[2].line, 3);
  EXPECT_EQ(second.cells[2].column, 3);
  EXPECT_EQ(table->records[2].line, 4);
}

TEST(ReadCsv, ErrorsNameTheirPlace) {
  auto unterminated = read_csv("a,b\n1,\"open\n2,3\n");
  ASSERT_FALSE(unterminated);
  EXPECT_EQ(unterminated.error().code, "csv_unterminated_quote");
  EXPECT_EQ(unterminated.error().field, "2:2");
  EXPECT_EQ(render(UiLanguage::en, unterminated.error()),
            "Line 2, column 2: the field starts with a quote that is never closed");

  auto count = read_csv("a;b\n1;2;3\n");
  ASSERT_FALSE(count);
  EXPECT_EQ(count.error().code, "csv_field_count");
  EXPECT_EQ(count.error().field, "2");
  EXPECT_EQ(count.error().args.at("found"), "3");
  EXPECT_EQ(count.error().args.at("expected"), "2");
}

TEST(ReadCsv, LoneCarriageReturnEndsALine) {
  auto table = read_csv("a,b\r1,2\r3,4\r");
  ASSERT_TRUE(table);
  ASSERT_EQ(table->records.size(), 3U);
  EXPECT_EQ(table->records[2].line, 3);
  EXPECT_EQ(table->records[2].cells[1].text, "4");
}

TEST(ReadCsv, TrailingSeparatorMakesAnEmptyLastField) {
  auto table = read_csv("a;b;c\n1;2;\n");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->records[1].cells.size(), 3U);
  EXPECT_EQ(table->records[1].cells[2].text, "");
}

TEST(ReadCsv, HeaderWithMoreCommasThanSemicolonsIsCommaSeparated) {
  auto table = read_csv("a;b,c,d\n1;2,3,4\n");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->separator, ',');
  EXPECT_EQ(table->records[0].cells[0].text, "a;b");
}

TEST(ReadCsv, Windows1252HighRangeMapsToUnicode) {
  std::string bytes = "x\n";
  for (int byte = 0x80; byte <= 0x9F; ++byte) {
    if (byte != 0x81 && byte != 0x8D && byte != 0x8F && byte != 0x90 && byte != 0x9D) {
      bytes += static_cast<char>(byte);
    }
  }
  bytes += "\xA0\xC5\xE4\xF6\xF8\xFF\n";
  auto table = read_csv(bytes);
  ASSERT_TRUE(table);
  EXPECT_EQ(table->encoding, "windows-1252");
  EXPECT_EQ(table->records[1].cells[0].text, "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\xC2\xA0Åäöøÿ");
}

TEST(ReadCsv, UndefinedWindows1252BytesAreRefused) {
  for (char byte : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
    auto table = read_csv(std::string("a\n\xE5\n") + byte + "\n");
    ASSERT_FALSE(table);
    EXPECT_EQ(table.error().code, "csv_undefined_byte");
    EXPECT_EQ(table.error().args.at("line"), "3");
    EXPECT_EQ(table.error().field, "3");
  }
}

TEST(ReadCsv, InvalidUtf8IsReadAsWindows1252) {
  auto overlong = read_csv("a\n\xC0\x80\n");
  ASSERT_TRUE(overlong);
  EXPECT_EQ(overlong->encoding, "windows-1252");
  EXPECT_EQ(overlong->records[1].cells[0].text, "À€");
  auto valid = read_csv("a\n\xF0\x9F\x98\x80\n");
  ASSERT_TRUE(valid);
  EXPECT_EQ(valid->encoding, "utf-8");
}

TEST(ReadCsv, BinaryFileIsRefused) {
  auto table = read_csv(std::string("PK\x03\x04\0\0", 6));
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().code, "csv_not_text");
}

CsvCell cell(std::string text) { return CsvCell{std::move(text), 7, 3}; }

TEST(ParsePoints, AcceptsWholeNumbersWithOrWithoutZeroDecimals) {
  for (const char* text : {"44", "44,0", "44.0", " 44 ", "44,00", "\t44",
                           "\xC2\xA0"
                           "44"}) {
    auto points = parse_points(cell(text), "Poäng");
    ASSERT_TRUE(points) << text;
    EXPECT_EQ(*points, 44) << text;
  }
  EXPECT_EQ(*parse_points(cell("0"), "Poäng"), 0);
  EXPECT_EQ(*parse_points(cell("-0"), "Poäng"), 0);
}

TEST(ParsePoints, EmptyIsNoValue) {
  for (const char* text : {"", "  "}) {
    auto points = parse_points(cell(text), "Poäng");
    ASSERT_TRUE(points);
    EXPECT_FALSE(points->has_value());
  }
}

TEST(ParsePoints, RefusesFractions) {
  auto points = parse_points(cell("44,5"), "Poäng");
  ASSERT_FALSE(points);
  EXPECT_EQ(points.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(points.error().code, "csv_points_not_whole");
  EXPECT_EQ(points.error().field, "7:3");
  EXPECT_EQ(render(UiLanguage::sv, points.error()),
            "Rad 7, kolumn 3 (Poäng): poängen måste vara ett heltal, inte 44,5");
  EXPECT_EQ(render(UiLanguage::en, points.error()),
            "Line 7, column 3 (Poäng): points must be a whole number, not 44,5");
}

TEST(ParsePoints, RefusesNonNumbers) {
  for (const char* text : {"abc", "44,", ",5", "4 4", "1.234,5", "+3", "12e3", "44p"}) {
    auto points = parse_points(cell(text), "Poäng");
    ASSERT_FALSE(points) << text;
    EXPECT_EQ(points.error().code, "csv_not_a_number") << text;
  }
  EXPECT_EQ(render(UiLanguage::sv, parse_points(cell(" abc "), "Poäng").error()),
            "Rad 7, kolumn 3 (Poäng): abc är inget tal");
}

TEST(ParsePoints, RefusesNegatives) {
  for (const char* text : {"-3",
                           "\xE2\x88\x92"
                           "3",
                           "-3,5"}) {
    auto points = parse_points(cell(text), "Poäng");
    ASSERT_FALSE(points) << text;
    EXPECT_EQ(points.error().code, "csv_points_negative") << text;
    EXPECT_EQ(points.error().field, "7:3");
  }
  EXPECT_EQ(render(UiLanguage::sv, parse_points(cell("-3"), "Poäng").error()),
            "Rad 7, kolumn 3 (Poäng): poängen får inte vara negativ, men är -3");
}

TEST(ParsePoints, RefusesNumbersBeyondInt) {
  auto points = parse_points(cell("99999999999"), "Poäng");
  ASSERT_FALSE(points);
  EXPECT_EQ(points.error().code, "csv_number_out_of_range");
}

TEST(ParseWhole, AcceptsNegativeWholeNumbers) {
  EXPECT_EQ(*parse_whole(cell("2024"), "År"), 2024);
  EXPECT_EQ(*parse_whole(cell("2024,0"), "År"), 2024);
  EXPECT_EQ(*parse_whole(cell("-5"), "År"), -5);
  EXPECT_FALSE(parse_whole(cell(""), "År")->has_value());
  auto fraction = parse_whole(cell("2024,5"), "År");
  ASSERT_FALSE(fraction);
  EXPECT_EQ(fraction.error().code, "csv_not_whole");
  EXPECT_EQ(render(UiLanguage::sv, fraction.error()),
            "Rad 7, kolumn 3 (År): värdet måste vara ett heltal, inte 2024,5");
}

TEST(ParseDecimal, AcceptsDecimalCommaOrPoint) {
  EXPECT_DOUBLE_EQ(**parse_decimal(cell("3,75"), "Andel"), 3.75);
  EXPECT_DOUBLE_EQ(**parse_decimal(cell("3.75"), "Andel"), 3.75);
  EXPECT_DOUBLE_EQ(**parse_decimal(cell(" 12 "), "Andel"), 12.0);
  EXPECT_DOUBLE_EQ(**parse_decimal(cell("-0,5"), "Andel"), -0.5);
  EXPECT_DOUBLE_EQ(**parse_decimal(cell("0,125"), "Andel"), 0.125);
  EXPECT_FALSE(parse_decimal(cell(""), "Andel")->has_value());
}

TEST(ParseDecimal, RefusesNonNumbers) {
  for (const char* text : {"abc", "1.234,5", "3,", "3,7,5", "12e3", "nan", "inf"}) {
    auto value = parse_decimal(cell(text), "Andel");
    ASSERT_FALSE(value) << text;
    EXPECT_EQ(value.error().code, "csv_not_a_number") << text;
    EXPECT_EQ(value.error().field, "7:3");
  }
  EXPECT_EQ(render(UiLanguage::sv, parse_decimal(cell("3,7,5"), "Andel").error()),
            "Rad 7, kolumn 3 (Andel): 3,7,5 är inget tal");
}

} // namespace
