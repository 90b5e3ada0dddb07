#pragma once

#include <optional>
#include <string>

#include "app/comparison.hpp"
#include "model/error.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// The file formats a report is written in.
enum class ReportFormat { html, pdf, docx, xlsx };

// "html", "pdf", "docx" or "xlsx"; nullopt otherwise.
std::optional<ReportFormat> parse_report_format(const std::string& text);

// The format a file name's extension implies (".pdf" → pdf), or nullopt.
std::optional<ReportFormat> format_from_path(const std::string& path);

// The PDF standard asked for.
enum class PdfStandard { pdf_a_3b, pdf_ua_1 };

// What a report is made of and how: the CLI and the web application fill this in the same way.
struct ReportRequest {
  std::string evaluation_id;
  ReportFormat format = ReportFormat::html;
  std::string language;                 // "sv", "nb", "en"; empty: the evaluation's language (else sv)
  ReferenceSpec reference;              // the reference group, as for compare
  std::optional<std::string> templates; // a folder whose files replace the built-in templates
  PdfStandard pdf_standard = PdfStandard::pdf_a_3b;
  std::string today; // ISO date for an evaluation without a report date; empty: today (app::today_iso)
};

// The report's HTML, for showing it inline (the web application) and for tests.
Result<std::string> report_html(store::Store& store, const ReportRequest& request);

// Writes the report to `output` in the requested format, all or nothing: a failure leaves no file (and an
// existing file at `output` untouched). Fails with not_found "unknown_evaluation", bad_input
// "bad_report_language", "file_unwritable" or a template error, internal "tool_missing" naming the Debian
// package of a missing converter.
Result<void> write_report(store::Store& store, const ReportRequest& request, const std::string& output);

} // namespace kompass::app
