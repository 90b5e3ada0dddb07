#include "app/recommend.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "app/search.hpp"

namespace kompass::app {
namespace {

using model::ErrorKind;

// Hits read per search before other municipalities' duplicates and the evaluation's own municipality are
// dropped; well above k_max_suggestions so five distinct municipalities remain in a large corpus.
constexpr int k_candidates = 100;
// A strength in the finding's own sub-area weighs this much more than one elsewhere in the area: the
// sub-area says what exactly the finding is about, but evaluators file similar practices differently.
constexpr double k_same_sub_area_boost = 1.5;
// Xapian's percentage (the share of the query's words the best match has, scaled by weight) below which a
// match is taken for chance, one common word shared ("medborgarna", "webben"); lower in the finding's own
// sub-area, where sharing its one telling word ("visselblåsarfunktion") is enough.
constexpr int k_min_percent = 30;
constexpr int k_min_percent_same_sub_area = 20;

// The words with which findings say that something is missing, exists or should be done ("Ingen …",
// "… saknas", "finns", "fler …", "Utveckla …", "tydligare", "lyfts fram"), besides the common function words:
// they say nothing about the subject, so a strength sharing only them is no match. kompass's own lists,
// drawn up from the wording of the sample's findings; the index drops its own, shorter list as well.
const std::map<std::string, std::set<std::string>>& finding_stop_words() {
  static const std::map<std::string, std::set<std::string>> words{
      {"sv",
       {"och",    "att",     "för",     "i",         "på",       "av",      "till",   "med",         "om",
        "som",    "en",      "ett",     "den",       "det",      "de",      "dess",   "är",          "var",
        "vara",   "har",     "kan",     "ska",       "bör",      "blir",    "inte",   "ingen",       "inget",
        "inga",   "finns",   "saknas",  "saknar",    "mer",      "mest",    "fler",   "flera",       "alla",
        "andra",  "samt",    "eller",   "men",       "så",       "vid",     "från",   "ut",          "upp",
        "in",     "mot",     "mellan",  "sin",       "sina",     "sitt",    "sig",    "hur",         "vad",
        "där",    "när",     "även",    "också",     "dock",     "bara",    "mycket", "nästan",      "alls",
        "ex",     "bl",      "etc",     "tex",       "hos",      "inom",    "efter",  "under",       "över",
        "tydlig", "tydliga", "tydligt", "tydligare", "utveckla", "använda", "öka",    "stärka",      "bättre",
        "göra",   "lyfts",   "lyfta",   "fram",      "viktig",   "viktiga", "del",    "ytterligare", "fortsätta"}},
      {"nb",
       {"og",     "å",       "i",    "på",    "av",     "for",   "til",  "med",   "om",    "som",     "en",    "et",
        "ei",     "den",     "det",  "de",    "er",     "har",   "kan",  "skal",  "bør",   "ikke",    "ingen", "intet",
        "finnes", "mangler", "mer",  "flere", "alle",   "andre", "samt", "eller", "men",   "så",      "ved",   "fra",
        "ut",     "opp",     "inn",  "mot",   "mellom", "sin",   "sine", "sitt",  "seg",   "hvordan", "hva",   "der",
        "når",    "også",    "bare", "mye",   "nesten", "f",     "eks",  "hos",   "innen", "etter",   "under", "over"}},
      {"da",
       {"og",      "at",   "i",     "på",     "af",    "for",  "til",   "med",   "om",      "som",   "en",    "et",
        "den",     "det",  "de",    "er",     "har",   "kan",  "skal",  "bør",   "ikke",    "ingen", "intet", "findes",
        "mangler", "mere", "flere", "alle",   "andre", "samt", "eller", "men",   "så",      "ved",   "fra",   "ud",
        "op",      "ind",  "mod",   "mellem", "sin",   "sine", "sit",   "sig",   "hvordan", "hvad",  "der",   "når",
        "også",    "kun",  "meget", "næsten", "f",     "eks",  "hos",   "inden", "efter",   "under", "over"}},
      {"en", {"the",   "a",       "an",      "and",  "or",    "of",     "to",  "in",   "on",    "for",  "with", "is",
              "are",   "be",      "by",      "at",   "as",    "it",     "its", "this", "that",  "from", "no",   "not",
              "lacks", "lacking", "missing", "more", "there", "should", "can", "all",  "other", "e",    "g"}},
  };
  return words;
}

// The lowercased words of `text`: runs of letters and digits, so that hyphens, quotes and brackets, which
// are query syntax, never reach the query parser.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto length = static_cast<int32_t>(text.size());
  int32_t at = 0;
  while (at < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, at, length, c);
    if (c >= 0 && u_isalnum(c)) {
      uint8_t buffer[U8_MAX_LENGTH];
      int32_t written = 0;
      U8_APPEND_UNSAFE(buffer, written, u_tolower(c));
      word.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(written));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) {
    words.push_back(std::move(word));
  }
  return words;
}

bool is_number(const std::string& word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool visible(const model::Evaluation& evaluation, const search::Visibility& visibility) {
  return evaluation.status == model::Status::published || visibility.unpublished ||
         std::find(visibility.unpublished_evaluations.begin(), visibility.unpublished_evaluations.end(),
                   evaluation.id) != visibility.unpublished_evaluations.end();
}

// A hit that matches well enough, with the relevance it is ranked by.
struct Ranked {
  const search::Hit* hit = nullptr;
  double relevance = 0;
};

// The hits above the chance level, by relevance first (a match in the finding's sub-area boosted), then the
// municipality's points in the area, then the newer evaluation; the hits come from one query, so their
// weights compare.
std::vector<Ranked> rank(const std::vector<search::Hit>& hits, const model::Finding& finding) {
  std::vector<Ranked> ranked;
  for (const auto& hit : hits) {
    bool same_sub_area = !finding.sub_area.empty() && hit.document.sub_area == finding.sub_area;
    if (hit.percent < (same_sub_area ? k_min_percent_same_sub_area : k_min_percent)) {
      continue;
    }
    ranked.push_back({&hit, hit.weight * (same_sub_area ? k_same_sub_area_boost : 1.0)});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.relevance != b.relevance) {
      return a.relevance > b.relevance;
    }
    const auto& da = a.hit->document;
    const auto& db = b.hit->document;
    if (da.area_points != db.area_points) {
      return da.area_points.value_or(-1) > db.area_points.value_or(-1);
    }
    return da.year > db.year;
  });
  return ranked;
}

model::FindingKind finding_kind_of(search::DocumentKind kind) {
  switch (kind) {
  case search::DocumentKind::improvement:
    return model::FindingKind::improvement;
  case search::DocumentKind::weakness:
    return model::FindingKind::weakness;
  case search::DocumentKind::strength:
  case search::DocumentKind::rationale:
    break;
  }
  return model::FindingKind::strength;
}

search::Query base_query(const model::Evaluation& evaluation, const model::Finding& finding, const std::string& text,
                         const search::Visibility& visibility) {
  search::Query query;
  query.text = text;
  query.area = finding.area;
  // Area numbers mean different things in different editions (area 2 is accessibility in 2010, community
  // development in 2020), so only the same edition's findings compare.
  query.edition = evaluation.framework_id;
  query.language = evaluation.language;
  query.visibility = visibility;
  query.limit = k_candidates;
  query.facets = false;
  return query;
}

Result<std::vector<Suggestion>> suggestions_for(search::Index& index, const model::Evaluation& evaluation,
                                                const model::Finding& finding, const std::string& text,
                                                const search::Visibility& visibility) {
  auto query = base_query(evaluation, finding, text, visibility);
  query.kind = search::DocumentKind::strength;
  query.exclude_evaluations = {evaluation.id};
  auto found = index.search(query);
  if (!found) {
    return tl::unexpected(found.error());
  }
  const auto& own = evaluation.municipality.ref;
  std::set<std::pair<std::string, std::string>> taken{{own.country, own.code}};
  std::vector<Suggestion> suggestions;
  for (const auto& [hit, relevance] : rank(found->hits, finding)) {
    const auto& d = hit->document;
    if (!taken.insert({d.country, d.municipality_code}).second) {
      continue;
    }
    suggestions.push_back({d.evaluation_id, d.municipality, d.municipality_code, d.country, d.year, d.area, d.sub_area,
                           d.area_points, d.text, hit->snippet, hit->percent});
    if (static_cast<int>(suggestions.size()) == k_max_suggestions) {
      break;
    }
  }
  return suggestions;
}

Result<std::vector<NamedExample>> named_examples_for(search::Index& index, const model::Evaluation& evaluation,
                                                     const model::Finding& finding, const std::string& text,
                                                     const search::Visibility& visibility) {
  auto found = index.search(base_query(evaluation, finding, text, visibility));
  if (!found) {
    return tl::unexpected(found.error());
  }
  std::vector<NamedExample> named;
  for (const auto& [hit, relevance] : rank(found->hits, finding)) {
    const auto& d = hit->document;
    if (d.examples.empty()) {
      continue;
    }
    for (std::size_t i = 0; i < d.examples.size(); ++i) {
      const auto& name = d.examples[i];
      if (name == evaluation.municipality.name) {
        continue;
      }
      auto entry = std::find_if(named.begin(), named.end(), [&](const NamedExample& e) { return e.name == name; });
      if (entry == named.end()) {
        entry = named.insert(named.end(), NamedExample{name, {}});
      }
      entry->named_in.push_back({d.evaluation_id, d.municipality, d.year, finding_kind_of(d.kind), d.text,
                                 i < d.example_reasons.size() ? d.example_reasons[i] : std::string{}});
    }
  }
  return named;
}

} // namespace

std::string recommendation_query(const std::string& text, const std::string& language) {
  static const std::set<std::string> k_none;
  auto stop = finding_stop_words().find(language);
  const auto& stop_words = stop == finding_stop_words().end() ? k_none : stop->second;
  std::set<std::string> seen;
  std::string query;
  for (auto& word : words_of(text)) {
    // One letter ("t" of "t.ex.", "e" of "e-post") and plain numbers (years, counts) say nothing of the subject.
    if (word.size() < 2 || is_number(word) || stop_words.contains(word) || !seen.insert(word).second) {
      continue;
    }
    query += (query.empty() ? "" : " OR ") + word;
  }
  return query;
}

Result<Recommendations> recommend(store::Store& store, search::Index& index, const std::string& evaluation_id,
                                  const search::Visibility& visibility) {
  if (auto synced = sync_index(store, index, SyncMode::catch_up); !synced) {
    return tl::unexpected(synced.error());
  }
  auto loaded = store::in_transaction(
      store, [&] { return store.load_evaluation(evaluation_id); }, store::Access::read);
  if (!loaded) {
    return tl::unexpected(loaded.error());
  }
  // A hidden draft is reported like a missing evaluation, so its existence is not given away.
  if (!*loaded || !visible(**loaded, visibility)) {
    return model::fail(ErrorKind::not_found, "unknown_evaluation", {{"id", evaluation_id}}, "id");
  }
  const auto& evaluation = **loaded;
  Recommendations result;
  result.evaluation_id = evaluation.id;
  result.municipality = evaluation.municipality.name;
  result.municipality_code = evaluation.municipality.ref.code;
  result.country = evaluation.municipality.ref.country;
  result.year = evaluation.year;
  result.language = evaluation.language;
  for (const auto& finding : evaluation.findings) {
    if (finding.kind == model::FindingKind::strength) {
      continue;
    }
    FindingRecommendation item{finding, {}, {}};
    auto text = recommendation_query(finding.text, evaluation.language);
    if (!text.empty()) {
      auto suggestions = suggestions_for(index, evaluation, finding, text, visibility);
      if (!suggestions) {
        return tl::unexpected(suggestions.error());
      }
      item.suggestions = std::move(*suggestions);
      auto named = named_examples_for(index, evaluation, finding, text, visibility);
      if (!named) {
        return tl::unexpected(named.error());
      }
      item.named_examples = std::move(*named);
    }
    result.findings.push_back(std::move(item));
  }
  return result;
}

} // namespace kompass::app
