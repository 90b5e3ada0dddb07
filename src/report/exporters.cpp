#include "report/exporters.hpp"

#include <xlsxwriter.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "report/external.hpp"
#include "report/templates.hpp"

namespace kompass::report {
namespace fs = std::filesystem;
using model::ErrorKind;

namespace {

constexpr int k_chart_width_px = 1600;
// Excel refuses longer cell texts and sheet names (libxlsxwriter returns an error and leaves the cell empty).
constexpr std::size_t k_max_cell_chars = 32767;
constexpr std::size_t k_max_sheet_name_chars = 31;

const char* variant_option(PdfVariant variant) {
  switch (variant) {
  case PdfVariant::pdf_ua_1:
    return "pdf/ua-1";
  case PdfVariant::pdf_a_3b:
    break;
  }
  return "pdf/a-3b";
}

std::string label(const ReportView& view, const std::string& key) { return label_text(view.labels, key); }

// The first `count` characters of UTF-8 `text`, never splitting a character.
std::string utf8_prefix(const std::string& text, std::size_t count) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == count) {
        return text.substr(0, i);
      }
      ++chars;
    }
  }
  return text;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : separator) + part;
  }
  return out;
}

struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* total = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* integer_total = nullptr;
  lxw_format* decimal = nullptr;
  lxw_format* decimal_total = nullptr;
  lxw_format* wrap = nullptr;
};

Formats add_formats(lxw_workbook* workbook) {
  Formats formats;
  formats.header = workbook_add_format(workbook);
  format_set_bold(formats.header);
  formats.total = workbook_add_format(workbook);
  format_set_bold(formats.total);
  formats.integer = workbook_add_format(workbook);
  format_set_num_format(formats.integer, "0");
  formats.integer_total = workbook_add_format(workbook);
  format_set_num_format(formats.integer_total, "0");
  format_set_bold(formats.integer_total);
  formats.decimal = workbook_add_format(workbook);
  format_set_num_format(formats.decimal, "0.0");
  formats.decimal_total = workbook_add_format(workbook);
  format_set_num_format(formats.decimal_total, "0.0");
  format_set_bold(formats.decimal_total);
  formats.wrap = workbook_add_format(workbook);
  format_set_text_wrap(formats.wrap);
  format_set_align(formats.wrap, LXW_ALIGN_VERTICAL_TOP);
  return formats;
}

// Labels come from an overridable catalogue, so a name may break Excel's rules or repeat another sheet's.
std::string sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string name;
  for (char c : wanted) {
    name += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  }
  while (!name.empty() && name.front() == '\'') {
    name.erase(0, 1);
  }
  name = utf8_prefix(name, k_max_sheet_name_chars);
  while (!name.empty() && name.back() == '\'') {
    name.pop_back();
  }
  if (name.empty()) {
    name = "Sheet";
  }
  std::string candidate = name;
  for (int n = 2; used.contains(candidate); ++n) {
    std::string suffix = " (" + std::to_string(n) + ")";
    candidate = utf8_prefix(name, k_max_sheet_name_chars - suffix.size()) + suffix;
  }
  used.insert(candidate);
  return candidate;
}

class Sheet {
public:
  Sheet(lxw_worksheet* sheet, const Formats& formats) : m_sheet(sheet), m_formats(formats) {}

  void header(const std::vector<std::string>& titles) {
    for (std::size_t column = 0; column < titles.size(); ++column) {
      text(0, column, titles[column], m_formats.header);
    }
  }
  void text(lxw_row_t row, std::size_t column, const std::string& value, lxw_format* format = nullptr) {
    worksheet_write_string(m_sheet, row, col(column), utf8_prefix(value, k_max_cell_chars).c_str(), format);
  }
  void number(lxw_row_t row, std::size_t column, std::optional<double> value, lxw_format* format) {
    if (value) {
      worksheet_write_number(m_sheet, row, col(column), *value, format);
    } else {
      worksheet_write_blank(m_sheet, row, col(column), format);
    }
  }
  // A missing score is written as the "not assessed" text so that no one reads it as 0 points.
  void score(lxw_row_t row, std::size_t column, const std::optional<int>& points, const std::string& missing,
             lxw_format* format, lxw_format* text_format = nullptr) {
    if (points) {
      worksheet_write_number(m_sheet, row, col(column), *points, format);
    } else {
      text(row, column, missing, text_format);
    }
  }
  void finish(lxw_row_t last_row, const std::vector<double>& widths, const std::set<std::size_t>& wrapped = {}) {
    for (std::size_t column = 0; column < widths.size(); ++column) {
      worksheet_set_column(m_sheet, col(column), col(column), widths[column],
                           wrapped.contains(column) ? m_formats.wrap : nullptr);
    }
    worksheet_freeze_panes(m_sheet, 1, 0);
    if (!widths.empty()) {
      worksheet_autofilter(m_sheet, 0, 0, last_row, col(widths.size() - 1));
    }
  }

private:
  static lxw_col_t col(std::size_t column) { return static_cast<lxw_col_t>(column); }
  lxw_worksheet* m_sheet;
  const Formats& m_formats;
};

std::optional<double> difference(const std::optional<int>& points, const std::optional<double>& reference) {
  if (!points || !reference) {
    return std::nullopt;
  }
  return *points - *reference;
}

void write_areas_sheet(Sheet sheet, const ReportView& view, const Formats& formats) {
  sheet.header({label(view, "area"), label(view, "text"), label(view, "points"), label(view, "max"),
                label(view, "reference"), label(view, "difference")});
  const std::string missing = label(view, "not_assessed");
  lxw_row_t row = 1;
  for (const auto& area : view.areas) {
    sheet.number(row, 0, area.number, formats.integer);
    sheet.text(row, 1, area.title);
    sheet.score(row, 2, area.score.points, missing, formats.integer);
    sheet.number(row, 3, area.score.max, formats.integer);
    sheet.number(row, 4, area.reference.value, formats.decimal);
    sheet.number(row, 5, difference(area.score.points, area.reference.value), formats.decimal);
    ++row;
  }
  lxw_row_t last_area_row = row - 1;
  // The total stays below the filtered range, so sorting the areas never moves it among them.
  sheet.text(row, 0, label(view, "total"), formats.total);
  sheet.score(row, 2, view.total.points, missing, formats.integer_total, formats.total);
  sheet.number(row, 3, view.total.max, formats.integer_total);
  sheet.number(row, 4, view.reference_total.value, formats.decimal_total);
  sheet.number(row, 5, difference(view.total.points, view.reference_total.value), formats.decimal_total);
  sheet.finish(last_area_row, {8, 45, 10, 8, 12, 12});
}

void write_findings_sheet(Sheet sheet, const ReportView& view, const Formats& formats) {
  sheet.header({label(view, "area"), label(view, "sub_area"), label(view, "kind"), label(view, "text"),
                label(view, "examples")});
  lxw_row_t row = 1;
  for (const auto& area : view.areas) {
    const std::pair<const std::vector<FindingView>*, const char*> kinds[] = {{&area.strengths, "kind_strength"},
                                                                             {&area.improvements, "kind_improvement"},
                                                                             {&area.weaknesses, "kind_weakness"}};
    for (const auto& [findings, kind] : kinds) {
      for (const auto& finding : *findings) {
        sheet.number(row, 0, area.number, formats.integer);
        sheet.text(row, 1, finding.sub_area);
        sheet.text(row, 2, label(view, kind));
        sheet.text(row, 3, finding.text, formats.wrap);
        sheet.text(row, 4, join(finding.examples, "; "), formats.wrap);
        ++row;
      }
    }
  }
  sheet.finish(row - 1, {8, 12, 24, 80, 40}, {3, 4});
}

void write_questions_sheet(Sheet sheet, const ReportView& view, const Formats& formats) {
  sheet.header({label(view, "question"), label(view, "text"), label(view, "points"), label(view, "max"),
                label(view, "rationale")});
  const std::string missing = label(view, "not_assessed");
  lxw_row_t row = 1;
  for (const auto& area : view.areas) {
    for (const auto& sub_area : area.sub_areas) {
      for (const auto& question : sub_area.questions) {
        sheet.text(row, 0, question.id);
        sheet.text(row, 1, question.text, formats.wrap);
        sheet.score(row, 2, question.score.points, missing, formats.integer);
        sheet.number(row, 3, question.score.max, formats.integer);
        sheet.text(row, 4, question.rationale, formats.wrap);
        ++row;
      }
    }
  }
  sheet.finish(row - 1, {10, 60, 10, 8, 60}, {1, 4});
}

} // namespace

Result<void> write_pdf(const std::string& html, const std::string& target, PdfVariant variant) {
  auto pending = PendingFile::create(target);
  if (!pending) {
    return tl::unexpected(pending.error());
  }
  auto folder = TemporaryFolder::create();
  if (!folder) {
    return tl::unexpected(folder.error());
  }
  auto input = folder->write("report.html", html);
  if (!input) {
    return tl::unexpected(input.error());
  }
  auto ran = run_tool({"weasyprint", "--pdf-variant", variant_option(variant), "--base-url", folder->path() + "/",
                       *input, pending->path()},
                      "weasyprint");
  if (!ran) {
    return ran;
  }
  return pending->commit();
}

Result<void> write_docx(const std::string& html, const std::vector<ChartView>& charts, const std::string& target) {
  // pandoc is the tool the user asked for; name it before any chart conversion can fail on a missing rsvg.
  if (!on_path("pandoc")) {
    return model::fail(ErrorKind::internal, "tool_missing", {{"tool", "pandoc"}, {"package", "pandoc"}});
  }
  auto pending = PendingFile::create(target);
  if (!pending) {
    return tl::unexpected(pending.error());
  }
  auto folder = TemporaryFolder::create();
  if (!folder) {
    return tl::unexpected(folder.error());
  }
  for (const auto& chart : charts) {
    if (chart.image_file.empty()) {
      continue; // the HTML names no image for it
    }
    auto svg = folder->write(fs::path(chart.image_file).replace_extension(".svg").string(), chart.svg);
    if (!svg) {
      return tl::unexpected(svg.error());
    }
    auto png = (fs::path(folder->path()) / chart.image_file).string();
    auto converted = run_tool({"rsvg-convert", "-f", "png", "-w", std::to_string(k_chart_width_px), "-o", png, *svg},
                              "librsvg2-bin");
    if (!converted) {
      return converted;
    }
  }
  auto input = folder->write("report.html", html);
  if (!input) {
    return tl::unexpected(input.error());
  }
  auto ran = run_tool(
      {"pandoc", "-f", "html", "-t", "docx", "--resource-path=" + folder->path(), "-o", pending->path(), *input},
      "pandoc");
  if (!ran) {
    return ran;
  }
  return pending->commit();
}

// Creates a workbook titled `title` as a pending file for `target`, lets `fill` add its sheets through
// `add_sheet` (which keeps sheet names unique and within Excel's rules), then writes it and moves it into place.
using SheetAdder = std::function<Result<Sheet>(const std::string& name)>;

Result<void> write_workbook(const std::string& title, const std::string& target,
                            const std::function<Result<void>(const SheetAdder&, const Formats&)>& fill) {
  auto pending = PendingFile::create(target);
  if (!pending) {
    return tl::unexpected(pending.error());
  }
  std::unique_ptr<lxw_workbook, WorkbookCloser> workbook(workbook_new(pending->path().c_str()));
  if (!workbook) {
    return model::fail(ErrorKind::bad_input, "file_unwritable", {{"file", target}}, target);
  }
  Formats formats = add_formats(workbook.get());
  std::string workbook_title = title;
  lxw_doc_properties properties{};
  properties.title = workbook_title.data();
  workbook_set_properties(workbook.get(), &properties);

  std::set<std::string> used;
  auto add_sheet = [&](const std::string& wanted) -> Result<Sheet> {
    auto name = sheet_name(wanted, used);
    lxw_worksheet* worksheet = workbook_add_worksheet(workbook.get(), name.c_str());
    if (worksheet == nullptr) {
      return model::fail(ErrorKind::internal, "internal_error", {{"detail", "libxlsxwriter: sheet " + name}});
    }
    return Sheet(worksheet, formats);
  };
  if (auto filled = fill(add_sheet, formats); !filled) {
    return filled;
  }

  // libxlsxwriter writes the whole file only here, so this is where a full disk or a vanished folder shows.
  lxw_error closed = workbook_close(workbook.release());
  if (closed == LXW_ERROR_CREATING_TMPFILE) {
    return model::fail(ErrorKind::internal, "temp_folder_failed", {{"reason", lxw_strerror(closed)}});
  }
  if (closed != LXW_NO_ERROR) {
    return model::fail(ErrorKind::bad_input, "file_unwritable", {{"file", target}}, target);
  }
  return pending->commit();
}

Result<void> write_xlsx(const ReportView& view, const std::string& target) {
  return write_workbook(view.title, target, [&](const SheetAdder& add_sheet, const Formats& formats) -> Result<void> {
    std::vector<std::pair<std::string, void (*)(Sheet, const ReportView&, const Formats&)>> sheets = {
        {"sheet_areas", write_areas_sheet}, {"sheet_findings", write_findings_sheet}};
    if (view.question_level) {
      sheets.emplace_back("sheet_questions", write_questions_sheet);
    }
    for (const auto& [key, write_sheet] : sheets) {
      auto sheet = add_sheet(label(view, key));
      if (!sheet) {
        return tl::unexpected(sheet.error());
      }
      write_sheet(*sheet, view, formats);
    }
    return {};
  });
}

Result<void> write_tables_xlsx(const std::string& title, const std::vector<TableSheet>& sheets,
                               const std::string& target) {
  return write_workbook(title, target, [&](const SheetAdder& add_sheet, const Formats& formats) -> Result<void> {
    for (const auto& table : sheets) {
      auto sheet = add_sheet(table.name);
      if (!sheet) {
        return tl::unexpected(sheet.error());
      }
      sheet->header(table.header);
      lxw_row_t row = 1;
      for (const auto& cells : table.rows) {
        for (std::size_t column = 0; column < cells.size(); ++column) {
          const auto& cell = cells[column];
          if (cell.number) {
            sheet->number(row, column, cell.number, formats.integer);
          } else {
            sheet->text(row, column, cell.text, table.wrapped.contains(column) ? formats.wrap : nullptr);
          }
        }
        ++row;
      }
      sheet->finish(row - 1, table.widths, table.wrapped);
    }
    return {};
  });
}

} // namespace kompass::report
