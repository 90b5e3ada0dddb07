#include "app/reports.hpp"

#include <algorithm>
#include <filesystem>

#include "app/evaluations.hpp"
#include "app/followup.hpp"
#include "app/text.hpp"
#include "report/exporters.hpp"
#include "report/external.hpp"
#include "report/render.hpp"
#include "report/report_view.hpp"
#include "report/templates.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;
using model::fail;

Result<report::ReportInput> gather(store::Store& store, const ReportRequest& request) {
  // One read transaction, so the scores, the reference group and the trend come from the same snapshot.
  return store::in_transaction(
      store,
      [&]() -> Result<report::ReportInput> {
        auto view = load_view(store, request.evaluation_id);
        if (!view) {
          return tl::unexpected(view.error());
        }
        auto comparison = compare_loaded(store, *view, request.reference);
        if (!comparison) {
          return tl::unexpected(comparison.error());
        }
        report::ReportInput input{view->evaluation,
                                  view->framework,
                                  view->aggregate,
                                  {},
                                  {},
                                  request.today.empty() ? today_iso() : request.today,
                                  std::nullopt};
        auto& reference = input.reference;
        reference.code = comparison->reference_code;
        reference.args = comparison->reference_args;
        for (const auto& criterion : comparison->reference_criteria) {
          reference.criteria.push_back({criterion.code, criterion.args});
        }
        reference.count = comparison->reference_count;
        for (const auto& row : comparison->rows) {
          (row.label == "total" ? reference.total : reference.areas.emplace_back()) = row.reference;
        }
        for (const auto& member : comparison->members) {
          reference.members.push_back(member.municipality + " " + std::to_string(member.year));
        }
        const auto& framework = view->framework;
        input.trend.push_back({view->evaluation.year, framework.id, view->aggregate.total.points, framework.max_points,
                               true, std::nullopt, std::nullopt});
        for (const auto& earlier : comparison->earlier) {
          report::TrendEntry entry{earlier.year, earlier.edition, earlier.total, framework.max_points,
                                   false,        std::nullopt,    std::nullopt};
          if (earlier.comparison.comparability == scoring::Comparability::interval) {
            entry.compare_low = earlier.comparison.low;
            entry.compare_high = earlier.comparison.high;
          }
          input.trend.push_back(entry);
        }
        std::stable_sort(input.trend.begin(), input.trend.end(),
                         [](const auto& a, const auto& b) { return a.year < b.year; });
        if (!view->evaluation.baseline_id.empty()) {
          auto followup = load_followup(store, request.evaluation_id);
          // A baseline no longer stored only leaves the chapter out; the report itself is still wanted.
          if (!followup && followup.error().code != "baseline_missing") {
            return tl::unexpected(followup.error());
          }
          // A published report reaches the public, so it compares only with a published baseline; an
          // unpublished one (which they may not read) leaves the chapter out.
          const bool baseline_hidden = followup && view->evaluation.status == model::Status::published &&
                                       followup->baseline.evaluation.status != model::Status::published;
          if (followup && !baseline_hidden) {
            const auto& baseline = followup->baseline.evaluation;
            input.followup =
                report::FollowupInput{baseline.id, baseline.year, baseline.framework_id, std::move(followup->followup)};
          }
        }
        return input;
      },
      store::Access::read);
}

struct Prepared {
  report::TemplateSet templates;
  report::ReportView view;
};

Result<Prepared> prepare(store::Store& store, const ReportRequest& request) {
  auto input = gather(store, request);
  if (!input) {
    return tl::unexpected(input.error());
  }
  std::string code = request.language.empty() ? input->evaluation.language : request.language;
  auto language = report::parse_language(code);
  if (!language) {
    if (!request.language.empty()) {
      return fail(ErrorKind::bad_input, "bad_report_language", {{"language", request.language}}, "--lang");
    }
    language = report::Language::sv; // an evaluation in Danish, say, gets a Swedish report until labels exist
  }
  auto templates = report::load_templates(request.templates);
  if (!templates) {
    return tl::unexpected(templates.error());
  }
  auto labels = report::load_labels(*templates, *language);
  if (!labels) {
    return tl::unexpected(labels.error());
  }
  return Prepared{std::move(*templates), report::make_view(*input, *language, *labels)};
}

} // namespace

std::optional<ReportFormat> parse_report_format(const std::string& text) {
  if (text == "html") {
    return ReportFormat::html;
  }
  if (text == "pdf") {
    return ReportFormat::pdf;
  }
  if (text == "docx") {
    return ReportFormat::docx;
  }
  if (text == "xlsx") {
    return ReportFormat::xlsx;
  }
  return std::nullopt;
}

std::optional<ReportFormat> format_from_path(const std::string& path) {
  auto extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".htm") {
    return ReportFormat::html;
  }
  return extension.size() > 1 ? parse_report_format(extension.substr(1)) : std::nullopt;
}

Result<std::string> report_html(store::Store& store, const ReportRequest& request) {
  auto prepared = prepare(store, request);
  if (!prepared) {
    return tl::unexpected(prepared.error());
  }
  return report::render_html(prepared->view, prepared->templates, report::ChartMode::inline_svg);
}

Result<void> write_report(store::Store& store, const ReportRequest& request, const std::string& output) {
  auto prepared = prepare(store, request);
  if (!prepared) {
    return tl::unexpected(prepared.error());
  }
  const auto& view = prepared->view;
  if (request.format == ReportFormat::xlsx) {
    return report::write_xlsx(view, output);
  }
  auto mode = request.format == ReportFormat::docx ? report::ChartMode::image_files : report::ChartMode::inline_svg;
  auto html = report::render_html(view, prepared->templates, mode);
  if (!html) {
    return tl::unexpected(html.error());
  }
  switch (request.format) {
  case ReportFormat::html:
    return report::write_file_atomically(*html, output);
  case ReportFormat::pdf:
    return report::write_pdf(*html, output,
                             request.pdf_standard == PdfStandard::pdf_ua_1 ? report::PdfVariant::pdf_ua_1
                                                                           : report::PdfVariant::pdf_a_3b);
  case ReportFormat::docx:
    return report::write_docx(*html, view.charts, output);
  case ReportFormat::xlsx:
    break;
  }
  return {};
}

} // namespace kompass::app
