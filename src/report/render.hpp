#pragma once

#include <string>

#include "model/error.hpp"
#include "report/report_view.hpp"
#include "report/templates.hpp"

namespace kompass::report {

// How charts appear in the HTML: inline SVG (the HTML and PDF report), or <img> elements naming each
// chart's image_file (the input pandoc turns into DOCX, which drops inline SVG).
enum class ChartMode { inline_svg, image_files };

// Renders the report's HTML from "report.html.mustache" with "report.css" inlined; bad_input
// "template_error" naming the template when Mustache rejects it.
Result<std::string> render_html(const ReportView& view, const TemplateSet& templates, ChartMode mode);

} // namespace kompass::report
