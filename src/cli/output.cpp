#include "cli/output.hpp"

#include <cmath>
#include <ostream>

#include <fmt/format.h>

namespace kompass::cli {
namespace {

std::size_t display_width(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) {
    width += (c & 0xC0) != 0x80 ? 1 : 0;
  }
  return width;
}

} // namespace

Table::Table(std::vector<std::string> header, std::vector<Align> align)
    : m_header(std::move(header)), m_align(std::move(align)) {}

void Table::add(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths(m_header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(m_header);
  for (const auto& row : m_rows) {
    measure(row);
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      std::string padding(widths[i] - display_width(cell), ' ');
      bool right = i < m_align.size() && m_align[i] == Align::right;
      line += right ? padding + cell : cell + padding;
      if (i + 1 < widths.size()) {
        line += "  ";
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << line << '\n';
  };
  print_row(m_header);
  for (const auto& row : m_rows) {
    print_row(row);
  }
}

std::string format_decimal(double value, model::UiLanguage language, int decimals) {
  // Round half away from zero explicitly so that -0.05 and 0.05 print alike on every libc.
  double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) {
    rounded = 0; // no "-0,0"
  }
  std::string text = fmt::format("{:.{}f}", rounded, decimals);
  if (language == model::UiLanguage::sv) {
    for (auto& c : text) {
      if (c == '.') {
        c = ',';
      }
    }
  }
  return text;
}

std::string format_difference(double value, model::UiLanguage language) {
  std::string text = format_decimal(value, language);
  return text.front() == '-' || text == format_decimal(0, language) ? text : "+" + text;
}

std::string format_points(const std::optional<int>& points, model::UiLanguage language) {
  return points ? std::to_string(*points) : model::message(language, "not_assessed");
}

} // namespace kompass::cli
