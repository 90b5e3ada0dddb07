#include "search/search.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>
#include <xapian.h>

namespace kompass::search {
namespace {

using model::ErrorKind;
using nlohmann::json;

// Value slots: the tie-break sorts on area points; every facet value is packed into one slot, separated.
constexpr Xapian::valueno k_slot_area_points = 0;
constexpr Xapian::valueno k_slot_facets = 1;
// The whole Document as JSON, for the hits. A value rather than the document data: Xapian compresses document
// data with zlib as each document is added, a cost a rebuild need not pay for a few hundred bytes.
constexpr Xapian::valueno k_slot_document = 2;
constexpr char k_facet_separator = '\x1f';

// The index is split into shards that a rebuild fills in parallel, one thread each; searches see them as one.
constexpr std::size_t k_shards = 2;

// The facets, in the order their values are packed.
struct Facet {
  const char* name;
};
constexpr std::array<Facet, 7> k_facets{
    {{"kind"}, {"area"}, {"sub_area"}, {"year"}, {"country"}, {"edition"}, {"population_band"}}};

// Boolean filter term prefixes (Xapian's convention: X plus a letter). A document has no unique id term:
// documents are only ever replaced a whole evaluation at a time, through its XV term.
constexpr std::string_view k_prefix_kind = "XK";
constexpr std::string_view k_prefix_area = "XA";
constexpr std::string_view k_prefix_sub_area = "XS";
constexpr std::string_view k_prefix_year = "XY";
constexpr std::string_view k_prefix_country = "XC";
constexpr std::string_view k_prefix_edition = "XE";
constexpr std::string_view k_prefix_band = "XP";
constexpr std::string_view k_prefix_evaluation = "XV";
constexpr std::string_view k_prefix_status = "XT";

constexpr const char* k_applied_change_key = "kompass:applied_change";
constexpr const char* k_store_identity_key = "kompass:store_identity";

// Facet counts look at this many matches at least and are scaled to the estimated total, so a common word
// costs no more than a rare one. Reading each counted match's facet value is most of a query's time with
// facets (bench/search.sh: p95 7.1 ms at 1,000, against 4.4 ms without facets); 300 matches still give
// every facet value that is not rare, at a tenth of the counts' precision.
constexpr Xapian::doccount k_check_at_least = 300;
// A prefix query expands to at most this many words (the most frequent), so "k*" stays fast.
constexpr Xapian::termcount k_max_wildcard_expansion = 500;
constexpr std::size_t k_snippet_length = 200;
constexpr std::size_t k_max_facet_values = 50;

constexpr auto k_lock_retry = std::chrono::milliseconds(50);

constexpr std::array<std::pair<DocumentKind, const char*>, 4> k_kinds{{{DocumentKind::strength, "strength"},
                                                                       {DocumentKind::improvement, "improvement"},
                                                                       {DocumentKind::weakness, "weakness"},
                                                                       {DocumentKind::rationale, "rationale"}}};

// Words that carry no meaning in a query; dropped from queries only (phrases keep them, and the index
// keeps every word so phrases still match).
const std::map<std::string, std::vector<const char*>>& stop_words() {
  static const std::map<std::string, std::vector<const char*>> words{
      {"sv", {"och", "i",     "att", "det",  "som", "en",   "på",   "är",  "av",   "för",  "med",   "till", "den",
              "har", "de",    "om",  "ett",  "men", "var",  "sig",  "så",  "från", "vid",  "eller", "kan",  "ska",
              "mot", "efter", "hos", "vara", "sin", "sina", "sitt", "där", "även", "inom", "ex",    "t",    "mer"}},
      {"nb", {"og",  "i",    "å",   "det",   "som", "en",   "på",  "er",  "av",   "for",  "med", "til",
              "den", "har",  "de",  "om",    "et",  "men",  "var", "seg", "så",   "fra",  "ved", "eller",
              "kan", "skal", "mot", "etter", "hos", "være", "sin", "der", "også", "innen"}},
      {"da", {"og",  "i",    "at",  "det",   "som", "en",   "på",  "er",  "af",   "for",  "med", "til",
              "den", "har",  "de",  "om",    "et",  "men",  "var", "sig", "så",   "fra",  "ved", "eller",
              "kan", "skal", "mod", "efter", "hos", "være", "sin", "der", "også", "inden"}},
      {"en", {"the", "a",   "an", "and", "or", "of", "to", "in",  "on",   "for",  "with", "is",
              "are", "was", "be", "by",  "at", "as", "it", "its", "this", "that", "from"}},
  };
  return words;
}

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

// A boolean term: prefix and value, with Xapian's ':' between them when the value starts with a capital
// letter (as the query parser writes them), so "XC" + "SE" cannot be read as another prefix.
std::string term(std::string_view prefix, std::string_view value) {
  std::string result(prefix);
  if (!value.empty() && value.front() >= 'A' && value.front() <= 'Z') {
    result += ':';
  }
  result += value;
  return result;
}

model::Error index_failed(const std::string& path, const Xapian::Error& error) {
  return model::make_error(ErrorKind::internal,
                           std::string_view(error.get_type()) == "DatabaseCorruptError" ? "search_index_corrupt"
                                                                                        : "search_index_failed",
                           {{"path", path}, {"reason", error.get_description()}});
}

json to_json(const Document& document) {
  json value{{"key", document.key},
             {"evaluation_id", document.evaluation_id},
             {"municipality", document.municipality},
             {"municipality_code", document.municipality_code},
             {"country", document.country},
             {"year", document.year},
             {"edition", document.edition},
             {"status", model::to_string(document.status)},
             {"language", document.language},
             {"area", document.area},
             {"sub_area", document.sub_area},
             {"kind", to_string(document.kind)},
             {"text", document.text},
             {"examples", document.examples},
             {"example_reasons", document.example_reasons}};
  if (document.area_points) {
    value["area_points"] = *document.area_points;
  }
  if (document.population) {
    value["population"] = *document.population;
  }
  return value;
}

Document from_json(const json& value) {
  Document document;
  document.key = value.at("key").get<std::string>();
  document.evaluation_id = value.at("evaluation_id").get<std::string>();
  document.municipality = value.at("municipality").get<std::string>();
  document.municipality_code = value.at("municipality_code").get<std::string>();
  document.country = value.at("country").get<std::string>();
  document.year = value.at("year").get<int>();
  document.edition = value.at("edition").get<std::string>();
  document.status = model::parse_status(value.at("status").get<std::string>()).value_or(model::Status::draft);
  document.language = value.at("language").get<std::string>();
  document.area = value.at("area").get<int>();
  document.sub_area = value.at("sub_area").get<std::string>();
  document.kind = parse_document_kind(value.at("kind").get<std::string>()).value_or(DocumentKind::strength);
  document.text = value.at("text").get<std::string>();
  document.examples = value.at("examples").get<std::vector<std::string>>();
  document.example_reasons = value.at("example_reasons").get<std::vector<std::string>>();
  if (value.contains("area_points")) {
    document.area_points = value.at("area_points").get<int>();
  }
  if (value.contains("population")) {
    document.population = value.at("population").get<long>();
  }
  return document;
}

// The text a snippet is cut from: the finding, then its good examples with their reasons, so a match in a
// reason ("har kundcenter") is shown where it is.
std::string snippet_source(const Document& document) {
  std::string text = document.text;
  for (std::size_t i = 0; i < document.examples.size(); ++i) {
    text += i == 0 ? " — " : "; ";
    text += document.examples[i];
    if (i < document.example_reasons.size() && !document.example_reasons[i].empty()) {
      text += ": " + document.example_reasons[i];
    }
  }
  return text;
}

// QueryParser leaves a capitalised word unstemmed (taking it for a name), but "Medborgardialogen" at the
// start of a query should find "medborgardialog" all the same; the operator words keep their case.
std::string lower_case_words(const std::string& text) {
  static const std::set<std::string> k_operators{"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
  std::string result;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string word = text.substr(start, end - start);
    auto slash = word.find('/');
    if (k_operators.contains(word.substr(0, slash))) {
      result += word;
    } else {
      for (Xapian::Utf8Iterator it(word); it != Xapian::Utf8Iterator(); ++it) {
        Xapian::Unicode::append_utf8(result, Xapian::Unicode::tolower(*it));
      }
    }
    if (end < text.size()) {
      result += ' ';
    }
    start = end + 1;
  }
  return result;
}

bool blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

// Any of `terms` (none: the query is left out by the caller).
Xapian::Query any_of(const std::vector<std::string>& terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Turns Documents into Xapian documents. Each thread that indexes has its own (stemmers and the term
// generator are not thread-safe).
class Indexer {
public:
  Xapian::Document make(const Document& document) {
    Xapian::Document indexed;
    m_generator.set_stemmer(stemmer(document.language));
    m_generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    m_generator.set_document(indexed);
    m_generator.index_text(document.text);
    // Gaps in the positions keep a phrase from matching across the finding and its examples. A reason
    // shared by several examples ("har kundcenter" three times) counts once, so it does not outweigh a
    // finding that says the same in its own text.
    std::set<std::string_view> reasons;
    for (std::size_t i = 0; i < document.examples.size(); ++i) {
      m_generator.increase_termpos(10);
      m_generator.index_text(document.examples[i]);
      if (i < document.example_reasons.size() && reasons.insert(document.example_reasons[i]).second) {
        m_generator.index_text(document.example_reasons[i]);
      }
    }
    std::string band = population_band(document.population);
    indexed.add_boolean_term(term(k_prefix_evaluation, document.evaluation_id));
    indexed.add_boolean_term(term(k_prefix_kind, to_string(document.kind)));
    indexed.add_boolean_term(term(k_prefix_area, std::to_string(document.area)));
    if (!document.sub_area.empty()) {
      indexed.add_boolean_term(term(k_prefix_sub_area, document.sub_area));
    }
    indexed.add_boolean_term(term(k_prefix_year, std::to_string(document.year)));
    indexed.add_boolean_term(term(k_prefix_country, document.country));
    indexed.add_boolean_term(term(k_prefix_edition, document.edition));
    if (!band.empty()) {
      indexed.add_boolean_term(term(k_prefix_band, band));
    }
    indexed.add_boolean_term(term(k_prefix_status, model::to_string(document.status)));

    if (document.area_points) {
      indexed.add_value(k_slot_area_points, Xapian::sortable_serialise(*document.area_points));
    }
    const std::array<std::string, k_facets.size()> facet_values{to_string(document.kind),
                                                                std::to_string(document.area),
                                                                document.sub_area,
                                                                std::to_string(document.year),
                                                                document.country,
                                                                document.edition,
                                                                band};
    std::string packed;
    for (const auto& value : facet_values) {
      packed += value;
      packed += k_facet_separator;
    }
    indexed.add_value(k_slot_facets, packed);
    indexed.add_value(k_slot_document, to_json(document).dump());
    return indexed;
  }

  const Xapian::Stem& stemmer(const std::string& language) {
    auto name = stemmer_name(language);
    auto found = m_stemmers.find(name);
    if (found == m_stemmers.end()) {
      found = m_stemmers.emplace(name, name == "none" ? Xapian::Stem() : Xapian::Stem(name)).first;
    }
    return found->second;
  }

private:
  Xapian::TermGenerator m_generator;
  std::map<std::string, Xapian::Stem> m_stemmers;
};

// Counts every facet from the one packed value slot: one value read and one hash lookup per match; the
// values are split per facet once, at the end.
class FacetSpy final : public Xapian::MatchSpy {
public:
  void operator()(const Xapian::Document& document, double) override {
    ++m_combinations[document.get_value(k_slot_facets)];
    ++m_seen;
  }

  // Each facet's values with their counts, most frequent first (ties by value). Counts from the matches seen
  // are scaled up to `estimated` matches, so they add up to the estimated total like it is estimated.
  std::map<std::string, std::vector<std::pair<std::string, long>>> counts(long estimated) const {
    std::array<std::map<std::string, long>, k_facets.size()> per_facet;
    for (const auto& [packed, count] : m_combinations) {
      std::size_t start = 0;
      for (std::size_t facet = 0; facet < k_facets.size(); ++facet) {
        auto end = packed.find(k_facet_separator, start);
        if (end == std::string::npos) {
          break;
        }
        if (end > start) {
          per_facet[facet][packed.substr(start, end - start)] += count;
        }
        start = end + 1;
      }
    }
    double scale = m_seen > 0 && estimated > m_seen ? static_cast<double>(estimated) / static_cast<double>(m_seen) : 1;
    std::map<std::string, std::vector<std::pair<std::string, long>>> result;
    for (std::size_t facet = 0; facet < k_facets.size(); ++facet) {
      std::vector<std::pair<std::string, long>> values;
      for (const auto& [value, count] : per_facet[facet]) {
        values.emplace_back(value, std::lround(static_cast<double>(count) * scale));
      }
      std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      if (values.size() > k_max_facet_values) {
        values.resize(k_max_facet_values);
      }
      result[k_facets[facet].name] = std::move(values);
    }
    return result;
  }

private:
  std::unordered_map<std::string, long> m_combinations;
  long m_seen = 0;
};

// The shard an evaluation's documents are added to; any shard may be asked to delete them.
std::size_t shard_of(const std::string& evaluation_id) { return std::hash<std::string>{}(evaluation_id) % k_shards; }

std::string shard_path(const std::string& path, std::size_t shard) {
  return (std::filesystem::path(path) / ("shard-" + std::to_string(shard))).string();
}

// Adds batches of documents to one shard on a thread of its own, so a rebuild uses every core; the first
// failure is kept and reported when the shard is finished.
class ShardWriter {
public:
  explicit ShardWriter(Xapian::WritableDatabase& shard) : m_shard(shard), m_thread([this] { run(); }) {}
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;
  ~ShardWriter() { finish(); }

  // Queues documents, waiting while the writer is several batches behind (so memory stays bounded).
  void add(std::vector<Document> documents) {
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [&] { return m_queue.size() < k_queued_batches; });
    m_queue.push_back(std::move(documents));
    m_ready.notify_one();
  }

  // Waits until every queued document is added and committed; the first failure's description, if any.
  std::optional<std::string> finish() {
    {
      std::lock_guard lock(m_mutex);
      m_closed = true;
      m_ready.notify_one();
    }
    if (m_thread.joinable()) {
      m_thread.join();
    }
    return m_failure;
  }

private:
  void run() {
    Indexer indexer;
    while (true) {
      std::vector<Document> documents;
      {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_queue.empty() || m_closed; });
        if (m_queue.empty()) {
          break;
        }
        documents = std::move(m_queue.front());
        m_queue.pop_front();
        m_space.notify_one();
      }
      if (m_failure) {
        continue;
      }
      try {
        for (const auto& document : documents) {
          m_shard.add_document(indexer.make(document));
        }
      } catch (const Xapian::Error& error) {
        m_failure = error.get_description();
      } catch (const std::exception& error) {
        m_failure = error.what();
      }
    }
    if (!m_failure) {
      try {
        m_shard.commit();
      } catch (const Xapian::Error& error) {
        m_failure = error.get_description();
      }
    }
  }

  static constexpr std::size_t k_queued_batches = 4;
  Xapian::WritableDatabase& m_shard;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::condition_variable m_space;
  std::deque<std::vector<Document>> m_queue;
  bool m_closed = false;
  std::optional<std::string> m_failure;
  std::thread m_thread;
};

class XapianIndex final : public Index {
public:
  XapianIndex(std::string path, std::vector<Xapian::WritableDatabase> shards)
      : m_path(std::move(path)), m_shards(std::move(shards)) {
    combine();
  }

  Result<void> replace_evaluation(const std::string& evaluation_id, const std::vector<Document>& documents) override {
    try {
      for (auto& shard : m_shards) {
        shard.delete_document(term(k_prefix_evaluation, evaluation_id));
      }
      for (const auto& document : documents) {
        m_shards[shard_of(document.evaluation_id)].add_document(m_indexer.make(document));
      }
      return {};
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  Result<void> rebuild(const std::vector<Document>& documents) override {
    return rebuild_from([&](const DocumentSink& sink) { return sink(documents); });
  }

  Result<void> rebuild_from(const std::function<Result<void>(const DocumentSink&)>& produce) override {
    try {
      // Fresh folders rather than deleting documents one by one: faster, and it also clears an index whose
      // files are damaged.
      for (auto& shard : m_shards) {
        shard.close();
      }
      m_combined = Xapian::Database();
      std::error_code ignored;
      std::filesystem::remove_all(m_path, ignored);
      std::filesystem::create_directories(m_path);
      for (std::size_t i = 0; i < m_shards.size(); ++i) {
        m_shards[i] = Xapian::WritableDatabase(shard_path(m_path, i), Xapian::DB_CREATE_OR_OVERWRITE);
      }
      combine();
      std::vector<std::unique_ptr<ShardWriter>> writers;
      for (auto& shard : m_shards) {
        writers.push_back(std::make_unique<ShardWriter>(shard));
      }
      DocumentSink sink = [&](const std::vector<Document>& documents) -> Result<void> {
        std::vector<std::vector<Document>> parts(m_shards.size());
        for (const auto& document : documents) {
          parts[shard_of(document.evaluation_id)].push_back(document);
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
          if (!parts[i].empty()) {
            writers[i]->add(std::move(parts[i]));
          }
        }
        return {};
      };
      auto produced = produce(sink);
      std::optional<std::string> failure;
      for (auto& writer : writers) {
        if (auto failed = writer->finish(); failed && !failure) {
          failure = failed;
        }
      }
      if (!produced) {
        return produced;
      }
      if (failure) {
        return model::fail(ErrorKind::internal, "search_index_failed", {{"path", m_path}, {"reason", *failure}});
      }
      return {};
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    } catch (const std::filesystem::filesystem_error& error) {
      return model::fail(ErrorKind::internal, "search_index_failed", {{"path", m_path}, {"reason", error.what()}});
    }
  }

  Result<Results> search(const Query& query) const override {
    try {
      return run_search(query);
    } catch (const Xapian::QueryParserError& error) {
      return model::fail(ErrorKind::bad_input, "bad_query", {{"query", query.text}, {"reason", error.get_msg()}},
                         "query");
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  long applied_change() const override {
    try {
      auto text = m_shards.front().get_metadata(k_applied_change_key);
      return text.empty() ? 0 : std::stol(text);
    } catch (const Xapian::Error&) {
      return 0;
    } catch (const std::exception&) {
      return 0;
    }
  }

  Result<void> set_applied_change(long sequence) override {
    try {
      // The shard holding the number is committed last: a crash in between leaves an older number, and
      // catching up again from it is harmless.
      for (std::size_t i = 1; i < m_shards.size(); ++i) {
        m_shards[i].commit();
      }
      m_shards.front().set_metadata(k_applied_change_key, std::to_string(sequence));
      m_shards.front().commit();
      return {};
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  std::string store_identity() const override {
    try {
      return m_shards.front().get_metadata(k_store_identity_key);
    } catch (const Xapian::Error&) {
      return {};
    }
  }

  Result<void> set_store_identity(const std::string& identity) override {
    try {
      m_shards.front().set_metadata(k_store_identity_key, identity);
      return {};
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  long size() const override {
    try {
      return static_cast<long>(m_combined.get_doccount());
    } catch (const Xapian::Error&) {
      return 0;
    }
  }

private:
  void combine() {
    m_combined = Xapian::Database();
    for (auto& shard : m_shards) {
      m_combined.add_database(shard);
    }
  }

  // The stop words of `language`, or nullptr when it has none.
  const Xapian::Stopper* stopper(const std::string& language) const {
    auto found = m_stoppers.find(language);
    if (found == m_stoppers.end()) {
      auto words = stop_words().find(language);
      std::unique_ptr<Xapian::SimpleStopper> made;
      if (words != stop_words().end()) {
        made = std::make_unique<Xapian::SimpleStopper>(words->second.begin(), words->second.end());
      }
      found = m_stoppers.emplace(language, std::move(made)).first;
    }
    return found->second.get();
  }

  Xapian::Query text_query(const Query& query, Xapian::QueryParser& parser) const {
    if (blank(query.text)) {
      return Xapian::Query::MatchAll;
    }
    parser.set_database(m_combined);
    parser.set_stemmer(m_query_indexer.stemmer(query.language));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    // OR ranked by BM25 rather than AND: Swedish compounds ("budgetprocessen") make every extra word a
    // likely miss, and a finding matching all the words still ranks first.
    parser.set_default_op(Xapian::Query::OP_OR);
    parser.set_max_expansion(k_max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::QueryParser::FLAG_WILDCARD);
    parser.set_stopper(stopper(query.language));
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
    auto parsed = parser.parse_query(lower_case_words(query.text), flags);
    // Only stop words ("och"): search for them after all rather than find nothing.
    if (parsed.empty()) {
      parser.set_stopper(nullptr);
      parsed = parser.parse_query(lower_case_words(query.text), flags);
    }
    return parsed;
  }

  Xapian::Query filters(const Query& query) const {
    std::vector<Xapian::Query> all;
    auto require = [&](std::string_view prefix, const std::string& value) { all.emplace_back(term(prefix, value)); };
    if (query.kind) {
      require(k_prefix_kind, to_string(*query.kind));
    }
    if (query.area) {
      require(k_prefix_area, std::to_string(*query.area));
    }
    if (query.sub_area) {
      require(k_prefix_sub_area, *query.sub_area);
    }
    if (query.year) {
      require(k_prefix_year, std::to_string(*query.year));
    }
    if (query.country) {
      require(k_prefix_country, *query.country);
    }
    if (query.edition) {
      require(k_prefix_edition, *query.edition);
    }
    if (query.population_band) {
      require(k_prefix_band, *query.population_band);
    }
    if (all.empty()) {
      return {};
    }
    return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
  }

  Results run_search(const Query& query) const {
    Xapian::QueryParser parser;
    Xapian::Query matching = text_query(query, parser);
    if (auto narrowed = filters(query); !narrowed.empty()) {
      matching = Xapian::Query(Xapian::Query::OP_FILTER, matching, narrowed);
    }
    // Hidden evaluations are subtracted rather than published documents required: the draft and final
    // postings are a small share of the index, the published ones nearly all of it (measured: 1.2–1.4 ms of
    // a query's median).
    if (!query.visibility.unpublished) {
      Xapian::Query hidden(Xapian::Query::OP_OR, Xapian::Query(term(k_prefix_status, "draft")),
                           Xapian::Query(term(k_prefix_status, "final")));
      if (!query.visibility.unpublished_evaluations.empty()) {
        std::vector<std::string> allowed;
        for (const auto& id : query.visibility.unpublished_evaluations) {
          allowed.push_back(term(k_prefix_evaluation, id));
        }
        hidden = Xapian::Query(Xapian::Query::OP_AND_NOT, hidden, any_of(allowed));
      }
      matching = Xapian::Query(Xapian::Query::OP_AND_NOT, matching, hidden);
    }
    if (!query.exclude_evaluations.empty()) {
      std::vector<std::string> excluded;
      for (const auto& id : query.exclude_evaluations) {
        excluded.push_back(term(k_prefix_evaluation, id));
      }
      matching = Xapian::Query(Xapian::Query::OP_AND_NOT, matching, any_of(excluded));
    }

    Xapian::Enquire enquire(m_combined);
    enquire.set_query(matching);
    enquire.set_sort_by_relevance_then_value(k_slot_area_points, true);
    FacetSpy facets;
    if (query.facets) {
      enquire.add_matchspy(&facets);
    }
    auto offset = static_cast<Xapian::doccount>(std::max(0, query.offset));
    auto limit = static_cast<Xapian::doccount>(std::max(0, query.limit));
    auto mset = enquire.get_mset(offset, limit, query.facets ? k_check_at_least : 0);

    Results results;
    results.estimated_total = static_cast<long>(mset.get_matches_estimated());
    const auto& snippet_stemmer = m_query_indexer.stemmer(query.language);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.document = from_json(json::parse(it.get_document().get_value(k_slot_document)));
      hit.percent = it.get_percent();
      hit.weight = it.get_weight();
      // No background model: it looks up every word's frequency (a quarter of a query's disk reads), and a
      // finding is mostly shorter than the snippet anyway.
      hit.snippet = mset.snippet(snippet_source(hit.document), k_snippet_length, snippet_stemmer,
                                 Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…");
      results.hits.push_back(std::move(hit));
    }
    if (query.facets) {
      results.facets = facets.counts(results.estimated_total);
    }
    return results;
  }

  std::string m_path;
  mutable std::vector<Xapian::WritableDatabase> m_shards;
  Xapian::Database m_combined; // every shard, for searching
  Indexer m_indexer;           // for replace_evaluation
  mutable Indexer m_query_indexer;
  mutable std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> m_stoppers;
};

} // namespace

const char* to_string(DocumentKind kind) {
  for (const auto& [candidate, name] : k_kinds) {
    if (candidate == kind) {
      return name;
    }
  }
  return "?";
}

std::optional<DocumentKind> parse_document_kind(std::string_view text) {
  for (const auto& [candidate, name] : k_kinds) {
    if (text == name) {
      return candidate;
    }
  }
  return std::nullopt;
}

std::string population_band(std::optional<long> population) {
  if (!population) {
    return {};
  }
  static constexpr std::array<std::pair<long, const char*>, 5> k_bands{{{10'000, "<10000"},
                                                                        {25'000, "10000-24999"},
                                                                        {50'000, "25000-49999"},
                                                                        {100'000, "50000-99999"},
                                                                        {200'000, "100000-199999"}}};
  for (const auto& [below, name] : k_bands) {
    if (*population < below) {
      return name;
    }
  }
  return ">=200000";
}

std::vector<std::string> population_bands() {
  return {"<10000", "10000-24999", "25000-49999", "50000-99999", "100000-199999", ">=200000"};
}

namespace {

// Opens every shard, creating missing ones; created when any was missing or no rebuild ever finished.
OpenedIndex open_shards(const std::string& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_directory(path, error)) {
    // Not ours to keep: the name is reserved for the index next to the database.
    std::filesystem::remove(path, error);
  }
  std::filesystem::create_directories(path);
  bool created = false;
  std::vector<Xapian::WritableDatabase> shards;
  for (std::size_t i = 0; i < k_shards; ++i) {
    auto folder = shard_path(path, i);
    created = created || !std::filesystem::exists(std::filesystem::path(folder) / "iamglass", error);
    shards.emplace_back(folder, Xapian::DB_CREATE_OR_OPEN);
  }
  // No recorded change means no rebuild ever finished here: new, or interrupted half-way.
  created = created || shards.front().get_metadata(k_applied_change_key).empty();
  return OpenedIndex{std::make_unique<XapianIndex>(path, std::move(shards)), created};
}

} // namespace

Result<OpenedIndex> open_index(const std::string& path, std::chrono::milliseconds lock_wait) {
  auto deadline = std::chrono::steady_clock::now() + lock_wait;
  bool recreated = false;
  while (true) {
    try {
      auto opened = open_shards(path);
      opened.created = opened.created || recreated;
      return opened;
    } catch (const Xapian::DatabaseLockError&) {
      if (std::chrono::steady_clock::now() >= deadline) {
        return model::fail(ErrorKind::internal, "search_index_locked", {{"path", path}});
      }
      std::this_thread::sleep_for(k_lock_retry);
    } catch (const Xapian::DatabaseError& error) {
      // Corrupt, of another version, or not a database at all: the index is derived data, so start afresh.
      if (recreated) {
        return tl::unexpected(index_failed(path, error));
      }
      std::error_code removed;
      std::filesystem::remove_all(path, removed);
      if (removed) {
        return model::fail(ErrorKind::internal, "search_index_failed", {{"path", path}, {"reason", removed.message()}});
      }
      recreated = true;
    } catch (const std::filesystem::filesystem_error& error) {
      return model::fail(ErrorKind::internal, "search_index_failed", {{"path", path}, {"reason", error.what()}});
    }
  }
}

} // namespace kompass::search
