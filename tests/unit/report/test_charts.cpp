#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "report/charts.hpp"

namespace {

using kompass::report::AreaChart;
using kompass::report::TrendChart;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// Balanced tags with quoted attributes and escaped text: enough of XML to catch what string building breaks.
bool well_formed(const std::string& xml) {
  std::vector<std::string> open;
  bool seen_root = false;
  for (std::size_t i = 0; i < xml.size();) {
    if (xml[i] == '&') {
      auto end = xml.find(';', i);
      auto entity = xml.substr(i, end == std::string::npos ? 0 : end - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&apos;") {
        return false;
      }
      i = end + 1;
      continue;
    }
    if (xml[i] == '>' || (xml[i] != '<' && open.empty() && !std::isspace(static_cast<unsigned char>(xml[i])))) {
      return false;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    char quote = 0;
    for (; j < xml.size() && (quote || xml[j] != '>'); ++j) {
      if (quote ? xml[j] == quote : xml[j] == '"' || xml[j] == '\'') {
        quote = quote ? 0 : xml[j];
      } else if (xml[j] == '<' ||
                 (quote && xml[j] == '&' && xml.compare(j, 5, "&amp;") && xml.compare(j, 4, "&lt;") &&
                  xml.compare(j, 4, "&gt;") && xml.compare(j, 6, "&quot;") && xml.compare(j, 6, "&apos;"))) {
        return false;
      }
    }
    if (j >= xml.size()) {
      return false;
    }
    std::string tag = xml.substr(i + 1, j - i - 1);
    std::string name = tag.substr(tag[0] == '/', tag.find_first_of(" /\n", 1) - (tag[0] == '/'));
    if (tag[0] == '/') {
      if (open.empty() || open.back() != name) {
        return false;
      }
      open.pop_back();
    } else if (tag.back() != '/') {
      if (open.empty() && seen_root) {
        return false;
      }
      open.push_back(name);
      seen_root = true;
    }
    i = j + 1;
  }
  return seen_root && open.empty();
}

AreaChart sundsvall_2012() {
  AreaChart chart;
  chart.id = "profile-1";
  chart.title = "Sundsvall & <co> 2012";
  chart.description = "Poäng per område";
  chart.labels = {"1", "2", "3", "4", "5", "6", "7", "8"};
  chart.series = {{"Sundsvall", {44, 60, 60, 78, 52, 58, 50, 80}},
                  {"Referens \"A\"", {41.26, 61.5, std::nullopt, 70, 50, 55, 48, 72}}};
  return chart;
}

TrendChart two_editions() {
  TrendChart chart;
  chart.id = "trend";
  chart.title = "Totalpoäng";
  chart.description = "Sundsvall 2003–2012";
  chart.points = {{"2003", "pre-2010", std::nullopt, 380, 460, false},
                  {"2006", "pre-2010", std::nullopt, 420, 500, false},
                  {"2012", "kommunkompassen-2010", 482, std::nullopt, std::nullopt, true},
                  {"2016", "kommunkompassen-2010", std::nullopt, std::nullopt, std::nullopt, false}};
  return chart;
}

TEST(ChartsWellFormed, CheckerRejectsBrokenMarkup) {
  EXPECT_TRUE(well_formed(R"(<a x="1 &amp; 2"><b/>t &lt; u</a>)"));
  EXPECT_FALSE(well_formed("<a><b></a></b>"));
  EXPECT_FALSE(well_formed("<a>x & y</a>"));
  EXPECT_FALSE(well_formed(R"(<a x="<"/>)"));
  EXPECT_FALSE(well_formed("<a/><b/>"));
}

TEST(Charts, ProfileHasOneAxisPerLabelAndOneGroupPerSeries) {
  auto svg = kompass::report::profile_svg(sundsvall_2012());
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(svg.rfind(R"(<svg xmlns="http://www.w3.org/2000/svg" role="img" )"
                      R"(aria-labelledby="profile-1-title profile-1-desc" viewBox="0 0 640 480")",
                      0),
            0U);
  EXPECT_NE(svg.find(R"(><title id="profile-1-title">Sundsvall &amp; &lt;co&gt; 2012</title>)"
                     R"(<desc id="profile-1-desc">Poäng per område</desc>)"),
            std::string::npos);
  EXPECT_EQ(count(svg, R"(class="axis")"), 8U);
  EXPECT_NE(svg.find(R"(<line class="axis" data-axis="8")"), std::string::npos);
  EXPECT_EQ(count(svg, R"(class="series")"), 2U);
  EXPECT_NE(svg.find(R"(<g class="series" data-series="Sundsvall" data-values="44 60 60 78 52 58 50 80">)"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(<g class="series" data-series="Referens &quot;A&quot;" )"
                     R"(data-values="41.3 61.5 - 70 50 55 48 72">)"),
            std::string::npos);
  // Eight markers for the municipality, seven for the reference: the missing value gets none.
  EXPECT_EQ(count(svg, R"(class="marker")"), 15U);
}

TEST(Charts, BarHasOneRectPerKnownValue) {
  auto svg = kompass::report::bar_svg(sundsvall_2012());
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_NE(svg.find(R"(viewBox="0 0 640 360")"), std::string::npos);
  EXPECT_EQ(count(svg, R"(class="bar")"), 15U);
  EXPECT_EQ(count(svg, R"(class="axis-label")"), 8U);
  EXPECT_EQ(count(svg, R"(class="axis")"), 0U);
  EXPECT_NE(svg.find(R"(<rect class="bar" data-axis="4" data-value="78" )"), std::string::npos);
  EXPECT_NE(svg.find(R"(<rect class="bar" data-axis="2" data-value="61.5" )"), std::string::npos);
  EXPECT_EQ(count(svg, R"(data-axis="3")"), 1U);
  EXPECT_NE(svg.find(R"(data-values="41.3 61.5 - 70 50 55 48 72")"), std::string::npos);
}

TEST(Charts, TrendBreaksTheLineAtAnEditionChange) {
  auto svg = kompass::report::trend_svg(two_editions());
  EXPECT_TRUE(well_formed(svg)) << svg;
  EXPECT_EQ(count(svg, R"(<line class="edition-change")"), 1U);
  EXPECT_NE(svg.find(">kommunkompassen-2010</text>"), std::string::npos);
  EXPECT_EQ(count(svg, R"(<polyline class="trend-line")"), 2U);
  EXPECT_NE(svg.find(R"(<g class="point" data-label="2003" data-low="380" data-high="460" data-edition="pre-2010">)"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(<g class="point" data-label="2012" data-value="482" data-edition="kommunkompassen-2010">)"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(<g class="point" data-label="2016" data-edition="kommunkompassen-2010">)"), std::string::npos);
  EXPECT_EQ(count(svg, R"(class="point")"), 4U);
}

TEST(Charts, SameInputGivesSameBytes) {
  EXPECT_EQ(kompass::report::profile_svg(sundsvall_2012()), kompass::report::profile_svg(sundsvall_2012()));
  EXPECT_EQ(kompass::report::bar_svg(sundsvall_2012()), kompass::report::bar_svg(sundsvall_2012()));
  EXPECT_EQ(kompass::report::trend_svg(two_editions()), kompass::report::trend_svg(two_editions()));
}

} // namespace
