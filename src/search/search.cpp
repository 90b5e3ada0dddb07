#include "search/search.hpp"
#include "search/text.hpp"

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

#include <xapian.h>

namespace kompass::search {
namespace {

using model::ErrorKind;

// Value slots: the tie-break sorts on area points; every facet value is packed into one slot, separated.
constexpr Xapian::valueno k_slot_area_points = 0;
constexpr Xapian::valueno k_slot_facets = 1;
// The whole Document (see encode), for the hits. A value rather than the document data: Xapian compresses
// document data with zlib as each document is added, a cost a rebuild need not pay for a few hundred bytes.
constexpr Xapian::valueno k_slot_document = 2;
constexpr char k_facet_separator = '\x1f';

// A rebuild fills this many databases in parallel, one thread each, and merges them into the one database
// searches read: a search then opens each term once rather than once per part.
constexpr std::size_t k_build_parts = 2;
// Bumped when the terms or values change meaning; an index of another format is rebuilt.
// 2: stems only (with positions), one database; 3: the document value in its own encoding instead of JSON.
constexpr const char* k_format = "3";

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
constexpr const char* k_format_key = "kompass:format";

// Facet counts look at this many matches at least and are scaled to the estimated total, so a common word
// costs no more than a rare one; 300 matches still give every facet value that is not rare.
constexpr Xapian::doccount k_check_at_least = 300;
// A prefix query expands to at most this many words (the most frequent), so "k*" stays fast.
constexpr Xapian::termcount k_max_wildcard_expansion = 500;
constexpr std::size_t k_snippet_length = 200;
constexpr Xapian::termcount k_own_text_wdf = 2;
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

// The whole Document in the value slot, as length-prefixed fields: about half the bytes of JSON (no field
// names; the national index went from 253 to 191 MB) and no JSON to build at each add or parse at each hit.
class DocumentWriter {
public:
  void number(unsigned long value) {
    while (value >= 0x80) {
      m_out += static_cast<char>((value & 0x7f) | 0x80);
      value >>= 7;
    }
    m_out += static_cast<char>(value);
  }
  void text(std::string_view value) {
    number(value.size());
    m_out += value;
  }
  void texts(const std::vector<std::string>& values) {
    number(values.size());
    for (const auto& value : values) {
      text(value);
    }
  }
  template <typename T>
  void optional(const std::optional<T>& value) {
    number(value ? 1 : 0);
    if (value) {
      number(static_cast<unsigned long>(*value));
    }
  }
  std::string take() { return std::move(m_out); }

private:
  std::string m_out;
};

class DocumentReader {
public:
  explicit DocumentReader(std::string_view in) : m_in(in) {}
  unsigned long number() {
    unsigned long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (m_in.empty()) {
        break;
      }
      auto byte = static_cast<unsigned char>(m_in.front());
      m_in.remove_prefix(1);
      value |= static_cast<unsigned long>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        return value;
      }
    }
    throw Xapian::DatabaseCorruptError("a search document ends early or has a malformed number");
  }
  std::string text() {
    auto size = number();
    if (size > m_in.size()) {
      throw Xapian::DatabaseCorruptError("a search document's text runs past its end");
    }
    std::string value(m_in.substr(0, size));
    m_in.remove_prefix(size);
    return value;
  }
  std::vector<std::string> texts() {
    auto count = number();
    if (count > m_in.size()) {
      throw Xapian::DatabaseCorruptError("a search document lists more texts than it holds");
    }
    std::vector<std::string> values(count);
    for (auto& value : values) {
      value = text();
    }
    return values;
  }
  // An enumerator, no greater than `last`.
  template <typename Enum>
  Enum bounded(Enum last) {
    auto value = number();
    if (value > static_cast<unsigned long>(last)) {
      throw Xapian::DatabaseCorruptError("a search document holds an unknown status or kind");
    }
    return static_cast<Enum>(value);
  }
  template <typename T>
  std::optional<T> optional() {
    if (number() == 0) {
      return std::nullopt;
    }
    return static_cast<T>(number());
  }

private:
  std::string_view m_in;
};

std::string encode(const Document& document) {
  DocumentWriter out;
  for (std::string_view field : {std::string_view(document.key), std::string_view(document.evaluation_id),
                                 std::string_view(document.municipality), std::string_view(document.municipality_code),
                                 std::string_view(document.country)}) {
    out.text(field);
  }
  out.number(static_cast<unsigned long>(document.year));
  out.text(document.edition);
  out.number(static_cast<unsigned long>(document.status));
  out.text(document.language);
  out.number(static_cast<unsigned long>(document.area));
  out.text(document.sub_area);
  out.number(static_cast<unsigned long>(document.kind));
  out.text(document.text);
  out.texts(document.examples);
  out.texts(document.example_reasons);
  out.optional(document.area_points);
  out.optional(document.population);
  return out.take();
}

Document decode(std::string_view encoded) {
  DocumentReader in(encoded);
  Document document;
  document.key = in.text();
  document.evaluation_id = in.text();
  document.municipality = in.text();
  document.municipality_code = in.text();
  document.country = in.text();
  document.year = static_cast<int>(in.number());
  document.edition = in.text();
  document.status = in.bounded<model::Status>(model::Status::published);
  document.language = in.text();
  document.area = static_cast<int>(in.number());
  document.sub_area = in.text();
  document.kind = in.bounded<DocumentKind>(DocumentKind::rationale);
  document.text = in.text();
  document.examples = in.texts();
  document.example_reasons = in.texts();
  document.area_points = in.optional<int>();
  document.population = in.optional<long>();
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
    // Stems only, with their positions: half the terms of keeping each word as written too, and phrases match
    // the stems in order. The query parser stems the same way.
    m_generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    m_generator.set_document(indexed);
    // The finding's own words count twice as much as those of its good examples: a finding about a customer
    // centre ranks above one naming a municipality that "har kundcenter". (The ranking leaves document length
    // out, which would otherwise tell the two apart.)
    m_generator.index_text(document.text, k_own_text_wdf);
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
    indexed.add_value(k_slot_document, encode(document));
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

// What a search needs to know of each document without reading it from the database: its visibility, the
// tie-break key and its facet values. Reading a value slot per match costs a B-tree lookup each (measured:
// the sort by area points and the facet counts were over half of a word query's time), so the index keeps
// this table in memory, filled from the database on the first search and kept in step with every change.
class DocumentTable {
public:
  struct Entry {
    bool present = false;
    bool hidden = false;      // draft or final: seen only by those allowed to
    int points = -1;          // area points; -1: unknown
    std::uint32_t facets = 0; // index into the packed facet combinations
  };

  bool loaded() const { return m_loaded; }
  void forget() {
    m_loaded = false;
    m_entries.clear();
    m_combinations.clear();
    m_combination_ids.clear();
    m_values = {};
    m_value_ids = {};
  }

  void load(const Xapian::Database& database) {
    forget();
    m_entries.resize(database.get_lastdocid() + 1);
    for (auto it = database.valuestream_begin(k_slot_facets); it != database.valuestream_end(k_slot_facets); ++it) {
      auto& entry = m_entries[it.get_docid()];
      entry.present = true;
      entry.facets = combination_id(*it);
    }
    for (auto it = database.valuestream_begin(k_slot_area_points); it != database.valuestream_end(k_slot_area_points);
         ++it) {
      m_entries[it.get_docid()].points = static_cast<int>(Xapian::sortable_unserialise(*it));
    }
    for (const char* status : {"draft", "final"}) {
      auto name = term(k_prefix_status, status);
      for (auto it = database.postlist_begin(name); it != database.postlist_end(name); ++it) {
        m_entries[*it].hidden = true;
      }
    }
    m_loaded = true;
  }

  void set(Xapian::docid id, const Xapian::Document& document, model::Status status) {
    if (id >= m_entries.size()) {
      m_entries.resize(id + 1);
    }
    auto& entry = m_entries[id];
    entry.present = true;
    entry.hidden = status != model::Status::published;
    auto points = document.get_value(k_slot_area_points);
    entry.points = points.empty() ? -1 : static_cast<int>(Xapian::sortable_unserialise(points));
    entry.facets = combination_id(document.get_value(k_slot_facets));
  }

  void remove(Xapian::docid id) {
    if (id < m_entries.size()) {
      m_entries[id] = Entry{};
    }
  }

  const Entry& at(Xapian::docid id) const { return id < m_entries.size() ? m_entries[id] : m_missing; }
  // A combination's value per facet, as an index into facet_values (0: the empty value).
  using Values = std::array<std::uint32_t, k_facets.size()>;
  const Values& combination(std::uint32_t id) const { return m_combinations[id]; }
  std::size_t combination_count() const { return m_combinations.size(); }
  const std::vector<std::string>& facet_values(std::size_t facet) const { return m_values[facet]; }

private:
  std::uint32_t combination_id(const std::string& packed) {
    auto [found, added] = m_combination_ids.emplace(packed, static_cast<std::uint32_t>(m_combinations.size()));
    if (added) {
      Values values{};
      std::size_t start = 0;
      for (std::size_t facet = 0; facet < k_facets.size(); ++facet) {
        auto end = packed.find(k_facet_separator, start);
        if (end == std::string::npos) {
          break;
        }
        values[facet] = value_id(facet, packed.substr(start, end - start));
        start = end + 1;
      }
      m_combinations.push_back(values);
    }
    return found->second;
  }

  std::uint32_t value_id(std::size_t facet, const std::string& value) {
    if (value.empty()) {
      return 0;
    }
    auto& values = m_values[facet];
    if (values.empty()) {
      values.emplace_back();
    }
    auto [found, added] = m_value_ids[facet].emplace(value, static_cast<std::uint32_t>(values.size()));
    if (added) {
      values.push_back(value);
    }
    return found->second;
  }

  bool m_loaded = false;
  std::vector<Entry> m_entries; // by document id
  std::vector<Values> m_combinations;
  std::unordered_map<std::string, std::uint32_t> m_combination_ids;
  std::array<std::vector<std::string>, k_facets.size()> m_values;
  std::array<std::unordered_map<std::string, std::uint32_t>, k_facets.size()> m_value_ids;
  Entry m_missing;
};

// Leaves out hidden documents unless their evaluation is one the user may see.
class VisibleOnly final : public Xapian::MatchDecider {
public:
  VisibleOnly(const DocumentTable& table, std::set<Xapian::docid> allowed)
      : m_table(table), m_allowed(std::move(allowed)) {}
  bool operator()(const Xapian::Document& document) const override {
    auto id = document.get_docid();
    return !m_table.at(id).hidden || m_allowed.contains(id);
  }

private:
  const DocumentTable& m_table;
  std::set<Xapian::docid> m_allowed;
};

// The tie-break between equally relevant documents: higher area points first, unknown points last.
class AreaPointsKey final : public Xapian::KeyMaker {
public:
  explicit AreaPointsKey(const DocumentTable& table) : m_table(table) {}
  std::string operator()(const Xapian::Document& document) const override {
    int points = m_table.at(document.get_docid()).points;
    return points < 0 ? std::string() : std::string(1, static_cast<char>(std::clamp(points, 0, 254) + 1));
  }

private:
  const DocumentTable& m_table;
};

// Counts every facet through the table: one increment per match; the counts are added up per facet value
// once, at the end.
class FacetSpy final : public Xapian::MatchSpy {
public:
  explicit FacetSpy(const DocumentTable& table) : m_table(table), m_counts(table.combination_count(), 0) {}

  void operator()(const Xapian::Document& document, double) override {
    const auto& entry = m_table.at(document.get_docid());
    if (!entry.present) {
      return;
    }
    auto combination = entry.facets;
    if (m_counts[combination]++ == 0) {
      m_seen_combinations.push_back(combination);
    }
    ++m_seen;
  }

  // Each facet's values with their counts, most frequent first (ties by value). Counts from the matches seen
  // are scaled up to `estimated` matches, so they add up to the estimated total like it is estimated.
  std::map<std::string, std::vector<std::pair<std::string, long>>> counts(long estimated) const {
    std::array<std::vector<long>, k_facets.size()> per_value;
    for (std::size_t facet = 0; facet < k_facets.size(); ++facet) {
      per_value[facet].assign(m_table.facet_values(facet).size(), 0);
    }
    for (auto combination : m_seen_combinations) {
      const auto& values = m_table.combination(combination);
      for (std::size_t facet = 0; facet < k_facets.size(); ++facet) {
        if (values[facet] != 0) {
          per_value[facet][values[facet]] += m_counts[combination];
        }
      }
    }
    double scale = m_seen > 0 && estimated > m_seen ? static_cast<double>(estimated) / static_cast<double>(m_seen) : 1;
    std::map<std::string, std::vector<std::pair<std::string, long>>> result;
    for (std::size_t facet = 0; facet < k_facets.size(); ++facet) {
      const auto& names = m_table.facet_values(facet);
      std::vector<std::pair<std::string, long>> values;
      for (std::size_t value = 1; value < per_value[facet].size(); ++value) {
        if (per_value[facet][value] > 0) {
          values.emplace_back(names[value], std::lround(static_cast<double>(per_value[facet][value]) * scale));
        }
      }
      std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      });
      if (values.size() > k_max_facet_values) {
        values.resize(k_max_facet_values);
      }
      result[k_facets[facet].name] = std::move(values);
    }
    return result;
  }

private:
  const DocumentTable& m_table;
  std::vector<long> m_counts; // by combination
  std::vector<std::uint32_t> m_seen_combinations;
  long m_seen = 0;
};

void collect_highlights(const Xapian::Query& query, Highlights& into) {
  const auto count = query.get_num_subqueries();
  switch (query.get_type()) {
  case Xapian::Query::LEAF_TERM:
    into.stems.insert(*query.get_terms_begin());
    return;
  case Xapian::Query::OP_AND_NOT:
    // What the user excluded is not shown as found.
    if (count > 0) {
      collect_highlights(query.get_subquery(0), into);
    }
    return;
  case Xapian::Query::OP_PHRASE: {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < count; ++i) {
      auto word = query.get_subquery(i);
      if (word.get_type() != Xapian::Query::LEAF_TERM) {
        words.clear();
        break;
      }
      words.push_back(*word.get_terms_begin());
    }
    if (!words.empty()) {
      into.phrases.push_back(std::move(words));
      return;
    }
    break;
  }
  default:
    break;
  }
  for (std::size_t i = 0; i < count; ++i) {
    collect_highlights(query.get_subquery(i), into);
  }
}

// The query's highlights: its terms from the parsed query, its prefixes ("visselblås*") from the text, as the
// parsed query keeps a prefix only as a pattern to expand.
Highlights highlights_of(const Xapian::Query& parsed, const std::string& text) {
  Highlights highlights;
  collect_highlights(parsed, highlights);
  highlights.prefixes = prefixes_in(text);
  return highlights;
}

std::string part_path(const std::string& path, std::size_t part) {
  return (std::filesystem::path(path) / ("build-" + std::to_string(part))).string();
}

// The one database searches and changes read and write, inside the index folder.
std::string main_path(const std::string& path) { return (std::filesystem::path(path) / "main").string(); }

// Adds batches of documents to one database on a thread of its own, so a rebuild uses every core; the first
// failure is kept and reported when the part is finished.
class PartWriter {
public:
  explicit PartWriter(Xapian::WritableDatabase& part) : m_part(part), m_thread([this] { run(); }) {}
  PartWriter(const PartWriter&) = delete;
  PartWriter& operator=(const PartWriter&) = delete;
  ~PartWriter() { finish(); }

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
          m_part.add_document(indexer.make(document));
        }
      } catch (const Xapian::Error& error) {
        m_failure = error.get_description();
      } catch (const std::exception& error) {
        m_failure = error.what();
      }
    }
    if (!m_failure) {
      try {
        m_part.commit();
      } catch (const Xapian::Error& error) {
        m_failure = error.get_description();
      }
    }
  }

  static constexpr std::size_t k_queued_batches = 4;
  Xapian::WritableDatabase& m_part;
  std::mutex m_mutex;
  std::condition_variable m_ready;
  std::condition_variable m_space;
  std::deque<std::vector<Document>> m_queue;
  bool m_closed = false;
  std::optional<std::string> m_failure;
  std::thread m_thread;
};

void remove_parts(const std::string& path) {
  std::error_code ignored;
  for (std::size_t i = 0; i < k_build_parts; ++i) {
    std::filesystem::remove_all(part_path(path, i), ignored);
  }
}

class XapianIndex final : public Index {
public:
  XapianIndex(std::string path, Xapian::WritableDatabase database)
      : m_path(std::move(path)), m_database(std::move(database)) {}

  Result<void> replace_evaluation(const std::string& evaluation_id, const std::vector<Document>& documents) override {
    try {
      auto evaluation = term(k_prefix_evaluation, evaluation_id);
      if (m_table.loaded()) {
        for (auto it = m_database.postlist_begin(evaluation); it != m_database.postlist_end(evaluation); ++it) {
          m_table.remove(*it);
        }
      }
      m_database.delete_document(evaluation);
      for (const auto& document : documents) {
        auto indexed = m_indexer.make(document);
        auto id = m_database.add_document(indexed);
        if (m_table.loaded()) {
          m_table.set(id, indexed, document.status);
        }
      }
      return {};
    } catch (const Xapian::Error& error) {
      m_table.forget();
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  Result<void> rebuild(const std::vector<Document>& documents) override {
    return rebuild_from([&](const DocumentSink& sink) { return sink(documents); });
  }

  Result<void> rebuild_from(const std::function<Result<void>(const DocumentSink&)>& produce) override {
    try {
      auto built = build_parts(produce);
      if (!built) {
        remove_parts(m_path);
        return built;
      }
      replace_main();
      return {};
    } catch (const Xapian::Error& error) {
      remove_parts(m_path);
      return tl::unexpected(index_failed(m_path, error));
    } catch (const std::filesystem::filesystem_error& error) {
      remove_parts(m_path);
      return model::fail(ErrorKind::internal, "search_index_failed", {{"path", m_path}, {"reason", error.what()}});
    }
  }

  Result<Results> search(const Query& query) const override {
    try {
      if (!m_table.loaded()) {
        m_table.load(m_database);
      }
      return run_search(query);
    } catch (const Xapian::QueryParserError& error) {
      return model::fail(ErrorKind::bad_input, "bad_query", {{"query", query.text}, {"reason", error.get_msg()}},
                         "query");
    } catch (const Xapian::Error& error) {
      m_table.forget();
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  long applied_change() const override {
    try {
      auto text = m_database.get_metadata(k_applied_change_key);
      return text.empty() ? 0 : std::stol(text);
    } catch (const Xapian::Error&) {
      return 0;
    } catch (const std::exception&) {
      return 0;
    }
  }

  Result<void> set_applied_change(long sequence) override {
    try {
      m_database.set_metadata(k_applied_change_key, std::to_string(sequence));
      m_database.commit();
      return {};
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  std::string store_identity() const override {
    try {
      return m_database.get_metadata(k_store_identity_key);
    } catch (const Xapian::Error&) {
      return {};
    }
  }

  Result<void> set_store_identity(const std::string& identity) override {
    try {
      m_database.set_metadata(k_store_identity_key, identity);
      return {};
    } catch (const Xapian::Error& error) {
      return tl::unexpected(index_failed(m_path, error));
    }
  }

  long size() const override {
    try {
      return static_cast<long>(m_database.get_doccount());
    } catch (const Xapian::Error&) {
      return 0;
    }
  }

private:
  // Fills fresh part databases from `produce`, in parallel, and commits them.
  Result<void> build_parts(const std::function<Result<void>(const DocumentSink&)>& produce) {
    remove_parts(m_path);
    std::vector<Xapian::WritableDatabase> parts;
    for (std::size_t i = 0; i < k_build_parts; ++i) {
      parts.emplace_back(part_path(m_path, i), Xapian::DB_CREATE_OR_OVERWRITE);
    }
    std::vector<std::unique_ptr<PartWriter>> writers;
    for (auto& part : parts) {
      writers.push_back(std::make_unique<PartWriter>(part));
    }
    // Batches go to the parts in turn, so the parts stay about the same size.
    std::size_t next = 0;
    DocumentSink sink = [&](const std::vector<Document>& documents) -> Result<void> {
      if (!documents.empty()) {
        writers[next]->add(documents);
        next = (next + 1) % writers.size();
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
    for (auto& part : parts) {
      part.close();
    }
    if (!produced) {
      return produced;
    }
    if (failure) {
      return model::fail(ErrorKind::internal, "search_index_failed", {{"path", m_path}, {"reason", *failure}});
    }
    return {};
  }

  // Merges the parts into a new main database and swaps it in; the old one stays until the new one is whole,
  // and the lock on the folder is let go only for the swap itself.
  void replace_main() {
    const auto main = main_path(m_path);
    const auto fresh = main + "-new";
    const auto old = main + "-old";
    std::error_code ignored;
    std::filesystem::remove_all(fresh, ignored);
    std::filesystem::remove_all(old, ignored);
    Xapian::Database parts;
    for (std::size_t i = 0; i < k_build_parts; ++i) {
      parts.add_database(Xapian::Database(part_path(m_path, i)));
    }
    if (parts.get_doccount() > 0) {
      parts.compact(fresh);
    } else {
      Xapian::WritableDatabase(fresh, Xapian::DB_CREATE).close();
    }
    parts = Xapian::Database();
    remove_parts(m_path);
    m_table.forget();
    m_database.close();
    std::filesystem::rename(main, old);
    std::filesystem::rename(fresh, main);
    m_database = Xapian::WritableDatabase(main, Xapian::DB_OPEN);
    std::filesystem::remove_all(old, ignored);
    // Not synchronised with any change until set_applied_change says so.
    m_database.set_metadata(k_format_key, k_format);
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
    parser.set_database(m_database);
    parser.set_stemmer(m_query_indexer.stemmer(query.language));
    // As the index: stems only, phrases of stems, and a prefix expands to the stems starting with it.
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
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

  // The documents of the unpublished evaluations this user may see anyway.
  std::set<Xapian::docid> allowed_documents(const Visibility& visibility) const {
    std::set<Xapian::docid> allowed;
    for (const auto& id : visibility.unpublished_evaluations) {
      auto evaluation = term(k_prefix_evaluation, id);
      for (auto it = m_database.postlist_begin(evaluation); it != m_database.postlist_end(evaluation); ++it) {
        allowed.insert(*it);
      }
    }
    return allowed;
  }

  Results run_search(const Query& query) const {
    Xapian::QueryParser parser;
    const Xapian::Query text = text_query(query, parser);
    Xapian::Query matching = text;
    if (auto narrowed = filters(query); !narrowed.empty()) {
      matching = Xapian::Query(Xapian::Query::OP_FILTER, matching, narrowed);
    }
    if (!query.exclude_evaluations.empty()) {
      std::vector<std::string> excluded;
      for (const auto& id : query.exclude_evaluations) {
        excluded.push_back(term(k_prefix_evaluation, id));
      }
      matching = Xapian::Query(Xapian::Query::OP_AND_NOT, matching, any_of(excluded));
    }

    Xapian::Enquire enquire(m_database);
    enquire.set_query(matching);
    // BM25 without document length normalisation (b = 0): findings are a sentence or two, and reading each
    // match's length was half of a word query's time (bench/search.sh).
    enquire.set_weighting_scheme(Xapian::BM25Weight(1, 0, 1, 0, 0.5));
    AreaPointsKey tie_break(m_table);
    enquire.set_sort_by_relevance_then_key(&tie_break, true);
    FacetSpy facets(m_table);
    if (query.facets) {
      enquire.add_matchspy(&facets);
    }
    std::optional<VisibleOnly> visible;
    if (!query.visibility.unpublished) {
      visible.emplace(m_table, allowed_documents(query.visibility));
    }
    auto offset = static_cast<Xapian::doccount>(std::max(0, query.offset));
    auto limit = static_cast<Xapian::doccount>(std::max(0, query.limit));
    auto mset =
        enquire.get_mset(offset, limit, query.facets ? k_check_at_least : 0, nullptr, visible ? &*visible : nullptr);

    Results results;
    results.estimated_total = static_cast<long>(mset.get_matches_estimated());
    const auto& query_stemmer = m_query_indexer.stemmer(query.language);
    const Stemmer snippet_stemmer = [&](const std::string& word) { return query_stemmer(word); };
    const auto highlights = highlights_of(text, query.text);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.document = decode(it.get_document().get_value(k_slot_document));
      hit.percent = it.get_percent();
      hit.weight = it.get_weight();
      hit.snippet = make_snippet(snippet_source(hit.document), highlights, snippet_stemmer, k_snippet_length);
      results.hits.push_back(std::move(hit));
    }
    if (query.facets) {
      results.facets = facets.counts(results.estimated_total);
    }
    return results;
  }

  std::string m_path;
  mutable Xapian::WritableDatabase m_database;
  Indexer m_indexer; // for replace_evaluation
  mutable Indexer m_query_indexer;
  mutable DocumentTable m_table;
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

// Opens the main database, creating it when missing; created when it was missing, holds another format, or
// no rebuild ever finished. Leftovers of an older layout or an interrupted rebuild are removed once the main
// database's lock is held, as only its holder rebuilds.
OpenedIndex open_main(const std::string& path) {
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_directory(path, error)) {
    // Not ours to keep: the name is reserved for the index next to the database.
    std::filesystem::remove(path, error);
  }
  std::filesystem::create_directories(path);
  const auto folder = main_path(path);
  bool created = !std::filesystem::exists(std::filesystem::path(folder) / "iamglass", error);
  Xapian::WritableDatabase database(folder, Xapian::DB_CREATE_OR_OPEN);
  // Only names the index itself writes: the folder may be one a user chose (serve --index) and hold other files.
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    auto name = entry.path().filename().string();
    if (name.starts_with("shard-") || name.starts_with("build-") || name == "main-new" || name == "main-old") {
      std::filesystem::remove_all(entry.path(), error);
    }
  }
  // No recorded change means no rebuild ever finished here: new, or interrupted half-way.
  created =
      created || database.get_metadata(k_applied_change_key).empty() || database.get_metadata(k_format_key) != k_format;
  return OpenedIndex{std::make_unique<XapianIndex>(path, std::move(database)), created};
}

} // namespace

Result<OpenedIndex> open_index(const std::string& path, std::chrono::milliseconds lock_wait) {
  auto deadline = std::chrono::steady_clock::now() + lock_wait;
  bool recreated = false;
  while (true) {
    try {
      auto opened = open_main(path);
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
      std::filesystem::remove_all(main_path(path), removed);
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
