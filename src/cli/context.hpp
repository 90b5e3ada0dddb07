#pragma once

#include <iosfwd>
#include <memory>
#include <string>

#include "model/error.hpp"
#include "model/messages.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

namespace CLI {
class App;
}

namespace kompass::cli {

// What every command shares: the database location, the UI language, the output streams, and the store,
// opened on first use. A command records its outcome with fail() or leaves the exit code at 0.
class Context {
public:
  Context(std::ostream& out, std::ostream& err);

  // The store named by --db / KOMPASS_DB / ./kompass.db, opened and initialised on first call.
  model::Result<store::Store*> store();
  // Opens the store without loading the shipped frameworks (for `init`, which loads them itself).
  model::Result<store::Store*> store_uninitialised();
  // The search index next to the database (app::index_path_for), opened on first call; a new, damaged or
  // unfinished index is rebuilt from the store first.
  model::Result<search::Index*> index();

  // Prints the error in the UI language to the error stream and sets the exit code for its kind.
  void fail(const model::Error& error);
  // The localised catalogue text for `code`.
  std::string text(const std::string& code, const std::map<std::string, std::string>& args = {}) const;

  std::ostream& out;
  std::ostream& err;
  std::string db_location;
  std::string language_choice;
  model::UiLanguage language = model::UiLanguage::sv;
  int exit_code = 0;

private:
  std::unique_ptr<store::Store> m_store;
  bool m_initialised = false;
  std::unique_ptr<search::Index> m_index;
};

// The one place that maps an error kind to a process exit code: 1 for the user's input, 2 for internal errors, 3 when
// the database cannot be reached now (try again).
int exit_code_for(model::ErrorKind kind);

// Unwraps a Result inside a command: on failure records it with ctx.fail and returns from the command.
#define KOMPASS_TRY(var, expr)                                                                                         \
  auto var = (expr);                                                                                                   \
  if (!var) {                                                                                                          \
    ctx.fail(var.error());                                                                                             \
    return;                                                                                                            \
  }

// The bytes of a file, or bad_input "file_unreadable" naming it.
model::Result<std::string> read_file(const std::string& path);

// Adds the framework commands (validate, load, list, show) and init.
void add_framework_commands(CLI::App& app, Context& ctx);
// Adds municipality, import, export, compare, backup and restore.
void add_data_commands(CLI::App& app, Context& ctx);
// Adds migrate: copy a whole store into another (SQLite or PostgreSQL) and verify the copy.
void add_migrate_commands(CLI::App& app, Context& ctx);
// Adds evaluation, score, source and finding commands.
void add_evaluation_commands(CLI::App& app, Context& ctx);
// Adds report: an evaluation's report as HTML, PDF, DOCX or XLSX.
void add_report_commands(CLI::App& app, Context& ctx);
// Adds search (findings and rationales of every evaluation) and index rebuild.
void add_search_commands(CLI::App& app, Context& ctx);
// Adds recommend: for an evaluation's weaknesses and improvements, other municipalities to learn from.
void add_recommend_commands(CLI::App& app, Context& ctx);
// Adds action (add, list, update, export): an evaluation's action plan.
void add_action_commands(CLI::App& app, Context& ctx);
// Adds dev: tools for developers (dev generate writes a synthetic database for benchmarks).
void add_dev_commands(CLI::App& app, Context& ctx);
// Adds user (add, passwd, disable, enable, list) and serve.
void add_user_commands(CLI::App& app, Context& ctx);
// Adds evaluation followup and source reuse: a re-evaluation against its baseline (after add_evaluation_commands).
void add_followup_commands(CLI::App& app, Context& ctx);
// Adds evaluation assign, share and audit (after add_evaluation_commands).
void add_access_commands(CLI::App& app, Context& ctx);
// Adds evaluation blind, scoring-done and reconcile, and evaluator drift (after add_evaluation_commands).
void add_blind_commands(CLI::App& app, Context& ctx);
// Adds rank (published results of one edition with their distribution) and trend (a municipality over time).
void add_benchmark_commands(CLI::App& app, Context& ctx);

} // namespace kompass::cli
