#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"
#include "model/evaluation.hpp"

namespace kompass::search {

using model::Result;

// What a document of the index is: a finding, or the rationale of a score.
enum class DocumentKind { strength, improvement, weakness, rationale };

// One searchable text with everything the facets, the ranking and the result list need. Built by the app
// from the store; the index is derived data and can always be rebuilt from it.
struct Document {
  std::string key;           // unique: "f:<finding id>" or "r:<evaluation id>:<target id>"
  std::string evaluation_id; // "sundsvall-2012"
  std::string municipality;  // name
  std::string municipality_code;
  std::string country; // SE, NO, DK, FI
  int year = 0;
  std::string edition; // framework id
  model::Status status = model::Status::draft;
  std::string language; // sv, nb, da, en: picks the stemmer
  int area = 0;
  std::string sub_area; // "1.2" or empty
  DocumentKind kind = DocumentKind::strength;
  std::string text;
  std::vector<std::string> examples;        // good-example municipality names attached to the finding
  std::vector<std::string> example_reasons; // why each of `examples` is named (same order); searchable too
  std::optional<int> area_points;           // the evaluation's score in this area (tie-break)
  std::optional<long> population;           // of the municipality, for the population band facet
};

// Who is asking: the public sees published evaluations only; a signed-in user also the drafts and final
// (not yet published) evaluations they may read.
struct Visibility {
  bool unpublished = false;                         // every evaluation (a local CLI user, an admin)
  std::vector<std::string> unpublished_evaluations; // unpublished evaluations this user may see anyway
};

// Population bands used by the facet and the filter, e.g. "<10000", "10000-24999", ... , ">=200000";
// empty when the population is not known.
std::string population_band(std::optional<long> population);

// Every population band population_band can return, smallest first.
std::vector<std::string> population_bands();

// A search. `text` uses Xapian's query syntax as users know it: words (stemmed by the language),
// "quoted phrases", prefix* and AND/OR/NOT; filters narrow by exact facet values.
struct Query {
  std::string text;
  std::optional<DocumentKind> kind;
  std::optional<int> area;
  std::optional<std::string> sub_area;
  std::optional<int> year;
  std::optional<std::string> country;
  std::optional<std::string> edition;
  std::optional<std::string> population_band;
  std::string language = "sv"; // stemmer for the query words
  Visibility visibility;
  std::vector<std::string> exclude_evaluations; // e.g. the evaluation a recommendation is for
  int offset = 0;
  int limit = 10;
  bool facets = true;
};

// One result: the document, its relevance (0–100 %) and a snippet with the matched words marked
// as <mark>…</mark> (the rest of the snippet HTML-escaped).
struct Hit {
  Document document;
  int percent = 0;
  double weight = 0;
  std::string snippet;
};

// A result page with the estimated number of matches and, per facet ("area", "sub_area", "kind", "year",
// "country", "edition", "population_band"), the values with their (estimated) counts, most frequent first.
struct Results {
  std::vector<Hit> hits;
  long estimated_total = 0;
  std::map<std::string, std::vector<std::pair<std::string, long>>> facets;
};

// A Xapian database on disk holding one document per finding and rationale. Not thread-safe, and one
// process at a time holds it open (the next waits in open_index).
class Index {
public:
  virtual ~Index() = default;

  // Replaces every document of `evaluation_id` with `documents` (none: the evaluation is removed); searches
  // see it at once, and it is kept on disk by the next set_applied_change (or rebuild).
  virtual Result<void> replace_evaluation(const std::string& evaluation_id, const std::vector<Document>& documents) = 0;
  // Replaces every document with `documents` (a rebuild), as rebuild_from does.
  virtual Result<void> rebuild(const std::vector<Document>& documents) = 0;
  // A rebuild that does not hold every document in memory: `produce` hands batches to the sink it is given;
  // a new index is filled batch by batch and takes the old one's place once produce has returned success. On
  // any failure the old index stays as it was. After a rebuild the applied change is "never synchronised"
  // and the store identity empty, until set_applied_change and set_store_identity record them.
  using DocumentSink = std::function<Result<void>(const std::vector<Document>&)>;
  virtual Result<void> rebuild_from(const std::function<Result<void>(const DocumentSink&)>& produce) = 0;
  // Searches; bad_input "bad_query" naming the query when Xapian cannot parse it.
  virtual Result<Results> search(const Query& query) const = 0;
  // The store change sequence number the index has caught up to (kept in the index's metadata).
  virtual long applied_change() const = 0;
  // Records the change sequence number the index now reflects and commits it with every pending change, so
  // the documents and the number they reflect reach the disk together.
  virtual Result<void> set_applied_change(long sequence) = 0;
  // Which store the index was built from (an identity the caller chooses; empty when never recorded), so an
  // index left behind by a database that was replaced is not mistaken for this one's.
  virtual std::string store_identity() const = 0;
  // Records the store identity; kept on disk by the next set_applied_change.
  virtual Result<void> set_store_identity(const std::string& identity) = 0;
  // How many documents the index holds.
  virtual long size() const = 0;
};

// Opens the index folder at `path` for reading and writing, creating it when missing. A folder that is not
// a readable Xapian database (corrupt, wrong version) is removed and created empty, with `created` set, so
// the caller refills it from the store: a broken index is never the user's problem.
// An index that was never completely built (a rebuild interrupted before set_applied_change) counts as created
// too. While another process (or another Index of this one) holds the index, opening waits for it (up to
// `lock_wait`), then fails with internal "search_index_locked".
struct OpenedIndex {
  std::unique_ptr<Index> index;
  bool created = false; // new or recreated: the caller must rebuild it
};
Result<OpenedIndex> open_index(const std::string& path,
                               std::chrono::milliseconds lock_wait = std::chrono::milliseconds(10000));

// The text name of a DocumentKind ("strength", …, "rationale"), and back.
const char* to_string(DocumentKind kind);
std::optional<DocumentKind> parse_document_kind(std::string_view text);

} // namespace kompass::search
