#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/messages.hpp"
#include "store/migration_files.hpp"
#include "store/sqlite/database.hpp"
#include "store/store.hpp"
#include "unit/store_backend.hpp"
#include "unit/temporary_directory.hpp"

// Accounts, sessions, sharing and assignments, versioned scores, finding updates and the audit log
// (migration 0004), through the Store interface only (except the upgrade test, which builds an older database).

using namespace kompass;
using namespace kompass::model;
using store::EvaluationAccess;
using store::ScoreVersion;
using store::Session;
using store::Sharing;

namespace {

class AccountsAuditTest : public ::testing::TestWithParam<kompass::testing::Backend> {
protected:
  void SetUp() override {
    m_location = std::make_unique<kompass::testing::TemporaryLocation>(GetParam(), "accounts-test");
    if (!m_location->skip_reason().empty()) {
      GTEST_SKIP() << m_location->skip_reason();
    }
    auto opened = store::open_store(location());
    ASSERT_TRUE(opened) << message(UiLanguage::en, opened.error().code, opened.error().args);
    m_store = std::move(*opened);
    ASSERT_TRUE(db().insert_framework({"kommunkompassen-2010", "2010.1", "id: x\n", "hash", {}}));
    ASSERT_TRUE(db().upsert_municipality(municipality("2281", "Sundsvall")));
    ASSERT_TRUE(db().upsert_municipality(municipality("1860", "Vimmerby")));
    ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2012", "2281")));
    auto loaded = db().load_evaluation("sundsvall-2012");
    ASSERT_TRUE(loaded && *loaded);
    ASSERT_EQ((*loaded)->findings.size(), 2u);
    m_first_finding = (*loaded)->findings[0].id;
  }
  void TearDown() override {
    m_store.reset();
    m_location.reset();
  }

  std::string location() const { return m_location->location(); }
  store::Store& db() { return *m_store; }

  static Municipality municipality(std::string code, std::string name) {
    Municipality result;
    result.ref = {"SE", std::move(code)};
    result.name = std::move(name);
    return result;
  }

  // A draft with two sources, two findings and one agreed score.
  static Evaluation evaluation(std::string id, std::string code) {
    Evaluation result;
    result.id = std::move(id);
    result.municipality.ref = {"SE", std::move(code)};
    result.year = 2012;
    result.framework_id = "kommunkompassen-2010";
    result.framework_version = "2010.1";
    result.status = Status::draft;
    Source interview;
    interview.key = "s1";
    interview.kind = SourceKind::interview;
    interview.title = "kommunstyrelsens presidium";
    Source document;
    document.key = "s2";
    document.kind = SourceKind::document;
    document.title = "Mål och resursplan 2012";
    result.sources = {interview, document};
    Finding weakness;
    weakness.area = 3;
    weakness.kind = FindingKind::weakness;
    weakness.text = "Ingen uppföljning av mål.";
    weakness.source_keys = {"s2"};
    Finding strength;
    strength.area = 1;
    strength.sub_area = "1.2";
    strength.kind = FindingKind::strength;
    strength.text = "Medborgardialog i budgetprocessen.";
    strength.examples = {{"Vimmerby", "SE", "1860", "liknande arbete"}};
    result.findings = {weakness, strength};
    result.scores = {{ScoreTarget::question, "1.1.1", "", 2, "Dialog finns.", {"s1"}}};
    return result;
  }

  static User user(std::string username, Role role, std::optional<MunicipalityRef> ref = std::nullopt,
                   AccountState state = AccountState::active) {
    User result;
    result.username = username;
    result.display_name = "Display " + username;
    result.role = role;
    result.municipality = std::move(ref);
    result.state = state;
    return result;
  }

  std::vector<AuditEntry> audit(const std::string& id = "sundsvall-2012") {
    auto entries = db().list_audit(id);
    EXPECT_TRUE(entries);
    return entries ? *entries : std::vector<AuditEntry>{};
  }

  // The stored score of a target (agreed), or nullopt.
  std::optional<Score> stored_score(const std::string& target_id, const std::string& evaluator = "") {
    auto loaded = db().load_evaluation("sundsvall-2012").value().value();
    for (const auto& score : loaded.scores) {
      if (score.target_id == target_id && score.evaluator == evaluator) {
        return score;
      }
    }
    return std::nullopt;
  }

  int version_of(const std::string& target_id, const std::string& evaluator = "") {
    auto versions = db().score_versions("sundsvall-2012").value();
    for (const auto& version : versions) {
      if (version.target_id == target_id && version.evaluator == evaluator) {
        return version.version;
      }
    }
    return 0;
  }

  std::unique_ptr<kompass::testing::TemporaryLocation> m_location;
  std::unique_ptr<store::Store> m_store;
  long m_first_finding = 0;
};

// --- users

TEST_P(AccountsAuditTest, UsersRoundTripAndAreListedByUsername) {
  const std::vector<User> users = {
      user("sara", Role::municipality, MunicipalityRef{"SE", "2281"}),
      user("admin", Role::admin),
      user("bo", Role::peer, std::nullopt, AccountState::disabled),
      user("anna", Role::evaluator),
  };
  std::vector<User> stored;
  for (const auto& each : users) {
    auto id = db().insert_user(each, "hash-of-" + each.username);
    ASSERT_TRUE(id) << each.username << ": " << id.error().code;
    EXPECT_GT(*id, 0);
    auto found = db().find_user(each.username);
    ASSERT_TRUE(found && *found) << each.username;
    EXPECT_EQ((*found)->password_hash, "hash-of-" + each.username);
    auto expected = each;
    expected.id = *id;
    EXPECT_FALSE((*found)->user.created_at.empty());
    EXPECT_EQ((*found)->user.created_at.back(), 'Z'); // ISO 8601 UTC
    expected.created_at = (*found)->user.created_at;
    EXPECT_EQ((*found)->user, expected);
    EXPECT_EQ(db().find_user_by_id(*id).value(), std::optional<User>(expected));
    stored.push_back(expected);
  }
  EXPECT_NE(stored[0].id, stored[1].id);
  auto listed = db().list_users();
  ASSERT_TRUE(listed);
  std::vector<std::string> names;
  for (const auto& each : *listed) {
    names.push_back(each.username);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"admin", "anna", "bo", "sara"}));
  EXPECT_EQ((*listed)[3], stored[0]);

  EXPECT_FALSE(db().find_user("nobody").value());
  EXPECT_FALSE(db().find_user_by_id(999'999).value());
}

TEST_P(AccountsAuditTest, AGivenCreationTimeIsKept) {
  auto given = user("anna", Role::evaluator);
  given.created_at = "2024-05-01T12:00:00Z";
  ASSERT_TRUE(db().insert_user(given, "h"));
  EXPECT_EQ(db().find_user("anna").value()->user.created_at, "2024-05-01T12:00:00Z");
}

TEST_P(AccountsAuditTest, ATakenUsernameConflictsAndKeepsTheFirstUser) {
  auto first = db().insert_user(user("anna", Role::evaluator), "first");
  ASSERT_TRUE(first);
  auto again = db().insert_user(user("anna", Role::admin), "second");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::conflict);
  EXPECT_EQ(again.error().code, "user_exists");
  EXPECT_EQ(again.error().args.at("username"), "anna");
  EXPECT_EQ(again.error().field, "username");
  auto kept = db().find_user("anna").value();
  EXPECT_EQ(kept->user.role, Role::evaluator);
  EXPECT_EQ(kept->password_hash, "first");
  EXPECT_EQ(db().list_users().value().size(), 1u);
}

TEST_P(AccountsAuditTest, UpdateUserChangesItsDetailsButNotItsPasswordOrCreationTime) {
  auto id = db().insert_user(user("sara", Role::evaluator), "secret-hash");
  ASSERT_TRUE(id);
  auto before = db().find_user("sara").value()->user;

  // Each row: the change, then what is stored afterwards.
  struct Change {
    Role role;
    std::optional<MunicipalityRef> municipality;
    AccountState state;
    std::string display_name;
  };
  const std::vector<Change> changes = {
      {Role::municipality, MunicipalityRef{"SE", "2281"}, AccountState::active, "Sara i Sundsvall"},
      {Role::municipality, MunicipalityRef{"NO", "5025"}, AccountState::disabled, "Sara i Røros"},
      {Role::admin, std::nullopt, AccountState::active, ""},
  };
  for (const auto& change : changes) {
    auto updated = before;
    updated.role = change.role;
    updated.municipality = change.municipality;
    updated.state = change.state;
    updated.display_name = change.display_name;
    updated.id = 0;                 // ignored: the username names the user
    updated.created_at = "ignored"; // not changed
    ASSERT_TRUE(db().update_user(updated)) << change.display_name;
    auto stored = db().find_user("sara").value();
    ASSERT_TRUE(stored);
    updated.id = *id;
    updated.created_at = before.created_at;
    EXPECT_EQ(stored->user, updated) << change.display_name;
    EXPECT_EQ(stored->password_hash, "secret-hash");
  }

  auto unknown = db().update_user(user("nobody", Role::admin));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
  EXPECT_EQ(unknown.error().code, "unknown_user");
  EXPECT_EQ(unknown.error().args.at("username"), "nobody");
  EXPECT_EQ(db().list_users().value().size(), 1u);
}

TEST_P(AccountsAuditTest, SetPasswordHash) {
  ASSERT_TRUE(db().insert_user(user("anna", Role::evaluator), "old"));
  ASSERT_TRUE(db().insert_user(user("bo", Role::evaluator), "bo's"));
  ASSERT_TRUE(db().set_password_hash("anna", "$argon2id$v=19$new"));
  EXPECT_EQ(db().find_user("anna").value()->password_hash, "$argon2id$v=19$new");
  EXPECT_EQ(db().find_user("bo").value()->password_hash, "bo's");
  auto unknown = db().set_password_hash("nobody", "x");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
  EXPECT_EQ(unknown.error().code, "unknown_user");
}

// --- sessions

TEST_P(AccountsAuditTest, SessionsAreFoundUntilTheyExpireOrAreDeleted) {
  auto anna = db().insert_user(user("anna", Role::evaluator), "h").value();
  // Each row: when the session expires and whether it is found.
  struct Case {
    std::string token_hash;
    std::string expires_at;
    bool found;
  };
  const std::vector<Case> cases = {
      {"future", "2999-12-31T23:59:59Z", true},
      {"past", "2000-01-01T00:00:00Z", false},
      {"just-over", store::sqlite::now_utc(), false}, // expires_at must be after now
  };
  for (const auto& each : cases) {
    Session session{each.token_hash, anna, "csrf-" + each.token_hash, each.expires_at};
    ASSERT_TRUE(db().insert_session(session)) << each.token_hash;
    auto found = db().find_session(each.token_hash);
    ASSERT_TRUE(found) << each.token_hash;
    EXPECT_EQ(found->has_value(), each.found) << each.token_hash;
    if (each.found) {
      EXPECT_EQ((*found)->token_hash, session.token_hash);
      EXPECT_EQ((*found)->user_id, anna);
      EXPECT_EQ((*found)->csrf_token, session.csrf_token);
      EXPECT_EQ((*found)->expires_at, session.expires_at);
    }
  }
  EXPECT_FALSE(db().find_session("never-stored").value());

  ASSERT_TRUE(db().delete_session("future"));
  EXPECT_FALSE(db().find_session("future").value());
  EXPECT_TRUE(db().delete_session("future")); // again: nothing to do
}

TEST_P(AccountsAuditTest, ASignInClearsAwayExpiredSessions) {
  auto anna = db().insert_user(user("anna", Role::evaluator), "h").value();
  ASSERT_TRUE(db().insert_session({"old", anna, "c1", "2000-01-01T00:00:00Z"}));
  ASSERT_TRUE(db().insert_session({"new", anna, "c2", "2999-01-01T00:00:00Z"}));
  auto left = m_location->column("SELECT token_hash FROM sessions ORDER BY token_hash");
  EXPECT_EQ(left, (std::vector<std::string>{"new"}));
}

TEST_P(AccountsAuditTest, DeleteSessionsOfEndsOnlyThatUsersSessions) {
  auto anna = db().insert_user(user("anna", Role::evaluator), "h").value();
  auto bo = db().insert_user(user("bo", Role::peer), "h").value();
  for (const char* token : {"anna-1", "anna-2"}) {
    ASSERT_TRUE(db().insert_session({token, anna, "c", "2999-01-01T00:00:00Z"}));
  }
  ASSERT_TRUE(db().insert_session({"bo-1", bo, "c", "2999-01-01T00:00:00Z"}));
  ASSERT_TRUE(db().delete_sessions_of(anna));
  EXPECT_FALSE(db().find_session("anna-1").value());
  EXPECT_FALSE(db().find_session("anna-2").value());
  EXPECT_TRUE(db().find_session("bo-1").value());
  EXPECT_TRUE(db().delete_sessions_of(999'999));
  EXPECT_TRUE(db().find_session("bo-1").value());
}

TEST_P(AccountsAuditTest, ASessionNeedsAStoredUser) {
  auto orphan = db().insert_session({"t", 999'999, "c", "2999-01-01T00:00:00Z"});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().kind, ErrorKind::conflict);
  EXPECT_FALSE(db().find_session("t").value());
}

// --- sharing and assignments

TEST_P(AccountsAuditTest, EvaluationAccessFollowsSharingAndAssignments) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("sundsvall-2013", "2281")));
  for (const char* name : {"bo", "anna", "cecilia"}) {
    ASSERT_TRUE(db().insert_user(user(name, Role::evaluator), "h"));
  }
  auto access = db().evaluation_access("sundsvall-2012");
  ASSERT_TRUE(access) << access.error().code;
  EXPECT_EQ(access->evaluation_id, "sundsvall-2012");
  EXPECT_EQ(access->municipality, (MunicipalityRef{"SE", "2281"}));
  EXPECT_EQ(access->status, Status::draft);
  EXPECT_EQ(access->sharing, Sharing::not_shared);
  EXPECT_TRUE(access->assigned.empty());

  // Each step, then the sharing and assigned users it leaves.
  struct Step {
    std::string name;
    std::function<Result<void>()> change;
    Sharing sharing;
    std::vector<std::string> assigned;
  };
  const std::string id = "sundsvall-2012";
  const std::vector<Step> steps = {
      {"share", [&] { return db().set_sharing(id, Sharing::shared); }, Sharing::shared, {}},
      {"share again", [&] { return db().set_sharing(id, Sharing::shared); }, Sharing::shared, {}},
      {"assign bo", [&] { return db().assign(id, "bo"); }, Sharing::shared, {"bo"}},
      {"assign anna", [&] { return db().assign(id, "anna"); }, Sharing::shared, {"anna", "bo"}},
      {"assign anna again", [&] { return db().assign(id, "anna"); }, Sharing::shared, {"anna", "bo"}},
      {"unshare", [&] { return db().set_sharing(id, Sharing::not_shared); }, Sharing::not_shared, {"anna", "bo"}},
      {"unassign bo", [&] { return db().unassign(id, "bo"); }, Sharing::not_shared, {"anna"}},
      {"unassign cecilia (not assigned)", [&] { return db().unassign(id, "cecilia"); }, Sharing::not_shared, {"anna"}},
  };
  for (const auto& step : steps) {
    auto changed = step.change();
    ASSERT_TRUE(changed) << step.name << ": " << changed.error().code;
    auto now = db().evaluation_access(id).value();
    EXPECT_EQ(now.sharing, step.sharing) << step.name;
    EXPECT_EQ(now.assigned, step.assigned) << step.name;
  }

  ASSERT_TRUE(db().set_status(id, Status::final));
  EXPECT_EQ(db().evaluation_access(id).value().status, Status::final);

  ASSERT_TRUE(db().assign("sundsvall-2013", "anna"));
  EXPECT_EQ(db().assigned_evaluations("anna").value(), (std::vector<std::string>{"sundsvall-2012", "sundsvall-2013"}));
  EXPECT_TRUE(db().assigned_evaluations("bo").value().empty());
  EXPECT_TRUE(db().assigned_evaluations("nobody").value().empty());
  EXPECT_EQ(db().evaluation_access("sundsvall-2013").value().sharing, Sharing::not_shared);
}

TEST_P(AccountsAuditTest, AccessOfUnknownEvaluationsAndUsersIsRefused) {
  ASSERT_TRUE(db().insert_user(user("anna", Role::evaluator), "h"));
  auto access = db().evaluation_access("nothing");
  ASSERT_FALSE(access);
  EXPECT_EQ(access.error().kind, ErrorKind::not_found);
  EXPECT_EQ(access.error().code, "unknown_evaluation");
  EXPECT_EQ(access.error().args.at("id"), "nothing");

  // Each row: a change naming something that is not stored, and the code it fails with.
  const std::vector<std::pair<std::function<Result<void>()>, std::string>> refused = {
      {[&] { return db().set_sharing("nothing", Sharing::shared); }, "evaluation_not_found"},
      {[&] { return db().assign("nothing", "anna"); }, "evaluation_not_found"},
      {[&] { return db().unassign("nothing", "anna"); }, "evaluation_not_found"},
      {[&] { return db().assign("sundsvall-2012", "nobody"); }, "unknown_user"},
      {[&] { return db().unassign("sundsvall-2012", "nobody"); }, "unknown_user"},
  };
  for (const auto& [change, code] : refused) {
    auto result = change();
    ASSERT_FALSE(result) << code;
    EXPECT_EQ(result.error().kind, ErrorKind::not_found) << code;
    EXPECT_EQ(result.error().code, code);
  }
  EXPECT_TRUE(db().evaluation_access("sundsvall-2012").value().assigned.empty());
}

// --- versioned scores

TEST_P(AccountsAuditTest, VersionedPutStoresOnlyOverTheExpectedVersion) {
  // Each step: the points put over an expected version, and the version returned or the conflict's current one.
  struct Step {
    std::string target_id;
    int points;
    int expected;
    std::optional<int> stored;      // the new version, when it is stored
    std::optional<int> conflicting; // the current version, when it conflicts
  };
  const std::vector<Step> steps = {
      {"2.1.1", 3, 0, 1, std::nullopt}, // new
      {"2.1.1", 4, 0, std::nullopt, 1}, // someone else stored it first
      {"2.1.1", 4, 1, 2, std::nullopt}, // over the right version
      {"2.1.1", 5, 1, std::nullopt, 2}, // stale
      {"2.1.2", 1, 3, std::nullopt, 0}, // nothing stored yet
      {"1.1.1", 1, 1, 2, std::nullopt}, // imported with the evaluation: version 1
      {"1.1.1", 0, 2, 3, std::nullopt}, // and on
  };
  for (const auto& step : steps) {
    SCOPED_TRACE(step.target_id + " over " + std::to_string(step.expected));
    auto before = stored_score(step.target_id);
    auto audit_before = audit().size();
    Score score{ScoreTarget::question, step.target_id, "", step.points, "p" + std::to_string(step.points), {"s2"}};
    auto put = db().put_score_versioned("sundsvall-2012", score, step.expected);
    if (step.stored) {
      ASSERT_TRUE(put) << put.error().code;
      EXPECT_EQ(*put, *step.stored);
      EXPECT_EQ(version_of(step.target_id), *step.stored);
      EXPECT_EQ(stored_score(step.target_id), std::optional<Score>(score));
      EXPECT_EQ(audit().size(), audit_before + 1);
    } else {
      ASSERT_FALSE(put);
      EXPECT_EQ(put.error().kind, ErrorKind::conflict);
      EXPECT_EQ(put.error().code, "score_version_conflict");
      EXPECT_EQ(put.error().args.at("current"), std::to_string(*step.conflicting));
      EXPECT_EQ(put.error().field, step.target_id);
      EXPECT_EQ(stored_score(step.target_id), before); // nothing changed
      EXPECT_EQ(version_of(step.target_id), *step.conflicting);
      EXPECT_EQ(audit().size(), audit_before);
    }
  }
}

TEST_P(AccountsAuditTest, PutScoreIncreasesTheVersionAndKeepsSourceLinksRight) {
  EXPECT_EQ(version_of("1.1.1"), 1);
  ASSERT_TRUE(db().put_score("sundsvall-2012", {ScoreTarget::question, "1.1.1", "", 3, "Bättre.", {"s2", "s1"}}));
  EXPECT_EQ(version_of("1.1.1"), 2);
  EXPECT_EQ(stored_score("1.1.1")->source_keys, (std::vector<std::string>{"s2", "s1"}));
  ASSERT_TRUE(db().put_score("sundsvall-2012", {ScoreTarget::question, "1.1.1", "", 3, "Bättre.", {}}));
  EXPECT_EQ(version_of("1.1.1"), 3); // an unchanged value is still a change
  EXPECT_TRUE(stored_score("1.1.1")->source_keys.empty());
  // An evaluator's own score has its own version.
  ASSERT_TRUE(db().put_score("sundsvall-2012", {ScoreTarget::question, "1.1.1", "Bo Berg", 1, "", {}}));
  EXPECT_EQ(version_of("1.1.1", "Bo Berg"), 1);
  EXPECT_EQ(version_of("1.1.1"), 3);
  EXPECT_EQ(
      db().put_score_versioned("sundsvall-2012", {ScoreTarget::question, "1.1.1", "Bo Berg", 2, "", {}}, 1).value(), 2);
}

TEST_P(AccountsAuditTest, AVersionedPutWithAnUnknownSourceChangesNothing) {
  auto refused =
      db().put_score_versioned("sundsvall-2012", {ScoreTarget::question, "1.1.1", "", 0, "", {"missing"}}, 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "unknown_source_key");
  EXPECT_EQ(version_of("1.1.1"), 1);
  EXPECT_EQ(stored_score("1.1.1")->points, 2);
  EXPECT_EQ(audit().size(), 1u);

  auto no_evaluation = db().put_score_versioned("nothing", {ScoreTarget::question, "1.1.1", "", 0, "", {}}, 0);
  ASSERT_FALSE(no_evaluation);
  EXPECT_EQ(no_evaluation.error().kind, ErrorKind::not_found);
  EXPECT_FALSE(db().score_versions("nothing"));
}

TEST_P(AccountsAuditTest, ScoreVersionsAreInTargetOrder) {
  const std::vector<Score> scores = {
      {ScoreTarget::total, "total", "", 500, "", {}},    {ScoreTarget::question, "1.2.10", "", 1, "", {}},
      {ScoreTarget::area, "3", "", 40, "", {}},          {ScoreTarget::question, "1.2.9", "", 1, "", {}},
      {ScoreTarget::question, "1.2.9", "Bo", 2, "", {}}, {ScoreTarget::question, "1.10.1", "", 1, "", {}},
      {ScoreTarget::area, "10", "", 40, "", {}},
  };
  for (const auto& score : scores) {
    ASSERT_TRUE(db().put_score("sundsvall-2012", score));
  }
  ASSERT_TRUE(db().put_score("sundsvall-2012", scores[1])); // 1.2.10 again
  EXPECT_EQ(db().score_versions("sundsvall-2012").value(), (std::vector<ScoreVersion>{
                                                               {ScoreTarget::question, "1.1.1", "", 1},
                                                               {ScoreTarget::question, "1.2.9", "", 1},
                                                               {ScoreTarget::question, "1.2.9", "Bo", 1},
                                                               {ScoreTarget::question, "1.2.10", "", 2},
                                                               {ScoreTarget::question, "1.10.1", "", 1},
                                                               {ScoreTarget::area, "3", "", 1},
                                                               {ScoreTarget::area, "10", "", 1},
                                                               {ScoreTarget::total, "total", "", 1},
                                                           }));
}

// --- finding updates

TEST_P(AccountsAuditTest, UpdateFindingReplacesEverythingButItsIdAndPlace) {
  auto before = db().load_evaluation("sundsvall-2012").value().value();
  Finding changed;
  changed.id = m_first_finding;
  changed.area = 4;
  changed.sub_area = "4.2";
  changed.kind = FindingKind::improvement;
  changed.text = "Uppföljningen kan bli tydligare.";
  changed.source_keys = {"s1", "s2"};
  changed.examples = {{"Vimmerby", "SE", "1860", "tydlig uppföljning"}, {"Røros", "NO", "5025", ""}};
  ASSERT_TRUE(db().update_finding("sundsvall-2012", changed));
  auto after = db().load_evaluation("sundsvall-2012").value().value();
  ASSERT_EQ(after.findings.size(), 2u);
  EXPECT_EQ(after.findings[0], changed); // still first
  EXPECT_EQ(after.findings[1], before.findings[1]);

  // Back to no sources and no examples.
  changed.source_keys.clear();
  changed.examples.clear();
  ASSERT_TRUE(db().update_finding("sundsvall-2012", changed));
  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value()->findings[0], changed);
}

TEST_P(AccountsAuditTest, UpdateFindingRefusesUnknownFindingsAndSources) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("vimmerby-2012", "1860")));
  auto other_finding = db().load_evaluation("vimmerby-2012").value()->findings[0].id;
  auto before = db().load_evaluation("sundsvall-2012").value().value();
  auto audit_before = audit().size();

  Finding finding = before.findings[0];
  finding.text = "Should not be stored.";
  for (long id : {999'999L, other_finding}) {
    finding.id = id;
    auto unknown = db().update_finding("sundsvall-2012", finding);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);
    EXPECT_EQ(unknown.error().code, "unknown_finding");
    EXPECT_EQ(unknown.error().args.at("id"), std::to_string(id));
    EXPECT_EQ(unknown.error().field, "id");
  }
  finding.id = before.findings[0].id;
  finding.source_keys = {"s1", "missing"};
  auto bad_source = db().update_finding("sundsvall-2012", finding);
  ASSERT_FALSE(bad_source);
  EXPECT_EQ(bad_source.error().kind, ErrorKind::bad_input);
  EXPECT_EQ(bad_source.error().code, "unknown_source_key");
  EXPECT_EQ(bad_source.error().args.at("key"), "missing");

  auto no_evaluation = db().update_finding("nothing", before.findings[0]);
  ASSERT_FALSE(no_evaluation);
  EXPECT_EQ(no_evaluation.error().kind, ErrorKind::not_found);

  EXPECT_EQ(db().load_evaluation("sundsvall-2012").value().value(), before);
  EXPECT_EQ(audit().size(), audit_before);
}

// --- audit log

TEST_P(AccountsAuditTest, AnInsertedEvaluationIsOneEntryHoweverLarge) {
  db().set_actor("import");
  auto large = evaluation("vimmerby-2012", "1860");
  for (int i = 0; i < 300; ++i) {
    Finding finding;
    finding.area = 1 + i % 8;
    finding.kind = FindingKind::strength;
    finding.text = "Iakttagelse " + std::to_string(i);
    finding.source_keys = {"s1"};
    large.findings.push_back(finding);
    large.scores.push_back({ScoreTarget::question, "9." + std::to_string(i), "", 1, "", {}});
  }
  ASSERT_TRUE(db().insert_evaluation(large));
  auto entries = audit("vimmerby-2012");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].evaluation_id, "vimmerby-2012");
  EXPECT_EQ(entries[0].actor, "import");
  EXPECT_EQ(entries[0].entity, "evaluation");
  EXPECT_EQ(entries[0].key, "vimmerby-2012");
  EXPECT_EQ(entries[0].old_value, "");
  EXPECT_EQ(entries[0].new_value, "created");
  EXPECT_EQ(entries[0].at.size(), 20u); // 2024-05-01T12:00:00Z
  EXPECT_EQ(entries[0].at.back(), 'Z');

  // The fixture's evaluation was inserted before any actor was named.
  auto first = audit();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].actor, "unknown");
  EXPECT_EQ(first[0].entity, "evaluation");
}

TEST_P(AccountsAuditTest, EveryChangeIsRecordedWithItsActor) {
  const std::string id = "sundsvall-2012";
  ASSERT_TRUE(db().insert_user(user("bo", Role::peer), "h"));
  long added = 0;
  Finding finding;
  finding.area = 2;
  finding.kind = FindingKind::improvement;
  finding.text = "Tydligare delegation.";
  Finding updated;
  updated.id = m_first_finding;
  updated.area = 3;
  updated.kind = FindingKind::strength;
  updated.text = "Målen följs upp.";
  Source website;
  website.key = "web";
  website.kind = SourceKind::website;
  website.title = "sundsvall.se";

  // Each step: who acts, the change, and the entry it records ("{added}" stands for the new finding's id), or
  // none when nothing changes.
  struct Expected {
    std::string entity, key, old_value, new_value;
  };
  struct Step {
    std::string actor;
    std::function<Result<void>()> change;
    std::optional<Expected> entry;
  };
  const std::vector<Step> steps = {
      {"anna", [&] { return db().set_status(id, Status::final); }, Expected{"status", id, "draft", "final"}},
      {"anna", [&] { return db().set_status(id, Status::final); }, std::nullopt},
      {"anna", [&] { return db().add_source(id, website); }, Expected{"source", "web", "", "website: sundsvall.se"}},
      {"bo",
       [&]() -> Result<void> {
         auto stored = db().add_finding(id, finding);
         if (!stored) {
           return tl::unexpected(stored.error());
         }
         added = *stored;
         return {};
       },
       Expected{"finding", "{added}", "", "improvement: Tydligare delegation."}},
      {"bo", [&] { return db().update_finding(id, updated); },
       Expected{"finding", std::to_string(m_first_finding), "weakness: Ingen uppföljning av mål.",
                "strength: Målen följs upp."}},
      {"bo",
       [&] {
         return db().put_score(id, {ScoreTarget::area, "3", "", 40, "Som publicerat.", {}});
       },
       Expected{"score", "area/3", "", "40 — Som publicerat."}},
      {"bo",
       [&] {
         return db().put_score(id, {ScoreTarget::question, "1.1.1", "", 3, "", {}});
       },
       Expected{"score", "question/1.1.1", "2 — Dialog finns.", "3"}},
      {"bo",
       [&]() -> Result<void> {
         auto put = db().put_score_versioned(id, {ScoreTarget::question, "1.1.1", "Bo Berg", 1, "Egen.", {}}, 0);
         return put ? Result<void>{} : tl::unexpected(put.error());
       },
       Expected{"score", "question/1.1.1@Bo Berg", "", "1 — Egen."}},
      {"", [&] { return db().set_sharing(id, Sharing::shared); }, Expected{"sharing", id, "not_shared", "shared"}},
      {"", [&] { return db().set_sharing(id, Sharing::shared); }, std::nullopt},
      {"admin", [&] { return db().set_sharing(id, Sharing::not_shared); },
       Expected{"sharing", id, "shared", "not_shared"}},
      {"admin", [&] { return db().assign(id, "bo"); }, Expected{"assignment", "bo", "", "assigned"}},
      {"admin", [&] { return db().assign(id, "bo"); }, std::nullopt},
      {"admin", [&] { return db().unassign(id, "bo"); }, Expected{"assignment", "bo", "assigned", ""}},
      {"admin", [&] { return db().unassign(id, "bo"); }, std::nullopt},
      {"admin", [&] { return db().set_status(id, Status::published); }, Expected{"status", id, "final", "published"}},
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    SCOPED_TRACE("step " + std::to_string(i));
    auto before = audit();
    db().set_actor(step.actor);
    auto changed = step.change();
    ASSERT_TRUE(changed) << changed.error().code;
    auto after = audit();
    if (!step.entry) {
      EXPECT_EQ(after, before);
      continue;
    }
    ASSERT_EQ(after.size(), before.size() + 1);
    const auto& entry = after.back();
    EXPECT_GT(entry.id, before.back().id); // oldest first
    EXPECT_EQ(entry.evaluation_id, id);
    EXPECT_EQ(entry.actor, step.actor.empty() ? "unknown" : step.actor);
    EXPECT_EQ(entry.entity, step.entry->entity);
    EXPECT_EQ(entry.key, step.entry->key == "{added}" ? std::to_string(added) : step.entry->key);
    EXPECT_EQ(entry.old_value, step.entry->old_value);
    EXPECT_EQ(entry.new_value, step.entry->new_value);
    EXPECT_FALSE(entry.at.empty());
  }
}

TEST_P(AccountsAuditTest, AChangeThatIsUndoneLeavesNoEntry) {
  ASSERT_TRUE(db().insert_evaluation(evaluation("vimmerby-2012", "1860")));
  auto before = audit();
  // Refused changes record nothing.
  Finding bad;
  bad.area = 1;
  bad.text = "x";
  bad.source_keys = {"missing"};
  EXPECT_FALSE(db().add_finding("sundsvall-2012", bad));
  EXPECT_FALSE(db().put_score("sundsvall-2012", {ScoreTarget::question, "1.1.1", "", 0, "", {"missing"}}));
  EXPECT_FALSE(db().put_score_versioned("sundsvall-2012", {ScoreTarget::question, "1.1.1", "", 0, "", {}}, 7));
  Source taken;
  taken.key = "s1";
  EXPECT_FALSE(db().add_source("sundsvall-2012", taken));
  EXPECT_EQ(audit(), before);

  // A rolled-back transaction takes its entries with it.
  auto rolled_back = store::in_transaction(db(), [&]() -> Result<void> {
    if (auto changed = db().set_status("sundsvall-2012", Status::final); !changed) {
      return changed;
    }
    EXPECT_EQ(audit().size(), before.size() + 1); // visible inside
    return fail(ErrorKind::bad_input, "something_wrong");
  });
  EXPECT_FALSE(rolled_back);
  EXPECT_EQ(audit(), before);
  EXPECT_EQ(audit("vimmerby-2012").size(), 1u); // each evaluation has its own entries
  EXPECT_TRUE(audit("nothing").empty());
}

// --- messages and migrations

TEST(AccountsAuditMessages, NewStoreCodesAreInTheCatalogue) {
  for (auto language : {UiLanguage::sv, UiLanguage::en}) {
    auto known = catalogue(language);
    for (const char* code : {"score_version_conflict", "unknown_finding", "user_exists", "unknown_user",
                             "unknown_evaluation", "evaluation_not_found"}) {
      EXPECT_TRUE(known.contains(code)) << code;
    }
  }
  EXPECT_EQ(message(UiLanguage::en, "score_version_conflict", {{"current", "4"}}),
            "The score was changed by someone else (now version 4)");
  EXPECT_EQ(message(UiLanguage::sv, "score_version_conflict", {{"current", "4"}}),
            "Poängen har ändrats av någon annan (nu version 4)");
}

// A database made by an earlier version (migrations 1–3) with data in it gains the new tables and columns:
// its scores are at version 1, its evaluations not shared, and nothing is in the audit log.
TEST(AccountsAuditMigration, AnOlderDatabaseIsUpgradedWithItsData) {
  kompass::testing::TemporaryDirectory directory("upgrade-test");
  auto path = (directory.path() / "old.db").string();
  {
    auto db = store::sqlite::Database::open(path);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"));
    int version = 0;
    auto migrations = store::embedded_migrations(store::k_sqlite_migrations).value();
    for (const auto& entry : migrations) {
      if (++version > 3) {
        break;
      }
      ASSERT_TRUE(db->execute_script(entry.script)) << entry.name;
      ASSERT_TRUE(db->execute("INSERT INTO schema_migrations VALUES (" + std::to_string(version) +
                              ", '2024-01-01T00:00:00Z')"));
    }
    ASSERT_TRUE(db->execute_script(
        "INSERT INTO frameworks VALUES ('kommunkompassen-2010', '2010.1', 1, 'id: x', 'hash', '2024-01-01T00:00:00Z');"
        "INSERT INTO municipalities (id, country, code, name) VALUES (1, 'SE', '2281', 'Sundsvall');"
        "INSERT INTO evaluations (id, municipality_id, year, framework_id, framework_version, language, status, "
        "  granularity, created_at, updated_at) VALUES ('old-2012', 1, 2012, 'kommunkompassen-2010', '2010.1', "
        "  'sv', 'final', 'total', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');"
        "INSERT INTO scores (evaluation_id, target_kind, target_id, points, updated_at) "
        "  VALUES ('old-2012', 'total', 'total', 512, '2024-01-01T00:00:00Z');"));
  }
  auto opened = store::open_store(path);
  ASSERT_TRUE(opened) << opened.error().code << " "
                      << message(UiLanguage::en, opened.error().code, opened.error().args);
  auto& db = **opened;
  auto applied = db.applied_migrations().value();
  ASSERT_GE(applied.size(), 4u);
  EXPECT_EQ(applied[3].version, 4);
  EXPECT_EQ(db.score_versions("old-2012").value(), (std::vector<ScoreVersion>{{ScoreTarget::total, "total", "", 1}}));
  auto access = db.evaluation_access("old-2012").value();
  EXPECT_EQ(access.sharing, Sharing::not_shared);
  EXPECT_EQ(access.status, Status::final);
  EXPECT_TRUE(db.list_audit("old-2012").value().empty());
  EXPECT_TRUE(db.list_users().value().empty());
  EXPECT_EQ(db.put_score_versioned("old-2012", {ScoreTarget::total, "total", "", 520, "", {}}, 1).value(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsAuditTest, kompass::testing::all_backends(),
                         kompass::testing::backend_test_name);

} // namespace
