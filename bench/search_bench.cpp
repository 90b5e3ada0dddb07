// Search latency of kompass (Xapian, with facet counts) against PostgreSQL full-text search and SQLite FTS5 on
// the same findings and the same queries, in one run. bench/search.sh builds the corpus with
// `kompass dev generate` and starts a throwaway PostgreSQL cluster; this program builds kompass's index (timed),
// loads the findings into PostgreSQL and FTS5, runs every query a few times on each engine and prints p50 and
// p95 per engine, the ratios and whether the goals are met. Latency is the wall time of one query to its top 10
// as this client sees it: kompass and FTS5 run in this process, PostgreSQL's includes the round trip over a Unix
// socket; only kompass also counts facets. Exit status: 0 when every goal is met, 1 when one is missed, 2 when
// the benchmark could not run.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/search.hpp"
#include "bench_util.hpp"
#include "model/messages.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

namespace {

using kompass::bench::describe;
using kompass::bench::die;
using kompass::bench::thread_cpu_ms;

using Clock = std::chrono::steady_clock;

constexpr double k_goal_kompass_p95_ms = 5.0;
constexpr double k_goal_ratio_postgres = 10.0;
constexpr double k_goal_index_rate = 20000;
constexpr int k_results = 10;

// The three shapes of bench/queries.txt, each converted to every engine's syntax.
enum class QueryShape { words, phrase, prefix };

struct BenchQuery {
  std::string text; // as written in queries.txt (kompass's syntax)
  QueryShape shape = QueryShape::words;
  std::vector<std::string> words; // without quotes or the trailing *
};

struct Options {
  std::string db;
  std::string queries;
  std::string work;
  std::string postgres; // libpq conninfo; empty: PostgreSQL is skipped
  std::string index;    // an index already built from --db, searched as it is; empty: build one (timed)
  int runs = 5;
  bool kompass_only = false; // skip FTS5 (and PostgreSQL): for profiling kompass alone
  bool per_query = false;    // also print each query's median per engine
};

// One engine's timings, one per query run, in milliseconds.
struct Timings {
  std::string engine;
  std::vector<double> ms;
  long results = 0; // rows returned over one pass, to show every engine found something
  std::vector<std::pair<QueryShape, double>> by_shape;
  std::vector<double> cpu_ms; // this thread's CPU time: the engine's own work for in-process engines only
  bool in_process = true;
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&] { return kompass::bench::option_value(argc, argv, i); };
    if (arg == "--db") {
      options.db = value();
    } else if (arg == "--queries") {
      options.queries = value();
    } else if (arg == "--work") {
      options.work = value();
    } else if (arg == "--postgres") {
      options.postgres = value();
    } else if (arg == "--index") {
      options.index = value();
    } else if (arg == "--runs") {
      options.runs = std::max(1, std::atoi(value().c_str()));
    } else if (arg == "--kompass-only") {
      options.kompass_only = true;
    } else if (arg == "--per-query") {
      options.per_query = true;
    } else {
      die("usage: kompass_bench_search --db FILE --queries FILE --work DIR [--postgres CONNINFO] [--index DIR] "
          "[--runs N] [--kompass-only] [--per-query]");
    }
  }
  if (options.db.empty() || options.queries.empty() || options.work.empty()) {
    die("--db, --queries and --work are required");
  }
  return options;
}

std::vector<std::string> split_blanks(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  return words;
}

std::vector<BenchQuery> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    die("cannot read " + path);
  }
  std::vector<BenchQuery> queries;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    BenchQuery query;
    query.text = line;
    if (line.size() > 2 && line.front() == '"' && line.back() == '"') {
      query.shape = QueryShape::phrase;
      query.words = split_blanks(line.substr(1, line.size() - 2));
    } else if (line.back() == '*') {
      query.shape = QueryShape::prefix;
      query.words = {line.substr(0, line.size() - 1)};
    } else {
      query.shape = QueryShape::words;
      query.words = split_blanks(line);
    }
    queries.push_back(std::move(query));
  }
  return queries;
}

const char* shape_name(QueryShape shape) {
  switch (shape) {
  case QueryShape::words:
    return "word";
  case QueryShape::phrase:
    return "phrase";
  case QueryShape::prefix:
    return "prefix";
  }
  return "?";
}

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Runs every query once untimed (caches warm), then `runs` timed passes; `run` returns the rows it got.
Timings measure(const std::string& engine, const std::vector<BenchQuery>& queries, int runs,
                const std::function<long(const BenchQuery&)>& run) {
  Timings timings;
  timings.engine = engine;
  for (const auto& query : queries) {
    timings.results += run(query);
  }
  for (int pass = 0; pass < runs; ++pass) {
    for (const auto& query : queries) {
      double cpu_start = thread_cpu_ms();
      auto start = Clock::now();
      run(query);
      double ms = seconds_since(start) * 1000;
      timings.cpu_ms.push_back(thread_cpu_ms() - cpu_start);
      timings.ms.push_back(ms);
      timings.by_shape.emplace_back(query.shape, ms);
    }
  }
  return timings;
}

// --- the corpus, read from the generated SQLite store

struct Row {
  long long id = 0;
  std::string status;
  std::string text;
};

std::vector<Row> read_findings(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    die("cannot open " + db_path);
  }
  sqlite3_stmt* statement = nullptr;
  const char* sql = "SELECT f.id, e.status, f.text FROM findings f JOIN evaluations e ON e.id = f.evaluation_id "
                    "ORDER BY f.id";
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
    die(std::string("cannot read findings: ") + sqlite3_errmsg(db));
  }
  std::vector<Row> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    rows.push_back({sqlite3_column_int64(statement, 0),
                    reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)),
                    reinterpret_cast<const char*>(sqlite3_column_text(statement, 2))});
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return rows;
}

// --- SQLite FTS5

class Fts5 {
public:
  Fts5(const std::string& path, const std::vector<Row>& rows) {
    std::filesystem::remove(path);
    if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK) {
      die("cannot create " + path);
    }
    auto start = Clock::now();
    // Status is stored but not indexed, so unpublished evaluations are left out as kompass's public search does.
    exec("CREATE VIRTUAL TABLE findings USING fts5(text, status UNINDEXED)");
    exec("BEGIN");
    sqlite3_stmt* insert = prepare("INSERT INTO findings (rowid, text, status) VALUES (?1, ?2, ?3)");
    for (const auto& row : rows) {
      sqlite3_bind_int64(insert, 1, row.id);
      sqlite3_bind_text(insert, 2, row.text.c_str(), static_cast<int>(row.text.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, row.status.c_str(), static_cast<int>(row.status.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        die(std::string("FTS5 insert failed: ") + sqlite3_errmsg(m_db));
      }
      sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    exec("COMMIT");
    exec("INSERT INTO findings (findings) VALUES ('optimize')");
    build_seconds = seconds_since(start);
    m_search = prepare("SELECT rowid, bm25(findings) AS score FROM findings WHERE findings MATCH ?1 "
                       "AND status = 'published' ORDER BY score LIMIT 10");
  }
  ~Fts5() {
    sqlite3_finalize(m_search);
    sqlite3_close(m_db);
  }
  Fts5(const Fts5&) = delete;
  Fts5& operator=(const Fts5&) = delete;

  // Words are ORed as kompass's parser does; a phrase stays a phrase; a prefix keeps FTS5's trailing *.
  static std::string syntax(const BenchQuery& query) {
    auto quoted = [](const std::string& word) { return "\"" + word + "\""; };
    switch (query.shape) {
    case QueryShape::phrase: {
      std::string phrase;
      for (const auto& word : query.words) {
        phrase += (phrase.empty() ? "" : " ") + word;
      }
      return quoted(phrase);
    }
    case QueryShape::prefix:
      return quoted(query.words.front()) + " *";
    case QueryShape::words:
      break;
    }
    std::string any;
    for (const auto& word : query.words) {
      any += (any.empty() ? "" : " OR ") + quoted(word);
    }
    return any;
  }

  long run(const BenchQuery& query) {
    std::string text = syntax(query);
    sqlite3_bind_text(m_search, 1, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    long rows = 0;
    int rc = 0;
    while ((rc = sqlite3_step(m_search)) == SQLITE_ROW) {
      ++rows;
    }
    if (rc != SQLITE_DONE) {
      die("FTS5 query " + text + " failed: " + sqlite3_errmsg(m_db));
    }
    sqlite3_reset(m_search);
    return rows;
  }

  double build_seconds = 0;

private:
  void exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "?";
      sqlite3_free(error);
      die(std::string("FTS5: ") + sql + ": " + message);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr) != SQLITE_OK) {
      die(std::string("FTS5: ") + sqlite3_errmsg(m_db));
    }
    return statement;
  }

  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_search = nullptr;
};

// --- PostgreSQL

class Postgres {
public:
  Postgres(const std::string& conninfo, const std::vector<Row>& rows) : m_conn(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(m_conn) != CONNECTION_OK) {
      die(std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(m_conn));
    }
    auto start = Clock::now();
    exec("SET client_min_messages = warning");
    exec("DROP TABLE IF EXISTS findings");
    exec("CREATE TABLE findings (id bigint PRIMARY KEY, status text NOT NULL, text text NOT NULL, "
         "tsv tsvector GENERATED ALWAYS AS (to_tsvector('swedish', text)) STORED)");
    copy_in(rows);
    exec("CREATE INDEX findings_tsv ON findings USING gin (tsv)");
    exec("VACUUM ANALYZE findings");
    load_seconds = seconds_since(start);
    // One prepared statement per shape: the tsquery function differs, the ranking does not.
    const char* ranked = "SELECT id, ts_rank(tsv, q) AS rank FROM findings, %s AS q WHERE tsv @@ q "
                         "AND status = 'published' ORDER BY rank DESC LIMIT 10";
    prepare("word", ranked, "websearch_to_tsquery('swedish', $1)");
    prepare("phrase", ranked, "phraseto_tsquery('swedish', $1)");
    prepare("prefix", ranked, "to_tsquery('swedish', $1)");
  }
  ~Postgres() { PQfinish(m_conn); }
  Postgres(const Postgres&) = delete;
  Postgres& operator=(const Postgres&) = delete;

  // websearch_to_tsquery's "or" gives kompass's OR of words; phraseto_tsquery a phrase; ":*" a prefix.
  static std::string syntax(const BenchQuery& query) {
    std::string text;
    switch (query.shape) {
    case QueryShape::words:
      for (const auto& word : query.words) {
        text += (text.empty() ? "" : " or ") + word;
      }
      return text;
    case QueryShape::phrase:
      for (const auto& word : query.words) {
        text += (text.empty() ? "" : " ") + word;
      }
      return text;
    case QueryShape::prefix:
      return query.words.front() + ":*";
    }
    return text;
  }

  long run(const BenchQuery& query) {
    std::string text = syntax(query);
    const char* values[] = {text.c_str()};
    PGresult* result = PQexecPrepared(m_conn, shape_name(query.shape), 1, values, nullptr, nullptr, 0);
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
      std::string message = PQerrorMessage(m_conn);
      PQclear(result);
      die("PostgreSQL query " + text + " failed: " + message);
    }
    long rows = PQntuples(result);
    PQclear(result);
    return rows;
  }

  double load_seconds = 0;

private:
  void exec(const std::string& sql) {
    PGresult* result = PQexec(m_conn, sql.c_str());
    auto status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      die("PostgreSQL: " + sql + ": " + PQerrorMessage(m_conn));
    }
  }

  void prepare(const char* name, const char* ranked, const char* tsquery) {
    char sql[512];
    std::snprintf(sql, sizeof sql, ranked, tsquery);
    PGresult* result = PQprepare(m_conn, name, sql, 1, nullptr);
    auto status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK) {
      die(std::string("PostgreSQL prepare: ") + PQerrorMessage(m_conn));
    }
  }

  // COPY's text format: tab-separated, with backslash, tab and line breaks escaped.
  static void append_field(std::string& line, const std::string& value) {
    for (char c : value) {
      switch (c) {
      case '\\':
        line += "\\\\";
        break;
      case '\t':
        line += "\\t";
        break;
      case '\n':
        line += "\\n";
        break;
      case '\r':
        line += "\\r";
        break;
      default:
        line += c;
      }
    }
  }

  void copy_in(const std::vector<Row>& rows) {
    PGresult* result = PQexec(m_conn, "COPY findings (id, status, text) FROM STDIN");
    auto status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_COPY_IN) {
      die(std::string("PostgreSQL COPY: ") + PQerrorMessage(m_conn));
    }
    std::string buffer;
    for (const auto& row : rows) {
      buffer += std::to_string(row.id);
      buffer += '\t';
      append_field(buffer, row.status);
      buffer += '\t';
      append_field(buffer, row.text);
      buffer += '\n';
      if (buffer.size() > (1 << 20)) {
        flush(buffer);
      }
    }
    flush(buffer);
    if (PQputCopyEnd(m_conn, nullptr) != 1) {
      die(std::string("PostgreSQL COPY end: ") + PQerrorMessage(m_conn));
    }
    result = PQgetResult(m_conn);
    status = PQresultStatus(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK) {
      die(std::string("PostgreSQL COPY: ") + PQerrorMessage(m_conn));
    }
    while ((result = PQgetResult(m_conn)) != nullptr) {
      PQclear(result);
    }
  }

  void flush(std::string& buffer) {
    if (!buffer.empty() && PQputCopyData(m_conn, buffer.data(), static_cast<int>(buffer.size())) != 1) {
      die(std::string("PostgreSQL COPY data: ") + PQerrorMessage(m_conn));
    }
    buffer.clear();
  }

  PGconn* m_conn = nullptr;
};

// --- report

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

void print_timings(const std::vector<Timings>& all) {
  std::printf("\n%-22s %9s %9s %9s %9s %9s %9s %9s %9s\n", "engine", "p50 ms", "p95 ms", "max ms", "word p95",
              "phrase p95", "prefix p95", "CPU p95", "rows");
  for (const auto& timings : all) {
    std::vector<double> by[3];
    for (const auto& [shape, ms] : timings.by_shape) {
      by[static_cast<int>(shape)].push_back(ms);
    }
    std::string cpu = timings.in_process ? fixed(percentile(timings.cpu_ms, 0.95), 3) : "-";
    std::printf("%-22s %9s %9s %9s %9s %9s %9s %9s %9ld\n", timings.engine.c_str(),
                fixed(percentile(timings.ms, 0.50), 3).c_str(), fixed(percentile(timings.ms, 0.95), 3).c_str(),
                fixed(percentile(timings.ms, 1.0), 3).c_str(), fixed(percentile(by[0], 0.95), 3).c_str(),
                fixed(percentile(by[1], 0.95), 3).c_str(), fixed(percentile(by[2], 0.95), 3).c_str(), cpu.c_str(),
                timings.results);
  }
}

// Each query's median over the timed passes, one column per engine (the timings are stored pass by pass).
void print_per_query(const std::vector<Timings>& all, const std::vector<BenchQuery>& queries) {
  std::printf("\n%-40s", "query (median ms)");
  for (const auto& timings : all) {
    std::printf(" %12.12s", timings.engine.c_str());
  }
  std::printf("\n");
  for (std::size_t q = 0; q < queries.size(); ++q) {
    std::printf("%-40.40s", queries[q].text.c_str());
    for (const auto& timings : all) {
      std::vector<double> values;
      for (std::size_t i = q; i < timings.ms.size(); i += queries.size()) {
        values.push_back(timings.ms[i]);
      }
      std::printf(" %12s", fixed(percentile(values, 0.5), 3).c_str());
    }
    std::printf("\n");
  }
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five;
  in >> one >> five;
  return one.empty() ? "unknown" : one + " (1 min), " + five + " (5 min)";
}

} // namespace

int main(int argc, char** argv) {
  kompass::bench::g_program = "kompass_bench_search";
  namespace search = kompass::search;
  auto options = parse_options(argc, argv);
  auto queries = read_queries(options.queries);
  std::printf("load average at start: %s\n", load_average().c_str());

  auto opened_store = kompass::store::open_store(options.db);
  if (!opened_store) {
    die("cannot open the store: " + describe(opened_store.error()));
  }
  auto& store = **opened_store;

  bool build_index = options.index.empty();
  std::string index_path = build_index ? (std::filesystem::path(options.work) / "bench.index").string() : options.index;
  if (build_index) {
    std::filesystem::remove_all(index_path);
  }
  auto opened_index = search::open_index(index_path);
  if (!opened_index) {
    die("cannot open the index: " + describe(opened_index.error()));
  }
  if (!build_index && (opened_index->created || opened_index->index->size() == 0)) {
    die("the index " + index_path + " is empty or was never completely built: run kompass index rebuild first");
  }
  auto& index = *opened_index->index;
  std::optional<double> index_rate;
  if (build_index) {
    auto synced = kompass::app::sync_index(store, index, kompass::app::SyncMode::rebuild);
    if (!synced) {
      die("index build failed: " + describe(synced.error()));
    }
    index_rate = synced->seconds > 0 ? static_cast<double>(synced->findings) / synced->seconds : 0;
    std::printf("index build (kompass, sync_index rebuild): %ld findings (%ld documents) in %s s: %.0f findings/s\n",
                synced->findings, synced->documents, fixed(synced->seconds, 2).c_str(), *index_rate);
  } else {
    std::printf("index: %s as it is (%ld documents), build not measured\n", index_path.c_str(), index.size());
  }

  auto rows = read_findings(options.db);
  std::printf("corpus: %zu findings, %zu queries (%d timed runs each per engine, after one warm-up run)\n", rows.size(),
              queries.size(), options.runs);

  std::vector<Timings> all;
  // Facets are the goal's condition; the same queries without them show what the facet counts cost.
  auto kompass_search = [&](const BenchQuery& query, bool facets) -> long {
    search::Query request;
    request.text = query.text;
    request.limit = k_results;
    request.facets = facets;
    auto results = index.search(request);
    if (!results) {
      die("kompass query " + query.text + " failed: " + describe(results.error()));
    }
    return static_cast<long>(results->hits.size());
  };
  all.push_back(measure("kompass (Xapian)", queries, options.runs,
                        [&](const BenchQuery& query) { return kompass_search(query, true); }));
  auto kompass_timings = all.front();
  all.push_back(measure("kompass, no facets", queries, options.runs,
                        [&](const BenchQuery& query) { return kompass_search(query, false); }));

  std::optional<Timings> postgres_timings;
  if (!options.postgres.empty() && !options.kompass_only) {
    Postgres postgres(options.postgres, rows);
    std::printf("PostgreSQL load (COPY, GIN index, VACUUM ANALYZE): %s s\n", fixed(postgres.load_seconds, 2).c_str());
    postgres_timings = measure("PostgreSQL (ts_rank)", queries, options.runs,
                               [&](const BenchQuery& query) { return postgres.run(query); });
    postgres_timings->in_process = false; // the server's work happens in another process
    all.push_back(*postgres_timings);
  } else {
    std::printf("PostgreSQL: skipped (no --postgres)\n");
  }

  std::optional<Timings> fts5_timings;
  if (!options.kompass_only) {
    Fts5 fts5((std::filesystem::path(options.work) / "fts5.db").string(), rows);
    std::printf("SQLite FTS5 build: %s s\n", fixed(fts5.build_seconds, 2).c_str());
    fts5_timings =
        measure("SQLite FTS5 (bm25)", queries, options.runs, [&](const BenchQuery& query) { return fts5.run(query); });
    all.push_back(*fts5_timings);
  }

  print_timings(all);
  if (options.per_query) {
    print_per_query(all, queries);
  }
  double kompass_p95 = percentile(kompass_timings.ms, 0.95);
  std::printf("\n");
  bool indexed_fast = !index_rate || *index_rate >= k_goal_index_rate;
  if (index_rate) {
    std::printf("goal index build >= %s findings/s: %s (%.0f findings/s)\n", fixed(k_goal_index_rate, 0).c_str(),
                indexed_fast ? "met" : "MISSED", *index_rate);
  }
  bool met = kompass_p95 <= k_goal_kompass_p95_ms;
  std::printf("goal kompass p95 <= %s ms: %s (%s ms)\n", fixed(k_goal_kompass_p95_ms, 0).c_str(),
              met ? "met" : "MISSED", fixed(kompass_p95, 3).c_str());
  if (postgres_timings) {
    double ratio = percentile(postgres_timings->ms, 0.95) / kompass_p95;
    std::printf("ratio p95 PostgreSQL / kompass: %sx\n", fixed(ratio, 1).c_str());
    bool faster = ratio >= k_goal_ratio_postgres;
    std::printf("goal kompass >= %sx faster than PostgreSQL at p95: %s\n", fixed(k_goal_ratio_postgres, 0).c_str(),
                faster ? "met" : "MISSED");
    met = met && faster;
  }
  if (fts5_timings) {
    std::printf("ratio p95 SQLite FTS5 / kompass: %sx\n",
                fixed(percentile(fts5_timings->ms, 0.95) / kompass_p95, 1).c_str());
  }
  std::printf("load average at end: %s\n", load_average().c_str());
  return met && indexed_fast ? 0 : 1;
}
