#include "search/text.hpp"

#include <algorithm>
#include <string_view>

#include <xapian.h>

namespace kompass::search {
namespace {

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    default:
      out += c;
    }
  }
}

} // namespace

std::string stemmer_name(const std::string& language) {
  if (language == "sv") {
    return "swedish";
  }
  if (language == "nb" || language == "nn" || language == "no") {
    return "norwegian";
  }
  if (language == "da") {
    return "danish";
  }
  if (language == "en") {
    return "english";
  }
  if (language == "fi") {
    return "finnish";
  }
  return "none";
}

Stemmer stemmer_for(const std::string& language) {
  auto name = stemmer_name(language);
  Xapian::Stem stemmer = name == "none" ? Xapian::Stem() : Xapian::Stem(name);
  return [stemmer](const std::string& word) { return stemmer(word); };
}

std::vector<std::string> prefixes_in(const std::string& query_text) {
  std::vector<std::string> prefixes;
  std::string word;
  for (Xapian::Utf8Iterator it(query_text); it != Xapian::Utf8Iterator(); ++it) {
    if (Xapian::Unicode::is_wordchar(*it)) {
      Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
      continue;
    }
    if (*it == '*' && !word.empty()) {
      prefixes.push_back(word);
    }
    word.clear();
  }
  return prefixes;
}

std::string make_snippet(const std::string& text, const Highlights& highlights, const Stemmer& stem,
                         std::size_t length) {
  struct Word {
    std::size_t begin;
    std::size_t end;
    std::string lower;
    std::string stem;
  };
  std::string first_bytes;
  auto note_first_byte = [&](const std::string& start) {
    if (!start.empty()) {
      first_bytes += start.front();
    }
  };
  std::for_each(highlights.stems.begin(), highlights.stems.end(), note_first_byte);
  std::for_each(highlights.prefixes.begin(), highlights.prefixes.end(), note_first_byte);
  for (const auto& phrase : highlights.phrases) {
    std::for_each(phrase.begin(), phrase.end(), note_first_byte);
  }
  std::vector<Word> words;
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator();) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    Word word{text.size() - it.left(), 0, {}, {}};
    for (; it != Xapian::Utf8Iterator() && Xapian::Unicode::is_wordchar(*it); ++it) {
      Xapian::Unicode::append_utf8(word.lower, Xapian::Unicode::tolower(*it));
    }
    word.end = text.size() - it.left();
    // Stemming is most of a snippet's time, and stemmers change only a word's ending: a word whose first byte
    // starts no stem or prefix of the query cannot match one.
    if (first_bytes.find(word.lower.front()) != std::string::npos) {
      word.stem = stem(word.lower);
    }
    words.push_back(std::move(word));
  }

  // marked[i]: how many words a mark starting at word i spans (0: none starts there).
  std::vector<std::size_t> marked(words.size(), 0);
  std::vector<bool> covered(words.size(), false);
  for (const auto& phrase : highlights.phrases) {
    for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
      bool same = std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i),
                             [](const std::string& stem, const Word& word) { return stem == word.stem; });
      auto span = covered.begin() + static_cast<std::ptrdiff_t>(i);
      if (same && std::none_of(span, span + static_cast<std::ptrdiff_t>(phrase.size()), [](bool c) { return c; })) {
        marked[i] = phrase.size();
        std::fill_n(span, phrase.size(), true);
      }
    }
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (covered[i]) {
      continue;
    }
    const auto& word = words[i];
    bool match = highlights.stems.contains(word.stem) ||
                 std::any_of(highlights.prefixes.begin(), highlights.prefixes.end(), [&](const std::string& prefix) {
                   return word.lower.starts_with(prefix) || word.stem.starts_with(prefix);
                 });
    if (match) {
      marked[i] = 1;
      covered[i] = true;
    }
  }

  // The window: the whole text when it fits, else the run of words within `length` bytes holding most marks
  // (the first such run), starting at the text's start or one word before a marked word, so a mark comes with
  // a little of what leads to it.
  std::size_t from = 0;
  std::size_t to = text.size();
  if (text.size() > length && !words.empty()) {
    std::size_t best_start = 0;
    std::size_t best_count = 0;
    std::size_t best_last = 0;
    std::vector<std::size_t> starts{0};
    for (std::size_t i = 1; i < words.size(); ++i) {
      if (marked[i] > 0) {
        starts.push_back(i - 1);
      }
    }
    for (auto start : starts) {
      std::size_t count = 0;
      std::size_t last = start;
      for (std::size_t i = start; i < words.size() && words[i].end - words[start].begin <= length; ++i) {
        count += covered[i] ? 1 : 0;
        last = i;
      }
      if (start == 0 || count > best_count) {
        best_start = start;
        best_count = count;
        best_last = last;
      }
    }
    from = best_start == 0 ? 0 : words[best_start].begin;
    to = std::max(words[best_last].end, from);
  }

  std::string out;
  if (from > 0) {
    out += "…";
  }
  std::size_t at = from;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (marked[i] == 0 || words[i].begin < from) {
      continue;
    }
    const auto last = i + marked[i] - 1;
    if (words[last].end > to) {
      break;
    }
    append_escaped(out, std::string_view(text).substr(at, words[i].begin - at));
    out += "<mark>";
    append_escaped(out, std::string_view(text).substr(words[i].begin, words[last].end - words[i].begin));
    out += "</mark>";
    at = words[last].end;
  }
  append_escaped(out, std::string_view(text).substr(at, to - at));
  if (to < text.size()) {
    out += "…";
  }
  return out;
}

} // namespace kompass::search
