#include "cli/cli.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include <CLI/CLI.hpp>

#include "app/catalog.hpp"
#include "app/search.hpp"
#include "app/text.hpp"
#include "cli/context.hpp"

namespace kompass::cli {

Context::Context(std::ostream& out_stream, std::ostream& err_stream) : out(out_stream), err(err_stream) {}

model::Result<store::Store*> Context::store_uninitialised() {
  if (!m_store) {
    auto opened = store::open_store(db_location);
    if (!opened) {
      return tl::unexpected(opened.error());
    }
    m_store = std::move(*opened);
    // The audit log names who changed what; on the command line that is the login running the command.
    const char* login = std::getenv("USER");
    m_store->set_actor(std::string("cli:") + (login && *login ? login : "unknown"));
  }
  return m_store.get();
}

model::Result<store::Store*> Context::store() {
  auto opened = store_uninitialised();
  if (!opened || m_initialised) {
    return opened;
  }
  if (auto initialised = app::ensure_initialised(**opened); !initialised) {
    return tl::unexpected(initialised.error());
  }
  m_initialised = true;
  return opened;
}

model::Result<search::Index*> Context::index() {
  if (!m_index) {
    auto opened_store = store();
    if (!opened_store) {
      return tl::unexpected(opened_store.error());
    }
    // A running `kompass serve` on the same database holds the shared folder for as long as it runs: the command
    // line then uses a folder of its own (caught up from the store like any index) rather than wait for it.
    const auto path = app::index_path_for(db_location);
    auto opened = app::open_node_index(**opened_store, path, path + "-cli");
    if (!opened) {
      return tl::unexpected(opened.error());
    }
    m_index = std::move(opened->index);
  }
  return m_index.get();
}

model::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return tl::unexpected(model::make_error(model::ErrorKind::bad_input, "file_unreadable", {{"file", path}}, path));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

int exit_code_for(model::ErrorKind kind) {
  switch (kind) {
  case model::ErrorKind::bad_input:
  case model::ErrorKind::not_found:
  case model::ErrorKind::conflict:
  case model::ErrorKind::malformed:
  case model::ErrorKind::unauthenticated:
  case model::ErrorKind::forbidden:
  case model::ErrorKind::rate_limited:
    return 1;
  case model::ErrorKind::internal:
    return 2;
  case model::ErrorKind::unavailable:
    // Not the user's input and not a bug: a script may wait and run the command again.
    return 3;
  }
  return 2;
}

void Context::fail(const model::Error& error) {
  err << text("error_prefix") << ": " << model::render(language, error) << '\n';
  exit_code = exit_code_for(error.kind);
}

std::string Context::text(const std::string& code, const std::map<std::string, std::string>& args) const {
  return model::message(language, code, args);
}

namespace {

// CLI11 words its errors in English; the common ones are restated from the catalogue so a Swedish user
// reads Swedish. Anything not recognised keeps CLI11's own text.
std::string describe_parse_error(const Context& ctx, const CLI::App& app, const CLI::ParseError& error) {
  std::string what = error.what();
  std::smatch match;
  auto remaining = app.remaining();
  if (error.get_name() == "RequiredError" && what.find("subcommand") != std::string::npos) {
    return remaining.empty() ? ctx.text("cli_command_missing")
                             : ctx.text("cli_command_unknown", {{"command", remaining.front()}});
  }
  static const std::regex k_required("^(.+) is required$");
  static const std::regex k_extras("not expected: (.*)$");
  static const std::regex k_conversion("^Could not convert: (\\S+) = (.*)$");
  static const std::regex k_not_in("^(\\S+): (.*) not in (.*)$");
  static const std::regex k_excludes("^(\\S+) excludes (\\S+)$");
  if (std::regex_search(what, match, k_required)) {
    return ctx.text("cli_option_required", {{"option", match[1]}});
  }
  if (std::regex_search(what, match, k_extras)) {
    return ctx.text("cli_unexpected", {{"arguments", match[1]}});
  }
  if (std::regex_search(what, match, k_conversion)) {
    return ctx.text("cli_bad_value", {{"option", match[1]}, {"value", match[2]}});
  }
  if (std::regex_search(what, match, k_not_in)) {
    return ctx.text("cli_not_allowed", {{"option", match[1]}, {"value", match[2]}, {"allowed", match[3]}});
  }
  if (std::regex_search(what, match, k_excludes)) {
    return ctx.text("cli_excludes", {{"option", match[1]}, {"other", match[2]}});
  }
  return what;
}

} // namespace

int run(int argc, char** argv) {
  Context ctx(std::cout, std::cerr);
  const char* env_db = std::getenv("KOMPASS_DB");
  ctx.db_location = env_db && *env_db ? env_db : "kompass.db";
  // Pick the language before parsing so that even argument errors can be reported in it.
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--lang") {
      ctx.language_choice = argv[i + 1];
    }
  }
  const char* lang_env = std::getenv("LANG");
  ctx.language = model::choose_ui_language(ctx.language_choice, lang_env ? lang_env : "");

  // Everything typed is stored and printed as UTF-8 (JSON output requires it): refuse anything else up front.
  for (int i = 1; i < argc; ++i) {
    if (!app::is_valid_utf8(argv[i])) {
      std::cerr << ctx.text("error_prefix") << ": "
                << ctx.text("cli_argument_not_utf8", {{"number", std::to_string(i)}}) << '\n';
      return 1;
    }
  }

  CLI::App app{ctx.text("cli_description"), "kompass"};
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("--db", ctx.db_location, ctx.text("opt_db"))->envname("KOMPASS_DB");
  app.add_option("--lang", ctx.language_choice, ctx.text("opt_lang"))->check(CLI::IsMember({"sv", "en"}));
  add_framework_commands(app, ctx);
  add_evaluation_commands(app, ctx);
  add_followup_commands(app, ctx);
  add_data_commands(app, ctx);
  add_migrate_commands(app, ctx);
  add_report_commands(app, ctx);
  add_search_commands(app, ctx);
  add_recommend_commands(app, ctx);
  add_action_commands(app, ctx);
  add_dev_commands(app, ctx);
  add_benchmark_commands(app, ctx);
  add_user_commands(app, ctx);
  add_access_commands(app, ctx);
  add_blind_commands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e);
    }
    std::cerr << ctx.text("error_prefix") << ": " << describe_parse_error(ctx, app, e) << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << ctx.text("error_prefix") << ": " << ctx.text("internal_error", {{"detail", e.what()}}) << '\n';
    return 2;
  }
  return ctx.exit_code;
}

} // namespace kompass::cli
