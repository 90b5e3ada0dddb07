#pragma once

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <vector>

// How the search index reads text: which stemmer a language uses, and the snippets of hits. Used by the index;
// plain types, so the snippet rules are tested on their own (tests/data/snippet/).
namespace kompass::search {

// Xapian's stemmer name for an evaluation's language ("sv" → "swedish", also nb/nn/no, da, en, fi); "none" for
// any other language, whose words are then kept as written.
std::string stemmer_name(const std::string& language);

// Stems one lower-case word.
using Stemmer = std::function<std::string(const std::string&)>;

// The stemmer of `language`, as the index uses it (see stemmer_name).
Stemmer stemmer_for(const std::string& language);

// What a snippet marks: the query's stems outside phrases, its phrases (stems in order) and its prefixes (lower
// case, without the '*').
struct Highlights {
  std::set<std::string> stems;
  std::vector<std::vector<std::string>> phrases;
  std::vector<std::string> prefixes;
};

// The prefixes a query text asks for: each word followed by '*' ("Visselblås*" → "visselblås"), in order.
std::vector<std::string> prefixes_in(const std::string& query_text);

// A snippet of about `length` bytes from `text`, around the most marked words (the whole text when it fits),
// with "…" where text is left out. A word is marked with <mark>…</mark> when its stem is one of the stems, or
// it (or its stem) starts with one of the prefixes; a phrase found in order is marked as a whole. The rest is
// escaped as HTML (&, <, >).
std::string make_snippet(const std::string& text, const Highlights& highlights, const Stemmer& stem,
                         std::size_t length);

} // namespace kompass::search
