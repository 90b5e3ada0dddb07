#include "e2e/case_runner.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "e2e/case_script.hpp"
#include "e2e/child_process.hpp"
#include "e2e/text_diff.hpp"

namespace kompass::e2e {
namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

bool write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::error_code ignored;
  std::filesystem::create_directories(path.parent_path(), ignored);
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return static_cast<bool>(out);
}

std::string indent(const std::string& text) {
  std::string out;
  for (const auto& line : diff_lines(text)) {
    out += "    " + line + "\n";
  }
  return out;
}

bool has_line(const std::string& text, const std::string& wanted) {
  for (const auto& line : diff_lines(text)) {
    if (line == wanted) {
      return true;
    }
  }
  return false;
}

// Each case gets its own directory so that cases cannot see each other's databases and files.
class TemporaryDirectory {
public:
  explicit TemporaryDirectory(bool keep) : m_keep(keep) {
    std::string pattern = (std::filesystem::temp_directory_path() / "kompass-e2e-XXXXXX").string();
    if (mkdtemp(pattern.data())) {
      m_path = pattern;
    }
  }
  ~TemporaryDirectory() {
    if (!m_keep && !m_path.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(m_path, ignored);
    }
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  const std::filesystem::path& path() const { return m_path; }

private:
  std::filesystem::path m_path;
  bool m_keep;
};

class CaseRun {
public:
  CaseRun(std::string display_name, const RunnerConfig& config, const std::filesystem::path& tmp)
      : m_name(std::move(display_name)), m_config(config), m_tmp(tmp), m_environment(neutral_environment()) {
    m_vars["ROOT"] = config.root.string();
    m_vars["DATA"] = config.data.string();
    m_vars["TMP"] = tmp.string();
    use_database("kompass");
  }

  void execute(const std::vector<Step>& steps) {
    for (const auto& step : steps) {
      if (step.kind == StepKind::run || step.kind == StepKind::database) {
        finish_run();
      }
      execute(step);
    }
    finish_run();
  }

  std::vector<std::string> failures;

private:
  void use_database(const std::string& name) {
    m_inject_db = name != "none";
    // Without --db the binary uses ./kompass.db, and the child's working directory is $TMP.
    m_vars["DB"] = (m_tmp / ((m_inject_db ? name : std::string("kompass")) + ".db")).string();
  }

  std::string expand(const Step& step, const std::string& text) {
    std::string out;
    std::string problem;
    if (!expand_variables(text, m_vars, out, problem)) {
      fail(step, problem);
    }
    return out;
  }

  void fail(const Step& step, const std::string& what, const std::string& details = "") {
    std::string message = m_name + ":" + std::to_string(step.line) + ": " + what + "\n";
    if (m_last && step.kind != StepKind::run && step.kind != StepKind::write_file && step.kind != StepKind::copy_file &&
        step.kind != StepKind::remove_path && step.kind != StepKind::stdin_file) {
      message += "  command (line " + std::to_string(m_last_line) + "): " + m_last_command + "\n";
    }
    message += details;
    failures.push_back(message);
  }

  void fail_run(const std::string& what, const std::string& details) {
    failures.push_back(m_name + ":" + std::to_string(m_last_line) + ": " + what + "\n  command: " + m_last_command +
                       "\n" + details);
  }

  std::string streams() const {
    std::string text = "  stdout:\n" + indent(m_last->out) + "  stderr:\n" + indent(m_last->err);
    return text;
  }

  // A script that says nothing about a run's exit code or stderr still must not let a failure pass unseen.
  void finish_run() {
    if (!m_last) {
      return;
    }
    if (!m_exit_checked && m_last->exit_code != 0) {
      fail_run("exit code " + std::to_string(m_last->exit_code) + ", but the script expects 0 (it gives no exit:)",
               streams());
    }
    if (!m_stderr_checked && !m_last->err.empty()) {
      fail_run("unexpected error output (the script has no stderr: or stderr-contains:)", text_diff("", m_last->err));
    }
    m_last.reset();
  }

  std::optional<std::string> dump_database(const Step& step) {
    const std::filesystem::path db = m_vars["DB"];
    if (!std::filesystem::exists(db)) {
      return std::string("(no database file)\n");
    }
    auto dump = run_child("sqlite3", {"-readonly", db.string(), ".dump"}, m_tmp, m_environment);
    if (!dump.start_problem.empty() || dump.exit_code != 0 || !dump.err.empty()) {
      fail(step, "sqlite3 .dump of " + db.string() + " failed (exit " + std::to_string(dump.exit_code) + ")",
           "  " + dump.start_problem + "\n" + indent(dump.err));
      return std::nullopt;
    }
    return dump.out;
  }

  void execute(const Step& step) {
    switch (step.kind) {
    case StepKind::run:
      run(step);
      break;
    case StepKind::database:
      use_database(step.text);
      break;
    case StepKind::write_file: {
      const auto path = m_tmp / step.words.front();
      if (!write_bytes(path, step.text)) {
        fail(step, "cannot write " + path.string());
      }
      break;
    }
    case StepKind::stdin_file:
      m_next_stdin = m_tmp / step.words.front();
      if (!std::filesystem::is_regular_file(*m_next_stdin)) {
        fail(step, "stdin: " + m_next_stdin->string() + " is no file (write it with file: first)");
      }
      break;
    case StepKind::copy_file: {
      const std::filesystem::path from = expand(step, step.words[0]);
      std::error_code error;
      std::filesystem::copy_file(from, m_tmp / step.words[1], std::filesystem::copy_options::overwrite_existing, error);
      if (error) {
        fail(step, "cannot copy " + from.string() + ": " + error.message());
      }
      break;
    }
    case StepKind::remove_path: {
      std::error_code error;
      std::filesystem::remove_all(m_tmp / step.words.front(), error);
      if (error) {
        fail(step, "cannot remove " + (m_tmp / step.words.front()).string() + ": " + error.message());
      }
      break;
    }
    case StepKind::snapshot:
      m_snapshot = dump_database(step);
      m_snapshot_db = m_vars["DB"];
      break;
    case StepKind::unchanged: {
      if (!m_snapshot) {
        fail(step, "no usable snapshot to compare with");
        break;
      }
      if (m_snapshot_db != m_vars["DB"]) {
        fail(step, "the snapshot was taken of " + m_snapshot_db + ", not of the current database " + m_vars["DB"]);
        break;
      }
      auto now = dump_database(step);
      if (now && *now != *m_snapshot) {
        fail(step, "the database changed since the snapshot (sqlite3 .dump)", text_diff(*m_snapshot, *now));
      }
      break;
    }
    default:
      check(step);
    }
  }

  void run(const Step& step) {
    std::vector<std::string> args;
    if (m_inject_db) {
      args = {"--db", m_vars["DB"]};
    }
    for (const auto& word : step.words) {
      args.push_back(expand(step, word));
    }
    std::vector<std::string> shown{"kompass"};
    shown.insert(shown.end(), args.begin(), args.end());
    m_last_command = shell_quote(shown);
    m_last_line = step.line;
    m_exit_checked = false;
    m_stderr_checked = false;
    // A `stdin:` file feeds only the run right after it; every other run reads /dev/null.
    m_last = run_child(m_config.binary, args, m_tmp, m_environment, 120, m_next_stdin.value_or("/dev/null"));
    m_next_stdin.reset();
    if (!m_last->start_problem.empty()) {
      fail_run("cannot start the binary: " + m_last->start_problem, "");
    } else if (m_last->timed_out) {
      fail_run("the binary did not finish in time and was killed", streams());
    } else if (m_last->signal != 0) {
      fail_run("the binary was ended by signal " + std::to_string(m_last->signal) + " (a crash)", streams());
    }
  }

  void check(const Step& step) {
    if (!m_last) {
      fail(step, "there is no run to check here (a db: step ends the run before it)");
      return;
    }
    const ChildResult& last = *m_last;
    switch (step.kind) {
    case StepKind::exit_code:
      m_exit_checked = true;
      if (last.exit_code != step.code) {
        fail(step, "exit code " + std::to_string(last.exit_code) + ", expected " + std::to_string(step.code),
             streams());
      }
      break;
    case StepKind::stdout_exact: {
      auto expected = expand(step, step.text);
      if (last.out != expected) {
        fail(step, "stdout differs", text_diff(expected, last.out));
      }
      break;
    }
    case StepKind::stderr_exact: {
      m_stderr_checked = true;
      auto expected = expand(step, step.text);
      if (last.err != expected) {
        fail(step, "stderr differs", text_diff(expected, last.err));
      }
      break;
    }
    case StepKind::stdout_contains:
    case StepKind::stderr_contains: {
      bool is_err = step.kind == StepKind::stderr_contains;
      m_stderr_checked = m_stderr_checked || is_err;
      auto wanted = expand(step, step.text);
      const std::string& text = is_err ? last.err : last.out;
      if (!has_line(text, wanted)) {
        fail(step, std::string(is_err ? "stderr" : "stdout") + " has no line \"" + wanted + "\"",
             "  " + std::string(is_err ? "stderr" : "stdout") + " was:\n" + indent(text));
      }
      break;
    }
    case StepKind::stdout_matches: {
      const std::regex pattern(step.text, std::regex::ECMAScript);
      const auto lines = diff_lines(last.out);
      if (std::none_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return std::regex_match(line, pattern); })) {
        fail(step, "stdout has no line matching /" + step.text + "/", "  stdout was:\n" + indent(last.out));
      }
      break;
    }
    case StepKind::stdout_file: {
      const std::filesystem::path path = expand(step, step.text);
      if (!std::filesystem::is_regular_file(path)) {
        fail(step, "stdout-file: " + path.string() + " does not exist");
        break;
      }
      auto expected = read_bytes(path);
      if (last.out != expected) {
        fail(step, "stdout differs from " + path.string(), text_diff(expected, last.out));
      }
      break;
    }
    case StepKind::save_stdout:
      if (!write_bytes(m_tmp / step.text, last.out)) {
        fail(step, "cannot write " + (m_tmp / step.text).string());
      }
      break;
    default:
      break;
    }
  }

  std::string m_name;
  const RunnerConfig& m_config;
  std::filesystem::path m_tmp;
  std::map<std::string, std::string> m_environment;
  std::map<std::string, std::string> m_vars;
  bool m_inject_db = true;
  std::optional<ChildResult> m_last;
  std::string m_last_command;
  int m_last_line = 0;
  bool m_exit_checked = false;
  bool m_stderr_checked = false;
  std::optional<std::string> m_snapshot;
  std::string m_snapshot_db;
  std::optional<std::filesystem::path> m_next_stdin; // the `stdin:` file of the next run
};

} // namespace

std::vector<std::string> run_case_text(const std::string& text, const std::string& display_name,
                                       const RunnerConfig& config) {
  auto script = parse_case_script(text);
  if (!script.problems.empty()) {
    std::vector<std::string> failures;
    for (const auto& problem : script.problems) {
      failures.push_back(display_name + ":" + problem + " (the script does not parse)");
    }
    return failures;
  }
  TemporaryDirectory tmp(config.keep_temporary);
  if (tmp.path().empty()) {
    return {display_name + ": cannot create a temporary directory"};
  }
  CaseRun run(display_name, config, tmp.path());
  run.execute(script.steps);
  if (config.keep_temporary) {
    std::cerr << display_name << ": kept the temporary directory " << tmp.path().string() << '\n';
  }
  return run.failures;
}

std::vector<std::string> run_case_file(const std::filesystem::path& file, const RunnerConfig& config) {
  if (!std::filesystem::is_regular_file(file)) {
    return {file.string() + ": the case file does not exist"};
  }
  auto relative = std::filesystem::relative(file, config.root);
  std::string name = relative.empty() || relative.string().rfind("..", 0) == 0 ? file.string() : relative.string();
  return run_case_text(read_bytes(file), name, config);
}

} // namespace kompass::e2e
