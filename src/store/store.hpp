#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/account.hpp"
#include "model/action.hpp"
#include "model/error.hpp"
#include "model/evaluation.hpp"
#include "model/municipality.hpp"

namespace kompass::store {

using model::Result;

// A framework edition as stored: its source text (YAML) and a hash of its canonical content, so that
// re-loading the same id and version with other content can be refused.
struct StoredFramework {
  std::string id;
  std::string version;
  std::string source_text;
  std::string content_hash;
  std::vector<std::string> aliases;
};

// Filters for listing evaluations; an unset field matches everything.
struct EvaluationFilter {
  std::optional<std::string> framework_id;
  std::optional<std::string> country;
  std::optional<model::MunicipalityRef> municipality;
  std::vector<model::Status> statuses; // empty = any
};

// One schema migration applied to a store: its number (from the file name) and when it was applied.
struct AppliedMigration {
  int version = 0;
  std::string applied_at; // ISO 8601, UTC
  bool operator==(const AppliedMigration&) const = default;
};

// One entry of the change log: evaluation `evaluation_id` was inserted, changed or deleted (its findings,
// good examples, scores or municipality included), as the `sequence`-th recorded change.
struct Change {
  long sequence = 0;
  std::string evaluation_id;
  bool operator==(const Change&) const = default;
};

// An evaluation with what the search index is built from: its summary with agreed scores, its language
// and its findings with good examples (without source keys).
struct EvaluationTexts {
  model::EvaluationSummary summary;
  std::string language;
  std::vector<model::Finding> findings;
};

// One evaluation's points as derived for rankings (app/points.hpp): its total and each area's points in area
// order, nullopt where there are none.
struct EvaluationPoints {
  std::string evaluation_id;
  std::optional<int> total;
  std::vector<std::optional<int>> areas;
  bool operator==(const EvaluationPoints&) const = default;
};

// One evaluation to rank: who and when, the edition version it is scored against and its derived points
// (nullopt when none are stored for it).
struct RankingEntry {
  std::string evaluation_id;
  model::MunicipalityRef municipality;
  std::string name; // the municipality's
  int year = 0;
  std::string framework_id;
  std::string framework_version;
  std::optional<EvaluationPoints> points;
};

// A user as stored, with the Argon2id hash of their password (libsodium's string form).
struct StoredUser {
  model::User user;
  std::string password_hash;
};

// A signed-in session: the hash of its cookie token (the token itself is never stored), the user, the
// token that state-changing requests must repeat (CSRF), and when it expires (ISO 8601 UTC).
struct Session {
  std::string token_hash;
  long user_id = 0;
  std::string csrf_token;
  std::string expires_at;
};

// Who may see an evaluation besides the public: its municipality once shared, and assigned users.
enum class Sharing { not_shared, shared };

// What access checks need to know about one evaluation.
struct EvaluationAccess {
  std::string evaluation_id;
  model::MunicipalityRef municipality;
  model::Status status = model::Status::draft;
  Sharing sharing = Sharing::not_shared;
  std::vector<std::string> assigned; // usernames
};

// The version of one stored score: 1 when first stored, increased by every later change.
struct ScoreVersion {
  model::ScoreTarget target = model::ScoreTarget::question;
  std::string target_id;
  std::string evaluator; // empty = agreed
  int version = 0;
  bool operator==(const ScoreVersion&) const = default;
};

// One evaluator taking part in blind double scoring of an evaluation, and when they marked their own scoring
// done (ISO 8601 UTC; empty while they are still scoring).
struct BlindScorer {
  std::string evaluator;
  std::string done_at;
  bool operator==(const BlindScorer&) const = default;
};

// Whether a transaction's work is kept.
enum class Outcome { commit, rollback };

// Whether a transaction only reads (and need not wait for writers) or may write.
enum class Access { read, write };

// The only code that speaks SQL. Every use case runs inside one transaction: call begin(), do the work,
// then commit(); a transaction dropped without commit() is rolled back. Not thread-safe: one Store per
// thread. Implementations: sqlite/ (default) and postgres/.
class Store {
public:
  virtual ~Store() = default;

  // Starts a transaction; nested calls are an internal error. A read transaction sees one consistent
  // snapshot without taking the write lock; a write transaction takes it at once.
  virtual Result<void> begin(Access access) = 0;
  // Ends the current transaction, keeping (commit) or discarding (rollback) its work.
  virtual Result<void> end(Outcome outcome) = 0;

  // The schema migrations applied to this store, in version order; empty for a backend without them.
  virtual Result<std::vector<AppliedMigration>> applied_migrations() { return std::vector<AppliedMigration>{}; }

  // --- frameworks
  // Every stored edition (all versions), ordered by id and version.
  virtual Result<std::vector<StoredFramework>> list_frameworks() = 0;
  // One edition by id (or alias) and version; with no version, the highest version (model::version_less).
  virtual Result<std::optional<StoredFramework>> find_framework(const std::string& id_or_alias,
                                                                const std::optional<std::string>& version) = 0;
  // Stores a new edition version with its aliases; the caller has checked it is not stored yet.
  virtual Result<void> insert_framework(const StoredFramework& framework) = 0;

  // --- municipalities
  virtual Result<std::optional<model::Municipality>> find_municipality(const model::MunicipalityRef& ref) = 0;
  // All municipalities, without key figures, in no particular order (the app sorts by collation).
  virtual Result<std::vector<model::Municipality>> list_municipalities() = 0;
  // Inserts a municipality, or updates name, county, population and group of an existing one; key figures
  // in `municipality` are upserted by (key, year) and none are removed.
  virtual Result<void> upsert_municipality(const model::Municipality& municipality) = 0;

  // --- evaluations
  // True when an evaluation id is taken.
  virtual Result<bool> evaluation_exists(const std::string& id) = 0;
  // The ids of evaluations of this municipality, year and framework id (any version).
  virtual Result<std::vector<std::string>> find_evaluations(const model::MunicipalityRef& ref, int year,
                                                            const std::string& framework_id) = 0;
  // Stores a complete evaluation (its municipality must be stored). Fails with conflict when the id is taken.
  virtual Result<void> insert_evaluation(const model::Evaluation& evaluation) = 0;
  // The complete evaluation with municipality (and key figures), or nullopt.
  virtual Result<std::optional<model::Evaluation>> load_evaluation(const std::string& id) = 0;
  // Summaries (with agreed scores) of matching evaluations, ordered by municipality name, year and id.
  virtual Result<std::vector<model::EvaluationSummary>> list_evaluations(const EvaluationFilter& filter) = 0;
  virtual Result<void> set_status(const std::string& evaluation_id, model::Status status) = 0;

  // --- evidence, findings, scores of one evaluation
  // Adds a source; fails with conflict when its key is taken in this evaluation.
  virtual Result<void> add_source(const std::string& evaluation_id, const model::Source& source) = 0;
  // Adds a finding; returns its new id. Source keys must exist in the evaluation.
  virtual Result<long> add_finding(const std::string& evaluation_id, const model::Finding& finding) = 0;
  // Inserts or replaces the score for (target, target id, evaluator).
  virtual Result<void> put_score(const std::string& evaluation_id, const model::Score& score) = 0;
  // The same, but only when the stored score's version is `expected_version` (0: no score stored yet);
  // returns the new version. Fails with conflict "score_version_conflict" (args "current" = stored version)
  // otherwise, changing nothing.
  virtual Result<int> put_score_versioned(const std::string& evaluation_id, const model::Score& score,
                                          int expected_version) = 0;
  // The versions of every stored score of an evaluation, in target order.
  virtual Result<std::vector<ScoreVersion>> score_versions(const std::string& evaluation_id) = 0;
  // Replaces area, sub-area, kind, text, source keys and good examples of a stored finding (keeping its id
  // and position); not_found "unknown_finding" when the evaluation has no finding with that id.
  virtual Result<void> update_finding(const std::string& evaluation_id, const model::Finding& finding) = 0;

  // --- blind double scoring
  // Adds an evaluator to an evaluation's blind scorers (again: no change); audited.
  virtual Result<void> add_blind_scorer(const std::string& evaluation_id, const std::string& evaluator) = 0;
  // An evaluation's blind scorers, ordered by name; empty when it is not scored blind.
  virtual Result<std::vector<BlindScorer>> blind_scorers(const std::string& evaluation_id) = 0;
  // Records that a blind scorer has finished (again: no change); not_found "unknown_blind_scorer" when the
  // evaluator is not one of the evaluation's blind scorers. Audited.
  virtual Result<void> mark_scoring_done(const std::string& evaluation_id, const std::string& evaluator) = 0;
  // The ids of the evaluations holding at least one evaluator's own score, in id order.
  virtual Result<std::vector<std::string>> evaluations_with_own_scores() = 0;

  // --- action plans
  // Stores a new action of `action.evaluation_id` (which must exist) with its finding links and notes, and
  // returns its id. The finding ids must belong to that evaluation (the caller checks). Audited.
  virtual Result<long> insert_action(const model::Action& action) = 0;
  // One action with its finding links and notes, or nullopt.
  virtual Result<std::optional<model::Action>> find_action(long id) = 0;
  // An evaluation's actions, in id order, with their finding links and notes.
  virtual Result<std::vector<model::Action>> list_actions(const std::string& evaluation_id) = 0;
  // Replaces everything of a stored action but its id, evaluation and notes (finding links included);
  // not_found "unknown_action" when there is no action `action.id`. Audited.
  virtual Result<void> update_action(const model::Action& action) = 0;
  // Appends a progress note to an action; not_found "unknown_action". Audited.
  virtual Result<void> add_action_note(long action_id, const model::ProgressNote& note) = 0;

  // --- accounts and sessions
  // Stores a new user and returns its id; conflict "user_exists" when the username is taken.
  virtual Result<long> insert_user(const model::User& user, const std::string& password_hash) = 0;
  virtual Result<std::optional<StoredUser>> find_user(const std::string& username) = 0;
  virtual Result<std::optional<model::User>> find_user_by_id(long id) = 0;
  // Every user, ordered by username.
  virtual Result<std::vector<model::User>> list_users() = 0;
  // Changes display name, role, municipality and state of the user with `user.username`; not_found
  // "unknown_user" otherwise.
  virtual Result<void> update_user(const model::User& user) = 0;
  virtual Result<void> set_password_hash(const std::string& username, const std::string& password_hash) = 0;
  virtual Result<void> insert_session(const Session& session) = 0;
  virtual Result<std::optional<Session>> find_session(const std::string& token_hash) = 0;
  virtual Result<void> delete_session(const std::string& token_hash) = 0;
  // Ends every session of a user (after a password change or when the account is disabled).
  virtual Result<void> delete_sessions_of(long user_id) = 0;

  // --- who may see and edit an evaluation
  // not_found "unknown_evaluation" when there is no such evaluation.
  virtual Result<EvaluationAccess> evaluation_access(const std::string& evaluation_id) = 0;
  virtual Result<void> set_sharing(const std::string& evaluation_id, Sharing sharing) = 0;
  // Assigns a user to an evaluation (again: no change).
  virtual Result<void> assign(const std::string& evaluation_id, const std::string& username) = 0;
  virtual Result<void> unassign(const std::string& evaluation_id, const std::string& username) = 0;
  // The ids of the evaluations assigned to a user, in id order.
  virtual Result<std::vector<std::string>> assigned_evaluations(const std::string& username) = 0;

  // --- audit log
  // Names who makes the changes from now on (kept until changed; empty: "unknown"). Every later change to a
  // score, finding, source, status, sharing or assignment, and every inserted evaluation (one entry), is
  // recorded with it in the same transaction.
  virtual void set_actor(const std::string& actor) = 0;
  // An evaluation's audit entries, oldest first.
  virtual Result<std::vector<model::AuditEntry>> list_audit(const std::string& evaluation_id) = 0;

  // --- published reference averages
  virtual Result<long> insert_published_average(const model::PublishedAverage& average) = 0;
  virtual Result<std::vector<model::PublishedAverage>> list_published_averages() = 0;

  // --- change log, for derived data such as the search index
  // The changes recorded after `sequence`, in sequence order.
  virtual Result<std::vector<Change>> changes_since(long sequence) = 0;
  // The sequence of the latest recorded change; 0 when none is recorded.
  virtual Result<long> last_change() = 0;
  // Calls `visit` once per stored evaluation, in id order, reading every table once (not one query per
  // evaluation), so that the whole store can be indexed quickly; stops at the first error `visit` returns.
  virtual Result<void> scan_evaluation_texts(const std::function<Result<void>(EvaluationTexts&)>& visit) = 0;

  // --- derived points for rankings, kept up to date from the change log by app/points.hpp
  // Inserts or replaces the stored points of each listed evaluation (which must exist), a few statements for all.
  virtual Result<void> put_points(const std::vector<EvaluationPoints>& points) = 0;
  // Removes the stored points of one evaluation (none stored: no change).
  virtual Result<void> delete_points(const std::string& evaluation_id) = 0;
  // Removes the stored points of every evaluation.
  virtual Result<void> clear_points() = 0;
  // The change-log sequence up to which the stored points are computed; 0 when never.
  virtual Result<long> points_applied_change() = 0;
  // Records the change-log sequence up to which the stored points are computed.
  virtual Result<void> set_points_applied_change(long sequence) = 0;
  // The matching evaluations (as list_evaluations filters them) with their stored points, in one query without
  // their scores, ordered by municipality name, year and id.
  virtual Result<std::vector<RankingEntry>> list_ranking_entries(const EvaluationFilter& filter) = 0;
};

// Opens the store named by `location`: a file path (SQLite, created if missing) or a postgresql:// (postgres://)
// URL of an existing database (PostgreSQL). Applies pending migrations before returning.
Result<std::unique_ptr<Store>> open_store(const std::string& location);

// Runs `work` inside one transaction: commits when it returns a value, rolls back when it returns an
// error (or throws). Returns what `work` returned. Use Access::read for use cases that only read.
template <typename F>
auto in_transaction(Store& store, F&& work, Access access = Access::write) -> decltype(work()) {
  if (auto started = store.begin(access); !started) {
    return tl::unexpected(started.error());
  }
  try {
    auto result = work();
    if (!result) {
      (void)store.end(Outcome::rollback);
      return result;
    }
    if (auto ended = store.end(Outcome::commit); !ended) {
      return tl::unexpected(ended.error());
    }
    return result;
  } catch (...) {
    (void)store.end(Outcome::rollback);
    throw;
  }
}

} // namespace kompass::store
