// migrate: copies a whole store into another (SQLite or PostgreSQL) and verifies the copy table by table. Locations
// are never echoed: a postgresql:// URL may carry a password.

#include <memory>

#include <CLI/CLI.hpp>

#include "app/migrate.hpp"
#include "cli/context.hpp"

namespace kompass::cli {
namespace {

struct MigrateArgs {
  std::string from;
  std::string to;
  bool force = false;
  bool verify_only = false;
};

// A digest's first 12 hex digits identify a table's contents well enough to compare two reports by eye.
constexpr std::size_t k_digest_prefix = 12;

} // namespace

void add_migrate_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MigrateArgs>();
  auto* migrate = app.add_subcommand("migrate", ctx.text("cmd_migrate"));
  migrate->add_option("--from", args->from, ctx.text("opt_migrate_from"))->required();
  migrate->add_option("--to", args->to, ctx.text("opt_migrate_to"))->required();
  migrate->add_flag("--force", args->force, ctx.text("opt_migrate_force"));
  migrate->add_flag("--verify-only", args->verify_only, ctx.text("opt_migrate_verify_only"));
  migrate->callback([&ctx, args] {
    KOMPASS_TRY(report,
                app::migrate(args->from, args->to, args->force ? store::Overwrite::replace : store::Overwrite::refuse,
                             args->verify_only ? app::MigrateMode::verify_only : app::MigrateMode::copy));
    for (const auto& table : report->tables) {
      ctx.out << ctx.text("migrate_table", {{"table", table.name},
                                            {"rows", std::to_string(table.rows)},
                                            {"digest", table.digest.substr(0, k_digest_prefix)}})
              << '\n';
    }
    ctx.out << ctx.text(
                   args->verify_only ? "migrate_verified" : "migrate_copied",
                   {{"count", std::to_string(report->evaluations)}, {"tables", std::to_string(report->tables.size())}})
            << '\n';
  });
}

} // namespace kompass::cli
