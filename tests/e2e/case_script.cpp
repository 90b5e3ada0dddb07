#include "e2e/case_script.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>
#include <sstream>

namespace kompass::e2e {
namespace {

struct Directive {
  const char* name;
  StepKind kind;
  bool takes_block;
};

const Directive k_directives[] = {
    {"run", StepKind::run, false},
    {"db", StepKind::database, false},
    {"exit", StepKind::exit_code, false},
    {"stdout", StepKind::stdout_exact, true},
    {"stderr", StepKind::stderr_exact, true},
    {"stdout-contains", StepKind::stdout_contains, false},
    {"stderr-contains", StepKind::stderr_contains, false},
    {"stdout-matches", StepKind::stdout_matches, false},
    {"stdout-file", StepKind::stdout_file, false},
    {"save-stdout", StepKind::save_stdout, false},
    {"file", StepKind::write_file, true},
    {"stdin", StepKind::stdin_file, false},
    {"copy", StepKind::copy_file, false},
    {"remove", StepKind::remove_path, false},
};

std::string trim(const std::string& text) {
  auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) {
    return "";
  }
  auto end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

const Directive* find_directive(const std::string& line, std::string& argument) {
  auto colon = line.find(':');
  if (colon == std::string::npos) {
    return nullptr;
  }
  std::string name = line.substr(0, colon);
  for (const auto& directive : k_directives) {
    if (name == directive.name) {
      argument = line.substr(colon + 1);
      bool keeps_indent = directive.kind == StepKind::stdout_contains || directive.kind == StepKind::stderr_contains ||
                          directive.kind == StepKind::stdout_matches;
      if (keeps_indent) {
        // A wanted line may start with blanks (indented table rows); only the one blank after the colon goes.
        argument.erase(0, argument.rfind(' ', 0) == 0 ? 1 : 0);
        argument.erase(argument.find_last_not_of(" \t") + 1);
      } else {
        argument = trim(argument);
      }
      return &directive;
    }
  }
  return nullptr;
}

bool is_bare_word(const std::string& line) { return line == "snapshot" || line == "unchanged"; }

// Expected text needs no end marker, so a directive or a comment has to end it.
bool ends_text_block(const std::string& line) {
  std::string ignored;
  return is_bare_word(line) || (!line.empty() && line[0] == '#') || find_directive(line, ignored) != nullptr;
}

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

std::string join_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) {
    text += line + '\n';
  }
  return text;
}

bool is_assertion(StepKind kind) {
  return kind == StepKind::exit_code || kind == StepKind::stdout_exact || kind == StepKind::stderr_exact ||
         kind == StepKind::stdout_contains || kind == StepKind::stderr_contains || kind == StepKind::stdout_matches ||
         kind == StepKind::stdout_file || kind == StepKind::save_stdout;
}

bool is_safe_file_name(const std::string& name) {
  if (name.empty() || name[0] == '/') {
    return false;
  }
  std::stringstream parts(name);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
  }
  return true;
}

bool is_database_name(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

} // namespace

const std::vector<std::string>& known_variables() {
  static const std::vector<std::string> names{"ROOT", "TMP", "DATA", "DB"};
  return names;
}

bool split_words(const std::string& line, std::vector<std::string>& words, std::string& problem) {
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == ' ' || c == '\t') {
      if (in_word) {
        words.push_back(word);
        word.clear();
        in_word = false;
      }
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 >= line.size()) {
        problem = "a backslash at the end of the line escapes nothing";
        return false;
      }
      word += line[++i];
    } else if (c == '\'') {
      auto close = line.find('\'', i + 1);
      if (close == std::string::npos) {
        problem = "a single quote is never closed";
        return false;
      }
      word += line.substr(i + 1, close - i - 1);
      i = close;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        // As in a shell, only \" and \\ are escapes inside double quotes.
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) {
          ++j;
        }
        word += line[j];
      }
      if (j >= line.size()) {
        problem = "a double quote is never closed";
        return false;
      }
      i = j;
    } else {
      word += c;
    }
  }
  if (in_word) {
    words.push_back(word);
  }
  return true;
}

bool expand_variables(const std::string& text, const std::map<std::string, std::string>& vars, std::string& out,
                      std::string& problem) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (!is_name_start(text[i + 1])) {
      out += '$';
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && is_name_char(text[end])) {
      ++end;
    }
    std::string name = text.substr(i + 1, end - i - 1);
    auto found = vars.find(name);
    if (found == vars.end()) {
      problem = "unknown variable $" + name + " (known: $ROOT, $TMP, $DATA, $DB; write $$ for a dollar sign)";
      return false;
    }
    out += found->second;
    i = end - 1;
  }
  return true;
}

CaseScript parse_case_script(const std::string& text) {
  CaseScript script;
  std::vector<std::string> lines;
  {
    std::stringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      lines.push_back(line);
    }
  }
  std::map<std::string, std::string> probe;
  for (const auto& name : known_variables()) {
    probe[name] = "";
  }
  auto problem = [&](int line, const std::string& message) {
    script.problems.push_back(std::to_string(line) + ": " + message);
  };
  auto check_variables = [&](int line, const std::string& value) {
    std::string ignored;
    std::string message;
    if (!expand_variables(value, probe, ignored, message)) {
      problem(line, message);
    }
  };

  bool seen_run = false;
  bool seen_snapshot = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const int number = static_cast<int>(i) + 1;
    if (trim(line).empty() || line[0] == '#') {
      continue;
    }
    Step step;
    step.line = number;
    if (is_bare_word(line)) {
      step.kind = line == "snapshot" ? StepKind::snapshot : StepKind::unchanged;
      if (step.kind == StepKind::unchanged && !seen_snapshot) {
        problem(number, "`unchanged` needs an earlier `snapshot`");
      }
      seen_snapshot = seen_snapshot || step.kind == StepKind::snapshot;
      script.steps.push_back(step);
      continue;
    }
    std::string argument;
    const Directive* directive = find_directive(line, argument);
    if (!directive) {
      problem(number, "not a directive: \"" + line + "\" (expected text belongs below stdout: or stderr:)");
      continue;
    }
    step.kind = directive->kind;
    if (is_assertion(step.kind) && !seen_run) {
      problem(number, std::string(directive->name) + ": comes before any run:");
    }
    switch (step.kind) {
    case StepKind::run: {
      std::string message;
      if (!split_words(argument, step.words, message)) {
        problem(number, message);
      } else if (step.words.empty()) {
        problem(number, "run: needs the arguments to pass after --db");
      }
      for (const auto& word : step.words) {
        check_variables(number, word);
      }
      seen_run = true;
      break;
    }
    case StepKind::remove_path: {
      if (!is_safe_file_name(argument)) {
        problem(number, "remove: needs a relative file or folder name inside $TMP");
      }
      step.words = {argument};
      break;
    }
    case StepKind::stdin_file: {
      if (!is_safe_file_name(argument)) {
        problem(number, "stdin: needs a relative file name inside $TMP");
      }
      step.words = {argument};
      break;
    }
    case StepKind::copy_file: {
      std::string message;
      if (!split_words(argument, step.words, message)) {
        problem(number, message);
      } else if (step.words.size() != 2 || !is_safe_file_name(step.words[1])) {
        problem(number, "copy: needs a source path and a relative file name inside $TMP");
      } else {
        check_variables(number, step.words[0]);
      }
      break;
    }
    case StepKind::database:
      if (!is_database_name(argument)) {
        problem(number, "db: needs a name of letters, digits, - and _, or none");
      }
      step.text = argument;
      break;
    case StepKind::exit_code: {
      auto [end, error] = std::from_chars(argument.data(), argument.data() + argument.size(), step.code);
      if (argument.empty() || error != std::errc() || end != argument.data() + argument.size()) {
        problem(number, "exit: needs a whole number, not \"" + argument + "\"");
      }
      break;
    }
    case StepKind::stdout_contains:
    case StepKind::stderr_contains:
      if (argument.empty()) {
        problem(number, std::string(directive->name) + ": needs the line to look for");
      }
      check_variables(number, argument);
      step.text = argument;
      break;
    case StepKind::stdout_matches:
      // A regular expression, taken as written: no variables, so that $ and { keep their meaning.
      try {
        std::regex compiled(argument, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        problem(number, std::string("stdout-matches: not a regular expression: ") + e.what());
      }
      if (argument.empty()) {
        problem(number, "stdout-matches: needs the regular expression a line must match");
      }
      step.text = argument;
      break;
    case StepKind::stdout_file:
      check_variables(number, argument);
      if (argument.empty()) {
        problem(number, "stdout-file: needs a path");
      }
      step.text = argument;
      break;
    case StepKind::save_stdout:
      if (!is_safe_file_name(argument)) {
        problem(number, "save-stdout: needs a relative file name inside $TMP");
      }
      step.text = argument;
      break;
    case StepKind::stdout_exact:
    case StepKind::stderr_exact: {
      if (!argument.empty()) {
        problem(number, std::string(directive->name) + ": takes no argument; put the expected text on the lines below");
      }
      std::vector<std::string> block;
      while (i + 1 < lines.size() && !ends_text_block(lines[i + 1])) {
        block.push_back(lines[++i]);
      }
      // Blank lines that only separate this block from the next step are not part of the expected text.
      while (!block.empty() && block.back().empty()) {
        block.pop_back();
      }
      for (auto& expected : block) {
        if (!expected.empty() && expected[0] == '\\') {
          expected.erase(0, 1);
        }
      }
      step.text = join_lines(block);
      check_variables(number, step.text);
      break;
    }
    case StepKind::write_file: {
      if (!is_safe_file_name(argument)) {
        problem(number, "file: needs a relative file name inside $TMP");
      }
      step.words = {argument};
      std::vector<std::string> block;
      bool closed = false;
      while (i + 1 < lines.size()) {
        if (lines[++i] == "end") {
          closed = true;
          break;
        }
        block.push_back(lines[i]);
      }
      if (!closed) {
        problem(number, "file: is never closed by a line `end`");
      }
      step.text = join_lines(block);
      break;
    }
    case StepKind::snapshot:
    case StepKind::unchanged:
      break;
    }
    script.steps.push_back(step);
  }
  return script;
}

} // namespace kompass::e2e
