#include <cstdio>
#include <iostream>
#include <memory>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "app/generate.hpp"
#include "app/search.hpp"
#include "cli/context.hpp"
#include "cli/output.hpp"

namespace kompass::cli {
namespace {

struct DevArgs {
  app::GenerateOptions options;
  bool without_index = false;
};

// Draws a bar on a terminal; elsewhere (a log, a pipe) one line per tenth, so logs stay readable.
class Progress {
public:
  explicit Progress(Context& ctx) : m_ctx(ctx), m_terminal(&ctx.err == &std::cerr && ::isatty(STDERR_FILENO) == 1) {}

  void update(long done, long total) {
    int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    if (!m_terminal) {
      int tenth = percent / 10 * 10;
      if (tenth > 0 && tenth > m_shown) {
        m_ctx.err << line(tenth, done, total) << '\n';
        m_shown = tenth;
      }
      return;
    }
    if (percent == m_shown) {
      return;
    }
    constexpr int k_width = 30;
    int filled = percent * k_width / 100;
    m_ctx.err << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(k_width - filled), '-') << "] " << line(percent, done, total)
              << (done == total ? "\n" : "") << std::flush;
    m_shown = percent;
  }

private:
  Context& m_ctx;
  bool m_terminal = false;
  int m_shown = -1;

  std::string line(int percent, long done, long total) const {
    return m_ctx.text(
        "generate_progress",
        {{"percent", std::to_string(percent)}, {"done", std::to_string(done)}, {"total", std::to_string(total)}});
  }
};

std::string per_second(long count, double seconds) {
  return seconds > 0 ? std::to_string(std::lround(static_cast<double>(count) / seconds)) : "–";
}

} // namespace

void add_dev_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DevArgs>();
  auto* dev = app.add_subcommand("dev", ctx.text("cmd_dev"));
  dev->require_subcommand(1);
  auto* generate = dev->add_subcommand("generate", ctx.text("cmd_dev_generate"));
  generate->add_option("--municipalities", args->options.municipalities, ctx.text("opt_generate_municipalities"))
      ->capture_default_str();
  generate
      ->add_option("--evaluations-per-municipality", args->options.evaluations_per_municipality,
                   ctx.text("opt_generate_evaluations"))
      ->capture_default_str();
  generate->add_option("--findings", args->options.findings, ctx.text("opt_generate_findings"))->capture_default_str();
  generate->add_option("--seed", args->options.seed, ctx.text("opt_generate_seed"))->capture_default_str();
  generate->add_flag("--without-index", args->without_index, ctx.text("opt_generate_without_index"));
  generate->callback([&ctx, args] {
    KOMPASS_TRY(checked, app::check_generate_options(args->options));
    KOMPASS_TRY(store, ctx.store());
    Progress progress(ctx);
    KOMPASS_TRY(report, app::generate_database(**store, args->options,
                                               [&progress](long done, long total) { progress.update(done, total); }));
    ctx.out << ctx.text("generate_done",
                        {{"municipalities", std::to_string(report->municipalities)},
                         {"evaluations", std::to_string(report->evaluations)},
                         {"findings", std::to_string(report->findings)},
                         {"seconds", format_decimal(report->seconds, ctx.language, 2)},
                         {"generate_seconds", format_decimal(report->generate_seconds, ctx.language, 2)}})
            << '\n';
    ctx.out << ctx.text("generate_store_rate", {{"findings", std::to_string(report->findings)},
                                                {"seconds", format_decimal(report->store_seconds, ctx.language, 2)},
                                                {"rate", per_second(report->findings, report->store_seconds)}})
            << '\n';
    if (args->without_index) {
      return;
    }
    // Opened directly, as `index rebuild` does: Context::index() would first rebuild a new index by itself.
    KOMPASS_TRY(opened, search::open_index(app::index_path_for(ctx.db_location)));
    KOMPASS_TRY(indexed, app::sync_index(**store, *opened->index, app::SyncMode::rebuild));
    ctx.out << ctx.text("generate_index_rate", {{"documents", std::to_string(indexed->documents)},
                                                {"findings", std::to_string(indexed->findings)},
                                                {"seconds", format_decimal(indexed->seconds, ctx.language, 2)},
                                                {"rate", per_second(indexed->findings, indexed->seconds)}})
            << '\n';
  });
}

} // namespace kompass::cli
