#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

namespace kompass::app {

using model::Result;

// How many other municipalities are suggested per finding at most.
inline constexpr int k_max_suggestions = 5;

// Another municipality's strength that matches a finding: the municipality's best matching strength in the
// finding's area, with the evaluation it comes from and the municipality's points in that area.
struct Suggestion {
  std::string evaluation_id;
  std::string municipality;
  std::string municipality_code;
  std::string country;
  int year = 0;
  int area = 0;
  std::string sub_area;
  std::optional<int> area_points;
  std::string text;    // the strength as written
  std::string snippet; // the same with the matched words marked <mark>…</mark>, HTML-escaped otherwise
  int percent = 0;     // Xapian's relevance of the match, 0–100
};

// A finding that names a good example, and where: the evaluation, the finding's kind and text, and the reason
// given for the example (empty when none was).
struct NamedIn {
  std::string evaluation_id;
  std::string municipality;
  int year = 0;
  model::FindingKind kind = model::FindingKind::strength;
  std::string text;
  std::string reason;
};

// A good-example municipality named by matching findings (of any evaluation, this one included).
struct NamedExample {
  std::string name;
  std::vector<NamedIn> named_in; // most relevant finding first
};

// What to learn from for one weakness or improvement finding of the evaluation.
struct FindingRecommendation {
  model::Finding finding;
  std::vector<Suggestion> suggestions; // best first, at most k_max_suggestions, one per municipality
  std::vector<NamedExample> named_examples;
};

// Recommendations for every weakness and improvement finding of one evaluation, in the evaluation's order.
struct Recommendations {
  std::string evaluation_id;
  std::string municipality;
  std::string municipality_code;
  std::string country;
  int year = 0;
  std::string language;
  std::vector<FindingRecommendation> findings;
};

// Catches the index up with the store, then, for each weakness and improvement finding of `evaluation_id`,
// finds the strengths of other municipalities in the same area of the same edition that match the finding's
// words (ranked by relevance, a match in the finding's own sub-area counting more, and by the municipality's
// area points on a tie) and the good examples named by matching findings of that area. Only what
// `visibility` allows is read; an evaluation it hides, like one that does not exist, is not_found
// "unknown_evaluation".
Result<Recommendations> recommend(store::Store& store, search::Index& index, const std::string& evaluation_id,
                                  const search::Visibility& visibility);

// The query text for a finding written in `language` (sv, nb, da, en): its words, lowercased, without stop
// words and the words findings use to say that something is missing, joined by OR so that a strength sharing
// only some of them still matches. Empty when no word is left.
std::string recommendation_query(const std::string& text, const std::string& language);

} // namespace kompass::app
