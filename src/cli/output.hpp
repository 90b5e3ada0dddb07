#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "model/messages.hpp"

namespace kompass::cli {

// Which way a table column's text is aligned.
enum class Align { left, right };

// A plain-text table: a header row and rows of cells, printed with columns padded to their widest cell
// (widths counted in characters, not bytes, so å ä ö line up).
class Table {
public:
  Table(std::vector<std::string> header, std::vector<Align> align);
  void add(std::vector<std::string> row);
  void print(std::ostream& out) const;

private:
  std::vector<std::string> m_header;
  std::vector<Align> m_align;
  std::vector<std::vector<std::string>> m_rows;
};

// A number with one decimal in the UI language's style: "61,0" in Swedish, "61.0" in English.
std::string format_decimal(double value, model::UiLanguage language, int decimals = 1);

// A signed difference with one decimal ("+3,5", "−17,0" uses an ASCII minus for copy-paste).
std::string format_difference(double value, model::UiLanguage language);

// Whole points, or the catalogue's "not assessed" text when unknown (never 0).
std::string format_points(const std::optional<int>& points, model::UiLanguage language);

} // namespace kompass::cli
