#include "e2e/text_diff.hpp"

#include <algorithm>

namespace kompass::e2e {
namespace {

// Beyond this many cells the LCS table would cost too much memory; the middle is then shown as removed and added.
constexpr std::size_t k_max_table_cells = 4'000'000;
constexpr std::size_t k_context = 3;

struct DiffLine {
  char mark;
  std::string text;
};

std::vector<DiffLine> align(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<DiffLine> lines;
  for (std::size_t i = 0; i < prefix; ++i) {
    lines.push_back({' ', a[i]});
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  if ((n + 1) * (m + 1) > k_max_table_cells) {
    for (std::size_t i = 0; i < n; ++i) {
      lines.push_back({'-', a[prefix + i]});
    }
    for (std::size_t j = 0; j < m; ++j) {
      lines.push_back({'+', b[prefix + j]});
    }
  } else {
    // Filled from the end so that the walk below can choose its steps from the start.
    std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        lines.push_back({' ', a[prefix + i]});
        ++i;
        ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        // On a tie the expected line goes first, as diff -u shows removals before additions.
        lines.push_back({'-', a[prefix + i]});
        ++i;
      } else {
        lines.push_back({'+', b[prefix + j]});
        ++j;
      }
    }
  }
  for (std::size_t k = a.size() - suffix; k < a.size(); ++k) {
    lines.push_back({' ', a[k]});
  }
  return lines;
}

} // namespace

std::vector<std::string> diff_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      lines.push_back("\\ no newline at end");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string text_diff(const std::string& expected, const std::string& actual) {
  if (expected == actual) {
    return "";
  }
  auto lines = align(diff_lines(expected), diff_lines(actual));
  std::vector<bool> shown(lines.size(), false);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].mark == ' ') {
      continue;
    }
    std::size_t from = k >= k_context ? k - k_context : 0;
    std::size_t to = std::min(lines.size(), k + k_context + 1);
    for (std::size_t s = from; s < to; ++s) {
      shown[s] = true;
    }
  }
  std::string out = "--- expected\n+++ actual\n";
  if (lines.empty() || std::none_of(lines.begin(), lines.end(), [](const DiffLine& l) { return l.mark != ' '; })) {
    // Only possible when the texts differ in a way the line split hides; say so instead of printing nothing.
    return out + "(the texts differ but their lines are equal)\n";
  }
  bool skipping = false;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (!shown[k]) {
      if (!skipping) {
        out += "@@ …\n";
      }
      skipping = true;
      continue;
    }
    skipping = false;
    out += lines[k].mark;
    out += lines[k].text;
    out += '\n';
  }
  if (expected.empty()) {
    out += "(nothing was expected)\n";
  }
  if (actual.empty()) {
    out += "(the output is empty)\n";
  }
  return out;
}

} // namespace kompass::e2e
