#pragma once

#include <string>
#include <vector>

namespace kompass::e2e {

// The lines of a text without their line ends; a text that does not end in a newline gets a last line
// marked "\ no newline at end".
std::vector<std::string> diff_lines(const std::string& text);

// A unified-diff-like view of how `actual` differs from `expected` ("-" expected only, "+" actual only,
// " " both), with three lines of context around each change; empty when the texts are equal.
std::string text_diff(const std::string& expected, const std::string& actual);

} // namespace kompass::e2e
