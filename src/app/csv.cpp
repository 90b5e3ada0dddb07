#include "app/csv.hpp"

#include "app/text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <system_error>

namespace kompass::app {
namespace {

using model::ErrorKind;

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_no_break_space = "\xC2\xA0";
constexpr std::string_view k_minus_sign = "\xE2\x88\x92"; // U+2212, typeset Swedish text uses it for '-'

// Windows-1252 differs from Latin-1 only in 0x80–0x9F; 0 marks the five bytes it leaves undefined.
constexpr std::array<char32_t, 32> k_windows_1252_high = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string hex_byte(std::uint8_t byte) {
  constexpr std::string_view k_digits = "0123456789ABCDEF";
  return std::string("0x") + k_digits[byte >> 4] + k_digits[byte & 0x0F];
}

model::Result<std::string> decode_windows_1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  int line = 1;
  for (char c : bytes) {
    auto byte = static_cast<std::uint8_t>(c);
    if (c == '\n') {
      ++line;
    }
    if (byte < 0x80) {
      out += c;
    } else if (byte >= 0xA0) {
      append_utf8(out, byte);
    } else if (char32_t mapped = k_windows_1252_high[byte - 0x80]; mapped != 0) {
      append_utf8(out, mapped);
    } else {
      return model::fail(ErrorKind::bad_input, "csv_undefined_byte",
                         {{"line", std::to_string(line)}, {"byte", hex_byte(byte)}}, std::to_string(line));
    }
  }
  return out;
}

// The separator is decided on the header alone: data rows of a Swedish file hold decimal commas, so
// counting over the whole file could tip a ';' file over to ','.
char detect_separator(std::string_view text) {
  int semicolons = 0;
  int commas = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (c == '\n' || c == '\r') {
      break;
    } else if (c == ';') {
      ++semicolons;
    } else if (c == ',') {
      ++commas;
    }
  }
  return semicolons > commas ? ';' : ',';
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

class Parser {
public:
  Parser(std::string_view text, char separator) : m_text(text), m_separator(separator) {}

  model::Result<std::vector<CsvRecord>> parse() {
    std::vector<CsvRecord> records;
    while (m_pos < m_text.size()) {
      if (at_line_break()) {
        skip_line_break(); // an empty line, e.g. the last one of a hand-written file, is no record
        continue;
      }
      auto record = parse_record();
      if (!record) {
        return tl::unexpected(std::move(record.error()));
      }
      if (!records.empty() && record->cells.size() != records.front().cells.size()) {
        auto line = std::to_string(record->line);
        return model::fail(ErrorKind::bad_input, "csv_field_count",
                           {{"line", line},
                            {"found", std::to_string(record->cells.size())},
                            {"expected", std::to_string(records.front().cells.size())}},
                           line);
      }
      records.push_back(std::move(*record));
    }
    return records;
  }

private:
  bool at_line_break() const { return m_text[m_pos] == '\n' || m_text[m_pos] == '\r'; }

  // CR LF, LF and a lone CR (old Mac Excel) each end one physical line.
  void skip_line_break() {
    if (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') {
      ++m_pos;
    }
    ++m_pos;
    ++m_line;
  }

  model::Result<CsvRecord> parse_record() {
    CsvRecord record{m_line, {}};
    while (true) {
      CsvCell cell{{}, m_line, static_cast<int>(record.cells.size()) + 1};
      auto quoted_start = m_pos;
      while (quoted_start < m_text.size() && is_blank(m_text[quoted_start])) {
        ++quoted_start;
      }
      bool quoted = quoted_start < m_text.size() && m_text[quoted_start] == '"';
      if (quoted) {
        m_pos = quoted_start + 1;
        if (auto closed = read_quoted(cell); !closed) {
          return tl::unexpected(std::move(closed.error()));
        }
      }
      auto rest_start = m_pos;
      while (m_pos < m_text.size() && m_text[m_pos] != m_separator && !at_line_break()) {
        ++m_pos;
      }
      auto rest = m_text.substr(rest_start, m_pos - rest_start);
      // Spaces after a closing quote are layout; anything else there is kept as Excel does.
      if (!quoted || rest.find_first_not_of(" \t") != std::string_view::npos) {
        cell.text += rest;
      }
      record.cells.push_back(std::move(cell));
      if (m_pos < m_text.size() && m_text[m_pos] == m_separator) {
        ++m_pos;
        continue;
      }
      if (m_pos < m_text.size()) {
        skip_line_break();
      }
      return record;
    }
  }

  // Reads up to and past the closing quote; line breaks inside become '\n' whatever the file used.
  model::Result<void> read_quoted(CsvCell& cell) {
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (c == '"') {
        if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
          cell.text += '"';
          m_pos += 2;
          continue;
        }
        ++m_pos;
        return {};
      }
      if (c == '\n' || c == '\r') {
        skip_line_break();
        cell.text += '\n';
        continue;
      }
      cell.text += c;
      ++m_pos;
    }
    auto line = std::to_string(cell.line);
    auto column = std::to_string(cell.column);
    return model::fail(ErrorKind::bad_input, "csv_unterminated_quote", {{"line", line}, {"column", column}},
                       line + ":" + column);
  }

  std::string_view m_text;
  char m_separator;
  std::size_t m_pos = 0;
  int m_line = 1;
};

// A number as written in a cell, split so whole-number parsers can tell "44,0" from "44,5".
struct WrittenNumber {
  bool negative = false;
  std::string_view whole_digits;
  std::string_view fraction_digits;
};

std::string_view trim(std::string_view text) {
  while (true) {
    if (!text.empty() && is_blank(text.front())) {
      text.remove_prefix(1);
    } else if (!text.empty() && is_blank(text.back())) {
      text.remove_suffix(1);
    } else if (text.starts_with(k_no_break_space)) {
      text.remove_prefix(k_no_break_space.size());
    } else if (text.ends_with(k_no_break_space)) {
      text.remove_suffix(k_no_break_space.size());
    } else {
      return text;
    }
  }
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

std::optional<WrittenNumber> split_number(std::string_view text) {
  WrittenNumber number;
  if (text.starts_with('-')) {
    number.negative = true;
    text.remove_prefix(1);
  } else if (text.starts_with(k_minus_sign)) {
    number.negative = true;
    text.remove_prefix(k_minus_sign.size());
  }
  auto mark = text.find_first_of(",.");
  number.whole_digits = text.substr(0, mark);
  if (mark != std::string_view::npos) {
    number.fraction_digits = text.substr(mark + 1);
    if (!all_digits(number.fraction_digits)) {
      return std::nullopt;
    }
  }
  if (!all_digits(number.whole_digits)) {
    return std::nullopt;
  }
  return number;
}

tl::unexpected<model::Error> cell_error(std::string code, const CsvCell& cell, std::string_view column_name,
                                        std::string_view value) {
  auto line = std::to_string(cell.line);
  auto column = std::to_string(cell.column);
  return model::fail(
      ErrorKind::bad_input, std::move(code),
      {{"line", line}, {"column", column}, {"column_name", std::string(column_name)}, {"value", std::string(value)}},
      line + ":" + column);
}

// Points may not be negative and have their own messages; other whole numbers (years, counts) may be.
enum class Whole { points, any };

model::Result<std::optional<int>> parse_whole_number(const CsvCell& cell, std::string_view column_name, Whole kind) {
  bool points = kind == Whole::points;
  auto value = trim(cell.text);
  if (value.empty()) {
    return std::nullopt;
  }
  auto number = split_number(value);
  if (!number) {
    return cell_error("csv_not_a_number", cell, column_name, value);
  }
  bool zero = number->whole_digits.find_first_not_of('0') == std::string_view::npos &&
              number->fraction_digits.find_first_not_of('0') == std::string_view::npos;
  if (points && number->negative && !zero) {
    return cell_error("csv_points_negative", cell, column_name, value);
  }
  if (number->fraction_digits.find_first_not_of('0') != std::string_view::npos) {
    return cell_error(points ? "csv_points_not_whole" : "csv_not_whole", cell, column_name, value);
  }
  int result = 0;
  auto digits = number->whole_digits;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), result);
  if (error != std::errc{} || end != digits.data() + digits.size()) {
    return cell_error("csv_number_out_of_range", cell, column_name, value);
  }
  return number->negative ? -result : result;
}

} // namespace

model::Result<CsvTable> read_csv(std::string_view bytes) {
  CsvTable table;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return model::fail(ErrorKind::bad_input, "csv_utf16");
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return model::fail(ErrorKind::bad_input, "csv_not_text");
  }
  std::string text;
  if (bytes.starts_with(k_utf8_bom)) {
    bytes.remove_prefix(k_utf8_bom.size());
    table.encoding = "utf-8-bom";
  } else {
    table.encoding = "utf-8";
  }
  if (is_valid_utf8(bytes)) {
    text = std::string(bytes);
  } else {
    auto decoded = decode_windows_1252(bytes);
    if (!decoded) {
      return tl::unexpected(std::move(decoded.error()));
    }
    text = std::move(*decoded);
    table.encoding = "windows-1252";
  }
  table.separator = detect_separator(text);
  auto records = Parser(text, table.separator).parse();
  if (!records) {
    return tl::unexpected(std::move(records.error()));
  }
  if (records->empty()) {
    return model::fail(ErrorKind::bad_input, "csv_empty");
  }
  table.records = std::move(*records);
  return table;
}

model::Result<std::optional<int>> parse_points(const CsvCell& cell, std::string_view column_name) {
  return parse_whole_number(cell, column_name, Whole::points);
}

model::Result<std::optional<int>> parse_whole(const CsvCell& cell, std::string_view column_name) {
  return parse_whole_number(cell, column_name, Whole::any);
}

model::Result<std::optional<double>> parse_decimal(const CsvCell& cell, std::string_view column_name) {
  auto value = trim(cell.text);
  if (value.empty()) {
    return std::nullopt;
  }
  auto number = split_number(value);
  if (!number) {
    return cell_error("csv_not_a_number", cell, column_name, value);
  }
  // from_chars ignores the locale, so the written form is normalised to a point first.
  std::string normalised(number->negative ? "-" : "");
  normalised += number->whole_digits;
  if (!number->fraction_digits.empty()) {
    normalised += '.';
    normalised += number->fraction_digits;
  }
  double result = 0;
  auto [end, error] = std::from_chars(normalised.data(), normalised.data() + normalised.size(), result);
  if (error != std::errc{} || end != normalised.data() + normalised.size()) {
    return cell_error("csv_number_out_of_range", cell, column_name, value);
  }
  return result;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

} // namespace kompass::app
