#include <fstream>
#include <sstream>

#include "http/exchange.hpp"
#include "report/external.hpp"

namespace kompass::http {

namespace {

const char* extension_of(app::ReportFormat format) {
  switch (format) {
  case app::ReportFormat::html:
    return "html";
  case app::ReportFormat::pdf:
    return "pdf";
  case app::ReportFormat::docx:
    return "docx";
  case app::ReportFormat::xlsx:
    return "xlsx";
  }
  return "html";
}

const char* content_type_of(app::ReportFormat format) {
  switch (format) {
  case app::ReportFormat::html:
    return "text/html; charset=utf-8";
  case app::ReportFormat::pdf:
    return "application/pdf";
  case app::ReportFormat::docx:
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  case app::ReportFormat::xlsx:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

} // namespace

model::Result<void> send_report(Exchange& exchange, const std::string& id, app::ReportFormat format) {
  app::ReportRequest request;
  request.evaluation_id = id;
  request.format = format;
  if (auto language = exchange.param("lang"); language == "sv" || language == "nb" || language == "en") {
    request.language = language;
  }
  if (auto reference = exchange.param("reference"); !reference.empty()) {
    auto spec = app::parse_reference_spec(reference);
    if (!spec) {
      return tl::unexpected(spec.error());
    }
    request.reference = *spec;
  }
  if (format == app::ReportFormat::html) {
    auto html = app::report_html(exchange.store, request);
    if (!html) {
      return tl::unexpected(html.error());
    }
    exchange.response.set_content(*html, content_type_of(format));
    return {};
  }
  // The exporters write files (WeasyPrint, pandoc); write into a private folder and send the bytes.
  auto folder = report::TemporaryFolder::create();
  if (!folder) {
    return tl::unexpected(folder.error());
  }
  const std::string name = id + "." + extension_of(format);
  const std::string path = folder->path() + "/" + name;
  if (auto written = app::write_report(exchange.store, request, path); !written) {
    return written;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  exchange.response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  exchange.response.set_content(bytes.str(), content_type_of(format));
  return {};
}

} // namespace kompass::http
