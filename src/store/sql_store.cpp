#include "store/sql_store.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "model/framework.hpp"
#include "store/clock.hpp"
#include "store/migration_runner.hpp"
#include "store/postgres/connection.hpp"
#include "store/sqlite/database.hpp"

namespace kompass::store {
namespace {

using model::ErrorKind;

model::Error corrupt(std::string column, std::string value) {
  return model::make_error(ErrorKind::internal, "store_corrupt_value",
                           {{"column", std::move(column)}, {"value", std::move(value)}});
}

model::Error evaluation_not_found(const std::string& id) {
  return model::make_error(ErrorKind::not_found, "evaluation_not_found", {{"id", id}});
}

// Which scores of an evaluation to load: every evaluator's, or the agreed ones only.
enum class Scores { all, agreed };

// Reads the columns "country, code, name, county, population, municipality_group" starting at `first`.
template <typename Row>
model::Municipality municipality_from(const Row& row, int first) {
  model::Municipality municipality;
  municipality.ref.country = row.text(first);
  municipality.ref.code = row.text(first + 1);
  municipality.name = row.text(first + 2);
  municipality.county = row.optional_text(first + 3);
  if (auto population = row.optional_integer(first + 4)) {
    municipality.population = static_cast<long>(*population);
  }
  municipality.group = row.optional_text(first + 5);
  return municipality;
}

constexpr const char* k_municipality_columns =
    "m.country, m.code, m.name, m.county, m.population, m.municipality_group";

// The columns user_from reads, in its order.
constexpr const char* k_user_columns =
    "id, username, display_name, role, municipality_country, municipality_code, state, created_at";

const char* state_name(model::AccountState state) {
  return state == model::AccountState::disabled ? "disabled" : "active";
}

const char* sharing_name(Sharing sharing) { return sharing == Sharing::shared ? "shared" : "not_shared"; }

// Reads the columns of k_user_columns.
template <typename Row>
Result<model::User> user_from(const Row& row) {
  model::User user;
  user.id = static_cast<long>(row.integer(0));
  user.username = row.text(1);
  user.display_name = row.text(2);
  auto role = model::parse_role(row.text(3));
  if (!role) {
    return tl::unexpected(corrupt("users.role", row.text(3)));
  }
  user.role = *role;
  if (!row.is_null(4)) {
    user.municipality = model::MunicipalityRef{row.text(4), row.text(5)};
  }
  auto state = row.text(6);
  if (state != "active" && state != "disabled") {
    return tl::unexpected(corrupt("users.state", state));
  }
  user.state = state == "disabled" ? model::AccountState::disabled : model::AccountState::active;
  user.created_at = row.text(7);
  return user;
}

// Binds a user's municipality (country, code) to parameters `first` and `first + 1`, NULL when unset.
template <typename Statement>
void bind_municipality(Statement& statement, int first, const std::optional<model::MunicipalityRef>& municipality) {
  if (municipality) {
    statement.bind(first, municipality->country).bind(first + 1, municipality->code);
  } else {
    statement.bind_null(first).bind_null(first + 1);
  }
}

tl::unexpected<model::Error> unknown_user(const std::string& username) {
  return model::fail(ErrorKind::not_found, "unknown_user", {{"username", username}}, "username");
}

// How the audit log shows a finding: "weakness: Ingen uppföljning av mål."
std::string finding_value(const model::Finding& finding) {
  return std::string(model::to_string(finding.kind)) + ": " + finding.text;
}

// How the audit log shows a score: "2 — Dialog finns." (only the points without a rationale).
std::string score_value(long long points, const std::string& rationale) {
  return std::to_string(points) + (rationale.empty() ? "" : " — " + rationale);
}

tl::unexpected<model::Error> unknown_action(long id) {
  return tl::unexpected(
      model::make_error(ErrorKind::not_found, "unknown_action", {{"id", std::to_string(id)}}, "action"));
}

// How the audit log shows an action: its status, area, due date and title.
std::string action_value(const model::Action& action) {
  return std::string(model::to_string(action.status)) + " area " + std::to_string(action.area) +
         (action.due_date.empty() ? "" : " due " + action.due_date) + ": " + action.title;
}

// How the audit log names a score: "question/1.2.3", "area/3", "question/1.2.3@Bo Berg" (an evaluator's own).
std::string score_key(const model::Score& score) {
  return std::string(model::to_string(score.target)) + "/" + score.target_id +
         (score.evaluator.empty() ? "" : "@" + score.evaluator);
}

// The condition of an EvaluationFilter over evaluations `e` joined with municipalities `m`, one fixed text for
// every filter: an unset filter binds NULL (or 0) and its condition holds. Parameters ?1 to ?8 (see
// bind_evaluation_filter).
constexpr const char* k_filter_where =
    "WHERE (CAST(?1 AS TEXT) IS NULL OR e.framework_id = ?1 "
    "       OR e.framework_id IN (SELECT framework_id FROM framework_aliases WHERE alias = ?1)) "
    "AND (CAST(?2 AS TEXT) IS NULL OR m.country = ?2) "
    "AND (CAST(?3 AS TEXT) IS NULL OR (m.country = ?3 AND m.code = ?4)) "
    "AND (?5 = 0 OR e.status IN (?6, ?7, ?8))";

// Binds `filter` to the parameters of k_filter_where.
template <typename Statement>
void bind_evaluation_filter(Statement& statement, const EvaluationFilter& filter) {
  statement.bind(1, filter.framework_id).bind(2, filter.country);
  if (filter.municipality) {
    statement.bind(3, filter.municipality->country).bind(4, filter.municipality->code);
  } else {
    statement.bind_null(3).bind_null(4);
  }
  statement.bind(5, filter.statuses.empty() ? 0 : 1);
  for (int slot = 0; slot < 3; ++slot) {
    // Unused slots repeat a wanted status, so IN (...) stays exact.
    const char* name = filter.statuses.empty()
                           ? "draft"
                           : model::to_string(filter.statuses[std::min<std::size_t>(slot, filter.statuses.size() - 1)]);
    statement.bind(6 + slot, name);
  }
}

// The text of derived area points (see migration 0006): each area's points or an empty field, comma-separated.
std::string encode_area_points(const std::vector<std::optional<int>>& areas) {
  std::string text;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    if (i > 0) {
      text += ',';
    }
    if (areas[i]) {
      text += std::to_string(*areas[i]);
    }
  }
  return text;
}

// Reads what encode_area_points wrote; nullopt for any other text.
std::optional<std::vector<std::optional<int>>> decode_area_points(std::string_view text) {
  std::vector<std::optional<int>> areas;
  while (true) {
    auto comma = text.find(',');
    auto field = text.substr(0, comma);
    if (field.empty()) {
      areas.emplace_back();
    } else {
      int value = 0;
      auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (ec != std::errc{} || end != field.data() + field.size()) {
        return std::nullopt;
      }
      areas.emplace_back(value);
    }
    if (comma == std::string_view::npos) {
      return areas;
    }
    text.remove_prefix(comma + 1);
  }
}

// Every Store method over `Connection` (see SqlConnection); the backend-specific lines live in the connections.
template <SqlConnection Connection>
class SqlStore final : public Store {
public:
  using Statement = typename decltype(std::declval<Connection&>().prepare(std::string_view()))::value_type;

  explicit SqlStore(Connection db) : m_db(std::move(db)) {}

  Result<void> begin(Access access) override {
    if (m_transaction_open || m_db.in_transaction()) {
      return model::fail(ErrorKind::internal, "store_transaction_open");
    }
    // A reader waits for nobody; a writer takes the write lock at once, so writers run one at a time and each
    // method's checks before it writes (a taken id, a score's version) still hold when it writes.
    if (auto begun = access == Access::read ? m_db.begin_read() : m_db.begin_write(); !begun) {
      return begun;
    }
    m_transaction_open = true;
    return {};
  }

  Result<void> end(Outcome outcome) override {
    if (!m_transaction_open) {
      return model::fail(ErrorKind::internal, "store_no_transaction");
    }
    m_transaction_open = false;
    if (outcome == Outcome::rollback) {
      return m_db.rollback();
    }
    if (auto committed = m_db.commit(); !committed) {
      (void)m_db.rollback();
      return committed;
    }
    return {};
  }

  Result<std::vector<AppliedMigration>> applied_migrations() override { return read_applied_migrations(m_db); }

  // --- frameworks

  Result<std::vector<StoredFramework>> list_frameworks() override {
    auto aliases = all_aliases();
    if (!aliases) {
      return tl::unexpected(aliases.error());
    }
    auto query = m_db.prepare("SELECT id, version, source_text, content_hash FROM frameworks ORDER BY id, version");
    if (!query) {
      return tl::unexpected(query.error());
    }
    auto frameworks = collect_rows(*query, [&] {
      return StoredFramework{query->text(0), query->text(1), query->text(2), query->text(3),
                             (*aliases)[query->text(0)]};
    });
    if (!frameworks) {
      return tl::unexpected(frameworks.error());
    }
    std::stable_sort(frameworks->begin(), frameworks->end(), [](const StoredFramework& a, const StoredFramework& b) {
      return a.id != b.id ? a.id < b.id : model::version_less(a.version, b.version);
    });
    return frameworks;
  }

  Result<std::optional<StoredFramework>> find_framework(const std::string& id_or_alias,
                                                        const std::optional<std::string>& version) override {
    // An id wins over an alias of the same name; without a version the highest version wins, compared
    // numerically part by part ("2010.10" after "2010.9"), which SQL cannot order.
    auto query =
        m_db.prepare("SELECT id, version, source_text, content_hash FROM frameworks "
                     "WHERE id = COALESCE((SELECT f.id FROM frameworks f WHERE f.id = ?1 LIMIT 1), "
                     "                    (SELECT a.framework_id FROM framework_aliases a WHERE a.alias = ?1)) "
                     "AND (CAST(?2 AS TEXT) IS NULL OR version = ?2)");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, id_or_alias).bind(2, version);
    std::optional<StoredFramework> best;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      if (!best || model::version_less(best->version, query->text(1))) {
        best = StoredFramework{query->text(0), query->text(1), query->text(2), query->text(3), {}};
      }
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    if (!best) {
      return std::optional<StoredFramework>{};
    }
    StoredFramework framework = std::move(*best);
    auto aliases = aliases_of(framework.id);
    if (!aliases) {
      return tl::unexpected(aliases.error());
    }
    framework.aliases = std::move(*aliases);
    return framework;
  }

  Result<void> insert_framework(const StoredFramework& framework) override {
    return atomically([&]() -> Result<void> {
      auto insert = m_db.prepare("INSERT INTO frameworks (id, version, seq, source_text, content_hash, loaded_at) "
                                 "VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM frameworks), ?3, ?4, ?5)");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, framework.id).bind(2, framework.version).bind(3, framework.source_text);
      insert->bind(4, framework.content_hash).bind(5, now_utc());
      if (auto inserted = insert->run(); !inserted) {
        return inserted;
      }
      auto owner = m_db.prepare("SELECT framework_id FROM framework_aliases WHERE alias = ?1");
      auto add = m_db.prepare("INSERT INTO framework_aliases (alias, framework_id) VALUES (?1, ?2)");
      if (!owner || !add) {
        return tl::unexpected(!owner ? owner.error() : add.error());
      }
      for (const auto& alias : framework.aliases) {
        if (alias == framework.id) {
          continue;
        }
        owner->reset();
        owner->bind(1, alias);
        auto row = owner->step();
        if (!row) {
          return tl::unexpected(row.error());
        }
        // Every version of a framework declares the same aliases: only another framework's alias clashes.
        if (*row) {
          std::string current = owner->text(0);
          owner->reset();
          if (current != framework.id) {
            return model::fail(ErrorKind::conflict, "framework_alias_taken", {{"alias", alias}, {"owner", current}});
          }
          continue;
        }
        add->reset();
        add->bind(1, alias).bind(2, framework.id);
        if (auto added = add->run(); !added) {
          return added;
        }
      }
      return {};
    });
  }

  // --- municipalities

  Result<std::optional<model::Municipality>> find_municipality(const model::MunicipalityRef& ref) override {
    auto query = m_db.prepare(std::string("SELECT m.id, ") + k_municipality_columns +
                              " FROM municipalities m WHERE m.country = ?1 AND m.code = ?2");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, ref.country).bind(2, ref.code);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return std::optional<model::Municipality>{};
    }
    auto id = query->integer(0);
    auto municipality = municipality_from(*query, 1);
    query->reset();
    auto figures = key_figures_of(id);
    if (!figures) {
      return tl::unexpected(figures.error());
    }
    municipality.key_figures = std::move(*figures);
    return municipality;
  }

  Result<std::vector<model::Municipality>> list_municipalities() override {
    auto query = m_db.prepare(std::string("SELECT ") + k_municipality_columns +
                              " FROM municipalities m ORDER BY m.country, m.code");
    if (!query) {
      return tl::unexpected(query.error());
    }
    return collect_rows(*query, [&] { return municipality_from(*query, 0); });
  }

  Result<void> upsert_municipality(const model::Municipality& municipality) override {
    return atomically([&]() -> Result<void> {
      auto upsert =
          m_db.prepare("INSERT INTO municipalities (country, code, name, county, population, municipality_group) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                       "ON CONFLICT (country, code) DO UPDATE SET "
                       "name = excluded.name, county = excluded.county, population = excluded.population, "
                       "municipality_group = excluded.municipality_group "
                       "RETURNING id");
      if (!upsert) {
        return tl::unexpected(upsert.error());
      }
      upsert->bind(1, municipality.ref.country).bind(2, municipality.ref.code).bind(3, municipality.name);
      upsert->bind(4, municipality.county).bind(5, municipality.population).bind(6, municipality.group);
      auto row = upsert->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (!*row) {
        return model::fail(ErrorKind::internal, "store_failed", {{"reason", "upsert returned no id"}});
      }
      auto id = upsert->integer(0);
      if (auto done = upsert->run(); !done) {
        return done;
      }
      return insert_each("INSERT INTO key_figures (municipality_id, key, year, value, unit, source) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                         "ON CONFLICT (municipality_id, key, year) DO UPDATE SET "
                         "value = excluded.value, unit = excluded.unit, source = excluded.source",
                         municipality.key_figures, [&](Statement& figure, const model::KeyFigure& key_figure, int) {
                           figure.bind(1, static_cast<long long>(id)).bind(2, key_figure.key).bind(3, key_figure.year);
                           figure.bind(4, key_figure.value).bind(5, key_figure.unit).bind(6, key_figure.source);
                         });
    });
  }

  // --- evaluations

  Result<bool> evaluation_exists(const std::string& id) override {
    auto query = m_db.prepare("SELECT 1 FROM evaluations WHERE id = ?1");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, id);
    return query->step();
  }

  Result<std::vector<std::string>> find_evaluations(const model::MunicipalityRef& ref, int year,
                                                    const std::string& framework_id) override {
    auto query = m_db.prepare(
        "SELECT e.id FROM evaluations e JOIN municipalities m ON m.id = e.municipality_id "
        "WHERE m.country = ?1 AND m.code = ?2 AND e.year = ?3 "
        "AND (e.framework_id = ?4 OR e.framework_id IN (SELECT framework_id FROM framework_aliases WHERE alias = ?4)) "
        "ORDER BY e.id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, ref.country).bind(2, ref.code).bind(3, year).bind(4, framework_id);
    return collect_rows(*query, [&] { return query->text(0); });
  }

  Result<void> insert_evaluation(const model::Evaluation& evaluation) override {
    auto exists = evaluation_exists(evaluation.id);
    if (!exists) {
      return tl::unexpected(exists.error());
    }
    if (*exists) {
      return model::fail(ErrorKind::conflict, "evaluation_id_taken", {{"id", evaluation.id}});
    }
    auto municipality_id = municipality_id_of(evaluation.municipality.ref);
    if (!municipality_id) {
      return tl::unexpected(municipality_id.error());
    }
    if (!*municipality_id) {
      return model::fail(
          ErrorKind::not_found, "municipality_not_stored",
          {{"country", evaluation.municipality.ref.country}, {"code", evaluation.municipality.ref.code}});
    }
    auto framework = m_db.prepare("SELECT 1 FROM frameworks WHERE id = ?1 AND version = ?2");
    if (!framework) {
      return tl::unexpected(framework.error());
    }
    framework->bind(1, evaluation.framework_id).bind(2, evaluation.framework_version);
    auto framework_found = framework->step();
    if (!framework_found) {
      return tl::unexpected(framework_found.error());
    }
    if (!*framework_found) {
      return model::fail(ErrorKind::not_found, "framework_not_stored",
                         {{"id", evaluation.framework_id}, {"version", evaluation.framework_version}});
    }
    framework->reset();
    return atomically([&]() { return insert_evaluation_rows(evaluation, **municipality_id); });
  }

  Result<std::optional<model::Evaluation>> load_evaluation(const std::string& id) override {
    auto query = m_db.prepare(std::string("SELECT m.id, ") + k_municipality_columns +
                              ", e.year, e.framework_id, e.framework_version, e.language, e.status, e.granularity, "
                              "e.published_total, e.summary, e.note, e.source_url, e.date_document_review, "
                              "e.date_interviews, e.date_report, e.date_feedback, e.baseline_id "
                              "FROM evaluations e JOIN municipalities m ON m.id = e.municipality_id WHERE e.id = ?1");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, id);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return std::optional<model::Evaluation>{};
    }
    model::Evaluation evaluation;
    evaluation.id = id;
    auto municipality_id = query->integer(0);
    evaluation.municipality = municipality_from(*query, 1);
    evaluation.year = static_cast<int>(query->integer(7));
    evaluation.framework_id = query->text(8);
    evaluation.framework_version = query->text(9);
    evaluation.language = query->text(10);
    auto status = model::parse_status(query->text(11));
    if (!status) {
      return tl::unexpected(corrupt("evaluations.status", query->text(11)));
    }
    evaluation.status = *status;
    auto granularity = model::parse_granularity(query->text(12));
    if (!granularity) {
      return tl::unexpected(corrupt("evaluations.granularity", query->text(12)));
    }
    evaluation.granularity = *granularity;
    if (auto total = query->optional_integer(13)) {
      evaluation.published_total = static_cast<int>(*total);
    }
    evaluation.summary = query->text(14);
    evaluation.note = query->text(15);
    evaluation.source_url = query->text(16);
    evaluation.dates = {query->text(17), query->text(18), query->text(19), query->text(20)};
    evaluation.baseline_id = query->text(21);
    query->reset();

    auto figures = key_figures_of(municipality_id);
    if (!figures) {
      return tl::unexpected(figures.error());
    }
    evaluation.municipality.key_figures = std::move(*figures);
    for (auto part :
         {&SqlStore::load_people, &SqlStore::load_narratives, &SqlStore::load_sources, &SqlStore::load_findings}) {
      if (auto loaded = (this->*part)(evaluation); !loaded) {
        return tl::unexpected(loaded.error());
      }
    }
    auto scores = load_scores(id, Scores::all);
    if (!scores) {
      return tl::unexpected(scores.error());
    }
    evaluation.scores = std::move(*scores);
    return evaluation;
  }

  Result<std::vector<model::EvaluationSummary>> list_evaluations(const EvaluationFilter& filter) override {
    // The scores and their source keys take one query each, not one per evaluation, so a listing of thousands
    // costs four queries.
    static const std::string k_from_where =
        std::string(" FROM evaluations e JOIN municipalities m ON m.id = e.municipality_id ") + k_filter_where;
    auto bind_filter = [&](Statement& statement) { bind_evaluation_filter(statement, filter); };
    auto query = m_db.prepare(std::string("SELECT e.id, e.year, e.framework_id, e.framework_version, e.status, "
                                          "e.granularity, e.published_total, ") +
                              k_municipality_columns + k_from_where + " ORDER BY m.name, e.year, e.id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    bind_filter(*query);
    std::vector<model::EvaluationSummary> summaries;
    std::unordered_map<std::string, std::size_t> index_of;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      model::EvaluationSummary summary;
      summary.id = query->text(0);
      summary.year = static_cast<int>(query->integer(1));
      summary.framework_id = query->text(2);
      summary.framework_version = query->text(3);
      auto status = model::parse_status(query->text(4));
      auto granularity = model::parse_granularity(query->text(5));
      if (!status || !granularity) {
        return tl::unexpected(corrupt("evaluations.status/granularity", query->text(4) + "/" + query->text(5)));
      }
      summary.status = *status;
      summary.granularity = *granularity;
      if (auto total = query->optional_integer(6)) {
        summary.published_total = static_cast<int>(*total);
      }
      summary.municipality = municipality_from(*query, 7);
      index_of[summary.id] = summaries.size();
      summaries.push_back(std::move(summary));
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    query->reset();
    if (summaries.empty()) {
      return summaries;
    }
    // When most evaluations are listed (rankings), reading every agreed score in table order and keeping the
    // listed ones is several times cheaper than looking each one up through the evaluation index; for a few
    // evaluations (one municipality) the look-up is.
    auto total = m_db.prepare("SELECT count(*) FROM evaluations");
    if (!total) {
      return tl::unexpected(total.error());
    }
    if (auto row = total->step(); !row) {
      return tl::unexpected(row.error());
    }
    const bool scan = summaries.size() * 2 >= static_cast<std::size_t>(total->integer(0));
    total->reset();
    const std::string chosen = scan ? "" : " AND sc.evaluation_id IN (SELECT e.id" + k_from_where + ")";
    auto scores = m_db.prepare("SELECT sc.evaluation_id, sc.id, sc.target_kind, sc.target_id, sc.points, sc.rationale "
                               "FROM scores sc WHERE sc.evaluator = ''" +
                               chosen + " ORDER BY sc.id");
    if (!scores) {
      return tl::unexpected(scores.error());
    }
    if (!scan) {
      bind_filter(*scores);
    }
    // (score id, summary, index in its scores) in score id order, for attaching the source keys below.
    std::vector<std::tuple<long long, std::size_t, std::size_t>> score_of;
    // An evaluation's scores mostly come together, so its summary is looked up once per run of its rows.
    std::optional<std::string> owner_id;
    std::optional<std::size_t> owner;
    read = for_each_row(*scores, [&]() -> Result<void> {
      if (auto id = scores->text(0); id != owner_id) {
        auto found = index_of.find(id);
        // Not listed (or, outside a transaction, stored after the listing was read).
        owner = found == index_of.end() ? std::nullopt : std::optional(found->second);
        owner_id = std::move(id);
      }
      if (!owner) {
        return {};
      }
      auto target = model::parse_score_target(scores->text(2));
      if (!target) {
        return tl::unexpected(corrupt("scores.target_kind", scores->text(2)));
      }
      auto& list = summaries[*owner].agreed_scores;
      score_of.emplace_back(scores->integer(1), *owner, list.size());
      list.push_back({*target, scores->text(3), "", static_cast<int>(scores->integer(4)), scores->text(5), {}});
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    auto keys = m_db.prepare("SELECT ss.score_id, s.key FROM score_sources ss "
                             "JOIN scores sc ON sc.id = ss.score_id JOIN sources s ON s.id = ss.source_id "
                             "WHERE sc.evaluator = ''" +
                             chosen + " ORDER BY ss.score_id, ss.position");
    if (!keys) {
      return tl::unexpected(keys.error());
    }
    if (!scan) {
      bind_filter(*keys);
    }
    read = for_each_row(*keys, [&]() -> Result<void> {
      auto score_id = keys->integer(0);
      auto score = std::lower_bound(score_of.begin(), score_of.end(), score_id,
                                    [](const auto& entry, long long id) { return std::get<0>(entry) < id; });
      if (score != score_of.end() && std::get<0>(*score) == score_id) {
        summaries[std::get<1>(*score)].agreed_scores[std::get<2>(*score)].source_keys.push_back(keys->text(1));
      }
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    return summaries;
  }

  Result<void> set_status(const std::string& evaluation_id, model::Status status) override {
    return atomically([&]() -> Result<void> {
      auto current = m_db.prepare("SELECT status FROM evaluations WHERE id = ?1");
      if (!current) {
        return tl::unexpected(current.error());
      }
      current->bind(1, evaluation_id);
      auto row = current->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (!*row) {
        return tl::unexpected(evaluation_not_found(evaluation_id));
      }
      std::string old_status = current->text(0);
      current->reset();
      auto update = m_db.prepare("UPDATE evaluations SET status = ?1, updated_at = ?2 WHERE id = ?3");
      if (!update) {
        return tl::unexpected(update.error());
      }
      std::string new_status = model::to_string(status);
      update->bind(1, new_status).bind(2, now_utc()).bind(3, evaluation_id);
      if (auto updated = update->run(); !updated) {
        return updated;
      }
      if (old_status == new_status) {
        return {};
      }
      return audit(evaluation_id, "status", evaluation_id, old_status, new_status);
    });
  }

  // --- evidence, findings, scores

  Result<void> add_source(const std::string& evaluation_id, const model::Source& source) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return found;
    }
    return atomically([&]() -> Result<void> {
      auto id = insert_source(evaluation_id, source);
      if (!id) {
        return tl::unexpected(id.error());
      }
      if (auto touched = touch(evaluation_id); !touched) {
        return touched;
      }
      return audit(evaluation_id, "source", source.key, "",
                   std::string(model::to_string(source.kind)) + ": " + source.title);
    });
  }

  Result<long> add_finding(const std::string& evaluation_id, const model::Finding& finding) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return tl::unexpected(found.error());
    }
    return atomically([&]() -> Result<long> {
      auto next = m_db.prepare("SELECT COALESCE(MAX(position), -1) + 1 FROM findings WHERE evaluation_id = ?1");
      if (!next) {
        return tl::unexpected(next.error());
      }
      next->bind(1, evaluation_id);
      auto row = next->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      auto position = next->integer(0);
      next->reset();
      auto id = insert_finding(evaluation_id, static_cast<int>(position), finding);
      if (!id) {
        return id;
      }
      if (auto touched = touch(evaluation_id); !touched) {
        return tl::unexpected(touched.error());
      }
      if (auto audited = audit(evaluation_id, "finding", std::to_string(*id), "", finding_value(finding)); !audited) {
        return tl::unexpected(audited.error());
      }
      return id;
    });
  }

  Result<void> put_score(const std::string& evaluation_id, const model::Score& score) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return found;
    }
    return atomically([&]() -> Result<void> {
      auto stored = put_score_audited(evaluation_id, score, std::nullopt);
      if (!stored) {
        return tl::unexpected(stored.error());
      }
      return {};
    });
  }

  Result<int> put_score_versioned(const std::string& evaluation_id, const model::Score& score,
                                  int expected_version) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return tl::unexpected(found.error());
    }
    return atomically([&]() { return put_score_audited(evaluation_id, score, expected_version); });
  }

  Result<std::vector<ScoreVersion>> score_versions(const std::string& evaluation_id) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return tl::unexpected(found.error());
    }
    auto query = m_db.prepare(
        "SELECT target_kind, target_id, evaluator, version FROM scores WHERE evaluation_id = ?1 ORDER BY id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation_id);
    auto versions = collect_rows(*query, [&]() -> Result<ScoreVersion> {
      auto target = model::parse_score_target(query->text(0));
      if (!target) {
        return tl::unexpected(corrupt("scores.target_kind", query->text(0)));
      }
      return ScoreVersion{*target, query->text(1), query->text(2), static_cast<int>(query->integer(3))};
    });
    if (!versions) {
      return versions;
    }
    // Target order: questions, areas, the total (as the enum), ids part by part as numbers ("1.2.10" after
    // "1.2.9"), the agreed score before the evaluators' own; SQL cannot order ids that way.
    std::sort(versions->begin(), versions->end(), [](const ScoreVersion& a, const ScoreVersion& b) {
      if (a.target != b.target) {
        return a.target < b.target;
      }
      if (a.target_id != b.target_id) {
        return model::version_less(a.target_id, b.target_id);
      }
      return a.evaluator < b.evaluator;
    });
    return versions;
  }

  Result<void> update_finding(const std::string& evaluation_id, const model::Finding& finding) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return found;
    }
    return atomically([&]() -> Result<void> {
      auto current = m_db.prepare("SELECT kind, text FROM findings WHERE id = ?1 AND evaluation_id = ?2");
      if (!current) {
        return tl::unexpected(current.error());
      }
      current->bind(1, finding.id).bind(2, evaluation_id);
      auto row = current->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (!*row) {
        return model::fail(ErrorKind::not_found, "unknown_finding",
                           {{"id", std::to_string(finding.id)}, {"evaluation", evaluation_id}}, "id");
      }
      std::string old_value = current->text(0) + ": " + current->text(1);
      current->reset();
      // Resolving first means an unknown key changes nothing, even before the savepoint is rolled back.
      auto source_ids = resolve_source_keys(evaluation_id, finding.source_keys);
      if (!source_ids) {
        return tl::unexpected(source_ids.error());
      }
      // The row is updated in place, so the finding keeps its id and position.
      auto update = m_db.prepare("UPDATE findings SET area = ?1, sub_area = ?2, kind = ?3, text = ?4 WHERE id = ?5");
      if (!update) {
        return tl::unexpected(update.error());
      }
      update->bind(1, finding.area).bind(2, finding.sub_area).bind(3, model::to_string(finding.kind));
      update->bind(4, finding.text).bind(5, finding.id);
      if (auto updated = update->run(); !updated) {
        return updated;
      }
      for (const char* sql : {"DELETE FROM finding_sources WHERE finding_id = ?1",
                              "DELETE FROM finding_examples WHERE finding_id = ?1"}) {
        auto unlink = m_db.prepare(sql);
        if (!unlink) {
          return tl::unexpected(unlink.error());
        }
        unlink->bind(1, finding.id);
        if (auto removed = unlink->run(); !removed) {
          return removed;
        }
      }
      if (auto linked = link_finding(finding.id, *source_ids, finding); !linked) {
        return linked;
      }
      if (auto touched = touch(evaluation_id); !touched) {
        return touched;
      }
      return audit(evaluation_id, "finding", std::to_string(finding.id), old_value, finding_value(finding));
    });
  }

  // --- blind double scoring

  Result<void> add_blind_scorer(const std::string& evaluation_id, const std::string& evaluator) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return found;
    }
    return atomically([&]() -> Result<void> {
      auto insert = m_db.prepare("INSERT INTO blind_scorers (evaluation_id, evaluator, added_at) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (evaluation_id, evaluator) DO NOTHING");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, evaluation_id).bind(2, evaluator).bind(3, now_utc());
      if (auto inserted = insert->run(); !inserted) {
        return inserted;
      }
      if (m_db.changes() == 0) {
        return {};
      }
      if (auto touched = touch(evaluation_id); !touched) {
        return touched;
      }
      return audit(evaluation_id, "blind_scorer", evaluator, "", "scoring");
    });
  }

  Result<std::vector<BlindScorer>> blind_scorers(const std::string& evaluation_id) override {
    auto query =
        m_db.prepare("SELECT evaluator, done_at FROM blind_scorers WHERE evaluation_id = ?1 ORDER BY evaluator");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation_id);
    return collect_rows(*query, [&] { return BlindScorer{query->text(0), query->text(1)}; });
  }

  Result<void> mark_scoring_done(const std::string& evaluation_id, const std::string& evaluator) override {
    return atomically([&]() -> Result<void> {
      auto scorers = blind_scorers(evaluation_id);
      if (!scorers) {
        return tl::unexpected(scorers.error());
      }
      auto scorer = std::find_if(scorers->begin(), scorers->end(),
                                 [&](const BlindScorer& each) { return each.evaluator == evaluator; });
      if (scorer == scorers->end()) {
        return model::fail(ErrorKind::not_found, "unknown_blind_scorer",
                           {{"evaluator", evaluator}, {"evaluation", evaluation_id}}, "evaluator");
      }
      if (!scorer->done_at.empty()) {
        return {};
      }
      auto update = m_db.prepare("UPDATE blind_scorers SET done_at = ?1 WHERE evaluation_id = ?2 AND evaluator = ?3");
      if (!update) {
        return tl::unexpected(update.error());
      }
      update->bind(1, now_utc()).bind(2, evaluation_id).bind(3, evaluator);
      if (auto updated = update->run(); !updated) {
        return updated;
      }
      if (auto touched = touch(evaluation_id); !touched) {
        return touched;
      }
      return audit(evaluation_id, "blind_scorer", evaluator, "scoring", "done");
    });
  }

  Result<std::vector<std::string>> evaluations_with_own_scores() override {
    // An own score is one with an evaluator: every evaluator but the agreed score's empty one.
    return text_column(m_db, "SELECT DISTINCT evaluation_id FROM scores WHERE evaluator <> ?1 ORDER BY evaluation_id",
                       "");
  }

  // --- action plans

  Result<long> insert_action(const model::Action& action) override {
    if (auto found = require_evaluation(action.evaluation_id); !found) {
      return tl::unexpected(found.error());
    }
    return atomically([&]() -> Result<long> {
      auto now = now_utc();
      auto insert = m_db.prepare("INSERT INTO actions (evaluation_id, area, title, description, owner, start_date, "
                                 "due_date, status, expected_effect, created_at, updated_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      bind_action(*insert, action);
      insert->bind(1, action.evaluation_id).bind(10, now);
      auto id = returned_id(*insert);
      if (!id) {
        return tl::unexpected(id.error());
      }
      if (auto linked = link_action_findings(*id, action.finding_ids); !linked) {
        return tl::unexpected(linked.error());
      }
      for (const auto& note : action.notes) {
        if (auto added = insert_action_note(*id, note); !added) {
          return tl::unexpected(added.error());
        }
      }
      if (auto touched = touch(action.evaluation_id); !touched) {
        return tl::unexpected(touched.error());
      }
      if (auto audited = audit(action.evaluation_id, "action", std::to_string(*id), "", action_value(action));
          !audited) {
        return tl::unexpected(audited.error());
      }
      return static_cast<long>(*id);
    });
  }

  Result<std::optional<model::Action>> find_action(long id) override {
    auto actions = load_actions("a.id = ?1", std::to_string(id));
    if (!actions) {
      return tl::unexpected(actions.error());
    }
    if (actions->empty()) {
      return std::optional<model::Action>{};
    }
    return std::optional<model::Action>{std::move(actions->front())};
  }

  Result<std::vector<model::Action>> list_actions(const std::string& evaluation_id) override {
    return load_actions("a.evaluation_id = ?1", evaluation_id);
  }

  Result<void> update_action(const model::Action& action) override {
    return atomically([&]() -> Result<void> {
      auto stored = find_action(action.id);
      if (!stored) {
        return tl::unexpected(stored.error());
      }
      if (!*stored) {
        return unknown_action(action.id);
      }
      auto update = m_db.prepare("UPDATE actions SET area = ?2, title = ?3, description = ?4, owner = ?5, "
                                 "start_date = ?6, due_date = ?7, status = ?8, expected_effect = ?9, updated_at = ?10 "
                                 "WHERE id = ?1");
      if (!update) {
        return tl::unexpected(update.error());
      }
      bind_action(*update, action);
      update->bind(1, static_cast<long long>(action.id)).bind(10, now_utc());
      if (auto updated = update->run(); !updated) {
        return updated;
      }
      auto unlink = m_db.prepare("DELETE FROM action_findings WHERE action_id = ?1");
      if (!unlink) {
        return tl::unexpected(unlink.error());
      }
      unlink->bind(1, static_cast<long long>(action.id));
      if (auto removed = unlink->run(); !removed) {
        return removed;
      }
      if (auto linked = link_action_findings(action.id, action.finding_ids); !linked) {
        return linked;
      }
      const auto& evaluation_id = (*stored)->evaluation_id;
      if (auto touched = touch(evaluation_id); !touched) {
        return touched;
      }
      auto old_value = action_value(**stored);
      auto new_value = action_value(action);
      if (old_value == new_value) {
        return {};
      }
      return audit(evaluation_id, "action", std::to_string(action.id), old_value, new_value);
    });
  }

  Result<void> add_action_note(long action_id, const model::ProgressNote& note) override {
    return atomically([&]() -> Result<void> {
      auto stored = find_action(action_id);
      if (!stored) {
        return tl::unexpected(stored.error());
      }
      if (!*stored) {
        return unknown_action(action_id);
      }
      if (auto added = insert_action_note(action_id, note); !added) {
        return added;
      }
      if (auto touched = touch((*stored)->evaluation_id); !touched) {
        return touched;
      }
      return audit((*stored)->evaluation_id, "action_note", std::to_string(action_id), "", note.date + " " + note.text);
    });
  }

  // --- accounts and sessions

  Result<long> insert_user(const model::User& user, const std::string& password_hash) override {
    return atomically([&]() -> Result<long> {
      auto taken = m_db.prepare("SELECT 1 FROM users WHERE username = ?1");
      if (!taken) {
        return tl::unexpected(taken.error());
      }
      taken->bind(1, user.username);
      auto row = taken->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (*row) {
        return model::fail(ErrorKind::conflict, "user_exists", {{"username", user.username}}, "username");
      }
      taken->reset();
      auto insert = m_db.prepare("INSERT INTO users (username, display_name, role, municipality_country, "
                                 "municipality_code, state, password_hash, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, user.username).bind(2, user.display_name).bind(3, model::role_name(user.role));
      bind_municipality(*insert, 4, user.municipality);
      insert->bind(6, state_name(user.state)).bind(7, password_hash);
      insert->bind(8, user.created_at.empty() ? now_utc() : user.created_at);
      auto id = returned_id(*insert);
      if (!id) {
        return tl::unexpected(id.error());
      }
      return static_cast<long>(*id);
    });
  }

  Result<std::optional<StoredUser>> find_user(const std::string& username) override {
    auto query =
        m_db.prepare(std::string("SELECT ") + k_user_columns + ", password_hash FROM users WHERE username = ?1");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, username);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return std::optional<StoredUser>{};
    }
    auto user = user_from(*query);
    if (!user) {
      return tl::unexpected(user.error());
    }
    StoredUser stored{std::move(*user), query->text(8)};
    query->reset();
    return std::optional<StoredUser>(std::move(stored));
  }

  Result<std::optional<model::User>> find_user_by_id(long id) override {
    auto query = m_db.prepare(std::string("SELECT ") + k_user_columns + " FROM users WHERE id = ?1");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, id);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return std::optional<model::User>{};
    }
    auto user = user_from(*query);
    query->reset();
    if (!user) {
      return tl::unexpected(user.error());
    }
    return std::optional<model::User>(std::move(*user));
  }

  Result<std::vector<model::User>> list_users() override {
    auto query = m_db.prepare(std::string("SELECT ") + k_user_columns + " FROM users ORDER BY username");
    if (!query) {
      return tl::unexpected(query.error());
    }
    return collect_rows(*query, [&] { return user_from(*query); });
  }

  Result<void> update_user(const model::User& user) override {
    auto update = m_db.prepare("UPDATE users SET display_name = ?1, role = ?2, municipality_country = ?3, "
                               "municipality_code = ?4, state = ?5 WHERE username = ?6");
    if (!update) {
      return tl::unexpected(update.error());
    }
    update->bind(1, user.display_name).bind(2, model::role_name(user.role));
    bind_municipality(*update, 3, user.municipality);
    update->bind(5, state_name(user.state)).bind(6, user.username);
    if (auto updated = update->run(); !updated) {
      return updated;
    }
    if (m_db.changes() == 0) {
      return unknown_user(user.username);
    }
    return {};
  }

  Result<void> set_password_hash(const std::string& username, const std::string& password_hash) override {
    auto update = m_db.prepare("UPDATE users SET password_hash = ?1 WHERE username = ?2");
    if (!update) {
      return tl::unexpected(update.error());
    }
    update->bind(1, password_hash).bind(2, username);
    if (auto updated = update->run(); !updated) {
      return updated;
    }
    if (m_db.changes() == 0) {
      return unknown_user(username);
    }
    return {};
  }

  Result<void> insert_session(const Session& session) override {
    return atomically([&]() -> Result<void> {
      auto now = now_utc();
      // Sessions that are over are never found again; a sign-in is a write anyway, so it clears them away.
      auto purge = m_db.prepare("DELETE FROM sessions WHERE expires_at <= ?1");
      if (!purge) {
        return tl::unexpected(purge.error());
      }
      purge->bind(1, now);
      if (auto purged = purge->run(); !purged) {
        return purged;
      }
      auto insert = m_db.prepare("INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, session.token_hash).bind(2, session.user_id).bind(3, session.csrf_token);
      insert->bind(4, session.expires_at).bind(5, now);
      return insert->run();
    });
  }

  Result<std::optional<Session>> find_session(const std::string& token_hash) override {
    // Only reads, so it works in a read transaction; expired rows are removed by insert_session.
    auto query = m_db.prepare("SELECT token_hash, user_id, csrf_token, expires_at FROM sessions "
                              "WHERE token_hash = ?1 AND expires_at > ?2");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, token_hash).bind(2, now_utc());
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return std::optional<Session>{};
    }
    Session session{query->text(0), static_cast<long>(query->integer(1)), query->text(2), query->text(3)};
    query->reset();
    return std::optional<Session>(std::move(session));
  }

  Result<void> delete_session(const std::string& token_hash) override {
    auto remove = m_db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
    if (!remove) {
      return tl::unexpected(remove.error());
    }
    remove->bind(1, token_hash);
    return remove->run();
  }

  Result<void> delete_sessions_of(long user_id) override {
    auto remove = m_db.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!remove) {
      return tl::unexpected(remove.error());
    }
    remove->bind(1, user_id);
    return remove->run();
  }

  // --- who may see and edit an evaluation

  Result<EvaluationAccess> evaluation_access(const std::string& evaluation_id) override {
    auto query = m_db.prepare("SELECT e.status, e.shared, m.country, m.code FROM evaluations e "
                              "JOIN municipalities m ON m.id = e.municipality_id WHERE e.id = ?1");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation_id);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return model::fail(ErrorKind::not_found, "unknown_evaluation", {{"id", evaluation_id}}, "id");
    }
    EvaluationAccess access;
    access.evaluation_id = evaluation_id;
    auto status = model::parse_status(query->text(0));
    if (!status) {
      return tl::unexpected(corrupt("evaluations.status", query->text(0)));
    }
    access.status = *status;
    access.sharing = query->integer(1) != 0 ? Sharing::shared : Sharing::not_shared;
    access.municipality = {query->text(2), query->text(3)};
    query->reset();
    auto assigned = text_column(m_db,
                                "SELECT u.username FROM assignments a JOIN users u ON u.id = a.user_id "
                                "WHERE a.evaluation_id = ?1 ORDER BY u.username",
                                evaluation_id);
    if (!assigned) {
      return tl::unexpected(assigned.error());
    }
    access.assigned = std::move(*assigned);
    return access;
  }

  Result<void> set_sharing(const std::string& evaluation_id, Sharing sharing) override {
    return atomically([&]() -> Result<void> {
      auto current = m_db.prepare("SELECT shared FROM evaluations WHERE id = ?1");
      if (!current) {
        return tl::unexpected(current.error());
      }
      current->bind(1, evaluation_id);
      auto row = current->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (!*row) {
        return tl::unexpected(evaluation_not_found(evaluation_id));
      }
      auto old_sharing = current->integer(0) != 0 ? Sharing::shared : Sharing::not_shared;
      current->reset();
      if (old_sharing == sharing) {
        return {};
      }
      // Not a change of content, so updated_at stays.
      auto update = m_db.prepare("UPDATE evaluations SET shared = ?1 WHERE id = ?2");
      if (!update) {
        return tl::unexpected(update.error());
      }
      update->bind(1, sharing == Sharing::shared ? 1 : 0).bind(2, evaluation_id);
      if (auto updated = update->run(); !updated) {
        return updated;
      }
      return audit(evaluation_id, "sharing", evaluation_id, sharing_name(old_sharing), sharing_name(sharing));
    });
  }

  Result<void> assign(const std::string& evaluation_id, const std::string& username) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return found;
    }
    return atomically([&]() -> Result<void> {
      auto user_id = user_id_of(username);
      if (!user_id) {
        return tl::unexpected(user_id.error());
      }
      auto insert = m_db.prepare("INSERT INTO assignments (evaluation_id, user_id, assigned_at) VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (evaluation_id, user_id) DO NOTHING");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, evaluation_id).bind(2, *user_id).bind(3, now_utc());
      if (auto inserted = insert->run(); !inserted) {
        return inserted;
      }
      if (m_db.changes() == 0) {
        return {}; // already assigned
      }
      return audit(evaluation_id, "assignment", username, "", "assigned");
    });
  }

  Result<void> unassign(const std::string& evaluation_id, const std::string& username) override {
    if (auto found = require_evaluation(evaluation_id); !found) {
      return found;
    }
    return atomically([&]() -> Result<void> {
      auto user_id = user_id_of(username);
      if (!user_id) {
        return tl::unexpected(user_id.error());
      }
      auto remove = m_db.prepare("DELETE FROM assignments WHERE evaluation_id = ?1 AND user_id = ?2");
      if (!remove) {
        return tl::unexpected(remove.error());
      }
      remove->bind(1, evaluation_id).bind(2, *user_id);
      if (auto removed = remove->run(); !removed) {
        return removed;
      }
      if (m_db.changes() == 0) {
        return {}; // was not assigned
      }
      return audit(evaluation_id, "assignment", username, "assigned", "");
    });
  }

  Result<std::vector<std::string>> assigned_evaluations(const std::string& username) override {
    return text_column(m_db,
                       "SELECT a.evaluation_id FROM assignments a JOIN users u ON u.id = a.user_id "
                       "WHERE u.username = ?1 ORDER BY a.evaluation_id",
                       username);
  }

  // --- audit log

  void set_actor(const std::string& actor) override { m_actor = actor; }

  Result<std::vector<model::AuditEntry>> list_audit(const std::string& evaluation_id) override {
    auto query = m_db.prepare("SELECT id, evaluation_id, recorded_at, actor, entity, key, old_value, new_value "
                              "FROM audit_log WHERE evaluation_id = ?1 ORDER BY id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation_id);
    return collect_rows(*query, [&] {
      return model::AuditEntry{static_cast<long>(query->integer(0)),
                               query->text(1),
                               query->text(2),
                               query->text(3),
                               query->text(4),
                               query->text(5),
                               query->text(6),
                               query->text(7)};
    });
  }

  // --- published averages

  Result<long> insert_published_average(const model::PublishedAverage& average) override {
    return atomically([&]() -> Result<long> {
      auto insert =
          m_db.prepare("INSERT INTO published_averages (country, framework_id, scope, as_of, total, source_url, note) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, average.country).bind(2, average.framework_id).bind(3, average.scope).bind(4, average.as_of);
      insert->bind(5, average.total).bind(6, average.source_url).bind(7, average.note);
      auto id = returned_id(*insert);
      if (!id) {
        return tl::unexpected(id.error());
      }
      auto areas = insert_each("INSERT INTO published_average_areas (average_id, area, value) VALUES (?1, ?2, ?3)",
                               average.areas, [&](Statement& area, const std::optional<double>& value, int position) {
                                 area.bind(1, *id).bind(2, position + 1).bind(3, value);
                               });
      if (!areas) {
        return tl::unexpected(areas.error());
      }
      return static_cast<long>(*id);
    });
  }

  Result<std::vector<model::PublishedAverage>> list_published_averages() override {
    auto query = m_db.prepare(
        "SELECT id, country, framework_id, scope, as_of, total, source_url, note FROM published_averages ORDER BY id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    std::vector<model::PublishedAverage> averages;
    std::map<long, std::size_t> index_of;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      model::PublishedAverage average;
      average.id = static_cast<long>(query->integer(0));
      average.country = query->text(1);
      average.framework_id = query->text(2);
      average.scope = query->text(3);
      average.as_of = query->text(4);
      average.total = query->optional_real(5);
      average.source_url = query->text(6);
      average.note = query->text(7);
      index_of[average.id] = averages.size();
      averages.push_back(std::move(average));
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    auto areas = m_db.prepare("SELECT average_id, area, value FROM published_average_areas ORDER BY average_id, area");
    if (!areas) {
      return tl::unexpected(areas.error());
    }
    read = for_each_row(*areas, [&]() -> Result<void> {
      auto owner = index_of.find(static_cast<long>(areas->integer(0)));
      auto area = areas->integer(1);
      if (owner == index_of.end() || area < 1) {
        return tl::unexpected(corrupt("published_average_areas.area", std::to_string(area)));
      }
      auto& values = averages[owner->second].areas;
      if (values.size() < static_cast<std::size_t>(area)) {
        values.resize(static_cast<std::size_t>(area));
      }
      values[static_cast<std::size_t>(area - 1)] = areas->optional_real(2);
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    return averages;
  }

  // --- change log

  Result<std::vector<Change>> changes_since(long sequence) override {
    auto query = m_db.prepare("SELECT sequence, evaluation_id FROM changes WHERE sequence > ?1 ORDER BY sequence");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, sequence);
    return collect_rows(*query, [&] { return Change{static_cast<long>(query->integer(0)), query->text(1)}; });
  }

  Result<long> last_change() override {
    auto query = m_db.prepare("SELECT COALESCE(MAX(sequence), 0) FROM changes");
    if (!query) {
      return tl::unexpected(query.error());
    }
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    return static_cast<long>(query->integer(0));
  }

  Result<void> scan_evaluation_texts(const std::function<Result<void>(EvaluationTexts&)>& visit) override {
    // Three cursors ordered by evaluation id are merged, so the whole store is read in three queries
    // instead of several per evaluation.
    auto evaluations = m_db.prepare(
        std::string("SELECT e.id, e.year, e.framework_id, e.framework_version, e.status, e.granularity, "
                    "e.published_total, e.language, ") +
        k_municipality_columns + " FROM evaluations e JOIN municipalities m ON m.id = e.municipality_id ORDER BY e.id");
    auto scores = m_db.prepare("SELECT evaluation_id, target_kind, target_id, points, rationale FROM scores "
                               "WHERE evaluator = '' ORDER BY evaluation_id, id");
    auto findings = m_db.prepare(
        "SELECT f.evaluation_id, f.id, f.area, f.sub_area, f.kind, f.text, fe.name, fe.country, fe.code, fe.reason "
        "FROM findings f LEFT JOIN finding_examples fe ON fe.finding_id = f.id "
        "ORDER BY f.evaluation_id, f.position, fe.position");
    if (!evaluations || !scores || !findings) {
      return tl::unexpected(!evaluations ? evaluations.error() : !scores ? scores.error() : findings.error());
    }
    auto score_row = scores->step();
    auto finding_row = findings->step();
    return for_each_row(*evaluations, [&]() -> Result<void> {
      EvaluationTexts texts;
      auto& summary = texts.summary;
      summary.id = evaluations->text(0);
      summary.year = static_cast<int>(evaluations->integer(1));
      summary.framework_id = evaluations->text(2);
      summary.framework_version = evaluations->text(3);
      auto status = model::parse_status(evaluations->text(4));
      auto granularity = model::parse_granularity(evaluations->text(5));
      if (!status || !granularity) {
        return tl::unexpected(
            corrupt("evaluations.status/granularity", evaluations->text(4) + "/" + evaluations->text(5)));
      }
      summary.status = *status;
      summary.granularity = *granularity;
      if (auto total = evaluations->optional_integer(6)) {
        summary.published_total = static_cast<int>(*total);
      }
      texts.language = evaluations->text(7);
      summary.municipality = municipality_from(*evaluations, 8);

      // Rows of evaluations that sort before this one cannot exist (foreign keys); skipping them keeps the
      // merge going even so.
      for (; score_row && *score_row && scores->text(0) <= summary.id; score_row = scores->step()) {
        if (scores->text(0) != summary.id) {
          continue;
        }
        auto target = model::parse_score_target(scores->text(1));
        if (!target) {
          return tl::unexpected(corrupt("scores.target_kind", scores->text(1)));
        }
        summary.agreed_scores.push_back(
            {*target, scores->text(2), "", static_cast<int>(scores->integer(3)), scores->text(4), {}});
      }
      if (!score_row) {
        return tl::unexpected(score_row.error());
      }
      for (; finding_row && *finding_row && findings->text(0) <= summary.id; finding_row = findings->step()) {
        if (findings->text(0) != summary.id) {
          continue;
        }
        auto id = static_cast<long>(findings->integer(1));
        if (texts.findings.empty() || texts.findings.back().id != id) {
          model::Finding finding;
          finding.id = id;
          finding.area = static_cast<int>(findings->integer(2));
          finding.sub_area = findings->text(3);
          auto kind = model::parse_finding_kind(findings->text(4));
          if (!kind) {
            return tl::unexpected(corrupt("findings.kind", findings->text(4)));
          }
          finding.kind = *kind;
          finding.text = findings->text(5);
          texts.findings.push_back(std::move(finding));
        }
        if (!findings->is_null(6)) {
          texts.findings.back().examples.push_back(
              {findings->text(6), findings->text(7), findings->text(8), findings->text(9)});
        }
      }
      if (!finding_row) {
        return tl::unexpected(finding_row.error());
      }
      return visit(texts);
    });
  }

  // --- derived points

  Result<void> put_points(const std::vector<EvaluationPoints>& points) override {
    // Many rows per statement: a first fill writes thousands, and PostgreSQL takes one round trip per statement.
    constexpr std::size_t k_rows = 200;
    for (std::size_t first = 0; first < points.size(); first += k_rows) {
      auto count = std::min(k_rows, points.size() - first);
      std::string sql = "INSERT INTO evaluation_points (evaluation_id, total, areas) VALUES ";
      for (std::size_t i = 0; i < count; ++i) {
        auto n = static_cast<int>(3 * i);
        sql += (i > 0 ? ", (?" : "(?") + std::to_string(n + 1) + ", ?" + std::to_string(n + 2) + ", ?" +
               std::to_string(n + 3) + ")";
      }
      sql += " ON CONFLICT (evaluation_id) DO UPDATE SET total = excluded.total, areas = excluded.areas";
      auto upsert = m_db.prepare(sql);
      if (!upsert) {
        return tl::unexpected(upsert.error());
      }
      for (std::size_t i = 0; i < count; ++i) {
        const auto& row = points[first + i];
        auto n = static_cast<int>(3 * i);
        upsert->bind(n + 1, row.evaluation_id).bind(n + 2, row.total).bind(n + 3, encode_area_points(row.areas));
      }
      if (auto stored = upsert->run(); !stored) {
        return stored;
      }
    }
    return {};
  }

  Result<void> delete_points(const std::string& evaluation_id) override {
    auto remove = m_db.prepare("DELETE FROM evaluation_points WHERE evaluation_id = ?1");
    if (!remove) {
      return tl::unexpected(remove.error());
    }
    remove->bind(1, evaluation_id);
    return remove->run();
  }

  Result<void> clear_points() override {
    auto remove = m_db.prepare("DELETE FROM evaluation_points");
    if (!remove) {
      return tl::unexpected(remove.error());
    }
    return remove->run();
  }

  Result<long> points_applied_change() override {
    auto query = m_db.prepare("SELECT COALESCE(MAX(applied_change), 0) FROM derived_points_state");
    if (!query) {
      return tl::unexpected(query.error());
    }
    if (auto row = query->step(); !row) {
      return tl::unexpected(row.error());
    }
    return static_cast<long>(query->integer(0));
  }

  Result<void> set_points_applied_change(long sequence) override {
    auto upsert = m_db.prepare("INSERT INTO derived_points_state (id, applied_change) VALUES (1, ?1) "
                               "ON CONFLICT (id) DO UPDATE SET applied_change = excluded.applied_change");
    if (!upsert) {
      return tl::unexpected(upsert.error());
    }
    upsert->bind(1, sequence);
    return upsert->run();
  }

  Result<std::vector<RankingEntry>> list_ranking_entries(const EvaluationFilter& filter) override {
    auto query = m_db.prepare(std::string("SELECT e.id, m.country, m.code, m.name, e.year, e.framework_id, "
                                          "e.framework_version, p.evaluation_id, p.total, p.areas "
                                          "FROM evaluations e JOIN municipalities m ON m.id = e.municipality_id "
                                          "LEFT JOIN evaluation_points p ON p.evaluation_id = e.id ") +
                              k_filter_where + " ORDER BY m.name, e.year, e.id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    bind_evaluation_filter(*query, filter);
    return collect_rows(*query, [&]() -> Result<RankingEntry> {
      RankingEntry entry;
      entry.evaluation_id = query->text(0);
      entry.municipality = {query->text(1), query->text(2)};
      entry.name = query->text(3);
      entry.year = static_cast<int>(query->integer(4));
      entry.framework_id = query->text(5);
      entry.framework_version = query->text(6);
      if (!query->is_null(7)) {
        auto areas = decode_area_points(query->text(9));
        if (!areas) {
          return tl::unexpected(corrupt("evaluation_points.areas", query->text(9)));
        }
        EvaluationPoints points;
        points.evaluation_id = entry.evaluation_id;
        if (auto total = query->optional_integer(8)) {
          points.total = static_cast<int>(*total);
        }
        points.areas = std::move(*areas);
        entry.points = std::move(points);
      }
      return entry;
    });
  }

private:
  // Runs `work` inside a savepoint, so that a method that writes several rows stores all or none of them
  // whether or not the caller has begun a transaction.
  template <typename F>
  auto atomically(F&& work) -> decltype(work()) {
    // Outside a transaction the method writes in one of its own, taking the write lock like any writer (PostgreSQL
    // has no savepoint outside a transaction, and SQLite's would be a deferred one).
    if (!m_db.in_transaction()) {
      if (auto begun = m_db.begin_write(); !begun) {
        return tl::unexpected(begun.error());
      }
      auto result = [&] {
        try {
          return work();
        } catch (...) {
          (void)m_db.rollback();
          throw;
        }
      }();
      if (result) {
        if (auto committed = m_db.commit(); committed) {
          return result;
        } else {
          result = tl::unexpected(committed.error());
        }
      }
      (void)m_db.rollback();
      return result;
    }
    if (auto begun = m_db.execute("SAVEPOINT kompass_write"); !begun) {
      return tl::unexpected(begun.error());
    }
    auto result = work();
    if (result) {
      if (auto released = m_db.execute("RELEASE kompass_write"); released) {
        return result;
      } else {
        result = tl::unexpected(released.error());
      }
    }
    // Rolling back to the savepoint also clears the aborted state a failed statement leaves a PostgreSQL
    // transaction in; either may fail when SQLite has already rolled the whole transaction back (nothing is left to
    // undo then).
    (void)m_db.execute("ROLLBACK TO kompass_write");
    (void)m_db.execute("RELEASE kompass_write");
    return result;
  }

  // The id in the single row an INSERT ... RETURNING id yields.
  static Result<long long> returned_id(Statement& insert) {
    auto row = insert.step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return model::fail(ErrorKind::internal, "store_failed", {{"reason", "insert returned no id"}});
    }
    auto id = static_cast<long long>(insert.integer(0));
    if (auto done = insert.run(); !done) {
      return tl::unexpected(done.error());
    }
    return id;
  }

  // Binds an action's columns ?2..?9 (area to expected effect), shared by insert and update.
  static void bind_action(Statement& statement, const model::Action& action) {
    statement.bind(2, action.area).bind(3, action.title).bind(4, action.description).bind(5, action.owner);
    statement.bind(6, action.start_date).bind(7, action.due_date).bind(8, model::to_string(action.status));
    statement.bind(9, action.expected_effect);
  }

  Result<void> link_action_findings(long long action_id, const std::vector<long>& finding_ids) {
    auto insert = m_db.prepare("INSERT INTO action_findings (action_id, finding_id, position) VALUES (?1, ?2, ?3) "
                               "ON CONFLICT (action_id, finding_id) DO NOTHING");
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    int position = 0;
    for (auto finding_id : finding_ids) {
      insert->bind(1, action_id).bind(2, static_cast<long long>(finding_id)).bind(3, position++);
      if (auto inserted = insert->run(); !inserted) {
        return inserted;
      }
    }
    return {};
  }

  Result<void> insert_action_note(long long action_id, const model::ProgressNote& note) {
    auto insert = m_db.prepare("INSERT INTO action_notes (action_id, noted_on, text, author) VALUES (?1, ?2, ?3, ?4)");
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    insert->bind(1, action_id).bind(2, note.date).bind(3, note.text).bind(4, note.author);
    return insert->run();
  }

  // The actions matching `where` (over actions a, with one text parameter ?1), with links and notes.
  Result<std::vector<model::Action>> load_actions(const char* where, const std::string& parameter) {
    auto query =
        m_db.prepare(std::string("SELECT a.id, a.evaluation_id, a.area, a.title, a.description, a.owner, "
                                 "a.start_date, a.due_date, a.status, a.expected_effect FROM actions a WHERE ") +
                     where + " ORDER BY a.id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, parameter);
    std::vector<model::Action> actions;
    std::map<long long, std::size_t> index_of;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      auto status = model::parse_action_status(query->text(8));
      if (!status) {
        return tl::unexpected(corrupt("actions.status", query->text(8)));
      }
      model::Action action;
      action.id = static_cast<long>(query->integer(0));
      action.evaluation_id = query->text(1);
      action.area = static_cast<int>(query->integer(2));
      action.title = query->text(3);
      action.description = query->text(4);
      action.owner = query->text(5);
      action.start_date = query->text(6);
      action.due_date = query->text(7);
      action.status = *status;
      action.expected_effect = query->text(9);
      index_of[action.id] = actions.size();
      actions.push_back(std::move(action));
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    // Links and notes: each a query over the same actions, its rows in action order, each row added to its action.
    auto attach = [&](const char* select, const char* order,
                      const std::function<void(Statement&, model::Action&)>& add) -> Result<void> {
      auto rows = m_db.prepare(std::string(select) + " JOIN actions a ON a.id = x.action_id WHERE " + where +
                               " ORDER BY " + order);
      if (!rows) {
        return tl::unexpected(rows.error());
      }
      rows->bind(1, parameter);
      return for_each_row(*rows, [&]() -> Result<void> {
        add(*rows, actions[index_of.at(rows->integer(0))]);
        return {};
      });
    };
    if (auto linked = attach("SELECT x.action_id, x.finding_id FROM action_findings x", "x.action_id, x.position",
                             [](Statement& row, model::Action& action) {
                               action.finding_ids.push_back(static_cast<long>(row.integer(1)));
                             });
        !linked) {
      return tl::unexpected(linked.error());
    }
    if (auto noted = attach("SELECT x.action_id, x.noted_on, x.text, x.author FROM action_notes x", "x.action_id, x.id",
                            [](Statement& row, model::Action& action) {
                              action.notes.push_back({row.text(1), row.text(2), row.text(3)});
                            });
        !noted) {
      return tl::unexpected(noted.error());
    }
    return actions;
  }

  // Records one change to an evaluation in the audit log, with the actor named by set_actor.
  Result<void> audit(const std::string& evaluation_id, const char* entity, const std::string& key,
                     const std::string& old_value, const std::string& new_value) {
    auto insert = m_db.prepare("INSERT INTO audit_log (evaluation_id, recorded_at, actor, entity, key, old_value, "
                               "new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    insert->bind(1, evaluation_id).bind(2, now_utc()).bind(3, m_actor.empty() ? "unknown" : m_actor);
    insert->bind(4, entity).bind(5, key).bind(6, old_value).bind(7, new_value);
    return insert->run();
  }

  // Stores a score of a stored evaluation and records it in the audit log; with `expected_version`, only when
  // the stored score's version (0: none) is that one. Returns the new version. Call inside atomically().
  Result<int> put_score_audited(const std::string& evaluation_id, const model::Score& score,
                                std::optional<int> expected_version) {
    auto current = m_db.prepare("SELECT points, rationale, version FROM scores "
                                "WHERE evaluation_id = ?1 AND target_kind = ?2 AND target_id = ?3 AND evaluator = ?4");
    if (!current) {
      return tl::unexpected(current.error());
    }
    current->bind(1, evaluation_id).bind(2, model::to_string(score.target)).bind(3, score.target_id);
    current->bind(4, score.evaluator);
    auto row = current->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    std::string old_value;
    int current_version = 0;
    if (*row) {
      old_value = score_value(current->integer(0), current->text(1));
      current_version = static_cast<int>(current->integer(2));
    }
    current->reset();
    if (expected_version && *expected_version != current_version) {
      return model::fail(ErrorKind::conflict, "score_version_conflict", {{"current", std::to_string(current_version)}},
                         score.target_id);
    }
    auto version = store_score(evaluation_id, score);
    if (!version) {
      return version;
    }
    if (auto touched = touch(evaluation_id); !touched) {
      return tl::unexpected(touched.error());
    }
    if (auto audited =
            audit(evaluation_id, "score", score_key(score), old_value, score_value(score.points, score.rationale));
        !audited) {
      return tl::unexpected(audited.error());
    }
    return version;
  }

  // The id of the user named `username`; not_found "unknown_user" when there is none.
  Result<long long> user_id_of(const std::string& username) {
    auto query = m_db.prepare("SELECT id FROM users WHERE username = ?1");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, username);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return unknown_user(username);
    }
    auto id = static_cast<long long>(query->integer(0));
    query->reset();
    return id;
  }

  Result<void> require_evaluation(const std::string& evaluation_id) {
    auto exists = evaluation_exists(evaluation_id);
    if (!exists) {
      return tl::unexpected(exists.error());
    }
    if (!*exists) {
      return tl::unexpected(evaluation_not_found(evaluation_id));
    }
    return {};
  }

  Result<void> touch(const std::string& evaluation_id) {
    auto update = m_db.prepare("UPDATE evaluations SET updated_at = ?1 WHERE id = ?2");
    if (!update) {
      return tl::unexpected(update.error());
    }
    update->bind(1, now_utc()).bind(2, evaluation_id);
    return update->run();
  }

  Result<std::optional<long long>> municipality_id_of(const model::MunicipalityRef& ref) {
    auto query = m_db.prepare("SELECT id FROM municipalities WHERE country = ?1 AND code = ?2");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, ref.country).bind(2, ref.code);
    auto row = query->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return std::optional<long long>{};
    }
    return std::optional<long long>(query->integer(0));
  }

  Result<std::map<std::string, std::vector<std::string>>> all_aliases() {
    auto query = m_db.prepare("SELECT framework_id, alias FROM framework_aliases ORDER BY framework_id, alias");
    if (!query) {
      return tl::unexpected(query.error());
    }
    std::map<std::string, std::vector<std::string>> aliases;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      aliases[query->text(0)].push_back(query->text(1));
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    return aliases;
  }

  Result<std::vector<std::string>> aliases_of(const std::string& framework_id) {
    return text_column(m_db, "SELECT alias FROM framework_aliases WHERE framework_id = ?1 ORDER BY alias",
                       framework_id);
  }

  Result<std::vector<model::KeyFigure>> key_figures_of(long long municipality_id) {
    auto query = m_db.prepare(
        "SELECT key, year, value, unit, source FROM key_figures WHERE municipality_id = ?1 ORDER BY key, year");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, municipality_id);
    return collect_rows(*query, [&] {
      return model::KeyFigure{query->text(0), static_cast<int>(query->integer(1)), query->real(2), query->text(3),
                              query->text(4)};
    });
  }

  // The store ids of `keys` among the evaluation's sources, in order; the first missing key is an error.
  Result<std::vector<long long>> resolve_source_keys(const std::string& evaluation_id,
                                                     const std::vector<std::string>& keys) {
    std::vector<long long> ids;
    if (keys.empty()) {
      return ids;
    }
    auto query = m_db.prepare("SELECT id FROM sources WHERE evaluation_id = ?1 AND key = ?2");
    if (!query) {
      return tl::unexpected(query.error());
    }
    for (const auto& key : keys) {
      query->reset();
      query->bind(1, evaluation_id).bind(2, key);
      auto row = query->step();
      if (!row) {
        return tl::unexpected(row.error());
      }
      if (!*row) {
        return model::fail(ErrorKind::bad_input, "unknown_source_key",
                           {{"key", key}, {"id", evaluation_id}, {"where", ""}});
      }
      ids.push_back(query->integer(0));
    }
    query->reset();
    return ids;
  }

  // Runs the statement `sql` once per item, `bind(statement, item, position)` filling its parameters; stops
  // at the first failure. Nothing is prepared for an empty list.
  template <typename Item, typename Bind>
  Result<void> insert_each(const char* sql, const std::vector<Item>& items, Bind&& bind) {
    if (items.empty()) {
      return {};
    }
    auto statement = m_db.prepare(sql);
    if (!statement) {
      return tl::unexpected(statement.error());
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      statement->reset();
      bind(*statement, items[i], static_cast<int>(i));
      if (auto stored = statement->run(); !stored) {
        return stored;
      }
    }
    return {};
  }

  // Links `owner_id` to each source id in order, through a two-column link table.
  Result<void> link_sources(const char* sql, long long owner_id, const std::vector<long long>& source_ids) {
    return insert_each(sql, source_ids, [&](Statement& link, long long source_id, int position) {
      link.bind(1, owner_id).bind(2, source_id).bind(3, position);
    });
  }

  Result<long long> insert_source(const std::string& evaluation_id, const model::Source& source) {
    auto taken = m_db.prepare("SELECT 1 FROM sources WHERE evaluation_id = ?1 AND key = ?2");
    if (!taken) {
      return tl::unexpected(taken.error());
    }
    taken->bind(1, evaluation_id).bind(2, source.key);
    auto row = taken->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (*row) {
      return model::fail(ErrorKind::conflict, "source_key_taken", {{"key", source.key}, {"evaluation", evaluation_id}});
    }
    taken->reset();
    auto insert =
        m_db.prepare("INSERT INTO sources (evaluation_id, key, kind, title, date, people, document_kind, url, file) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    insert->bind(1, evaluation_id).bind(2, source.key).bind(3, model::to_string(source.kind)).bind(4, source.title);
    insert->bind(5, source.date).bind(6, source.people).bind(7, source.document_kind).bind(8, source.url);
    insert->bind(9, source.file);
    return returned_id(*insert);
  }

  Result<long> insert_finding(const std::string& evaluation_id, int position, const model::Finding& finding) {
    // Resolving first means an unknown key stores nothing, even before the savepoint is rolled back.
    auto source_ids = resolve_source_keys(evaluation_id, finding.source_keys);
    if (!source_ids) {
      return tl::unexpected(source_ids.error());
    }
    auto insert = m_db.prepare("INSERT INTO findings (evaluation_id, position, area, sub_area, kind, text) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    insert->bind(1, evaluation_id).bind(2, position).bind(3, finding.area).bind(4, finding.sub_area);
    insert->bind(5, model::to_string(finding.kind)).bind(6, finding.text);
    auto id = returned_id(*insert);
    if (!id) {
      return tl::unexpected(id.error());
    }
    if (auto linked = link_finding(*id, *source_ids, finding); !linked) {
      return tl::unexpected(linked.error());
    }
    return static_cast<long>(*id);
  }

  // Links a stored finding to its sources and stores its good examples.
  Result<void> link_finding(long long id, const std::vector<long long>& source_ids, const model::Finding& finding) {
    if (auto linked = link_sources("INSERT INTO finding_sources (finding_id, source_id, position) VALUES (?1, ?2, ?3)",
                                   id, source_ids);
        !linked) {
      return linked;
    }
    return insert_each("INSERT INTO finding_examples (finding_id, position, name, country, code, reason) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       finding.examples, [&](Statement& example, const model::GoodExample& good, int position) {
                         example.bind(1, id).bind(2, position).bind(3, good.name).bind(4, good.country);
                         example.bind(5, good.code).bind(6, good.reason);
                       });
  }

  // Stores a new evaluation's findings at positions 0, 1, … with one multi-row INSERT per chunk. Each
  // statement opens a statement journal and runs the change-log trigger program, so a few large statements
  // instead of one per finding (and, on PostgreSQL, one round trip per 64 findings) is what makes bulk imports
  // (kompass dev generate) fast. The ids are reserved first rather than returned: RETURNING would buffer its rows
  // in a temporary table in SQLite, and each finding's links can be written without reading the ids back.
  Result<void> insert_findings(const std::string& evaluation_id, const std::vector<model::Finding>& findings) {
    constexpr std::size_t k_chunk = 64;
    for (std::size_t first = 0; first < findings.size(); first += k_chunk) {
      std::size_t count = std::min(k_chunk, findings.size() - first);
      // Resolving first means an unknown key stores nothing, even before the savepoint is rolled back.
      std::vector<std::vector<long long>> source_ids;
      for (std::size_t i = first; i < first + count; ++i) {
        auto resolved = resolve_source_keys(evaluation_id, findings[i].source_keys);
        if (!resolved) {
          return tl::unexpected(resolved.error());
        }
        source_ids.push_back(std::move(*resolved));
      }
      auto ids = m_db.reserve_ids("findings", count);
      if (!ids) {
        return tl::unexpected(ids.error());
      }
      std::string sql = "INSERT INTO findings (id, evaluation_id, position, area, sub_area, kind, text) VALUES ";
      for (std::size_t i = 0; i < count; ++i) {
        auto p = [&](int column) { return "?" + std::to_string(2 + 6 * i + column); };
        sql += (i == 0 ? "(" : ", (") + p(0) + ", ?1, " + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ", " + p(5) +
               ")";
      }
      auto insert = m_db.prepare(sql);
      if (!insert) {
        return tl::unexpected(insert.error());
      }
      insert->bind(1, evaluation_id);
      for (std::size_t i = 0; i < count; ++i) {
        const auto& finding = findings[first + i];
        int base = static_cast<int>(2 + 6 * i);
        insert->bind(base, (*ids)[i]).bind(base + 1, static_cast<int>(first + i));
        insert->bind(base + 2, finding.area).bind(base + 3, finding.sub_area);
        insert->bind(base + 4, model::to_string(finding.kind)).bind(base + 5, finding.text);
      }
      if (auto inserted = insert->run(); !inserted) {
        return inserted;
      }
      for (std::size_t i = 0; i < count; ++i) {
        const auto& finding = findings[first + i];
        if (source_ids[i].empty() && finding.examples.empty()) {
          continue;
        }
        if (auto linked = link_finding((*ids)[i], source_ids[i], finding); !linked) {
          return linked;
        }
      }
    }
    return {};
  }

  // Inserts (version 1) or updates in place (the next version) one score with its source links; returns the
  // stored version.
  Result<int> store_score(const std::string& evaluation_id, const model::Score& score) {
    auto source_ids = resolve_source_keys(evaluation_id, score.source_keys);
    if (!source_ids) {
      return tl::unexpected(source_ids.error());
    }
    // An update in place keeps the score's id, and so its place in the stored order and its source links' rows.
    auto upsert = m_db.prepare(
        "INSERT INTO scores (evaluation_id, target_kind, target_id, evaluator, points, rationale, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (evaluation_id, target_kind, target_id, evaluator) DO UPDATE SET "
        "points = excluded.points, rationale = excluded.rationale, updated_at = excluded.updated_at, "
        "version = scores.version + 1 "
        "RETURNING id, version");
    if (!upsert) {
      return tl::unexpected(upsert.error());
    }
    upsert->bind(1, evaluation_id).bind(2, model::to_string(score.target)).bind(3, score.target_id);
    upsert->bind(4, score.evaluator).bind(5, score.points).bind(6, score.rationale).bind(7, now_utc());
    auto row = upsert->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return model::fail(ErrorKind::internal, "store_failed", {{"reason", "upsert returned no id"}});
    }
    auto id = static_cast<long long>(upsert->integer(0));
    auto version = static_cast<int>(upsert->integer(1));
    if (auto done = upsert->run(); !done) {
      return tl::unexpected(done.error());
    }
    auto unlink = m_db.prepare("DELETE FROM score_sources WHERE score_id = ?1");
    if (!unlink) {
      return tl::unexpected(unlink.error());
    }
    unlink->bind(1, id);
    if (auto removed = unlink->run(); !removed) {
      return tl::unexpected(removed.error());
    }
    if (auto linked = link_sources("INSERT INTO score_sources (score_id, source_id, position) VALUES (?1, ?2, ?3)", id,
                                   *source_ids);
        !linked) {
      return tl::unexpected(linked.error());
    }
    return version;
  }

  // Stores a new evaluation's scores with one multi-row INSERT (see insert_findings). A list naming the same
  // target and evaluator twice is stored one score at a time instead, so the later one wins as in put_score.
  Result<void> insert_scores(const std::string& evaluation_id, const std::vector<model::Score>& scores) {
    std::set<std::tuple<model::ScoreTarget, std::string, std::string>> keys;
    for (const auto& score : scores) {
      if (!keys.insert({score.target, score.target_id, score.evaluator}).second) {
        for (const auto& each : scores) {
          if (auto stored = store_score(evaluation_id, each); !stored) {
            return tl::unexpected(stored.error());
          }
        }
        return {};
      }
    }
    if (scores.empty()) {
      return {};
    }
    std::vector<std::vector<long long>> source_ids;
    for (const auto& score : scores) {
      auto resolved = resolve_source_keys(evaluation_id, score.source_keys);
      if (!resolved) {
        return tl::unexpected(resolved.error());
      }
      source_ids.push_back(std::move(*resolved));
    }
    auto ids = m_db.reserve_ids("scores", scores.size());
    if (!ids) {
      return tl::unexpected(ids.error());
    }
    std::string sql = "INSERT INTO scores (id, evaluation_id, target_kind, target_id, evaluator, points, rationale, "
                      "updated_at) VALUES ";
    for (std::size_t i = 0; i < scores.size(); ++i) {
      auto p = [&](int column) { return "?" + std::to_string(3 + 6 * i + column); };
      sql += (i == 0 ? "(" : ", (") + p(0) + ", ?1, " + p(1) + ", " + p(2) + ", " + p(3) + ", " + p(4) + ", " + p(5) +
             ", ?2)";
    }
    auto insert = m_db.prepare(sql);
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    insert->bind(1, evaluation_id).bind(2, now_utc());
    for (std::size_t i = 0; i < scores.size(); ++i) {
      const auto& score = scores[i];
      int base = static_cast<int>(3 + 6 * i);
      insert->bind(base, (*ids)[i]).bind(base + 1, model::to_string(score.target));
      insert->bind(base + 2, score.target_id).bind(base + 3, score.evaluator).bind(base + 4, score.points);
      insert->bind(base + 5, score.rationale);
    }
    if (auto inserted = insert->run(); !inserted) {
      return inserted;
    }
    for (std::size_t i = 0; i < scores.size(); ++i) {
      if (source_ids[i].empty()) {
        continue;
      }
      if (auto linked = link_sources("INSERT INTO score_sources (score_id, source_id, position) VALUES (?1, ?2, ?3)",
                                     (*ids)[i], source_ids[i]);
          !linked) {
        return linked;
      }
    }
    return {};
  }

  Result<void> insert_evaluation_rows(const model::Evaluation& evaluation, long long municipality_id) {
    auto now = now_utc();
    auto insert = m_db.prepare(
        "INSERT INTO evaluations (id, municipality_id, year, framework_id, framework_version, language, status, "
        "granularity, published_total, summary, note, source_url, date_document_review, date_interviews, "
        "date_report, date_feedback, created_at, updated_at, baseline_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18)");
    if (!insert) {
      return tl::unexpected(insert.error());
    }
    insert->bind(1, evaluation.id).bind(2, municipality_id).bind(3, evaluation.year).bind(4, evaluation.framework_id);
    insert->bind(5, evaluation.framework_version).bind(6, evaluation.language);
    insert->bind(7, model::to_string(evaluation.status)).bind(8, model::to_string(evaluation.granularity));
    insert->bind(9, evaluation.published_total).bind(10, evaluation.summary).bind(11, evaluation.note);
    insert->bind(12, evaluation.source_url).bind(13, evaluation.dates.document_review);
    insert->bind(14, evaluation.dates.interviews).bind(15, evaluation.dates.report);
    insert->bind(16, evaluation.dates.feedback).bind(17, now).bind(18, evaluation.baseline_id);
    if (auto inserted = insert->run(); !inserted) {
      return inserted;
    }

    auto evaluators = insert_each(
        "INSERT INTO evaluators (evaluation_id, position, name, organisation, role) VALUES (?1, ?2, ?3, ?4, ?5)",
        evaluation.evaluators, [&](Statement& row, const model::Evaluator& person, int position) {
          row.bind(1, evaluation.id).bind(2, position).bind(3, person.name);
          row.bind(4, person.organisation).bind(5, model::to_string(person.role));
        });
    if (!evaluators) {
      return evaluators;
    }
    auto earlier =
        insert_each("INSERT INTO earlier_evaluations (evaluation_id, position, year, edition) VALUES (?1, ?2, ?3, ?4)",
                    evaluation.earlier, [&](Statement& row, const model::EarlierEvaluation& known, int position) {
                      row.bind(1, evaluation.id).bind(2, position).bind(3, known.year).bind(4, known.edition);
                    });
    if (!earlier) {
      return earlier;
    }
    auto narratives = insert_each(
        "INSERT INTO narratives (evaluation_id, area, sub_area, position, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        evaluation.narratives, [&](Statement& row, const model::Narrative& prose, int position) {
          row.bind(1, evaluation.id).bind(2, prose.area).bind(3, prose.sub_area).bind(4, position).bind(5, prose.text);
        });
    if (!narratives) {
      return narratives;
    }

    for (const auto& source : evaluation.sources) {
      if (auto stored = insert_source(evaluation.id, source); !stored) {
        return tl::unexpected(stored.error());
      }
    }
    if (auto stored = insert_findings(evaluation.id, evaluation.findings); !stored) {
      return stored;
    }
    if (auto stored = insert_scores(evaluation.id, evaluation.scores); !stored) {
      return stored;
    }
    // One entry for the whole evaluation, however many findings and scores it brings.
    return audit(evaluation.id, "evaluation", evaluation.id, "", "created");
  }

  Result<void> load_people(model::Evaluation& evaluation) {
    auto evaluators =
        m_db.prepare("SELECT name, organisation, role FROM evaluators WHERE evaluation_id = ?1 ORDER BY position");
    if (!evaluators) {
      return tl::unexpected(evaluators.error());
    }
    evaluators->bind(1, evaluation.id);
    auto read = for_each_row(*evaluators, [&]() -> Result<void> {
      auto role = model::parse_evaluator_role(evaluators->text(2));
      if (!role) {
        return tl::unexpected(corrupt("evaluators.role", evaluators->text(2)));
      }
      evaluation.evaluators.push_back({evaluators->text(0), evaluators->text(1), *role});
      return {};
    });
    if (!read) {
      return read;
    }
    auto earlier =
        m_db.prepare("SELECT year, edition FROM earlier_evaluations WHERE evaluation_id = ?1 ORDER BY position");
    if (!earlier) {
      return tl::unexpected(earlier.error());
    }
    earlier->bind(1, evaluation.id);
    return for_each_row(*earlier, [&]() -> Result<void> {
      evaluation.earlier.push_back({static_cast<int>(earlier->integer(0)), earlier->text(1)});
      return {};
    });
  }

  Result<void> load_narratives(model::Evaluation& evaluation) {
    auto query = m_db.prepare(
        "SELECT area, sub_area, text FROM narratives WHERE evaluation_id = ?1 ORDER BY position, area, sub_area");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation.id);
    return for_each_row(*query, [&]() -> Result<void> {
      evaluation.narratives.push_back({static_cast<int>(query->integer(0)), query->text(1), query->text(2)});
      return {};
    });
  }

  Result<void> load_sources(model::Evaluation& evaluation) {
    auto query = m_db.prepare("SELECT key, kind, title, date, people, document_kind, url, file FROM sources "
                              "WHERE evaluation_id = ?1 ORDER BY id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation.id);
    return for_each_row(*query, [&]() -> Result<void> {
      model::Source source;
      source.key = query->text(0);
      auto kind = model::parse_source_kind(query->text(1));
      if (!kind) {
        return tl::unexpected(corrupt("sources.kind", query->text(1)));
      }
      source.kind = *kind;
      source.title = query->text(2);
      source.date = query->text(3);
      if (auto people = query->optional_integer(4)) {
        source.people = static_cast<int>(*people);
      }
      source.document_kind = query->text(5);
      source.url = query->text(6);
      source.file = query->text(7);
      evaluation.sources.push_back(std::move(source));
      return {};
    });
  }

  Result<void> load_findings(model::Evaluation& evaluation) {
    auto query =
        m_db.prepare("SELECT id, area, sub_area, kind, text FROM findings WHERE evaluation_id = ?1 ORDER BY position");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation.id);
    std::map<long, std::size_t> index_of;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      model::Finding finding;
      finding.id = static_cast<long>(query->integer(0));
      finding.area = static_cast<int>(query->integer(1));
      finding.sub_area = query->text(2);
      auto kind = model::parse_finding_kind(query->text(3));
      if (!kind) {
        return tl::unexpected(corrupt("findings.kind", query->text(3)));
      }
      finding.kind = *kind;
      finding.text = query->text(4);
      index_of[finding.id] = evaluation.findings.size();
      evaluation.findings.push_back(std::move(finding));
      return {};
    });
    if (!read) {
      return read;
    }
    auto keys = m_db.prepare("SELECT fs.finding_id, s.key FROM finding_sources fs "
                             "JOIN findings f ON f.id = fs.finding_id JOIN sources s ON s.id = fs.source_id "
                             "WHERE f.evaluation_id = ?1 ORDER BY fs.finding_id, fs.position");
    if (!keys) {
      return tl::unexpected(keys.error());
    }
    keys->bind(1, evaluation.id);
    read = for_each_row(*keys, [&]() -> Result<void> {
      evaluation.findings[index_of.at(static_cast<long>(keys->integer(0)))].source_keys.push_back(keys->text(1));
      return {};
    });
    if (!read) {
      return read;
    }
    auto examples = m_db.prepare(
        "SELECT fe.finding_id, fe.name, fe.country, fe.code, fe.reason FROM finding_examples fe "
        "JOIN findings f ON f.id = fe.finding_id WHERE f.evaluation_id = ?1 ORDER BY fe.finding_id, fe.position");
    if (!examples) {
      return tl::unexpected(examples.error());
    }
    examples->bind(1, evaluation.id);
    return for_each_row(*examples, [&]() -> Result<void> {
      evaluation.findings[index_of.at(static_cast<long>(examples->integer(0)))].examples.push_back(
          {examples->text(1), examples->text(2), examples->text(3), examples->text(4)});
      return {};
    });
  }

  Result<std::vector<model::Score>> load_scores(const std::string& evaluation_id, Scores which) {
    auto query = m_db.prepare("SELECT id, target_kind, target_id, evaluator, points, rationale FROM scores "
                              "WHERE evaluation_id = ?1 AND (?2 = 0 OR evaluator = '') ORDER BY id");
    if (!query) {
      return tl::unexpected(query.error());
    }
    query->bind(1, evaluation_id).bind(2, which == Scores::agreed ? 1 : 0);
    std::vector<model::Score> scores;
    std::map<long long, std::size_t> index_of;
    auto read = for_each_row(*query, [&]() -> Result<void> {
      auto target = model::parse_score_target(query->text(1));
      if (!target) {
        return tl::unexpected(corrupt("scores.target_kind", query->text(1)));
      }
      index_of[query->integer(0)] = scores.size();
      scores.push_back(
          {*target, query->text(2), query->text(3), static_cast<int>(query->integer(4)), query->text(5), {}});
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    auto keys =
        m_db.prepare("SELECT ss.score_id, s.key FROM score_sources ss "
                     "JOIN scores sc ON sc.id = ss.score_id JOIN sources s ON s.id = ss.source_id "
                     "WHERE sc.evaluation_id = ?1 AND (?2 = 0 OR sc.evaluator = '') ORDER BY ss.score_id, ss.position");
    if (!keys) {
      return tl::unexpected(keys.error());
    }
    keys->bind(1, evaluation_id).bind(2, which == Scores::agreed ? 1 : 0);
    read = for_each_row(*keys, [&]() -> Result<void> {
      scores[index_of.at(keys->integer(0))].source_keys.push_back(keys->text(1));
      return {};
    });
    if (!read) {
      return tl::unexpected(read.error());
    }
    return scores;
  }

  Connection m_db;
  bool m_transaction_open = false;
  std::string m_actor; // who makes the changes, for the audit log (set_actor); empty: "unknown"
};

} // namespace

template <SqlConnection Connection>
std::unique_ptr<Store> make_sql_store(Connection db) {
  return std::make_unique<SqlStore<Connection>>(std::move(db));
}

template std::unique_ptr<Store> make_sql_store(sqlite::Database db);
template std::unique_ptr<Store> make_sql_store(postgres::Connection db);

} // namespace kompass::store
