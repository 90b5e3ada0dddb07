#include <memory>

#include <CLI/CLI.hpp>

#include "app/reports.hpp"
#include "cli/context.hpp"

namespace kompass::cli {
namespace {

struct ReportArgs {
  std::string id;
  std::string format;
  std::string output;
  std::string language;
  std::string reference;
  std::string templates;
  std::string pdf_standard = "pdf/a-3b";
};

} // namespace

void add_report_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ReportArgs>();
  auto* report = app.add_subcommand("report", ctx.text("cmd_report"));
  report->add_option("id", args->id, ctx.text("opt_evaluation_id"))->required();
  report->add_option("--format", args->format, ctx.text("opt_report_format"))
      ->check(CLI::IsMember({"html", "pdf", "docx", "xlsx"}));
  report->add_option("-o,--output", args->output, ctx.text("opt_report_output"))->required();
  report->add_option("--lang", args->language, ctx.text("opt_report_lang"))->check(CLI::IsMember({"sv", "nb", "en"}));
  report->add_option("--reference", args->reference, ctx.text("opt_reference"));
  report->add_option("--templates", args->templates, ctx.text("opt_templates"));
  report->add_option("--pdf-standard", args->pdf_standard, ctx.text("opt_pdf_standard"))
      ->check(CLI::IsMember({"pdf/a-3b", "pdf/ua-1"}));
  report->callback([&ctx, args] {
    app::ReportRequest request;
    request.evaluation_id = args->id;
    auto format = args->format.empty() ? app::format_from_path(args->output) : app::parse_report_format(args->format);
    if (!format) {
      ctx.fail(model::make_error(model::ErrorKind::bad_input, "report_format_unknown", {{"file", args->output}},
                                 "--format"));
      return;
    }
    request.format = *format;
    request.language = args->language;
    KOMPASS_TRY(reference, app::parse_reference_spec(args->reference));
    request.reference = *reference;
    if (!args->templates.empty()) {
      request.templates = args->templates;
    }
    request.pdf_standard = args->pdf_standard == "pdf/ua-1" ? app::PdfStandard::pdf_ua_1 : app::PdfStandard::pdf_a_3b;
    KOMPASS_TRY(store, ctx.store());
    KOMPASS_TRY(written, app::write_report(**store, request, args->output));
    ctx.out << ctx.text("report_written", {{"file", args->output}}) << '\n';
  });
}

} // namespace kompass::cli
