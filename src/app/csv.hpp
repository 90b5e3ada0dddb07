#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"

namespace kompass::app {

// One field as UTF-8 text (quotes removed, doubled quotes undone, inner line breaks as '\n'), with the 1-based
// physical line where it starts and its 1-based field number in the record.
struct CsvCell {
  std::string text;
  int line = 0;
  int column = 0;
};

// One record (row) of a CSV file; `line` is the 1-based physical line where it starts.
struct CsvRecord {
  int line = 0;
  std::vector<CsvCell> cells;
};

// A whole CSV file: detected separator, encoding ("utf-8", "utf-8-bom" or "windows-1252") and records, the
// header being records[0] and every record having as many cells as the header.
struct CsvTable {
  char separator = ',';
  std::string encoding;
  std::vector<CsvRecord> records;
};

// Parses a CSV file from hand or (Swedish) Excel: strips a UTF-8 BOM, reads invalid UTF-8 as Windows-1252,
// takes ';' as separator when the header has more semicolons than commas outside quotes (else ','), follows
// RFC 4180 with CR LF / LF / CR line ends, skips empty lines and ignores spaces around a quoted field; fails
// with bad_input csv_empty, csv_not_text, csv_utf16, csv_undefined_byte {line, byte}, csv_unterminated_quote
// {line, column} or csv_field_count {line, found, expected}.
model::Result<CsvTable> read_csv(std::string_view bytes);

// A cell as whole, non-negative points ("44", " 44 ", "44,0", "44.0" → 44; empty after trimming → nullopt),
// else bad_input csv_not_a_number, csv_points_negative, csv_points_not_whole or csv_number_out_of_range with
// {line, column, column_name, value} and field "LINE:COLUMN".
model::Result<std::optional<int>> parse_points(const CsvCell& cell, std::string_view column_name);

// A cell as a whole number that may be negative, e.g. a year ("2024", "2024,0" → 2024; empty → nullopt),
// failing like parse_points but with csv_not_whole for a fraction.
model::Result<std::optional<int>> parse_whole(const CsvCell& cell, std::string_view column_name);

// A cell as a decimal number with a decimal comma or point ("3,75", "3.75", "-1", " 2 "; empty → nullopt),
// else bad_input csv_not_a_number or csv_number_out_of_range {line, column, column_name, value} with field
// "LINE:COLUMN".
model::Result<std::optional<double>> parse_decimal(const CsvCell& cell, std::string_view column_name);

// One CSV field as written (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, a quote or a
// line break; as it is otherwise.
std::string csv_field(const std::string& text);

} // namespace kompass::app
