#pragma once

#include <optional>
#include <string>

#include "model/municipality.hpp"

namespace kompass::model {

// What a signed-in user may do: admin (users, frameworks, everything); evaluator (edits the evaluations
// assigned to them, creates evaluations); peer (an evaluator from another municipality, assigned to one
// evaluation); municipality (reads its own municipality's evaluations, drafts once shared with it).
enum class Role { admin, evaluator, peer, municipality };

// Whether an account may sign in.
enum class AccountState { active, disabled };

// A user account, without its password hash.
struct User {
  long id = 0; // store id; 0 until stored
  std::string username;
  std::string display_name;
  Role role = Role::evaluator;
  std::optional<MunicipalityRef> municipality; // set for the municipality role
  AccountState state = AccountState::active;
  std::string created_at; // ISO 8601 UTC
  bool operator==(const User&) const = default;
};

// One recorded change to an evaluation: who made it, when, to what, and the value before and after
// (empty when the thing was created or removed).
struct AuditEntry {
  long id = 0;
  std::string evaluation_id;
  std::string at;     // ISO 8601 UTC
  std::string actor;  // a username, "cli:<login>" or "import"
  std::string entity; // "evaluation", "status", "score", "finding", "source", "sharing", "assignment"
  std::string key;    // which one: "question/1.2.3", a finding id, a source key, …
  std::string old_value;
  std::string new_value;
  bool operator==(const AuditEntry&) const = default;
};

// "admin", "evaluator", "peer", "municipality".
const char* role_name(Role role);
// The role named by `text`, or nullopt.
std::optional<Role> parse_role(const std::string& text);

} // namespace kompass::model
