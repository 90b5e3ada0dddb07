#pragma once

#include <map>
#include <string>
#include <vector>

namespace kompass::e2e {

// What a step of a case script does.
enum class StepKind {
  run,             // run the binary with the step's words
  database,        // switch the database that later runs get (`db: NAME`, `db: none`)
  exit_code,       // the last run's exit code
  stdout_exact,    // the last run's standard output, exactly
  stderr_exact,    // the last run's error output, exactly
  stdout_contains, // a whole line of the last run's standard output
  stderr_contains, // a whole line of the last run's error output
  stdout_matches,  // a whole line of the last run's standard output matches a regular expression
  stdout_file,     // the last run's standard output equals a file's bytes
  save_stdout,     // writes the last run's standard output into $TMP
  write_file,      // writes a file into $TMP
  stdin_file,      // the next run reads a file of $TMP as its standard input
  copy_file,       // copies a file into $TMP
  remove_path,     // removes a file or folder (with its content) from $TMP
  snapshot,        // remembers the current database's content
  unchanged,       // the current database's content equals the last snapshot
};

// One step of a case script, with the line it starts on for error messages.
struct Step {
  // What the step does.
  StepKind kind = StepKind::run;
  // The script line the step starts on (1-based).
  int line = 0;
  // The words of `run:` and `copy:` (variables not yet expanded), or the file name of `file:`, `stdin:` and
  // `remove:`.
  std::vector<std::string> words;
  // The directive's argument, or the block's text (expected output, file content).
  std::string text;
  // The expected exit code of `exit:`.
  int code = 0;
};

// A parsed case script, or the problems that kept it from parsing ("LINE: message").
struct CaseScript {
  // The steps in script order.
  std::vector<Step> steps;
  // Why the script does not parse; empty when it does.
  std::vector<std::string> problems;
};

// Parses a case script; see tests/e2e/README.md for the format.
CaseScript parse_case_script(const std::string& text);

// Splits a `run:` line into words like a POSIX shell: blanks separate, quotes group, backslash escapes.
bool split_words(const std::string& line, std::vector<std::string>& words, std::string& problem);

// Replaces $NAME by vars[NAME] and $$ by $; returns false and names the variable when it is unknown.
bool expand_variables(const std::string& text, const std::map<std::string, std::string>& vars, std::string& out,
                      std::string& problem);

// The names $ROOT, $TMP, $DATA and $DB that a script may use.
const std::vector<std::string>& known_variables();

} // namespace kompass::e2e
