#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "report/report_view.hpp"

namespace kompass::report {

// The PDF standard a report conforms to.
enum class PdfVariant { pdf_a_3b, pdf_ua_1 };

// Converts the report's HTML to a PDF at `target` with WeasyPrint; `target` appears only when the whole PDF
// was written. internal "tool_missing" naming the Debian package weasyprint when it is not installed.
Result<void> write_pdf(const std::string& html, const std::string& target, PdfVariant variant);

// Converts HTML rendered with ChartMode::image_files to a Word document at `target` with pandoc: headings
// become Word heading styles and each chart of `charts` an embedded PNG (converted from its SVG with
// rsvg-convert). internal "tool_missing" names the Debian package pandoc or librsvg2-bin.
Result<void> write_docx(const std::string& html, const std::vector<ChartView>& charts, const std::string& target);

// Writes the report's figures as an Excel workbook with libxlsxwriter: a sheet of area scores against the
// reference, a sheet of findings, and a sheet of question scores when the evaluation has them; numbers as
// numbers, a missing score as the text "ej bedömd", headers in the report's language.
Result<void> write_xlsx(const ReportView& view, const std::string& target);

// One cell of a plain table sheet: a number when `number` is set, else the text.
struct TableCell {
  std::string text;
  std::optional<double> number;
};

// A sheet of one header row and rows of cells, with column widths (in characters) and the columns whose text
// wraps; the header row is frozen and filtered as in the report's sheets.
struct TableSheet {
  std::string name;
  std::vector<std::string> header;
  std::vector<std::vector<TableCell>> rows;
  std::vector<double> widths;
  std::set<std::size_t> wrapped;
};

// Writes plain table sheets (such as an action plan's) as an Excel workbook titled `title`, all or nothing as
// write_xlsx does; a sheet name Excel refuses is made acceptable, a repeated one numbered.
Result<void> write_tables_xlsx(const std::string& title, const std::vector<TableSheet>& sheets,
                               const std::string& target);

} // namespace kompass::report
